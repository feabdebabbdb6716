/**
 * How one value of a setting is checked (utils/settings-schema.ts declares the settings): the rules of
 * each field (`readField`: a choice, a number within its limits, a colour, a key, a voice...) and the
 * sentence that names a value that breaks them. The same rules serve reading what storage holds (the
 * default is used instead, `readMessage`) and checking a change the reader makes (it is refused,
 * `patchMessage`); utils/settings-items.ts does both. Pure.
 */
import { actionLabel, isKeyAction, normaliseBinding } from './keys';
import {
  CHOICES,
  FIELD_NAMES,
  LIMITS,
  SPEECH_VARIETIES,
  type Settings,
  type SpeechVariety,
  type StoredField,
  type TonePalette,
} from './settings-schema';

/** A plain object: not null, not an array. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A value as a problem sentence quotes it: JSON, cut to 40 characters. */
export function show(x: unknown): string {
  try {
    const s = typeof x === 'string' ? JSON.stringify(x) : (JSON.stringify(x) ?? String(x));
    return s.length > 40 ? `${s.slice(0, 37)}…` : s;
  } catch {
    return String(x);
  }
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
export type Report = (bad: Bad) => void;

export function readMessage(b: Bad): string {
  return `The stored ${b.what} (${show(b.value)}) is not ${b.valid}; ${b.fallback} is used.`;
}

export function patchMessage(b: Bad): string {
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

/**
 * Sets `field` of `s` to `value` when the rules allow it; a value they refuse is reported, and `s` keeps
 * what it had.
 */
export function readField(s: Settings, field: StoredField, value: unknown, report: Report): void {
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
