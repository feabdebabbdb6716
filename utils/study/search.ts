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

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/;
const TONE_MARK = /[\u0300\u0301\u0304\u030c]/;
const COMBINING = /[\u0300-\u036f]/g;

interface Prepared {
  /** Forms, sentences and notes (for queries in characters). */
  han: string;
  marked: string;
  bare: string;
  numbered: string;
  senses: string;
  notes: string;
}

/** "Zhèng fǔ" -> "zhengfu"; ü kept as "v" (lv finds lǜ). */
export function toneless(pinyin: string): string {
  return pinyin.normalize('NFD').replace(/u\u0308|u:/gi, 'v').replace(COMBINING, '').toLowerCase().replace(/[^a-z/]/g, '');
}

/** "zhèng fǔ" -> "zheng4fu3" (a neutral tone has no number). */
export function numberedPinyin(pinyin: string): string {
  let out = '';
  for (const syl of pinyin.toLowerCase().split(/\s+/)) {
    const d = syl.normalize('NFD');
    const tone = d.includes('\u0304') ? 1 : d.includes('\u0301') ? 2 : d.includes('\u030c') ? 3 : d.includes('\u0300') ? 4 : 0;
    const bare = d.replace(/u\u0308|u:/g, 'v').replace(COMBINING, '');
    out += tone ? bare + tone : bare;
  }
  return out;
}

const prepared = new WeakMap<StudyItem, Prepared>();

function prepare(it: StudyItem): Prepared {
  let p = prepared.get(it);
  if (!p) {
    p = {
      han: [it.simplified, it.traditional, ...it.contexts.map((c) => c.sentence), it.notes].join('\n'),
      marked: it.pinyin.normalize('NFC').toLowerCase().replace(/\s+/g, ''),
      bare: toneless(it.pinyin),
      numbered: numberedPinyin(it.pinyin),
      senses: it.definitions.join('\n'),
      notes: it.notes.toLowerCase(),
    };
    prepared.set(it, p);
  }
  return p;
}

/** The test for one query; `() => true` for an empty one. */
export function studyMatcher(query: string): (it: StudyItem) => boolean {
  const q = query.trim();
  if (!q) return () => true;
  if (HAN.test(q)) return (it) => prepare(it).han.includes(q);
  const lower = q.toLowerCase();
  const inNotes = (p: Prepared) => p.notes.includes(lower);
  if (TONE_MARK.test(q.normalize('NFD'))) {
    const want = q.normalize('NFC').toLowerCase().replace(/\s+/g, '');
    return (it) => {
      const p = prepare(it);
      return p.marked.includes(want) || inNotes(p);
    };
  }
  if (/[1-5]/.test(q) && /^[a-zü:1-5\s]+$/i.test(q)) {
    const want = lower.normalize('NFD').replace(/\s+/g, '').replace(/u\u0308|u:/g, 'v').replace(/5/g, '');
    return (it) => {
      const p = prepare(it);
      return p.numbered.includes(want) || inNotes(p);
    };
  }
  const bare = toneless(q);
  const english = new RegExp(`(^|[^a-z])${lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im');
  return (it) => {
    const p = prepare(it);
    return (bare !== '' && p.bare.includes(bare)) || english.test(p.senses) || inNotes(p);
  };
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

/**
 * Prepares the search fields of `items` in slices of about `sliceMs` between other work (after the
 * list is on screen), so that the first keystroke does not pay for them. Returns a cancel function.
 */
export function prepareSearch(items: readonly StudyItem[], sliceMs = 8): () => void {
  let i = 0;
  let stopped = false;
  const step = () => {
    if (stopped) return;
    const end = performance.now() + sliceMs;
    while (i < items.length && performance.now() < end) {
      for (let k = 0; k < 64 && i < items.length; k++, i++) {
        prepare(items[i]!);
        pinyinKey(items[i]!);
      }
    }
    if (i < items.length) setTimeout(step, 0);
  };
  setTimeout(step, 0);
  return () => {
    stopped = true;
  };
}
