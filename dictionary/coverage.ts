/**
 * How well the dictionary covers a text (`cli coverage`): the words the segmenter emits, those with no
 * entry (dead ends), the civic ones, and candidate civic terms: recurring runs of 2-4 adjacent words
 * whose joined form has no entry, the terms the segmenter splits because the lexicon lacks them.
 * Pure: takes the core, so the CLI and tests measure exactly what the extension ships.
 */
import type { CivicCategory, DictEntry, Segment } from './types';

export interface CoverageCore {
  dictionary: { lookup(word: string): DictEntry[] };
  segmenter: { segment(text: string): Segment[] };
}

export interface Coverage {
  /** Words with at least one Han character, counted with repeats. */
  tokens: number;
  distinct: number;
  /** Words with no entry at all: word -> count. */
  deadEnds: Map<string, number>;
  /** Running words that have a civic entry or tag, and their distinct forms by category. */
  civicTokens: number;
  civicWords: Map<string, CivicCategory>;
  /** Runs of 2-4 adjacent words whose joined form has no entry, seen at least twice, most frequent first. */
  candidates: Array<{ term: string; parts: string[]; count: number }>;
}

const HAN = /\p{Script=Han}/u;
/** Function words that begin or end a run but never a term: runs with one at an edge are no candidates. */
const EDGE_WORDS = new Set(
  '的 了 着 过 和 与 及 并 或 对 到 在 于 把 被 为 从 向 以 将 由 是 有 要 等 也 都 就 还 又 而 之 所 其 我们 我国 这 那 各 每 该 更 很 最 不 没有 已 已经 使 让 给'.split(' '),
);
const HAN_ONLY = /^\p{Script=Han}+$/u;

export function coverage(core: CoverageCore, text: string, minCount = 2): Coverage {
  const known = new Map<string, DictEntry[]>();
  const entries = (w: string): DictEntry[] => {
    let e = known.get(w);
    if (!e) known.set(w, (e = core.dictionary.lookup(w)));
    return e;
  };
  const result: Coverage = { tokens: 0, distinct: 0, deadEnds: new Map(), civicTokens: 0, civicWords: new Map(), candidates: [] };
  const seen = new Set<string>();
  const runs = new Map<string, { parts: string[]; count: number }>();
  // Words of the current run of adjacent Han-only words (punctuation, digits and spaces end a run).
  let run: string[] = [];
  let runEnd = -1;
  for (const s of core.segmenter.segment(text)) {
    const w = text.slice(s.start, s.end);
    if (!HAN.test(w)) {
      run = [];
      continue;
    }
    result.tokens++;
    if (!seen.has(w)) {
      seen.add(w);
      result.distinct++;
    }
    const e = entries(w);
    if (e.length === 0) result.deadEnds.set(w, (result.deadEnds.get(w) ?? 0) + 1);
    const civic = e.find((x) => x.civic)?.civic;
    if (civic) {
      result.civicTokens++;
      result.civicWords.set(w, civic.category);
    }
    if (!HAN_ONLY.test(w) || s.start !== runEnd) run = [];
    runEnd = s.end;
    if (!HAN_ONLY.test(w)) continue;
    run.push(w);
    if (run.length > 4) run.shift();
    for (let n = 2; n <= run.length; n++) {
      const parts = run.slice(run.length - n);
      const term = parts.join('');
      const r = runs.get(term);
      if (r) r.count++;
      else runs.set(term, { parts, count: 1 });
    }
  }
  for (const [term, r] of runs) {
    if (r.count < minCount || EDGE_WORDS.has(r.parts[0]!) || EDGE_WORDS.has(r.parts[r.parts.length - 1]!)) continue;
    if (entries(term).length > 0) continue;
    result.candidates.push({ term, parts: r.parts, count: r.count });
  }
  result.candidates.sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
  return result;
}
