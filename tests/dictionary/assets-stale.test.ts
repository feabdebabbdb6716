/**
 * ensureAssets rebuilds when a source changed: the assets carry the hash of the sources they were made
 * from (dictionary/build/sources-hash.ts), and staleAssets compares it with the checkout's.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetSourcesHash, levelsSourcesHash } from '../../dictionary/build/sources-hash';
import { ensureAssets, GENERATED_DIR, loadNodeCore, staleAssets, staleLevels } from '../../dictionary/cli/node-core';
import { LEVELS_ASSET } from '../../dictionary/levels/levels';
import { REPO } from '../../dictionary/build/dict-sources';

const fakeRepo = mkdtempSync(join(tmpdir(), 'dubao-sources-'));
afterAll(() => rmSync(fakeRepo, { recursive: true, force: true }));

beforeAll(async () => {
  await ensureAssets();
}, 180_000);

describe('the sources hash', () => {
  it('changes when a civic entry, a news sense, the builder or the Han test changes, and with the build options', () => {
    mkdirSync(join(fakeRepo, 'dictionary/civic/data'), { recursive: true });
    mkdirSync(join(fakeRepo, 'dictionary/senses'), { recursive: true });
    mkdirSync(join(fakeRepo, 'dictionary/build'), { recursive: true });
    writeFileSync(join(fakeRepo, 'dictionary/civic/data/party.txt'), 'one entry\n');
    writeFileSync(join(fakeRepo, 'dictionary/senses/news.txt'), 'one sense\n');
    writeFileSync(join(fakeRepo, 'dictionary/build/encode-dict.ts'), 'export {};\n');
    const first = assetSourcesHash('', fakeRepo);
    expect(assetSourcesHash('', fakeRepo)).toBe(first);
    writeFileSync(join(fakeRepo, 'dictionary/civic/data/party.txt'), 'one entry, reworded\n');
    const civic = assetSourcesHash('', fakeRepo);
    expect(civic).not.toBe(first);
    writeFileSync(join(fakeRepo, 'dictionary/senses/news.txt'), 'another sense\n');
    const senses = assetSourcesHash('', fakeRepo);
    expect(senses).not.toBe(civic);
    writeFileSync(join(fakeRepo, 'dictionary/build/encode-dict.ts'), 'export const changed = 1;\n');
    const builder = assetSourcesHash('', fakeRepo);
    expect(builder).not.toBe(senses);
    // The Han test decides which jieba names the lexicon counts and the segmenter's character classes.
    writeFileSync(join(fakeRepo, 'dictionary/han.ts'), 'export const HAN_BMP_RANGES = [];\n');
    expect(assetSourcesHash('', fakeRepo)).not.toBe(builder);
    expect(assetSourcesHash('gzip', fakeRepo)).not.toBe(assetSourcesHash('', fakeRepo));
  });
});

describe('the levels sources hash', () => {
  it('changes when a word list or the civic lexicon changes', () => {
    mkdirSync(join(fakeRepo, 'dictionary/levels/data'), { recursive: true });
    mkdirSync(join(fakeRepo, 'dictionary/civic/data'), { recursive: true });
    writeFileSync(join(fakeRepo, 'dictionary/levels/data/list.csv'), 'word,1\n');
    const first = levelsSourcesHash(fakeRepo);
    expect(levelsSourcesHash(fakeRepo)).toBe(first);
    writeFileSync(join(fakeRepo, 'dictionary/levels/data/list.csv'), 'word,2\n');
    const list = levelsSourcesHash(fakeRepo);
    expect(list).not.toBe(first);
    writeFileSync(join(fakeRepo, 'dictionary/civic/data/extra.txt'), 'another entry\n');
    expect(levelsSourcesHash(fakeRepo)).not.toBe(list);
  });
});

describe('staleLevels and ensureAssets for levels.bin', () => {
  it('finds the built levels.bin current, and stale when its sources hash is another', () => {
    expect(staleLevels(GENERATED_DIR)).toBeNull();
    expect(staleLevels(GENERATED_DIR, 'made-from-other-sources')).toMatch(/sources changed/);
  });

  it('builds levels.bin when only it is missing, and again when its sources changed, leaving the dictionary alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dubao-assets-'));
    try {
      cpSync(GENERATED_DIR, dir, { recursive: true });
      rmSync(join(dir, LEVELS_ASSET));
      const dictBuilt = statSync(join(dir, 'dict.bin')).mtimeMs;
      expect(staleLevels(dir)).toMatch(/missing/);
      await ensureAssets(dir);
      expect(existsSync(join(dir, LEVELS_ASSET))).toBe(true);
      expect(staleLevels(dir)).toBeNull();
      expect(readFileSync(join(dir, LEVELS_ASSET))).toEqual(readFileSync(join(GENERATED_DIR, LEVELS_ASSET)));
      // A stamp from other sources (a list changed since): built again.
      writeFileSync(join(dir, 'levels.sources'), 'older-sources');
      await ensureAssets(dir);
      expect(staleLevels(dir)).toBeNull();
      expect(statSync(join(dir, 'dict.bin')).mtimeMs).toBe(dictBuilt);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('staleAssets', () => {
  it('finds the built assets current, and stale when the sources hash is another', () => {
    expect(staleAssets(GENERATED_DIR)).toBeNull();
    expect(staleAssets(GENERATED_DIR, 'made-from-other-sources')).toMatch(/sources changed/);
  });

  it('names a folder without assets', () => {
    expect(staleAssets(fakeRepo)).toMatch(/missing/);
  });
});

describe('the shard count the documents give', () => {
  it('is the built one (FORMAT.md and format.ts)', async () => {
    const { dictionary } = await loadNodeCore();
    const doc = /senses [\d.]+ MB in (\d+) shards/.exec(readFileSync(join(REPO, 'dictionary/FORMAT.md'), 'utf8'));
    expect(Number(doc?.[1])).toBe(dictionary.shardCount);
    const code = /make (\d+) shards/.exec(readFileSync(join(REPO, 'dictionary/format.ts'), 'utf8'));
    expect(Number(code?.[1])).toBe(dictionary.shardCount);
  });
});
