/**
 * Term families (dictionary/segment/families.ts, dictionary/derive/families.ts): each family on sentences
 * written for this test. A member must come out of the segmenter whole, and Words must give it a reading,
 * a gloss and a civic explanation made by rule from its parts, including members no list names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import type { Core } from '../../dictionary/core';
import type { DictEntry } from '../../dictionary/types';

let core: Core;

beforeAll(async () => {
  await ensureAssets(GENERATED_DIR);
  core = await loadNodeCore();
}, 180_000);

const words = (text: string) => core.segmenter.words(text);

/** Segments `sentence`, expects `term` whole, and returns its entry (made by rule unless the lexicon has it). */
function member(sentence: string, term: string): DictEntry {
  expect(words(sentence), sentence).toContain(term);
  const entries = core.words.lookup(term);
  expect(entries.length, term).toBeGreaterThan(0);
  return entries[0]!;
}

/**
 * A member of a family, kept whole in `sentence`, and what the rule makes of it: civic, with its reading,
 * gloss and explanation. The rule is asked directly (Words.derive), because the lexicon lists some
 * members itself (those win in lookup, and must then be civic entries of the same category).
 */
function ruleMember(sentence: string, term: string, category: string, pinyin: string | null, gloss: RegExp, explanation: RegExp): void {
  const listed = member(sentence, term);
  if (listed.source !== 'rule') expect([listed.source, listed.civic?.category], term).toEqual(['civic', category]);
  const e = core.words.derive(term)!;
  expect(e.source, term).toBe('rule');
  if (pinyin !== null) expect(e.pinyin, term).toBe(pinyin);
  else expect(e.pinyin.split(' ')).toHaveLength([...term].length);
  expect(e.definitions[0], term).toMatch(gloss);
  expect(e.civic?.category, term).toBe(category);
  expect(e.civic?.explanation, term).toMatch(explanation);
}

describe('ordinal congresses and plenums', () => {
  it('keeps congresses whole and dates them', () => {
    ruleMember(
      '自十七大以来，这个县的面貌变了。',
      '十七大',
      'party',
      'shí qī dà',
      /^the 17th National Congress of the Communist Party of China \(2007\)$/,
      /17th National Congress \(2007\)/,
    );
    ruleMember('大家都在学习党的十九大报告。', '党的十九大', 'party', 'dǎng de shí jiǔ dà', /19th National Congress .*\(2017\)/, /2017/);
    ruleMember(
      '他出席了第十五次全国代表大会。',
      '第十五次全国代表大会',
      'party',
      'dì shí wǔ cì quán guó dài biǎo dà huì',
      /15th National Congress .*\(1997\)/,
      /1997/,
    );
    // Not a congress: 十大 is "the ten greatest" (only 11-29 stand alone for a congress).
    expect(core.words.lookup('十大').every((e) => e.civic?.category !== 'party')).toBe(true);
    ruleMember('他参加过党的八大。', '党的八大', 'party', 'dǎng de bā dà', /8th National Congress .*\(1956\)/, /1956/);
  });

  it('keeps plenums whole, with the term that elected the committee', () => {
    ruleMember(
      '会议传达了十六届五中全会的精神。',
      '十六届五中全会',
      'party',
      'shí liù jiè wǔ zhōng quán huì',
      /^the 5th plenary session of the 16th Central Committee/,
      /16th Party Congress \(2002\)/,
    );
    ruleMember(
      '这是十九届中央委员会第六次全体会议提出的要求。',
      '十九届中央委员会第六次全体会议',
      'party',
      null,
      /6th plenary session of the 19th Central Committee/,
      /19th Party Congress \(2017\)/,
    );
  });
});

describe('sessions of the NPC and the CPPCC', () => {
  it('keeps sessions whole and names their year', () => {
    ruleMember(
      '十四届全国人大三次会议在北京开幕。',
      '十四届全国人大三次会议',
      'state',
      'shí sì jiè quán guó rén dà sān cì huì yì',
      /^the 3rd session of the 14th National People's Congress \(2025\)$/,
      /14th NPC/,
    );
    ruleMember(
      '草案提请十四届全国人大常委会第十次会议审议。',
      '十四届全国人大常委会第十次会议',
      'state',
      null,
      /10th session of the Standing Committee of the 14th National People's Congress/,
      /Standing Committee/,
    );
    ruleMember(
      '他是十四屆全國政協委員。',
      '十四屆全國政協',
      'state',
      'shí sì jiè quán guó zhèng xié',
      /14th National Committee of the Chinese People's Political Consultative Conference/,
      /CPPCC/,
    );
  });
});

describe('five-year plans', () => {
  it('keeps the plan whole, with 规划 / 期间 / 时期 after it, and gives its years', () => {
    ruleMember(
      '十一五期间，全省修了三条高速公路。',
      '十一五期间',
      'economy',
      'shí yī wǔ qī jiān',
      /^the period of the 11th Five-Year Plan \(2006–2010\)$/,
      /2006 to 2010/,
    );
    ruleMember('这是“十二五”的重点项目。', '十二五', 'economy', 'shí èr wǔ', /12th Five-Year Plan \(2011–2015\)/, /2011 to 2015/);
    ruleMember(
      '这些指标写进了十三五规划。',
      '十三五规划',
      'economy',
      'shí sān wǔ guī huà',
      /13th Five-Year Plan \(2016–2020\)/,
      /2016 to 2020/,
    );
    ruleMember('十一五时期的任务已经完成。', '十一五时期', 'economy', 'shí yī wǔ shí qī', /period of the 11th Five-Year Plan/, /11th/);
    // 十五 alone is fifteen, not a plan.
    expect(words('班里有十五名学生')).not.toContain('十五');
  });
});

describe('the 强国 family', () => {
  it('keeps X强国 whole for a field of policy, also one no list names', () => {
    ruleMember(
      '我们要加快建设航天强国。',
      '航天强国',
      'formulations',
      'háng tiān qiáng guó',
      /^a leading country in space$/,
      /strong country/,
    );
    ruleMember('把我国建成海洋强国。', '海洋强国', 'formulations', 'hǎi yáng qiáng guó', /maritime affairs/, /strong country/);
    // Not a field: a verb before 强国.
    expect(words('这个国家想成为强国')).not.toContain('成为强国');
  });
});

describe('the 习近平X思想 family', () => {
  it('keeps the thought whole and names its field', () => {
    ruleMember(
      '学习习近平经济思想。',
      '习近平经济思想',
      'formulations',
      'xí jìn píng jīng jì sī xiǎng',
      /^Xi Jinping Thought on the Economy$/,
      /Xi Jinping/,
    );
    ruleMember(
      '深入学习习近平法治思想。',
      '习近平法治思想',
      'formulations',
      'xí jìn píng fǎ zhì sī xiǎng',
      /Thought on the Rule of Law/,
      /Xi Jinping/,
    );
    // A field no list names is glossed from its parts.
    const e = member('他们在研读习近平文化思想。', '习近平文化思想');
    expect(e.definitions[0]).toMatch(/^Xi Jinping Thought on /);
    expect(words('习近平同志的思想很深刻')).not.toContain('习近平同志的思想');
  });
});

describe('law names', () => {
  it('keeps 中华人民共和国X法 whole and glosses it from its short name', () => {
    ruleMember(
      '依照中华人民共和国数据安全法处理。',
      '中华人民共和国数据安全法',
      'law',
      'zhōng huá rén mín gòng hé guó shù jù ān quán fǎ',
      /Data Security Law of the People's Republic of China/i,
      /national law/,
    );
    // Two laws joined by 和 stay two.
    expect(words('遵守中华人民共和国宪法和法律')).not.toContain('中华人民共和国宪法和法');
  });

  it('keeps 反X法 and X保护法-like short names whole where their start is clear', () => {
    ruleMember(
      '全国人大常委会通过了反外国制裁法。',
      '反外国制裁法',
      'law',
      'fǎn wài guó zhì cái fǎ',
      /^law against 外国制裁/,
      /short name/,
    );
    ruleMember('这部《海岛生态保护法》正在起草。', '海岛生态保护法', 'law', null, /^law on 海岛生态保护/, /short name/);
    ruleMember('根据湿地保护法的规定', '湿地保护法', 'law', null, /law|Law/, /law/);
    // Not a law: 反对 is a word, and a verb before a law's name stays apart.
    expect(words('我们反对违法行为')).toContain('反对');
    expect(words('依照行政法处理')).toContain('依照');
  });
});

describe('Hong Kong department titles', () => {
  it('keeps X署署長, X處處長, X局局長, X司司長 whole, simplified or traditional', () => {
    ruleMember(
      '房屋署署長今日到訪屯門。',
      '房屋署署長',
      'hktw',
      'fáng wū shǔ shǔ zhǎng',
      /^Director of /,
      /department of the Hong Kong government/,
    );
    ruleMember('警務處處長出席記者會。', '警務處處長', 'hktw', 'jǐng wù chù chù zhǎng', /Director of /, /处长/);
    ruleMember('水务署副署长表示', '水务署副署长', 'hktw', 'shuǐ wù shǔ fù shǔ zhǎng', /^Deputy Director of /, /deputy head/);
    member('保安局局長回應議員提問。', '保安局局長');
    expect(core.words.derive('保安局局長')!.definitions[0]).toMatch(/^Secretary of /);
    // A one-character "department" is no department: 各局局长 is "each bureau's head".
    expect(words('各局局长都来了')).not.toContain('各局局长');
  });
});

describe('第N届 / 第N次 / 第N条 / 第N款 / 第N項', () => {
  it('keeps ordinals whole and glosses them by rule', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['这是第二十届运动会。', '第二十届', /^the 20th \(term, session\)$/],
      ['这是他第三次来这里。', '第三次', /^the 3rd time$/],
      ['依照本法第十二条的规定', '第十二条', /^Article 12$/],
      ['前条第三款规定的情形', '第三款', /^paragraph 3 \(of an article of a mainland law/],
      ['依第一項規定辦理', '第一項', /^paragraph 1 \(of an article of a Taiwan law/],
      ['本条第一项所列', '第一项', /^item 1$/],
    ];
    for (const [sentence, term, gloss] of cases) {
      const e = member(sentence, term);
      expect(e.source, term).toBe('rule');
      expect(e.definitions[0], term).toMatch(gloss);
      expect(e.civic, term).toBeNull();
    }
  });
});

describe('the examples of issue 9, in sentences of ours', () => {
  it('come out whole', () => {
    const cases: Array<[string, string]> = [
      ['自十七大以来，县里变化很大。', '十七大'],
      ['十一五期间修了三条公路。', '十一五期间'],
      ['驻村第一书记带领村民修路。', '驻村第一书记'],
      ['案件在裁判法院審理。', '裁判法院'],
      ['房屋署公布了新的輪候時間。', '房屋署'],
      ['被告今日提堂。', '提堂'],
      ['恒生指數再創新高。', '創新高'],
    ];
    for (const [sentence, term] of cases) expect(words(sentence), sentence).toContain(term);
  });

  it('have a gloss', () => {
    for (const w of ['做好', '各项', '经济社会', '十二五', '兩年', '三百余']) {
      const e = core.words.lookup(w);
      expect(e.length, w).toBeGreaterThan(0);
      expect(e[0]!.definitions[0]!.length, w).toBeGreaterThan(2);
      expect(e[0]!.pinyin.split(' ').length, w).toBe([...w].length);
    }
  });
});
