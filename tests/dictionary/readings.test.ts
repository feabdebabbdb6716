/**
 * Readings for pinyin over the page, from the real core (assets/generated, built when missing): each
 * word reads as that word, whatever its characters read elsewhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAssets, loadNodeCore } from '../../dictionary/cli/node-core';
import type { Core } from '../../dictionary/core';
import { FREE_READINGS, readingsOfTexts, wordReadings } from '../../dictionary/readings';

let core: Core;

beforeAll(async () => {
  await ensureAssets();
  core = await loadNodeCore();
}, 180_000);

/** "word[reading]" for each word of `text`. */
function read(text: string): string[] {
  return wordReadings(core.dictionary, core.segmenter, text).map((w) => `${text.slice(w.start, w.end)}[${w.pinyin}]`);
}

function readingOf(text: string, word: string): string | undefined {
  const w = wordReadings(core.dictionary, core.segmenter, text).find((x) => text.slice(x.start, x.end) === word);
  return w?.pinyin;
}

describe('word readings', () => {
  it('read 行 长 重 调 处 还 为 as each word reads them', () => {
    expect(readingOf('他在银行工作，这次行动很成功。', '银行')).toBe('yín háng');
    expect(readingOf('他在银行工作，这次行动很成功。', '行动')).toBe('xíng dòng');
    expect(readingOf('孩子们长大了，参观了长城。', '长大')).toBe('zhǎng dà');
    expect(readingOf('孩子们长大了，参观了长城。', '长城')).toBe('Cháng chéng');
    expect(readingOf('这项工作很重要，我们重新开始。', '重要')).toBe('zhòng yào');
    expect(readingOf('这项工作很重要，我们重新开始。', '重新开始')).toBe('chóng xīn kāi shǐ');
    expect(readingOf('政府调整了政策，进行调查。', '调整')).toBe('tiáo zhěng');
    expect(readingOf('政府调整了政策，进行调查。', '调查')).toBe('diào chá');
    expect(readingOf('处长在办公室处理文件。', '处理')).toBe('chǔ lǐ');
    expect(readingOf('处长在办公室处理文件。', '处长')).toBe('chù zhǎng');
    expect(readingOf('他按时还款，还在上班。', '还款')).toBe('huán kuǎn');
    expect(readingOf('作为党员，要为人民服务。', '作为')).toBe('zuò wéi');
  });

  it('give characters standing alone their reading as free words', () => {
    const words = read('他还没有来，这条路很长，他吃了饭。');
    expect(words).toContain('还[hái]');
    expect(words).toContain('长[cháng]');
    expect(words).toContain('了[le]');
  });

  it('read traditional text the same way', () => {
    expect(readingOf('銀行處理還款。', '銀行')).toBe('yín háng');
    expect(readingOf('銀行處理還款。', '處理')).toBe('chǔ lǐ');
    expect(readingOf('銀行處理還款。', '還款')).toBe('huán kuǎn');
  });

  it('cover every Han word with offsets into the text, and leave other text alone', () => {
    const text = 'GDP增长6.9%，2017年（丁酉年）的“两学一做”。';
    const ws = wordReadings(core.dictionary, core.segmenter, text);
    const han = [...text].filter((c) => /\p{Script=Han}/u.test(c)).length;
    expect(ws.reduce((n, w) => n + [...text.slice(w.start, w.end)].filter((c) => /\p{Script=Han}/u.test(c)).length, 0)).toBe(han);
    for (const w of ws) expect(/\p{Script=Han}/u.test(text.slice(w.start, w.end))).toBe(true);
    expect(ws.map((w) => text.slice(w.start, w.end))).toContain('年'); // from the token "2017年"
    const liang = ws.find((w) => text.slice(w.start, w.end) === '两学一做')!;
    expect(liang.civic).not.toBe(null);
    expect(liang.pinyin).toBe('liǎng xué yī zuò');
    expect(ws.find((w) => text.slice(w.start, w.end) === '增长')!.civic).toBe(null);
  });

  it('give Han words one syllable per character', () => {
    const text = '中国共产党第十九次全国代表大会在北京隆重开幕，习近平代表第十八届中央委员会向大会作报告。';
    for (const w of wordReadings(core.dictionary, core.segmenter, text)) {
      expect(w.pinyin.split(' ').length, text.slice(w.start, w.end)).toBe([...text.slice(w.start, w.end)].length);
    }
  });

  it('name only readings the dictionary has for each free-standing character', () => {
    for (const [ch, reading] of Object.entries(FREE_READINGS)) {
      const readings = core.dictionary.lookup(ch).map((e) => e.pinyin.toLowerCase());
      expect(readings, ch).toContain(reading);
    }
  });

  it('share one word cache across a page’s runs', () => {
    const r = readingsOfTexts(core.dictionary, core.segmenter, ['银行', '', '银行行长']);
    expect(r.map((x) => x.map((w) => w.pinyin))).toEqual([['yín háng'], [], ['yín háng', 'háng zhǎng']]);
  });
});
