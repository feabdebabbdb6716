/**
 * Candidates for the news-sense layer (dictionary/senses/news.txt): the most frequent words of the dev
 * corpus that have a CC-CEDICT entry and no civic one, each with CC-CEDICT's senses in order, so that a
 * reviewer can spot those whose first sense misleads a news reader (落实 "practical", 部署 "to dispose").
 *
 *   npx tsx tests/bench/sense-candidates.ts [--top N] [FILE...]   (default: ../shared/data/corpus/*.txt)
 *
 * Prints nothing of the corpus but word counts. Words the layer already revises are marked with *.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureAssets, loadNodeCore, GENERATED_DIR } from '../../dictionary/cli/node-core';
import { REPO } from '../../dictionary/build/dict-sources';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 400;
let files = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
if (files.length === 0) {
  const dir = resolve(REPO, '../shared/data/corpus');
  if (!existsSync(dir)) {
    console.log(`no files given and ${dir} is absent`);
    process.exit(0);
  }
  files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(dir, f));
}

await ensureAssets(GENERATED_DIR);
const core = await loadNodeCore();
const counts = new Map<string, number>();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  for (const w of core.segmenter.words(text)) {
    if (!/^\p{Script=Han}{2,}$/u.test(w)) continue;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
}
let shown = 0;
for (const [w, n] of [...counts].sort((a, b) => b[1] - a[1])) {
  if (shown >= top) break;
  const entries = core.dictionary.lookup(w);
  if (entries.length === 0 || entries.some((e) => e.source === 'civic')) continue;
  const e = entries.find((x) => x.pinyin !== '' && x.pinyin[0] === x.pinyin[0]!.toLowerCase()) ?? entries[0]!;
  shown++;
  console.log(`${String(n).padStart(6)}  ${e.revision ? '*' : ' '} ${w}  ${e.pinyin}  ${e.definitions.slice(0, 4).join(' / ')}`);
}
