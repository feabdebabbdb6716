/**
 * Reads dict.bin (layout: format.ts, FORMAT.md). Loading makes typed-array views and decodes the small
 * character table, nothing per key or entry (block indexes are stored); entries become objects only
 * when a lookup returns them. Headwords are found by binary search over front-coded blocks; traditional
 * queries are mapped to their possible simplified spellings character by character (pruned by prefix),
 * then filtered on the stored traditional form (the key index and that walk: headwords.ts; the entries'
 * records: entries.ts; this file is the Dictionary over both, what the rest of the code asks).
 *
 * The English senses live outside dict.bin, in shard files (format version 3): a lookup whose entries'
 * senses are in a shard not added yet throws `SensesNotLoaded` naming it. The reader stays synchronous;
 * core.ts's `run` fetches the shard and calls again.
 */
import { sameSpelling } from './variants';
import type { DictEntry, GlossaryDetail, GlossaryEntry, GlossaryHead } from './types';
import { numberedToMarks } from './pinyin';
import { readContainer } from './container';
import { Headwords } from './headwords';
import { Entries } from './entries';
import { DICT_MAGIC, DICT_SECTION, DICT_VERSION, ENTRY_BLOCK, FLAG_CATEGORY_MASK, FLAG_SOURCE_CIVIC } from './format';

export class Dictionary {
  readonly keyCount: number;
  readonly entryCount: number;
  /** Longest simplified headword, in UTF-16 code units. */
  readonly maxKeyLength: number;

  /** The simplified keys and the traditional -> simplified walk (headwords.ts). */
  private readonly keys: Headwords;
  /** The entries' records and senses shards (entries.ts). */
  private readonly entries: Entries;

  private constructor(bytes: Uint8Array) {
    const sections = readContainer(bytes, DICT_MAGIC, DICT_VERSION, 'dictionary');
    const counts = sections.u32(DICT_SECTION.counts);
    this.keyCount = counts[0]!;
    this.entryCount = counts[1]!;
    this.maxKeyLength = counts[6]!;
    this.keys = new Headwords(sections, this.keyCount);
    this.entries = new Entries(sections, counts);
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
    return this.entries.shardCount;
  }

  /** File names of the senses shards, in order. */
  shardFiles(): string[] {
    return this.entries.shardFiles();
  }

  /** Byte length that shard `index` must have. */
  shardLength(index: number): number {
    return this.entries.shardLength(index);
  }

  hasSensesShard(index: number): boolean {
    return this.entries.hasSensesShard(index);
  }

  /** Indexes of the shards not added yet. */
  missingShards(): number[] {
    return this.entries.missingShards();
  }
  /**
   * The shards holding the senses of the entries `lookup(word)` may return (a superset: traditional
   * spellings are not filtered). Reads keys only, so it works before any shard is added.
   */
  sensesShardsOf(word: string): number[] {
    if (word === '') return [];
    const keys = new Set<number>();
    const own = this.keys.findKey(word);
    if (own >= 0) keys.add(own);
    if (this.keys.mayBeTraditional(word)) for (const k of this.keys.simplifiedSpellings(word)) keys.add(k);
    const out = new Set<number>();
    for (const k of keys) {
      const [first, end] = this.keys.entriesOfKey(k);
      for (let e = first; e < end; e++) out.add(this.entries.blockShard[Math.floor(e / ENTRY_BLOCK)]!);
    }
    return [...out];
  }
  /** Adds the bytes of senses shard `index` (checked against the length in SHRD). */
  addSensesShard(index: number, bytes: Uint8Array): void {
    this.entries.addSensesShard(index, bytes);
  }

  /**
   * Entries whose simplified or traditional headword is `word`: civic entries first, then CC-CEDICT
   * entries (ordinary senses before surname-only and variant-only entries). [] when unknown.
   */
  lookup(word: string): DictEntry[] {
    if (word === '') return [];
    const found: DictEntry[] = [];
    this.entriesOf(word, (e, simplified) => void found.push(this.entries.entryAt(e, simplified)));
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
    this.entriesOf(word, (e, simplified) => void (this.entries.flags[e]! & FLAG_SOURCE_CIVIC ? civicSource : other).push([e, simplified]));
    const all = civicSource.length ? [...civicSource, ...other] : other;
    if (all.length === 0) return null;
    let main: [number, string] | null = civicSource[0] ?? (all.length === 1 ? all[0]! : null);
    for (let i = 0; !main && i < all.length; i++) {
      // Numbered pinyin starts with the same letter, capital or not, as the tone-marked form.
      const pinyin = this.entries.pinyinOf(...all[i]!);
      if (pinyin !== '' && pinyin[0] === pinyin[0]!.toLowerCase()) main = all[i]!;
    }
    main ??= all[0]!;
    const civicAt = all.find(([e]) => (this.entries.flags[e]! & FLAG_CATEGORY_MASK) !== 0);
    return {
      key: all[0]![1],
      entry: main[0],
      shard: this.entries.blockShard[Math.floor(main[0] / ENTRY_BLOCK)]!,
      simplified: main[1],
      civicEntry: civicAt ? civicAt[0] : -1,
      category: civicAt ? this.entries.categories[(this.entries.flags[civicAt[0]]! & FLAG_CATEGORY_MASK) - 1]! : null,
      source: this.entries.flags[main[0]]! & FLAG_SOURCE_CIVIC ? 'civic' : 'cedict',
    };
  }

  /** The rest of glossaryEntry for a head from glossaryHead: may throw SensesNotLoaded (see core.run). */
  glossaryDetail(head: GlossaryHead): GlossaryDetail {
    return {
      traditional: this.entries.traditionalOf(head.entry, head.simplified),
      pinyin: numberedToMarks(this.entries.pinyinOf(head.entry, head.simplified)),
      definitions: this.entries.definitionsOf(head.entry).definitions,
      civic: head.civicEntry >= 0 ? this.entries.civicOf(head.civicEntry) : null,
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
    const own = this.keys.findKey(word);
    if (own >= 0) {
      const [first, end] = this.keys.entriesOfKey(own);
      for (let e = first; e < end; e++) if (visit(e, word)) return true;
    }
    if (!this.keys.mayBeTraditional(word)) return false;
    for (const key of this.keys.simplifiedSpellings(word)) {
      if (key === own) continue;
      const simplified = this.keys.keyAt(key);
      const [first, end] = this.keys.entriesOfKey(key);
      for (let e = first; e < end; e++)
        if (sameSpelling(this.entries.traditionalOf(e, simplified), word) && visit(e, simplified)) return true;
    }
    return false;
  }

  /** True when some simplified headword starts with `prefix`, or, after mapping, some traditional one. */
  hasPrefix(prefix: string): boolean {
    if (this.keys.keyWithPrefix(prefix)) return true;
    if (!this.keys.mayBeTraditional(prefix)) return false;
    return this.keys.simplifiedPrefixes(prefix).length > 0;
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
    return this.entries.defaultReading(char);
  }

  /**
   * `simplified` written with each character's most frequent traditional form in the dictionary (the
   * default of CHRT): 两年 -> 兩年. For words the dictionary lacks; an entry's own form is `traditional`.
   */
  defaultTraditional(simplified: string): string {
    return this.entries.defaultTraditional(simplified);
  }

  /** All simplified headwords in stored (UTF-16) order. */
  headwords(): Generator<string> {
    return this.keys.headwords();
  }

  /**
   * The simplified and traditional forms of every civic-lexicon entry (for tools: cli coverage), read from
   * the keys and flags only.
   */
  *civicForms(): Generator<string> {
    let key = 0;
    for (const simplified of this.headwords()) {
      const [first, end] = this.keys.entriesOfKey(key++);
      for (let e = first; e < end; e++) {
        if (!(this.entries.flags[e]! & FLAG_SOURCE_CIVIC)) continue;
        yield simplified;
        const traditional = this.entries.traditionalOf(e, simplified);
        if (traditional !== simplified) yield traditional;
      }
    }
  }

  /** Every entry, in stored order (for tests and tools; the extension never needs this). */
  *allEntries(): Generator<DictEntry> {
    let key = 0;
    for (const simplified of this.headwords()) {
      const [first, end] = this.keys.entriesOfKey(key);
      for (let e = first; e < end; e++) yield this.entries.entryAt(e, simplified);
      key++;
    }
  }
}
