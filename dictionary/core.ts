/**
 * The core the background and the CLI share: the dictionary and the segmenter, made from the bytes of
 * the shipped assets. I/O is injected (`fetchBytes`), so the same code runs in the service worker
 * (fetch of runtime URLs) and in Node (files under assets/generated; see cli/node-core.ts).
 */
import { Dictionary } from './reader';
import { isGzip } from './format';
import { Segmenter } from './segment';

export interface Core {
  dictionary: Dictionary;
  segmenter: Segmenter;
}

/** Reads one asset by file name ("dict.bin", "lexicon.bin"). */
export type FetchBytes = (name: string) => Promise<Uint8Array>;

export const DICT_ASSET = 'dict.bin';
export const LEXICON_ASSET = 'lexicon.bin';

/**
 * Assets are shipped uncompressed by default: the extension zip deflates them anyway (level 9), and
 * inflating 2.9 MB costs 40-150 ms at load (measured with zlib and DecompressionStream), more than the
 * whole cold-start budget. A gzip-stored asset (build-assets --gzip) still loads, through
 * DecompressionStream, which Chrome, Firefox and Node 18+ all provide.
 */
export async function inflateIfGzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function loadCore(fetchBytes: FetchBytes): Promise<Core> {
  // Each asset is read as soon as its bytes arrive: in the service worker the small lexicon lands first
  // and its trie is built while dict.bin is still being fetched (cold start, see tests/e2e/hover.test.ts).
  const [dictionary, segmenter] = await Promise.all([
    fetchBytes(DICT_ASSET).then(inflateIfGzip).then((bytes) => Dictionary.fromBytes(bytes)),
    fetchBytes(LEXICON_ASSET).then(inflateIfGzip).then((bytes) => Segmenter.fromBytes(bytes)),
  ]);
  return { dictionary, segmenter };
}
