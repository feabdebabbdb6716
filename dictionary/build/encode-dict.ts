/**
 * DictEntry list -> dict.bin bytes (layout: dictionary/format.ts and FORMAT.md). Pure and deterministic:
 * the output depends only on the entries and their order, never on time or Map iteration quirks.
 */
import type { DictEntry } from '../types';
import { CIVIC_CATEGORY_IDS } from '../civic/categories';
import { entryRank } from '../cedict/parse';
import {
  CLASSIFIER_LINE,
  DICT_MAGIC,
  DICT_SECTION,
  DICT_VERSION,
  ENTRY_BLOCK,
  FLAG_SOURCE_CIVIC,
  KEY_BLOCK,
  NO_READING,
  PINYIN_ALL,
  PINYIN_CAPITALS,
  PINYIN_OVERRIDES,
  sectionIdToU32,
  writeVarint,
  zigzag,
} from '../format';

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

/** "Bei3" -> {token: "bei3", capital: true}; tokens whose case is not just a capital stay as they are. */
function foldToken(token: string): { token: string; capital: boolean } {
  const lower = token.toLowerCase();
  if (lower !== token && token === lower.charAt(0).toUpperCase() + lower.slice(1)) {
    return { token: lower, capital: true };
  }
  return { token, capital: false };
}

/** The most frequent value of a count map; ties go to the smaller value, so the choice is stable. */
function mostFrequent(counts: Map<number, number>): number {
  let best = -1;
  let bestCount = -1;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function bump(map: Map<number, Map<number, number>>, key: number, value: number): void {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  inner.set(value, (inner.get(value) ?? 0) + 1);
}

/** Puts entries in stored order: by simplified headword (UTF-16), then civic first, then display rank. */
export function sortEntries(entries: readonly DictEntry[]): DictEntry[] {
  const ranked = entries.map((entry, index) => ({ entry, index, rank: entryRank(entry) }));
  ranked.sort(
    (a, b) => cmp(a.entry.simplified, b.entry.simplified) || a.rank - b.rank || a.index - b.index,
  );
  return ranked.map((r) => r.entry);
}

export function encodeDictionary(input: readonly DictEntry[]): { bytes: Uint8Array; stats: EncodeStats } {
  const entries = sortEntries(input);
  for (const e of entries) {
    if ([...e.simplified].length !== [...e.traditional].length) {
      throw new Error(`${e.simplified}: traditional "${e.traditional}" differs in length`);
    }
    if (e.definitions.some((d) => d.includes('\n') || d.startsWith(CLASSIFIER_LINE))) {
      throw new Error(`${e.simplified}: a sense contains a line break`);
    }
  }

  // Keys and their entry counts.
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

  // Syllable table, most frequent first so that common ids fit in one varint byte.
  const tokenCounts = new Map<string, number>();
  const entryTokens = entries.map((e) => {
    const tokens = e.pinyinNumbered === '' ? [] : e.pinyinNumbered.split(' ').map(foldToken);
    for (const t of tokens) tokenCounts.set(t.token, (tokenCounts.get(t.token) ?? 0) + 1);
    return tokens;
  });
  const syllables = [...tokenCounts.keys()].sort(
    (a, b) => tokenCounts.get(b)! - tokenCounts.get(a)! || cmp(a, b),
  );
  if (syllables.length >= NO_READING) throw new Error('too many distinct pinyin tokens');
  if (syllables.some((s) => s.includes('\n'))) throw new Error('pinyin token with a line break');
  const syllableId = new Map(syllables.map((s, i) => [s, i]));

  // Per-character defaults: reading (from entries whose tokens align with characters) and traditional.
  const readingCounts = new Map<number, Map<number, number>>();
  const tradCounts = new Map<number, Map<number, number>>();
  const t2s = new Set<string>();
  const pairs: Array<[number, number]> = [];
  const entryChars = entries.map((e, i) => {
    const simp = codePoints(e.simplified);
    const trad = codePoints(e.traditional);
    const tokens = entryTokens[i]!;
    simp.forEach((cp, k) => {
      bump(tradCounts, cp, trad[k]!);
      if (trad[k] !== cp) {
        const pairKey = `${trad[k]},${cp}`;
        if (!t2s.has(pairKey)) {
          t2s.add(pairKey);
          pairs.push([trad[k]!, cp]);
        }
      }
      if (tokens.length === simp.length) bump(readingCounts, cp, syllableId.get(tokens[k]!.token)!);
    });
    return { simp, trad };
  });
  const chars = [...tradCounts.keys()].sort((a, b) => a - b);
  const charReading = new Map<number, number>();
  const charTrad = new Map<number, number>();
  for (const cp of chars) {
    const r = readingCounts.get(cp);
    charReading.set(cp, r ? mostFrequent(r) : NO_READING);
    charTrad.set(cp, mostFrequent(tradCounts.get(cp)!));
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  // Per-entry columns.
  // Only the categories in use, in display order: the file does not change when an unused one is added.
  const used = new Set(entries.flatMap((e) => (e.civic ? [e.civic.category] : [])));
  const categories = CIVIC_CATEGORY_IDS.filter((c) => used.has(c));
  const unknown = [...used].find((c) => !categories.includes(c));
  if (unknown) throw new Error(`unknown civic category ${unknown}`);
  const flags = new Uint8Array(entries.length);
  const senseLen: number[] = [];
  const senseParts: Uint8Array[] = [];
  const pinLen: number[] = [];
  const pin: number[] = [];
  const tradLen: number[] = [];
  const trad: number[] = [];
  const civicEntries: number[] = [];
  const civicInfo: unknown[] = [];
  let pinyinRecords = 0;
  let tradRecords = 0;

  entries.forEach((e, i) => {
    if (e.civic) {
      const c = categories.indexOf(e.civic.category);
      if (c < 0 || c >= 15) throw new Error(`${e.simplified}: unknown civic category ${e.civic.category}`);
      flags[i] = c + 1;
    }
    if (e.source === 'civic') {
      if (!e.civic) throw new Error(`${e.simplified}: civic entry without civic info`);
      flags[i]! |= FLAG_SOURCE_CIVIC;
      civicEntries.push(i);
      civicInfo.push([e.civic.explanation, e.civic.components, e.civic.related, e.civic.year]);
    }

    let text = e.definitions.join('\n');
    if (e.classifiers.length > 0) {
      const list = e.classifiers.map((c) =>
        c.traditional === c.simplified ? `${c.simplified}[${c.pinyin}]` : `${c.traditional}|${c.simplified}[${c.pinyin}]`,
      );
      text += (text === '' ? '' : '\n') + CLASSIFIER_LINE + list.join(',');
    }
    const encoded = utf8.encode(text);
    senseParts.push(encoded);
    if (encoded.length > 0xffff) throw new Error(`${e.simplified}: senses longer than 65535 bytes`);
    senseLen.push(encoded.length);

    // Pinyin record.
    const { simp, trad: tradCps } = entryChars[i]!;
    const tokens = entryTokens[i]!;
    const record: number[] = [];
    const capitals = tokens.flatMap((t, k) => (t.capital ? [k] : []));
    let mode = capitals.length > 0 ? PINYIN_CAPITALS : 0;
    const body: number[] = [];
    if (capitals.length > 0) {
      writeVarint(body, capitals.length);
      for (const k of capitals) writeVarint(body, k);
    }
    if (tokens.length !== simp.length) {
      mode |= PINYIN_ALL;
      writeVarint(body, tokens.length);
      for (const t of tokens) writeVarint(body, syllableId.get(t.token)!);
    } else {
      const overrides: number[] = [];
      tokens.forEach((t, k) => {
        const id = syllableId.get(t.token)!;
        if (charReading.get(simp[k]!) !== id) overrides.push(k, id);
      });
      if (overrides.length > 0) {
        mode |= PINYIN_OVERRIDES;
        writeVarint(body, overrides.length / 2);
        for (const v of overrides) writeVarint(body, v);
      }
    }
    if (mode !== 0) {
      record.push(mode, ...body);
      pinyinRecords++;
    }
    if (record.length > 255) throw new Error(`${e.simplified}: pinyin record longer than 255 bytes`);
    pinLen.push(record.length);
    pin.push(...record);

    // Traditional record.
    const tRecord: number[] = [];
    simp.forEach((cp, k) => {
      if (charTrad.get(cp) !== tradCps[k]) {
        writeVarint(tRecord, k);
        writeVarint(tRecord, tradCps[k]!);
      }
    });
    if (tRecord.length > 0) tradRecords++;
    if (tRecord.length > 255) throw new Error(`${e.simplified}: traditional record longer than 255 bytes`);
    tradLen.push(tRecord.length);
    trad.push(...tRecord);
  });

  // Front-coded keys.
  const keyPrefix = new Uint8Array(keys.length);
  const keySuffixLength = new Uint8Array(keys.length);
  const suffixUnits: number[] = [];
  let longest = 0;
  keys.forEach((key, i) => {
    longest = Math.max(longest, key.length);
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

  // Block indexes (sizes per block), so that loading needs no pass over keys or entries.
  const keyBlocks: number[] = [];
  keys.forEach((_, i) => {
    if (i % KEY_BLOCK === 0) keyBlocks.push(0, 0);
    keyBlocks[keyBlocks.length - 2]! += keySuffixLength[i]!;
    keyBlocks[keyBlocks.length - 1]! += keyEntries[i]!;
  });
  const entryBlocks: number[] = [];
  entries.forEach((_, i) => {
    if (i % ENTRY_BLOCK === 0) entryBlocks.push(0, 0, 0);
    entryBlocks[entryBlocks.length - 3]! += senseLen[i]!;
    entryBlocks[entryBlocks.length - 2]! += pinLen[i]!;
    entryBlocks[entryBlocks.length - 1]! += tradLen[i]!;
  });

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
    civicEntries.length,
    longest,
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
    [DICT_SECTION.keyBlocks, varints(keyBlocks)],
    [DICT_SECTION.entryBlocks, varints(entryBlocks)],
    [DICT_SECTION.entryFlags, flags],
    [DICT_SECTION.senseLengthLow, Uint8Array.from(senseLen, (n) => n & 0xff)],
    [DICT_SECTION.senseLengthHigh, Uint8Array.from(senseLen, (n) => n >> 8)],
    [DICT_SECTION.senses, concat(senseParts)],
    [DICT_SECTION.pinyinLength, Uint8Array.from(pinLen)],
    [DICT_SECTION.pinyin, Uint8Array.from(pin)],
    [DICT_SECTION.tradLength, Uint8Array.from(tradLen)],
    [DICT_SECTION.trad, Uint8Array.from(trad)],
    [DICT_SECTION.syllables, utf8.encode(syllables.join('\n'))],
    [DICT_SECTION.chars, varints(chars.map((cp, i) => cp - (i > 0 ? chars[i - 1]! : 0)))],
    [DICT_SECTION.charReading, bytesOf(Uint16Array.from(chars, (cp) => charReading.get(cp)!))],
    [DICT_SECTION.charTrad, varints(chars.map((cp) => zigzag(charTrad.get(cp)! - cp)))],
    [DICT_SECTION.tradToSimp, bytesOf(Uint32Array.from(pairs.flat()))],
    [DICT_SECTION.categories, utf8.encode(categories.join('\n'))],
    [DICT_SECTION.civicEntries, bytesOf(Uint32Array.from(civicEntries))],
    [DICT_SECTION.civicInfo, utf8.encode(JSON.stringify(civicInfo))],
  ];
  const bytes = assemble(sections);
  return {
    bytes,
    stats: {
      keys: keys.length,
      entries: entries.length,
      chars: chars.length,
      syllables: syllables.length,
      civicEntries: civicEntries.length,
      pinyinRecords,
      tradRecords,
      sectionBytes: Object.fromEntries(sections.map(([id, b]) => [id, b.length])),
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

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const align4 = (n: number) => (n + 3) & ~3;

/** Header, section table, then each section at a 4-byte boundary (zero padding). */
function assemble(sections: Array<[string, Uint8Array]>): Uint8Array {
  const headerSize = align4(8 + sections.length * 12);
  let size = headerSize;
  const offsets = sections.map(([, b]) => {
    const at = size;
    size = align4(size + b.length);
    return at;
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = DICT_MAGIC.charCodeAt(i);
  view.setUint16(4, DICT_VERSION, true);
  view.setUint16(6, sections.length, true);
  sections.forEach(([id, b], i) => {
    view.setUint32(8 + i * 12, sectionIdToU32(id), true);
    view.setUint32(12 + i * 12, offsets[i]!, true);
    view.setUint32(16 + i * 12, b.length, true);
    out.set(b, offsets[i]!);
  });
  return out;
}
