/**
 * One versioned, validated value in browser.storage.local, shared by the word-knowledge store and the
 * review state. Stored as `{ v: version, data }` in a single key, so a version and its data are written
 * together.
 *
 * - Every read validates. Data written by an older version is migrated in memory (and written back at the
 *   next change); data that does not validate, or that a newer Dubao wrote, is never replaced: reads throw
 *   an UnreadableError whose message can be shown as is, changes are refused, and the raw value stays
 *   where it was until the reader chooses `setAside()` (which copies it under another key first).
 * - Every change is a read-modify-write through `mutate`, serialised within this context by a queue and
 *   across contexts (service worker, extension pages) by a Web Lock, as the study list does.
 * - A write that fails (quota) leaves storage as it was and rejects with a WriteError for the reader.
 */
import { storage, type StorageItemKey } from 'wxt/utils/storage';

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Stored data is JSON text: browsers hand one string to and from storage far faster than the same data
 * as thousands of object properties (20,000 words: about 30 ms against 40–160 ms in Chromium). A decoder
 * takes either the text or the parsed value (backups hold the value).
 */
export function parseData(data: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (typeof data !== 'string') return { ok: true, value: data };
  try {
    return { ok: true, value: JSON.parse(data) as unknown };
  } catch {
    return { ok: false, problem: 'the stored text is not valid JSON' };
  }
}

export interface VersionedSpec<T> {
  /** Storage key, e.g. "local:wordStates". */
  key: StorageItemKey;
  /** Web Lock name held while changing it. */
  lock: string;
  /** Current version (1 and up). */
  version: number;
  /** What a reader calls it in messages: "your word states". */
  label: string;
  /** The value when nothing was ever stored. */
  empty(): T;
  /** migrations[n] turns version n-1 data into version n data (may throw: the data is then unreadable). */
  migrations?: Record<number, (old: unknown) => unknown>;
  /** Checks stored data of the current version: the value, or a phrase saying what is wrong. */
  decode(data: unknown): Decoded<T>;
  /** What is stored for a value (plain JSON data). */
  encode(value: T): unknown;
}

/** The stored value cannot be read; it is kept as it was. The message is a sentence for the reader. */
export class UnreadableError extends Error {
  override readonly name = 'UnreadableError';
  constructor(
    label: string,
    readonly problem: string,
  ) {
    super(`Dubao could not read ${label} (${problem}). Nothing was changed: what is stored is kept as it is.`);
  }
}

export class WriteError extends Error {
  override readonly name = 'WriteError';
  constructor(label: string, cause: unknown) {
    const text = cause instanceof Error ? cause.message : String(cause);
    super(
      /quota/i.test(text)
        ? `Dubao could not save ${label}: the browser storage for Dubao is full. Nothing saved before was lost.`
        : `Dubao could not save ${label} (${text}). Nothing saved before was lost.`,
    );
  }
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

function exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks ? locks.request(name, fn) : fn();
}

export type ReadOutcome<T> =
  | { ok: true; value: T /** the version the data was stored at, when older than the current one */; migratedFrom?: number }
  | { ok: false; error: UnreadableError; raw: unknown };

/** Reads and checks a stored envelope (pure: the tests call it on hand-made data). */
export function readEnvelope<T>(spec: VersionedSpec<T>, raw: unknown): ReadOutcome<T> {
  const fail = (problem: string): ReadOutcome<T> => ({ ok: false, error: new UnreadableError(spec.label, problem), raw });
  if (raw === undefined || raw === null) return { ok: true, value: spec.empty() };
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail('the stored value is not an object');
  const env = raw as { v?: unknown; data?: unknown };
  const v = env.v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail('the stored value has no version');
  if (v > spec.version) return fail(`it was written by a newer version of Dubao (format ${v}; this one reads up to ${spec.version})`);
  let data = env.data;
  for (let n = v + 1; n <= spec.version; n++) {
    const step = spec.migrations?.[n];
    if (!step) return fail(`no way to update format ${n - 1} to ${n}`);
    try {
      data = step(data);
    } catch (e) {
      return fail(`updating it from format ${n - 1} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const decoded = spec.decode(data);
  if (!decoded.ok) return fail(decoded.problem);
  return v < spec.version ? { ok: true, value: decoded.value, migratedFrom: v } : { ok: true, value: decoded.value };
}

export interface VersionedStore<T> {
  readonly spec: VersionedSpec<T>;
  /** The current value; throws UnreadableError when storage holds something it cannot read. */
  read(): Promise<T>;
  /** As read, but returns the outcome instead of throwing (for pages that show the problem). */
  inspect(): Promise<ReadOutcome<T>>;
  /** Runs `change` on the current value and stores the result (see the module comment). */
  mutate<R>(change: (value: T) => { value: T; result: R }): Promise<R>;
  /** Calls `cb` with the outcome whenever another context (or this one) changes the stored value. */
  watch(cb: (outcome: ReadOutcome<T>) => void): () => void;
  /**
   * When the stored value is unreadable: copies it, untouched, to "<key>.unreadable.<now>" and removes it
   * from the key, so that the store starts empty. Returns the key it was copied to, or null when the
   * stored value was readable (nothing done).
   */
  setAside(now?: number): Promise<string | null>;
}

export function versionedStore<T>(spec: VersionedSpec<T>): VersionedStore<T> {
  let queue: Promise<unknown> = Promise.resolve();
  // The last envelope read or written as text, with its value: reading the same text again (the usual
  // case: every change reads before it writes) skips parsing and checking. Values are never mutated.
  let cache: { v: number; data: string; value: T } | null = null;

  const remember = (raw: unknown, value: T) => {
    const env = raw as { v?: unknown; data?: unknown } | null;
    cache = env && env.v === spec.version && typeof env.data === 'string' ? { v: spec.version, data: env.data, value } : null;
  };

  const readRaw = (raw: unknown): ReadOutcome<T> => {
    const env = raw as { v?: unknown; data?: unknown } | null;
    if (cache && env && typeof env === 'object' && env.v === cache.v && env.data === cache.data) return { ok: true, value: cache.value };
    const r = readEnvelope(spec, raw);
    if (r.ok && r.migratedFrom === undefined) remember(raw, r.value);
    return r;
  };

  const inspect = async (): Promise<ReadOutcome<T>> => readRaw(await storage.getItem<unknown>(spec.key));

  const serial = <R>(fn: () => Promise<R>): Promise<R> => {
    const run = queue.then(() => exclusive(spec.lock, fn));
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    spec,
    inspect,
    async read() {
      const r = await inspect();
      if (!r.ok) throw r.error;
      return r.value;
    },
    mutate<R>(change: (value: T) => { value: T; result: R }): Promise<R> {
      return serial(async () => {
        const r = await inspect();
        if (!r.ok) throw r.error;
        const { value, result } = change(r.value);
        if (value !== r.value || r.migratedFrom !== undefined) {
          const env = { v: spec.version, data: spec.encode(value) };
          try {
            await storage.setItem(spec.key, env);
          } catch (err) {
            throw new WriteError(spec.label, err);
          }
          remember(env, value);
        }
        return result;
      });
    },
    watch(cb) {
      return storage.watch<unknown>(spec.key, (raw) => cb(readRaw(raw)));
    },
    setAside(now = Date.now()) {
      return serial(async () => {
        const raw = await storage.getItem<unknown>(spec.key);
        if (readEnvelope(spec, raw).ok) return null;
        const aside = `${spec.key}.unreadable.${now}` as StorageItemKey;
        await storage.setItem(aside, raw);
        await storage.removeItem(spec.key);
        return aside;
      });
    },
  };
}
