/**
 * The readings and traditional forms of dict.bin's entries, stored as exceptions to per-character
 * defaults (FORMAT.md): pinyin tokens folded to lower case with their capitals noted, each key
 * character's most frequent reading and traditional form, and per entry the PINY and TRAD records that
 * say where it differs from them. Part of the encoder (encode-dict.ts); pure and deterministic.
 */
import { NO_READING, PINYIN_ALL, PINYIN_CAPITALS, PINYIN_OVERRIDES, writeVarint } from '../format';

/** "Bei3" -> {token: "bei3", capital: true}; tokens whose case is not just a capital stay as they are. */
export function foldToken(token: string): Token {
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

export interface Token {
  /** Lower-case form, the key of the syllable table. */
  token: string;
  capital: boolean;
}

interface CharTables {
  /** Code points of all key characters, ascending. */
  chars: number[];
  /** Most frequent syllable id where the reading aligns with the characters (NO_READING if never). */
  charReading: Map<number, number>;
  /** Most frequent traditional form. */
  charTrad: Map<number, number>;
  /** (traditional, simplified) pairs that differ, ascending. */
  pairs: Array<[number, number]>;
}

/** The per-character defaults, counted over every entry (`ids`: each entry's syllable ids, aligned or not). */
export function charTables(simp: number[][], trad: number[][], ids: number[][]): CharTables {
  const readingCounts = new Map<number, Map<number, number>>();
  const tradCounts = new Map<number, Map<number, number>>();
  const pairKeys = new Set<string>();
  const pairs: Array<[number, number]> = [];
  simp.forEach((cps, i) => {
    const aligned = ids[i]!.length === cps.length;
    cps.forEach((cp, k) => {
      const t = trad[i]![k]!;
      bump(tradCounts, cp, t);
      if (t !== cp && !pairKeys.has(`${t},${cp}`)) {
        pairKeys.add(`${t},${cp}`);
        pairs.push([t, cp]);
      }
      if (aligned) bump(readingCounts, cp, ids[i]![k]!);
    });
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
  return { chars, charReading, charTrad, pairs };
}

/** PINY record of one entry; empty when its reading is the characters' defaults without capitals. */
export function pinyinRecord(tokens: Token[], ids: number[], simp: number[], charReading: Map<number, number>): number[] {
  const body: number[] = [];
  let mode = 0;
  const capitals = tokens.flatMap((t, k) => (t.capital ? [k] : []));
  if (capitals.length > 0) {
    mode |= PINYIN_CAPITALS;
    writeVarint(body, capitals.length);
    for (const k of capitals) writeVarint(body, k);
  }
  if (ids.length !== simp.length) {
    mode |= PINYIN_ALL;
    writeVarint(body, ids.length);
    for (const id of ids) writeVarint(body, id);
  } else {
    const overrides = ids.flatMap((id, k) => (charReading.get(simp[k]!) !== id ? [k, id] : []));
    if (overrides.length > 0) {
      mode |= PINYIN_OVERRIDES;
      writeVarint(body, overrides.length / 2);
      for (const v of overrides) writeVarint(body, v);
    }
  }
  return mode === 0 ? [] : [mode, ...body];
}

/** TRAD record of one entry: (position, code point) where the traditional form is not the default. */
export function tradRecord(simp: number[], trad: number[], charTrad: Map<number, number>): number[] {
  const out: number[] = [];
  simp.forEach((cp, k) => {
    if (charTrad.get(cp) !== trad[k]) {
      writeVarint(out, k);
      writeVarint(out, trad[k]!);
    }
  });
  return out;
}
