/**
 * Layout of assets/generated/dict.bin, shared by the builder (dictionary/build/encode-dict.ts) and the
 * reader (reader.ts). The prose version, with a worked example, is dictionary/FORMAT.md.
 *
 * All integers little-endian. Header: magic "DBDC", u16 version, u16 section count, then per section
 * { u32 id (4 ASCII bytes), u32 byte offset, u32 byte length }. Sections start at multiples of 4.
 * The whole file may be stored gzip-compressed (it then starts with 1f 8b); `inflateIfGzip` in core.ts
 * undoes that before `Dictionary.fromBytes`.
 *
 * Since version 3 the English senses (most of the bytes) are not in dict.bin but in shard files
 * `senses-00.bin`, `senses-01.bin`, ... (raw SENS bytes of consecutive whole entry blocks, listed in the
 * SHRD section), so that a cold service worker can answer its first lookup before all of them arrived.
 * Since version 4 a civic-lexicon entry's civic information (explanation, parts, related terms, year) is
 * the first line of its senses record (CIVIC_LINE), in the shards too: dict.bin keeps only the category.
 * Since version 5 the senses records are packed with a codebook of frequent words (SCBK, codebook.ts).
 */

export const DICT_MAGIC = 'DBDC';
export const DICT_VERSION = 5;

/**
 * Target size of a senses shard: a shard is closed at the first entry-block boundary at or past it.
 * ~5.0 MB of senses make 39 shards (FORMAT.md); one shard reads in ~3 ms in a warm worker.
 */
export const SENSES_SHARD_BYTES = 128_000;

/** File name of senses shard `index`: senses-00.bin, senses-01.bin, ... (two digits at least). */
export function sensesShardName(index: number): string {
  return `senses-${String(index).padStart(2, '0')}.bin`;
}

/** Matches the shard file names (for builders cleaning an output folder). */
export const SENSES_SHARD_FILE = /^senses-\d{2,}\.bin$/;

/** Headwords per front-coding block: the first key of a block is stored whole. */
export const KEY_BLOCK = 16;
/** Entries per block of the entry index (EBLK): offsets are stored for each block's first entry. */
export const ENTRY_BLOCK = 64;

export const DICT_SECTION = {
  /** u32 × 8: keys, entries, characters, syllables, t2s pairs, civic entries, longest key (UTF-16), 0. */
  counts: 'CNTS',
  /** u8 per key: UTF-16 units shared with the previous key of its block (0 at block starts). */
  keyPrefix: 'KPRE',
  /** u8 per key: UTF-16 units that follow the shared prefix. */
  keySuffixLength: 'KSLN',
  /** u16: the code units of all key suffixes, most frequent first (the key alphabet). */
  keyAlphabet: 'KALP',
  /**
   * u8 per suffix code unit: high byte of its index in KALP. With KSLO (the low bytes) it spells the
   * suffixes of all keys, concatenated; keys are simplified headwords sorted by UTF-16 code units.
   * Ranks split into two byte columns compress 17% better than raw UTF-16 (measured: 263 vs 318 KB).
   */
  keySuffixHigh: 'KSHI',
  /** u8 per suffix code unit: low byte of its index in KALP. */
  keySuffixLow: 'KSLO',
  /** u8 per key: its number of entries (entries are stored grouped by key, in key order). */
  keyEntries: 'KCNT',
  /**
   * varint pairs per key block: its suffix units and its entries (the reader sums them at load into
   * each block's start in KSHI/KSLO and its first entry).
   */
  keyBlocks: 'KBLK',
  /** varint triples per entry block: its bytes in SENS, PINY and TRAD (summed at load likewise). */
  entryBlocks: 'EBLK',
  /** u8 per entry: bits 0-3 civic category (index into CATS, plus one; 0 = none), bit 4 source civic. */
  entryFlags: 'EFLG',
  /** u8 per entry: low byte of the byte length of its senses in SENS. */
  senseLengthLow: 'SLLO',
  /** u8 per entry: high byte of that length (split: the high bytes are nearly all 0 and pack well). */
  senseLengthHigh: 'SLHI',
  /**
   * u32 pairs per senses shard: its first entry block, its byte length. The shard files (see
   * sensesShardName) hold the SENS bytes, UTF-8: per entry its senses joined by "\n"; classifiers, if
   * any, as a last line "\x1F" + list. A shard starts at its first block's SENS offset (EBLK sums).
   */
  sensesShards: 'SHRD',
  /** u8 per entry: byte length of its pinyin record in PINY (0 = default reading). */
  pinyinLength: 'PLEN',
  /** Pinyin records (see FORMAT.md): capitals, overrides of the per-character reading, or all ids. */
  pinyin: 'PINY',
  /** u8 per entry: byte length of its traditional record in TRAD (0 = default form). */
  tradLength: 'TLEN',
  /** varint pairs (code-point position, code point) where traditional differs from the default. */
  trad: 'TRAD',
  /** UTF-8: numbered syllables (lower case) and other pinyin tokens, "\n"-separated; id = line index. */
  syllables: 'SYLL',
  /** varint per character: code points of all characters of simplified keys, ascending, as deltas. */
  chars: 'CHRS',
  /** u16 per character: id of its default (most frequent) syllable, 0xFFFF when none. */
  charReading: 'CHRP',
  /** varint per character: its default traditional form, as zigzag(traditional - simplified). */
  charTrad: 'CHRT',
  /** u32 pairs (traditional, simplified), ascending: every pair seen where the two differ. */
  tradToSimp: 'T2SP',
  /** UTF-8: civic category ids, "\n"-separated, in the order the flags index them. */
  categories: 'CATS',
  /** UTF-8, "\n"-separated: the senses codebook (codebook.ts); code i stands for word i. */
  sensesCodebook: 'SCBK',
} as const;

export const FLAG_CATEGORY_MASK = 0x0f;
export const FLAG_SOURCE_CIVIC = 0x10;
/** The news-sense layer (dictionary/senses) changed the entry: its senses carry REVISION_LINE and OUR_SENSE marks. */
export const FLAG_REVISED = 0x20;

/** Starts a sense written by us (news-sense layer), in a FLAG_REVISED entry's senses. */
export const OUR_SENSE = '\x1d';
/** A FLAG_REVISED entry's line after its senses (before the classifier line): "\x1e" + reordered (0/1) + "," + senses dropped. */
export const REVISION_LINE = '\x1e';

/** First byte of a pinyin record, a bit set: */
export const PINYIN_CAPITALS = 1; // varint count + varint positions of tokens written with a capital
export const PINYIN_ALL = 2; // varint count + varint syllable ids: tokens do not align with characters
export const PINYIN_OVERRIDES = 4; // varint count + (varint position, varint id) pairs

/**
 * Starts the first line of a civic-source entry's senses record: "\x1c" + JSON [explanation, components,
 * related, year]. Read only when the card or a glossary row shows the entry (its shard is needed then anyway).
 */
export const CIVIC_LINE = '\x1c';
/** Marks the classifier line at the end of an entry's senses. */
export const CLASSIFIER_LINE = '\x1f';
export const NO_READING = 0xffff;

/** Unsigned LEB128. */
export function writeVarint(out: number[], value: number): void {
  let v = value >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

/** Reads a varint at `pos.at`, advancing it. */
export function readVarint(bytes: Uint8Array, pos: { at: number }): number {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos.at++]!;
    value |= (b & 0x7f) << shift;
    if (b < 0x80) return value >>> 0;
    shift += 7;
  }
}

/**
 * `count` varints from the start of `bytes`, in one tight loop (the reader's load path: a call per value
 * costs several times more in a cold, not yet optimised worker).
 */
export function decodeVarints(bytes: Uint8Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let b = bytes[at++]!;
    let v = b & 0x7f;
    let shift = 7;
    while (b >= 0x80) {
      b = bytes[at++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
    }
    out[i] = v >>> 0;
  }
  if (at > bytes.length) throw new Error('varint column is truncated');
  return out;
}

export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function unzigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
