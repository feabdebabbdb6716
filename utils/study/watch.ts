/**
 * Following the study list as it changes in any context (this one included), through
 * browser.storage.onChanged: the items of the buckets that changed (the study page and the review page),
 * and the set of saved words through the buckets' indexes (the popup's saved marks). Reading is read.ts.
 */
import { browser } from 'wxt/browser';
import { studyKey } from './model';
import { ASIDE_KEY, bucketNumber, indexNumber, LEGACY_KEY, V3_PREFIX, VERSION_KEY } from './layout';
import { readBucket, readIndex, readVersion } from './schema';
import { savedWordSet } from './read';
import type { StudyItem } from './types';

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
