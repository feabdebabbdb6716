/**
 * Shapes the reply of `lookupAt` from the core: the segment under the offset, the other dictionary
 * readings of the span (for the card's shorter/longer steps), each with its entries and parts. Pure (no
 * browser.*): the background calls it, and tests call it with the real core loaded in Node.
 */
import type { DictEntry, Segment } from '../dictionary/types';
import type { HoverResult, Reading, SpanResult } from './messages';
import { isAllHan, isHanAt } from '../dictionary/han';
import { Lru } from '../dictionary/lru';

/** The parts of the core that the hover path needs (dictionary/core.ts provides them). */
export interface HoverCore {
  /** Entries of a word: the dictionary's, else one made by rule or composed (dictionary/words.ts). */
  words: { lookup(word: string): DictEntry[] };
  segmenter: {
    wordAt(text: string, offset: number): { start: number; end: number; alternatives: Segment[]; parts: Segment[] } | null;
    segment(text: string): Segment[];
  };
}

function span(core: HoverCore, text: string, s: Segment, expected?: string): SpanResult {
  const word = text.slice(s.start, s.end);
  let entries = core.words.lookup(word);
  if (expected) {
    // A part of a compound: the reading the compound gives it first (综 in 综治中心 is zōng, not zèng).
    // The same syllables; an entry written in lower case (意 yì "meaning") before a proper noun (Yì, Italy).
    const key = expected.toLowerCase();
    const rank = (e: DictEntry) => (e.pinyin === expected ? 0 : e.pinyin.toLowerCase() === key ? 1 : 2);
    if (entries.some((e) => rank(e) < 2)) entries = [...entries].sort((a, b) => rank(a) - rank(b));
  }
  return { start: s.start, end: s.end, word, entries, pinyin: entries[0]?.pinyin ?? readingByCharacter(core, word) };
}

/**
 * The compound's syllables for each of its parts, when its reading has one syllable per code unit
 * (all-Han words without astral characters); else undefined for every part.
 */
function partReadings(compound: SpanResult, parts: Segment[]): Array<string | undefined> {
  const syllables = compound.pinyin.split(' ');
  if (syllables.length !== compound.word.length || !isAllHan(compound.word)) {
    return parts.map(() => undefined);
  }
  return parts.map((p) => syllables.slice(p.start - compound.start, p.end - compound.start).join(' '));
}

/**
 * Pinyin of a word the dictionary lacks (mostly names and numbers), one dictionary reading per character:
 * a first character's surname reading when it has one (names start with the surname), else its
 * lower-case reading with the most senses. Runs of other characters (digits, Latin) stay as they are. This keeps pinyin-pro
 * (320 kB, ~35 ms to initialise) out of the service worker, whose start-up is on the cold-lookup path.
 */
export function readingByCharacter(core: HoverCore, word: string): string {
  const out: string[] = [];
  let other = '';
  let first = true;
  for (const ch of word) {
    if (!isHanAt(ch, 0)) {
      other += ch;
      continue;
    }
    if (other) out.push(other.trim());
    other = '';
    const entries = core.words.lookup(ch);
    const surname = first && word.length > 1 ? entries.find((e) => e.definitions.some((d) => /^surname\b/i.test(d))) : undefined;
    // The main reading of a polyphone is usually the one with the most senses (络: luò, not lào).
    const lower = entries.filter((e) => e.pinyin === e.pinyin.toLowerCase());
    const common = (lower.length > 0 ? lower : entries).reduce<DictEntry | undefined>(
      (best, e) => (!best || e.definitions.length > best.definitions.length ? e : best),
      undefined,
    );
    const reading = (surname ?? common)?.pinyin;
    out.push(reading ? reading.toLowerCase() : ch);
    first = false;
  }
  if (other.trim()) out.push(other.trim());
  return out.filter(Boolean).join(' ');
}

/**
 * Parts of a reading that is not the segmenter's choice: the best split of the word on its own, without
 * the whole-word reading (the segmenter's `parts` when it keeps the word whole, else its segments).
 */
function partsOf(core: HoverCore, word: string): Segment[] {
  if (word.length < 2) return [];
  const alone = core.segmenter.wordAt(word, 0);
  if (alone && alone.start === 0 && alone.end === word.length) return alone.parts;
  const segs = core.segmenter.segment(word);
  return segs.length > 1 ? segs : [];
}

export function hoverAt(core: HoverCore, text: string, offset: number): HoverResult | null {
  const at = core.segmenter.wordAt(text, offset);
  if (!at) return null;
  const spans = at.alternatives.some((a) => a.start === at.start && a.end === at.end)
    ? at.alternatives
    : [...at.alternatives, { start: at.start, end: at.end }];
  const sorted = [...spans].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  let chosen = 0;
  const readings: Reading[] = sorted.map((s, i) => {
    const base = span(core, text, s);
    let parts: Segment[];
    if (s.start === at.start && s.end === at.end) {
      chosen = i;
      parts = at.parts;
    } else {
      // Parts were found in the word alone: move them to the text's offsets.
      parts = partsOf(core, base.word).map((p) => ({ start: p.start + s.start, end: p.end + s.start }));
    }
    const expected = partReadings(base, parts);
    return { ...base, parts: parts.map((p, k) => span(core, text, p, expected[k])) };
  });
  return { readings, chosen };
}

/**
 * `hoverAt` with a cache per block text: hovering along a paragraph asks about the same text again and
 * again (the segmenter itself keeps only the last text's segmentation).
 */
export class HoverCache {
  private readonly blocks: Lru<string, Map<number, HoverResult | null>>;
  hits = 0;
  misses = 0;

  constructor(
    private readonly core: HoverCore,
    blocks = 32,
    private readonly perBlock = 256,
  ) {
    this.blocks = new Lru(blocks);
  }

  at(text: string, offset: number): HoverResult | null {
    let block = this.blocks.get(text);
    if (!block) {
      block = new Map();
      this.blocks.set(text, block);
    }
    if (block.has(offset)) {
      this.hits++;
      return block.get(offset)!;
    }
    this.misses++;
    const result = hoverAt(this.core, text, offset);
    if (block.size >= this.perBlock) block.clear();
    block.set(offset, result);
    return result;
  }
}
