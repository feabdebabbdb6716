/** Onboarding (utils/knowledge/onboarding.ts): known words from HSK levels, frequency, and files. */
import { describe, expect, it } from 'vitest';
import { encodeLevels, Levels } from '../../dictionary/levels/levels';
import type { HskLevel } from '../../dictionary/levels/sources';
import { fieldText, intervalDays, knownFromFrequency, knownFromHsk, parseKnownWordsFile } from '../../utils/knowledge/onboarding';
import { applyMarks, Knowledge } from '../../utils/knowledge/model';

const enc = (s: string) => new TextEncoder().encode(s);

function parse(text: string) {
  const r = parseKnownWordsFile(enc(text));
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('known words from levels and frequency', () => {
  const levels = Levels.fromBytes(
    encodeLevels({
      ranked: ['的', '是', '经济', '发展', '干部'],
      hsk2021: new Map<string, HskLevel>([
        ['的', 1],
        ['经济', 3],
        ['干部', 7],
        ['一点儿', 1],
        ['一点', 1],
      ]),
      hsk2025: new Map<string, HskLevel>([
        ['的', 1],
        ['经济', 4],
        ['阿姨', 2],
      ]),
    }),
  );

  it('"I know HSK levels 1–N" under either standard', () => {
    expect(knownFromHsk(levels, 2021, 1).sort()).toEqual(['一点', '一点儿', '的'].sort());
    expect(knownFromHsk(levels, 2021, 3).sort()).toEqual(['一点', '一点儿', '的', '经济'].sort());
    expect(knownFromHsk(levels, 2025, 3).sort()).toEqual(['的', '阿姨'].sort());
    expect(knownFromHsk(levels, 2025, 7).sort()).toEqual(['的', '经济', '阿姨'].sort());
  });

  it('"I know the N most frequent words"', () => {
    expect(knownFromFrequency(levels, 3)).toEqual(['的', '是', '经济']);
    expect(knownFromFrequency(levels, 1000)).toHaveLength(5);
  });

  it('onboarding keeps what the reader decided: only new words become known', () => {
    let k = applyMarks(Knowledge.empty(), ['经济'], 'ignored', 0).knowledge;
    const words = knownFromHsk(levels, 2021, 7);
    const saved = new Set(['干部']);
    k = applyMarks(k, words, 'known', 60_000, { onlyNew: true, saved }).knowledge;
    expect(k.stateOf('的')).toBe('known');
    expect(k.stateOf('经济')).toBe('ignored');
    expect(k.stateOf('干部', true)).toBe('learning');
  });
});

describe('known words from a file', () => {
  it('a word list: one word a line, anything after the word ignored, duplicates once', () => {
    const r = parse('\uFEFF经济\r\n发展 fāzhǎn development\n\n经济\nhello\n  干部  \n');
    expect(r.format).toBe('word list');
    expect(r.words).toEqual(['经济', '发展', '干部']);
    expect(r.skipped).toEqual([[5, 'hello']]);
    expect(r.skippedCount).toBe(1);
  });

  it('an Anki "Notes in Plain Text" export with its header lines, HTML, sound and quoted fields', () => {
    const text = [
      '#separator:tab',
      '#html:true',
      '#guid column:1',
      '#notetype column:2',
      '#deck column:3',
      '#tags column:7',
      'a1B2c3\tChinese\t中文::新闻\t<b>群众</b>[sound:qunzhong.mp3]\tqúnzhòng\tthe masses\tnews',
      'd4E5f6\tChinese\t中文::新闻\t"<div>改革</div>"\tgǎigé\t"to reform; ""reform"""\t',
      'g7H8i9\tChinese\t中文::新闻\thello\tpinyin\t基层\t',
      'j1K2l3\tCloze\t中文\t{{c1::开放}}政策\t\t\t',
    ].join('\n');
    const r = parse(text);
    expect(r.format).toBe('Anki notes');
    // the first Chinese field of each note; "Chinese" (the note type) and the deck are never taken
    expect(r.words).toEqual(['群众', '改革', '基层']);
    expect(r.skipped.map(([line]) => line)).toEqual([10]);
  });

  it('a quoted field may hold a line break', () => {
    const r = parse('#separator:comma\n"改\n革",x\n创新,y\n');
    expect(r.words).toEqual(['创新']);
    expect(r.skipped).toEqual([[2, '改\n革,x']]);
  });

  it('a table with an interval column: only cards of 21 days or more are known', () => {
    const text = [
      'Simplified,Pinyin,Interval',
      '经济,jīngjì,3.2mo',
      '发展,fāzhǎn,21',
      '干部,gànbù,20d',
      '群众,qúnzhòng,(learning)',
      '改革,gǎigé,1.5y',
      '政策,zhèngcè,2 weeks',
      '基层,jīcéng,4 weeks',
    ].join('\n');
    const r = parse(text);
    expect(r.format).toBe('table with intervals');
    expect(r.words).toEqual(['经济', '发展', '改革', '基层']);
    expect(r.young).toBe(3);
  });

  it('interval texts', () => {
    expect(intervalDays('21')).toBe(21);
    expect(intervalDays('3.2mo')).toBeCloseTo(96);
    expect(intervalDays('1,5 y')).toBeCloseTo(547.5);
    expect(intervalDays('10m')).toBeCloseTo(10 / 1440);
    expect(intervalDays('(new)')).toBeNull();
    expect(intervalDays('')).toBeNull();
    expect(intervalDays('5 fortnights')).toBeNull();
  });

  it('field text without HTML and sound', () => {
    expect(fieldText('<span style="color:red">经济</span>&nbsp;[sound:a.mp3]')).toBe('经济');
  });

  it('says in a sentence what is wrong with a file it cannot use', () => {
    const err = (b: Uint8Array) => {
      const r = parseKnownWordsFile(b);
      return r.ok ? null : r.error;
    };
    expect(err(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toMatch(/zip file .*prop:ivl>=21/);
    expect(err(new Uint8Array([0xff, 0xfe, 0x4f, 0x00]))).toMatch(/not UTF-8 text/);
    expect(err(enc('hello\nworld\n'))).toMatch(/no Chinese word/);
    expect(err(new Uint8Array(21 * 1024 * 1024))).toMatch(/up to 20 MB/);
  });
});
