import { describe, expect, it } from 'vitest';
import {
  marksToNumbered,
  numberedKey,
  splitToneMark,
  tonelessKey,
  toneMarkCount,
  numberedToMarks,
  referencesToMarks,
  syllableToMarks,
  toneOfMarked,
  tonesOfMarked,
  tonesOfNumbered,
} from '../../dictionary/pinyin';

describe('numberedToMarks', () => {
  it.each([
    ['ma1', 'mā'],
    ['ma2', 'má'],
    ['ma3', 'mǎ'],
    ['ma4', 'mà'],
    ['ma5', 'ma'],
    ['hao3', 'hǎo'],
    ['xie4', 'xiè'],
    ['lou2', 'lóu'],
    ['liu4', 'liù'],
    ['gui4', 'guì'],
    ['lu:4', 'lǜ'],
    ['nu:e4', 'nüè'],
    ['er2', 'ér'],
    ['r5', 'r'],
    ['ng2', 'ńg'],
    ['m4', 'm̀'],
    ['hm5', 'hm'],
    ['Xi1', 'Xī'],
    ['Ou1', 'Ōu'],
    ['E2', 'É'],
  ])('%s -> %s', (numbered, marks) => {
    expect(syllableToMarks(numbered)).toBe(marks);
  });

  it('converts a whole reading and keeps non-syllable tokens', () => {
    expect(numberedToMarks('Zhong1 guo2  ren2')).toBe('Zhōng guó rén');
    expect(numberedToMarks('ka3 la1 O K')).toBe('kǎ lā O K');
    expect(numberedToMarks('Yue1 han4 · Shi3')).toBe('Yuē hàn · Shǐ');
    expect(numberedToMarks('san1 C , 3')).toBe('sān C , 3');
  });

  it('gives precomposed characters (NFC)', () => {
    expect(numberedToMarks('lu:3')).toBe('l\u01DA');
    expect(numberedToMarks('lu:3').length).toBe(2);
  });
});

describe('referencesToMarks', () => {
  it('gives cross-references inside a sense tone marks, and leaves other brackets alone', () => {
    expect(referencesToMarks('variant of 咱[zan2]')).toBe('variant of 咱[zán]');
    expect(referencesToMarks('see 忘不了[wang4 bu5 liao3]')).toBe('see 忘不了[wàng bu liǎo]');
    expect(referencesToMarks('variant of 臺|台[tai2], Taiwan')).toBe('variant of 臺|台[tái], Taiwan');
    expect(referencesToMarks('abbr. for 北京[Bei3 jing1] and 女[nu:3]')).toBe('abbr. for 北京[Běi jīng] and 女[nǚ]');
    expect(referencesToMarks('a misprint [sic]')).toBe('a misprint [sic]');
    expect(referencesToMarks('[1] see note')).toBe('[1] see note');
    expect(referencesToMarks('no brackets')).toBe('no brackets');
  });
});

describe('marksToNumbered', () => {
  it('reverses numberedToMarks on ordinary readings', () => {
    for (const numbered of ['san1 yan2 san1 shi2', 'lu:4 se4', 'dong1 xi5', 'yi1 dian3 r5', 'nu:e4 dai4']) {
      expect(marksToNumbered(numberedToMarks(numbered))).toBe(numbered);
    }
  });

  it('keeps Latin letters and digits, writes neutral tone as 5', () => {
    expect(marksToNumbered('5G wǎng luò')).toBe('5G wang3 luo4');
    expect(marksToNumbered('A gǔ')).toBe('A gu3');
    expect(marksToNumbered('hǎo de')).toBe('hao3 de5');
  });
});

describe('tones', () => {
  it('numbers each syllable, 5 for neutral and 0 for other tokens', () => {
    expect(tonesOfNumbered('Zhong1 guo2 ren2 de5 O K')).toEqual([
      { text: 'Zhōng', tone: 1 },
      { text: 'guó', tone: 2 },
      { text: 'rén', tone: 2 },
      { text: 'de', tone: 5 },
      { text: 'O', tone: 0 },
      { text: 'K', tone: 0 },
    ]);
    expect(tonesOfMarked('nǚ ér men').map((s) => s.tone)).toEqual([3, 2, 5]);
    expect(toneOfMarked('·')).toBe(0);
  });
});

describe('the one reader of tone marks', () => {
  it('splits a syllable into its letters and the tone its mark gives', () => {
    expect(splitToneMark('zhǎng')).toEqual({ bare: 'zhang', mark: 3 });
    expect(splitToneMark('lǜ')).toEqual({ bare: 'lü', mark: 4 });
    expect(splitToneMark('Běi')).toEqual({ bare: 'Bei', mark: 3 });
    expect(splitToneMark('ḿ')).toEqual({ bare: 'm', mark: 2 });
    expect(splitToneMark('de')).toEqual({ bare: 'de', mark: 0 });
    expect(splitToneMark('5G')).toEqual({ bare: '5G', mark: 0 });
  });

  it('counts tone marks', () => {
    expect(toneMarkCount('zhǎng')).toBe(1);
    expect(toneMarkCount('wěì')).toBe(2);
    expect(toneMarkCount('de')).toBe(0);
  });

  it('makes the search keys: letters without tones (ü as v), and letters with tone numbers', () => {
    expect(tonelessKey('Zhèng fǔ')).toBe('zhengfu');
    expect(tonelessKey('lǜ sè')).toBe('lvse');
    expect(tonelessKey('nu:3')).toBe('nv');
    expect(numberedKey('zhèng fǔ')).toBe('zheng4fu3');
    expect(numberedKey('lǜ de')).toBe('lv4de');
  });
});
