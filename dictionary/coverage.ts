/**
 * How well the dictionary covers a text (`cli coverage`): the words the segmenter emits, where their
 * gloss comes from (dictionary, civic lexicon, rule, composed from parts, none: a dead end), the civic
 * ones, how many occurrences of known civic terms the segmenter keeps whole and marks civic, and candidate
 * civic terms: recurring runs of 2-4 adjacent words whose joined form no dictionary has, the terms the
 * segmenter splits because the lexicon lacks them.
 * Pure: takes the core, so the CLI and tests measure exactly what the extension ships.
 */
import type { CivicCategory, DictEntry, Segment } from './types';
import { hasHan } from './han';

export interface CoverageCore {
  /** Words.lookup: dictionary entries, else one made by rule or composed. */
  words: { lookup(word: string): DictEntry[] };
  /** The dictionary's own entries (no made ones): tells a candidate term from a known one. */
  dictionary: { has(word: string): boolean };
  segmenter: { segment(text: string): Segment[] };
}

/** Where a word's gloss comes from: its first entry's source, 'dictionary' for CC-CEDICT, 'none' for a dead end. */
export type CoverageSource = 'dictionary' | 'civic' | 'rule' | 'composed' | 'none';
export const COVERAGE_SOURCES: readonly CoverageSource[] = ['dictionary', 'civic', 'rule', 'composed', 'none'];

export interface Coverage {
  /** Words with at least one Han character, counted with repeats. */
  tokens: number;
  distinct: number;
  /** Running words by the source of their gloss. */
  bySource: Record<CoverageSource, number>;
  /** Distinct words by the source of their gloss. */
  distinctBySource: Record<CoverageSource, number>;
  /** Words with no entry at all, not even a made one: word -> count. */
  deadEnds: Map<string, number>;
  /** Words made by rule or composed: word -> count. */
  made: Map<string, { source: 'rule' | 'composed'; count: number }>;
  /** Running words that have a civic entry, tag or family, and their distinct forms by category. */
  civicTokens: number;
  civicWords: Map<string, CivicCategory>;
  /**
   * Occurrences of known civic terms (`civicTerms`, found in the text leftmost-longest); how many the
   * segmenter keeps whole (no word boundary inside: one word is the term or holds it, 中央人民政府 holds
   * 人民政府), and of those how many are in a word marked civic; the terms cut by a boundary, with counts.
   */
  civicTerms: { occurrences: number; whole: number; civic: number; split: Map<string, number> };
  /** Runs of 2-4 adjacent words whose joined form has no entry, seen at least twice, most frequent first. */
  candidates: Array<{ term: string; parts: string[]; count: number }>;
}

/** Function words that begin or end a run but never a term: runs with one at an edge are no candidates. */
const EDGE_WORDS = new Set(
  '的 了 着 过 和 与 及 并 或 对 到 在 于 把 被 为 从 向 以 将 由 是 有 要 等 也 都 就 还 又 而 之 所 其 我们 我国 这 那 各 每 该 更 很 最 不 没有 已 已经 使 让 给'.split(
    ' ',
  ),
);
const HAN_ONLY = /^\p{Script=Han}+$/u;

function sourceOf(entries: readonly DictEntry[]): CoverageSource {
  const e = entries[0];
  if (!e) return 'none';
  return e.source === 'cedict' ? 'dictionary' : e.source;
}

/**
 * Known civic terms to look for in a text, as a matcher: the forms (simplified and traditional) of the
 * civic lexicon's headwords. Build it once (CivicTermIndex.from) and pass it to every coverage call.
 */
export class CivicTermIndex {
  private readonly byFirst = new Map<string, string[]>();

  constructor(forms: Iterable<string>) {
    for (const f of forms) {
      if ([...f].length < 2) continue;
      const list = this.byFirst.get(f[0]!) ?? [];
      if (!list.includes(f)) list.push(f);
      this.byFirst.set(f[0]!, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
  }

  /** Leftmost-longest occurrences of the terms in `text`: [start, end) pairs. */
  find(text: string): Segment[] {
    const out: Segment[] = [];
    for (let i = 0; i < text.length; ) {
      const list = this.byFirst.get(text[i]!);
      const hit = list?.find((f) => text.startsWith(f, i));
      if (hit) {
        out.push({ start: i, end: i + hit.length });
        i += hit.length;
      } else i++;
    }
    return out;
  }
}

export function coverage(core: CoverageCore, text: string, minCount = 2, civicTerms: CivicTermIndex | null = null): Coverage {
  const known = new Map<string, DictEntry[]>();
  const entries = (w: string): DictEntry[] => {
    let e = known.get(w);
    if (!e) known.set(w, (e = core.words.lookup(w)));
    return e;
  };
  const zero = () => Object.fromEntries(COVERAGE_SOURCES.map((s) => [s, 0])) as Record<CoverageSource, number>;
  const result: Coverage = {
    tokens: 0,
    distinct: 0,
    bySource: zero(),
    distinctBySource: zero(),
    deadEnds: new Map(),
    made: new Map(),
    civicTokens: 0,
    civicWords: new Map(),
    civicTerms: { occurrences: 0, whole: 0, civic: 0, split: new Map() },
    candidates: [],
  };
  const seen = new Set<string>();
  const runs = new Map<string, { parts: string[]; count: number }>();
  /** The Han segments, and which of them are civic words (for civicTerms). */
  const starts: number[] = [];
  const ends: number[] = [];
  const civicAt: boolean[] = [];
  // Words of the current run of adjacent Han-only words (punctuation, digits and spaces end a run).
  let run: string[] = [];
  let runEnd = -1;
  for (const s of core.segmenter.segment(text)) {
    const w = text.slice(s.start, s.end);
    if (!hasHan(w)) {
      run = [];
      continue;
    }
    result.tokens++;
    const e = entries(w);
    const source = sourceOf(e);
    result.bySource[source]++;
    if (!seen.has(w)) {
      seen.add(w);
      result.distinct++;
      result.distinctBySource[source]++;
    }
    if (source === 'none') result.deadEnds.set(w, (result.deadEnds.get(w) ?? 0) + 1);
    if (source === 'rule' || source === 'composed') {
      const m = result.made.get(w);
      if (m) m.count++;
      else result.made.set(w, { source, count: 1 });
    }
    const civic = e.find((x) => x.civic)?.civic;
    if (civic) {
      result.civicTokens++;
      result.civicWords.set(w, civic.category);
    }
    starts.push(s.start);
    ends.push(s.end);
    civicAt.push(civic !== undefined);
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
  if (civicTerms) {
    let k = 0;
    for (const t of civicTerms.find(text)) {
      result.civicTerms.occurrences++;
      // The segment that holds the term's first character (terms come in text order).
      while (k < starts.length && ends[k]! <= t.start) k++;
      if (k < starts.length && starts[k]! <= t.start && ends[k]! >= t.end) {
        result.civicTerms.whole++;
        if (civicAt[k]) result.civicTerms.civic++;
      } else {
        const term = text.slice(t.start, t.end);
        result.civicTerms.split.set(term, (result.civicTerms.split.get(term) ?? 0) + 1);
      }
    }
  }
  for (const [term, r] of runs) {
    if (r.count < minCount || EDGE_WORDS.has(r.parts[0]!) || EDGE_WORDS.has(r.parts[r.parts.length - 1]!)) continue;
    if (core.dictionary.has(term)) continue;
    result.candidates.push({ term, parts: r.parts, count: r.count });
  }
  result.candidates.sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
  return result;
}
