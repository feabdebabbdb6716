/**
 * The study list in browser.storage.local: one typed, versioned item. Every change is a read-modify-write
 * through `mutate`, serialised within this context and, through a Web Lock, with the other contexts that
 * write it (the background saves from cards, the study page edits notes and imports): two changes at the
 * same instant both land. A write that fails leaves storage as it was and rejects with a StudyWriteError
 * whose message can be shown to the user as is.
 */
import { storage } from 'wxt/utils/storage';
import { applySave, cleanItem, mergeItems, migrateV1, studyKey, type MergeReport, type SaveOutcome } from './model';
import type { StudyItem, StudySaveRequest } from './types';

export const STUDY_STORAGE_KEY = 'local:studyList' as const;
export const STUDY_STORAGE_VERSION = 2;

export const studyList = storage.defineItem<StudyItem[]>(STUDY_STORAGE_KEY, {
  fallback: [],
  version: STUDY_STORAGE_VERSION,
  migrations: { 2: migrateV1 },
});

export class StudyWriteError extends Error {
  constructor(cause: unknown) {
    const text = cause instanceof Error ? cause.message : String(cause);
    const full = /quota/i.test(text);
    super(
      full
        ? 'The study list could not be saved: the browser storage for Dubao is full. Export a backup and remove some words. Nothing saved before was lost.'
        : `The study list could not be saved (${text}). Nothing saved before was lost.`,
    );
    this.name = 'StudyWriteError';
  }
}

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

/**
 * Runs `change` on the current list and stores the result. Changes made in this context never
 * interleave, and neither do changes from different contexts (see STUDY_LOCK).
 */
export function mutate<T>(change: (items: StudyItem[]) => { items: StudyItem[]; result: T }): Promise<T> {
  const run = queue.then(() => exclusive(async () => {
    const before = await studyList.getValue();
    const { items, result } = change(before);
    if (items !== before) {
      try {
        await studyList.setValue(items);
      } catch (err) {
        throw new StudyWriteError(err);
      }
    }
    return result;
  }));
  queue = run.catch(() => undefined);
  return run;
}

export function saveWord(req: StudySaveRequest, now = Date.now()): Promise<{ outcome: SaveOutcome; item: StudyItem }> {
  return mutate((items) => {
    const r = applySave(items, req, now);
    return { items: r.outcome === 'unchanged' ? items : r.items, result: { outcome: r.outcome, item: r.item } };
  });
}

/** Removes a word; returns it with its position so that Undo can put it back where it was. */
export function removeWord(key: string): Promise<{ item: StudyItem; index: number } | null> {
  return mutate((items) => {
    const index = items.findIndex((it) => studyKey(it) === key);
    if (index < 0) return { items, result: null };
    return { items: items.filter((_, i) => i !== index), result: { item: items[index]!, index } };
  });
}

export function restoreWord(item: StudyItem, index: number): Promise<void> {
  return mutate((items) => {
    if (items.some((it) => studyKey(it) === studyKey(item))) return { items, result: undefined };
    const next = [...items];
    next.splice(Math.min(index, next.length), 0, item);
    return { items: next, result: undefined };
  });
}

export function setNotes(key: string, notes: string): Promise<void> {
  return mutate((items) => {
    const index = items.findIndex((it) => studyKey(it) === key);
    if (index < 0 || items[index]!.notes === notes) return { items, result: undefined };
    const next = [...items];
    next[index] = { ...items[index]!, notes };
    return { items: next, result: undefined };
  });
}

export function importItems(incoming: StudyItem[]): Promise<MergeReport> {
  return mutate((items) => {
    const { items: merged, report } = mergeItems(items, incoming.map(cleanItem));
    return { items: report.added + report.updated ? merged : items, result: report };
  });
}

/**
 * The saved words by simplified form, for marking them in the card and the glossary (any reading saved
 * counts: the mark tells the reader "you have this one").
 */
export function savedWords(items: readonly StudyItem[]): Set<string> {
  return new Set(items.map((it) => it.simplified));
}
