/**
 * What the reader knows, word by word (issue 12). Pure: no storage, no browser.*; store.ts keeps it in
 * browser.storage.local.
 *
 * A word's state is one of
 *   new       never marked and not in the study list
 *   learning  in the study list (saved), or marked learning
 *   known     marked known (K on the card, onboarding, "I've read this page", an Anki import)
 *   ignored   marked ignored (I: names, noise)
 * Only marks are stored, each with the minute it was set; `new` is stored too when the reader sets a word
 * back to unknown (U), so that a merge with an older backup does not bring the old mark back. The study
 * list is not copied here: `stateOf(word, saved)` takes whether the word is saved.
 *
 * Stored form (format 1), compact for 20,000+ words (about 17 bytes a word):
 *   { known: { "<word>": <minute>, … }, ignored: {…}, learning: {…}, new: {…} }
 * where <minute> is minutes since 1970-01-01 UTC (an integer). A word is in at most one group.
 */
import { isAllHan } from '../../dictionary/han';

export type WordState = 'new' | 'learning' | 'known' | 'ignored';
/** What can be stored for a word; `new` is "set back to unknown". */
export type Mark = WordState;

export const MARKS: readonly Mark[] = ['known', 'ignored', 'learning', 'new'];

export interface MarkEntry {
  mark: Mark;
  /** Minutes since the epoch when it was set. */
  at: number;
}

export type KnowledgeData = Record<Mark, Record<string, number>>;

/** Longest headword accepted (the dictionary's longest keys are shorter). */
export const MAX_WORD_LENGTH = 32;

export function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000);
}

/**
 * Han characters only, none of them a compatibility ideograph: NFC and clean as it is (the fast path of
 * decoding; compatibility ideographs are not NFC).
 */
function isStoredWord(w: string): boolean {
  return w.length <= MAX_WORD_LENGTH && isAllHan(w) && !COMPATIBILITY.test(w);
}

const COMPATIBILITY = /[\uf900-\ufaff]/;

/** The word as stored: NFC, trimmed; null when it cannot be a headword. */
export function cleanWord(word: string): string | null {
  if (isStoredWord(word)) return word;
  const w = word.normalize('NFC').trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this check refuses
  if (!w || w.length > MAX_WORD_LENGTH || /[\s\u0000-\u001f]/.test(w)) return null;
  return w;
}

const MARK_CODE: Record<Mark, number> = { known: 0, ignored: 1, learning: 2, new: 3 };

/** A mark and its minute in one number (no object per word: 20,000 words load without 20,000 objects). */
function pack(mark: Mark, at: number): number {
  return at * 4 + MARK_CODE[mark];
}

function unpack(n: number): MarkEntry {
  return { mark: MARKS[n % 4]!, at: Math.floor(n / 4) };
}

/** Word marks in memory: reading one word's mark or state is a Map lookup. Immutable. */
export class Knowledge {
  private constructor(private readonly marks: ReadonlyMap<string, number>) {}

  static empty(): Knowledge {
    return new Knowledge(new Map());
  }

  static fromEntries(entries: Iterable<[string, MarkEntry]>): Knowledge {
    const m = new Map<string, number>();
    for (const [w, e] of entries) m.set(w, pack(e.mark, e.at));
    return new Knowledge(m);
  }

  /** @internal decodeKnowledge's fast path. */
  static fromPacked(marks: Map<string, number>): Knowledge {
    return new Knowledge(marks);
  }

  get size(): number {
    return this.marks.size;
  }

  /** @internal A word's mark and minute as one number (the bucketed store compares and stores these). */
  packedOf(word: string): number | undefined {
    return this.marks.get(word);
  }

  /** @internal Every word with its packed mark. */
  packedEntries(): IterableIterator<[string, number]> {
    return this.marks.entries();
  }

  markOf(word: string): MarkEntry | undefined {
    const n = this.marks.get(word);
    return n === undefined ? undefined : unpack(n);
  }

  /** The word's state; `saved`: whether the study list holds it (a saved, unmarked word is learning). */
  stateOf(word: string, saved = false): WordState {
    const n = this.marks.get(word);
    const m = n === undefined ? 'new' : MARKS[n % 4]!;
    if (m === 'known' || m === 'ignored' || m === 'learning') return m;
    return saved ? 'learning' : 'new';
  }

  /** Words by mark (for counts and backups). */
  counts(): Record<Mark, number> {
    const out: Record<Mark, number> = { known: 0, ignored: 0, learning: 0, new: 0 };
    for (const n of this.marks.values()) out[MARKS[n % 4]!]++;
    return out;
  }

  *entries(): IterableIterator<[string, MarkEntry]> {
    for (const [w, n] of this.marks) yield [w, unpack(n)];
  }

  /** A copy with `changes` applied (undefined removes the word's mark). */
  with(changes: ReadonlyMap<string, MarkEntry | undefined>): Knowledge {
    const next = new Map(this.marks);
    for (const [w, e] of changes) {
      if (e) next.set(w, pack(e.mark, e.at));
      else next.delete(w);
    }
    return new Knowledge(next);
  }
}

/** Stored form (format 1) of packed entries: one bucket of the store (store.ts). */
export function encodePacked(entries: Iterable<[string, number]>): KnowledgeData {
  const out: KnowledgeData = { known: {}, ignored: {}, learning: {}, new: {} };
  for (const [w, n] of entries) {
    const e = unpack(n);
    out[e.mark][w] = e.at;
  }
  return out;
}

/** Stored form of `k` (format 1). */
export function encodeKnowledge(k: Knowledge): KnowledgeData {
  const out: KnowledgeData = { known: {}, ignored: {}, learning: {}, new: {} };
  for (const [w, e] of k.entries()) out[e.mark][w] = e.at;
  return out;
}

/** Checks stored (or backed-up) data of format 1; names the first problem. */
export function decodeKnowledge(data: unknown): { ok: true; value: Knowledge } | { ok: false; problem: string } {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: 'the word states are not an object' };
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) {
    if (!(MARKS as readonly string[]).includes(k)) return { ok: false, problem: `unknown word state "${k}"` };
  }
  const map = new Map<string, number>();
  for (const mark of MARKS) {
    const group = d[mark];
    if (group === undefined) continue;
    if (!group || typeof group !== 'object' || Array.isArray(group)) return { ok: false, problem: `"${mark}" is not an object` };
    const code = MARK_CODE[mark];
    for (const word in group as Record<string, unknown>) {
      const at = (group as Record<string, unknown>)[word];
      if (!isStoredWord(word) && cleanWord(word) !== word) return { ok: false, problem: `${JSON.stringify(word)} is not a word` };
      if (typeof at !== 'number' || !Number.isInteger(at) || at < 0) {
        return { ok: false, problem: `the time of ${word} (${mark}) is not a whole number of minutes` };
      }
      const other = map.get(word);
      if (other !== undefined) return { ok: false, problem: `${word} is both ${MARKS[other % 4]} and ${mark}` };
      map.set(word, at * 4 + code);
    }
  }
  return { ok: true, value: Knowledge.fromPacked(map) };
}

/**
 * Undo of one change: each word's entry before it (undefined: it had none) and the entry the change set.
 * Plain data, so a background can hand it to a page and get it back.
 */
export interface KnowledgeUndo {
  before: Array<[string, MarkEntry | null]>;
  after: Array<[string, MarkEntry]>;
}

export interface MarkOptions {
  /** Only words whose state is `new` ("I've read this page"): known, ignored and learning ones stay. */
  onlyNew?: boolean;
  /** Words in the study list (they are learning, so `onlyNew` leaves them alone). */
  saved?: ReadonlySet<string>;
}

/**
 * Sets `mark` on every word (bulk: onboarding, "I've read this page", an import). Words that already have
 * that mark keep their time. Returns the new knowledge, how many words changed, and the undo.
 */
export function applyMarks(
  k: Knowledge,
  words: Iterable<string>,
  mark: Mark,
  nowMs: number,
  options: MarkOptions = {},
): { knowledge: Knowledge; changed: number; undo: KnowledgeUndo } {
  const at = minuteOf(nowMs);
  const changes = new Map<string, MarkEntry>();
  const before: Array<[string, MarkEntry | null]> = [];
  for (const raw of words) {
    const w = cleanWord(raw);
    if (!w || changes.has(w)) continue;
    const old = k.markOf(w);
    if (old?.mark === mark) continue;
    if (options.onlyNew && k.stateOf(w, options.saved?.has(w) ?? false) !== 'new') continue;
    // Back to unknown for a word that never had a mark changes nothing.
    if (mark === 'new' && !old) continue;
    changes.set(w, { mark, at });
    before.push([w, old ?? null]);
  }
  return {
    knowledge: changes.size ? k.with(changes) : k,
    changed: changes.size,
    undo: { before, after: [...changes] },
  };
}

/**
 * Reverts a change: each word gets back its entry from before, unless it was changed again since (then
 * the later change stays). Returns the knowledge and how many words were reverted.
 */
export function applyUndo(k: Knowledge, undo: KnowledgeUndo): { knowledge: Knowledge; reverted: number } {
  const after = new Map(undo.after);
  const changes = new Map<string, MarkEntry | undefined>();
  for (const [w, old] of undo.before) {
    const set = after.get(w);
    const cur = k.markOf(w);
    if (!set || !cur || cur.mark !== set.mark || cur.at !== set.at) continue;
    changes.set(w, old ?? undefined);
  }
  return { knowledge: changes.size ? k.with(changes) : k, reverted: changes.size };
}

export interface KnowledgeMergeReport {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Merges marks from a backup: a word this browser has no mark for takes the backup's; for a word both
 * have, the later mark wins (the same minute: this browser's). So a merge never undoes a later decision.
 */
export function mergeKnowledge(local: Knowledge, incoming: Knowledge): { knowledge: Knowledge; report: KnowledgeMergeReport } {
  const changes = new Map<string, MarkEntry>();
  const report: KnowledgeMergeReport = { added: 0, updated: 0, unchanged: 0 };
  for (const [w, e] of incoming.entries()) {
    const cur = local.markOf(w);
    if (!cur) {
      changes.set(w, e);
      report.added++;
    } else if (e.at > cur.at && e.mark !== cur.mark) {
      changes.set(w, e);
      report.updated++;
    } else report.unchanged++;
  }
  return { knowledge: changes.size ? local.with(changes) : local, report };
}
