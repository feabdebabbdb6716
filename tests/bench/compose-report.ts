/**
 * How well the readings of made entries (composed from parts, or by rule) agree with pinyin-pro, which
 * reads whole phrases with its own word list, over the words the dev corpus makes (../shared/data/corpus):
 *
 *   npx tsx tests/bench/compose-report.ts [--list] [FILE|DIR ...]
 *
 * pinyin-pro is a reference here, not the truth: it applies the tone sandhi of 一 and 不 (yí, bú), which
 * dictionaries and Dubao do not write, so syllables of 一 and 不 are compared without tone; the other
 * differences are listed with --list for review (many are pinyin-pro's: 处分 chǔ fèn).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pinyin } from 'pinyin-pro';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import { REPO } from '../../dictionary/build/dict-sources';
import { coverage } from '../../dictionary/coverage';

const args = process.argv.slice(2);
const list = args.includes('--list');
const paths = args.filter((a) => !a.startsWith('--'));
const inputs = paths.length > 0 ? paths : [resolve(REPO, '../shared/data/corpus')];
const files: string[] = [];
for (const p of inputs) {
  if (!existsSync(p)) {
    console.log(`${p} is absent: nothing to report`);
    process.exit(0);
  }
  if (statSync(p).isDirectory())
    files.push(
      ...readdirSync(p)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => join(p, f)),
    );
  else files.push(p);
}

await ensureAssets(GENERATED_DIR);
const core = await loadNodeCore();
const made = new Map<string, number>();
for (const f of files) {
  for (const [w, m] of coverage(core, readFileSync(f, 'utf8'), 1_000_000).made) made.set(w, (made.get(w) ?? 0) + m.count);
}

const toneless = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
let agree = 0;
let agreeTokens = 0;
let tokens = 0;
const differ: Array<[number, string, string, string]> = [];
for (const [w, n] of made) {
  if (/[0-9０-９A-Za-z]/.test(w)) continue; // digits and letters stay as written in our pinyin
  const ours = core.words.lookup(w)[0]!.pinyin.toLowerCase().normalize('NFC').split(' ');
  const theirs = (pinyin(w, { type: 'array' }) as string[]).map((s) => s.normalize('NFC'));
  const chars = [...w];
  const same =
    ours.length === theirs.length &&
    ours.every((s, i) => s === theirs[i] || ('一不'.includes(chars[i]!) && toneless(s) === toneless(theirs[i]!)));
  tokens += n;
  if (same) {
    agree++;
    agreeTokens += n;
  } else differ.push([n, w, ours.join(' '), theirs.join(' ')]);
}
const total = agree + differ.length;
console.log(
  `readings of ${total} made words (${tokens} in running text) agree with pinyin-pro: ${agree} (${((100 * agree) / total).toFixed(1)}%), ${((100 * agreeTokens) / tokens).toFixed(1)}% of running words`,
);
if (list)
  for (const [n, w, a, b] of differ.sort((x, y) => y[0] - x[0]))
    console.log(`${String(n).padStart(6)}  ${w}  ours: ${a}  pinyin-pro: ${b}`);
