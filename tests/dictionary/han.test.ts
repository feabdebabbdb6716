import { describe, expect, it } from 'vitest';
import { countHan, HAN_BMP_RANGES, hasHan, isAllHan, isHanAt, isHanCodePoint } from '../../dictionary/han';

describe('the one Han test', () => {
  it('takes the unified ideographs, extension A, compatibility ideographs, the astral extensions and 〇', () => {
    for (const ch of ['中', '国', '㐀', '䶿', '鿿', '豈', '𠀀', '𪛖', '𰀀', '〇']) expect(isHanAt(ch, 0), ch).toBe(true);
    expect(isHanCodePoint(0x323af)).toBe(true);
  });

  it('refuses kana, hangul, punctuation, full-width letters, digits and lone surrogates', () => {
    for (const ch of ['あ', 'ア', '한', '。', '，', 'Ａ', '１', 'a', '1', ' ', '\ud840', '\udc00', '〆', '々']) {
      expect(isHanAt(ch, 0), ch).toBe(false);
    }
    expect(isHanCodePoint(0x323b0)).toBe(false);
    expect(isHanCodePoint(0x1f600)).toBe(false);
  });

  it('counts characters, not code units, and stops at a limit', () => {
    expect(countHan('中国 China 𠀀𠀁 〇。')).toBe(5);
    expect(countHan('\ud840abc')).toBe(0);
    expect(countHan('中'.repeat(1000), 3)).toBe(3);
    expect(hasHan('English only')).toBe(false);
    expect(hasHan('English 中')).toBe(true);
  });

  it('says whether a word is Han throughout', () => {
    expect(isAllHan('二〇二四年')).toBe(true);
    expect(isAllHan('𠀀字')).toBe(true);
    expect(isAllHan('5G网络')).toBe(false);
    expect(isAllHan('')).toBe(false);
  });

  it('agrees with its BMP ranges code point by code point', () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const inRanges = HAN_BMP_RANGES.some(([a, b]) => cp >= a && cp <= b);
      if (isHanCodePoint(cp) !== inRanges) expect.fail(`U+${cp.toString(16)}`);
    }
  });
});
