/**
 * `npm run assets`: makes sure assets/generated holds the derived assets of this checkout (dict.bin with its
 * senses shards, lexicon.bin, levels.bin), building only those whose sources changed since they were built
 * (the stamps of build/sources-hash.ts). The extension builds run it; `npm run build:dict` always rebuilds.
 */
import { ensureAssets } from './node-core';

ensureAssets(undefined, (line) => console.log(line)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
