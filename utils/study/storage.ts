/**
 * The study list in browser.storage.local (storage version 3, issue 10).
 *
 * Layout: each saved word under a key of its own, so that a save, a note or a hover touches one small
 * value whatever the size of the list (with one list value, a save rewrote and re-sent every word):
 *
 *   study/<word>                   the StudyItem (word = studyKey(item): simplified, NFC, trimmed)
 *   studyRecent                    [[word, savedAt], …]: the RECENT_MAX newest words, newest first, kept
 *                                  with every change (in the same `set`); the study page's first screen
 *                                  reads these items alone, before the list of all keys (which takes
 *                                  hundreds of ms with 30,000 words). A hint: the keys are the truth.
 *   studyList$                     { v: 3 }, the version marker, written in the same `set` as every item
 *   studyList.unreadable           what could not be read, kept aside as it was (schema.ts `Unreadable`)
 *   studyList                      the single list of versions 1 and 2: read, moved into the keys above
 *                                  (in one `set`), then removed
 *
 * Nothing that storage holds is ever replaced by an empty default: reads go through schema.ts, which
 * repairs what can be repaired item by item and returns the rest, which is kept (under its own key, or in
 * `studyList.unreadable` when a write would replace it) until the reader exports or discards it.
 *
 * Every change is a read-modify-write through `change`, serialised within this context and, through a
 * Web Lock, with the other contexts that write the list (the background saves from cards, the study page
 * and the popup edit it). A write that fails leaves storage as it was and rejects with a StudyWriteError
 * whose message can be shown to the user as is.
 */
import { browser } from 'wxt/browser';
import { applySave, mergeItems, studyKey, type MergeReport, type SaveOutcome } from './model';
import { readAnyItem, readAside, readListValue, readVersion, type Unreadable } from './schema';
import type { StudyItem, StudySaveRequest } from './types';

export const STUDY_STORAGE_VERSION = 3;
export const VERSION_KEY = 'studyList$';
export const LEGACY_KEY = 'studyList';
export const ASIDE_KEY = 'studyList.unreadable';
export const ITEM_PREFIX = 'study/';
export const RECENT_KEY = 'studyRecent';
/** Words kept in the recent list: more than a first screen holds. */
export const RECENT_MAX = 100;

export function itemKey(word: string): string {
  return `${ITEM_PREFIX}${studyKey({ simplified: word })}`;
}

type Recent = Array<[string, number]>;

/** The recent list as stored; anything malformed is no hint at all (it is rebuilt by the next change). */
export function readRecent(value: unknown): Recent {
  if (!Array.isArray(value)) return [];
  return value.filter((e): e is [string, number] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number');
}

/** The recent list after `put` were written and `drop` removed (newest first, RECENT_MAX at most). */
export function nextRecent(recent: Recent, put: readonly StudyItem[], drop: readonly string[]): Recent {
  const gone = new Set([...drop, ...put.map((it) => studyKey(it))]);
  const out: Recent = recent.filter(([w]) => !gone.has(w));
  for (const it of put) out.push([studyKey(it), it.savedAt]);
  out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out.slice(0, RECENT_MAX);
}

export class StudyWriteError extends Error {
  constructor(cause: unknown) {
    const text = cause instanceof Error ? cause.message : String(cause);
    let message: string;
    if (cause instanceof StudyReadOnly) message = cause.message;
    else if (/quota/i.test(text)) {
      message = 'The study list could not be saved: the browser storage for Dubao is full. Export a backup and remove some words. Nothing saved before was lost.';
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
    super(`The study list was saved by a newer version of Dubao (storage version ${version}); this version shows it but does not change it. Update Dubao to save words again.`);
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
export async function allKeys(): Promise<string[]> {
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

function snapshotOf(all: Record<string, unknown>): StudySnapshot {
  const version = readVersion(all[VERSION_KEY]);
  const legacy = readListValue(all[LEGACY_KEY], LEGACY_KEY);
  const unreadable: Unreadable[] = [...readAside(all[ASIDE_KEY], ASIDE_KEY), ...legacy.unreadable];
  const items: StudyItem[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(ITEM_PREFIX)) continue;
    const r = readAnyItem(value);
    if (r.ok) items.push(r.item);
    else unreadable.push({ where: key, reason: r.reason, value });
  }
  // Words of the old list not yet moved, and any word kept twice, are one item each.
  const merged = mergeItems(legacy.items, items).items.sort((a, b) => a.savedAt - b.savedAt);
  return {
    items: merged,
    unreadable,
    readOnly: version !== null && version > STUDY_STORAGE_VERSION ? new StudyReadOnly(version).message : null,
  };
}

/** The whole list, read and checked. Never throws for what storage holds (only if storage fails). */
export async function readStudyList(): Promise<StudySnapshot> {
  return snapshotOf(await area().get(null));
}

export interface LoadStep extends StudySnapshot {
  /** Words in the list; null until the keys are read (the first screen comes before). */
  total: number | null;
  /** All items read. */
  complete: boolean;
}

/**
 * Reads the whole list in steps: first the newest words (from the recent list: the first screen, read
 * without listing every key), then every other item in slices of `slice`, each step reported through
 * `onStep` with everything read so far, and `between` awaited after each (the study page lets the
 * browser paint there). With 30,000 words the first screen does not wait for the other 29,900.
 */
export async function loadStudyList(
  onStep: (step: LoadStep) => void,
  first = 60,
  slice = 2_000,
  between: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const head = await area().get([VERSION_KEY, ASIDE_KEY, RECENT_KEY, LEGACY_KEY]);
  if (head[LEGACY_KEY] !== undefined) {
    // The old single list is still there (the background moves it when it starts): read everything.
    const all = await readStudyList();
    onStep({ ...all, total: all.items.length, complete: true });
    return;
  }
  const version = readVersion(head[VERSION_KEY]);
  const readOnly = version !== null && version > STUDY_STORAGE_VERSION ? new StudyReadOnly(version).message : null;
  const items: StudyItem[] = [];
  const unreadable: Unreadable[] = readAside(head[ASIDE_KEY], ASIDE_KEY);
  const done = new Set<string>();
  const read = async (keys: string[]) => {
    const got = keys.length ? await area().get(keys) : {};
    for (const key of keys) {
      done.add(key);
      if (got[key] === undefined) continue; // removed meanwhile, or a stale hint
      const r = readAnyItem(got[key]);
      if (r.ok) items.push(r.item);
      else unreadable.push({ where: key, reason: r.reason, value: got[key] });
    }
  };
  const recent = readRecent(head[RECENT_KEY]).slice(0, first).map(([w]) => ITEM_PREFIX + w);
  if (recent.length) {
    await read(recent);
    onStep({ items: [...items], unreadable: [...unreadable], readOnly, total: null, complete: false });
    await between();
  }
  const rest = (await allKeys()).filter((k) => k.startsWith(ITEM_PREFIX) && !done.has(k));
  const total = rest.length + done.size;
  let at = 0;
  do {
    await read(rest.slice(at, at + slice));
    at += slice;
    const complete = at >= rest.length;
    onStep({ items: [...items], unreadable: [...unreadable], readOnly, total: complete ? items.length : total, complete });
    if (!complete) await between();
  } while (at < rest.length);
}

/** Whether storage still holds the single list of versions 1 and 2 (moved by `migrateLegacy`). */
export async function hasLegacy(): Promise<boolean> {
  return (await allKeys()).includes(LEGACY_KEY);
}

/** The items of `words` (those that are saved and readable) and what could not be read among them. */
export async function readWords(words: readonly string[]): Promise<{ items: StudyItem[]; unreadable: Unreadable[] }> {
  const keys = [...new Set(words.map(itemKey))];
  const got = keys.length ? await area().get(keys) : {};
  const items: StudyItem[] = [];
  const unreadable: Unreadable[] = [];
  for (const key of keys) {
    if (!(key in got) || got[key] === undefined) continue;
    const r = readAnyItem(got[key]);
    if (r.ok) items.push(r.item);
    else unreadable.push({ where: key, reason: r.reason, value: got[key] });
  }
  return { items, unreadable };
}

/** Which of `words` are saved: one read of their keys, whatever the size of the list. */
export async function savedAmong(words: readonly string[]): Promise<string[]> {
  const keys = words.map(itemKey);
  const got = keys.length ? await area().get(keys) : {};
  return words.filter((_, i) => got[keys[i]!] !== undefined && readAnyItem(got[keys[i]!]).ok);
}

/** Every saved word (simplified), from the keys alone. */
export async function savedWordSet(): Promise<Set<string>> {
  const out = new Set<string>();
  for (const k of await allKeys()) if (k.startsWith(ITEM_PREFIX)) out.add(k.slice(ITEM_PREFIX.length));
  return out;
}

export interface StudyChange {
  /** Words whose item was written (the new item) or removed (null). */
  items: Map<string, StudyItem | null>;
  /** Something else changed (the kept-aside values, the old single list): read the whole list again. */
  other: boolean;
}

/** Follows changes to the study list made anywhere (this context included). Returns the unsubscribe. */
export function watchStudyList(cb: (change: StudyChange) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, areaName?: string) => {
    if (areaName !== undefined && areaName !== 'local') return;
    const items = new Map<string, StudyItem | null>();
    let other = false;
    for (const [key, { newValue }] of Object.entries(changes)) {
      if (key.startsWith(ITEM_PREFIX)) {
        if (newValue === undefined) items.set(key.slice(ITEM_PREFIX.length), null);
        else {
          const r = readAnyItem(newValue);
          if (r.ok) items.set(key.slice(ITEM_PREFIX.length), r.item);
          else other = true;
        }
      } else if (key === LEGACY_KEY || key === ASIDE_KEY) other = true;
    }
    if (items.size || other) cb({ items, other });
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Follows the set of saved words (the popup marks them in the glossary). */
export function watchSavedWords(cb: (words: Set<string>) => void): () => void {
  let current: Set<string> | null = null;
  let stopped = false;
  const unwatch = watchStudyList((change) => {
    if (change.other || !current) {
      void savedWordSet().then((s) => {
        current = s;
        if (!stopped) cb(new Set(s));
      });
      return;
    }
    for (const [word, item] of change.items) {
      if (item) current.add(word);
      else current.delete(word);
    }
    cb(new Set(current));
  });
  void savedWordSet().then((s) => {
    if (current !== null || stopped) return;
    current = s;
    cb(new Set(s));
  });
  return () => {
    stopped = true;
    unwatch();
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

async function write(set: Record<string, unknown>, remove: string[]): Promise<void> {
  try {
    // Items, their date keys, what is kept aside and the version marker: one `set`, all or nothing.
    await area().set({ ...set, [VERSION_KEY]: { v: STUDY_STORAGE_VERSION } });
  } catch (err) {
    throw new StudyWriteError(err);
  }
  // Only keys whose content is already stored elsewhere (an old date key, the old single list): if this
  // fails, a reader finds the word twice and merges it, and nothing is lost.
  if (remove.length) await area().remove(remove).catch(() => undefined);
}

/**
 * The version marker and the old single list, in one read: refuses to change storage written by a newer
 * version, and moves the old list into keys first when it is still there.
 */
async function prepareChange(): Promise<void> {
  const head = await area().get([VERSION_KEY, LEGACY_KEY]);
  const v = readVersion(head[VERSION_KEY]);
  if (v !== null && v > STUDY_STORAGE_VERSION) throw new StudyWriteError(new StudyReadOnly(v));
  if (head[LEGACY_KEY] !== undefined) await moveLegacy(head[LEGACY_KEY]);
}

/**
 * Moves the single list of versions 1 and 2 into keys of their own (one `set`, then the old key is
 * removed): words already under their keys are merged with it, and what cannot be read is kept aside.
 * Whatever the version marker says: a missing or mangled marker changes nothing here. Called by the
 * background when it starts and before every change (a no-op when there is no old list).
 */
export function migrateLegacy(): Promise<void> {
  return serialised(async () => {
    const head = await area().get([VERSION_KEY, LEGACY_KEY]);
    const v = readVersion(head[VERSION_KEY]);
    if (head[LEGACY_KEY] === undefined || (v !== null && v > STUDY_STORAGE_VERSION)) return;
    await moveLegacy(head[LEGACY_KEY]);
  });
}

async function moveLegacy(value: unknown): Promise<void> {
  const legacy = readListValue(value, LEGACY_KEY);
  const present = await readWords(legacy.items.map((it) => it.simplified));
  const merged = mergeItems(present.items, legacy.items).items;
  const set: Record<string, unknown> = {};
  for (const it of merged) set[itemKey(it.simplified)] = it;
  const kept = await area().get([ASIDE_KEY, RECENT_KEY]);
  set[RECENT_KEY] = nextRecent(readRecent(kept[RECENT_KEY]), merged, []);
  const aside = [...readAside(kept[ASIDE_KEY], ASIDE_KEY), ...legacy.unreadable, ...present.unreadable];
  if (aside.length) set[ASIDE_KEY] = aside;
  await write(set, [LEGACY_KEY]);
}

/**
 * Runs `change` on the current items of `words` (the saved and readable ones) and stores what it
 * returns: `put` (new or changed items), `drop` (words to remove). A value under one of these words that
 * could not be read is moved to the kept-aside list before it is replaced.
 */
function change<T>(
  words: readonly string[],
  fn: (items: Map<string, StudyItem>) => { put: StudyItem[]; drop: string[]; result: T },
): Promise<T> {
  return serialised(async () => {
    await prepareChange();
    const keys = [...new Set(words.map(itemKey))];
    const got = await area().get([...keys, RECENT_KEY, ASIDE_KEY]);
    const before = new Map<string, StudyItem>();
    const unreadable: Unreadable[] = [];
    for (const key of keys) {
      if (got[key] === undefined) continue;
      const r = readAnyItem(got[key]);
      if (r.ok) before.set(studyKey(r.item), r.item);
      else unreadable.push({ where: key, reason: r.reason, value: got[key] });
    }
    const { put, drop, result } = fn(new Map(before));
    const dropped = drop.filter((w) => before.has(studyKey({ simplified: w })) || unreadable.some((u) => u.where === itemKey(w)));
    if (!put.length && !dropped.length) return result;
    const set: Record<string, unknown> = {};
    for (const it of put) set[itemKey(it.simplified)] = it;
    set[RECENT_KEY] = nextRecent(readRecent(got[RECENT_KEY]), put, dropped.map((w) => studyKey({ simplified: w })));
    // Unreadable values about to be replaced or removed: kept aside first, in the same `set`.
    const replaced = unreadable.filter((u) => u.where in set || dropped.some((w) => itemKey(w) === u.where));
    if (replaced.length) set[ASIDE_KEY] = [...readAside(got[ASIDE_KEY], ASIDE_KEY), ...replaced];
    await write(set, []);
    if (dropped.length) {
      // A removal is the point of the change here: its failure is reported (the word is still saved).
      try {
        await area().remove(dropped.map(itemKey));
      } catch (err) {
        throw new StudyWriteError(err);
      }
    }
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
  return change([key], (items) => (items.has(key) ? { put: [], drop: [], result: undefined } : { put: [item], drop: [], result: undefined }));
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
 * `which` in the kept-aside list (the old single list is moved first, which puts its unreadable elements
 * there), and the unreadable values under item keys. Anything else found unreadable since is kept.
 */
export function discardUnreadable(which: readonly Unreadable[]): Promise<void> {
  return serialised(async () => {
    await prepareChange();
    const same = (a: Unreadable, b: Unreadable) => a.where === b.where && JSON.stringify(a.value) === JSON.stringify(b.value);
    const keys = [...new Set(which.map((u) => u.where).filter((w) => w.startsWith(ITEM_PREFIX)))];
    const now = await area().get([...keys, ASIDE_KEY]);
    const aside = readAside(now[ASIDE_KEY], ASIDE_KEY);
    const keep = aside.filter((u) => !which.some((w) => same(u, w)));
    // Only values still unreadable: a word saved again since is kept.
    const remove = keys.filter((k) => now[k] !== undefined && !readAnyItem(now[k]).ok);
    try {
      if (keep.length && keep.length < aside.length) await write({ [ASIDE_KEY]: keep }, []);
      if (!keep.length && aside.length) remove.push(ASIDE_KEY);
      if (remove.length) await area().remove(remove);
    } catch (err) {
      throw err instanceof StudyWriteError ? err : new StudyWriteError(err);
    }
  });
}
