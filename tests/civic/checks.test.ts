/** The content checks themselves, on a hand-made fixture whose mistakes are known. */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readCivicSources } from '../../dictionary/build/load-civic';
import {
  checkLexicon,
  countInName,
  isReadingOf,
  numberedToMarks,
  parseExceptions,
  splitSentences,
  loadedWords,
  unusedExceptions,
  variantProblems,
  type Problem,
} from './checks';

const CONTENT = fileURLToPath(new URL('../fixtures/civic-content', import.meta.url));
const src = readCivicSources(CONTENT);
const short = (p: Problem) => `${p.file.split('/').pop()}:${p.line}: [${p.kind}] ${p.message}`;

describe('checkLexicon on the content fixture', () => {
  const problems = checkLexicon(src, parseExceptions('')).map(short);

  it('reads topic files of a category folder, after the category file', () => {
    expect(src.records.filter((r) => r.category === 'people').map((r) => [r.simplified, r.file.split('/').slice(-2).join('/')])).toEqual([
      ['王小明', 'people/leaders.txt'],
      ['李大同', 'people/leaders.txt'],
    ]);
  });

  it('finds loaded wording, and a person entry that does not say as of when', () => {
    expect(problems).toContain('leaders.txt:3: [tone] "王小明": "regime" is not neutral wording (say what happened, who did it, and when)');
    expect(problems).toContain('leaders.txt:3: [tone] "王小明": "proud" is not neutral wording (say what happened, who did it, and when)');
    expect(problems).toContain(
      'leaders.txt:3: [dated] "王小明": a person\'s explanation says "as of <month> <year>" or "as of <year>" for the roles it gives',
    );
    expect(problems.filter((p) => p.includes('"李大同"'))).toEqual([]);
  });

  it('flags loaded words as whole words only', () => {
    expect(loadedWords('The so-called law was imposed by decree; a Proud, glorious day of propaganda.')).toEqual([
      'so-called',
      'imposed by',
      'Proud',
      'glorious',
      'propaganda',
    ]);
    expect(loadedWords('Sanctions imposed on firms; regimen; evilness; propagandist; claimant.')).toEqual([]);
  });

  it('finds a syllable that is no reading of its character', () => {
    expect(problems).toContain('party.txt:3: [reading] "党组": "zhǔ" is not a reading of 组 (pinyin-pro: zǔ)');
  });

  it('finds a polyphonic character read wrongly in a CC-CEDICT word', () => {
    expect(problems).toContain('party.txt:7: [word-reading] "部长": 部长 read "bù cháng" but CC-CEDICT has "bù zhǎng"');
  });

  it('accepts a neutral tone only where CC-CEDICT reads the character so', () => {
    expect(problems).toContain('party.txt:11: [reading] "党员": "yuan" is not a reading of 员 (pinyin-pro: yuán, yún, yùn)');
    expect(problems.filter((p) => p.includes('困难群众'))).toEqual([]);
  });

  it('finds traditional forms inconsistent with the simplified ones, by word and by character', () => {
    expect(problems).toContain('party.txt:19: [traditional] "干部队伍": traditional 干部 for 干部, CC-CEDICT has 幹部');
    expect(problems).toContain('party.txt:23: [traditional] "党建": 党 is not a traditional form of 党 (CC-CEDICT: 黨)');
    expect(problems.filter((p) => p.includes('"干预"'))).toEqual([]);
  });

  it('finds a simplified headword written in traditional characters', () => {
    expect(problems).toContain(
      'party.txt:44: [traditional] "黨校": the simplified headword has the traditional character 黨 (simplified 党)',
    );
  });

  it('finds an explanation of more than three sentences, not fooled by abbreviations', () => {
    expect(problems).toContain('party.txt:31: [sentences] "基层党组织": explanation has 4 sentences (at most 3)');
    expect(problems.filter((p) => p.includes('"党支部"'))).toEqual([]);
  });

  it('finds parts that are not entries and related terms that exist nowhere', () => {
    expect(problems).toContain('formulations.txt:3: [parts] "两学一做": part "做合格党员" is not an entry of the lexicon (add it)');
    expect(problems).toContain(
      'party.txt:31: [related] "基层党组织": related "不存在的虚构词语" is not an entry (neither civic nor CC-CEDICT)',
    );
    // 党组 is a civic entry and 基层 a CC-CEDICT word: both fine as related terms.
    expect(problems.filter((p) => p.includes('related "党组"') || p.includes('related "基层"'))).toEqual([]);
  });

  it('finds a numbered formulation whose parts do not match its count', () => {
    expect(problems).toContain('formulations.txt:17: [parts] "三个学习": the name counts 3 parts but 2 are listed');
    expect(problems.filter((p) => p.includes('"两学一做"') && p.includes('counts'))).toEqual([]);
  });

  it('finds tags for words missing from CC-CEDICT or already given a full entry', () => {
    expect(problems).toContain('tags.txt:3: [tag] tagged word "党组" has a full civic entry (drop the tag)');
    expect(problems).toContain('tags.txt:4: [tag] tagged word "组织部长" is not in CC-CEDICT (write a full entry instead)');
  });

  it('finds nothing else: right records pass', () => {
    expect(problems).toHaveLength(16);
    expect(problems.filter((p) => p.includes('5G基站'))).toEqual([]);
  });
});

describe('numbering', () => {
  it('finds tone marks on the wrong vowel, which the build would refuse', () => {
    const record = { ...src.records.find((r) => r.simplified === '党支部')!, simplified: '过错', traditional: '過錯', pinyin: 'gùo cuò' };
    const problems = checkLexicon({ records: [record], tags: [], errors: [] }, parseExceptions('')).map(short);
    expect(problems).toContain('party.txt:36: [numbering] "过错": pinyin "gùo cuò" comes back from "guo4 cuo4" changed');
  });
});

describe('exceptions', () => {
  it('silence a listed problem and report the ones never used', () => {
    const ex = parseExceptions('word-reading\t部长\tbù cháng\ttest reason\nreading\t长\tzhàng\tunused test reason\n');
    const problems = checkLexicon(src, ex).map(short);
    expect(problems.filter((p) => p.includes('"部长"'))).toEqual([]);
    expect(unusedExceptions(ex).map((p) => p.message)).toEqual(['unused exception reading 长 zhàng']);
  });

  it('must give a reason', () => {
    expect(() => parseExceptions('reading\t长\tzhàng\t\n')).toThrow(/exceptions.txt:1/);
  });
});

describe('helpers', () => {
  it('turns CC-CEDICT numbered pinyin into tone marks', () => {
    expect(['dang3', 'Gan4', 'lu:4', 'nu:3', 'gou3', 'liu2', 'gui4', 'de5', 'r5', 'xue2'].map(numberedToMarks)).toEqual([
      'dǎng',
      'gàn',
      'lǜ',
      'nǚ',
      'gǒu',
      'liú',
      'guì',
      'de',
      'r',
      'xué',
    ]);
  });

  it('knows the readings of polyphonic characters', () => {
    expect(isReadingOf('长', 'zhǎng')).toBe(true);
    expect(isReadingOf('长', 'zhāng')).toBe(false);
    expect(isReadingOf('的', 'de')).toBe(true);
    expect(isReadingOf('难', 'nan')).toBe(true);
    expect(isReadingOf('党', 'dang')).toBe(false);
  });

  it('reads the count in the name of a numbered formulation', () => {
    expect(['两个维护', '四个意识', '十个明确', '十四个坚持', '二十个方面', '三严三实', '个人'].map(countInName)).toEqual([
      2,
      4,
      10,
      14,
      20,
      null,
      null,
    ]);
  });

  it('finds variant characters that Taiwan and Hong Kong do not write, but not in the words that do', () => {
    const chars = (s: string, t: string) => variantProblems(s, t).map((p) => p.char);
    // Copied from CC-CEDICT, which writes 面嚮 and 勛章.
    expect(variantProblems('四个面向', '四個面嚮')).toEqual([
      { char: '嚮', message: 'traditional 四個面嚮 has the variant 嚮: Taiwan and Hong Kong write 向 (四個面向)' },
    ]);
    expect(chars('共和国勋章', '共和國勛章')).toEqual(['勛']);
    expect(chars('关于', '關于')).toEqual(['于']);
    expect(chars('生产', '生産')).toEqual(['産']);
    expect(chars('卷入', '卷入')).toEqual(['卷']);
    // Right: the words that write these characters, and the standard forms.
    expect(chars('人民对美好生活的向往', '人民對美好生活的嚮往')).toEqual([]);
    expect(chars('巡回法庭', '巡迴法庭')).toEqual([]);
    expect(chars('四个面向', '四個面向')).toEqual([]);
    expect(chars('卷入', '捲入')).toEqual([]);
    expect(chars('内卷式竞争', '內卷式競爭')).toEqual([]);
  });

  it('splits explanations into sentences', () => {
    expect(splitSentences('One. Two! Three? 两会 is four.')).toHaveLength(4);
    expect(splitSentences('Run by the U.S. Congress, e.g. in 2020. Next one.')).toHaveLength(2);
    expect(splitSentences('It rose 3.5 percent in No. 2 county. Done.')).toHaveLength(2);
  });
});
