/**
 * DictEntry list -> dict.bin bytes (layout: dictionary/format.ts and FORMAT.md). Pure and deterministic:
 * the output depends only on the entries and their order, never on time or Map iteration quirks. The
 * readings and traditional forms (per-character defaults, PINY and TRAD records) are encoded by
 * encode-readings.ts.
 */
import type { DictEntry } from '../types';
import { buildCodebook, checkPackable, indexOf, pack } from '../codebook';
import { CIVIC_CATEGORY_IDS } from '../civic/categories';
import { entryRank } from '../cedict/parse';
import { writeContainer } from '../container';
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
  SENSES_SHARD_BYTES,
  writeVarint,
  zigzag,
} from '../format';
import { charTables, foldToken, pinyinRecord, type Token, tradRecord } from './encode-readings';

export interface EncodeStats {
  keys: number;
  entries: number;
  chars: number;
  syllables: number;
  civicEntries: number;
  /** Entries whose pinyin differs from the per-character default reading. */
  pinyinRecords: number;
  /** Entries whose traditional form differs from the per-character default. */
  tradRecords: number;
  sectionBytes: Record<string, number>;
  /** Byte length of each senses shard (the SENS bytes, outside dict.bin). */
  shardBytes: number[];
}

export interface EncodeOptions {
  /** Target shard size (default SENSES_SHARD_BYTES); tests pass small values to get several shards. */
  shardBytes?: number;
}

export interface EncodedDictionary {
  /** dict.bin */
  bytes: Uint8Array;
  /** The senses shards, in order: senses-00.bin, senses-01.bin, ... (see sensesShardName). */
  shards: Uint8Array[];
  stats: EncodeStats;
}

/**
 * Cuts SENS into shards of whole entry blocks: a shard is closed at the first block boundary at or past
 * `target` bytes. Returns [first entry block, byte length] per shard (always at least one shard).
 */
function shardPlan(blockSenseBytes: number[], target: number): Array<[number, number]> {
  const plan: Array<[number, number]> = [[0, 0]];
  blockSenseBytes.forEach((n, block) => {
    const last = plan[plan.length - 1]!;
    if (last[1] >= target) plan.push([block, n]);
    else last[1] += n;
  });
  return plan;
}

const utf8 = new TextEncoder();

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** Puts entries in stored order: by simplified headword (UTF-16), then civic first, then display rank. */
export function sortEntries(entries: readonly DictEntry[]): DictEntry[] {
  const ranked = entries.map((entry, index) => ({ entry, index, rank: entryRank(entry) }));
  ranked.sort((a, b) => cmp(a.entry.simplified, b.entry.simplified) || a.rank - b.rank || a.index - b.index);
  return ranked.map((r) => r.entry);
}

function checkEntries(entries: readonly DictEntry[]): void {
  for (const e of entries) {
    if ([...e.simplified].length !== [...e.traditional].length) {
      throw new Error(`${e.simplified}: traditional "${e.traditional}" differs in length`);
    }
    if (
      e.definitions.some(
        (d) =>
          d.includes('\n') ||
          d.startsWith(CLASSIFIER_LINE) ||
          d.startsWith(CIVIC_LINE) ||
          d.startsWith(OUR_SENSE) ||
          d.startsWith(REVISION_LINE),
      )
    ) {
      throw new Error(`${e.simplified}: a sense contains a line break`);
    }
  }
}

/** Distinct simplified headwords (entries are sorted) and the number of entries of each. */
function groupKeys(entries: readonly DictEntry[]): { keys: string[]; keyEntries: number[] } {
  const keys: string[] = [];
  const keyEntries: number[] = [];
  for (const e of entries) {
    if (keys.length > 0 && keys[keys.length - 1] === e.simplified) keyEntries[keyEntries.length - 1]!++;
    else {
      keys.push(e.simplified);
      keyEntries.push(1);
    }
  }
  if (keyEntries.some((n) => n > 255)) throw new Error('more than 255 entries for one headword');
  return { keys, keyEntries };
}

/** Syllable table, most frequent first so that common ids fit in one varint byte. */
function syllableTable(entryTokens: Token[][]): { syllables: string[]; syllableId: Map<string, number> } {
  const counts = new Map<string, number>();
  for (const tokens of entryTokens) for (const t of tokens) counts.set(t.token, (counts.get(t.token) ?? 0) + 1);
  const syllables = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || cmp(a, b));
  if (syllables.length >= NO_READING) throw new Error('too many distinct pinyin tokens');
  if (syllables.some((s) => s.includes('\n'))) throw new Error('pinyin token with a line break');
  return { syllables, syllableId: new Map(syllables.map((s, i) => [s, i])) };
}

/**
 * An entry's SENS text: for a civic-lexicon entry its civic line first, then the senses, then the
 * classifier line when there are classifiers.
 */
function sensesText(e: DictEntry): string {
  const added = new Set(e.revision?.added ?? []);
  let text = e.definitions.map((d, i) => (added.has(i) ? OUR_SENSE + d : d)).join('\n');
  if (e.source === 'civic' && e.civic) {
    const { explanation, components, related, year } = e.civic;
    text = `${CIVIC_LINE}${JSON.stringify([explanation, components, related, year])}${text === '' ? '' : '\n'}${text}`;
  }
  if (e.revision) text += `${text === '' ? '' : '\n'}${REVISION_LINE}${e.revision.reordered ? 1 : 0},${e.revision.dropped}`;
  if (e.classifiers.length > 0) {
    const list = e.classifiers.map((c) =>
      c.traditional === c.simplified ? `${c.simplified}[${c.pinyin}]` : `${c.traditional}|${c.simplified}[${c.pinyin}]`,
    );
    text += (text === '' ? '' : '\n') + CLASSIFIER_LINE + list.join(',');
  }
  return text;
}

/** Front coding in blocks of KEY_BLOCK keys. */
function frontCode(keys: string[]): { keyPrefix: Uint8Array; keySuffixLength: Uint8Array; suffixUnits: number[] } {
  const keyPrefix = new Uint8Array(keys.length);
  const keySuffixLength = new Uint8Array(keys.length);
  const suffixUnits: number[] = [];
  keys.forEach((key, i) => {
    let shared = 0;
    if (i % KEY_BLOCK !== 0) {
      const prev = keys[i - 1]!;
      while (shared < key.length && shared < prev.length && key.charCodeAt(shared) === prev.charCodeAt(shared)) shared++;
    }
    if (key.length - shared > 255 || shared > 255) throw new Error(`headword too long: ${key}`);
    keyPrefix[i] = shared;
    keySuffixLength[i] = key.length - shared;
    for (let k = shared; k < key.length; k++) suffixUnits.push(key.charCodeAt(k));
  });
  return { keyPrefix, keySuffixLength, suffixUnits };
}

/** Per block of `size` rows, the sum of each column (the reader turns them into block starts). */
function blockSizes(rows: number, size: number, columns: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (i % size === 0) for (let c = 0; c < columns.length; c++) out.push(0);
    for (let c = 0; c < columns.length; c++) out[out.length - columns.length + c]! += columns[c]![i]!;
  }
  return out;
}

/** Column bytes from per-entry records (with a check on the width of the length column). */
function recordColumn(records: ArrayLike<number>[], maxLength: number, what: string): { lengths: number[]; data: Uint8Array } {
  const lengths = records.map((r) => r.length);
  const tooLong = lengths.findIndex((n) => n > maxLength);
  if (tooLong >= 0) throw new Error(`entry ${tooLong}: ${what} record longer than ${maxLength} bytes`);
  const data = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const r of records) {
    data.set(r, at);
    at += r.length;
  }
  return { lengths, data };
}

export function encodeDictionary(input: readonly DictEntry[], options: EncodeOptions = {}): EncodedDictionary {
  const entries = sortEntries(input);
  checkEntries(entries);
  const { keys, keyEntries } = groupKeys(entries);

  const entryTokens: Token[][] = entries.map((e) => (e.pinyinNumbered === '' ? [] : e.pinyinNumbered.split(' ').map(foldToken)));
  const { syllables, syllableId } = syllableTable(entryTokens);
  const ids = entryTokens.map((tokens) => tokens.map((t) => syllableId.get(t.token)!));
  const simp = entries.map((e) => codePoints(e.simplified));
  const trad = entries.map((e) => codePoints(e.traditional));
  const { chars, charReading, charTrad, pairs } = charTables(simp, trad, ids);

  // Only the categories in use, in display order: the file does not change when an unused one is added.
  const used = new Set(entries.flatMap((e) => (e.civic ? [e.civic.category] : [])));
  const categories = CIVIC_CATEGORY_IDS.filter((c) => used.has(c));
  const unknown = [...used].find((c) => !categories.includes(c));
  if (unknown) throw new Error(`unknown civic category ${unknown}`);
  if (categories.length > FLAG_CATEGORY_MASK) throw new Error('too many civic categories for the flags');
  const flags = new Uint8Array(entries.length);
  let civicEntries = 0;
  entries.forEach((e, i) => {
    if (e.civic) flags[i] = categories.indexOf(e.civic.category) + 1;
    if (e.revision) flags[i]! |= FLAG_REVISED;
    if (e.source === 'civic') {
      if (!e.civic) throw new Error(`${e.simplified}: civic entry without civic info`);
      flags[i]! |= FLAG_SOURCE_CIVIC;
      civicEntries++;
    }
  });

  const texts = entries.map((e) => {
    const t = sensesText(e);
    checkPackable(t, e.simplified);
    return t;
  });
  const codebook = buildCodebook(texts);
  const codes = indexOf(codebook);
  const senses = recordColumn(
    texts.map((t) => pack(t, codebook, codes)),
    0xffff,
    'senses',
  );
  const pinyin = recordColumn(
    entries.map((_, i) => pinyinRecord(entryTokens[i]!, ids[i]!, simp[i]!, charReading)),
    255,
    'pinyin',
  );
  const tradition = recordColumn(
    entries.map((_, i) => tradRecord(simp[i]!, trad[i]!, charTrad)),
    255,
    'traditional',
  );

  const entryBlockSizes = blockSizes(entries.length, ENTRY_BLOCK, [senses.lengths, pinyin.lengths, tradition.lengths]);
  const plan = shardPlan(
    entryBlockSizes.filter((_, i) => i % 3 === 0),
    options.shardBytes ?? SENSES_SHARD_BYTES,
  );
  const shards: Uint8Array[] = [];
  for (let at = 0, i = 0; i < plan.length; i++) {
    shards.push(senses.data.slice(at, at + plan[i]![1]));
    at += plan[i]![1];
  }

  const { keyPrefix, keySuffixLength, suffixUnits } = frontCode(keys);
  // Key alphabet: code units by frequency in the suffixes, then by value.
  const unitCounts = new Map<number, number>();
  for (const u of suffixUnits) unitCounts.set(u, (unitCounts.get(u) ?? 0) + 1);
  const alphabet = [...unitCounts.keys()].sort((a, b) => unitCounts.get(b)! - unitCounts.get(a)! || a - b);
  const rank = new Map(alphabet.map((u, i) => [u, i]));

  const counts = new Uint32Array([
    keys.length,
    entries.length,
    chars.length,
    syllables.length,
    pairs.length,
    civicEntries,
    keys.reduce((n, k) => Math.max(n, k.length), 0),
    0,
  ]);
  const sections: Array<[string, Uint8Array]> = [
    [DICT_SECTION.counts, bytesOf(counts)],
    [DICT_SECTION.keyPrefix, keyPrefix],
    [DICT_SECTION.keySuffixLength, keySuffixLength],
    [DICT_SECTION.keyAlphabet, bytesOf(Uint16Array.from(alphabet))],
    [DICT_SECTION.keySuffixHigh, Uint8Array.from(suffixUnits, (u) => rank.get(u)! >> 8)],
    [DICT_SECTION.keySuffixLow, Uint8Array.from(suffixUnits, (u) => rank.get(u)! & 0xff)],
    [DICT_SECTION.keyEntries, Uint8Array.from(keyEntries)],
    [DICT_SECTION.keyBlocks, varints(blockSizes(keys.length, KEY_BLOCK, [keySuffixLength, keyEntries]))],
    [DICT_SECTION.entryBlocks, varints(entryBlockSizes)],
    [DICT_SECTION.entryFlags, flags],
    [DICT_SECTION.senseLengthLow, Uint8Array.from(senses.lengths, (n) => n & 0xff)],
    [DICT_SECTION.senseLengthHigh, Uint8Array.from(senses.lengths, (n) => n >> 8)],
    [DICT_SECTION.sensesShards, bytesOf(Uint32Array.from(plan.flat()))],
    [DICT_SECTION.pinyinLength, Uint8Array.from(pinyin.lengths)],
    [DICT_SECTION.pinyin, pinyin.data],
    [DICT_SECTION.tradLength, Uint8Array.from(tradition.lengths)],
    [DICT_SECTION.trad, tradition.data],
    [DICT_SECTION.syllables, utf8.encode(syllables.join('\n'))],
    [DICT_SECTION.chars, varints(chars.map((cp, i) => cp - (i > 0 ? chars[i - 1]! : 0)))],
    [DICT_SECTION.charReading, bytesOf(Uint16Array.from(chars, (cp) => charReading.get(cp)!))],
    [DICT_SECTION.charTrad, varints(chars.map((cp) => zigzag(charTrad.get(cp)! - cp)))],
    [DICT_SECTION.tradToSimp, bytesOf(Uint32Array.from(pairs.flat()))],
    [DICT_SECTION.categories, utf8.encode(categories.join('\n'))],
    [DICT_SECTION.sensesCodebook, utf8.encode(codebook.join('\n'))],
  ];
  return {
    bytes: assemble(sections),
    shards,
    stats: {
      keys: keys.length,
      entries: entries.length,
      chars: chars.length,
      syllables: syllables.length,
      civicEntries,
      pinyinRecords: pinyin.lengths.filter((n) => n > 0).length,
      tradRecords: tradition.lengths.filter((n) => n > 0).length,
      sectionBytes: Object.fromEntries(sections.map(([id, b]) => [id, b.length])),
      shardBytes: shards.map((b) => b.length),
    },
  };
}

/** Typed array -> its bytes, little-endian (the platforms we build on are little-endian; checked). */
function bytesOf(array: Uint16Array | Uint32Array): Uint8Array {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('big-endian build host');
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function varints(values: number[]): Uint8Array {
  const out: number[] = [];
  for (const v of values) writeVarint(out, v);
  return Uint8Array.from(out);
}

/** Header, section table, then each section at a 4-byte boundary (zero padding). */
function assemble(sections: Array<[string, Uint8Array]>): Uint8Array {
  return writeContainer(DICT_MAGIC, DICT_VERSION, sections);
}
