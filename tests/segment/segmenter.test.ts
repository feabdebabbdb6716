/**
 * The segmenter's contract and rules, on sentences written for these tests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLexicon } from '../../dictionary/build/build-lexicon';
import { Segmenter } from '../../dictionary/segment';
import type { Segment } from '../../dictionary/types';
import { lexiconBytes, testSegmenter } from './lexicon-cache';

let seg: Segmenter;
beforeAll(async () => {
  seg = await testSegmenter();
});

/** True when `word` occurs in `text` as one whole segment (every occurrence). */
function keepsWhole(text: string, word: string): boolean {
  const spans = seg.segment(text);
  let from = 0;
  let found = false;
  for (;;) {
    const at = text.indexOf(word, from);
    if (at < 0) return found;
    if (!spans.some((s) => s.start === at && s.end === at + word.length)) return false;
    found = true;
    from = at + word.length;
  }
}

function assertCovers(text: string, segments: Segment[]): void {
  let at = 0;
  for (const s of segments) {
    expect(s.start).toBe(at);
    expect(s.end).toBeGreaterThan(s.start);
    at = s.end;
  }
  expect(at).toBe(text.length);
}

describe('segment()', () => {
  it('covers the whole text in order, whatever it holds', () => {
    for (const text of [
      '',
      '。',
      '   ',
      '今天下午，市长在 2 个会场讲话。',
      'Dubao 读报 v0.1：hover 一下就懂！',
      '罕见字𠀀和表情😀夹在句子里𪚥。',
      '\n第一段。\n\n第二段，带\t制表符。\n',
      '①②③ ——…… 《》「」『』',
    ]) {
      assertCovers(text, seg.segment(text));
    }
    expect(seg.segment('')).toEqual([]);
  });

  it('gives whitespace and each punctuation mark segments of their own', () => {
    expect(seg.words('会议，  结束了。')).toEqual(['会议', '，', '  ', '结束', '了', '。']);
    expect(seg.words('他说……好')).toEqual(['他', '说', '…', '…', '好']);
  });

  it('segments pathological pages (30,000 numerals, digits, letters) whole', () => {
    // Their time is printed by npm run bench:seg; a segmenter quadratic in such runs would take minutes
    // here and meet the test's time limit.
    for (const text of ['一'.repeat(30_000), '1'.repeat(30_000), 'a'.repeat(30_000), '三1a。 '.repeat(6_000)]) {
      assertCovers(text, seg.segment(text));
    }
  });

  it('keeps a character outside the Basic Multilingual Plane in one piece', () => {
    const text = '这个𠀀字';
    for (const s of seg.segment(text)) {
      const first = text.charCodeAt(s.start);
      expect(first >= 0xdc00 && first <= 0xdfff, `segment starting inside a surrogate pair at ${s.start}`).toBe(false);
    }
  });

  it('is deterministic: the same text gives the same segments, before and after other calls', () => {
    const text = '全市各级党组织认真开展主题教育，2025年共发展党员3,120名。';
    const first = seg.segment(text);
    seg.segment('完全不同的另一段文字，用来打乱内部缓冲区。'.repeat(50));
    seg.wordAt('又一段文字', 2);
    expect(seg.segment(text)).toEqual(first);
  });

  it('is deterministic across instances made from the same bytes', async () => {
    const text = '區議會選舉投票率為27.5%，較上屆明顯下降。';
    const other = Segmenter.fromBytes(await lexiconBytes());
    expect(other.segment(text)).toEqual(seg.segment(text));
  });
});

describe('rules: numbers, dates, percentages', () => {
  it.each([
    ['会议于2024年举行。', '2024年'],
    ['会议于２０２４年举行。', '２０２４年'],
    ['报名截止到5月30日。', '5月30日'],
    ['文件自2025年3月1日起施行。', '2025年3月1日'],
    ['通知于二〇二四年十月一日下发。', '二〇二四年十月一日'],
    ['他在战斗中荣立二等功。', '二等功'],
    ['学生获得一等奖。', '一等奖'],
    ['增速达到30%。', '30%'],
    ['增速达到３０％。', '３０％'],
    ['上涨了5.2%左右。', '5.2%'],
    ['占比百分之十二点五。', '百分之十二点五'],
    ['全县共有3.6万人参加。', '3.6万人'],
    ['查处案件1,286件。', '1,286件'],
    ['新修公路860公里。', '860公里'],
    ['全年投入8万余元。', '8万余元'],
    ['走了三十多公里山路。', '三十多公里'],
    ['第十次会议审议了草案。', '第十次'],
    ['会议在上午10:30开始。', '10:30'],
  ])('%s keeps %s whole', (text, word) => {
    expect(keepsWhole(text, word), seg.words(text).join(' / ')).toBe(true);
  });

  it('leaves a one-character numeral with a measure word to the dictionary (六栋 is no headword)', () => {
    expect(seg.words('他买了六栋房子')).toEqual(['他', '买', '了', '六', '栋', '房子']);
  });

  it('does not read a Chinese comma as a thousands separator', () => {
    expect(seg.words('共有12，345人')).toContain('12');
  });
});

describe('rules: Latin words and acronyms', () => {
  it.each([
    ['在APEC会议期间', 'APEC'],
    ['接种COVID-19疫苗', 'COVID-19'],
    ['建成5G基站', '5G'],
    ['新款iPhone上市', 'iPhone'],
    ['全角ＧＤＰ数据', 'ＧＤＰ'],
    ['美国U.S.的说法', 'U.S.'],
  ])('%s keeps %s whole', (text, word) => {
    expect(keepsWhole(text, word), seg.words(text).join(' / ')).toBe(true);
  });

  it('splits Latin words at spaces', () => {
    expect(seg.words('Xi Jinping 会见')).toEqual(['Xi', ' ', 'Jinping', ' ', '会见']);
  });
});

describe('rules: unknown personal names', () => {
  it.each([
    ['副部长赵志勇在接受采访时表示', '赵志勇'],
    ['主任任培军说', '任培军'],
    ['科长杨恒表示', '杨恒'],
    ['网格员闫晓华介绍', '闫晓华'],
    ['記者林志強報導', '林志強'],
  ])('%s: %s is one segment', (text, name) => {
    expect(keepsWhole(text, name), seg.words(text).join(' / ')).toBe(true);
  });

  it('finds a name whose surname and first given character make a word (李家|超)', () => {
    expect(keepsWhole('行政長官李家超今日表示', '李家超')).toBe(true);
    expect(keepsWhole('他向王海燕同志表示祝贺', '王海燕')).toBe(true);
  });

  it('does not swallow the word after a two-character name', () => {
    expect(seg.words('杨恒说')).toEqual(['杨恒', '说']);
  });

  it('does not make names of ordinary words after a surname character', () => {
    expect(seg.words('居民王女士说')).toEqual(['居民', '王', '女士', '说']);
    expect(keepsWhole('他们在张家口开会', '张家口')).toBe(true);
  });

  it('does not start a name at 和, 过 or 与 when a name follows them (they are surnames too)', () => {
    expect(seg.words('財政司司長陳茂波見過許正宇和林世雄後表示')).toContain('林世雄');
    expect(seg.words('財政司司長陳茂波見過許正宇和林世雄後表示')).toContain('和');
    expect(seg.words('記者問過聶德權和楊潤雄')).toEqual(['記者', '問', '過', '聶德權', '和', '楊潤雄']);
  });

  it('lets a name take the second character of a word before it when the first stands alone (有|余文乐)', () => {
    expect(seg.words('演員有余文樂、蔡卓妍')).toEqual(['演員', '有', '余文樂', '、', '蔡卓妍']);
  });

  it('knows given-name characters of Hong Kong and Taiwan names (淑, 寰, 颐)', () => {
    for (const [text, name] of [
      ['蔡若蓮說，甯漢豪和羅淑佩也在場', '羅淑佩'],
      ['局長謝展寰表示會跟進', '謝展寰'],
      ['警務處處長蕭澤頤表示', '蕭澤頤'],
      ['區議員陳家珮與鄭泳舜', '鄭泳舜'],
    ]) {
      expect(keepsWhole(text!, name!), seg.words(text!).join(' / ')).toBe(true);
    }
  });

  it('never puts a function word inside a given name', () => {
    expect(seg.words('離間玄宗與肅宗的關係')).toContain('與');
  });
});

describe('rules: transliterated foreign names', () => {
  it.each([
    ['美国国务卿布林肯抵达北京', '布林肯'],
    ['泽连斯基发表讲话', '泽连斯基'],
    ['德国总理朔尔茨说', '朔尔茨'],
    ['英国首相斯塔默表示', '斯塔默'],
  ])('%s: %s is one segment', (text, name) => {
    expect(keepsWhole(text, name), seg.words(text).join(' / ')).toBe(true);
  });

  it('leaves ordinary words made of the same characters alone', () => {
    expect(seg.words('偶尔去美丽山村')).toEqual(['偶尔', '去', '美丽', '山村']);
    expect(seg.words('他把车拉到家里')).toEqual(['他', '把', '车', '拉', '到', '家里']);
  });
});

describe('civic terms stay whole', () => {
  it.each([
    ['深入开展两学一做学习教育', '两学一做'],
    ['党组书记主持会议', '党组书记'],
    ['做好兜底保障工作', '兜底保障'],
    ['践行三严三实要求', '三严三实'],
    ['走访人大代表和政协委员', '人大代表'],
    ['走访人大代表和政协委员', '政协委员'],
    ['街道综治中心调解纠纷', '综治中心'],
    ['选拔后备干部', '后备干部'],
    ['立法會通過法案', '立法會'],
    ['區議會今日開會', '區議會'],
  ])('%s: %s', (text, term) => {
    expect(keepsWhole(text, term), seg.words(text).join(' / ')).toBe(true);
  });
});

describe('boundary repair', () => {
  it('gives back the first character of 部门 that a long word took (农业农村部|门)', () => {
    expect(keepsWhole('农业农村部门组织专家开展指导', '部门')).toBe(true);
    expect(keepsWhole('自然资源部门负责审批', '部门')).toBe(true);
  });

  it('leaves a long word alone when the lone character after it reads well by itself', () => {
    expect(keepsWhole('国务院常务会议指出', '国务院常务会议')).toBe(true);
  });
});

describe('traditional text', () => {
  it.each([
    ['國務院總理主持召開會議', '国务院总理主持召开会议'],
    ['這項調查顯示經濟發展穩定', '这项调查显示经济发展稳定'],
    ['立法院審查預算案', '立法院审查预算案'],
    ['民眾對政府的滿意度提高', '民众对政府的满意度提高'],
  ])('%s segments like %s', (traditional, simplified) => {
    expect(seg.segment(traditional)).toEqual(seg.segment(simplified));
  });

  it('finds words whose traditional form is not a character-by-character fold (乾淨)', () => {
    expect(keepsWhole('把房間打掃乾淨', '乾淨')).toBe(true);
  });
});

describe('wordAt()', () => {
  const text = '全面推进乡村振兴工作。';
  const start = text.indexOf('乡村振兴');

  it('returns the whole word at its first, middle and last character', () => {
    for (const offset of [start, start + 1, start + 2, start + 3]) {
      const span = seg.wordAt(text, offset);
      expect(span, `offset ${offset}`).not.toBeNull();
      expect([span!.start, span!.end]).toEqual([start, start + 4]);
    }
  });

  it('lists shorter and longer readings that contain the offset, shortest first, the chosen one included', () => {
    const span = seg.wordAt(text, start + 1)!;
    const words = span.alternatives.map((s) => text.slice(s.start, s.end));
    expect(words).toContain('乡村振兴');
    expect(words).toContain('乡村');
    expect(words).toContain('村');
    for (const s of span.alternatives) expect(s.start <= start + 1 && s.end > start + 1).toBe(true);
    const lengths = span.alternatives.map((s) => s.end - s.start);
    expect([...lengths].sort((a, b) => a - b)).toEqual(lengths);
  });

  it('gives the parts of a compound, and none for a single character', () => {
    const span = seg.wordAt(text, start)!;
    expect(span.parts.map((s) => text.slice(s.start, s.end))).toEqual(['乡村', '振兴']);
    const single = seg.wordAt('他来了', 0)!;
    expect(single.parts).toEqual([]);
  });

  it('returns null on punctuation, whitespace and outside the text', () => {
    expect(seg.wordAt(text, text.length - 1)).toBeNull();
    expect(seg.wordAt('会议 结束', 2)).toBeNull();
    expect(seg.wordAt(text, -1)).toBeNull();
    expect(seg.wordAt(text, text.length)).toBeNull();
  });

  it('answers from its block cache the same as without it, across many blocks', () => {
    const sentence = '全市各级党组织认真开展主题教育，推动高质量发展取得新成效，群众满意度持续提升。';
    const blocks = Array.from({ length: 20 }, (_, i) => `第${i + 1}段：${sentence}${sentence}`);
    const first = blocks.map((b) => seg.wordAt(b, 10));
    for (const b of blocks) seg.wordAt(b, 5);
    blocks.forEach((b, i) => expect(seg.wordAt(b, 10)).toEqual(first[i]));
    for (const b of blocks) expect(b.length).toBeGreaterThanOrEqual(64);
  });

  it('agrees with segment() for every offset of a sentence', () => {
    const s = '2024年5月30日，县委书记赵志勇主持召开会议。';
    const segments = seg.segment(s);
    for (let i = 0; i < s.length; i++) {
      const span = seg.wordAt(s, i);
      const owner = segments.find((g) => g.start <= i && i < g.end)!;
      if (span) expect([span.start, span.end]).toEqual([owner.start, owner.end]);
    }
  });
});

describe('isWord() and commonness()', () => {
  it('knows dictionary, jieba and civic words, in both scripts', () => {
    for (const w of ['政府', '兜底保障', '國務院', '乾淨', '人社厅']) expect(seg.isWord(w), w).toBe(true);
    expect(seg.isWord('赵志勇')).toBe(false);
    expect(seg.isWord('')).toBe(false);
  });

  it('ranks common words as more common (lower) than rare ones', () => {
    const de = seg.commonness('的')!;
    const zhengfu = seg.commonness('政府')!;
    const rare = seg.commonness('踽踽独行')!;
    expect(de).toBeLessThan(zhengfu);
    expect(zhengfu).toBeLessThan(rare);
    expect(seg.commonness('不是一个词语啊')).toBeNull();
  });
});

describe('lexicon asset', () => {
  it('is built byte for byte the same twice', async () => {
    const cached = await lexiconBytes();
    const fresh = (await buildLexicon()).bytes;
    expect(Buffer.compare(Buffer.from(fresh), Buffer.from(cached))).toBe(0);
  });

  it('rejects bytes that are not a lexicon', () => {
    expect(() => Segmenter.fromBytes(new TextEncoder().encode('not a lexicon at all'))).toThrow(/magic/);
  });
});
