import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOK, lookFromCopy, readingLook } from '../../utils/reading-look';
import { CHOICES, defaultSettings, type PinyinDisplay, type ToneScheme } from '../../utils/settings-schema';

describe('the reading look of Dubao’s pages', () => {
  it('is the defaults’ for the default settings: tone marks, characters uncoloured', () => {
    expect(readingLook(defaultSettings())).toEqual({ pinyin: 'marks', toneOnCharacters: false });
    expect(readingLook(defaultSettings())).toEqual(DEFAULT_LOOK);
  });

  it('takes the pinyin display as the reader chose it', () => {
    for (const pinyin of CHOICES.pinyin as readonly PinyinDisplay[]) {
      const s = defaultSettings();
      s.pinyin = pinyin;
      expect(readingLook(s).pinyin).toBe(pinyin);
    }
  });

  it('colours characters only when asked and the scheme has colours', () => {
    for (const scheme of CHOICES.toneScheme as readonly ToneScheme[]) {
      for (const onCharacters of [false, true]) {
        const s = defaultSettings();
        s.toneColors.scheme = scheme;
        s.toneColors.onCharacters = onCharacters;
        expect(readingLook(s).toneOnCharacters, `${scheme} ${onCharacters}`).toBe(onCharacters && scheme !== 'none');
      }
    }
  });

  it('reads back the copy it keeps, and the defaults’ look for anything else', () => {
    const kept = { pinyin: 'zhuyin', toneOnCharacters: true };
    expect(lookFromCopy(JSON.stringify(kept))).toEqual(kept);
    expect(lookFromCopy(JSON.stringify({ pinyin: 'hidden', toneOnCharacters: false }))).toEqual({
      pinyin: 'hidden',
      toneOnCharacters: false,
    });
    expect(lookFromCopy(null)).toEqual(DEFAULT_LOOK);
    expect(lookFromCopy('{not json')).toEqual(DEFAULT_LOOK);
    expect(lookFromCopy('"zhuyin"')).toEqual(DEFAULT_LOOK);
    expect(lookFromCopy(JSON.stringify({ pinyin: 'ruby', toneOnCharacters: 'yes' }))).toEqual(DEFAULT_LOOK);
    expect(lookFromCopy(JSON.stringify({ pinyin: 'numbers' }))).toEqual({ pinyin: 'numbers', toneOnCharacters: false });
  });
});
