import { describe, expect, it } from 'vitest';
import { isHanAt } from '../../dictionary/han';
import { lookupWindow, sentenceAround, sentenceBounds } from '../../entrypoints/content/text';

describe('isHanAt', () => {
  it('accepts ideographs, 〇 and astral ideographs, rejects the rest', () => {
    expect(isHanAt('党', 0)).toBe(true);
    expect(isHanAt('二〇二四', 1)).toBe(true);
    expect(isHanAt('𠀀', 0)).toBe(true);
    for (const c of ['a', '1', '，', '。', 'あ', ' ']) expect(isHanAt(c, 0)).toBe(false);
  });
});

describe('sentenceAround', () => {
  const text = '会议强调，要坚持以人民为中心。他说：“我们要两学一做。”随后散会！';
  it('returns the sentence that holds the word, with its full stop and closing quote', () => {
    const i = text.indexOf('两学一做');
    expect(sentenceAround(text, i, i + 4)).toBe('他说：“我们要两学一做。”');
  });
  it('works for the first and last sentence', () => {
    expect(sentenceAround(text, 0, 2)).toBe('会议强调，要坚持以人民为中心。');
    const i = text.indexOf('散会');
    expect(sentenceBounds(text, i, i + 2)).toEqual([text.indexOf('随后'), text.length]);
  });
  it('cuts a run-on sentence around the word', () => {
    const long = `${'一'.repeat(500)}党组书记${'二'.repeat(500)}`;
    const s = sentenceAround(long, 500, 504, 100);
    expect(s).toContain('党组书记');
    expect(s.length).toBeLessThanOrEqual(102);
    expect(s.startsWith('…') && s.endsWith('…')).toBe(true);
  });
});

describe('lookupWindow', () => {
  it('sends a short block whole', () => {
    expect(lookupWindow('短文本。', 1)).toEqual([0, 4]);
  });
  it('cuts a long block at sentence ends around the offset, the same for every offset in a sentence', () => {
    const sentence = '这是一个用来测试窗口的句子。'; // 14 code units
    const text = sentence.repeat(300);
    const at = 14 * 150 + 3;
    const [from, to] = lookupWindow(text, at, 200);
    expect(to - from).toBeLessThanOrEqual(200);
    expect(from).toBeLessThanOrEqual(at);
    expect(to).toBeGreaterThan(at);
    expect(from % 14).toBe(0);
    expect(to % 14).toBe(0);
  });
});
