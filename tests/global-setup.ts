/**
 * Vitest global setup: builds the dictionary assets (dict.bin and its shards, lexicon.bin, levels.bin) once,
 * before any test file runs, so that parallel test files never race to write or read a half-written asset
 * on a fresh clone.
 */
import { ensureAssets } from '../dictionary/cli/node-core';

export default async function setup(): Promise<void> {
  await ensureAssets();
}
