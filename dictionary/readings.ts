/**
 * Readings of the words of a text, for pinyin over the page (issue 13): the text is segmented as the
 * hover card segments it, and each word gets the reading of that word, so 银行 reads yín háng and 行动
 * xíng dòng, 长大 zhǎng dà and 长城 Cháng chéng, 重新 chóng xīn, 调整 tiáo zhěng, 处理 chǔ lǐ, 还款
 * huán kuǎn, 作为 zuò wéi: never character by character.
 *
 * Which reading of a word: the one the page glossary and the card show first (Dictionary.glossaryHead:
 * the civic entry, else the first that is not a proper noun). A character that stands alone as a word
 * has no context in the dictionary, so the common polyphones take the reading they have as free words
 * in running text (FREE_READINGS, ours: 了 le, 还 hái, 为 wèi, 长 cháng, 得 de...), and other characters
 * the dictionary's most frequent reading. A word the dictionary lacks (a name the segmenter joined) reads
 * character by character through the same rules.
 *
 * Pure core: runs in the background (round two answers a message with it) and in Node for tests. Uses
 * only what the cold core has (glossaryHead, defaultReading) plus glossaryDetail for multi-character
 * words, which needs their senses shard: call it through `core.run` in the background.
 */
import type { Dictionary } from './reader';
import type { Segmenter } from './segment';
import type { CivicCategory } from './types';
import { hasHan, isHanAt } from './han';

export interface WordReading {
  /** [start, end) in UTF-16 code units of the text. */
  start: number;
  end: number;
  /** Tone marks, one syllable per character for Han words, separated by single spaces. */
  pinyin: string;
  /** The simplified headword (for filters such as HSK levels, which list simplified words). */
  simplified: string;
  /** Civic lexicon category of the word, null for ordinary words. */
  civic: CivicCategory | null;
}

/**
 * Readings of common polyphonic characters when they stand alone as words (written for Dubao from
 * how they are used as free words in news prose; in compounds the compound's reading wins).
 */
export const FREE_READINGS: Readonly<Record<string, string>> = {
  了: 'le',
  着: 'zhe',
  的: 'de',
  地: 'de',
  得: 'de',
  还: 'hái',
  還: 'hái',
  为: 'wèi',
  為: 'wèi',
  行: 'xíng',
  长: 'cháng',
  長: 'cháng',
  重: 'zhòng',
  调: 'diào',
  調: 'diào',
  处: 'chù',
  處: 'chù',
  只: 'zhǐ',
  都: 'dōu',
  种: 'zhǒng',
  種: 'zhǒng',
  将: 'jiāng',
  將: 'jiāng',
  数: 'shù',
  數: 'shù',
  少: 'shǎo',
  便: 'biàn',
  相: 'xiāng',
  省: 'shěng',
  会: 'huì',
  會: 'huì',
  与: 'yǔ',
  與: 'yǔ',
  和: 'hé',
  要: 'yào',
  没: 'méi',
  沒: 'méi',
  好: 'hǎo',
  教: 'jiāo',
  传: 'chuán',
  傳: 'chuán',
  曾: 'céng',
  乐: 'lè',
  樂: 'lè',
  率: 'lǜ',
  似: 'sì',
  大: 'dà',
  发: 'fā',
  發: 'fā',
  看: 'kàn',
  空: 'kōng',
  干: 'gàn',
  幹: 'gàn',
  几: 'jǐ',
  幾: 'jǐ',
  中: 'zhōng',
  当: 'dāng',
  當: 'dāng',
  分: 'fēn',
  划: 'huà',
  劃: 'huà',
  载: 'zài',
  載: 'zài',
  量: 'liàng',
  强: 'qiáng',
  強: 'qiáng',
  应: 'yīng',
  應: 'yīng',
  给: 'gěi',
  給: 'gěi',
  差: 'chà',
  冲: 'chōng',
  衝: 'chōng',
  朝: 'cháo',
  降: 'jiàng',
  倒: 'dào',
  觉: 'jué',
  覺: 'jué',
  识: 'shí',
  識: 'shí',
};

/** The reading of one character standing alone: the free-word table, else the dictionary's most frequent. */
function charReading(dictionary: Dictionary, ch: string): string | null {
  const free = FREE_READINGS[ch];
  if (free) return free;
  return dictionary.defaultReading(ch);
}

/** Reads one word; null when nothing is known (the word is then left without a reading). */
function readWord(dictionary: Dictionary, word: string): { pinyin: string; simplified: string; civic: CivicCategory | null } | null {
  const chars = [...word];
  const head = dictionary.glossaryHead(word);
  if (chars.length === 1) {
    const pinyin = charReading(dictionary, word) ?? (head ? dictionary.glossaryDetail(head).pinyin : null);
    return pinyin ? { pinyin, simplified: head?.simplified ?? word, civic: head?.category ?? null } : null;
  }
  if (head) return { pinyin: dictionary.glossaryDetail(head).pinyin, simplified: head.simplified, civic: head.category };
  // Not a headword (a joined name, a number with a measure word): character by character.
  const syllables = chars.map((c) => (hasHan(c) ? charReading(dictionary, c) : null));
  if (syllables.some((s) => s === null)) return null;
  return { pinyin: syllables.join(' '), simplified: word, civic: null };
}

/**
 * Every word of `text` that contains a Han character, with its reading, in text order. Words the
 * dictionary cannot read at all (a rare character without any reading) are left out.
 */
export function wordReadings(
  dictionary: Dictionary,
  segmenter: Segmenter,
  text: string,
  cache: Map<string, ReturnType<typeof readWord>> = new Map(),
): WordReading[] {
  const out: WordReading[] = [];
  const add = (start: number, end: number): boolean => {
    const word = text.slice(start, end);
    let r = cache.get(word);
    if (r === undefined) {
      r = readWord(dictionary, word);
      cache.set(word, r);
    }
    if (r) out.push({ start, end, ...r });
    return r !== null;
  };
  for (const seg of segmenter.segment(text)) {
    const word = text.slice(seg.start, seg.end);
    if (!hasHan(word)) continue;
    if (add(seg.start, seg.end)) continue;
    // A token that mixes Han and other characters ("2017年", "5G网络" when not a headword): its Han
    // stretches read on their own.
    for (let i = 0; i < word.length; ) {
      if (!isHanAt(word, i)) {
        i++;
        continue;
      }
      let end = i;
      while (end < word.length && isHanAt(word, end)) end += word.codePointAt(end)! > 0xffff ? 2 : 1;
      if (end - i < word.length) add(seg.start + i, seg.start + end);
      i = end;
    }
  }
  return out;
}

/** Readings of several texts (a page's runs) sharing one cache of words: what the page message answers. */
export function readingsOfTexts(dictionary: Dictionary, segmenter: Segmenter, texts: readonly string[]): WordReading[][] {
  const cache = new Map<string, ReturnType<typeof readWord>>();
  return texts.map((t) => wordReadings(dictionary, segmenter, t, cache));
}
