/**
 * Node-only: the core loaded from assets/generated, for the CLI, tests and benches.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DICT_ASSET, LEXICON_ASSET, loadCoreComplete, type Core } from '../core';
import { REPO } from '../build/dict-sources';
import { assetSourcesHash, LEVELS_STAMP, levelsSourcesHash, SOURCES_STAMP } from '../build/sources-hash';
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
 * Why the assets in `dir` must be built again, or null when they are current: missing or unreadable
 * files, or made from other sources than the checkout's (the hash `npm run build:dict` wrote beside them,
 * SOURCES_STAMP, differs from the hash of the sources now: a civic entry, a news sense or the builder
 * changed).
 */
export function staleAssets(dir: string = GENERATED_DIR, sourcesHash: string = assetSourcesHash()): string | null {
  if (!dictUsable(dir)) return `${DICT_ASSET} or its senses shards are missing or of an older layout`;
  if (!lexiconUsable(join(dir, LEXICON_ASSET))) return `${LEXICON_ASSET} is missing or of an older layout`;
  return stampDiffers(join(dir, SOURCES_STAMP), sourcesHash);
}

/** Why levels.bin in `dir` must be built again (missing, of an older layout, or from other sources), or null. */
export function staleLevels(dir: string = GENERATED_DIR, sourcesHash: string = levelsSourcesHash()): string | null {
  if (!levelsUsable(join(dir, LEVELS_ASSET))) return `${LEVELS_ASSET} is missing or of an older layout`;
  return stampDiffers(join(dir, LEVELS_STAMP), sourcesHash);
}

function stampDiffers(stamp: string, hash: string): string | null {
  if (!existsSync(stamp)) return 'nothing says which sources the assets were built from';
  if (readFileSync(stamp, 'utf8').trim() !== hash) return 'the sources changed since the assets were built';
  return null;
}

const LOCK_STALE_MS = 10 * 60_000;

/**
 * Builds dict.bin, its shards, lexicon.bin and levels.bin into `dir` when they are missing, of an older
 * layout, or made from other sources than the checkout's (staleAssets, staleLevels). The CLI calls this
 * before its first lookup, tests (tests/global-setup.ts) and benches before loading. `log` hears one line
 * when a build starts (about 10 s). Processes that call it together build once: the others wait for the
 * first one's lock.
 */
export async function ensureAssets(dir: string = GENERATED_DIR, log: (line: string) => void = () => {}): Promise<void> {
  const hash = assetSourcesHash();
  const levelsHash = levelsSourcesHash();
  const current = () => staleAssets(dir, hash) === null && staleLevels(dir, levelsHash) === null;
  if (current()) return;
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.building');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process builds: wait for it, then look again (a lock left by a crash is taken over).
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      if (current()) return;
    }
  }
  try {
    const reason = staleAssets(dir, hash);
    if (reason !== null) {
      log(`Building the dictionary assets in ${dir} (${reason}); this takes a few seconds…`);
      const { buildDictionary, writeDictionary } = await import('../build/build-assets');
      writeDictionary(dir, buildDictionary());
      const { writeLexicon } = await import('../build/build-lexicon');
      await writeLexicon(dir);
      writeFileSync(join(dir, SOURCES_STAMP), hash);
    }
    const levelsReason = staleLevels(dir, levelsHash);
    if (levelsReason !== null) {
      log(`Building ${LEVELS_ASSET} in ${dir} (${levelsReason})…`);
      const { buildLevels } = await import('../levels/build-levels');
      writeFileSync(join(dir, LEVELS_ASSET), buildLevels().bytes);
      writeFileSync(join(dir, LEVELS_STAMP), levelsHash);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
