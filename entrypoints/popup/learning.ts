/**
 * The popup's learning view of a page glossary (issue 12), pure: each row's level and the reader's state
 * of it, the level groups the list can be narrowed to, the comprehension share, what "hide known" leaves,
 * and the words "I've read this page" marks. Tested without a browser (tests/popup/learning.test.ts).
 *
 * Comprehension, as LingQ shows it: the share of the page's running words (every occurrence counts, a
 * word met ten times counts ten times) that the reader knows. Known AND ignored words count as known:
 * ignoring is for names and noise the reader reads past, so they are no longer part of what is left to
 * learn (in LingQ too an ignored word stops being a new word). Learning words do not count (they are what
 * is being learnt). Plain numbers
 * and dates (rows made by rule that are not civic terms: 2024年, 三百) are not words to learn and are left
 * out of both sides, as they are of "I've read this page".
 */
import { levelBadge, type HskLevel, type HskStandard, type LevelBadge, type WordLevel } from '../../dictionary/levels/levels';
import type { GlossaryListRow as Row } from '../../dictionary/glossary/view';
import type { WordState } from '../../utils/knowledge/model';

/** What a row needs here (GlossaryListRow has it). */
export type LearningRow = Pick<Row, 'simplified' | 'count' | 'civic' | 'common' | 'made'>;

/** A plain number or date made by rule ("2024年", "三百余"): no word to learn, not counted. */
export function isPlainNumber(row: LearningRow): boolean {
  return row.made === 'rule' && row.common && !row.civic;
}

/**
 * A row's level badge: "HSK 3" of the reader's standard (else the other standard's, with its year), the
 * civic category for a civic term neither lists, null otherwise. `levelOf` null: levels not loaded.
 */
export function rowBadge(row: LearningRow, levelOf: ((word: string) => WordLevel | null) | null, standard: HskStandard): LevelBadge | null {
  return levelBadge(levelOf ? levelOf(row.simplified) : null, row.civic?.category ?? null, standard);
}

/** The level groups of the list's level filter: an HSK level, or no HSK level (civic terms and the rest). */
export type LevelGroup = HskLevel | 'none';

export const LEVEL_GROUPS: readonly LevelGroup[] = [1, 2, 3, 4, 5, 6, 7, 'none'];

export function levelGroupOf(badge: LevelBadge | null): LevelGroup {
  return badge?.kind === 'hsk' ? badge.level : 'none';
}

export function levelGroupLabel(group: LevelGroup): string {
  if (group === 'none') return 'No HSK level';
  return group === 7 ? 'HSK 7–9' : `HSK ${group}`;
}

/** Distinct words (rows) of each level group, plain numbers left out. */
export function levelCounts<R extends LearningRow>(rows: readonly R[], badgeOf: (row: R) => LevelBadge | null): Map<LevelGroup, number> {
  const out = new Map<LevelGroup, number>(LEVEL_GROUPS.map((g) => [g, 0]));
  for (const r of rows) {
    if (isPlainNumber(r)) continue;
    const g = levelGroupOf(badgeOf(r));
    out.set(g, out.get(g)! + 1);
  }
  return out;
}

export interface Comprehension {
  /** Running words (occurrences) of the page by the reader's state, plain numbers left out. */
  known: number;
  ignored: number;
  learning: number;
  new: number;
  total: number;
  /** (known + ignored) / total, from 0 to 1; null for a page without words. */
  share: number | null;
  /**
   * Distinct words (each counted once) still new and being learnt: what the popup shows beside the share,
   * comparable with the summary's distinct words and with what "I've read this page" marks.
   */
  words: { new: number; learning: number };
}

/** The comprehension share of the page (see the top of this file for what counts). */
export function comprehension(rows: readonly LearningRow[], stateOf: (word: string) => WordState): Comprehension {
  const c: Comprehension = { known: 0, ignored: 0, learning: 0, new: 0, total: 0, share: null, words: { new: 0, learning: 0 } };
  for (const r of rows) {
    if (isPlainNumber(r)) continue;
    const state = stateOf(r.simplified);
    c[state] += r.count;
    c.total += r.count;
    if (state === 'new' || state === 'learning') c.words[state] += 1;
  }
  c.share = c.total === 0 ? null : (c.known + c.ignored) / c.total;
  return c;
}

/** "87 %" (floored: a page is not "100 %" known while a word of it is not). */
export function shareText(share: number | null): string {
  if (share === null) return '–';
  return `${Math.floor(share * 100)} %`;
}

export interface LearningFilter {
  /** Hide words the reader knows or ignored. */
  hideKnown: boolean;
  /** Only words of this level group; null: every level. */
  level: LevelGroup | null;
}

/**
 * The rows a learning filter leaves. `stateOf` null: states not read (yet, or unreadable), so nothing is
 * hidden as known; `badgeOf` gives null for every row while levels are not loaded.
 */
export function learningFilter<R extends LearningRow>(
  rows: readonly R[],
  filter: LearningFilter,
  stateOf: ((word: string) => WordState) | null,
  badgeOf: (row: R) => LevelBadge | null,
): R[] {
  if (!filter.hideKnown && filter.level === null) return rows as R[];
  return rows.filter((r) => {
    if (filter.hideKnown && stateOf) {
      const s = stateOf(r.simplified);
      if (s === 'known' || s === 'ignored') return false;
    }
    return filter.level === null || levelGroupOf(badgeOf(r)) === filter.level;
  });
}

/**
 * The words "I've read this page" marks known: every word of the page still new (the very common ones
 * too, they are on the page; plain numbers and dates are no words to learn). The background marks them
 * with `onlyNew`, so a word saved or marked in between keeps its state.
 */
export function readPageWords(rows: readonly LearningRow[], stateOf: (word: string) => WordState): string[] {
  const out: string[] = [];
  for (const r of rows) if (!isPlainNumber(r) && stateOf(r.simplified) === 'new') out.push(r.simplified);
  return out;
}
