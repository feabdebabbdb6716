/**
 * ensureAssets rebuilds when a source changed: the assets carry the hash of the sources they were made
 * from (dictionary/build/sources-hash.ts), and staleAssets compares it with the checkout's.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetSourcesHash } from '../../dictionary/build/sources-hash';
import { ensureAssets, GENERATED_DIR, loadNodeCore, staleAssets } from '../../dictionary/cli/node-core';
import { REPO } from '../../dictionary/build/dict-sources';

const fakeRepo = mkdtempSync(join(tmpdir(), 'dubao-sources-'));
afterAll(() => rmSync(fakeRepo, { recursive: true, force: true }));

beforeAll(async () => {
  await ensureAssets();
}, 180_000);

describe('the sources hash', () => {
  it('changes when a civic entry, a news sense or the builder changes, and with the build options', () => {
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
    expect(assetSourcesHash('', fakeRepo)).not.toBe(senses);
    expect(assetSourcesHash('gzip', fakeRepo)).not.toBe(assetSourcesHash('', fakeRepo));
  });
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
