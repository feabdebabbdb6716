/**
 * The headword index of dict.bin (layout: format.ts, FORMAT.md), for reader.ts: simplified keys in
 * front-coded blocks found by binary search, each key's run of entries, and the traditional -> simplified
 * character pairs through which a traditional query finds the simplified keys it may stand for (a walk
 * character by character, pruned by prefix). Knows nothing of the entries' records (entries.ts).
 */
import type { Sections } from './container';
import { DICT_SECTION, KEY_BLOCK, decodeVarints } from './format';

/** Block sizes (varint tuples of `width`) -> each block's start per column, as a running sum. */
export function startsFromSizes(bytes: Uint8Array, blocks: number, width: number): Uint32Array {
  // The sizes of the last block are stored but not needed.
  const sizes = decodeVarints(bytes, Math.max(0, blocks - 1) * width);
  const out = new Uint32Array(blocks * width);
  for (let i = width; i < out.length; i++) out[i] = out[i - width]! + sizes[i - width]!;
  return out;
}

export class Headwords {
  private readonly keyPrefix: Uint8Array;
  private readonly keySuffixLength: Uint8Array;
  private readonly keyAlphabet: Uint16Array;
  private readonly keySuffixHigh: Uint8Array;
  private readonly keySuffixLow: Uint8Array;
  private readonly keyEntries: Uint8Array;
  /** Per key block: start of its suffix units, index of its first entry. */
  private readonly keyBlocks: Uint32Array;
  private readonly tradToSimp: Uint32Array;

  constructor(
    { u8, u16, u32 }: Sections,
    readonly keyCount: number,
  ) {
    this.keyPrefix = u8(DICT_SECTION.keyPrefix);
    this.keySuffixLength = u8(DICT_SECTION.keySuffixLength);
    this.keyAlphabet = u16(DICT_SECTION.keyAlphabet);
    this.keySuffixHigh = u8(DICT_SECTION.keySuffixHigh);
    this.keySuffixLow = u8(DICT_SECTION.keySuffixLow);
    this.keyEntries = u8(DICT_SECTION.keyEntries);
    this.keyBlocks = startsFromSizes(u8(DICT_SECTION.keyBlocks), Math.ceil(keyCount / KEY_BLOCK), 2);
    this.tradToSimp = u32(DICT_SECTION.tradToSimp);
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
  entriesOfKey(k: number): [number, number] {
    const block = Math.floor(k / KEY_BLOCK);
    let first = this.keyBlocks[block * 2 + 1]!;
    for (let i = block * KEY_BLOCK; i < k; i++) first += this.keyEntries[i]!;
    return [first, first + this.keyEntries[k]!];
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

  findKey(word: string): number {
    const { k, lcp, len } = this.seek(word);
    return lcp === word.length && len === word.length ? k : -1;
  }

  keyWithPrefix(prefix: string): boolean {
    const { lcp, len } = this.seek(prefix);
    return len >= 0 && lcp === prefix.length;
  }

  keyAt(index: number): string {
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
  mayBeTraditional(word: string): boolean {
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
  simplifiedPrefixes(word: string): string[] {
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
  simplifiedSpellings(word: string): number[] {
    const out: number[] = [];
    for (const s of this.simplifiedPrefixes(word)) {
      const k = this.findKey(s);
      if (k >= 0) out.push(k);
    }
    return out;
  }
}
