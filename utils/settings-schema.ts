/**
 * The reader's settings: their types, defaults, limits, and how a stored value is read (sanitised and
 * migrated) and written (only what differs from the default). Pure: no storage, no DOM. utils/settings.ts
 * puts it in `storage.sync`; the settings page, the content script and the background read it there.
 *
 * Stored shape (storage.sync, two items, see docs/ARCHITECTURE.md):
 *   settings: { v: 1, ...fields that differ from the default }   (nested objects: only changed members)
 *   sites:    { v: 1, hosts: { "example.com": "off", ... } }     (the per-site list; grows, so apart)
 *
 * Reading never throws and never lets a bad value through: each field is checked on its own; a value
 * that is missing takes the default silently, one that is there but cannot be read (wrong type, out of
 * range, unknown choice) takes the default and is reported as a sentence (`problems`). Writing changes
 * only the fields written and keeps every other stored field as it was, including ones this version
 * cannot read (a newer Dubao synced from another machine may have written them): nothing of the
 * reader's is dropped by a read.
 */
import { actionLabel, conflicts, defaultKeyBindings, displayBinding, isKeyAction, normaliseBinding, type KeyBindings } from './keys';

export const SETTINGS_VERSION = 1;
/** storage.sync's limit per item (QUOTA_BYTES_PER_ITEM, Chrome and Firefox): key length + JSON length. */
export const SYNC_ITEM_LIMIT = 8192;

export type HoverTrigger = 'always' | 'alt' | 'ctrl' | 'shift';
export type PinyinDisplay = 'marks' | 'numbers' | 'zhuyin' | 'hidden';
export type ToneScheme = 'none' | 'standard' | 'pleco' | 'hanping' | 'custom';
export type ScriptFirst = 'simplified' | 'traditional' | 'page';
export type Theme = 'light' | 'dark' | 'system';
export type SiteMode = 'on' | 'off';
/** Speech varieties the voice choice knows (utils/speech.ts). */
export type SpeechVariety = 'zh-CN' | 'zh-TW' | 'zh-HK';
/** Which HSK list the card shows a word's level from (issue 12): GF0025-2021 or the 2025 syllabus. */
export type HskStandardSetting = 2021 | 2025;
/** Which words pinyin over the page annotates. */
export type PagePinyinFilter = 'all' | 'level' | 'civic' | 'unknown';

/** Five colours, tones 1-4 and neutral, as #rrggbb. */
export type TonePalette = [string, string, string, string, string];

export interface Settings {
  /** When a card opens: on hover, or only while a modifier key is held. */
  hoverTrigger: HoverTrigger;
  /** How long the pointer rests on a word before its card opens, in ms. */
  hoverDelayMs: number;
  pinyin: PinyinDisplay;
  toneColors: {
    scheme: ToneScheme;
    /** Used when scheme is 'custom'. */
    custom: TonePalette;
    /** Colour the characters of the headword too, not only the pinyin. */
    onCharacters: boolean;
  };
  /** Which form the card shows first. 'page': the form written on the page. */
  script: ScriptFirst;
  /** Card body text size in CSS px. */
  cardFontSize: number;
  /** Senses shown per reading before "more"; 0 shows all. */
  maxSenses: number;
  theme: Theme;
  keys: KeyBindings;
  /** Per-site switch: host -> on/off; a host not listed follows the on/off default (enabledItem). */
  sites: Record<string, SiteMode>;
  /** Chosen voice per variety (voice name as the browser gives it); null: the best installed one. */
  voices: Record<SpeechVariety, string | null>;
  /** Speech rate, 1 = normal. */
  speechRate: number;
  /** New review cards introduced per day (issue 12's review page). */
  newCardsPerDay: number;
  /** The HSK standard whose level the card shows (the other one only when this one lacks the word). */
  hskStandard: HskStandardSetting;
  /** Pinyin over the page: which words get a reading; `level`: words above this HSK level (1-6). */
  pagePinyin: { filter: PagePinyinFilter; level: number };
  /**
   * Unknown words coloured on pages (issue 12; off unless the reader turns it on: page scripts can read
   * the highlights, see docs/ARCHITECTURE.md). Two colours, #rrggbb, drawn translucent under the text.
   */
  unknownWords: { mark: boolean; newColour: string; learningColour: string };
}

/** Choices and limits, shared by the sanitiser and the settings page's controls. */
export const CHOICES = {
  hoverTrigger: ['always', 'alt', 'ctrl', 'shift'],
  pinyin: ['marks', 'numbers', 'zhuyin', 'hidden'],
  toneScheme: ['none', 'standard', 'pleco', 'hanping', 'custom'],
  script: ['simplified', 'traditional', 'page'],
  theme: ['light', 'dark', 'system'],
  siteMode: ['on', 'off'],
  hskStandard: [2025, 2021],
  pagePinyinFilter: ['all', 'level', 'civic', 'unknown'],
} as const satisfies Record<string, readonly (string | number)[]>;

export const LIMITS = {
  hoverDelayMs: { min: 0, max: 1000, step: 10 },
  cardFontSize: { min: 11, max: 24, step: 1 },
  maxSenses: { min: 0, max: 50, step: 1 },
  speechRate: { min: 0.5, max: 2, step: 0.1 },
  newCardsPerDay: { min: 0, max: 500, step: 1 },
  pagePinyinLevel: { min: 1, max: 6, step: 1 },
} as const;

export const SPEECH_VARIETIES: readonly SpeechVariety[] = ['zh-CN', 'zh-TW', 'zh-HK'];

/**
 * Default hover delay. 120 ms before issue 13; the measurement in tests/bench/hover-delay.ts (see
 * docs/ARCHITECTURE.md, "Hover delay") sets it.
 */
export const DEFAULT_HOVER_DELAY_MS = 50;

/** The standard palette's colours, as the custom palette starts from them (utils/tone-colours.ts). */
const CUSTOM_START: TonePalette = ['#d1302f', '#a55d00', '#2b7f2b', '#2a5cc7', '#666f78'];

export function defaultSettings(): Settings {
  return {
    hoverTrigger: 'always',
    hoverDelayMs: DEFAULT_HOVER_DELAY_MS,
    pinyin: 'marks',
    toneColors: { scheme: 'standard', custom: [...CUSTOM_START], onCharacters: false },
    script: 'page',
    cardFontSize: 14,
    maxSenses: 0,
    theme: 'system',
    keys: defaultKeyBindings(),
    sites: {},
    voices: { 'zh-CN': null, 'zh-TW': null, 'zh-HK': null },
    speechRate: 1,
    newCardsPerDay: 20,
    hskStandard: 2025,
    pagePinyin: { filter: 'all', level: 3 },
    unknownWords: { mark: false, newColour: '#ffc933', learningColour: '#5aaeff' },
  };
}

/** Top-level fields in the `settings` item (all but `sites`, which has its own item). */
export type StoredField = Exclude<keyof Settings, 'sites'>;
export const STORED_FIELDS: readonly StoredField[] = [
  'hoverTrigger',
  'hoverDelayMs',
  'pinyin',
  'toneColors',
  'script',
  'cardFontSize',
  'maxSenses',
  'theme',
  'keys',
  'voices',
  'speechRate',
  'newCardsPerDay',
  'hskStandard',
  'pagePinyin',
  'unknownWords',
];

/** Names of the fields as the settings page calls them (for problem sentences). */
const FIELD_NAMES: Record<keyof Settings, string> = {
  hoverTrigger: 'when the card opens',
  hoverDelayMs: 'hover delay',
  pinyin: 'pinyin display',
  toneColors: 'tone colours',
  script: 'script shown first',
  cardFontSize: 'card font size',
  maxSenses: 'senses shown',
  theme: 'theme',
  keys: 'keys',
  sites: 'per-site list',
  voices: 'voices',
  speechRate: 'speech rate',
  newCardsPerDay: 'new review cards per day',
  hskStandard: 'HSK standard',
  pagePinyin: 'pinyin over the page',
  unknownWords: 'unknown words on pages',
};

// ---------------------------------------------------------------------------------------------------
// Reading

export interface SettingsProblem {
  /** Which setting: a field name, or "keys.save", "sites.example.com"... */
  field: string;
  /** One sentence for the reader. */
  message: string;
}

export interface ReadSettings {
  settings: Settings;
  /** What was stored but could not be used (the default was used instead); empty when all is well. */
  problems: SettingsProblem[];
  /** Version of the stored `settings` item (0: nothing stored). Newer than ours: read what we know. */
  storedVersion: number;
}

type Migration = (stored: Record<string, unknown>) => Record<string, unknown>;
/**
 * MIGRATIONS[n] turns a version-n `settings` item into version n+1 (pure, on read; the background writes
 * the result back once, see settings.ts `migrateStoredSettings`). Version 1 is the first.
 * Example for a future version 2 that renames hoverDelay to hoverDelayMs:
 *   1: ({ hoverDelay, ...rest }) => (hoverDelay === undefined ? rest : { ...rest, hoverDelayMs: hoverDelay })
 */
export const MIGRATIONS: Record<number, Migration> = {};

/** The `settings` item migrated to SETTINGS_VERSION (an item from a newer version is left as it is). */
export function migrateSettingsItem(
  raw: Record<string, unknown>,
  migrations: Record<number, Migration> = MIGRATIONS,
  target = SETTINGS_VERSION,
): Record<string, unknown> {
  let v = typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v >= 1 ? raw.v : 1;
  let out = raw;
  while (v < target) {
    const step = migrations[v];
    if (step) out = step(out);
    v++;
    out = { ...out, v };
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(x: unknown): string {
  try {
    const s = typeof x === 'string' ? JSON.stringify(x) : (JSON.stringify(x) ?? String(x));
    return s.length > 40 ? `${s.slice(0, 37)}…` : s;
  } catch {
    return String(x);
  }
}

/**
 * Reads what `storage.sync` holds (`settingsItem`, `sitesItem`: the raw values, any type) into complete
 * settings. Never throws.
 */
export function readSettings(settingsItem: unknown, sitesItem: unknown): ReadSettings {
  const settings = defaultSettings();
  const problems: SettingsProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  let storedVersion = 0;

  if (settingsItem !== undefined && settingsItem !== null) {
    if (!isRecord(settingsItem)) {
      problem(
        'settings',
        `The stored settings (${show(settingsItem)}) are not a set of settings; the defaults are used, and what is stored is kept.`,
      );
    } else {
      storedVersion = typeof settingsItem.v === 'number' ? settingsItem.v : 1;
      const item = migrateSettingsItem(settingsItem);
      for (const field of STORED_FIELDS) {
        if (!(field in item) || item[field] === undefined) continue;
        readField(settings, field, item[field], (b) => problem(b.field, readMessage(b)));
      }
      // Two actions on one key (rebind never stores that; a hand-edited or foreign item may): the key
      // stays with the first action in table order, the second has none until the reader picks one.
      for (const [first, second, key] of conflicts(settings.keys)) {
        problem(
          `keys.${second}`,
          `${displayBinding(key)} is stored as the key of both “${actionLabel(first)}” and “${actionLabel(second)}”; it is kept for the first, and the second has no key.`,
        );
        settings.keys[second] = null;
      }
    }
  }

  if (sitesItem !== undefined && sitesItem !== null) {
    const hosts = isRecord(sitesItem) && isRecord(sitesItem.hosts) ? sitesItem.hosts : null;
    if (!hosts) {
      problem(
        'sites',
        `The stored per-site list (${show(sitesItem)}) cannot be read; every site follows the default, and what is stored is kept.`,
      );
    } else {
      for (const [host, mode] of Object.entries(hosts)) {
        const site = normaliseSite(host);
        if (!site) problem(`sites.${host}`, `“${show(host)}” in the per-site list is not a site name; it is ignored.`);
        else if (mode !== 'on' && mode !== 'off')
          problem(`sites.${host}`, `The per-site setting of ${site} (${show(mode)}) is neither on nor off; the site follows the default.`);
        else settings.sites[site] = mode;
      }
    }
  }
  return { settings, problems, storedVersion };
}

/**
 * A value that cannot be used: `what` names the setting, `valid` says what it must be, `fallback` what
 * is used instead. Reading turns it into "The stored X (value) is not VALID; FALLBACK is used.", a patch
 * into "X must be VALID."
 */
interface Bad {
  field: string;
  what: string;
  value: unknown;
  valid: string;
  fallback: string;
}
type Report = (bad: Bad) => void;

function readMessage(b: Bad): string {
  return `The stored ${b.what} (${show(b.value)}) is not ${b.valid}; ${b.fallback} is used.`;
}

function patchMessage(b: Bad): string {
  return `${b.what[0]!.toUpperCase()}${b.what.slice(1)} must be ${b.valid}.`;
}

function readChoice<T extends string>(value: unknown, choices: readonly T[]): T | undefined {
  return typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : undefined;
}

function readNumber(value: unknown, limits: { min: number; max: number }, integer: boolean): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (integer && !Number.isInteger(value)) return undefined;
  return value >= limits.min && value <= limits.max ? value : undefined;
}

const HEX = /^#[0-9a-f]{6}$/i;

const CHOICE_TEXT: Record<'hoverTrigger' | 'pinyin' | 'script' | 'theme', string> = {
  hoverTrigger: 'always, alt, ctrl or shift',
  pinyin: 'marks, numbers, zhuyin or hidden',
  script: 'simplified, traditional or page',
  theme: 'light, dark or system',
};

const NUMBER_TEXT: Record<'hoverDelayMs' | 'cardFontSize' | 'maxSenses' | 'speechRate' | 'newCardsPerDay', string> = {
  hoverDelayMs: `a whole number of milliseconds from ${LIMITS.hoverDelayMs.min} to ${LIMITS.hoverDelayMs.max}`,
  cardFontSize: `a whole number of pixels from ${LIMITS.cardFontSize.min} to ${LIMITS.cardFontSize.max}`,
  maxSenses: `a whole number from ${LIMITS.maxSenses.min} (all) to ${LIMITS.maxSenses.max}`,
  speechRate: `a number from ${LIMITS.speechRate.min} to ${LIMITS.speechRate.max}`,
  newCardsPerDay: `a whole number from ${LIMITS.newCardsPerDay.min} to ${LIMITS.newCardsPerDay.max}`,
};

function readField(s: Settings, field: StoredField, value: unknown, report: Report): void {
  const what = FIELD_NAMES[field];
  switch (field) {
    case 'hoverTrigger':
    case 'pinyin':
    case 'script':
    case 'theme': {
      const choices = CHOICES[field === 'hoverTrigger' ? 'hoverTrigger' : field] as readonly string[];
      const v = readChoice(value, choices);
      if (v === undefined) report({ field, what, value, valid: CHOICE_TEXT[field], fallback: `the default (${s[field]})` });
      else (s as unknown as Record<string, unknown>)[field] = v;
      return;
    }
    case 'hoverDelayMs':
    case 'cardFontSize':
    case 'maxSenses':
    case 'speechRate':
    case 'newCardsPerDay': {
      const v = readNumber(value, LIMITS[field], field !== 'speechRate');
      if (v === undefined) report({ field, what, value, valid: NUMBER_TEXT[field], fallback: `the default (${s[field]})` });
      else s[field] = v;
      return;
    }
    case 'toneColors': {
      if (!isRecord(value)) {
        report({ field, what, value, valid: 'a set of tone colour choices', fallback: 'the standard scheme' });
        return;
      }
      if (value.scheme !== undefined) {
        const scheme = readChoice(value.scheme, CHOICES.toneScheme);
        if (scheme === undefined)
          report({
            field: 'toneColors.scheme',
            what: 'tone colour scheme',
            value: value.scheme,
            valid: 'none, standard, pleco, hanping or custom',
            fallback: `the ${s.toneColors.scheme} scheme`,
          });
        else s.toneColors.scheme = scheme;
      }
      if (value.onCharacters !== undefined) {
        if (typeof value.onCharacters === 'boolean') s.toneColors.onCharacters = value.onCharacters;
        else
          report({
            field: 'toneColors.onCharacters',
            what: 'choice of tone colours on the characters',
            value: value.onCharacters,
            valid: 'true or false',
            fallback: `${s.toneColors.onCharacters}`,
          });
      }
      if (value.custom !== undefined) {
        const c = value.custom;
        if (Array.isArray(c) && c.length === 5 && c.every((x) => typeof x === 'string' && HEX.test(x))) {
          s.toneColors.custom = c.map((x: string) => x.toLowerCase()) as TonePalette;
        } else {
          report({
            field: 'toneColors.custom',
            what: 'custom tone colours',
            value: c,
            valid: 'five colours written #rrggbb',
            fallback: 'the starting palette',
          });
        }
      }
      return;
    }
    case 'keys': {
      if (!isRecord(value)) {
        report({ field, what, value, valid: 'a table of keys', fallback: 'the default table' });
        return;
      }
      for (const [action, binding] of Object.entries(value)) {
        if (!isKeyAction(action)) continue; // a newer version's action: kept in storage, unknown here
        if (binding === null) {
          s.keys[action] = null;
          continue;
        }
        const n = typeof binding === 'string' ? normaliseBinding(binding) : null;
        if (n === null)
          report({
            field: `keys.${action}`,
            what: `key for “${actionLabel(action)}”`,
            value: binding,
            valid: 'a key Dubao can use',
            fallback: `the current key (${s.keys[action] ?? 'none'})`,
          });
        else s.keys[action] = n;
      }
      return;
    }
    case 'hskStandard': {
      if (value === 2021 || value === 2025) s.hskStandard = value;
      else report({ field, what, value, valid: '2021 or 2025', fallback: `the default (${s.hskStandard})` });
      return;
    }
    case 'pagePinyin': {
      if (!isRecord(value)) {
        report({ field, what, value, valid: 'a set of choices', fallback: 'all words' });
        return;
      }
      if (value.filter !== undefined) {
        const f = readChoice(value.filter, CHOICES.pagePinyinFilter);
        if (f === undefined)
          report({
            field: 'pagePinyin.filter',
            what: 'choice of words for pinyin over the page',
            value: value.filter,
            valid: 'all, level, civic or unknown',
            fallback: `“${s.pagePinyin.filter}”`,
          });
        else s.pagePinyin.filter = f;
      }
      if (value.level !== undefined) {
        const l = readNumber(value.level, LIMITS.pagePinyinLevel, true);
        if (l === undefined)
          report({
            field: 'pagePinyin.level',
            what: 'HSK level for pinyin over the page',
            value: value.level,
            valid: `a whole number from ${LIMITS.pagePinyinLevel.min} to ${LIMITS.pagePinyinLevel.max}`,
            fallback: `level ${s.pagePinyin.level}`,
          });
        else s.pagePinyin.level = l;
      }
      return;
    }
    case 'unknownWords': {
      if (!isRecord(value)) {
        report({ field, what, value, valid: 'a set of choices', fallback: 'no colouring' });
        return;
      }
      if (value.mark !== undefined) {
        if (typeof value.mark === 'boolean') s.unknownWords.mark = value.mark;
        else
          report({
            field: 'unknownWords.mark',
            what: 'choice of colouring unknown words',
            value: value.mark,
            valid: 'true or false',
            fallback: `${s.unknownWords.mark}`,
          });
      }
      for (const k of ['newColour', 'learningColour'] as const) {
        if (value[k] === undefined) continue;
        const c = value[k];
        if (typeof c === 'string' && HEX.test(c)) s.unknownWords[k] = c.toLowerCase();
        else
          report({
            field: `unknownWords.${k}`,
            what: k === 'newColour' ? 'colour of new words' : 'colour of words being learnt',
            value: c,
            valid: 'a colour written #rrggbb',
            fallback: s.unknownWords[k],
          });
      }
      return;
    }
    case 'voices': {
      if (!isRecord(value)) {
        report({ field, what, value, valid: 'a voice per variety', fallback: 'the best installed voice' });
        return;
      }
      for (const [variety, name] of Object.entries(value)) {
        if (!(SPEECH_VARIETIES as readonly string[]).includes(variety)) continue;
        if (name === null || (typeof name === 'string' && name.length > 0 && name.length <= 200)) s.voices[variety as SpeechVariety] = name;
        else
          report({
            field: `voices.${variety}`,
            what: `${variety} voice`,
            value: name,
            valid: 'a voice name',
            fallback: 'the best installed voice',
          });
      }
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Writing

/** A change to settings: any top-level fields; nested objects may be partial. `sites` is separate. */
export type SettingsPatch = Partial<Omit<Settings, 'sites' | NestedField>> & {
  toneColors?: Partial<Settings['toneColors']>;
  keys?: Partial<KeyBindings>;
  voices?: Partial<Settings['voices']>;
  pagePinyin?: Partial<Settings['pagePinyin']>;
  unknownWords?: Partial<Settings['unknownWords']>;
};

/** Settings that are objects, changed member by member. */
export const NESTED_FIELDS = ['toneColors', 'keys', 'voices', 'pagePinyin', 'unknownWords'] as const;
export type NestedField = (typeof NESTED_FIELDS)[number];

export function isNestedField(field: string): field is NestedField {
  return (NESTED_FIELDS as readonly string[]).includes(field);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Checks a patch field by field with the same rules as reading; the first bad value is refused with a
 * sentence (the settings page shows it), nothing is half-applied. Keys must not conflict with the
 * resulting table (use keys.ts `rebind` to get a message naming the other action).
 */
export function checkPatch(current: Settings, patch: SettingsPatch): Checked<Settings> {
  const next: Settings = structuredClone(current);
  const errors: string[] = [];
  const report: Report = (b) => errors.push(patchMessage(b));
  for (const field of STORED_FIELDS) {
    const value = (patch as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (isNestedField(field)) {
      if (!isRecord(value)) return { ok: false, error: `The ${FIELD_NAMES[field]} must be given as a set of values.` };
      readField(next, field, { ...(value as object) }, report);
    } else {
      readField(next, field, value, report);
    }
  }
  if (errors.length > 0) return { ok: false, error: errors[0]! };
  const bad = conflicts(next.keys);
  if (bad.length > 0) {
    const [a, b, key] = bad[0]!;
    return { ok: false, error: `${key} would be the key for both “${actionLabel(a)}” and “${actionLabel(b)}”.` };
  }
  return { ok: true, value: next };
}

/** Deep equality for the JSON-like values settings hold. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The new `settings` item for `next`: the stored item with the fields the reader changed (`touched`:
 * "hoverDelayMs", or "keys" / "keys.save" for a whole nested field or one member) written as their
 * difference from the default (dropped when equal). Every other stored value stays exactly as it was,
 * also one this version cannot read or does not know (a newer version's): nothing is lost by a write.
 */
export function settingsItemFor(next: Settings, storedItem: unknown, touched: ReadonlySet<string>): Record<string, unknown> {
  const base = isRecord(storedItem) ? migrateSettingsItem(storedItem) : {};
  const defaults = defaultSettings();
  const out: Record<string, unknown> = { ...base, v: Math.max(SETTINGS_VERSION, typeof base.v === 'number' ? base.v : 0) };
  for (const field of STORED_FIELDS) {
    const value: unknown = next[field];
    const def: unknown = defaults[field];
    if (isRecord(value) && isRecord(def)) {
      const storedSub = isRecord(base[field]) ? (base[field] as Record<string, unknown>) : null;
      // A nested field stored as something else than an object is replaced only when changed as a whole.
      if (base[field] !== undefined && !storedSub && !touched.has(field)) continue;
      const sub: Record<string, unknown> = { ...(storedSub ?? {}) };
      for (const k of Object.keys(def)) {
        if (!touched.has(field) && !touched.has(`${field}.${k}`)) continue;
        if (same(value[k], def[k])) delete sub[k];
        else sub[k] = value[k];
      }
      if (Object.keys(sub).length > 0) out[field] = sub;
      else delete out[field];
    } else {
      if (!touched.has(field)) continue;
      if (same(value, def)) delete out[field];
      else out[field] = value;
    }
  }
  return out;
}

/** The `sites` item for a host list; unknown members of the stored item are kept. */
export function sitesItemFor(sites: Record<string, SiteMode>, storedItem: unknown): Record<string, unknown> {
  const base = isRecord(storedItem) ? storedItem : {};
  const hosts: Record<string, SiteMode> = {};
  for (const host of Object.keys(sites).sort()) hosts[host] = sites[host]!;
  return { ...base, v: 1, hosts };
}

/** Bytes storage.sync counts for an item (its key plus its JSON), to stay under SYNC_ITEM_LIMIT. */
export function syncItemSize(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

// ---------------------------------------------------------------------------------------------------
// Sites

/**
 * A site name from what the reader typed or a page address: the host name, lower-case, without "www."
 * and without port ("https://www.Example.com:8080/a" -> "example.com"). Null when there is no host
 * (file:, about:, extension pages) or the text is not a host name.
 */
export function normaliseSite(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (text === '' || text.length > 253) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text)) text = `http://${text}`;
  let host: string;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    host = url.hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  if (host === '' || !/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(host) || host.startsWith('.') || host.includes('..')) return null;
  return host;
}

/**
 * The per-site rule for a page: the rule of its host or of the nearest parent domain listed
 * ("news.example.com" follows "example.com" unless listed itself); 'default' when none.
 */
export function siteModeFor(sites: Readonly<Record<string, SiteMode>>, url: string): SiteMode | 'default' {
  const site = normaliseSite(url);
  if (!site) return 'default';
  for (let host = site; ; ) {
    const mode = sites[host];
    if (mode) return mode;
    const dot = host.indexOf('.');
    if (dot < 0) return 'default';
    host = host.slice(dot + 1);
  }
}

/** Whether Dubao acts on a page: its site's rule, else the on/off default (the toolbar switch). */
export function isActiveOn(sites: Readonly<Record<string, SiteMode>>, enabled: boolean, url: string): boolean {
  const mode = siteModeFor(sites, url);
  return mode === 'default' ? enabled : mode === 'on';
}

/** Which fields differ between two settings (for watchers that apply only what changed). */
export function changedFields(a: Settings, b: Settings): Array<keyof Settings> {
  return (Object.keys(a) as Array<keyof Settings>).filter((k) => !same(a[k], b[k]));
}
