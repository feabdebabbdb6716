/**
 * `npm run bench`: sizes and speeds the budgets are about (docs/ARCHITECTURE.md, issues 2 and 5).
 *
 *   npm run bench            measures assets/generated and any .output zips already built
 *   npm run bench -- --zip   runs `wxt zip` first (a full extension build: slow on a shared machine)
 *
 * Cold load runs in fresh Node processes (no warm JIT, like a restarted service worker): file bytes ->
 * ready core -> first answer. Lookup latency is warm, over a few thousand real headwords.
 * Plain lines, e.g. `asset dict.bin: 7.09 MB (2.90 MB gzip -9)`. Other parts append their figures below.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Dictionary } from '../../dictionary/reader';
import { DICT_ASSET, LEXICON_ASSET, startCore } from '../../dictionary/core';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import { buildGlossary, describeRows, FIRST_SCREEN_ROWS, undescribed } from '../../dictionary/glossary/rows';
import { buildGlossaryInSteps } from '../../dictionary/glossary/steps';
import { PieceCache, segmentText } from '../../dictionary/glossary/pieces';
import { REPO } from '../../dictionary/build/dict-sources';
import { SENSES_SHARD_FILE } from '../../dictionary/format';
import { studyListBench } from './study-bench';
import { learningBench } from './bench-learning';
import { hoverAt } from '../../utils/hover-lookup';

const MB = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const ZIP_BUDGET = 4e6;
const COLD_BUDGET_MS = 150;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
}

// ---- child modes: one cold load in a fresh process, printed as JSON -----------------------------------

/** The dictionary alone: dict.bin -> Dictionary -> the one senses shard 经济 needs -> first lookup. */
function coldDictChild(): void {
  const t0 = performance.now();
  const bytes = new Uint8Array(readFileSync(join(GENERATED_DIR, DICT_ASSET)));
  const read = performance.now();
  const dict = Dictionary.fromBytes(bytes);
  const ready = performance.now();
  for (const s of dict.sensesShardsOf('经济')) {
    dict.addSensesShard(s, new Uint8Array(readFileSync(join(GENERATED_DIR, dict.shardFiles()[s]!))));
  }
  const shard = performance.now();
  dict.lookup('经济');
  const first = performance.now();
  process.stdout.write(JSON.stringify({ read: read - t0, fromBytes: ready - read, shard: shard - ready, firstLookup: first - t0 }));
}

/**
 * The background's whole path: startCore (dictionary + segmenter; the shards of the hinted text first,
 * the rest in the background) -> first lookup through core.run, first segmentation, every shard in.
 */
async function coldCoreChild(): Promise<void> {
  const t0 = performance.now();
  const loading = startCore(async (name) => new Uint8Array(await readFile(join(GENERATED_DIR, name))));
  loading.prefetchFor('中国经济持续发展', 2);
  const core = await loading.core;
  const ready = performance.now();
  await core.run(() => core.dictionary.lookup('经济'));
  const firstLookup = performance.now();
  core.segmenter.segment('中国经济持续发展');
  const firstSegment = performance.now();
  await core.complete();
  const complete = performance.now();
  process.stdout.write(
    JSON.stringify({ ready: ready - t0, firstLookup: firstLookup - t0, firstSegment: firstSegment - t0, complete: complete - t0 }),
  );
}

/** As the woken worker answers its first card: startCore hinted at the hover, then lookupAt's hoverAt. */
async function coldHoverChild(): Promise<void> {
  const text = '县人大代表任培军、党组书记李明华陪同调研。今年以来，全县农村居民人均可支配收入增长6.8%，乡村振兴取得新进展。';
  const offset = text.indexOf('党组书记');
  const t0 = performance.now();
  const loading = startCore(async (name) => new Uint8Array(await readFile(join(GENERATED_DIR, name))), {
    backgroundAfter: new Promise(() => {}), // as in the worker: nothing else fetched before the answer
  });
  loading.prefetchFor(text, offset);
  const core = await loading.core;
  const ready = performance.now();
  const card = await core.run(() => hoverAt(core, text, offset));
  if (card?.readings[card.chosen]?.word !== '党组书记') throw new Error('the cold hover found another word');
  const answered = performance.now();
  process.stdout.write(JSON.stringify({ ready: ready - t0, hover: answered - ready, answered: answered - t0 }));
}

// ---- sections -------------------------------------------------------------------------------------------

function assetSizes(): void {
  const names = readdirSync(GENERATED_DIR)
    .filter((n) => n.endsWith('.bin'))
    .sort();
  for (const name of names.filter((n) => !SENSES_SHARD_FILE.test(n))) {
    const bytes = readFileSync(join(GENERATED_DIR, name));
    console.log(`asset ${name}: ${MB(bytes.length)} (${MB(gzipSync(bytes, { level: 9 }).length)} gzip -9)`);
  }
  const shards = names.filter((n) => SENSES_SHARD_FILE.test(n)).map((n) => readFileSync(join(GENERATED_DIR, n)));
  const raw = shards.reduce((n, b) => n + b.length, 0);
  const gz = shards.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  console.log(`asset senses-*.bin (${shards.length} shards): ${MB(raw)} (${MB(gz)} gzip -9)`);
}

function zipSizes(runZip: boolean): void {
  if (runZip) {
    console.log('running wxt zip …');
    const r = spawnSync('npx', ['wxt', 'zip'], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) console.log(`wxt zip failed (exit ${r.status}): ${r.stderr.trim().split('\n').pop()}`);
  }
  const out = join(REPO, '.output');
  const zips = existsSync(out)
    ? readdirSync(out)
        .filter((n) => n.endsWith('.zip'))
        .sort()
    : [];
  for (const zip of zips) {
    const size = statSync(join(out, zip)).size;
    console.log(`zip ${zip}: ${MB(size)} (budget ${MB(ZIP_BUDGET)}: ${size <= ZIP_BUDGET ? 'ok' : 'OVER'})`);
  }
  if (zips.length === 0) console.log('zip: not built (npm run bench -- --zip, or npm run zip)');
  // Without a zip, estimate from the unpacked build: each file deflated at level 9, as wxt zip does.
  const unpacked = join(out, 'chrome-mv3');
  try {
    const files = existsSync(unpacked) ? filesUnder(unpacked) : [];
    if (files.length === 0) {
      console.log('zip estimate: .output/chrome-mv3 is missing or empty (not built, or a build is running)');
      return;
    }
    const estimate = files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    const stale = files.some((f) => f.endsWith('.bin')) ? '' : ' (no .bin assets inside: built before npm run build:dict?)';
    console.log(`zip estimate .output/chrome-mv3 (${files.length} files, deflate -9 each): ${MB(estimate)}${stale}`);
  } catch {
    console.log('zip estimate: .output/chrome-mv3 changed while being read (a build is running)');
  }
}

function coldRuns(mode: string, runs: number): Array<Record<string, number>> {
  return Array.from({ length: runs }, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'tests/bench/bench.ts'), mode], {
      cwd: REPO,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, number>;
  });
}

function median(samples: Array<Record<string, number>>, key: string): number {
  const v = samples.map((s) => s[key]!).sort((a, b) => a - b);
  return v[v.length >> 1]!;
}

function coldLoad(runs: number): void {
  const size = (name: string) => statSync(join(GENERATED_DIR, name)).size;
  const all = readdirSync(GENERATED_DIR).filter((n) => n.endsWith('.bin'));
  const critical = size(DICT_ASSET) + size(LEXICON_ASSET);
  const shards = all.filter((n) => n.startsWith('senses-'));
  console.log(
    `cold critical path: ${DICT_ASSET} + ${LEXICON_ASSET} = ${MB(critical)} of ${MB(all.reduce((n, f) => n + size(f), 0))} ` +
      `(the senses, ${shards.length} shards of ~${MB(size(shards[0] ?? DICT_ASSET))}, load after the core is ready)`,
  );
  const dict = coldRuns('--cold-dict', runs);
  console.log(
    `cold load dict.bin (median of ${runs} fresh processes): read ${median(dict, 'read').toFixed(1)} ms, ` +
      `bytes -> ready ${median(dict, 'fromBytes').toFixed(1)} ms, its senses shard ${median(dict, 'shard').toFixed(1)} ms, ` +
      `first lookup answered ${median(dict, 'firstLookup').toFixed(1)} ms after start`,
  );
  const core = coldRuns('--cold-core', runs);
  const first = median(core, 'firstLookup');
  console.log(`cold load core (dictionary + segmenter), files -> ready: ${median(core, 'ready').toFixed(1)} ms`);
  console.log(
    `cold first lookup answered: ${first.toFixed(1)} ms after start (budget ${COLD_BUDGET_MS} ms: ${first <= COLD_BUDGET_MS ? 'ok' : 'OVER'})`,
  );
  console.log(`cold first segmentation answered: ${median(core, 'firstSegment').toFixed(1)} ms after start`);
  console.log(`cold load: every senses shard in ${median(core, 'complete').toFixed(1)} ms after start (off the critical path)`);
  const hover = coldRuns('--cold-hover', runs);
  console.log(
    `cold first card's lookupAt (hinted shards, segmentation, readings and parts) answered: ${median(hover, 'answered').toFixed(1)} ms ` +
      `after start (core ready ${median(hover, 'ready').toFixed(1)} ms, then ${median(hover, 'hover').toFixed(1)} ms; the browser's figure is in tests/e2e/hover.test.ts)`,
  );
}

function lookupLatency(): void {
  const dict = Dictionary.fromBytes(new Uint8Array(readFileSync(join(GENERATED_DIR, DICT_ASSET))));
  for (const [i, name] of dict.shardFiles().entries()) {
    dict.addSensesShard(i, new Uint8Array(readFileSync(join(GENERATED_DIR, name))));
  }
  // Every 40th headword (about 3,000 real words) and their traditional forms.
  const simplified = [...dict.headwords()].filter((_, i) => i % 40 === 0);
  const traditional = simplified.map((w) => dict.lookup(w)[0]!.traditional);
  for (const w of simplified) dict.lookup(w); // warm up
  for (const [label, words] of [
    ['simplified', simplified],
    ['traditional', traditional],
  ] as const) {
    const times: number[] = [];
    for (const w of words) {
      const t = performance.now();
      dict.lookup(w);
      times.push((performance.now() - t) * 1000);
    }
    times.sort((a, b) => a - b);
    console.log(
      `lookup ${label} (${words.length} words): median ${percentile(times, 0.5).toFixed(1)} µs, p95 ${percentile(times, 0.95).toFixed(1)} µs`,
    );
  }
}

/**
 * A page of about 100,000 characters for the glossary figures: the MSR test text when ../shared is
 * there (read at run time, never copied into the repository), else our e2e fixtures repeated (fewer
 * distinct words, so faster).
 */
function glossaryText(): { text: string; source: string } {
  const msr = join(REPO, '../shared/data/icwb2/msr_test.utf8');
  if (existsSync(msr)) return { text: readFileSync(msr, 'utf8').slice(0, 100_000), source: 'MSR news text' };
  const dir = join(REPO, 'tests/e2e/fixtures');
  const own = readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/<[^>]+>/g, '\n'))
    .join('\n');
  return { text: own.repeat(Math.ceil(100_000 / own.length)).slice(0, 100_000), source: 'our fixtures repeated' };
}

/** Child process: glossary steps on a fresh JIT, as in a service worker woken by the popup. */
async function glossaryChild(): Promise<void> {
  const { text } = glossaryText();
  const core = await loadNodeCore();
  const out: Record<string, number> = {};
  const time = <T>(name: string, fn: () => T): T => {
    const t = performance.now();
    const r = fn();
    out[name] = performance.now() - t;
    return r;
  };
  const segments = time('segment', () => segmentText(core.segmenter, text));
  const g = time('firstScreen', () => buildGlossary(core, text, new Map(), segments, FIRST_SCREEN_ROWS));
  time('rest', () => describeRows(core, g, undescribed(g)));
  out.rows = g.rows.length;
  // The same text again in this process: every head and sentence known (a page that changed a little).
  const heads = new Map();
  const pieces = new PieceCache();
  buildGlossary(core, text, heads, segmentText(core.segmenter, text, pieces), 0);
  const again = time('segmentKnown', () => segmentText(core.segmenter, text, pieces));
  time('firstScreenKnown', () => buildGlossary(core, text, heads, again, FIRST_SCREEN_ROWS));
  console.log(JSON.stringify(out));
}

/**
 * Child process: a build in steps on a fresh JIT, as the background prepares a page while it is idle;
 * the longest time between two pauses is what a hover arriving meanwhile may wait for.
 */
async function stepsChild(): Promise<void> {
  const { text } = glossaryText();
  const core = await loadNodeCore();
  const gaps: number[] = [];
  let last = performance.now();
  const t0 = last;
  await buildGlossaryInSteps(core, text, new Map(), async () => {
    gaps.push(performance.now() - last);
    await new Promise((r) => setImmediate(r));
    last = performance.now();
  });
  const total = performance.now() - t0;
  gaps.sort((a, b) => b - a);
  console.log(JSON.stringify({ longest: gaps[0]!, p90: gaps[Math.floor(gaps.length / 10)]!, steps: gaps.length, total }));
}

function glossarySpeed(runs: number): void {
  const { text, source } = glossaryText();
  const samples = coldRuns('--cold-glossary', runs);
  const m = (k: string) => median(samples, k).toFixed(1);
  console.log(
    `glossary of ${text.length.toLocaleString('en-US')} characters (${source}, ${median(samples, 'rows')} distinct words), fresh process, median of ${runs}: ` +
      `segment ${m('segment')} ms, count and order + first screen described ${m('firstScreen')} ms, the other rows ${m('rest')} ms`,
  );
  console.log(
    `glossary of the same page again (sentences and words known, as for a page that changed): segment ${m('segmentKnown')} ms, ` +
      `count and order + first screen ${m('firstScreenKnown')} ms (the e2e run prints the popup's time to the list on screen)`,
  );
  const steps = coldRuns('--cold-steps', runs);
  const n = (k: string) => median(steps, k).toFixed(1);
  console.log(
    `glossary prepared in steps, fresh process, median of ${runs}: longest step ${n('longest')} ms (a hover waits at most this; ` +
      `budget 16 ms), 90th percentile ${n('p90')} ms, ${median(steps, 'steps')} steps, ${n('total')} ms in all`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--cold-dict')) return coldDictChild();
  if (args.includes('--cold-core')) return coldCoreChild();
  if (args.includes('--cold-hover')) return coldHoverChild();
  if (args.includes('--cold-glossary')) return glossaryChild();
  if (args.includes('--cold-steps')) return stepsChild();
  await ensureAssets();
  console.log(`# Dubao bench (${relative(REPO, GENERATED_DIR)})`);
  assetSizes();
  zipSizes(args.includes('--zip'));
  coldLoad(5);
  lookupLatency();
  glossarySpeed(3);

  // ---- other parts append their figures here ----
  await studyListBench();
  learningBench(); // issue 12: levels, word states, review (tests/bench/bench-learning.ts)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
