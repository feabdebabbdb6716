/**
 * Word levels: the HSK level of a word under both standards (GF0025-2021 and the 2025 syllabus) and its
 * frequency rank and band (jieba's dict.txt counts, dictionary words only). Pure: no DOM, no browser.*;
 * the background, the popup, the review page, the CLI and the tests read the same asset.
 *
 * Asset levels.bin (container of dictionary/container.ts, magic DBLV, version 1; dictionary/levels/README.md):
 *   WORD  the words, UTF-8, separated by "\n": the ranked words first, most frequent first, then the HSK
 *         words that have no rank, in code-point order
 *   LEVL  one byte per word: (2021 level << 4) | 2025 level; 0 = not listed, 7 = the band "7–9"
 *   META  u32 little-endian: the number of ranked words (the first ones of WORD)
 * Keys are simplified headwords: pass DictEntry.simplified, GlossaryEntry.key or StudyItem.simplified.
 */
import { readContainer, writeContainer } from '../container';
import type { CivicCategory } from '../types';
import { civicCategoryLabel } from '../civic/categories';
import type { HskLevel } from './sources';

export type { HskLevel } from './sources';

export const LEVELS_ASSET = 'levels.bin';
export const LEVELS_MAGIC = 'DBLV';
export const LEVELS_VERSION = 1;

/** Upper rank of each frequency band: band 1 is the 1,000 most frequent words, band 6 ranks 20,001–30,000. */
export const FREQUENCY_BANDS = [1_000, 2_000, 5_000, 10_000, 20_000, 30_000] as const;
/** Words ranked in the asset (the last band's end). */
export const RANKED_WORDS = FREQUENCY_BANDS[FREQUENCY_BANDS.length - 1]!;

export type FrequencyBand = 1 | 2 | 3 | 4 | 5 | 6;
export type HskStandard = 2021 | 2025;

export interface WordLevel {
  /** GF0025-2021 level, null when that list lacks the word. */
  hsk2021: HskLevel | null;
  /** 2025 syllabus level, null when that list lacks the word. */
  hsk2025: HskLevel | null;
  /** 1 = the most frequent dictionary word; null beyond RANKED_WORDS. */
  rank: number | null;
  band: FrequencyBand | null;
}

const NONE: WordLevel = Object.freeze({ hsk2021: null, hsk2025: null, rank: null, band: null });

export function bandOfRank(rank: number): FrequencyBand | null {
  for (let i = 0; i < FREQUENCY_BANDS.length; i++) if (rank <= FREQUENCY_BANDS[i]!) return (i + 1) as FrequencyBand;
  return null;
}

/** "top 1,000", "top 2,000" … : what the band means, for a tooltip or a badge. */
export function bandLabel(band: FrequencyBand): string {
  return `top ${FREQUENCY_BANDS[band - 1]!.toLocaleString('en-US')}`;
}

/** "HSK 3", "HSK 7–9". */
export function hskLabel(level: HskLevel): string {
  return level === 7 ? 'HSK 7–9' : `HSK ${level}`;
}

export interface LevelsInput {
  /** Ranked words, most frequent first. */
  ranked: readonly string[];
  hsk2021: ReadonlyMap<string, HskLevel>;
  hsk2025: ReadonlyMap<string, HskLevel>;
}

/** Encodes levels.bin (build side; deterministic). */
export function encodeLevels(input: LevelsInput): Uint8Array {
  const words = [...input.ranked];
  const seen = new Set(words);
  const rest = new Set<string>();
  for (const m of [input.hsk2021, input.hsk2025]) for (const w of m.keys()) if (!seen.has(w)) rest.add(w);
  words.push(...[...rest].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const w of words) if (!w || w.includes('\n')) throw new Error(`levels: bad word ${JSON.stringify(w)}`);
  const levels = new Uint8Array(words.length);
  words.forEach((w, i) => {
    levels[i] = ((input.hsk2021.get(w) ?? 0) << 4) | (input.hsk2025.get(w) ?? 0);
  });
  const meta = new Uint8Array(4);
  new DataView(meta.buffer).setUint32(0, input.ranked.length, true);
  return writeContainer(LEVELS_MAGIC, LEVELS_VERSION, [
    ['WORD', new TextEncoder().encode(words.join('\n'))],
    ['LEVL', levels],
    ['META', meta],
  ]);
}

export class Levels {
  /** Number of ranked words (the first words of the list). */
  readonly rankedCount: number;
  private readonly words: string[];
  private readonly levels: Uint8Array;
  private readonly index: Map<string, number>;

  private constructor(words: string[], levels: Uint8Array, rankedCount: number) {
    this.words = words;
    this.levels = levels;
    this.rankedCount = rankedCount;
    this.index = new Map();
    for (let i = 0; i < words.length; i++) this.index.set(words[i]!, i);
  }

  /** Reads levels.bin; throws an Error naming the asset when the bytes are not a levels asset. */
  static fromBytes(bytes: Uint8Array): Levels {
    const s = readContainer(bytes, LEVELS_MAGIC, LEVELS_VERSION, 'levels');
    const text = new TextDecoder().decode(s.u8('WORD'));
    const words = text ? text.split('\n') : [];
    const levels = s.u8('LEVL');
    const meta = s.u8('META');
    if (levels.length !== words.length || meta.length < 4) throw new Error('levels: sections disagree');
    const ranked = new DataView(meta.buffer, meta.byteOffset, 4).getUint32(0, true);
    if (ranked > words.length) throw new Error('levels: bad ranked count');
    return new Levels(words, levels, ranked);
  }

  /** Number of words the asset knows (ranked or listed). */
  get size(): number {
    return this.words.length;
  }

  /** Levels and frequency of a simplified headword; all null for a word the asset lacks. O(1). */
  levelOf(word: string): WordLevel {
    const i = this.index.get(word);
    if (i === undefined) return NONE;
    const b = this.levels[i]!;
    const rank = i < this.rankedCount ? i + 1 : null;
    return {
      hsk2021: (b >> 4 || null) as HskLevel | null,
      hsk2025: (b & 15 || null) as HskLevel | null,
      rank,
      band: rank === null ? null : bandOfRank(rank),
    };
  }

  /** The `n` most frequent words (at most rankedCount), most frequent first. */
  topWords(n: number): string[] {
    return this.words.slice(0, Math.max(0, Math.min(n, this.rankedCount)));
  }

  /** Every word the standard lists at levels 1 … `upTo` (7 = up to and including 7–9). */
  wordsUpTo(standard: HskStandard, upTo: HskLevel): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.words.length; i++) {
      const b = this.levels[i]!;
      const level = standard === 2021 ? b >> 4 : b & 15;
      if (level !== 0 && level <= upTo) out.push(this.words[i]!);
    }
    return out;
  }
}

/** What the card, the glossary and the popup show beside a word in place of, or as, its level. */
export type LevelBadge =
  | { kind: 'hsk'; level: HskLevel; text: string; standard: HskStandard }
  | { kind: 'civic'; category: CivicCategory; text: string };

/**
 * The display rule: the word's level under the reader's standard ("HSK 3", with the year beside it); if
 * that list lacks the word but the other standard lists it, that level with the other year (the year
 * says which); a word neither lists shows its civic category when it has one; otherwise nothing.
 */
export function levelBadge(level: WordLevel | null, civic: CivicCategory | null, standard: HskStandard = 2025): LevelBadge | null {
  const other: HskStandard = standard === 2025 ? 2021 : 2025;
  for (const std of [standard, other]) {
    const l = level ? (std === 2025 ? level.hsk2025 : level.hsk2021) : null;
    if (l !== null) return { kind: 'hsk', level: l, text: hskLabel(l), standard: std };
  }
  if (civic) return { kind: 'civic', category: civic, text: civicCategoryLabel(civic) };
  return null;
}
