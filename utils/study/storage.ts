/**
 * Writing the study list in browser.storage.local (storage version 4; the keys are described in layout.ts).
 *
 * Items live in BUCKETS buckets, each the JSON text of the items whose word hashes to it, beside a small
 * index of the words in each bucket and a recent list of the newest items. So a save, a note or a removal
 * reads and rewrites one bucket, its index, the recent list and the version marker, in one `set`,
 * whatever the size of the list. Reading the list (whole, in steps, or only which words are saved) is
 * read.ts; following its changes, watch.ts.
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
import { applySave, mergeItems, studyKey, type MergeReport, type SaveOutcome } from './model';
import {
  ASIDE_KEY,
  BUCKET_PREFIX,
  INDEX_PREFIX,
  bucketKey,
  bucketNumber,
  bucketOf,
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
import { area, isCurrentLayout, itemsOf, partsOf, StudyReadOnly } from './read';
import { readAside, readBucket, readRecentItems, readVersion, sameUnreadable, withAside, type Unreadable } from './schema';
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
