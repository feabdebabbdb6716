/**
 * Word levels (dictionary/levels): normalising the HSK lists, the levels.bin layout and its reader, the
 * display rule, and the shipped lists against the real dictionary (≥ 99 % of the listed words resolve to
 * an entry and get their level).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dictionary } from '../../dictionary/reader';
import { ensureAssets, GENERATED_DIR } from '../../dictionary/cli/node-core';
import { buildLevels, type BuiltLevels } from '../../dictionary/levels/build-levels';
import { bandLabel, bandOfRank, encodeLevels, hskLabel, levelBadge, Levels, RANKED_WORDS } from '../../dictionary/levels/levels';
import { lowestLevels, normaliseListed, parseHsk2021, parseHsk2025, withErhuaBases, type HskLevel } from '../../dictionary/levels/sources';

describe('normalising listed words', () => {
  it('drops sense numbers and expands optional parts and variants', () => {
    expect(normaliseListed('本1')).toEqual(['本']);
    expect(normaliseListed('过去2')).toEqual(['过去']);
    expect(normaliseListed('没（有）')).toEqual(['没', '没有']);
    expect(normaliseListed('有（一）点儿')).toEqual(['有点儿', '有一点儿']);
    expect(normaliseListed('要不(然)')).toEqual(['要不', '要不然']);
    expect(normaliseListed('爸爸｜爸')).toEqual(['爸爸', '爸']);
    expect(normaliseListed('\uFEFF 再见 ')).toEqual(['再见']);
    expect(normaliseListed('〇')).toEqual(['〇']);
    expect(normaliseListed('ABC')).toEqual([]);
    expect(normaliseListed('')).toEqual([]);
  });

  it('reads a 2025 level file and keeps the lowest level of a word listed twice', () => {
    const one = parseHsk2025('本1\n没（有）\n\nxyz\n', 1);
    expect(one.words.map((w) => w.words)).toEqual([['本'], ['没', '没有']]);
    expect(one.dropped).toEqual([[4, 'xyz']]);
    const three = parseHsk2025('本2\n朋友\n', 3);
    const levels = lowestLevels([...three.words, ...one.words]);
    expect(levels.get('本')).toBe(1);
    expect(levels.get('没有')).toBe(1);
    expect(levels.get('朋友')).toBe(3);
  });

  it('reads the 2021 table, one row per written form, "7-9" as level 7', () => {
    const csv =
      'ID,Simplified,Traditional,Pinyin,POS,Level\nL1-0004,爸爸,爸爸,bàba,N,1\nL1-0004,爸,爸,bà,N,1\nL7-0001,阿姨,阿姨,āyí,N,7-9\nL2-0001,坏行,,,,two\n';
    const r = parseHsk2021(csv);
    expect(r.words.map((w) => [w.words[0], w.level])).toEqual([
      ['爸爸', 1],
      ['爸', 1],
      ['阿姨', 7],
    ]);
    expect(r.dropped.map(([line]) => line)).toEqual([5]);
  });

  it('gives the form without erhua 儿 the level of the listed erhua form, only for real erhua', () => {
    const listed = new Map<string, HskLevel>([
      ['一点儿', 1],
      ['女儿', 1],
      ['这儿', 1],
      ['这', 1],
    ]);
    const erhua = new Set(['一点儿', '这儿']);
    const { levels, added } = withErhuaBases(listed, (w) => erhua.has(w));
    expect(levels.get('一点')).toBe(1);
    expect(levels.has('女')).toBe(false); // 女儿 is nǚ'ér, not an erhua form
    expect(added).toBe(1); // 这 was listed already
  });
});

describe('levels.bin', () => {
  const ranked = ['的', '了', '经济', '发展'];
  const hsk2021 = new Map<string, HskLevel>([
    ['的', 1],
    ['经济', 3],
    ['干部', 7],
  ]);
  const hsk2025 = new Map<string, HskLevel>([
    ['的', 1],
    ['经济', 4],
    ['阿姨', 2],
  ]);
  const levels = Levels.fromBytes(encodeLevels({ ranked, hsk2021, hsk2025 }));

  it('answers levels under both standards, rank and band; all null for unknown words', () => {
    expect(levels.levelOf('经济')).toEqual({ hsk2021: 3, hsk2025: 4, rank: 3, band: 1 });
    expect(levels.levelOf('干部')).toEqual({ hsk2021: 7, hsk2025: null, rank: null, band: null });
    expect(levels.levelOf('阿姨')).toEqual({ hsk2021: null, hsk2025: 2, rank: null, band: null });
    expect(levels.levelOf('发展')).toEqual({ hsk2021: null, hsk2025: null, rank: 4, band: 1 });
    expect(levels.levelOf('两学一做')).toEqual({ hsk2021: null, hsk2025: null, rank: null, band: null });
    expect(levels.size).toBe(6);
    expect(levels.rankedCount).toBe(4);
  });

  it('lists the most frequent words and the words up to a level', () => {
    expect(levels.topWords(2)).toEqual(['的', '了']);
    expect(levels.topWords(99)).toEqual(ranked);
    expect(levels.topWords(-1)).toEqual([]);
    expect(levels.wordsUpTo(2021, 3).sort()).toEqual(['的', '经济'].sort());
    expect(levels.wordsUpTo(2021, 7).sort()).toEqual(['的', '经济', '干部'].sort());
    expect(levels.wordsUpTo(2025, 2).sort()).toEqual(['的', '阿姨'].sort());
  });

  it('rejects bytes that are not a levels asset', () => {
    expect(() => Levels.fromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/levels: bad magic/);
  });

  it('bands and labels', () => {
    expect([1, 1000, 1001, 2000, 5000, 10_000, 20_000, 30_000, 30_001].map(bandOfRank)).toEqual([1, 1, 2, 2, 3, 4, 5, 6, null]);
    expect(bandLabel(1)).toBe('top 1,000');
    expect(hskLabel(3)).toBe('HSK 3');
    expect(hskLabel(7)).toBe('HSK 7–9');
  });
});

describe('the level badge (display rule)', () => {
  const both = { hsk2021: 3, hsk2025: 4, rank: 114, band: 1 } as const;
  it('shows the chosen standard, 2025 by default', () => {
    expect(levelBadge(both, null)).toEqual({ kind: 'hsk', level: 4, text: 'HSK 4', standard: 2025 });
    expect(levelBadge(both, null, 2021)).toEqual({ kind: 'hsk', level: 3, text: 'HSK 3', standard: 2021 });
  });
  it('falls back to the other standard, naming it', () => {
    expect(levelBadge({ hsk2021: 7, hsk2025: null, rank: null, band: null }, 'party')).toEqual({
      kind: 'hsk',
      level: 7,
      text: 'HSK 7–9',
      standard: 2021,
    });
  });
  it('shows a civic category in place of a level the word lacks', () => {
    const none = { hsk2021: null, hsk2025: null, rank: null, band: null };
    expect(levelBadge(none, 'formulations')).toEqual({ kind: 'civic', category: 'formulations', text: 'Formulation' });
    expect(levelBadge(null, 'party')).toEqual({ kind: 'civic', category: 'party', text: 'Party' });
    expect(levelBadge(none, null)).toBeNull();
  });
});

describe('the shipped HSK lists against the real dictionary', () => {
  let built: BuiltLevels;
  let levels: Levels;
  let dict: Dictionary;

  beforeAll(async () => {
    await ensureAssets();
    dict = Dictionary.fromBytes(new Uint8Array(readFileSync(join(GENERATED_DIR, 'dict.bin'))));
    for (const [i, name] of dict.shardFiles().entries()) {
      dict.addSensesShard(i, new Uint8Array(readFileSync(join(GENERATED_DIR, name))));
    }
    built = buildLevels();
    levels = Levels.fromBytes(built.bytes);
  }, 120_000);

  for (const standard of [2021, 2025] as const) {
    it(`≥ 99 % of the ${standard} words resolve to a dictionary entry and get their level`, () => {
      const list = standard === 2021 ? built.lists.hsk2021 : built.lists.hsk2025;
      expect(list.length).toBeGreaterThan(10_000);
      let resolved = 0;
      for (const item of list) {
        const ok = item.words.some((w) => {
          const entries = dict.lookup(w);
          if (entries.length === 0) return false;
          const l = levels.levelOf(entries[0]!.simplified);
          const got = standard === 2021 ? l.hsk2021 : l.hsk2025;
          return got !== null && got <= item.level;
        });
        if (ok) resolved++;
      }
      const share = resolved / list.length;
      console.log(`HSK ${standard}: ${resolved} of ${list.length} listed words resolve and get a level (${(share * 100).toFixed(2)} %)`);
      expect(share).toBeGreaterThanOrEqual(0.99);
    });
  }

  it('normalises the 2025 lines with sense numbers and optional parts, and no line is lost', () => {
    expect(built.lists.dropped).toEqual([]);
    expect(levels.levelOf('本').hsk2025).toBe(1);
    expect(levels.levelOf('没').hsk2025).toBe(1);
    expect(levels.levelOf('没有').hsk2025).toBe(1);
    expect(levels.levelOf('有点儿').hsk2025).not.toBeNull();
    expect(levels.levelOf('一点').hsk2025).toBe(levels.levelOf('一点儿').hsk2025);
  });

  it('ranks dictionary words by jieba count, bands included', () => {
    expect(levels.rankedCount).toBe(RANKED_WORDS);
    const top = levels.topWords(100);
    for (const w of ['的', '是', '在', '和']) expect(top).toContain(w);
    for (const w of levels.topWords(RANKED_WORDS)) expect(dict.has(w)).toBe(true);
    expect(levels.levelOf('经济').band).toBe(1);
  });
});
