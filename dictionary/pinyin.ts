/**
 * Pinyin helpers: CC-CEDICT's numbered syllables ("zhong1 guo2") to tone marks ("zhōng guó") and back,
 * and tone numbers per syllable for tone colours. Pure string work, no tables beyond the vowels.
 */

const COMBINING_TONE = ['', '\u0304', '\u0301', '\u030C', '\u0300'];
const NUMBERED = /^([A-Za-zÜü:]+?)([1-5])$/;
const VOWEL = /[aeiouüAEIOUÜ]/;

/** True for a numbered syllable such as "zhong1", "nu:3", "r5", "ng2". */
export function isNumberedSyllable(token: string): boolean {
  return NUMBERED.test(token);
}

/**
 * Where the tone mark goes: on a or e when present, on the o of "ou", otherwise on the last vowel
 * (which also covers "iu" -> iù and "ui" -> uì). Syllables without a vowel (m, n, ng, hm) carry the mark
 * on their first nasal letter.
 */
function markIndex(base: string): number {
  const lower = base.toLowerCase();
  const a = lower.indexOf('a');
  if (a >= 0) return a;
  const e = lower.indexOf('e');
  if (e >= 0) return e;
  const ou = lower.indexOf('ou');
  if (ou >= 0) return ou;
  for (let i = lower.length - 1; i >= 0; i--) if (VOWEL.test(lower[i]!)) return i;
  const nasal = lower.search(/[mn]/);
  return nasal;
}

/** Tokens converted so far: a dictionary has ~1,700 distinct ones and a page's lookups repeat them. */
const marked = new Map<string, string>();

/** One numbered token to tone marks; tokens that are not numbered syllables come back unchanged. */
export function syllableToMarks(token: string): string {
  let out = marked.get(token);
  if (out === undefined) {
    out = toMarks(token);
    if (marked.size >= 20_000) marked.clear();
    marked.set(token, out);
  }
  return out;
}

function toMarks(token: string): string {
  const m = NUMBERED.exec(token);
  if (!m) return token;
  const base = m[1]!.replace(/u:/g, 'ü').replace(/U:/g, 'Ü');
  if (base.includes(':')) return token;
  const tone = Number(m[2]);
  if (tone === 5) return base;
  const at = markIndex(base);
  if (at < 0) return token;
  return (base.slice(0, at + 1) + COMBINING_TONE[tone] + base.slice(at + 1)).normalize('NFC');
}

/** A CC-CEDICT cross-reference's reading inside a sense: "[bu4]", "[wang4 bu5 liao3]", "[Bei3 jing1]". */
const REFERENCE_READING = /\[((?:[A-Za-z:]+[1-5] ?)+)\]/g;

/**
 * The numbered readings of cross-references inside a sense, as tone marks: "variant of 咱[zan2]" ->
 * "variant of 咱[zán]", "see 忘不了[wang4 bu5 liao3]" -> "see 忘不了[wàng bu liǎo]". Text in brackets
 * that is not all numbered syllables ("[a2]" is, "[sic]" is not) is left as it is.
 */
export function referencesToMarks(sense: string): string {
  if (!sense.includes('[')) return sense;
  return sense.replace(REFERENCE_READING, (whole, reading: string) => {
    const tokens = reading.trim().split(' ');
    return tokens.every(isNumberedSyllable) ? `[${tokens.map(syllableToMarks).join(' ')}]` : whole;
  });
}

/**
 * "Zhong1 guo2 ren2" -> "Zhōng guó rén". Tokens separated by whitespace; non-syllable tokens (letters,
 * digits, "·", ",") pass through. The result has single spaces between tokens.
 */
export function numberedToMarks(numbered: string): string {
  return splitTokens(numbered).map(syllableToMarks).join(' ');
}

/** Tone of one numbered token: 1-4, 5 for neutral, 0 for a token that is not a syllable. */
export function toneOfNumbered(token: string): number {
  const m = NUMBERED.exec(token);
  return m ? Number(m[2]) : 0;
}

/**
 * A token in tone marks split into its letters without the tone mark (NFC: ü stays ü) and the tone the
 * mark gives: 1-4, 0 when it carries none. The one place that reads tone marks: toneOfMarked,
 * marksToNumbered, the zhuyin and tone-number display, search and sorting all go through it.
 */
export function splitToneMark(token: string): { bare: string; mark: number } {
  const decomposed = token.normalize('NFD');
  let mark = 0;
  for (let t = 1; t <= 4 && mark === 0; t++) if (decomposed.includes(COMBINING_TONE[t]!)) mark = t;
  return { bare: mark === 0 ? token.normalize('NFC') : decomposed.replace(TONE_MARKS, '').normalize('NFC'), mark };
}

const TONE_MARKS = /[\u0300\u0301\u0304\u030C]/g;

/** Number of tone marks in a token (a well-formed syllable has 0 or 1). */
export function toneMarkCount(token: string): number {
  return token.normalize('NFD').match(TONE_MARKS)?.length ?? 0;
}
const ALL_COMBINING = /[\u0300-\u036f]/g;

/** Tone of one syllable in tone marks: 1-4 from its mark, 5 when unmarked pinyin, 0 for other tokens. */
export function toneOfMarked(syllable: string): number {
  const { bare, mark } = splitToneMark(syllable);
  if (mark !== 0) return mark;
  return isPlainSyllable(bare) ? 5 : 0;
}

/** Letters of a reading for searching without tones: "Zhèng fǔ" -> "zhengfu", "lǜ" -> "lv" (ü as v, as typed). */
export function tonelessKey(pinyin: string): string {
  return letters(pinyin.toLowerCase()).replace(/[^a-z/]/g, '');
}

/** A reading with tone numbers, for searching: "zhèng fǔ" -> "zheng4fu3", "lǜ" -> "lv4" (a neutral tone has none). */
export function numberedKey(pinyin: string): string {
  let out = '';
  for (const syl of pinyin.toLowerCase().split(/\s+/)) {
    const { bare, mark } = splitToneMark(syl);
    out += letters(bare) + (mark ? String(mark) : '');
  }
  return out;
}

/** Without any diacritic, ü (and CC-CEDICT's u:) as v. */
function letters(s: string): string {
  return s
    .normalize('NFD')
    .replace(/u\u0308|u:|U\u0308|U:/g, 'v')
    .replace(ALL_COMBINING, '');
}

export interface ToneSyllable {
  /** The syllable in tone marks (or the token as it is, when it is not pinyin). */
  text: string;
  /** 1-4, 5 neutral, 0 not a syllable (letters, digits, punctuation). */
  tone: number;
}

/** Syllables of a numbered reading with their tones, e.g. for tone colours. */
export function tonesOfNumbered(numbered: string): ToneSyllable[] {
  return splitTokens(numbered).map((t) => ({ text: syllableToMarks(t), tone: toneOfNumbered(t) }));
}

/** Syllables of a reading in tone marks with their tones. */
export function tonesOfMarked(marked: string): ToneSyllable[] {
  return splitTokens(marked).map((t) => ({ text: t, tone: toneOfMarked(t) }));
}

/**
 * Tone marks back to numbered form: "sān yán" -> "san1 yan2", "de" -> "de5", "lǜ" -> "lu:4". Tokens
 * that are not lower-case pinyin without marks ("5G", "A", "·") are kept, as CC-CEDICT writes them.
 */
export function marksToNumbered(marked: string): string {
  return splitTokens(marked)
    .map((token) => {
      const split = splitToneMark(token);
      const bare = split.bare;
      let tone = split.mark;
      if (tone === 0) {
        if (!isPlainSyllable(bare)) return token;
        tone = 5;
      }
      return bare.replace(/ü/g, 'u:').replace(/Ü/g, 'U:') + tone;
    })
    .join(' ');
}

const INITIAL = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?';
const FINAL = '(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua|uo|ui|un|ün|üe|ue|a|e|i|o|u|ü)';
const PLAIN_SYLLABLE = new RegExp(`^(?:${INITIAL}${FINAL}|m|n|ng|hm|hng|r)$`, 'i');

/** A lower-case token spelled like a pinyin syllable (without tone); capital single letters are Latin. */
function isPlainSyllable(token: string): boolean {
  const t = token.normalize('NFC');
  if (t !== t.toLowerCase() && !/^[A-ZÜ][a-zü]+$/.test(t)) return false;
  return PLAIN_SYLLABLE.test(t);
}

function splitTokens(s: string): string[] {
  const trimmed = s.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}
