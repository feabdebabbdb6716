/**
 * The reader's settings declared: their types, the choices and limits of each, the defaults, the names
 * the settings page gives them, and what a change may hold. Pure: no storage, no DOM. The other modules
 * of the settings build on it:
 *   utils/settings-items.ts  the two storage.sync items read into settings (sanitised, migrated, each
 *                            problem a sentence) and written back (only what differs from the default)
 *   utils/settings-check.ts  the rules one stored or changed value must follow, and its sentences
 *   utils/site-rules.ts      site names and the per-site on/off rule of a page
 *   utils/settings.ts        all of it in `storage.sync`; the settings page, the content script and the
 *                            background read it there
 */
import { defaultKeyBindings, type KeyBindings } from './keys';

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
export const FIELD_NAMES: Record<keyof Settings, string> = {
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

/** Deep equality for the JSON-like values settings hold. */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Which fields differ between two settings (for watchers that apply only what changed). */
export function changedFields(a: Settings, b: Settings): Array<keyof Settings> {
  return (Object.keys(a) as Array<keyof Settings>).filter((k) => !same(a[k], b[k]));
}
