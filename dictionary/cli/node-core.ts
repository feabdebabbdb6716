/**
 * Node-only: the core loaded from assets/generated, for the CLI, tests and benches.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DICT_ASSET, LEXICON_ASSET, loadCoreComplete, type Core } from '../core';
import { REPO } from '../build/dict-sources';
import { Dictionary } from '../reader';
import { LEXICON_MAGIC, LEXICON_VERSION } from '../segment/lexicon-format';
import { LEVELS_ASSET, LEVELS_MAGIC, LEVELS_VERSION } from '../levels/levels';

export const GENERATED_DIR = join(REPO, 'assets/generated');

/**
 * Reads the assets from `dir`, the senses shards included (so synchronous lookups just work); a missing
 * asset is an error that says how to make it.
 */
export function loadNodeCore(dir: string = GENERATED_DIR): Promise<Core> {
  return loadCoreComplete(async (name) => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build:dict`);
    return new Uint8Array(readFileSync(path));
  });
}

/**
 * True when dict.bin exists, this reader accepts it (not left over from an older layout) and its senses
 * shards are all there with the lengths it expects.
 */
function dictUsable(dir: string): boolean {
  const path = join(dir, DICT_ASSET);
  if (!existsSync(path)) return false;
  try {
    const dict = Dictionary.fromBytes(new Uint8Array(readFileSync(path)));
    return dict.shardFiles().every((name, i) => {
      const shard = join(dir, name);
      return existsSync(shard) && statSync(shard).size === dict.shardLength(i);
    });
  } catch {
    return false;
  }
}

/** True when lexicon.bin exists with the magic and version this reader expects (segmenter engineer). */
function lexiconUsable(path: string): boolean {
  if (!existsSync(path)) return false;
  const head = readFileSync(path).subarray(0, 6);
  return head.length === 6 && head.toString('latin1', 0, 4) === LEXICON_MAGIC && head.readUInt16LE(4) === LEXICON_VERSION;
}

/** True when levels.bin exists with the magic and version this reader expects. */
function levelsUsable(path: string): boolean {
  if (!existsSync(path)) return false;
  const head = readFileSync(path).subarray(0, 6);
  return head.length === 6 && head.toString('latin1', 0, 4) === LEVELS_MAGIC && head.readUInt16LE(4) === LEVELS_VERSION;
}

/**
 * Builds the assets that are missing from assets/generated, or (dict.bin) that an older layout left
 * there. Tests and benches call this before loading.
 */
export async function ensureAssets(dir: string = GENERATED_DIR): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (!dictUsable(dir)) {
    const { buildDictionary, writeDictionary } = await import('../build/build-assets');
    writeDictionary(dir, buildDictionary());
  }
  if (!lexiconUsable(join(dir, LEXICON_ASSET))) {
    const { writeLexicon } = await import('../build/build-lexicon');
    await writeLexicon(dir);
  }
  if (!levelsUsable(join(dir, LEVELS_ASSET))) {
    const { buildLevels } = await import('../levels/build-levels');
    writeFileSync(join(dir, LEVELS_ASSET), buildLevels().bytes);
  }
}
