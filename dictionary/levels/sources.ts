/**
 * Parsers of the HSK word lists shipped in dictionary/levels/data (see its README.md). Pure functions from
 * text to words and levels: the build (build-levels.ts) and the tests use them; nothing here runs in the
 * extension.
 */
import { isAllHan } from '../han';

/** A level of either standard: 1–6, or 7 for the one band "7–9". */
export type HskLevel = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface ListedWord {
  /** The line or row as the list writes it ("没（有）", "本1"). */
  listed: string;
  /** The simplified words it stands for after normalisation (["没", "没有"], ["本"]). */
  words: string[];
  level: HskLevel;
  /** The reading the list gives (the 2021 list's Pinyin column, as written: "dōngxi", "Běijīng"); the 2025 lists give none. */
  pinyin?: string;
}

/** True for a string of Han characters only (and 〇): dictionary/han.ts. */
export const isHanWord = isAllHan;

/**
 * The words one line of the 2025 syllabus stands for:
 * - a trailing sense number goes ("本1", "本2" are both 本);
 * - an optional part in parentheses, full-width or not, gives the word with and without it
 *   ("没（有）" → 没, 没有; "有（一）点儿" → 有点儿, 有一点儿);
 * - variants separated by ｜, |, ／ or / are each a word.
 * Anything that is still not a Han word is dropped (the caller counts those).
 */
export function normaliseListed(line: string): string[] {
  const text = line
    .replace(/^\uFEFF/, '')
    .trim()
    .normalize('NFC');
  if (!text) return [];
  const out: string[] = [];
  for (const variant of text.split(/[｜|／/]/)) {
    const v = variant.trim().replace(/[0-9０-９]+$/u, '');
    if (!v) continue;
    for (const form of expandOptional(v)) {
      if (isHanWord(form) && !out.includes(form)) out.push(form);
    }
  }
  return out;
}

/** Every spelling of `s` with each parenthesised part left in or out (at most a few per line). */
function expandOptional(s: string): string[] {
  const m = /[（(]([^）)]*)[）)]/u.exec(s);
  if (!m) return [s];
  const before = s.slice(0, m.index);
  const after = s.slice(m.index + m[0].length);
  const rest = expandOptional(after);
  return [...rest.map((r) => before + r), ...rest.map((r) => before + m[1] + r)];
}

/** Level name in a 2025 file name or a 2021 row: "1" … "6", "7-9" / "7–9". */
export function parseLevelName(name: string): HskLevel | null {
  const t = name.trim();
  if (/^7\s*[-–~]\s*9$/.test(t)) return 7;
  if (/^[1-6]$/.test(t)) return Number(t) as HskLevel;
  return null;
}

/**
 * One file of the 2025 syllabus (one listed word a line) at `level`. Returns the listed words and the
 * lines that normalised to nothing (with their 1-based line numbers).
 */
export function parseHsk2025(text: string, level: HskLevel): { words: ListedWord[]; dropped: Array<[number, string]> } {
  const words: ListedWord[] = [];
  const dropped: Array<[number, string]> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const forms = normaliseListed(line);
    if (forms.length === 0) dropped.push([i + 1, line]);
    else words.push({ listed: line.trim(), words: forms, level });
  });
  return { words, dropped };
}

/**
 * The 2021 standard (GF0025-2021) as hsk30-words.csv: columns ID, Simplified, Traditional, Pinyin, POS,
 * Level, one row per written form (爸爸 and 爸 are two rows of one ID). No field holds a comma or a
 * quote (checked: such a row is reported as dropped).
 */
export function parseHsk2021(text: string): { words: ListedWord[]; dropped: Array<[number, string]> } {
  const words: ListedWord[] = [];
  const dropped: Array<[number, string]> = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const head = lines[0]?.split(',') ?? [];
  const col = (name: string) => head.indexOf(name);
  const [cs, cl, cp] = [col('Simplified'), col('Level'), col('Pinyin')];
  if (cs < 0 || cl < 0) throw new Error('hsk30-words.csv: expected the columns Simplified and Level');
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const f = line.split(',');
    const level = parseLevelName(f[cl] ?? '');
    const forms = level && f.length === head.length && !line.includes('"') ? normaliseListed(f[cs] ?? '') : [];
    if (!level || forms.length === 0) {
      dropped.push([i + 2, line]);
      return;
    }
    const pinyin = cp >= 0 ? f[cp]?.trim() : undefined;
    words.push({ listed: f[cs]!, words: forms, level, ...(pinyin ? { pinyin } : {}) });
  });
  return { words, dropped };
}

/** Word → lowest level at which any listed line names it (本1 at level 1 and 本2 at level 3: level 1). */
export function lowestLevels(lists: readonly ListedWord[]): Map<string, HskLevel> {
  const out = new Map<string, HskLevel>();
  for (const item of lists) {
    for (const w of item.words) {
      const old = out.get(w);
      if (old === undefined || item.level < old) out.set(w, item.level);
    }
  }
  return out;
}

/**
 * News prose mostly writes 一点, 一会, 有点 where the lists write the erhua forms 一点儿, 一会儿, 有点儿.
 * For each listed word ending in 儿 that `isErhua` confirms (CC-CEDICT reads its 儿 as "r5": not 女儿,
 * 婴儿), the form without 儿 gets the same level when the list does not name that form itself.
 * Returns a new map; the number of forms added is `added`.
 */
export function withErhuaBases(
  levels: ReadonlyMap<string, HskLevel>,
  isErhua: (word: string) => boolean,
): { levels: Map<string, HskLevel>; added: number } {
  const out = new Map(levels);
  let added = 0;
  for (const [word, level] of levels) {
    if (!word.endsWith('儿') || word.length < 2 || !isErhua(word)) continue;
    const base = word.slice(0, -1);
    if (levels.has(base)) continue;
    const old = out.get(base);
    if (old === undefined) added++;
    if (old === undefined || level < old) out.set(base, level);
  }
  return { levels: out, added };
}
