/**
 * Variant characters of traditional writing (dictionary/variants.ts): the same word written the Hong Kong,
 * Taiwan or CC-CEDICT way is one spelling; different words that share a simplified form are not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeCore } from '../../dictionary/cli/node-core';
import type { Core } from '../../dictionary/core';
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

describe('looking up a traditional spelling with variant characters (the real dictionary)', () => {
  let core: Core;
  beforeAll(async () => {
    core = await loadNodeCore();
  }, 180_000);

  it('finds the civic entry whichever of 台 and 臺 the page writes, civic first', () => {
    for (const word of ['台灣海峽', '臺灣海峽', '台灣關係法', '台東縣', '新台幣', '臺灣地區', '台灣地區']) {
      const found = core.words.lookup(word);
      expect(found[0]?.civic, word).toBeTruthy();
    }
    // CC-CEDICT's own entry, written with 台, is still there after ours
    expect(core.words.lookup('台灣海峽').some((e) => e.traditional === '台灣海峽' && !e.civic)).toBe(true);
  });

  it('does not let a different word in: 乾淨 is not 幹淨, 檯面 not 台面', () => {
    expect(core.dictionary.lookup('乾淨').every((e) => e.traditional === '乾淨')).toBe(true);
    expect(core.dictionary.lookup('檯面').every((e) => e.traditional === '檯面')).toBe(true);
  });
});
