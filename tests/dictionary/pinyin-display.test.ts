import { describe, expect, it } from 'vitest';
import { loadCedictJson } from '../../dictionary/build/dict-sources';
import { displaySyllables, formatPinyin, parseSyllable, syllableToNumbers, syllableToZhuyin } from '../../dictionary/pinyin-display';

describe('zhuyin', () => {
  it('spells initials and finals, with the tone mark after the syllable and none for the first tone', () => {
    expect(formatPinyin('zhōng guó rén', 'zhuyin')).toBe('ㄓㄨㄥ ㄍㄨㄛˊ ㄖㄣˊ');
    expect(formatPinyin('fā zhǎn', 'zhuyin')).toBe('ㄈㄚ ㄓㄢˇ');
    expect(formatPinyin('kuài shuāng chuáng zuì sūn', 'zhuyin')).toBe('ㄎㄨㄞˋ ㄕㄨㄤ ㄔㄨㄤˊ ㄗㄨㄟˋ ㄙㄨㄣ');
    expect(formatPinyin('guī liù dùn lùn', 'zhuyin')).toBe('ㄍㄨㄟ ㄌㄧㄡˋ ㄉㄨㄣˋ ㄌㄨㄣˋ');
  });

  it('writes no vowel for zhi chi shi ri zi ci si', () => {
    expect(formatPinyin('zhī chī shī rì zì cí sī', 'zhuyin')).toBe('ㄓ ㄔ ㄕ ㄖˋ ㄗˋ ㄘˊ ㄙ');
  });

  it('reads y- and w- spellings, ü after j q x, and ü written u:, v or u in nue/lue', () => {
    expect(formatPinyin('yī yè yāo yōu yán yīn yàng yīng yǒng', 'zhuyin')).toBe('ㄧ ㄧㄝˋ ㄧㄠ ㄧㄡ ㄧㄢˊ ㄧㄣ ㄧㄤˋ ㄧㄥ ㄩㄥˇ');
    expect(formatPinyin('yǔ yuán yún yuè', 'zhuyin')).toBe('ㄩˇ ㄩㄢˊ ㄩㄣˊ ㄩㄝˋ');
    expect(formatPinyin('wǒ wèi wēng wàn wǔ', 'zhuyin')).toBe('ㄨㄛˇ ㄨㄟˋ ㄨㄥ ㄨㄢˋ ㄨˇ');
    expect(formatPinyin('jué qù xū xióng jiǒng', 'zhuyin')).toBe('ㄐㄩㄝˊ ㄑㄩˋ ㄒㄩ ㄒㄩㄥˊ ㄐㄩㄥˇ');
    expect(formatPinyin('nǚ lǜ lüè nüè', 'zhuyin')).toBe('ㄋㄩˇ ㄌㄩˋ ㄌㄩㄝˋ ㄋㄩㄝˋ');
    expect(syllableToZhuyin('lu:4')).toBe('ㄌㄩˋ');
    expect(syllableToZhuyin('lv4')).toBe('ㄌㄩˋ');
    expect(syllableToZhuyin('nue4')).toBe('ㄋㄩㄝˋ');
  });

  it('puts the neutral tone dot before the syllable', () => {
    expect(formatPinyin('hǎo de', 'zhuyin')).toBe('ㄏㄠˇ ˙ㄉㄜ');
    expect(formatPinyin('dōng xi', 'zhuyin')).toBe('ㄉㄨㄥ ˙ㄒㄧ');
    expect(syllableToZhuyin('ma5')).toBe('˙ㄇㄚ');
  });

  it('writes erhua as ㄦ, as its own syllable or joined', () => {
    expect(formatPinyin('nǎ r', 'zhuyin')).toBe('ㄋㄚˇ ㄦ');
    expect(syllableToZhuyin('r5')).toBe('ㄦ');
    expect(syllableToZhuyin('huār')).toBe('ㄏㄨㄚㄦ');
    expect(syllableToZhuyin('diǎnr')).toBe('ㄉㄧㄢˇㄦ');
    expect(syllableToZhuyin('wanr2')).toBe('ㄨㄢˊㄦ');
    expect(formatPinyin('ér zi', 'zhuyin')).toBe('ㄦˊ ˙ㄗ');
  });

  it('spells syllables without initial or vowel: a o e ê ei ou, m n ng hm hng', () => {
    expect(formatPinyin('ā ó è ê ēi ōu ān áng ēng', 'zhuyin')).toBe('ㄚ ㄛˊ ㄜˋ ˙ㄝ ㄟ ㄡ ㄢ ㄤˊ ㄥ');
    expect(formatPinyin('ḿ ń ňg hm hng', 'zhuyin')).toBe('ㄇˊ ㄋˊ ㄫˇ ˙ㄏㄇ ˙ㄏㄫ');
  });

  it('keeps capitals of names out of the way and leaves Latin letters, digits and punctuation alone', () => {
    expect(formatPinyin('Běi jīng', 'zhuyin')).toBe('ㄅㄟˇ ㄐㄧㄥ');
    expect(formatPinyin('A A zhì', 'zhuyin')).toBe('A A ㄓˋ');
    expect(formatPinyin('kǎ lā O K', 'zhuyin')).toBe('ㄎㄚˇ ㄌㄚ O K');
    expect(formatPinyin('Ā lā bó · Fǎ tè', 'zhuyin')).toBe('ㄚ ㄌㄚ ㄅㄛˊ · ㄈㄚˇ ㄊㄜˋ');
  });

  it('refuses spellings that are not Mandarin syllables', () => {
    for (const t of ['jan1', 'qo2', 'bü3', 'zhü4', 'xx5', 'A', '5G', '·', 'yx1']) expect(parseSyllable(t), t).toBe(null);
  });

  it('converts every syllable CC-CEDICT writes (2,400-odd distinct ones), each to zhuyin letters and a tone', () => {
    const tokens = new Set<string>();
    for (const e of loadCedictJson()) for (const t of e.pinyin.split(' ')) tokens.add(t);
    const unread: string[] = [];
    for (const t of tokens) {
      const latin = /^[A-Z]+$|^[a-z]$|^[^a-zA-Zü]|^xx$|^[a-z]*[^a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêḿńňǹ]/.test(t.normalize('NFC'));
      const s = parseSyllable(t);
      if (!s) {
        if (!latin) unread.push(t);
        continue;
      }
      expect(syllableToZhuyin(t), t).toMatch(/^˙?[\u3105-\u312F]+[ˊˇˋ]?ㄦ?$/);
    }
    // English words in a few entries (cosplayer "coser", "cue"): not pinyin.
    expect(unread.sort()).toEqual(['coser', 'cue']);
    expect(tokens.size).toBeGreaterThan(2_000);
  });
});

describe('tone numbers', () => {
  it('write the tone after the syllable, ü as ü, 5 for the neutral tone', () => {
    expect(formatPinyin('zhōng guó de', 'numbers')).toBe('zhong1 guo2 de5');
    expect(formatPinyin('lǜ nǚ', 'numbers')).toBe('lü4 nü3');
    expect(formatPinyin('Běi jīng', 'numbers')).toBe('Bei3 jing1');
    expect(syllableToNumbers('huār')).toBe('huar1');
    expect(syllableToNumbers('r')).toBe('r5');
    expect(formatPinyin('A A zhì', 'numbers')).toBe('A A zhi4');
  });
});

describe('display syllables', () => {
  it('carry each syllable’s tone in every mode, 0 for what is not a syllable', () => {
    for (const mode of ['marks', 'numbers', 'zhuyin'] as const) {
      expect(displaySyllables('sān yán sān shí', mode).map((s) => s.tone)).toEqual([1, 2, 1, 2]);
      expect(displaySyllables('A A zhì de', mode).map((s) => s.tone)).toEqual([0, 0, 4, 5]);
    }
    expect(displaySyllables('sān yán', 'marks').map((s) => s.text)).toEqual(['sān', 'yán']);
  });
});
