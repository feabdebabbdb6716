/**
 * The popup's filter box (the study page's search follows the same rules, utils/study/search.ts): a
 * query in characters, pinyin with or without tones (marks or digits), or English. Pure.
 */
import { hasHan } from '../han';
import { numberedKey, tonelessKey } from '../pinyin';

export interface Searchable {
  simplified: string;
  traditional: string;
  /** Tone marks, syllables separated by spaces; several readings may be joined with " / ". */
  pinyin: string;
  definitions: readonly string[];
  /** Other forms to match as characters (e.g. the forms seen on the page). */
  forms?: readonly string[];
}

/** How a query is read: characters, pinyin with tone marks, pinyin with tone numbers, other Latin text. */
export type QueryMode = 'all' | 'han' | 'marked' | 'numbered' | 'latin';

/** Which rules a query is matched by (the popup's filter and the study page's search). */
export function queryMode(query: string): QueryMode {
  const q = query.trim();
  if (!q) return 'all';
  if (hasHan(q)) return 'han';
  if (/[\u0300\u0301\u0304\u030c]/.test(q.normalize('NFD'))) return 'marked';
  if (/[1-5]/.test(q) && /^[a-zü:1-5\s]+$/i.test(q)) return 'numbered';
  return 'latin';
}

/** What a query in tone marks is compared with: "Zhèng Fǔ" -> "zhèngfǔ". */
export function markedKey(pinyin: string): string {
  return pinyin.normalize('NFC').toLowerCase().replace(/\s+/g, '');
}

/** A query with tone numbers as numberedKey writes readings: "zheng4 fu3" -> "zheng4fu3", "lu:4" -> "lv4" (5 dropped). */
export function numberedQuery(query: string): string {
  return numberedKey(query.toLowerCase().replace(/\s+/g, '').replace(/5/g, ''));
}

/** The start of an English word in a sense: "revital" finds "revitalize". */
export function englishWordStart(query: string, flags = 'i'): RegExp {
  return new RegExp(`(^|[^a-z])${query.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, flags);
}

/** Query is a matcher: characters, pinyin with or without tones (marks or digits), or English. */
export function makeMatcher(query: string): (item: Searchable) => boolean {
  const q = query.trim();
  switch (queryMode(q)) {
    case 'all':
      return () => true;
    case 'han':
      return (it) => it.simplified.includes(q) || it.traditional.includes(q) || !!it.forms?.some((f) => f.includes(q));
    case 'marked': {
      const want = markedKey(q);
      return (it) => markedKey(it.pinyin).includes(want);
    }
    case 'numbered': {
      const want = numberedQuery(q);
      return (it) => numberedKey(it.pinyin).includes(want);
    }
    case 'latin': {
      const bare = tonelessKey(q);
      const english = englishWordStart(q);
      return (it) => (bare !== '' && tonelessKey(it.pinyin).includes(bare)) || it.definitions.some((d) => english.test(d));
    }
  }
}
