/**
 * The study list in browser.storage.local (storage version 4; the keys are described in layout.ts).
 *
 * Items live in BUCKETS buckets, each the JSON text of the items whose word hashes to it, beside a small
 * index of the words in each bucket and a recent list of the newest items. So:
 * - reading the whole list (the study page, the review page, exports) is 256 strings handed over at once
 *   and parsed, not tens of thousands of keys or objects (tests/bench/study-layouts.ts);
 * - a save, a note or a removal reads and rewrites one bucket, its index, the recent list and the version
 *   marker, in one `set`, whatever the size of the list;
 * - a hover's `study.has` and the popup's saved marks read the index, never the items.
 *
 * Nothing that storage holds is ever replaced by an empty default: reads go through schema.ts, which
 * repairs what can be repaired item by item and returns the rest, which is kept (where it is, or in
 * `studyList.unreadable` when a write would replace it: a whole bucket that is not valid JSON, or one item
 * of a bucket that fails the schema) until the reader exports or discards it.
 *
 * Earlier layouts (the single list `studyList` of versions 1 and 2, the per-word keys `study/<word>` of
 * version 3) are read as they are and moved into buckets by the background when it starts (`migrate`),
 * and before any change: one `set` with everything, then the old keys are removed. Storage written by a
 * newer version is read as well as this version can and never changed.
 *
 * Every change is a read-modify-write through `change`, serialised within this context and, through a
 * Web Lock, with the other contexts that write the list (the background saves from cards, the study page
 * and the popup edit it). A write that fails leaves storage as it was and rejects with a StudyWriteError
 * whose message can be shown to the user as is.
 */
import { browser } from 'wxt/browser';
import { applySave, mergeItems, studyKey, type MergeReport, type SaveOutcome } from './model';
import {
  allBucketKeys,
  ASIDE_KEY,
  BUCKET_PREFIX,
  INDEX_PREFIX,
  bucketKey,
  bucketNumber,
  bucketOf,
  BUCKETS,
  encodeBucket,
  encodeIndex,
  encodeRecent,
  indexKey,
  indexNumber,
  layoutOf,
  LEFTOVER_KEY,
  LEGACY_KEY,
  nextRecent,
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
  sameUnreadable,
  withAside,
  type Unreadable,
} from './schema';
import type { StudyItem, StudySaveRequest } from './types';

export { STUDY_STORAGE_VERSION } from './layout';

export class StudyWriteError extends Error {
  constructor(cause: unknown) {
    const text = cause instanceof Error ? cause.message : String(cause);
    let message: string;
    if (cause instanceof StudyReadOnly) message = cause.message;
    else if (/quota/i.test(text)) {
      message =
        'The study list could not be saved: the browser storage for Dubao is full. Export a backup and remove some words. Nothing saved before was lost.';
    } else {
      // The browser's own words, on one short line, for a bug report; the sentence says what it means.
      const detail = text.split('\n')[0]!.slice(0, 120);
      message = `The study list could not be saved: the browser refused to store it${detail ? ` (“${detail}”)` : ''}. Nothing saved before was lost.`;
    }
    super(message);
    this.name = 'StudyWriteError';
  }
}

/** Storage written by a newer Dubao: read what can be read, change nothing. */
class StudyReadOnly extends Error {
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

const area = (): Area => browser.storage.local as unknown as Area;

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
const isCurrentLayout = (marker: unknown, legacy: unknown, leftover: unknown) =>
  readVersion(marker) === STUDY_STORAGE_VERSION && (legacy === undefined || legacyMoved(marker, leftover));

const readOnlyOf = (marker: unknown): string | null => {
  const v = readVersion(marker);
  return v !== null && v > STUDY_STORAGE_VERSION ? new StudyReadOnly(v).message : null;
};

// ---------------------------------------------------------------------------------------------------
// Reading

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
function partsOf(all: Record<string, unknown>, withV3: boolean): Parts {
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
function itemsOf(parts: Parts): StudyItem[] {
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

export interface StudyChange {
  /** Words whose item was written (the new item) or removed (null). */
  items: Map<string, StudyItem | null>;
  /** Something else changed (the kept-aside values, an earlier layout, the marker): read the whole list again. */
  other: boolean;
}

type Changes = Record<string, { oldValue?: unknown; newValue?: unknown }>;

/** Follows changes to the study list made anywhere (this context included). Returns the unsubscribe. */
export function watchStudyList(cb: (change: StudyChange) => void): () => void {
  const listener = (changes: Changes, areaName?: string) => {
    if (areaName !== undefined && areaName !== 'local') return;
    const items = new Map<string, StudyItem | null>();
    let other = false;
    for (const [key, { oldValue, newValue }] of Object.entries(changes)) {
      if (bucketNumber(key) !== null) {
        const after = readBucket(newValue, key);
        if (after.unreadable.length) {
          other = true;
          continue;
        }
        // What changed in the bucket: the words gone, and the items whose stored form differs.
        const before = new Map(readBucket(oldValue, key).items.map((it) => [studyKey(it), it]));
        const now = new Set<string>();
        for (const it of after.items) {
          const k = studyKey(it);
          now.add(k);
          const old = before.get(k);
          if (!old || JSON.stringify(old) !== JSON.stringify(it)) items.set(k, it);
        }
        for (const k of before.keys()) if (!now.has(k)) items.set(k, null);
      } else if (key === LEGACY_KEY || key === ASIDE_KEY || key.startsWith(V3_PREFIX)) other = true;
      else if (key === VERSION_KEY && readVersion(oldValue) !== readVersion(newValue)) other = true;
    }
    if (items.size || other) cb({ items, other });
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Follows the set of saved words (the popup marks them in the glossary), through the indexes. */
export function watchSavedWords(cb: (words: Set<string>) => void): () => void {
  let current: Set<string> | null = null;
  let stopped = false;
  let reading = 0;
  const readAll = () => {
    const mine = ++reading;
    void savedWordSet().then((s) => {
      if (stopped || mine !== reading) return;
      current = s;
      cb(new Set(s));
    });
  };
  const listener = (changes: Changes, areaName?: string) => {
    if (stopped || (areaName !== undefined && areaName !== 'local')) return;
    let changed = false;
    for (const [key, { oldValue, newValue }] of Object.entries(changes)) {
      if (key === LEGACY_KEY || key.startsWith(V3_PREFIX) || (key === VERSION_KEY && readVersion(oldValue) !== readVersion(newValue))) {
        readAll();
        return;
      }
      if (indexNumber(key) === null) continue;
      const after = readIndex(newValue);
      if (!current || (newValue !== undefined && newValue !== null && after === null)) {
        readAll();
        return;
      }
      for (const w of readIndex(oldValue) ?? []) current.delete(w);
      for (const w of after ?? []) current.add(w);
      changed = true;
    }
    if (changed && current) cb(new Set(current));
  };
  browser.storage.onChanged.addListener(listener);
  readAll();
  return () => {
    stopped = true;
    browser.storage.onChanged.removeListener(listener);
  };
}

// ---------------------------------------------------------------------------------------------------
// Writing

let queue: Promise<unknown> = Promise.resolve();

/** Name of the Web Lock every context holds while it changes the study list. */
export const STUDY_LOCK = 'dubao.studyList';

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** Runs `fn` holding the study-list lock across contexts (extension pages and the service worker). */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  // Without Web Locks (Node in tests) the queue below still orders this context's changes.
  return locks ? locks.request(STUDY_LOCK, fn) : fn();
}

function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(() => exclusive(fn));
  queue = run.catch(() => undefined);
  return run;
}

/** Buckets, indexes, the recent list, what is kept aside and the version marker: one `set`, all or nothing. */
async function write(set: Record<string, unknown>): Promise<void> {
  try {
    await area().set({ ...set, [VERSION_KEY]: { v: STUDY_STORAGE_VERSION } });
  } catch (err) {
    throw new StudyWriteError(err);
  }
}

/**
 * Refuses to change storage written by a newer version, and moves an earlier layout into buckets first
 * (inside the lock the caller holds).
 */
async function prepareChange(): Promise<void> {
  const head = await area().get([VERSION_KEY, LEGACY_KEY, LEFTOVER_KEY]);
  const v = readVersion(head[VERSION_KEY]);
  if (v !== null && v > STUDY_STORAGE_VERSION) throw new StudyWriteError(new StudyReadOnly(v));
  if (!isCurrentLayout(head[VERSION_KEY], head[LEGACY_KEY], head[LEFTOVER_KEY])) await moveAll(false);
}

/**
 * Moves every earlier layout into buckets: reads every key, merges the single list of versions 1–2, the
 * keys of version 3 and the buckets already there (one item per word, nothing lost), and writes all the
 * buckets, their indexes, the recent list, what could not be read (kept aside, as it was) and the marker in
 * one `set`, with the list of old keys to remove; then removes them. Whatever the version marker says: a
 * missing or mangled marker loses nothing here. `markEmpty`: with no study list at all, write the marker.
 */
async function moveAll(markEmpty: boolean): Promise<void> {
  const all = await area().get(null);
  const v = readVersion(all[VERSION_KEY]);
  if (v !== null && v > STUDY_STORAGE_VERSION) return;
  const parts = partsOf(all, v !== STUDY_STORAGE_VERSION);
  const anything = Object.keys(all).some(
    (k) => k === LEGACY_KEY || k === ASIDE_KEY || k.startsWith(V3_PREFIX) || k.startsWith(BUCKET_PREFIX) || k.startsWith(INDEX_PREFIX),
  );
  // No study list at all (a new install): only the marker, so that later reads take the short way; a
  // change writes it with its own `set` anyway.
  if (!anything) {
    if (markEmpty) await write({});
    return;
  }
  // Every bucket with its index (those that stay empty only where a key was there before).
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(layoutOf(itemsOf(parts)))) {
    const n = bucketNumber(key) ?? indexNumber(key);
    if (n === null || value !== '[]' || all[bucketKey(n)] !== undefined || all[indexKey(n)] !== undefined) set[key] = value;
  }
  // What could not be read moves aside, as it was (once: what is there already is not added again); the
  // buckets are rewritten without it.
  const aside = withAside(parts.aside, parts.unreadable);
  if (aside.length > parts.aside.length) set[ASIDE_KEY] = aside;
  if (parts.olderKeys.length) set[LEFTOVER_KEY] = parts.olderKeys;
  await write(set);
  if (parts.olderKeys.length) await removeLeftover(parts.olderKeys);
}

/** The old keys whose content is in the buckets already: removed (a failure is retried at the next start). */
async function removeLeftover(value: unknown): Promise<void> {
  const keys = Array.isArray(value)
    ? value.filter((k): k is string => typeof k === 'string' && (k === LEGACY_KEY || k.startsWith(V3_PREFIX)))
    : [];
  await area()
    .remove([...keys, LEFTOVER_KEY])
    .catch(() => undefined);
}

/**
 * Called by the background when it starts, and by the study page: moves an earlier layout into buckets
 * (once; then a read of three small keys), or finishes removing the old keys if a worker stopped between
 * the move and the removal. Storage written by a newer version is left alone.
 */
export function migrate(): Promise<void> {
  return serialised(async () => {
    const head = await area().get([VERSION_KEY, LEGACY_KEY, LEFTOVER_KEY]);
    const v = readVersion(head[VERSION_KEY]);
    if (v !== null && v > STUDY_STORAGE_VERSION) return;
    if (!isCurrentLayout(head[VERSION_KEY], head[LEGACY_KEY], head[LEFTOVER_KEY])) await moveAll(true);
    else if (head[LEFTOVER_KEY] !== undefined) await removeLeftover(head[LEFTOVER_KEY]);
  });
}

interface Bucket {
  items: Map<string, StudyItem>;
  unreadable: Unreadable[];
}

/**
 * Runs `change` on the current items of `words` (the saved and readable ones) and stores what it
 * returns: `put` (new or changed items), `drop` (words to remove), rewriting the buckets concerned. What
 * could not be read in those buckets is moved to the kept-aside list in the same `set`.
 */
function change<T>(
  words: readonly string[],
  fn: (items: Map<string, StudyItem>) => { put: StudyItem[]; drop: string[]; result: T },
): Promise<T> {
  return serialised(async () => {
    await prepareChange();
    const numbers = [...new Set(words.map(bucketOf))];
    const got = await area().get([...numbers.map(bucketKey), RECENT_KEY, ASIDE_KEY]);
    const buckets = new Map<number, Bucket>();
    const before = new Map<string, StudyItem>();
    for (const n of numbers) {
      const r = readBucket(got[bucketKey(n)], bucketKey(n));
      const items = new Map(r.items.map((it) => [studyKey(it), it]));
      buckets.set(n, { items, unreadable: r.unreadable });
    }
    for (const w of words) {
      const k = studyKey({ simplified: w });
      const it = buckets.get(bucketOf(k))!.items.get(k);
      if (it) before.set(k, it);
    }
    const { put, drop, result } = fn(new Map(before));
    const dropped = drop.map((w) => studyKey({ simplified: w })).filter((k) => buckets.get(bucketOf(k))?.items.has(k));
    if (!put.length && !dropped.length) return result;
    const touched = new Set<number>();
    for (const k of dropped) {
      buckets.get(bucketOf(k))!.items.delete(k);
      touched.add(bucketOf(k));
    }
    for (const it of put) {
      const n = bucketOf(it.simplified);
      let b = buckets.get(n);
      if (!b) {
        // A word `fn` was not asked about: its bucket is read now (imports pass every word, saves their own).
        const r = readBucket((await area().get(bucketKey(n)))[bucketKey(n)], bucketKey(n));
        b = { items: new Map(r.items.map((x) => [studyKey(x), x])), unreadable: r.unreadable };
        buckets.set(n, b);
      }
      b.items.set(studyKey(it), it);
      touched.add(n);
    }
    const set: Record<string, unknown> = {};
    const aside: Unreadable[] = [];
    for (const n of touched) {
      const b = buckets.get(n)!;
      set[bucketKey(n)] = encodeBucket(b.items.values());
      set[indexKey(n)] = encodeIndex(b.items.values());
      aside.push(...b.unreadable);
    }
    set[RECENT_KEY] = encodeRecent(nextRecent(readRecentItems(got[RECENT_KEY]), put, dropped));
    // Unreadable values about to be rewritten: kept aside first, in the same `set`.
    if (aside.length) {
      const before = readAside(got[ASIDE_KEY], ASIDE_KEY);
      const after = withAside(before, aside);
      if (after.length > before.length) set[ASIDE_KEY] = after;
    }
    await write(set);
    return result;
  });
}

export function saveWord(req: StudySaveRequest, now = Date.now()): Promise<{ outcome: SaveOutcome; item: StudyItem }> {
  const word = studyKey(req);
  return change([word], (items) => {
    const old = items.get(word);
    const r = applySave(old ? [old] : [], req, now);
    return { put: r.outcome === 'unchanged' ? [] : [r.item], drop: [], result: { outcome: r.outcome, item: r.item } };
  });
}

/** Removes a word; returns it so that Undo can put it back. */
export function removeWord(word: string): Promise<StudyItem | null> {
  const key = studyKey({ simplified: word });
  return change([key], (items) => {
    const old = items.get(key);
    return old ? { put: [], drop: [key], result: old } : { put: [], drop: [], result: null };
  });
}

/** Puts a removed word back as it was (unless it was saved again meanwhile). */
export function restoreWord(item: StudyItem): Promise<void> {
  const key = studyKey(item);
  return change([key], (items) =>
    items.has(key) ? { put: [], drop: [], result: undefined } : { put: [item], drop: [], result: undefined },
  );
}

export function setNotes(word: string, notes: string): Promise<void> {
  const key = studyKey({ simplified: word });
  return change([key], (items) => {
    const old = items.get(key);
    if (!old || old.notes === notes) return { put: [], drop: [], result: undefined };
    return { put: [{ ...old, notes }], drop: [], result: undefined };
  });
}

export function importItems(incoming: StudyItem[]): Promise<MergeReport> {
  return change(
    incoming.map((it) => studyKey(it)),
    (items) => {
      const existing = [...items.values()];
      const { items: merged, report } = mergeItems(existing, incoming);
      const before = new Map(existing.map((it) => [studyKey(it), JSON.stringify(it)]));
      const put = merged.filter((it) => before.get(studyKey(it)) !== JSON.stringify(it));
      return { put, drop: [], result: report };
    },
  );
}

/**
 * Removes what could not be read, for good (the reader chose Discard after the notice): the entries of
 * `which` in the kept-aside list (an earlier layout is moved first, which puts its unreadable values
 * there), whole buckets that are not valid JSON, and unreadable items of buckets. Anything else found
 * unreadable since is kept.
 */
export function discardUnreadable(which: readonly Unreadable[]): Promise<void> {
  return serialised(async () => {
    await prepareChange();
    const numbers = [...new Set(which.map((u) => bucketNumber(u.where.replace(/\[\d+\]$/, ''))).filter((n): n is number => n !== null))];
    const got = await area().get([...numbers.map(bucketKey), ASIDE_KEY]);
    const aside = readAside(got[ASIDE_KEY], ASIDE_KEY);
    const keep = aside.filter((u) => !which.some((w) => sameUnreadable(u, w)));
    const set: Record<string, unknown> = {};
    for (const n of numbers) {
      const r = readBucket(got[bucketKey(n)], bucketKey(n));
      const discard = r.unreadable.filter((u) => which.some((w) => sameUnreadable(u, w)));
      if (!discard.length) continue; // read since, or saved again: kept
      // The bucket is rewritten with its readable items; its other unreadable ones go aside.
      set[bucketKey(n)] = encodeBucket(r.items);
      set[indexKey(n)] = encodeIndex(r.items);
      keep.push(...r.unreadable.filter((u) => !discard.includes(u)));
    }
    const asideChanged = keep.length !== aside.length || keep.some((u, i) => u !== aside[i]);
    if (asideChanged && keep.length) set[ASIDE_KEY] = keep;
    if (Object.keys(set).length) await write(set);
    if (asideChanged && !keep.length) {
      try {
        await area().remove(ASIDE_KEY);
      } catch (err) {
        throw new StudyWriteError(err);
      }
    }
  });
}
