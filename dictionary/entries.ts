/**
 * The entries of dict.bin (layout: format.ts, FORMAT.md), for reader.ts: each entry's records (pinyin
 * as syllable ids over the character table's readings, traditional form as changes to the characters'
 * default, flags with the civic category) and its English senses, which live in shard files (format
 * version 3) added as they arrive. Decoding an entry whose shard is not added yet throws
 * `SensesNotLoaded` naming it. An entry becomes an object only when asked for.
 */
import type { CivicCategory, CivicInfo, Classifier, DictEntry, SenseRevision } from './types';
import { numberedToMarks, referencesToMarks } from './pinyin';
import type { Sections } from './container';
import { codebookFromSection, expand } from './codebook';
import { startsFromSizes } from './headwords';
import {
  CIVIC_LINE,
  CLASSIFIER_LINE,
  DICT_SECTION,
  ENTRY_BLOCK,
  FLAG_CATEGORY_MASK,
  FLAG_REVISED,
  FLAG_SOURCE_CIVIC,
  OUR_SENSE,
  REVISION_LINE,
  NO_READING,
  PINYIN_ALL,
  PINYIN_CAPITALS,
  PINYIN_OVERRIDES,
  readVarint,
  sensesShardName,
  decodeVarints,
} from './format';

const utf8 = new TextDecoder();
const CIVIC_BYTE = CIVIC_LINE.charCodeAt(0);

/** A lookup needed the senses of a shard that was not added (Dictionary.addSensesShard) yet. */
export class SensesNotLoaded extends Error {
  override readonly name = 'SensesNotLoaded';
  constructor(
    /** Shard index. */
    readonly shard: number,
    /** Its file name, e.g. senses-03.bin. */
    readonly file: string,
  ) {
    super(`dictionary: senses shard ${file} is not loaded`);
  }
}

export class Entries {
  /** Per entry block: offsets of its first entry in senses, pinyin and trad. */
  private readonly entryBlocks: Uint32Array;
  private readonly senseLengthLow: Uint8Array;
  private readonly senseLengthHigh: Uint8Array;
  private readonly pinyinLength: Uint8Array;
  private readonly tradLength: Uint8Array;
  readonly flags: Uint8Array;
  /** The senses codebook's words (codebook.ts): records are expanded with it before decoding. */
  private readonly codebook: Uint8Array[];
  /** Per senses shard: its first entry block and byte length (u32 pairs of SHRD). */
  private readonly shardTable: Uint32Array;
  /** Per entry block: the shard that holds its senses. */
  readonly blockShard: Uint16Array;
  /** Per shard: its bytes once added. */
  private readonly shards: Array<Uint8Array | null>;
  private readonly pinyin: Uint8Array;
  private readonly trad: Uint8Array;
  private readonly syllables: string[];
  private readonly chars: Uint32Array;
  private readonly charReading: Uint16Array;
  private readonly charTrad: Uint32Array;
  readonly categories: CivicCategory[];

  /** `counts` is the COUN section (entry count at 1, character count at 2). */
  constructor({ u8, u16, u32 }: Sections, counts: Uint32Array) {
    const entryCount = counts[1]!;
    this.entryBlocks = startsFromSizes(u8(DICT_SECTION.entryBlocks), Math.ceil(entryCount / ENTRY_BLOCK), 3);

    this.flags = u8(DICT_SECTION.entryFlags);
    this.shardTable = u32(DICT_SECTION.sensesShards);
    const shardCount = this.shardTable.length >> 1;
    const entryBlockCount = Math.ceil(entryCount / ENTRY_BLOCK);
    if (shardCount < 1 || shardCount > 0xffff || this.shardTable[0] !== 0) throw new Error('dictionary: bad SHRD table');
    this.blockShard = new Uint16Array(entryBlockCount);
    for (let s = 1; s < shardCount; s++) {
      const first = this.shardTable[s * 2]!;
      if (first <= this.shardTable[(s - 1) * 2]! || first >= entryBlockCount) throw new Error('dictionary: bad SHRD table');
      this.blockShard.fill(s, first);
    }
    this.shards = new Array<Uint8Array | null>(shardCount).fill(null);
    this.senseLengthLow = u8(DICT_SECTION.senseLengthLow);
    this.senseLengthHigh = u8(DICT_SECTION.senseLengthHigh);
    this.pinyin = u8(DICT_SECTION.pinyin);
    this.pinyinLength = u8(DICT_SECTION.pinyinLength);
    this.trad = u8(DICT_SECTION.trad);
    this.tradLength = u8(DICT_SECTION.tradLength);
    this.syllables = utf8.decode(u8(DICT_SECTION.syllables)).split('\n');
    const charCount = counts[2]!;
    this.chars = new Uint32Array(charCount);
    this.charTrad = new Uint32Array(charCount);
    const charBytes = u8(DICT_SECTION.chars);
    const tradBytes = u8(DICT_SECTION.charTrad);
    const deltas = decodeVarints(charBytes, charCount);
    const tradDeltas = decodeVarints(tradBytes, charCount);
    for (let i = 0, cp = 0; i < charCount; i++) {
      cp += deltas[i]!;
      this.chars[i] = cp;
      const z = tradDeltas[i]!;
      this.charTrad[i] = cp + (z & 1 ? -((z + 1) / 2) : z / 2);
    }
    this.charReading = u16(DICT_SECTION.charReading);
    this.categories = utf8.decode(u8(DICT_SECTION.categories)).split('\n') as CivicCategory[];
    this.codebook = codebookFromSection(u8(DICT_SECTION.sensesCodebook));
  }

  /** Number of senses shards (files sensesShardName(0 … shardCount − 1)). */
  get shardCount(): number {
    return this.shards.length;
  }

  /** File names of the senses shards, in order. */
  shardFiles(): string[] {
    return this.shards.map((_, i) => sensesShardName(i));
  }

  /** Byte length that shard `index` must have. */
  shardLength(index: number): number {
    return this.shardTable[index * 2 + 1]!;
  }

  hasSensesShard(index: number): boolean {
    return this.shards[index] != null;
  }

  /** Indexes of the shards not added yet. */
  missingShards(): number[] {
    return this.shards.flatMap((b, i) => (b ? [] : [i]));
  }

  /** Adds the bytes of senses shard `index` (checked against the length in SHRD). */
  addSensesShard(index: number, bytes: Uint8Array): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.shards.length) {
      throw new Error(`dictionary: no senses shard ${index}`);
    }
    if (bytes.length !== this.shardLength(index)) {
      throw new Error(
        `dictionary: ${sensesShardName(index)} has ${bytes.length} bytes, dict.bin expects ${this.shardLength(index)} (stale assets?)`,
      );
    }
    this.shards[index] = bytes;
  }

  /** The dictionary's most frequent reading of one character, in tone marks; null when it has none. */
  defaultReading(char: string): string | null {
    const i = this.charIndex(char.codePointAt(0) ?? -1);
    if (i < 0 || this.charReading[i] === NO_READING) return null;
    return numberedToMarks(this.syllables[this.charReading[i]!]!);
  }

  /**
   * `simplified` written with each character's most frequent traditional form in the dictionary (the
   * default of CHRT): 两年 -> 兩年. For words the dictionary lacks; an entry's own form is `traditional`.
   */
  defaultTraditional(simplified: string): string {
    let out = '';
    for (const ch of simplified) {
      const i = this.charIndex(ch.codePointAt(0)!);
      out += i >= 0 ? String.fromCodePoint(this.charTrad[i]!) : ch;
    }
    return out;
  }

  /** [start, end) of an entry's record in senses (column 0), pinyin (1) or trad (2). */
  private recordRange(entry: number, column: 0 | 1 | 2): [number, number] {
    const block = Math.floor(entry / ENTRY_BLOCK);
    let start = this.entryBlocks[block * 3 + column]!;
    if (column === 0) {
      const low = this.senseLengthLow;
      const high = this.senseLengthHigh;
      for (let i = block * ENTRY_BLOCK; i < entry; i++) start += low[i]! | (high[i]! << 8);
      return [start, start + (low[entry]! | (high[entry]! << 8))];
    }
    const lengths = column === 1 ? this.pinyinLength : this.tradLength;
    for (let i = block * ENTRY_BLOCK; i < entry; i++) start += lengths[i]!;
    return [start, start + lengths[entry]!];
  }

  charIndex(cp: number): number {
    let lo = 0;
    let hi = this.chars.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.chars[mid]!;
      if (v === cp) return mid;
      if (v < cp) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  traditionalOf(entry: number, simplified: string): string {
    const cps = [...simplified].map((c) => {
      const i = this.charIndex(c.codePointAt(0)!);
      return i >= 0 ? this.charTrad[i]! : c.codePointAt(0)!;
    });
    const [start, end] = this.recordRange(entry, 2);
    const pos = { at: start };
    while (pos.at < end) {
      const k = readVarint(this.trad, pos);
      cps[k] = readVarint(this.trad, pos);
    }
    return String.fromCodePoint(...cps);
  }

  pinyinOf(entry: number, simplified: string): string {
    const chars = [...simplified];
    const [start, end] = this.recordRange(entry, 1);
    const pos = { at: start };
    // Every key character is in the table; a record with PINYIN_ALL replaces these ids anyway.
    let ids: number[] = chars.map((c) => this.charReading[this.charIndex(c.codePointAt(0)!)] ?? NO_READING);
    let capitals: number[] = [];
    if (pos.at < end) {
      const mode = this.pinyin[pos.at++]!;
      if (mode & PINYIN_CAPITALS) {
        const n = readVarint(this.pinyin, pos);
        capitals = Array.from({ length: n }, () => readVarint(this.pinyin, pos));
      }
      if (mode & PINYIN_ALL) {
        const n = readVarint(this.pinyin, pos);
        ids = Array.from({ length: n }, () => readVarint(this.pinyin, pos));
      }
      if (mode & PINYIN_OVERRIDES) {
        const n = readVarint(this.pinyin, pos);
        for (let i = 0; i < n; i++) {
          const k = readVarint(this.pinyin, pos);
          ids[k] = readVarint(this.pinyin, pos);
        }
      }
    }
    const tokens = ids.map((id) => this.syllables[id]!);
    for (const k of capitals) tokens[k] = tokens[k]!.charAt(0).toUpperCase() + tokens[k]!.slice(1);
    return tokens.join(' ');
  }

  civicOf(entry: number): CivicInfo | null {
    const flags = this.flags[entry]!;
    const category = flags & FLAG_CATEGORY_MASK;
    if (category === 0) return null;
    const info: CivicInfo = {
      category: this.categories[category - 1]!,
      explanation: '',
      components: [],
      related: [],
      year: null,
    };
    if (flags & FLAG_SOURCE_CIVIC) {
      // The first line of the entry's senses record (may throw SensesNotLoaded, as the senses do).
      const record = this.sensesOf(entry);
      if (record[0] === CIVIC_BYTE) {
        const nl = record.indexOf(0x0a);
        const [explanation, components, related, year] = JSON.parse(utf8.decode(record.subarray(1, nl < 0 ? record.length : nl))) as [
          string,
          string[],
          string[],
          number | null,
        ];
        Object.assign(info, { explanation, components, related, year });
      }
    }
    return info;
  }

  /** The UTF-8 senses of an entry, from its shard; SensesNotLoaded when that shard is missing. */
  private sensesOf(entry: number): Uint8Array {
    const block = Math.floor(entry / ENTRY_BLOCK);
    const shard = this.blockShard[block]!;
    const bytes = this.shards[shard];
    if (!bytes) throw new SensesNotLoaded(shard, sensesShardName(shard));
    const base = this.entryBlocks[this.shardTable[shard * 2]! * 3]!;
    const [start, end] = this.recordRange(entry, 0);
    return expand(bytes.subarray(start - base, end - base), this.codebook);
  }

  /**
   * English senses of an entry, its measure words (stored as a last line) and, for an entry the news-sense
   * layer changed, what it changed (a line before them, and marks on the senses we wrote).
   */
  definitionsOf(entry: number, withClassifiers = false): { definitions: string[]; classifiers: Classifier[]; revision?: SenseRevision } {
    let record = this.sensesOf(entry);
    if (record[0] === CIVIC_BYTE) {
      // A civic entry's civic line (civicOf reads it).
      const nl = record.indexOf(0x0a);
      record = nl < 0 ? record.subarray(record.length) : record.subarray(nl + 1);
    }
    const text = utf8.decode(record);
    const lines = text === '' ? [] : text.split('\n');
    const classifiers: Classifier[] = [];
    if (lines.length > 0 && lines[lines.length - 1]!.startsWith(CLASSIFIER_LINE)) {
      const last = lines.pop()!;
      if (withClassifiers) {
        for (const item of last.slice(1).split(',')) {
          const m = /^([^|[]+)(?:\|([^[]+))?\[([^\]]*)\]$/.exec(item);
          if (m) classifiers.push({ simplified: m[2] ?? m[1]!, traditional: m[1]!, pinyin: m[3]! });
        }
      }
    }
    let revision: SenseRevision | undefined;
    if (this.flags[entry]! & FLAG_REVISED && lines.length > 0 && lines[lines.length - 1]!.startsWith(REVISION_LINE)) {
      const [reordered, dropped] = lines.pop()!.slice(1).split(',');
      revision = { added: [], reordered: reordered === '1', dropped: Number(dropped) || 0 };
      lines.forEach((l, i) => {
        if (l.startsWith(OUR_SENSE)) {
          revision!.added.push(i);
          lines[i] = l.slice(1);
        }
      });
    }
    // Cross-references keep CC-CEDICT's numbered pinyin in the data; readers see tone marks.
    return { definitions: lines.map(referencesToMarks), classifiers, ...(revision ? { revision } : {}) };
  }

  entryAt(entry: number, simplified: string): DictEntry {
    const { definitions: lines, classifiers, revision } = this.definitionsOf(entry, true);
    const pinyinNumbered = this.pinyinOf(entry, simplified);
    return {
      simplified,
      traditional: this.traditionalOf(entry, simplified),
      pinyin: numberedToMarks(pinyinNumbered),
      pinyinNumbered,
      definitions: lines,
      classifiers,
      source: this.flags[entry]! & FLAG_SOURCE_CIVIC ? 'civic' : 'cedict',
      civic: this.civicOf(entry),
      ...(revision ? { revision } : {}),
    };
  }
}
