/**
 * The keys and values of the study list in storage.local, version 4 (pure: no browser.* here, so tests and
 * benchmarks build the same values). utils/study/storage.ts reads and writes them; schema.ts checks them.
 *
 *   studyBucket/<n>      n = 0 … BUCKETS-1: the JSON text of the list of items whose word hashes to n
 *   studyWords/<n>       the JSON text of the list of those items' words: the index of saved headwords
 *                        that a hover's `study.has` and the popup's saved marks read (a few hundred
 *                        bytes a bucket, where the bucket itself holds every sentence)
 *   studyRecent          the JSON text of the RECENT_MAX newest items, newest first (copies: the study
 *                        page's first screen, read before the buckets; the buckets are the truth)
 *   studyList$           { v: 4 }, the version marker, written in the same `set` as every change
 *   studyList.unreadable what could not be read, kept aside as it was (schema.ts `Unreadable`)
 *   studyList.leftover   during a migration only: the keys of the earlier layouts whose content the same
 *                        `set` copied into the buckets, removed right after (again at the next start if
 *                        the worker stopped in between)
 *
 * Earlier layouts, read and migrated by storage.ts: `studyList` (versions 1 and 2, one list value) and
 * `study/<word>` (version 3, one key per word with the item as an object; `studyRecent` then held
 * [word, date] pairs).
 *
 * Why buckets of JSON text (tests/bench/study-layouts.ts measured it in Chromium): the browser hands a
 * few long strings to a page far faster than thousands of keys or of objects (30,000 items: 30,000 keys
 * read in 1.5 s, one array of objects in 1.2 s, 256 texts in 0.35–0.45 s), and a save rewrites one
 * bucket (1/256 of the list: 3–8 ms with 30,000 words) where one text for the whole list took 1.2–1.9 s.
 */
import { studyKey } from './model';
import type { StudyItem } from './types';

export const STUDY_STORAGE_VERSION = 4;
export const VERSION_KEY = 'studyList$';
export const LEGACY_KEY = 'studyList';
export const ASIDE_KEY = 'studyList.unreadable';
export const LEFTOVER_KEY = 'studyList.leftover';
export const RECENT_KEY = 'studyRecent';
/** Keys of version 3: `study/<word>`. */
export const V3_PREFIX = 'study/';
export const BUCKET_PREFIX = 'studyBucket/';
export const INDEX_PREFIX = 'studyWords/';
/** Fixed for version 4: changing it (or the hash) is a new storage version with its migration. */
export const BUCKETS = 256;
/** Items kept in the recent list: more than a first screen holds. */
export const RECENT_MAX = 100;

/** FNV-1a (32 bits) over the UTF-16 code units of the word's key (NFC, trimmed): stable forever. */
export function wordHash(word: string): number {
  const w = studyKey({ simplified: word });
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) {
    h ^= w.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const bucketOf = (word: string): number => wordHash(word) % BUCKETS;
export const bucketKey = (n: number): string => `${BUCKET_PREFIX}${n}`;
export const indexKey = (n: number): string => `${INDEX_PREFIX}${n}`;
export const allBucketKeys = (): string[] => Array.from({ length: BUCKETS }, (_, n) => bucketKey(n));

/** The bucket number of a bucket key (`studyBucket/17` -> 17), else null. */
export function bucketNumber(key: string): number | null {
  if (!key.startsWith(BUCKET_PREFIX)) return null;
  const n = Number(key.slice(BUCKET_PREFIX.length));
  return Number.isInteger(n) && n >= 0 && n < BUCKETS && `${n}` === key.slice(BUCKET_PREFIX.length) ? n : null;
}

/** The index number of an index key (`studyWords/17` -> 17), else null. */
export function indexNumber(key: string): number | null {
  if (!key.startsWith(INDEX_PREFIX)) return null;
  const n = Number(key.slice(INDEX_PREFIX.length));
  return Number.isInteger(n) && n >= 0 && n < BUCKETS && `${n}` === key.slice(INDEX_PREFIX.length) ? n : null;
}

const byDate = (a: StudyItem, b: StudyItem) =>
  a.savedAt - b.savedAt || (studyKey(a) < studyKey(b) ? -1 : studyKey(a) > studyKey(b) ? 1 : 0);

/** A bucket's stored text: its items, oldest first. */
export function encodeBucket(items: Iterable<StudyItem>): string {
  return JSON.stringify([...items].sort(byDate));
}

/** A bucket's index: the words of its items. */
export function encodeIndex(items: Iterable<StudyItem>): string {
  return JSON.stringify([...items].map((it) => studyKey(it)));
}

/** The recent list after `put` were written and the words `drop` removed: newest first, RECENT_MAX at most. */
export function nextRecent(recent: readonly StudyItem[], put: readonly StudyItem[], drop: readonly string[]): StudyItem[] {
  const gone = new Set([...drop.map((w) => studyKey({ simplified: w })), ...put.map((it) => studyKey(it))]);
  const out = recent.filter((it) => !gone.has(studyKey(it))).concat(put);
  out.sort((a, b) => -byDate(a, b));
  return out.slice(0, RECENT_MAX);
}

export const encodeRecent = (items: readonly StudyItem[]): string => JSON.stringify(items);

/** The buckets, their indexes and the recent list for a whole list (the migration; tests and benchmarks). */
export function layoutOf(items: readonly StudyItem[]): Record<string, string> {
  const groups: StudyItem[][] = Array.from({ length: BUCKETS }, () => []);
  for (const it of items) groups[bucketOf(it.simplified)]!.push(it);
  const out: Record<string, string> = {};
  groups.forEach((g, n) => {
    out[bucketKey(n)] = encodeBucket(g);
    out[indexKey(n)] = encodeIndex(g);
  });
  out[RECENT_KEY] = encodeRecent(nextRecent([], items, []));
  return out;
}

/** Everything version 4 stores for `items` (with the marker): what a test or benchmark puts in storage. */
export function storedValues(items: readonly StudyItem[]): Record<string, unknown> {
  return { ...layoutOf(items), [VERSION_KEY]: { v: STUDY_STORAGE_VERSION } };
}
