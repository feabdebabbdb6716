/**
 * The reading a headword shows first: the one the HSK 3.0 list gives (lowest level first), then the others
 * in CC-CEDICT's order. Pure cases written here, then the shipped dictionary (built when missing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { byListedReading, listedReadings, readingKey } from '../../dictionary/build/reading-order';
import { ensureAssets, GENERATED_DIR } from '../../dictionary/cli/node-core';
import { Dictionary } from '../../dictionary/reader';
import type { ListedWord } from '../../dictionary/levels/sources';
import { parseHsk2021 } from '../../dictionary/levels/sources';
import type { DictEntry } from '../../dictionary/types';

const entry = (simplified: string, pinyin: string, sense: string): DictEntry => ({
  simplified,
  traditional: simplified,
  pinyin,
  pinyinNumbered: '',
  definitions: [sense],
  classifiers: [],
  source: 'cedict',
  civic: null,
});

const listed = (word: string, pinyin: string, level: ListedWord['level']): ListedWord => ({ listed: word, words: [word], level, pinyin });

describe('reading order (pure)', () => {
  it('keys readings by letters and tone marks, keeping capitals', () => {
    expect(readingKey('dōng xi')).toBe(readingKey('dōngxi'));
    expect(readingKey("nǚ'ér")).toBe(readingKey('nǚ ér'));
    expect(readingKey('Sūn zǐ')).not.toBe(readingKey('sūnzi'));
    expect(readingKey('Běi jīng')).toBe(readingKey('Běijīng'));
  });

  it('puts the listed readings first, lowest level first, and leaves everything else in its order', () => {
    const input = [
      entry('扔', 'rēng', 'to throw'),
      entry('担', 'dān', 'to carry on a pole'),
      entry('担', 'dàn', 'a load'),
      entry('担', 'dǎn', 'a dust off'),
      entry('东西', 'dōng xī', 'east and west'),
      entry('东西', 'dōng xi', 'thing'),
      entry('拿', 'ná', 'to hold'),
    ];
    const readings = listedReadings([listed('担', 'dàn', 6), listed('担', 'dān', 7), listed('东西', 'dōngxi', 1), listed('扔', 'rēng', 4)]);
    const out = byListedReading(input, readings).map((e) => `${e.simplified}:${e.pinyin}`);
    expect(out).toEqual(['扔:rēng', '担:dàn', '担:dān', '担:dǎn', '东西:dōng xi', '东西:dōng xī', '拿:ná']);
  });

  it('takes the lowest level a reading is listed at, and reads the Pinyin column of the 2021 list', () => {
    const { words } = parseHsk2021('ID,Simplified,Traditional,Pinyin,POS,Level\nA,过,過,guo,Aux,2\nB,过,過,guò,V,1\nC,过,過,guò,V,3\n');
    expect(words.map((w) => w.pinyin)).toEqual(['guo', 'guò', 'guò']);
    expect(listedReadings(words).get('过')).toEqual(
      new Map([
        ['guo', 2],
        ['guò', 1],
      ]),
    );
  });
});

describe('reading order of the shipped dictionary', () => {
  let dict: Dictionary;
  beforeAll(async () => {
    await ensureAssets();
    dict = Dictionary.fromBytes(new Uint8Array(readFileSync(join(GENERATED_DIR, 'dict.bin'))));
    for (const [i, name] of dict.shardFiles().entries()) dict.addSensesShard(i, new Uint8Array(readFileSync(join(GENERATED_DIR, name))));
  }, 120_000);

  const first = (word: string) => dict.lookup(word).find((e) => e.source === 'cedict')?.pinyin;

  it('shows the reading a learner meets first', () => {
    expect(first('打')).toBe('dǎ');
    expect(first('说')).toBe('shuō');
    expect(first('說')).toBe('shuō');
    expect(first('听')).toBe('tīng');
    expect(first('看')).toBe('kàn');
    expect(first('读')).toBe('dú');
    expect(first('几')).toBe('jǐ');
    expect(first('东西')).toBe('dōng xi');
    expect(first('告诉')).toBe('gào su');
    expect(first('便宜')).toBe('pián yi');
    expect(first('了')).toBe('le');
    expect(first('还')).toBe('hái');
  });

  it('keeps the glossary row on the same reading', () => {
    const head = dict.glossaryHead('说')!;
    expect(dict.glossaryDetail(head).pinyin).toBe('shuō');
  });
});
