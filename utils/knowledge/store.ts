/**
 * The word-knowledge store in browser.storage.local (model.ts), in the bucketed layout of
 * utils/learning/bucketed-store.ts (layout version 2):
 *   wordStates$        { v: 2 }, written with every change
 *   wordStates/<n>     n = 0 … 255: the JSON text of the format-1 object of the words hashing to n
 * so a K press writes one bucket (about 1/256 of the marks) and the marker, and a context following the
 * changes receives that much, not every mark. The earlier layout, one value `wordStates` =
 * `{ v: 1, data: "<JSON text of the format-1 object>" }`, is read and moved into the buckets at the first
 * change. Backups keep the format-1 envelope (`knowledgeSpec`, utils/learning/backup.ts). Every read is
 * validated, every change goes through one Web Lock shared by all contexts, and stored data that cannot
 * be read is kept and reported, never replaced.
 *
 *   const k = await loadKnowledge();            k.stateOf('经济', saved)      // O(1) after the load
 *   const { undo } = await markWords(['经济'], 'known');    await undoMarks(undo);
 *   await markWords(pageWords, 'known', { onlyNew: true, saved });           // "I've read this page"
 *   watchKnowledge((r) => r.ok && use(r.value));
 */
import { bucketedStore, type BucketedSpec } from '../learning/bucketed-store';
import { parseData, type ReadOutcome, type VersionedSpec } from '../learning/versioned-store';
import {
  applyMarks,
  applyUndo,
  decodeKnowledge,
  encodeKnowledge,
  encodePacked,
  Knowledge,
  mergeKnowledge,
  type KnowledgeMergeReport,
  type KnowledgeUndo,
  type Mark,
  type MarkOptions,
} from './model';

/** The earlier layout's single value (format 1), migrated at the first change. */
export const KNOWLEDGE_KEY = 'local:wordStates' as const;
/** The format of the word states' data (format 1: model.ts), as backups hold it. */
export const KNOWLEDGE_VERSION = 1;
/** Storage layout: buckets (utils/learning/bucketed-store.ts). */
export const KNOWLEDGE_NAME = 'wordStates';
export const KNOWLEDGE_LAYOUT_VERSION = 2;
export const KNOWLEDGE_BUCKETS = 256;
/** The Web Lock every context holds while it changes the word states. */
export const KNOWLEDGE_LOCK = 'dubao.wordStates';

export const knowledgeSpec: VersionedSpec<Knowledge> = {
  key: KNOWLEDGE_KEY,
  lock: KNOWLEDGE_LOCK,
  version: KNOWLEDGE_VERSION,
  label: 'your word states (known, ignored, learning)',
  empty: () => Knowledge.empty(),
  decode: (data) => {
    const parsed = parseData(data);
    return parsed.ok ? decodeKnowledge(parsed.value) : parsed;
  },
  encode: (k) => JSON.stringify(encodeKnowledge(k)),
};

/** The bucketed layout (benchmarks build the same values). */
export const knowledgeLayout: BucketedSpec<Knowledge, number> = {
  name: KNOWLEDGE_NAME,
  lock: KNOWLEDGE_LOCK,
  version: KNOWLEDGE_LAYOUT_VERSION,
  buckets: KNOWLEDGE_BUCKETS,
  label: knowledgeSpec.label,
  legacy: knowledgeSpec,
  empty: () => Knowledge.empty(),
  entries: (k) => k.packedEntries(),
  get: (k, w) => k.packedOf(w),
  fromEntries: (entries) => Knowledge.fromPacked(new Map(entries)),
  encodeBucket: (entries) => JSON.stringify(encodePacked(entries)),
  decodeBucket: (text) => {
    const parsed = parseData(text);
    if (!parsed.ok) return parsed;
    const d = decodeKnowledge(parsed.value);
    return d.ok ? { ok: true, value: [...d.value.packedEntries()] } : d;
  },
};

export const knowledgeStore = bucketedStore(knowledgeLayout);

/** The reader's marks; throws UnreadableError (a sentence) when storage holds what it cannot read. */
export function loadKnowledge(): Promise<Knowledge> {
  return knowledgeStore.read();
}

/** Follows changes from every context. */
export function watchKnowledge(cb: (outcome: ReadOutcome<Knowledge>) => void): () => void {
  return knowledgeStore.watch(cb);
}

let lastUndo: KnowledgeUndo | null = null;

/**
 * Marks words (one or thousands) and returns how many changed with the undo of this change; the undo is
 * also kept as this context's last one (`undoLastMarks`).
 */
export function markWords(
  words: Iterable<string>,
  mark: Mark,
  options: MarkOptions & { now?: number } = {},
): Promise<{ changed: number; undo: KnowledgeUndo }> {
  const list = [...words];
  return knowledgeStore
    .mutate((k) => {
      const r = applyMarks(k, list, mark, options.now ?? Date.now(), options);
      return { value: r.knowledge, result: { changed: r.changed, undo: r.undo } };
    })
    .then((r) => {
      if (r.changed) lastUndo = r.undo;
      return r;
    });
}

/** Reverts a change made by markWords (words changed again since keep their later state). */
export function undoMarks(undo: KnowledgeUndo): Promise<number> {
  return knowledgeStore
    .mutate((k) => {
      const r = applyUndo(k, undo);
      return { value: r.knowledge, result: r.reverted };
    })
    .then((n) => {
      if (lastUndo === undo) lastUndo = null;
      return n;
    });
}

/** Reverts this context's last markWords; 0 when there is nothing to undo. One step only. */
export function undoLastMarks(): Promise<number> {
  return lastUndo ? undoMarks(lastUndo) : Promise.resolve(0);
}

/** Merges marks from a backup (later mark wins; see mergeKnowledge). */
export function importKnowledge(incoming: Knowledge): Promise<KnowledgeMergeReport> {
  return knowledgeStore.mutate((k) => {
    const r = mergeKnowledge(k, incoming);
    return { value: r.knowledge, result: r.report };
  });
}
