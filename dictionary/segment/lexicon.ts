/**
 * The segmenter's lexicon, read from lexicon.bin. The file holds a front-coded sorted word list (small
 * once zipped); loading turns it into a hash trie held in three typed arrays: node = slot index, a slot
 * stores its parent node and its code unit, so stepping from a node to a child is one hash probe with two
 * integer compares, and no per-word JS object is ever made.
 *
 * The trie is built lazily, one first code unit at a time: reading the file only finds where each first
 * unit's words start (words sorted by UTF-16 share their first unit in one run), and `root(c)` inserts
 * the words starting with `c` the first time it is asked. Building all of it took 40-100 ms of a cold
 * service worker's start, on the path of the first card; a hover's paragraph needs a small share of it.
 * Linear probing with no deletions keeps every probe chain whole whatever the order of insertion.
 */
import { baseNormaliser } from './chars';
import { readContainer } from '../container';
import { costOf, LEXICON_MAGIC, LEXICON_VERSION, NO_WORD, SECTION } from './lexicon-format';

/** Cost of a character that the lexicon lacks (jieba gives unknown characters a count of 1: ~17.9). */
export const UNKNOWN_COST = 20;

export class Lexicon {
  /** Node of the one-unit prefix for each code unit, or -1; valid once `built[c]` (read it through root). */
  private readonly first: Int32Array;
  /** 1 for the code units whose words are in the trie. */
  private readonly built: Uint8Array;
  /** Group (run of words sharing a first unit) of each code unit, or -1 when no word starts with it. */
  private readonly groupOf: Int32Array;
  /** Per group: its first word, then (at index + 1) the next group's; and the byte its suffixes start at. */
  private readonly groupWord: Int32Array;
  private readonly groupByte: Int32Array;
  private readonly list: WordList;
  private readonly parent: Int32Array;
  private readonly unit: Uint16Array;
  /** Cost byte per node; NO_WORD for prefixes that are not words themselves. */
  readonly costByte: Uint8Array;
  private readonly mask: number;
  /** Cost of each cost byte (index 255 is +Infinity). */
  readonly costTable: Float64Array;
  /** Code unit -> code unit used for lookups (full-width ASCII and traditional-only characters fold). */
  readonly normaliser: Uint16Array;
  /** Single-character surname -> cost of the character as a surname (0 = not a surname). */
  readonly surnameCost: Uint8Array;
  /** Character -> weight as part of a given name (0 = not seen in names). */
  readonly givenCost: Uint8Array;
  readonly wordCount: number;

  private constructor(bytes: Uint8Array) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { u8, u16, range: section } = readContainer(bytes, LEXICON_MAGIC, LEXICON_VERSION, 'lexicon');

    const [countsOff] = section(SECTION.counts);
    const wordCount = view.getUint32(countsOff, true);
    const nodeCount = view.getUint32(countsOff + 4, true);
    this.wordCount = wordCount;

    this.costTable = new Float64Array(256);
    for (let b = 0; b < 255; b++) this.costTable[b] = costOf(b);
    this.costTable[NO_WORD] = Infinity;

    this.normaliser = baseNormaliser();
    const trad = u16(SECTION.tradMap);
    for (let i = 0; i + 1 < trad.length; i += 2) this.normaliser[trad[i]!] = trad[i + 1]!;

    this.surnameCost = new Uint8Array(65536);
    this.givenCost = new Uint8Array(65536);
    const readCharCosts = (id: string, into: Uint8Array) => {
      const b = u8(id);
      for (let i = 0; i + 4 <= b.length; i += 4) into[b[i]! | (b[i + 1]! << 8)] = b[i + 2]!;
    };
    readCharCosts(SECTION.surnames, this.surnameCost);
    readCharCosts(SECTION.givenNameChars, this.givenCost);

    // Hash trie at a load factor of at most 1/2.
    let capacity = 1 << 16;
    while (capacity < nodeCount * 2) capacity <<= 1;
    this.mask = capacity - 1;
    this.parent = new Int32Array(capacity).fill(-1);
    this.unit = new Uint16Array(capacity);
    this.costByte = new Uint8Array(capacity).fill(NO_WORD);
    this.first = new Int32Array(65536).fill(-1);
    this.built = new Uint8Array(65536);

    this.list = {
      prefixLengths: u8(SECTION.prefixLengths),
      suffixLengths: u8(SECTION.suffixLengths),
      costs: u8(SECTION.costs),
      table: u16(SECTION.charTable),
      suffix: u8(SECTION.suffixUnits),
    };
    this.groupOf = new Int32Array(65536).fill(-1);
    const groups = findGroups(this.list, wordCount, this.groupOf);
    this.groupWord = groups.word;
    this.groupByte = groups.byte;
  }

  static fromBytes(bytes: Uint8Array): Lexicon {
    return new Lexicon(bytes);
  }

  /** The node of the one-unit prefix `c` (a normalised code unit), or -1; builds its words on first use. */
  root(c: number): number {
    if (this.built[c] === 0) this.build(c);
    return this.first[c]!;
  }

  /** How many first units have had their words put in the trie (for tests and the bench). */
  builtUnits(): number {
    let n = 0;
    for (let c = 0; c < 65536; c++) n += this.groupOf[c]! >= 0 && this.built[c] === 1 ? 1 : 0;
    return n;
  }

  private build(c: number): void {
    this.built[c] = 1;
    const g = this.groupOf[c]!;
    if (g < 0) return;
    fillTrie(this.list, this.groupWord[g]!, this.groupWord[g + 1]!, this.groupByte[g]!, this.first, this.parent, this.unit, this.costByte);
  }

  /** The node reached from `node` by code unit `c` (already normalised), or -1. */
  child(node: number, c: number): number {
    const parent = this.parent;
    const unit = this.unit;
    const mask = this.mask;
    let i = (Math.imul(node + 1, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) & mask;
    for (;;) {
      const p = parent[i];
      if (p === node && unit[i] === c) return i;
      if (p === -1) return -1;
      i = (i + 1) & mask;
    }
  }

  /**
   * Cost of norm[start, end) as one word (code units already normalised), or UNKNOWN_COST when it is
   * not a word of the lexicon: the price the segmenter and its repair passes pay for an unknown piece.
   */
  spanCost(norm: Uint16Array, start: number, end: number): number {
    let node = this.root(norm[start]!);
    for (let i = start + 1; i < end && node >= 0; i++) node = this.child(node, norm[i]!);
    if (node < 0 || this.costByte[node] === NO_WORD) return UNKNOWN_COST;
    return this.costTable[this.costByte[node]!]!;
  }

  /** Cost of a word (its code units normalised here), or null when it is not in the lexicon. */
  cost(word: string): number | null {
    if (word.length === 0) return null;
    const n = this.normaliser;
    let node = this.root(n[word.charCodeAt(0)]!);
    for (let i = 1; i < word.length && node >= 0; i++) node = this.child(node, n[word.charCodeAt(i)]!);
    if (node < 0 || this.costByte[node]! === NO_WORD) return null;
    return this.costTable[this.costByte[node]!]!;
  }
}

interface WordList {
  prefixLengths: Uint8Array;
  suffixLengths: Uint8Array;
  costs: Uint8Array;
  table: Uint16Array;
  suffix: Uint8Array;
}

/**
 * Where each first code unit's run of words starts: fills `groupOf` (code unit -> group) and returns,
 * per group, its first word and the byte of SUFX its suffixes start at (with one more entry: the end).
 * A word sharing no prefix with the one before starts a run (front coding keeps the longest shared prefix).
 */
function findGroups(list: WordList, wordCount: number, groupOf: Int32Array): { word: Int32Array; byte: Int32Array } {
  const { prefixLengths, suffixLengths, table, suffix } = list;
  // At most one run per code unit, plus the end.
  const word = new Int32Array(65537);
  const byte = new Int32Array(65537);
  let n = 0;
  let u = 0;
  for (let w = 0; w < wordCount; w++) {
    if (prefixLengths[w] === 0) {
      const b = suffix[u]!;
      groupOf[table[b < 0x80 ? b : ((b & 0x7f) << 8) | suffix[u + 1]!]!] = n;
      word[n] = w;
      byte[n++] = u;
    }
    for (let k = suffixLengths[w]!; k > 0; k--) u += suffix[u]! < 0x80 ? 1 : 2;
  }
  word[n] = wordCount;
  byte[n] = u;
  return { word, byte };
}

/** The path of the word being inserted: its node at each depth (words are shorter than 256 units). */
const path = new Int32Array(256);

/**
 * Inserts the front-coded words [from, to) (one first unit's run; its suffixes start at byte `u`) into
 * the hash trie. In sorted order every code unit after the shared prefix starts a node that no earlier
 * word made (words sharing a prefix are adjacent), so insertion only looks for a free slot and never
 * compares keys. A plain function, so that V8 optimises the loop early.
 */
function fillTrie(
  list: WordList,
  from: number,
  to: number,
  u: number,
  first: Int32Array,
  parent: Int32Array,
  unit: Uint16Array,
  costByte: Uint8Array,
): void {
  const { prefixLengths, suffixLengths, costs, table, suffix } = list;
  const mask = parent.length - 1;
  for (let w = from; w < to; w++) {
    let depth = prefixLengths[w]!;
    const end = depth + suffixLengths[w]!;
    // First-unit nodes hang from a virtual root with id -2 so that they have a slot like any node.
    let node = depth > 0 ? path[depth - 1]! : -2;
    for (; depth < end; depth++) {
      const b = suffix[u++]!;
      const c = table[b < 0x80 ? b : ((b & 0x7f) << 8) | suffix[u++]!]!;
      let i = (Math.imul(node + 1, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) & mask;
      while (parent[i] !== -1) i = (i + 1) & mask;
      parent[i] = node;
      unit[i] = c;
      if (node === -2) first[c] = i;
      node = i;
      path[depth] = node;
    }
    costByte[node] = costs[w]!;
  }
}
