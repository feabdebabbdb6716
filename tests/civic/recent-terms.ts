/**
 * The list of recent civic terms (tests/civic/recent-terms.txt) and how the shipped core handles them:
 * does a term have a civic entry (civic lexicon, or a family made by rule), and does the segmenter keep
 * it whole in a sentence. Used by recent-terms-report.ts (the figures) and the tests (the list's shape).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RECENT_TERMS_PATH = fileURLToPath(new URL('./recent-terms.txt', import.meta.url));
export const REGIONS = ['PRC', 'HK', 'MO', 'TW'] as const;
export type Region = (typeof REGIONS)[number];

export interface RecentTerm {
  term: string;
  region: Region;
  year: number;
  line: number;
}

export function readRecentTerms(text = readFileSync(RECENT_TERMS_PATH, 'utf8')): RecentTerm[] {
  const out: RecentTerm[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [term, region, year, ...rest] = line.split('\t');
    if (!term || !REGIONS.includes(region as Region) || !/^20\d\d$/.test(year ?? '') || rest.length > 0) {
      throw new Error(`recent-terms.txt:${i + 1}: expected term<TAB>region (${REGIONS.join('/')})<TAB>year`);
    }
    out.push({ term, region: region as Region, year: Number(year), line: i + 1 });
  });
  return out;
}

interface CoreLike {
  words: { lookup(word: string): Array<{ source: string; civic: unknown }> };
  segmenter: { segment(text: string): Array<{ start: number; end: number }> };
}

export interface TermResult extends RecentTerm {
  /** Where its civic entry comes from ('civic' lexicon, 'rule' family, 'tag' on a CC-CEDICT word), or null. */
  civic: 'civic' | 'rule' | 'tag' | null;
  /** The segmenter emits it as one word inside a sentence. */
  whole: boolean;
  /** The words the segmenter makes of it there when it is not whole. */
  split: string[];
}

/** Each term in a plain sentence of its script: 近日，X受到关注。 */
export function checkRecentTerms(core: CoreLike, terms: readonly RecentTerm[]): TermResult[] {
  return terms.map((t) => {
    const traditional = t.region !== 'PRC';
    const [before, after] = traditional ? ['近日，', '受到關注。'] : ['近日，', '受到关注。'];
    const text = `${before}${t.term}${after}`;
    const from = before.length;
    const to = from + t.term.length;
    const segs = core.segmenter.segment(text).filter((s) => s.end > from && s.start < to);
    const whole = segs.length === 1 && segs[0]!.start === from && segs[0]!.end === to;
    const entries = core.words.lookup(t.term);
    const withCivic = entries.find((e) => e.civic);
    const civic = !withCivic ? null : withCivic.source === 'civic' ? 'civic' : withCivic.source === 'rule' ? 'rule' : 'tag';
    const split = whole ? [] : segs.map((s) => text.slice(s.start, s.end));
    return { ...t, civic, whole, split };
  });
}
