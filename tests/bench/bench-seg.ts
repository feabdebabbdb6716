/**
 * Segmentation benchmark (npm run bench:seg): quality on the SIGHAN 2005 MSR test set and speed against
 * native jieba (@node-rs/jieba) in the same process.
 *
 * The MSR data is research-only: it is read from ../shared/data/icwb2 outside the repository, only to
 * measure; nothing here copies it or derives anything shipped from it.
 *
 * Builds the lexicon in memory when assets/generated/lexicon.bin is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Segmenter } from '../../dictionary/segment';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(repo, '../shared/data/icwb2');

async function lexiconBytes(): Promise<Uint8Array> {
  const path = join(repo, 'assets/generated/lexicon.bin');
  if (existsSync(path)) return new Uint8Array(readFileSync(path));
  console.log('assets/generated/lexicon.bin missing: building the lexicon in memory');
  const { buildLexicon } = await import('../../dictionary/build/build-lexicon');
  return (await buildLexicon()).bytes;
}

/** Word spans as "start,end" keys over the text without spaces. */
function spans(words: string[]): Set<string> {
  const out = new Set<string>();
  let at = 0;
  for (const w of words) {
    out.add(`${at},${at + w.length}`);
    at += w.length;
  }
  return out;
}

function score(lines: string[][], gold: string[][]) {
  let correct = 0;
  let predicted = 0;
  let expected = 0;
  for (let i = 0; i < lines.length; i++) {
    const p = spans(lines[i]!);
    const g = spans(gold[i]!);
    predicted += p.size;
    expected += g.size;
    for (const s of p) if (g.has(s)) correct++;
  }
  const precision = correct / predicted;
  const recall = correct / expected;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

function timeIt(fn: () => void, minMs = 1500): number {
  fn(); // warm up
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    runs++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / runs;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const fmt = (x: number) => x.toFixed(4);
const rate = (chars: number, ms: number) => `${(((chars / ms) * 1000) / 1e6).toFixed(2)}M chars/s`;

async function main() {
  const bytes = await lexiconBytes();
  const t0 = performance.now();
  const seg = Segmenter.fromBytes(bytes);
  const loadMs = performance.now() - t0;
  console.log(
    `lexicon: ${seg.lexicon.wordCount} words, ${(bytes.length / 1e6).toFixed(2)} MB, ` +
      `${(gzipSync(bytes, { level: 9 }).length / 1e6).toFixed(2)} MB gzip -9; ` +
      `loaded in ${loadMs.toFixed(1)} ms`,
  );

  const testPath = join(dataDir, 'msr_test.utf8');
  const goldPath = join(dataDir, 'msr_test_gold.utf8');
  if (!existsSync(testPath) || !existsSync(goldPath)) {
    console.log(`SKIP quality and speed vs jieba: MSR data not found in ${dataDir}`);
  } else {
    const lines = readFileSync(testPath, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim());
    const goldLines = readFileSync(goldPath, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim());
    const keep = lines.map((l, i) => l.length > 0 && goldLines[i] !== undefined);
    const text = lines.filter((_, i) => keep[i]);
    const gold = goldLines.filter((_, i) => keep[i]).map((l) => l.split(/\s+/).filter(Boolean));
    const chars = text.reduce((n, l) => n + l.length, 0);

    const strip = (ws: string[]) => ws.map((w) => w.replace(/\s+/g, '')).filter(Boolean);
    const ours = text.map((l) => strip(seg.words(l)));
    const q = score(ours, gold);
    console.log(`MSR test (${text.length} lines, ${chars} chars)`);
    console.log(`  dubao   precision ${fmt(q.precision)}  recall ${fmt(q.recall)}  F1 ${fmt(q.f1)}`);

    const { Jieba } = await import('@node-rs/jieba');
    const { dict } = await import('@node-rs/jieba/dict');
    const jieba = Jieba.withDict(dict);
    const theirs = text.map((l) => strip(jieba.cut(l, true)));
    const qj = score(theirs, gold);
    console.log(`  jieba   precision ${fmt(qj.precision)}  recall ${fmt(qj.recall)}  F1 ${fmt(qj.f1)}  (HMM on)`);

    // Same input, same granularity (one call per line), alternating runs to share the machine's noise.
    const oursMs: number[] = [];
    const jiebaMs: number[] = [];
    for (let r = 0; r < 3; r++) {
      oursMs.push(
        timeIt(() => {
          for (const l of text) seg.segment(l);
        }, 1000),
      );
      jiebaMs.push(
        timeIt(() => {
          for (const l of text) jieba.cut(l, true);
        }, 1000),
      );
    }
    const a = median(oursMs);
    const b = median(jiebaMs);
    console.log(`  speed   dubao ${rate(chars, a)}  jieba (native) ${rate(chars, b)}  ratio ${(b / a).toFixed(2)}x`);
  }

  // A 30,000-character article: the real news fixture repeated (or synthetic text when it is absent).
  const fixture = resolve(repo, '../shared/fixtures/news-party-building-page.txt');
  const base = existsSync(fixture)
    ? readFileSync(fixture, 'utf8')
    : '今年以来，各地区各部门认真落实党中央决策部署，经济社会发展取得新成效。\n';
  let article = '';
  while (article.length < 30_000) article += base;
  article = article.slice(0, 30_000);
  const times: number[] = [];
  seg.segment(article);
  for (let r = 0; r < 15; r++) {
    const s = performance.now();
    seg.segment(article);
    times.push(performance.now() - s);
  }
  console.log(`30,000-char article: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (target <= 50 ms)`);

  // Pathological pages (a quadratic segmenter shows here): 30,000 numerals, digits, letters, a mix.
  for (const [name, text] of [
    ['一 x 30,000', '一'.repeat(30_000)],
    ['1 x 30,000', '1'.repeat(30_000)],
    ['a x 30,000', 'a'.repeat(30_000)],
    ['三1a。␠ x 6,000', '三1a。 '.repeat(6_000)],
  ] as const) {
    const s = performance.now();
    seg.segment(text);
    console.log(`pathological ${name}: ${(performance.now() - s).toFixed(1)} ms`);
  }
}

await main();
