/**
 * A versioned, validated map (word -> entry) in browser.storage.local, kept in buckets so that a change
 * writes only what changed: the word states and the review state (issue 12's follow-up). With 20,000
 * known words the single value of format 1 was ~340 KB, rewritten by every K press and handed by
 * storage.onChanged to every context listening to storage.local; a bucket is 1/BUCKETS of it.
 *
 *   <name>$        { v: <layout version> }: the version marker, written in the same `set` as every change
 *   <name>/<n>     n = 0 … buckets-1: the JSON text of the entries whose word hashes to n (`wordBucket`:
 *                  fixed; changing it or the count is a new layout version)
 *   <name>         the single value of the earlier layout ({ v: 1, data }, versioned-store.ts): read and
 *                  migrated in memory; the first change writes every bucket and the marker in one `set`
 *                  and then removes it (again at the next change if the context stopped in between)
 *   <name>.unreadable.<ms>   what could not be read, set aside on the reader's request
 *
 * The guarantees of versioned-store.ts hold: every read checks every bucket (a bucket whose text did not
 * change since the last read is not decoded again); data that does not validate, or that a newer Dubao
 * wrote, is never replaced: reads throw an UnreadableError whose message is a sentence, changes are
 * refused, and everything stays where it was until `setAside()` copies it away on request; every change
 * is a read-modify-write under this context's queue and a Web Lock shared by all contexts; a write that
 * fails (quota) leaves storage as it was and rejects with a WriteError.
 */
import { browser } from 'wxt/browser';
import { readEnvelope, UnreadableError, WriteError, type Decoded, type ReadOutcome, type VersionedSpec } from './versioned-store';

export interface BucketedSpec<T, E> {
  /** Base of the keys in storage.local (no "local:" prefix): "wordStates". */
  name: string;
  lock: string;
  /** Layout version of the buckets (2 and up: 1 is the single value). */
  version: number;
  /** Number of buckets (fixed for a layout version). */
  buckets: number;
  label: string;
  /** The single value of the earlier layout under `name`, read through versioned-store's checks and migrations. */
  legacy: VersionedSpec<T>;
  empty(): T;
  /** Every entry of a value; entries are compared with === to find what a change touched. */
  entries(value: T): Iterable<[string, E]>;
  get(value: T, word: string): E | undefined;
  fromEntries(entries: Iterable<[string, E]>): T;
  /** A bucket's stored text. */
  encodeBucket(entries: ReadonlyArray<[string, E]>): string;
  /** Checks a bucket's text: its entries, or a phrase saying what is wrong. */
  decodeBucket(text: string): Decoded<Array<[string, E]>>;
}

/** FNV-1a (32 bits) over the UTF-16 code units of the word. */
export function fnv1a(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The bucket of a word: FNV-1a, mixed (MurmurHash3's final step), modulo the count. Stable forever for a
 * layout version. The mixing matters: FNV-1a modulo 256 depends on the low byte of each character only,
 * so words sharing those bytes would crowd into a few buckets.
 */
export function wordBucket(word: string, buckets: number): number {
  let h = fnv1a(word);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % buckets;
}

export interface BucketedStore<T> {
  /** The spec, and the store's name as a versioned store's key ("local:wordStates": what pages show and export as its name). */
  readonly spec: BucketedSpec<T, unknown> & { key: string };
  /** Every key of the layout (marker, buckets, the earlier single value). */
  readonly keys: readonly string[];
  read(): Promise<T>;
  inspect(): Promise<ReadOutcome<T>>;
  mutate<R>(change: (value: T) => { value: T; result: R }): Promise<R>;
  /** Calls `cb` with the outcome whenever a context (this one too) changes the stored value. */
  watch(cb: (outcome: ReadOutcome<T>) => void): () => void;
  /** When unreadable: copies every key of the layout, untouched, to "<name>.unreadable.<now>" and removes them. */
  setAside(now?: number): Promise<string | null>;
  /** The bucket a word is stored in. */
  bucketOf(word: string): number;
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

function exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks ? locks.request(name, fn) : fn();
}

type Snapshot = Record<string, unknown>;

/** A read's outcome, with what a change needs: each bucket's entries and whether the earlier layout is there. */
type Read<T, E> =
  | { ok: true; value: T; parts: Array<Array<[string, E]>>; migratedFrom?: number; legacy: boolean }
  | { ok: false; error: UnreadableError; raw: unknown };

interface StorageChange {
  newValue?: unknown;
}

export function bucketedStore<T, E>(spec: BucketedSpec<T, E>): BucketedStore<T> {
  const marker = `${spec.name}$`;
  const bucketKey = (n: number) => `${spec.name}/${n}`;
  const bucketKeys = Array.from({ length: spec.buckets }, (_, n) => bucketKey(n));
  const keys = [marker, spec.name, ...bucketKeys];
  const ours = new Set(keys);
  const bucketOf = (word: string) => wordBucket(word, spec.buckets);

  // Each bucket's last checked text and entries, and the value they make: a read whose texts are all the
  // same returns the same value (no decoding, no joining). Values are never mutated.
  const partCache: Array<{ text: string | undefined; entries: Array<[string, E]> } | null> = Array.from(
    { length: spec.buckets },
    () => null,
  );
  let valueCache: { texts: Array<string | undefined>; value: T } | null = null;

  const fail = (problem: string, raw: unknown): Read<T, E> => ({ ok: false, error: new UnreadableError(spec.label, problem), raw });

  const partition = (entries: Iterable<[string, E]>): Array<Array<[string, E]>> => {
    const parts: Array<Array<[string, E]>> = Array.from({ length: spec.buckets }, () => []);
    for (const e of entries) parts[bucketOf(e[0])]!.push(e);
    return parts;
  };

  /** Checks what storage holds (pure but for the caches). */
  const readSnapshot = (snap: Snapshot): Read<T, E> => {
    const m = snap[marker];
    const legacyRaw = snap[spec.name];
    if (m === undefined) {
      const stray = bucketKeys.find((k) => snap[k] !== undefined);
      if (stray) return fail(`part ${stray} is stored without the version marker`, snap);
      if (legacyRaw === undefined) {
        const value = spec.empty();
        return { ok: true, value, parts: partition([]), legacy: false };
      }
      const env = legacyRaw as { v?: unknown } | null;
      if (env && typeof env === 'object' && typeof env.v === 'number' && env.v > spec.legacy.version) {
        return fail(`it was written by a newer version of Dubao (format ${env.v}; this one reads up to ${spec.version})`, legacyRaw);
      }
      const r = readEnvelope(spec.legacy, legacyRaw);
      if (!r.ok) return { ok: false, error: r.error, raw: r.raw };
      return {
        ok: true,
        value: r.value,
        parts: partition(spec.entries(r.value)),
        migratedFrom: r.migratedFrom ?? spec.legacy.version,
        legacy: true,
      };
    }
    const v = (m as { v?: unknown } | null)?.v;
    if (!m || typeof m !== 'object' || typeof v !== 'number' || !Number.isInteger(v) || v < 2)
      return fail('the version marker is not one Dubao writes', snap);
    if (v > spec.version)
      return fail(`it was written by a newer version of Dubao (format ${v}; this one reads up to ${spec.version})`, snap);
    const texts: Array<string | undefined> = [];
    const parts: Array<Array<[string, E]>> = [];
    let same = valueCache !== null;
    for (let n = 0; n < spec.buckets; n++) {
      const raw = snap[bucketKeys[n]!];
      if (raw !== undefined && typeof raw !== 'string') return fail(`part ${n} is not text`, snap);
      texts.push(raw);
      if (valueCache && valueCache.texts[n] !== raw) same = false;
      const cached = partCache[n];
      if (cached && cached.text === raw) {
        parts.push(cached.entries);
        continue;
      }
      let entries: Array<[string, E]> = [];
      if (raw !== undefined) {
        const d = spec.decodeBucket(raw);
        if (!d.ok) return fail(`part ${n}: ${d.problem}`, snap);
        const misplaced = d.value.find(([w]) => bucketOf(w) !== n);
        if (misplaced) return fail(`part ${n} holds ${misplaced[0]}, which belongs in part ${bucketOf(misplaced[0])}`, snap);
        entries = d.value;
      }
      partCache[n] = { text: raw, entries };
      parts.push(entries);
    }
    if (same && valueCache) return { ok: true, value: valueCache.value, parts, legacy: legacyRaw !== undefined };
    const value = spec.fromEntries(parts.flat());
    valueCache = { texts, value };
    return { ok: true, value, parts, legacy: legacyRaw !== undefined };
  };

  const getAll = async (): Promise<Snapshot> => (await browser.storage.local.get(keys)) as Snapshot;

  const outcome = (r: Read<T, E>): ReadOutcome<T> =>
    r.ok ? (r.migratedFrom !== undefined ? { ok: true, value: r.value, migratedFrom: r.migratedFrom } : { ok: true, value: r.value }) : r;

  const inspect = async (): Promise<ReadOutcome<T>> => outcome(readSnapshot(await getAll()));

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <R>(fn: () => Promise<R>): Promise<R> => {
    const run = queue.then(() => exclusive(spec.lock, fn));
    queue = run.catch(() => undefined);
    return run;
  };

  /** The words a change touched, by bucket: those whose entry is not the same object (or number) as before. */
  const touched = (before: T, after: T): Map<number, string[]> => {
    const out = new Map<number, string[]>();
    const add = (w: string) => {
      const n = bucketOf(w);
      const list = out.get(n);
      if (list) list.push(w);
      else out.set(n, [w]);
    };
    for (const [w, e] of spec.entries(after)) if (spec.get(before, w) !== e) add(w);
    for (const [w] of spec.entries(before)) if (spec.get(after, w) === undefined) add(w);
    return out;
  };

  return {
    spec: { ...(spec as BucketedSpec<T, unknown>), key: `local:${spec.name}` },
    keys,
    bucketOf,
    inspect,
    async read() {
      const r = await inspect();
      if (!r.ok) throw r.error;
      return r.value;
    },
    mutate<R>(change: (value: T) => { value: T; result: R }): Promise<R> {
      return serial(async () => {
        const snap = await getAll();
        const r = readSnapshot(snap);
        if (!r.ok) throw r.error;
        const { value, result } = change(r.value);
        const migrating = r.migratedFrom !== undefined;
        if (value === r.value && !migrating) {
          if (r.legacy) await browser.storage.local.remove(spec.name).catch(() => undefined);
          return result;
        }
        const write: Record<string, unknown> = { [marker]: { v: spec.version } };
        const texts = bucketKeys.map((k) => (typeof snap[k] === 'string' ? (snap[k] as string) : undefined));
        const newParts: Array<[number, Array<[string, E]>]> = [];
        if (migrating) {
          partition(spec.entries(value)).forEach((entries, n) => {
            if (entries.length) newParts.push([n, entries]);
          });
        } else {
          for (const [n, words] of touched(r.value, value)) {
            // The bucket's words as they were, with the change applied, then its new words.
            const old = r.parts[n]!;
            const had = new Set(old.map(([w]) => w));
            const entries: Array<[string, E]> = [];
            for (const [w] of old) {
              const e = spec.get(value, w);
              if (e !== undefined) entries.push([w, e]);
            }
            for (const w of words) {
              const e = had.has(w) ? undefined : spec.get(value, w);
              if (e !== undefined) entries.push([w, e]);
            }
            newParts.push([n, entries]);
          }
        }
        for (const [n, entries] of newParts) {
          const text = spec.encodeBucket(entries);
          write[bucketKeys[n]!] = text;
          texts[n] = text;
        }
        try {
          await browser.storage.local.set(write);
        } catch (err) {
          throw new WriteError(spec.label, err);
        }
        for (const [n, entries] of newParts) partCache[n] = { text: texts[n], entries };
        if (migrating) for (let n = 0; n < spec.buckets; n++) if (texts[n] === undefined) partCache[n] = { text: undefined, entries: [] };
        valueCache = { texts, value };
        // The earlier layout's value is copied into the buckets by the `set` above: it can go.
        if (r.legacy) await browser.storage.local.remove(spec.name).catch(() => undefined);
        return result;
      });
    },
    watch(cb) {
      // A copy of what storage holds, read once and kept current by the changes (each carries the new
      // value of every key a `set` changed): a change hands over one bucket, not the whole map.
      let snap: Snapshot | null = null;
      const early: Array<Record<string, StorageChange>> = [];
      let stopped = false;
      const apply = (changes: Record<string, StorageChange>) => {
        for (const [k, c] of Object.entries(changes)) {
          if (!ours.has(k)) continue;
          if (c.newValue === undefined) delete snap![k];
          else snap![k] = c.newValue;
        }
      };
      const listener = (changes: Record<string, StorageChange>) => {
        if (stopped || !Object.keys(changes).some((k) => ours.has(k))) return;
        if (!snap) {
          early.push(changes);
          return;
        }
        apply(changes);
        cb(outcome(readSnapshot(snap)));
      };
      const area = browser.storage.local as unknown as {
        onChanged?: { addListener(l: typeof listener): void; removeListener(l: typeof listener): void };
      };
      const global = (changes: Record<string, StorageChange>, name: string) => {
        if (name === 'local') listener(changes);
      };
      if (area.onChanged) area.onChanged.addListener(listener);
      else browser.storage.onChanged.addListener(global);
      void getAll().then((s) => {
        if (stopped) return;
        snap = { ...s };
        if (!early.length) return;
        for (const c of early.splice(0)) apply(c);
        cb(outcome(readSnapshot(snap)));
      });
      return () => {
        stopped = true;
        if (area.onChanged) area.onChanged.removeListener(listener);
        else browser.storage.onChanged.removeListener(global);
      };
    },
    setAside(now = Date.now()) {
      return serial(async () => {
        const snap = await getAll();
        const r = readSnapshot(snap);
        if (r.ok) return null;
        const aside = `${spec.name}.unreadable.${now}`;
        const present = keys.filter((k) => snap[k] !== undefined);
        // The earlier layout alone is kept as it was; the buckets together, key by key.
        const value =
          present.length === 1 && present[0] === spec.name ? snap[spec.name] : Object.fromEntries(present.map((k) => [k, snap[k]]));
        await browser.storage.local.set({ [aside]: value });
        await browser.storage.local.remove(present);
        return `local:${aside}`;
      });
    },
  };
}
