/**
 * Pinyin as the reader chose to see it (settings `pinyin`): tone marks, tone numbers or zhuyin
 * (bopomofo), one syllable at a time with its tone for tone colours. Builds on pinyin.ts (which reads
 * CC-CEDICT's numbered syllables and tone marks); pure string work, no DOM.
 *
 * Zhuyin follows the Taiwan Ministry of Education's spelling: tone marks ˊ ˇ ˋ after the syllable, none
 * for the first tone, the neutral tone as ˙ before it; the empty rime of zhi chi shi ri zi ci si is not
 * written (ㄓ ㄔ ㄕ ㄖ ㄗ ㄘ ㄙ); erhua is ㄦ after the syllable's tone mark, whether CC-CEDICT writes it
 * as its own syllable ("nǎ r" -> ㄋㄚˇ ㄦ) or joined ("huār" -> ㄏㄨㄚㄦ).
 */
import { splitToneMark, toneOfNumbered } from './pinyin';

export type PinyinMode = 'marks' | 'numbers' | 'zhuyin';

export interface DisplaySyllable {
  /** The syllable as shown. */
  text: string;
  /** 1-4, 5 neutral, 0 not a syllable (letters, digits, punctuation): for tone colours. */
  tone: number;
}

export interface ParsedSyllable {
  /** Lower-case, without tone, ü written ü: "zhong", "lü", "r". */
  base: string;
  /** 1-4, 5 neutral. */
  tone: number;
  /** The syllable ends in an erhua r joined to it ("huar" -> base "hua", erhua true). */
  erhua: boolean;
}

const INITIALS: Record<string, string> = {
  b: 'ㄅ',
  p: 'ㄆ',
  m: 'ㄇ',
  f: 'ㄈ',
  d: 'ㄉ',
  t: 'ㄊ',
  n: 'ㄋ',
  l: 'ㄌ',
  g: 'ㄍ',
  k: 'ㄎ',
  h: 'ㄏ',
  j: 'ㄐ',
  q: 'ㄑ',
  x: 'ㄒ',
  zh: 'ㄓ',
  ch: 'ㄔ',
  sh: 'ㄕ',
  r: 'ㄖ',
  z: 'ㄗ',
  c: 'ㄘ',
  s: 'ㄙ',
};

/** Finals in their full written form (after an initial, or with y/w restored to i/u/ü). */
const FINALS: Record<string, string> = {
  a: 'ㄚ',
  o: 'ㄛ',
  e: 'ㄜ',
  ê: 'ㄝ',
  ai: 'ㄞ',
  ei: 'ㄟ',
  ao: 'ㄠ',
  ou: 'ㄡ',
  an: 'ㄢ',
  en: 'ㄣ',
  ang: 'ㄤ',
  eng: 'ㄥ',
  er: 'ㄦ',
  ong: 'ㄨㄥ',
  i: 'ㄧ',
  ia: 'ㄧㄚ',
  io: 'ㄧㄛ',
  ie: 'ㄧㄝ',
  iai: 'ㄧㄞ',
  iao: 'ㄧㄠ',
  iu: 'ㄧㄡ',
  iou: 'ㄧㄡ',
  ian: 'ㄧㄢ',
  in: 'ㄧㄣ',
  iang: 'ㄧㄤ',
  ing: 'ㄧㄥ',
  iong: 'ㄩㄥ',
  u: 'ㄨ',
  ua: 'ㄨㄚ',
  uo: 'ㄨㄛ',
  uai: 'ㄨㄞ',
  ui: 'ㄨㄟ',
  uei: 'ㄨㄟ',
  uan: 'ㄨㄢ',
  un: 'ㄨㄣ',
  uen: 'ㄨㄣ',
  uang: 'ㄨㄤ',
  ueng: 'ㄨㄥ',
  ü: 'ㄩ',
  üe: 'ㄩㄝ',
  üan: 'ㄩㄢ',
  ün: 'ㄩㄣ',
};

/** y- and w- spellings of syllables without an initial, to their finals. */
const ZERO_INITIAL: Record<string, string> = {
  yi: 'i',
  ya: 'ia',
  yo: 'io',
  ye: 'ie',
  yai: 'iai',
  yao: 'iao',
  you: 'iu',
  yan: 'ian',
  yin: 'in',
  yang: 'iang',
  ying: 'ing',
  yong: 'iong',
  yu: 'ü',
  yue: 'üe',
  yuan: 'üan',
  yun: 'ün',
  wu: 'u',
  wa: 'ua',
  wo: 'uo',
  wai: 'uai',
  wei: 'ui',
  wan: 'uan',
  wen: 'un',
  wang: 'uang',
  weng: 'ueng',
};

/** Syllables that are not initial + final. */
const SPECIAL: Record<string, string> = { m: 'ㄇ', n: 'ㄋ', ng: 'ㄫ', hm: 'ㄏㄇ', hng: 'ㄏㄫ', ê: 'ㄝ', e: 'ㄜ', er: 'ㄦ', r: 'ㄦ' };

const ZHUYIN_TONE = ['', '', 'ˊ', 'ˇ', 'ˋ'];
const NEUTRAL_DOT = '˙';

/**
 * A syllable in tone marks ("zhōng", "lǜ", "Běi", "huār", "de") or numbered ("zhong1", "lu:4", "lv4",
 * "r5") into its parts; null for tokens that are not a syllable ("A", "5G", "·", "，").
 */
export function parseSyllable(token: string): ParsedSyllable | null {
  if (token === '') return null;
  let tone: number;
  let bare: string;
  const numbered = /^([A-Za-zÜüÊê:]+)([1-5])$/.exec(token);
  if (numbered) {
    tone = toneOfNumbered(token);
    bare = numbered[1]!;
  } else {
    const split = splitToneMark(token);
    tone = split.mark;
    // Unmarked: lower-case pinyin only, or a capitalised name syllable; "A", "OK" are Latin letters.
    if (tone === 0 && !/^[a-züê]+$|^[A-ZÜ][a-züê]+$/.test(token)) return null;
    bare = split.bare;
    if (tone === 0) tone = 5;
  }
  const base = bare.toLowerCase().replace(/u:/g, 'ü').replace(/v/g, 'ü');
  if (zhuyinOfBase(base) !== null) return { base, tone, erhua: false };
  if (base.length > 2 && base.endsWith('r') && zhuyinOfBase(base.slice(0, -1)) !== null)
    return { base: base.slice(0, -1), tone, erhua: true };
  return null;
}

/** Zhuyin of a toneless syllable, or null when it is not one. */
function zhuyinOfBase(base: string): string | null {
  const special = SPECIAL[base];
  if (special) return special;
  const zero = ZERO_INITIAL[base];
  if (zero !== undefined) return FINALS[zero] ?? null;
  if (/^[yw]/.test(base)) return null;
  const initial = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])/.exec(base)?.[1];
  if (!initial) return FINALS[base] ?? null; // a, e, ou, ang...: syllables that are a final alone
  let final = base.slice(initial.length);
  if (final === '') return null;
  // zhi chi shi ri zi ci si: the vowel is not written.
  if (final === 'i' && /^(zh|ch|sh|r|z|c|s)$/.test(initial)) return INITIALS[initial]!;
  // After j q x, u is ü.
  if (/^[jqx]$/.test(initial) && final.startsWith('u')) final = `ü${final.slice(1)}`;
  // nüe, lüe are also written nue, lue.
  if ((initial === 'n' || initial === 'l') && final === 'ue') final = 'üe';
  const f = FINALS[final];
  if (f === undefined) return null;
  // j q x take only i- and ü- finals; zh ch sh r z c s and the labials no ü.
  if (/^[jqx]$/.test(initial) && !/^[iü]/.test(final)) return null;
  if (final.startsWith('ü') && !/^[nljqx]$/.test(initial)) return null;
  return INITIALS[initial]! + f;
}

/** One syllable in zhuyin; a token that is not a syllable comes back as it is. */
export function syllableToZhuyin(token: string): string {
  const s = parseSyllable(token);
  if (!s) return token;
  const body = zhuyinOfBase(s.base)!;
  if (s.base === 'r') return 'ㄦ'; // erhua written as its own syllable
  const er = s.erhua ? 'ㄦ' : '';
  return s.tone === 5 ? `${NEUTRAL_DOT}${body}${er}` : `${body}${ZHUYIN_TONE[s.tone]}${er}`;
}

/** One syllable with its tone number ("zhōng" -> "zhong1", "lǜ" -> "lü4", "de" -> "de5", "huār" -> "huar1"). */
export function syllableToNumbers(token: string): string {
  const s = parseSyllable(token);
  if (!s) return token;
  const capital = /^[A-ZÜ]/.test(token.normalize('NFD'));
  const word = (s.base === 'r' ? 'r' : s.base) + (s.erhua ? 'r' : '');
  return (capital ? word[0]!.toUpperCase() + word.slice(1) : word) + s.tone;
}

function tokens(s: string): string[] {
  const t = s.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/** A reading in tone marks (DictEntry.pinyin, "zhōng guó") as syllables in the chosen mode, with tones. */
export function displaySyllables(marked: string, mode: PinyinMode): DisplaySyllable[] {
  return tokens(marked).map((t) => {
    const s = parseSyllable(t);
    const tone = s ? s.tone : 0;
    const text = mode === 'marks' || !s ? t : mode === 'numbers' ? syllableToNumbers(t) : syllableToZhuyin(t);
    return { text, tone };
  });
}

/** A reading in tone marks as one string in the chosen mode ("zhōng guó" -> "ㄓㄨㄥ ㄍㄨㄛˊ"). */
export function formatPinyin(marked: string, mode: PinyinMode): string {
  return displaySyllables(marked, mode)
    .map((s) => s.text)
    .join(' ');
}
