/**
 * Search and order of the study page, made for large lists (issue 10: 30,000 words, ≤ 50 ms a keystroke):
 * what a query compares against is derived once per item (pinyin without tones, numbered pinyin, the
 * senses, notes and sentences as lower-case text) and kept while the item is unchanged, so a keystroke
 * only runs `includes` and one regular expression over prepared strings.
 *
 * What matches (the popup glossary's rules, plus notes and sentences): a query with Chinese characters
 * matches the word's forms, its sentences and notes; pinyin with tone marks (zhèngfǔ) or tone numbers
 * (zheng4fu3) matches the pinyin exactly so; other Latin text matches pinyin without tones (zhengfu),
 * the start of an English word in the senses (revital -> revitalize), or the notes.
 */
import { civicCategoryRank } from '../../dictionary/civic/categories';
import { pinyinSortKey, type StudySort } from './sort';
import type { StudyItem } from './types';
import { englishWordStart, markedKey, numberedQuery, queryMode } from '../../dictionary/glossary/search';
import { numberedKey, tonelessKey } from '../../dictionary/pinyin';

interface Prepared {
  /** Forms, sentences and notes (for queries in characters). */
  han: string;
  marked: string;
  bare: string;
  numbered: string;
  senses: string;
  notes: string;
}

const prepared = new WeakMap<StudyItem, Prepared>();

function prepare(it: StudyItem): Prepared {
  let p = prepared.get(it);
  if (!p) {
    p = {
      han: [it.simplified, it.traditional, ...it.contexts.map((c) => c.sentence), it.notes].join('\n'),
      marked: markedKey(it.pinyin),
      bare: tonelessKey(it.pinyin),
      numbered: numberedKey(it.pinyin),
      senses: it.definitions.join('\n'),
      notes: it.notes.toLowerCase(),
    };
    prepared.set(it, p);
  }
  return p;
}

export { queryMode };

/**
 * Whether every item `next` matches also matched `prev`, so that `next` can be searched among the
 * items `prev` found (typing on narrows a search): same rules, and `next` extends `prev`.
 */
export function narrows(prev: string, next: string): boolean {
  const p = prev.trim();
  const n = next.trim();
  return p !== '' && n.startsWith(p) && queryMode(p) === queryMode(n);
}

/**
 * The items of a list, with their search fields in arrays of their own (made once per list): a
 * keystroke then runs over plain strings, without a lookup per item. `search` narrows the previous
 * result when the query only grew.
 */
export class StudySearch {
  private readonly fields: Prepared[];
  private last: { query: string; hits: number[] } | null = null;

  constructor(readonly items: readonly StudyItem[]) {
    this.fields = items.map(prepare);
  }

  search(query: string): StudyItem[] {
    const q = query.trim();
    if (!q) {
      this.last = null;
      return this.items as StudyItem[];
    }
    const test = fieldMatcher(q);
    const from = this.last && narrows(this.last.query, q) ? this.last.hits : null;
    const hits: number[] = [];
    if (from) {
      for (const i of from) if (test(this.fields[i]!)) hits.push(i);
    } else {
      for (let i = 0; i < this.fields.length; i++) if (test(this.fields[i]!)) hits.push(i);
    }
    this.last = { query: q, hits };
    return hits.map((i) => this.items[i]!);
  }
}

/** The test for one query on prepared fields. */
function fieldMatcher(q: string): (p: Prepared) => boolean {
  const lower = q.toLowerCase();
  const inNotes = (p: Prepared) => p.notes.includes(lower);
  switch (queryMode(q)) {
    case 'all':
      return () => true;
    case 'han':
      return (p) => p.han.includes(q);
    case 'marked': {
      const want = markedKey(q);
      return (p) => p.marked.includes(want) || inNotes(p);
    }
    case 'numbered': {
      const want = numberedQuery(q);
      return (p) => p.numbered.includes(want) || inNotes(p);
    }
    case 'latin': {
      const bare = tonelessKey(q);
      const english = englishWordStart(q, 'im');
      return (p) => (bare !== '' && p.bare.includes(bare)) || english.test(p.senses) || inNotes(p);
    }
  }
}

/** The test for one query; `() => true` for an empty one. */
export function studyMatcher(query: string): (it: StudyItem) => boolean {
  const test = fieldMatcher(query.trim());
  return (it) => test(prepare(it));
}

const sortKeys = new WeakMap<StudyItem, string>();

function pinyinKey(it: StudyItem): string {
  let k = sortKeys.get(it);
  if (k === undefined) {
    k = pinyinSortKey(it.pinyin);
    sortKeys.set(it, k);
  }
  return k;
}

function byPinyin(a: StudyItem, b: StudyItem): number {
  const ka = pinyinKey(a);
  const kb = pinyinKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : a.simplified < b.simplified ? -1 : a.simplified > b.simplified ? 1 : 0;
}

/**
 * The items in the order `by` (newest first, pinyin, civic category); the pinyin key of an item is
 * computed once (not in every comparison) and only where the order needs it.
 */
export function sortStudy(items: readonly StudyItem[], by: StudySort): StudyItem[] {
  const out = [...items];
  const rank = (it: StudyItem) => (it.civic ? civicCategoryRank(it.civic.category) : Number.MAX_SAFE_INTEGER);
  if (by === 'date') out.sort((a, b) => b.savedAt - a.savedAt || byPinyin(a, b));
  else if (by === 'pinyin') out.sort(byPinyin);
  else out.sort((a, b) => rank(a) - rank(b) || byPinyin(a, b));
  return out;
}
