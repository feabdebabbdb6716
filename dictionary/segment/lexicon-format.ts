/**
 * Layout of assets/generated/lexicon.bin, the segmenter's word list (see dictionary/FORMAT.md, "Lexicon
 * asset"). Shared by the builder (dictionary/build/build-lexicon.ts) and the reader (lexicon.ts).
 *
 * All integers little-endian. Header: magic "DBLX", u16 version, u16 section count, then per section
 * { u32 id (4 ASCII bytes), u32 byte offset, u32 byte length }. Sections start at multiples of 4.
 */

export const LEXICON_MAGIC = 'DBLX';
export const LEXICON_VERSION = 2;

/** Section ids. Word keys are in normalised form (see `normaliseUnit` in chars.ts). */
export const SECTION = {
  /** u32 word count, u32 trie node count (= suffix code units), u32 suffix code units, u32 reserved. */
  counts: 'CNTS',
  /** u8 per word: code units shared with the previous word (front coding, words sorted by UTF-16). */
  prefixLengths: 'PLEN',
  /** u8 per word: code units that follow the shared prefix. */
  suffixLengths: 'SLEN',
  /** u16 code units, most frequent first: the characters that SUFX indexes. */
  charTable: 'CHRS',
  /**
   * All suffixes concatenated, each code unit as an index into CHRS: one byte 0xxxxxxx (index < 128) or
   * two bytes 1xxxxxxx yyyyyyyy (index = x << 8 | y).
   */
  suffixUnits: 'SUFX',
  /** u8 per word: quantised cost (see costOf). */
  costs: 'COST',
  /** u16 pairs: traditional-only code unit, then the simplified one it is read as. Sorted by the first. */
  tradMap: 'TRAD',
  /** u16 code unit then u8 cost, padded to 4 bytes per record: single-character surnames. */
  surnames: 'SURN',
  /** u16 code unit then u8 cost, padded: characters seen in given names, with their weight. */
  givenNameChars: 'GIVN',
} as const;

/** A cost byte of 255 is never stored for a word; the reader uses it to mark prefixes. */
export const NO_WORD = 255;
/** Costs are -ln(probability) in steps of 1/8, so bytes 1..254 cover 0.125 .. 31.75. */
export const COST_SCALE = 8;

export function quantiseCost(cost: number): number {
  return Math.max(1, Math.min(254, Math.round(cost * COST_SCALE)));
}

export function costOf(byte: number): number {
  return byte / COST_SCALE;
}
