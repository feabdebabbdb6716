/**
 * Reading the study list from browser.storage.local (storage version 4; the keys are described in
 * layout.ts), in every layout a user's storage may still hold: the buckets, the per-word keys of version
 * 3 and the single list of versions 1–2 (until the background moves them, storage.ts `migrate`).
 *
 * - reading the whole list (the study page, the review page, exports) is 256 strings handed over at once
 *   and parsed, not tens of thousands of keys or objects (tests/bench/study-layouts.ts); the study page
 *   reads it in steps, the newest words first (`loadStudyList`);
 * - a hover's `study.has` and the popup's saved marks read the index, never the items (`savedAmong`,
 *   `savedWordSet`).
 *
 * Reads go through schema.ts, which repairs what can be repaired item by item and returns the rest as
 * unreadable (kept, never replaced by an empty default). Storage written by a newer version is read as
 * well as this version can (`readOnly` says so). Writing is storage.ts; following changes, watch.ts.
 */
import { browser } from 'wxt/browser';
import { mergeItems, studyKey } from './model';
import {
  allBucketKeys,
  ASIDE_KEY,
  BUCKET_PREFIX,
  bucketKey,
  bucketNumber,
  bucketOf,
  BUCKETS,
  indexKey,
  LEFTOVER_KEY,
  LEGACY_KEY,
  RECENT_KEY,
  STUDY_STORAGE_VERSION,
  V3_PREFIX,
  VERSION_KEY,
} from './layout';
import {
  oneEach,
  readAnyItem,
  readAside,
  readBucket,
  readIndex,
  readListValue,
  readRecentItems,
  readVersion,
  withAside,
  type Unreadable,
} from './schema';
import type { StudyItem } from './types';

/** Storage written by a newer Dubao: read what can be read, change nothing. */
export class StudyReadOnly extends Error {
  constructor(version: number) {
    super(
      `The study list was saved by a newer version of Dubao (storage version ${version}); this version shows it but does not change it. Update Dubao to save words again.`,
    );
  }
}

type Area = {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  getKeys?: () => Promise<string[]>;
};

export const area = (): Area => browser.storage.local as unknown as Area;

/** Every key in the area: getKeys (Chrome 130+) reads no values; elsewhere the values are read too. */
async function allKeys(): Promise<string[]> {
  const a = area();
  if (typeof a.getKeys === 'function') {
    try {
      return await a.getKeys();
    } catch {
      // fall through
    }
  }
  return Object.keys(await a.get(null));
}

/**
 * Whether the single list of versions 1–2 was moved already and is only waiting for its removal: the
 * migration's `set` wrote the marker 4 and listed the old key in `studyList.leftover`, with the list's
 * content in the buckets and what could not be read of it kept aside. Read again, it would count twice.
 */
const legacyMoved = (marker: unknown, leftover: unknown) =>
  readVersion(marker) === STUDY_STORAGE_VERSION && Array.isArray(leftover) && leftover.includes(LEGACY_KEY);

/**
 * Whether storage is in this version's layout: the marker says 4 and no list of versions 1–2 is left
 * (or the one left is moved already, see legacyMoved).
 */
export const isCurrentLayout = (marker: unknown, legacy: unknown, leftover: unknown) =>
  readVersion(marker) === STUDY_STORAGE_VERSION && (legacy === undefined || legacyMoved(marker, leftover));

const readOnlyOf = (marker: unknown): string | null => {
  const v = readVersion(marker);
  return v !== null && v > STUDY_STORAGE_VERSION ? new StudyReadOnly(v).message : null;
};

export interface StudySnapshot {
  /** The readable words, one per word, oldest first. */
  items: StudyItem[];
  /** What could not be read, kept (see schema.ts). */
  unreadable: Unreadable[];
  /** A sentence when storage was written by a newer version (nothing is changed then), else null. */
  readOnly: string | null;
}

interface Parts {
  /** Items of the buckets. */
  buckets: StudyItem[];
  /** Items of the version 3 keys and of the single list of versions 1–2 (not yet migrated). */
  older: StudyItem[];
  /** What is kept aside already. */
  aside: Unreadable[];
  /** What else could not be read (buckets, bucket items, version 3 keys, elements of the old list). */
  unreadable: Unreadable[];
  /** The version 3 keys present, and the old list's key when it is there. */
  olderKeys: string[];
}

/**
 * What `all` (values of storage.local by key) holds of the study list, in every layout. `withV3`: read
 * the version 3 keys too (not when the marker says 4: their content is in the buckets then, and any left
 * are about to be removed).
 */
export function partsOf(all: Record<string, unknown>, withV3: boolean): Parts {
  // The old single list, unless it was moved already (its content is in the buckets and kept aside).
  const moved = legacyMoved(all[VERSION_KEY], all[LEFTOVER_KEY]);
  const legacy = readListValue(moved ? undefined : all[LEGACY_KEY], LEGACY_KEY);
  const parts: Parts = {
    buckets: [],
    older: [...legacy.items],
    aside: readAside(all[ASIDE_KEY], ASIDE_KEY),
    unreadable: [...legacy.unreadable],
    olderKeys: [],
  };
  if (all[LEGACY_KEY] !== undefined && !moved) parts.olderKeys.push(LEGACY_KEY);
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(BUCKET_PREFIX)) {
      if (bucketNumber(key) === null) continue; // not a key of this layout (a later version's, say)
      const r = readBucket(value, key);
      for (const it of r.items) parts.buckets.push(it);
      for (const u of r.unreadable) parts.unreadable.push(u);
    } else if (withV3 && key.startsWith(V3_PREFIX)) {
      parts.olderKeys.push(key);
      const r = readAnyItem(value);
      if (r.ok) parts.older.push(r.item);
      else parts.unreadable.push({ where: key, reason: r.reason, value });
    }
  }
  return parts;
}

/** The items of all the parts, one per word (the same word in two places is merged: nothing lost). */
export function itemsOf(parts: Parts): StudyItem[] {
  const buckets = oneEach(parts.buckets);
  const items = parts.older.length ? mergeItems(buckets, parts.older).items : buckets;
  return items.sort((a, b) => a.savedAt - b.savedAt);
}

/** The whole list, read and checked. Never throws for what storage holds (only if storage fails). */
export async function readStudyList(): Promise<StudySnapshot> {
  // One request: the marker, the old list, what is kept aside and the buckets.
  const got = await area().get([VERSION_KEY, LEGACY_KEY, LEFTOVER_KEY, ASIDE_KEY, ...allBucketKeys()]);
  if (!isCurrentLayout(got[VERSION_KEY], got[LEGACY_KEY], got[LEFTOVER_KEY])) {
    // An earlier layout not migrated yet, a lost marker, or a newer version: read every key.
    const all = await area().get(null);
    const parts = partsOf(all, true);
    return { items: itemsOf(parts), unreadable: withAside(parts.aside, parts.unreadable), readOnly: readOnlyOf(all[VERSION_KEY]) };
  }
  const parts = partsOf(got, false);
  return { items: itemsOf(parts), unreadable: withAside(parts.aside, parts.unreadable), readOnly: null };
}

export interface LoadStep extends StudySnapshot {
  /** Words in the list; null until every bucket is read (the first screen comes before). */
  total: number | null;
  /** All items read: `items` is the whole list (each earlier step is a view of the list read so far). */
  complete: boolean;
}

/**
 * Reads the whole list in steps: first the newest words (the recent list: the first screen, when it
 * fills one), then the buckets, `slice` at a time. Each step is reported through `onStep` with the list
 * as read so far (the recent items whose buckets are not read yet, and everything read from buckets),
 * and `between` is awaited after it (the study page lets the browser paint there); a slice is reported
 * only when it brought `stepItems` items or more, so a short list arrives whole in one step, and a long
 * one in a few. The last step's items are the whole list.
 */
export async function loadStudyList(
  onStep: (step: LoadStep) => void,
  first = 60,
  slice = 64,
  between: () => Promise<void> = () => Promise.resolve(),
  stepItems = 2_000,
): Promise<void> {
  const head = await area().get([VERSION_KEY, LEGACY_KEY, LEFTOVER_KEY, ASIDE_KEY, RECENT_KEY]);
  if (!isCurrentLayout(head[VERSION_KEY], head[LEGACY_KEY], head[LEFTOVER_KEY])) {
    // Another layout (the background moves it when it starts): read everything at once.
    const all = await readStudyList();
    onStep({ ...all, total: all.items.length, complete: true });
    return;
  }
  const aside = readAside(head[ASIDE_KEY], ASIDE_KEY);
  const recent = readRecentItems(head[RECENT_KEY]).slice(0, first);
  // Fewer than a screenful of recent words: most likely the whole list, which the buckets give at once.
  if (recent.length >= first) {
    onStep({ items: recent, unreadable: aside, readOnly: null, total: null, complete: false });
    await between();
  }
  const keys = allBucketKeys();
  const read = new Set<number>();
  const parts: Parts = { buckets: [], older: [], aside, unreadable: [], olderKeys: [] };
  let unreported = 0;
  for (let at = 0; at < keys.length; at += slice) {
    const some = keys.slice(at, at + slice);
    const got = await area().get(some);
    for (const key of some) {
      read.add(bucketNumber(key)!);
      const r = readBucket(got[key], key);
      for (const it of r.items) parts.buckets.push(it);
      for (const u of r.unreadable) parts.unreadable.push(u);
      unreported += r.items.length;
    }
    const complete = at + slice >= keys.length;
    if (!complete && unreported < stepItems) continue;
    unreported = 0;
    const items = itemsOf(parts);
    const unreadable = withAside(aside, parts.unreadable);
    if (complete) onStep({ items, unreadable, readOnly: null, total: items.length, complete });
    else {
      const pending = recent.filter((it) => !read.has(bucketOf(it.simplified)));
      onStep({ items: pending.length ? [...pending, ...items] : items, unreadable, readOnly: null, total: null, complete });
      await between();
    }
  }
}

/**
 * The words of the buckets `numbers`, from their indexes (a bucket whose index is missing or malformed
 * is read instead), and what the version 3 keys of `v3Words` hold when the marker is not 4 yet.
 */
async function wordsOf(numbers: readonly number[], v3Words: readonly string[]): Promise<{ words: Set<string>; current: boolean }> {
  const v3Keys = v3Words.map((w) => V3_PREFIX + studyKey({ simplified: w }));
  const got = await area().get([VERSION_KEY, LEGACY_KEY, LEFTOVER_KEY, ...numbers.map(indexKey), ...v3Keys]);
  const words = new Set<string>();
  const missing: number[] = [];
  for (const n of numbers) {
    const list = readIndex(got[indexKey(n)]);
    if (list) for (const w of list) words.add(w);
    else missing.push(n);
  }
  if (missing.length) {
    const buckets = await area().get(missing.map(bucketKey));
    for (const n of missing) for (const it of readBucket(buckets[bucketKey(n)], bucketKey(n)).items) words.add(studyKey(it));
  }
  const isCurrent = isCurrentLayout(got[VERSION_KEY], got[LEGACY_KEY], got[LEFTOVER_KEY]);
  if (!isCurrent) for (const k of v3Keys) if (got[k] !== undefined && readAnyItem(got[k]).ok) words.add(k.slice(V3_PREFIX.length));
  return { words, current: isCurrent };
}

/** Which of `words` are saved: their buckets' indexes, a few hundred bytes each, whatever the size of the list. */
export async function savedAmong(words: readonly string[]): Promise<string[]> {
  if (!words.length) return [];
  const { words: saved } = await wordsOf([...new Set(words.map(bucketOf))], words);
  return words.filter((w) => saved.has(studyKey({ simplified: w })));
}

/** Every saved word (simplified), from the indexes (and, before the migration, the keys of version 3). */
export async function savedWordSet(): Promise<Set<string>> {
  const { words, current: isCurrent } = await wordsOf(
    Array.from({ length: BUCKETS }, (_, n) => n),
    [],
  );
  if (!isCurrent) for (const k of await allKeys()) if (k.startsWith(V3_PREFIX)) words.add(k.slice(V3_PREFIX.length));
  return words;
}
