/**
 * The study list in browser.storage.local (storage version 3, issue 10).
 *
 * Layout: each saved word under a key of its own, so that a save, a note or a hover touches one small
 * value whatever the size of the list (with one list value, a save rewrote and re-sent every word):
 *
 *   study/<word>                   the StudyItem (word = studyKey(item): simplified, NFC, trimmed)
 *   studyDate/<savedAt>/<word>     1 — the list in date order without reading the items (savedAt in
 *                                  base 36, 9 digits, so the keys sort by date); the study page's
 *                                  first screen reads the newest few items by these keys
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
export const DATE_PREFIX = 'studyDate/';

const MAX_DATE = 36 ** 9 - 1;

export function itemKey(word: string): string {
  return `${ITEM_PREFIX}${studyKey({ simplified: word })}`;
}

export function dateKey(item: { simplified: string; savedAt: number }): string {
  const t = Math.min(MAX_DATE, Math.max(0, Math.floor(Number.isFinite(item.savedAt) ? item.savedAt : 0)));
  return `${DATE_PREFIX}${t.toString(36).padStart(9, '0')}/${studyKey(item)}`;
}

/** `studyDate/<t>/<word>` -> its parts; null for any other key. */
export function parseDateKey(key: string): { word: string; savedAt: number } | null {
  if (!key.startsWith(DATE_PREFIX) || key.charAt(DATE_PREFIX.length + 9) !== '/') return null;
  const savedAt = parseInt(key.slice(DATE_PREFIX.length, DATE_PREFIX.length + 9), 36);
  const word = key.slice(DATE_PREFIX.length + 10);
  return Number.isFinite(savedAt) && word ? { word, savedAt } : null;
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

/** The words of the list, newest first, from the date keys alone (no item is read). */
export async function studyOrder(): Promise<Array<{ word: string; savedAt: number }>> {
  const keys = await allKeys();
  const seen = new Set<string>();
  const out: Array<{ word: string; savedAt: number }> = [];
  for (const k of keys.filter((k) => k.startsWith(DATE_PREFIX)).sort().reverse()) {
    const d = parseDateKey(k);
    if (d && !seen.has(d.word)) {
      seen.add(d.word);
      out.push(d);
    }
  }
  return out;
}

export interface LoadStep extends StudySnapshot {
  /** Words in the list (known from the keys before their items are read). */
  total: number;
  /** All items read. */
  complete: boolean;
}

/**
 * Reads the whole list in steps, newest first: the first `first` items (the first screen), then slices
 * of `slice`, each reported through `onStep` with everything read so far. With 30,000 words the first
 * screen does not wait for the other 29,950 (reading them all takes a second or more).
 */
export async function loadStudyList(onStep: (step: LoadStep) => void, first = 60, slice = 2_000): Promise<void> {
  const keys = await allKeys();
  if (keys.includes(LEGACY_KEY)) {
    // The old single list is still there (the background moves it when it starts): read everything.
    const all = await readStudyList();
    onStep({ ...all, total: all.items.length, complete: true });
    return;
  }
  const head = await area().get([VERSION_KEY, ASIDE_KEY]);
  const version = readVersion(head[VERSION_KEY]);
  const readOnly = version !== null && version > STUDY_STORAGE_VERSION ? new StudyReadOnly(version).message : null;
  const itemKeys = new Set(keys.filter((k) => k.startsWith(ITEM_PREFIX)));
  const ordered: string[] = [];
  for (const k of keys.filter((k) => k.startsWith(DATE_PREFIX)).sort().reverse()) {
    const d = parseDateKey(k);
    const key = d ? ITEM_PREFIX + d.word : '';
    if (d && itemKeys.delete(key)) ordered.push(key);
  }
  ordered.push(...itemKeys); // items without a date key (written by hand, say): after the others
  const items: StudyItem[] = [];
  const unreadable: Unreadable[] = readAside(head[ASIDE_KEY], ASIDE_KEY);
  let at = 0;
  do {
    const part = ordered.slice(at, at + (at === 0 ? first : slice));
    at += part.length;
    const got = part.length ? await area().get(part) : {};
    for (const key of part) {
      if (got[key] === undefined) continue; // removed meanwhile
      const r = readAnyItem(got[key]);
      if (r.ok) items.push(r.item);
      else unreadable.push({ where: key, reason: r.reason, value: got[key] });
    }
    onStep({ items: [...items], unreadable: [...unreadable], readOnly, total: ordered.length, complete: at >= ordered.length });
  } while (at < ordered.length);
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
  return words.filter((w, i) => got[keys[i]!] !== undefined && readAnyItem(got[keys[i]!]).ok);
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
  const oldDates = new Map(present.items.map((it) => [studyKey(it), dateKey(it)]));
  const set: Record<string, unknown> = {};
  const remove: string[] = [LEGACY_KEY];
  for (const it of merged) {
    set[itemKey(it.simplified)] = it;
    set[dateKey(it)] = 1;
    const old = oldDates.get(studyKey(it));
    if (old && old !== dateKey(it)) remove.push(old);
  }
  const asideNow = readAside((await area().get(ASIDE_KEY))[ASIDE_KEY], ASIDE_KEY);
  const aside = [...asideNow, ...legacy.unreadable, ...present.unreadable];
  if (aside.length) set[ASIDE_KEY] = aside;
  await write(set, remove);
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
    const { items, unreadable } = await readWords(words);
    const before = new Map(items.map((it) => [studyKey(it), it]));
    const { put, drop, result } = fn(new Map(before));
    if (!put.length && !drop.length) return result;
    const set: Record<string, unknown> = {};
    const remove: string[] = [];
    for (const it of put) {
      const old = before.get(studyKey(it));
      set[itemKey(it.simplified)] = it;
      set[dateKey(it)] = 1;
      if (old && dateKey(old) !== dateKey(it)) remove.push(dateKey(old));
    }
    for (const word of drop) {
      const old = before.get(studyKey({ simplified: word }));
      if (old) remove.push(itemKey(word), dateKey(old));
    }
    // Unreadable values about to be replaced or removed: kept aside first, in the same `set`.
    const replaced = unreadable.filter((u) => put.some((it) => itemKey(it.simplified) === u.where) || drop.some((w) => itemKey(w) === u.where));
    if (replaced.length) {
      set[ASIDE_KEY] = [...readAside((await area().get(ASIDE_KEY))[ASIDE_KEY], ASIDE_KEY), ...replaced];
      // Its date key is unknown (the value could not be read): find any left behind.
      const stale = new Set(replaced.map((u) => u.where.slice(ITEM_PREFIX.length)));
      for (const k of await allKeys()) {
        const d = parseDateKey(k);
        if (d && stale.has(d.word) && !(k in set)) remove.push(k);
      }
    }
    if (Object.keys(set).length) await write(set, drop.length ? [] : remove);
    if (drop.length) {
      // A removal is the point of the change here: its failure is reported (the word is still saved).
      try {
        await area().remove(remove);
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
 * Removes what could not be read, for good (the reader chose Discard after the notice): the kept-aside
 * list, and the unreadable values under item keys (`where`) with their date keys.
 */
export function discardUnreadable(which: readonly Unreadable[]): Promise<void> {
  return serialised(async () => {
    const keys = new Set(which.map((u) => u.where).filter((w) => w.startsWith(ITEM_PREFIX)));
    const remove = [ASIDE_KEY, ...keys];
    const words = new Set([...keys].map((k) => k.slice(ITEM_PREFIX.length)));
    // Only values still unreadable: a word saved again since is kept.
    const now = await area().get([...keys]);
    for (const k of keys) {
      if (now[k] !== undefined && readAnyItem(now[k]).ok) {
        remove.splice(remove.indexOf(k), 1);
        words.delete(k.slice(ITEM_PREFIX.length));
      }
    }
    for (const k of await allKeys()) {
      const d = parseDateKey(k);
      if (d && words.has(d.word)) remove.push(k);
    }
    try {
      await area().remove(remove);
    } catch (err) {
      throw new StudyWriteError(err);
    }
  });
}

/**
 * The saved words by simplified form, for marking them in the card and the glossary (any reading saved
 * counts: the mark tells the reader "you have this one").
 */
export function savedWords(items: readonly StudyItem[]): Set<string> {
  return new Set(items.map((it) => it.simplified));
}
