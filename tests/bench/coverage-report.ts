/**
 * Per corpus file: words, dead ends (words with no entry at all), words made by rule or composed, the
 * civic share of words, and of the occurrences of known civic terms (the civic lexicon's headwords, found
 * in the text) the share the segmenter keeps whole, and whole in a word marked civic (issue 9's measure:
 * kept whole and marked civic). For the before/after table of issue 9:
 *
 *   npm run report:coverage [-- [--json] [FILE|DIR ...]]     (default: ../shared/data/corpus)
 *
 * Prints figures only, never the texts. `cli coverage` lists the dead ends and made words themselves.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import { REPO } from '../../dictionary/build/dict-sources';
import { CivicTermIndex, coverage, type Coverage } from '../../dictionary/coverage';

const args = process.argv.slice(2);
const json = args.includes('--json');
const paths = args.filter((a) => a !== '--json');
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
        .sort()
        .map((f) => join(p, f)),
    );
  else files.push(p);
}

await ensureAssets(GENERATED_DIR);
const core = await loadNodeCore();
const index = new CivicTermIndex(core.dictionary.civicForms());

interface Row {
  file: string;
  words: number;
  deadEnds: number;
  deadEndsDistinct: number;
  rule: number;
  composed: number;
  civicWords: number;
  civicTermOccurrences: number;
  civicTermsWhole: number;
  civicTermsCivic: number;
}

const row = (file: string, c: Coverage): Row => ({
  file,
  words: c.tokens,
  deadEnds: c.bySource.none,
  deadEndsDistinct: c.deadEnds.size,
  rule: c.bySource.rule,
  composed: c.bySource.composed,
  civicWords: c.civicTokens,
  civicTermOccurrences: c.civicTerms.occurrences,
  civicTermsWhole: c.civicTerms.whole,
  civicTermsCivic: c.civicTerms.civic,
});

const rows = files.map((f) => row(basename(f), coverage(core, readFileSync(f, 'utf8'), 2, index)));
const total: Row = rows.reduce(
  (t, r) => ({
    file: 'all',
    words: t.words + r.words,
    deadEnds: t.deadEnds + r.deadEnds,
    deadEndsDistinct: t.deadEndsDistinct + r.deadEndsDistinct,
    rule: t.rule + r.rule,
    composed: t.composed + r.composed,
    civicWords: t.civicWords + r.civicWords,
    civicTermOccurrences: t.civicTermOccurrences + r.civicTermOccurrences,
    civicTermsWhole: t.civicTermsWhole + r.civicTermsWhole,
    civicTermsCivic: t.civicTermsCivic + r.civicTermsCivic,
  }),
  {
    file: 'all',
    words: 0,
    deadEnds: 0,
    deadEndsDistinct: 0,
    rule: 0,
    composed: 0,
    civicWords: 0,
    civicTermOccurrences: 0,
    civicTermsWhole: 0,
    civicTermsCivic: 0,
  },
);

if (json) {
  console.log(JSON.stringify({ files: rows, total }, null, 2));
} else {
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
  const head = ['file', 'words', 'dead ends', 'rule', 'composed', 'civic words', 'civic terms whole', 'whole and civic'];
  const line = (r: Row) => [
    r.file,
    String(r.words),
    `${r.deadEnds} (${r.deadEndsDistinct})`,
    String(r.rule),
    String(r.composed),
    pct(r.civicWords, r.words),
    `${pct(r.civicTermsWhole, r.civicTermOccurrences)} of ${r.civicTermOccurrences}`,
    pct(r.civicTermsCivic, r.civicTermOccurrences),
  ];
  const table = [head, ...rows.map(line), line(total)];
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log('\ndead ends (distinct) are summed over files in the last line.');
}
