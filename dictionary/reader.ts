/**
 * Reads dict.bin (layout: format.ts, FORMAT.md). Loading makes typed-array views and decodes the small
 * character table, nothing per key or entry (block indexes are stored); entries become objects only
 * when a lookup returns them. Headwords are found by binary search over front-coded blocks; traditional
 * queries are mapped to their possible simplified spellings character by character (pruned by prefix),
 * then filtered on the stored traditional form.
 *
 * The English senses live outside dict.bin, in shard files (format version 3): a lookup whose entries'
 * senses are in a shard not added yet throws `SensesNotLoaded` naming it. The reader stays synchronous;
 * core.ts's `run` fetches the shard and calls again.
 */
import { sameSpelling } from './variants';
import type { CivicCategory, CivicInfo, Classifier, DictEntry, GlossaryDetail, GlossaryEntry, GlossaryHead, SenseRevision } from './types';
import { numberedToMarks, referencesToMarks } from './pinyin';
import { readContainer } from './container';
import { codebookBytes, expand } from './codebook';
import {
  CIVIC_LINE,
  CLASSIFIER_LINE,
  DICT_MAGIC,
  DICT_SECTION,
  DICT_VERSION,
  ENTRY_BLOCK,
  FLAG_CATEGORY_MASK,
  FLAG_REVISED,
  FLAG_SOURCE_CIVIC,
  OUR_SENSE,
  REVISION_LINE,
  KEY_BLOCK,
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

/** Block sizes (varint tuples of `width`) -> each block's start per column, as a running sum. */
function startsFromSizes(bytes: Uint8Array, blocks: number, width: number): Uint32Array {
  // The sizes of the last block are stored but not needed.
  const sizes = decodeVarints(bytes, Math.max(0, blocks - 1) * width);
  const out = new Uint32Array(blocks * width);
  for (let i = width; i < out.length; i++) out[i] = out[i - width]! + sizes[i - width]!;
  return out;
}

export class Dictionary {
  readonly keyCount: number;
  readonly entryCount: number;
  /** Longest simplified headword, in UTF-16 code units. */
  readonly maxKeyLength: number;

  private readonly keyPrefix: Uint8Array;
  private readonly keySuffixLength: Uint8Array;
  private readonly keyAlphabet: Uint16Array;
  private readonly keySuffixHigh: Uint8Array;
  private readonly keySuffixLow: Uint8Array;
  private readonly keyEntries: Uint8Array;
  /** Per key block: start of its suffix units, index of its first entry. */
  private readonly keyBlocks: Uint32Array;
  /** Per entry block: offsets of its first entry in senses, pinyin and trad. */
  private readonly entryBlocks: Uint32Array;
  private readonly senseLengthLow: Uint8Array;
  private readonly senseLengthHigh: Uint8Array;
  private readonly pinyinLength: Uint8Array;
  private readonly tradLength: Uint8Array;
  private readonly flags: Uint8Array;
  /** The senses codebook's words (codebook.ts): records are expanded with it before decoding. */
  private readonly codebook: Uint8Array[];
  /** Per senses shard: its first entry block and byte length (u32 pairs of SHRD). */
  private readonly shardTable: Uint32Array;
  /** Per entry block: the shard that holds its senses. */
  private readonly blockShard: Uint16Array;
  /** Per shard: its bytes once added. */
  private readonly shards: Array<Uint8Array | null>;
  private readonly pinyin: Uint8Array;
  private readonly trad: Uint8Array;
  private readonly syllables: string[];
  private readonly chars: Uint32Array;
  private readonly charReading: Uint16Array;
  private readonly charTrad: Uint32Array;
  private readonly tradToSimp: Uint32Array;
  private readonly categories: CivicCategory[];

  private constructor(bytes: Uint8Array) {
    const { u8, u16, u32 } = readContainer(bytes, DICT_MAGIC, DICT_VERSION, 'dictionary');

    const counts = u32(DICT_SECTION.counts);
    const keyCount = counts[0]!;
    const entryCount = counts[1]!;
    this.keyCount = keyCount;
    this.entryCount = entryCount;
    this.maxKeyLength = counts[6]!;

    this.keyPrefix = u8(DICT_SECTION.keyPrefix);
    this.keySuffixLength = u8(DICT_SECTION.keySuffixLength);
    this.keyAlphabet = u16(DICT_SECTION.keyAlphabet);
    this.keySuffixHigh = u8(DICT_SECTION.keySuffixHigh);
    this.keySuffixLow = u8(DICT_SECTION.keySuffixLow);
    this.keyEntries = u8(DICT_SECTION.keyEntries);
    this.keyBlocks = startsFromSizes(u8(DICT_SECTION.keyBlocks), Math.ceil(keyCount / KEY_BLOCK), 2);
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
    this.tradToSimp = u32(DICT_SECTION.tradToSimp);
    this.categories = utf8.decode(u8(DICT_SECTION.categories)).split('\n') as CivicCategory[];
    const book = utf8.decode(u8(DICT_SECTION.sensesCodebook));
    this.codebook = codebookBytes(book === '' ? [] : book.split('\n'));
  }

  /**
   * Reads an uncompressed dict.bin (see `inflateIfGzip` in core.ts for the gzip-stored form). `shards`,
   * when given, are all the senses shards in order (as the builder returns them); otherwise add them
   * with `addSensesShard` as they arrive.
   */
  static fromBytes(bytes: Uint8Array, shards?: readonly Uint8Array[]): Dictionary {
    const dict = new Dictionary(bytes);
    if (shards) {
      if (shards.length !== dict.shardCount) {
        throw new Error(`dictionary: ${shards.length} senses shards given, the file has ${dict.shardCount}`);
      }
      for (const [i, b] of shards.entries()) dict.addSensesShard(i, b);
    }
    return dict;
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

  /**
   * The shards holding the senses of the entries `lookup(word)` may return (a superset: traditional
   * spellings are not filtered). Reads keys only, so it works before any shard is added.
   */
  sensesShardsOf(word: string): number[] {
    if (word === '') return [];
    const keys = new Set<number>();
    const own = this.findKey(word);
    if (own >= 0) keys.add(own);
    if (this.mayBeTraditional(word)) for (const k of this.simplifiedSpellings(word)) keys.add(k);
    const out = new Set<number>();
    for (const k of keys) {
      const [first, end] = this.entriesOfKey(k);
      for (let e = first; e < end; e++) out.add(this.blockShard[Math.floor(e / ENTRY_BLOCK)]!);
    }
    return [...out];
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

  /**
   * Entries whose simplified or traditional headword is `word`: civic entries first, then CC-CEDICT
   * entries (ordinary senses before surname-only and variant-only entries). [] when unknown.
   */
  lookup(word: string): DictEntry[] {
    if (word === '') return [];
    const found: DictEntry[] = [];
    this.entriesOf(word, (e, simplified) => void found.push(this.entryAt(e, simplified)));
    // Civic first; otherwise keep the stored order (own key first, then traditional matches).
    return [...found.filter((e) => e.source === 'civic'), ...found.filter((e) => e.source !== 'civic')];
  }

  /**
   * What a page-glossary row shows of `word`, decoding only that: the reading a row shows (the first
   * civic entry, else the first reading that is not a proper noun, else the first; the order of
   * `lookup`) and the civic info of the first entry that has one. Equal to picking the same from
   * `lookup(word)` (tests/glossary/glossary.test.ts checks it on a whole page), about 3x cheaper.
   * Null when `word` is not a headword. It is glossaryHead and then glossaryDetail.
   */
  glossaryEntry(word: string): GlossaryEntry | null {
    const head = this.glossaryHead(word);
    return head ? { key: head.key, simplified: head.simplified, ...this.glossaryDetail(head) } : null;
  }

  /**
   * The cheap half of glossaryEntry: which entry the row shows and the civic category, without decoding
   * its readings or senses (so it never needs a senses shard). A long page has thousands of words and
   * the popup shows a few dozen at first: those are described first, the rest after.
   */
  glossaryHead(word: string): GlossaryHead | null {
    if (word === '') return null;
    const civicSource: Array<[number, string]> = [];
    const other: Array<[number, string]> = [];
    this.entriesOf(word, (e, simplified) => void (this.flags[e]! & FLAG_SOURCE_CIVIC ? civicSource : other).push([e, simplified]));
    const all = civicSource.length ? [...civicSource, ...other] : other;
    if (all.length === 0) return null;
    let main: [number, string] | null = civicSource[0] ?? (all.length === 1 ? all[0]! : null);
    for (let i = 0; !main && i < all.length; i++) {
      // Numbered pinyin starts with the same letter, capital or not, as the tone-marked form.
      const pinyin = this.pinyinOf(...all[i]!);
      if (pinyin !== '' && pinyin[0] === pinyin[0]!.toLowerCase()) main = all[i]!;
    }
    main ??= all[0]!;
    const civicAt = all.find(([e]) => (this.flags[e]! & FLAG_CATEGORY_MASK) !== 0);
    return {
      key: all[0]![1],
      entry: main[0],
      shard: this.blockShard[Math.floor(main[0] / ENTRY_BLOCK)]!,
      simplified: main[1],
      civicEntry: civicAt ? civicAt[0] : -1,
      category: civicAt ? this.categories[(this.flags[civicAt[0]]! & FLAG_CATEGORY_MASK) - 1]! : null,
      source: this.flags[main[0]]! & FLAG_SOURCE_CIVIC ? 'civic' : 'cedict',
    };
  }

  /** The rest of glossaryEntry for a head from glossaryHead: may throw SensesNotLoaded (see core.run). */
  glossaryDetail(head: GlossaryHead): GlossaryDetail {
    return {
      traditional: this.traditionalOf(head.entry, head.simplified),
      pinyin: numberedToMarks(this.pinyinOf(head.entry, head.simplified)),
      definitions: this.definitionsOf(head.entry).definitions,
      civic: head.civicEntry >= 0 ? this.civicOf(head.civicEntry) : null,
    };
  }

  /** True when `word` is a simplified or traditional headword. */
  has(word: string): boolean {
    return this.entriesOf(word, () => true);
  }

  /**
   * The one walk over a word's entries: those of its own key (`word` as a simplified headword), then
   * those of every simplified spelling it may be the traditional form of whose stored traditional form
   * is `word` up to variant characters (variants.ts: Taiwan's 臺灣海峽 finds CC-CEDICT's 台灣海峽 and the
   * other way round). `visit(entry, simplified)` returns true to stop; says whether it stopped.
   */
  private entriesOf(word: string, visit: (entry: number, simplified: string) => boolean | undefined): boolean {
    if (word === '') return false;
    const own = this.findKey(word);
    if (own >= 0) {
      const [first, end] = this.entriesOfKey(own);
      for (let e = first; e < end; e++) if (visit(e, word)) return true;
    }
    if (!this.mayBeTraditional(word)) return false;
    for (const key of this.simplifiedSpellings(word)) {
      if (key === own) continue;
      const simplified = this.keyAt(key);
      const [first, end] = this.entriesOfKey(key);
      for (let e = first; e < end; e++) if (sameSpelling(this.traditionalOf(e, simplified), word) && visit(e, simplified)) return true;
    }
    return false;
  }

  /** True when some simplified headword starts with `prefix`, or, after mapping, some traditional one. */
  hasPrefix(prefix: string): boolean {
    if (this.keyWithPrefix(prefix)) return true;
    if (!this.mayBeTraditional(prefix)) return false;
    return this.simplifiedPrefixes(prefix).length > 0;
  }

  /**
   * Lengths (UTF-16 units) of the headwords that start at `start` in `text`, longest first. The first
   * version of the hover uses the longest; the segmenter replaces it with whole-sentence segmentation.
   */
  matchLengths(text: string, start: number): number[] {
    const out: number[] = [];
    const limit = Math.min(text.length - start, this.maxKeyLength);
    for (let n = 1; n <= limit; n++) {
      const piece = text.slice(start, start + n);
      if (!this.hasPrefix(piece)) break;
      if (this.has(piece)) out.push(n);
    }
    return out.reverse();
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

  /** All simplified headwords in stored (UTF-16) order. */
  *headwords(): Generator<string> {
    for (let block = 0; block * KEY_BLOCK < this.keyCount; block++) {
      let at = this.keyBlocks[block * 2]!;
      let prev = '';
      const end = Math.min(this.keyCount, (block + 1) * KEY_BLOCK);
      for (let k = block * KEY_BLOCK; k < end; k++) {
        const n = this.keySuffixLength[k]!;
        prev = prev.slice(0, this.keyPrefix[k]!) + this.suffix(at, n);
        at += n;
        yield prev;
      }
    }
  }

  /**
   * The simplified and traditional forms of every civic-lexicon entry (for tools: cli coverage), read from
   * the keys and flags only.
   */
  *civicForms(): Generator<string> {
    let key = 0;
    for (const simplified of this.headwords()) {
      const [first, end] = this.entriesOfKey(key++);
      for (let e = first; e < end; e++) {
        if (!(this.flags[e]! & FLAG_SOURCE_CIVIC)) continue;
        yield simplified;
        const traditional = this.traditionalOf(e, simplified);
        if (traditional !== simplified) yield traditional;
      }
    }
  }

  /** Every entry, in stored order (for tests and tools; the extension never needs this). */
  *allEntries(): Generator<DictEntry> {
    let key = 0;
    for (const simplified of this.headwords()) {
      const [first, end] = this.entriesOfKey(key);
      for (let e = first; e < end; e++) yield this.entryAt(e, simplified);
      key++;
    }
  }

  // --- keys -------------------------------------------------------------------------------------------

  /** Suffix code unit i, through the key alphabet. */
  private unit(i: number): number {
    return this.keyAlphabet[(this.keySuffixHigh[i]! << 8) | this.keySuffixLow[i]!]!;
  }

  private suffix(at: number, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.unit(at + i));
    return s;
  }

  /** [first, end) entry indexes of key k. */
  private entriesOfKey(k: number): [number, number] {
    const block = Math.floor(k / KEY_BLOCK);
    let first = this.keyBlocks[block * 2 + 1]!;
    for (let i = block * KEY_BLOCK; i < k; i++) first += this.keyEntries[i]!;
    return [first, first + this.keyEntries[k]!];
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

  /** Sign of (first key of `block`) - `query`, by UTF-16 code units, without making a string. */
  private compareBlockFirst(block: number, query: string): number {
    const at = this.keyBlocks[block * 2]!;
    const len = this.keySuffixLength[block * KEY_BLOCK]!;
    const n = Math.min(len, query.length);
    for (let i = 0; i < n; i++) {
      const d = this.unit(at + i) - query.charCodeAt(i);
      if (d !== 0) return d;
    }
    return len - query.length;
  }

  /**
   * The first key >= `query`: its index (keyCount past the end), the code units it shares with
   * `query` and its length (-1 past the end). Walks the block's front coding without making strings:
   * a key that shares more with the previous key than the previous one shares with the query sorts
   * like it, one that shares less is past the query, and only the others are compared unit by unit.
   * Needs KPRE to be the longest shared prefix (it is: encode-dict.ts frontCode).
   */
  private seek(query: string): { k: number; lcp: number; len: number } {
    const blocks = Math.ceil(this.keyCount / KEY_BLOCK);
    if (blocks === 0) return { k: 0, lcp: 0, len: -1 };
    let lo = 0;
    let hi = blocks - 1;
    // Last block whose first key <= query.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.compareBlockFirst(mid, query) <= 0) lo = mid;
      else hi = mid - 1;
    }
    let at = this.keyBlocks[lo * 2]!;
    let lcp = 0;
    const first = lo * KEY_BLOCK;
    const end = Math.min(this.keyCount, first + KEY_BLOCK);
    for (let k = first; k < end; k++) {
      const p = this.keyPrefix[k]!;
      const n = this.keySuffixLength[k]!;
      if (k > first && p !== lcp) {
        if (p < lcp) return { k, lcp: p, len: p + n }; // differs from the query where it left the previous key
        at += n; // shares more with the previous key (< query) than that one with the query: < query too
        continue;
      }
      let i = 0;
      while (i < n && p + i < query.length && this.unit(at + i) === query.charCodeAt(p + i)) i++;
      lcp = p + i;
      const len = p + n;
      const cmp = i < n && lcp < query.length ? this.unit(at + i) - query.charCodeAt(lcp) : len - query.length;
      if (cmp >= 0) return { k, lcp, len };
      at += n;
    }
    if (end >= this.keyCount) return { k: this.keyCount, lcp: 0, len: -1 };
    // The next block's first key (> query, by the block search).
    const next = this.keyBlocks[(end / KEY_BLOCK) * 2]!;
    const len = this.keySuffixLength[end]!;
    let i = 0;
    while (i < len && i < query.length && this.unit(next + i) === query.charCodeAt(i)) i++;
    return { k: end, lcp: i, len };
  }

  private findKey(word: string): number {
    const { k, lcp, len } = this.seek(word);
    return lcp === word.length && len === word.length ? k : -1;
  }

  private keyWithPrefix(prefix: string): boolean {
    const { lcp, len } = this.seek(prefix);
    return len >= 0 && lcp === prefix.length;
  }

  private keyAt(index: number): string {
    const block = Math.floor(index / KEY_BLOCK);
    let at = this.keyBlocks[block * 2]!;
    let key = '';
    for (let k = block * KEY_BLOCK; k <= index; k++) {
      const n = this.keySuffixLength[k]!;
      key = key.slice(0, this.keyPrefix[k]!) + this.suffix(at, n);
      at += n;
    }
    return key;
  }

  // --- traditional -> simplified -------------------------------------------------------------------------

  /** False when no character of `word` is ever written differently in simplified. */
  private mayBeTraditional(word: string): boolean {
    for (const ch of word) if (this.hasSimplifiedOption(ch.codePointAt(0)!)) return true;
    return false;
  }

  /** Index of the first (traditional, simplified) pair whose traditional is >= cp (pairs are sorted). */
  private firstPair(cp: number): number {
    const pairs = this.tradToSimp;
    let lo = 0;
    let hi = pairs.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[mid * 2]! < cp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when `cp` is written differently in simplified in some entry (simplifiedOptions has more). */
  private hasSimplifiedOption(cp: number): boolean {
    const i = this.firstPair(cp);
    return i < this.tradToSimp.length / 2 && this.tradToSimp[i * 2] === cp;
  }

  /** Simplified characters that `trad` stands for in some entry (itself included). */
  private simplifiedOptions(cp: number): number[] {
    const out = [cp];
    const pairs = this.tradToSimp;
    for (let i = this.firstPair(cp); i < pairs.length / 2 && pairs[i * 2]! === cp; i++) out.push(pairs[i * 2 + 1]!);
    return out;
  }

  /**
   * Simplified spellings that `word` may be the traditional form of, each a prefix of some key (a
   * character-by-character walk that drops spellings no key starts with).
   */
  private simplifiedPrefixes(word: string): string[] {
    const cps = [...word].map((c) => c.codePointAt(0)!);
    let partial = [''];
    for (let i = 0; i < cps.length; i++) {
      const next: string[] = [];
      for (const p of partial) {
        for (const s of this.simplifiedOptions(cps[i]!)) {
          const candidate = p + String.fromCodePoint(s);
          if (this.keyWithPrefix(candidate)) next.push(candidate);
        }
      }
      if (next.length === 0) return [];
      partial = next;
    }
    return partial;
  }

  /** Key indexes whose simplified headword `word` may be the traditional form of. */
  private simplifiedSpellings(word: string): number[] {
    const out: number[] = [];
    for (const s of this.simplifiedPrefixes(word)) {
      const k = this.findKey(s);
      if (k >= 0) out.push(k);
    }
    return out;
  }

  // --- entries ----------------------------------------------------------------------------------------

  private charIndex(cp: number): number {
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

  private traditionalOf(entry: number, simplified: string): string {
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

  private pinyinOf(entry: number, simplified: string): string {
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

  private civicOf(entry: number): CivicInfo | null {
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
  private definitionsOf(
    entry: number,
    withClassifiers = false,
  ): { definitions: string[]; classifiers: Classifier[]; revision?: SenseRevision } {
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

  private entryAt(entry: number, simplified: string): DictEntry {
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
