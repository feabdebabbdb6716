/**
 * Variant characters of traditional writing (dictionary/variants.ts): the same word written the Hong Kong,
 * Taiwan or CC-CEDICT way is one spelling; different words that share a simplified form are not.
 */
import { describe, expect, it } from 'vitest';
import { foldVariants, sameSpelling } from '../../dictionary/variants';

describe('variant characters', () => {
  it('treats Taiwan’s 臺 and CC-CEDICT’s 台 as one spelling, in either order', () => {
    expect(sameSpelling('臺灣海峽', '台灣海峽')).toBe(true);
    expect(sameSpelling('台東縣', '臺東縣')).toBe(true);
    expect(sameSpelling('新臺幣', '新台幣')).toBe(true);
  });

  it('folds the Hong Kong forms 綫 衞 裏 爲 啓 to the ones Taiwan writes', () => {
    expect(foldVariants('路綫 保衞 這裏 爲了 啓動')).toBe('路線 保衛 這裡 為了 啟動');
    expect(sameSpelling('撫卹金', '撫恤金')).toBe(true);
  });

  it('keeps apart words that differ by more than a variant', () => {
    expect(sameSpelling('台灣', '臺北')).toBe(false);
    expect(sameSpelling('檯面', '台面')).toBe(false);
    expect(sameSpelling('乾淨', '幹淨')).toBe(false);
    expect(sameSpelling('台灣', '台灣省')).toBe(false);
  });
});
