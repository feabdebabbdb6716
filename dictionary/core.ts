/**
 * The core the background and the CLI share: the dictionary and the segmenter, made from the bytes of
 * the shipped assets. I/O is injected (`fetchBytes`), so the same code runs in the service worker
 * (fetch of runtime URLs) and in Node (files under assets/generated; see cli/node-core.ts).
 *
 * Cold start: only dict.bin (without the English senses) and lexicon.bin are on the critical path.
 * The senses shards (senses-NN.bin, FORMAT.md) are fetched once dict.bin has said which there are:
 * first those of the words around a hinted hover (`startCore(...).prefetchFor(text, offset)`, called
 * when the message that woke the worker arrives), then the rest in the background, two at a time, once
 * `backgroundAfter` (the first answer) allows. dict.bin is read before lexicon.bin. A
 * synchronous lookup that needs a shard not yet in throws `SensesNotLoaded`, and `core.run(fn)` awaits
 * that shard (fetching it at once) and calls `fn` again. Handlers therefore read
 * `await core.run(() => cache.at(text, offset))`. In Node, `loadCoreComplete` waits for every shard.
 */
import { Dictionary } from './reader';
import { SensesNotLoaded } from './entries';
import { isGzip } from './format';
import { Segmenter } from './segment';
import { Words } from './words';

export interface Core {
  dictionary: Dictionary;
  segmenter: Segmenter;
  /** Every word with a gloss: the dictionary's entries, else one made by rule or composed (words.ts). */
  words: Words;
  /**
   * Runs a synchronous function over the core; when it throws SensesNotLoaded, waits for that shard
   * (fetching it now if it was not requested yet) and runs it again. Other errors pass through.
   */
  run<T>(fn: () => T): Promise<T>;
  /** Resolves when every senses shard has been added (rejects if one cannot be read). */
  complete(): Promise<void>;
  /** Resolves when these senses shards are in, fetched side by side (rejects if one cannot be read). */
  loadShards(indexes: Iterable<number>): Promise<void>;
}

/** Reads one asset by file name ("dict.bin", "lexicon.bin", "senses-00.bin", ...). */
export type FetchBytes = (name: string) => Promise<Uint8Array>;

export const DICT_ASSET = 'dict.bin';
export const LEXICON_ASSET = 'lexicon.bin';

export interface LoadOptions {
  /**
   * How many senses shards are fetched at once in the background (default 2). A shard a lookup is
   * waiting for, or one hinted by prefetchFor, is fetched at once whatever this says. Measured in the
   * cold worker (tests/e2e/hover.test.ts) when shards were 320 KB: all of them asked for at once arrived
   * together ~100 ms after dict.bin, the one the first hover waited for among them; hence two at a time
   * (shards are 128 KB now, SENSES_SHARD_BYTES: 39 of them in 2026-12, FORMAT.md).
   */
  shardConcurrency?: number;
  /**
   * The senses shards nobody asked for are fetched only once this has settled (and the hinted ones are
   * in): the background passes the first answer's gate (utils/first-answer.ts), so that the first
   * lookup's shards have the fetches and the thread to themselves. Default: at once.
   */
  backgroundAfter?: Promise<unknown>;
  /** Instrumentation: called as each start-up step ends ('dict read', 'lexicon read'). */
  onStep?(name: string): void;
}

/**
 * Assets are shipped uncompressed by default: the extension zip deflates them anyway (level 9), and
 * inflating 2.9 MB costs 40-150 ms at load (measured with zlib and DecompressionStream), more than the
 * whole cold-start budget. A gzip-stored asset (build-assets --gzip) still loads, through
 * DecompressionStream, which Chrome, Firefox and Node 18+ all provide.
 */
export async function inflateIfGzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Fetches the senses shards of one dictionary: each at most once at a time, on demand or in order. */
class ShardLoader {
  private readonly pending = new Map<number, Promise<void>>();
  private next = 0;

  constructor(
    private readonly dictionary: Dictionary,
    private readonly fetchBytes: FetchBytes,
  ) {}

  /** Resolves when shard `index` is in the dictionary; fetches it unless it is on its way. */
  load(index: number): Promise<void> {
    if (this.dictionary.hasSensesShard(index)) return Promise.resolve();
    let p = this.pending.get(index);
    if (!p) {
      const name = this.dictionary.shardFiles()[index]!;
      p = this.fetchBytes(name)
        .then(inflateIfGzip)
        .then((bytes) => this.dictionary.addSensesShard(index, bytes))
        .finally(() => this.pending.delete(index));
      this.pending.set(index, p);
    }
    return p;
  }

  /** Fetches every shard, `concurrency` at a time, in file order (shards already asked for are skipped). */
  prefetch(concurrency: number): void {
    const worker = (): Promise<void> => {
      while (this.next < this.dictionary.shardCount && this.dictionary.hasSensesShard(this.next)) this.next++;
      if (this.next >= this.dictionary.shardCount) return Promise.resolve();
      // A failed background fetch is retried when a lookup needs the shard (run) or by complete().
      return this.load(this.next++)
        .catch(() => {})
        .then(worker);
    };
    const n = Math.min(Math.max(1, concurrency), this.dictionary.shardCount);
    for (let i = 0; i < n; i++) void worker();
  }

  async complete(): Promise<void> {
    await Promise.all(this.dictionary.missingShards().map((i) => this.load(i)));
  }
}

/** A core being loaded: the promise, and a way to say early which text a lookup will be about. */
export interface CoreLoading {
  core: Promise<Core>;
  /**
   * Hint: a lookup about `text` around `offset` is coming (the hover message that woke the worker
   * arrives long before the core is ready). The shards holding the senses of the headwords that may
   * cover `offset` are fetched before the others. Cheap, and a no-op once every shard is in.
   */
  prefetchFor(text: string, offset?: number): void;
}

/** Code units either side of a hinted offset whose headwords are prefetched. */
const HINT_REACH = 8;

/** Loads the core; see `CoreLoading.prefetchFor`. `loadCore(f)` is `startCore(f).core`. */
export function startCore(fetchBytes: FetchBytes, options: LoadOptions = {}): CoreLoading {
  let dictionary: Dictionary | null = null;
  let loader: ShardLoader | null = null;
  let done = false;
  const hints: Array<[string, number]> = [];
  const hinted: Array<Promise<unknown>> = [];
  let ready = false;
  // Settled, never rejected (and handled at once: it may settle long before the core is ready).
  const backgroundAfter = options.backgroundAfter?.catch(() => {});

  /** Requests the shards of the headwords covering `offset` and of the words inside them (their parts). */
  const applyHint = (text: string, offset: number): Promise<unknown> => {
    const dict = dictionary!;
    const reach = Math.min(HINT_REACH, dict.maxKeyLength);
    const wanted = new Set<number>();
    let end = offset + 1;
    for (let start = Math.max(0, offset - reach + 1); start <= offset; start++) {
      for (const n of dict.matchLengths(text, start)) {
        if (start + n <= offset) break; // longest first: the rest end before offset too
        end = Math.max(end, start + n);
        for (const s of dict.sensesShardsOf(text.slice(start, start + n))) wanted.add(s);
      }
    }
    for (let start = offset + 1; start < end; start++) {
      for (const n of dict.matchLengths(text, start)) {
        if (start + n > end) continue;
        for (const s of dict.sensesShardsOf(text.slice(start, start + n))) wanted.add(s);
      }
    }
    return Promise.all([...wanted].map((s) => loader!.load(s).catch(() => {})));
  };

  // Both critical files are requested first. When dict.bin has been read (its SHRD table names the
  // shards), the shards of hinted text are requested, then the others in the background.
  const dictReady = fetchBytes(DICT_ASSET)
    .then(inflateIfGzip)
    .then((bytes) => {
      dictionary = Dictionary.fromBytes(bytes);
      options.onStep?.('dict read');
      loader = new ShardLoader(dictionary, fetchBytes);
      hinted.push(...hints.splice(0).map(([text, offset]) => applyHint(text, offset)));
      return dictionary;
    });
  // dict.bin is read first even when lexicon.bin arrives first: reading dict.bin is what lets the hinted
  // shards be requested, and they are fetched while lexicon.bin is read (20-40 ms in a cold worker, its
  // trie itself built lazily). One task boundary before, so a hover message already queued is heard first.
  const lexiconBytes = fetchBytes(LEXICON_ASSET).then(inflateIfGzip);
  const segmenterReady = Promise.all([lexiconBytes, dictReady.catch(() => null)])
    .then(([bytes]) => new Promise<Uint8Array>((resolve) => setTimeout(() => resolve(bytes), 0)))
    .then((bytes) => {
      const segmenter = Segmenter.fromBytes(bytes);
      options.onStep?.('lexicon read');
      return segmenter;
    });
  const core = Promise.all([dictReady, segmenterReady]).then(([dictionary, segmenter]): Core => {
    const shards = loader!;
    ready = true;
    // The hinted shards first, alone (also those hinted until the core is ready); then the rest, a few
    // at a time: all at once, they share the bandwidth and the one a hover waits for arrives late
    // (measured in tests/e2e/hover.test.ts's cold start). They wait for `backgroundAfter` too (in the
    // worker: the first answer, so that they share neither the fetches nor the thread with it).
    void Promise.all([...hinted, backgroundAfter]).then(() => shards.prefetch(options.shardConcurrency ?? 2));
    return {
      dictionary,
      segmenter,
      words: new Words(dictionary, segmenter),
      async run<T>(fn: () => T): Promise<T> {
        // Each retry adds a shard (or rejects), so there are at most shardCount retries.
        for (let tries = 0; ; tries++) {
          try {
            return fn();
          } catch (err) {
            if (!(err instanceof SensesNotLoaded) || tries > dictionary.shardCount) throw err;
            await shards.load(err.shard);
          }
        }
      },
      complete: () => shards.complete(),
      async loadShards(indexes: Iterable<number>) {
        await Promise.all([...new Set(indexes)].map((i) => shards.load(i)));
      },
    };
  });

  return {
    core,
    prefetchFor(text: string, offset = 0) {
      if (done) return;
      if (!dictionary) {
        if (hints.length < 8) hints.push([text, offset]);
        return;
      }
      if (dictionary.missingShards().length === 0) {
        done = true;
        return;
      }
      const p = applyHint(text, offset);
      if (!ready) hinted.push(p);
    },
  };
}

export function loadCore(fetchBytes: FetchBytes, options: LoadOptions = {}): Promise<Core> {
  return startCore(fetchBytes, options).core;
}

/** loadCore, then every senses shard: synchronous lookups need no `run` (Node: CLI, tests, benches). */
export async function loadCoreComplete(fetchBytes: FetchBytes, options: LoadOptions = {}): Promise<Core> {
  const core = await loadCore(fetchBytes, options);
  await core.complete();
  return core;
}
