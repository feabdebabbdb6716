/**
 * The Dubao CLI over the same core as the extension (run with `npm run -s cli -- ...`; plain
 * `npm run` prints its own banner on stdout first).
 *
 *   lookup WORD... [--json]     entries by simplified or traditional headword
 *   segment [FILE]              one output line per input line, words separated by single spaces
 *   glossary FILE [--json]      the vocabulary of a text, civic terms first
 *   coverage FILE... [--json] [--top N]
 *                               dead ends, civic words and candidate civic terms of texts
 *
 * The JSON shapes are a contract (see dictionary/types.ts and tests/cli): keep them stable.
 */
import { readFileSync } from 'node:fs';
import type { DictEntry, EntrySource, SenseRevision } from '../types';
import type { Core } from '../core';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from './node-core';
import { civicCategoryLabel } from '../civic/categories';
import { buildGlossary } from '../glossary/rows';
import { toGlossaryJson } from '../glossary/export';
import { COVERAGE_SOURCES, CivicTermIndex, coverage, type Coverage } from '../coverage';

const USAGE = `usage: cli lookup WORD... [--json]
       cli segment [FILE]        (stdin when no FILE)
       cli glossary FILE [--json]
       cli coverage FILE... [--json] [--top N]`;

class UsageError extends Error {}

/** `lookup --json`: one object per argument. */
export interface LookupJson {
  query: string;
  entries: Array<{
    simplified: string;
    traditional: string;
    pinyin: string;
    definitions: string[];
    /** 'rule' and 'composed': made for a word no dictionary has (dictionary/words.ts). */
    source: EntrySource;
    civic: { category: string; explanation: string } | null;
    /** Made entries only: the words it was made from. */
    parts?: string[];
    /** CC-CEDICT entries our news-sense layer changed: what it changed. */
    revision?: SenseRevision;
  }>;
}

export function lookupJson(core: Core, words: string[]): LookupJson[] {
  return words.map((query) => ({
    query,
    entries: core.words.lookup(query).map((e) => ({
      simplified: e.simplified,
      traditional: e.traditional,
      pinyin: e.pinyin,
      definitions: e.definitions,
      source: e.source,
      civic: e.civic ? { category: e.civic.category, explanation: e.civic.explanation } : null,
      ...(e.parts ? { parts: e.parts } : {}),
      ...(e.revision ? { revision: e.revision } : {}),
    })),
  }));
}

const SOURCE_NOTE: Record<EntrySource, string> = {
  cedict: '',
  civic: '  [civic lexicon]',
  rule: '  [by rule]',
  composed: '  [composed from its parts]',
};

function formatEntry(e: DictEntry): string {
  const head = e.traditional === e.simplified ? e.simplified : `${e.simplified} (${e.traditional})`;
  const lines = [`${head}  ${e.pinyin}${SOURCE_NOTE[e.source]}${e.revision ? '  [news senses: Dubao]' : ''}`];
  const ours = new Set(e.revision?.added ?? []);
  for (const [i, d] of e.definitions.entries()) lines.push(`  ${i + 1}. ${d}${ours.has(i) ? '  [Dubao]' : ''}`);
  if (e.classifiers.length > 0) {
    const cls = e.classifiers.map((c) => `${c.simplified}${c.traditional !== c.simplified ? `|${c.traditional}` : ''} ${c.pinyin}`);
    lines.push(`  classifiers: ${cls.join(', ')}`);
  }
  if (e.civic) {
    lines.push(`  civic: ${civicCategoryLabel(e.civic.category)}${e.civic.explanation ? ` — ${e.civic.explanation}` : ''}`);
    if (e.civic.components.length > 0) lines.push(`  parts: ${e.civic.components.join(', ')}`);
    if (e.civic.related.length > 0) lines.push(`  related: ${e.civic.related.join(', ')}`);
    if (e.civic.year !== null) lines.push(`  since: ${e.civic.year}`);
  }
  return lines.join('\n');
}

/** Each input line as one line of words separated by single spaces (whitespace segments dropped). */
export function segmentLines(core: Core, text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) =>
    core.segmenter
      .segment(line)
      .map((s) => line.slice(s.start, s.end))
      .filter((w) => w.trim() !== '')
      .join(' '),
  );
}

/** One file's figures in `coverage --json` (the first six fields are the original contract). */
export function coverageRow(c: Coverage) {
  return {
    tokens: c.tokens,
    distinct: c.distinct,
    deadEnds: [...c.deadEnds.values()].reduce((a, b) => a + b, 0),
    deadEndsDistinct: c.deadEnds.size,
    civicTokens: c.civicTokens,
    civicDistinct: c.civicWords.size,
    bySource: c.bySource,
    distinctBySource: c.distinctBySource,
    civicTerms: { occurrences: c.civicTerms.occurrences, whole: c.civicTerms.whole, civic: c.civicTerms.civic },
  };
}

const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);

function coverageLine(f: ReturnType<typeof coverageRow>): string {
  const sources = COVERAGE_SOURCES.map((s) => `${s} ${f.bySource[s]}`).join(', ');
  return (
    `${f.tokens} words (${f.distinct} distinct): ${sources}; dead ends ${f.deadEnds} (${f.deadEndsDistinct} distinct); ` +
    `civic ${pct(f.civicTokens, f.tokens)} of words (${f.civicDistinct} distinct); ` +
    `civic terms kept whole ${f.civicTerms.whole}/${f.civicTerms.occurrences} (${pct(f.civicTerms.whole, f.civicTerms.occurrences)}), ` +
    `in a word marked civic ${f.civicTerms.civic} (${pct(f.civicTerms.civic, f.civicTerms.occurrences)})`
  );
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The core on the assets of DUBAO_ASSETS_DIR (default assets/generated), built first when they are
 * missing or older than the sources (a fresh clone: no `npm run build:dict` needed).
 */
async function cliCore() {
  const dir = process.env.DUBAO_ASSETS_DIR || GENERATED_DIR;
  await ensureAssets(dir, (line) => process.stderr.write(`${line}\n`));
  return loadNodeCore(dir);
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const topAt = rest.indexOf('--top');
  const top = topAt >= 0 ? Number(rest[topAt + 1]) : 50;
  if (topAt >= 0 && !(Number.isInteger(top) && top >= 0)) throw new UsageError('--top needs a whole number');
  const args = rest.filter((a, i) => a !== '--json' && (topAt < 0 || (i !== topAt && i !== topAt + 1)));
  const unknownFlag = args.find((a) => a.startsWith('--'));
  if (unknownFlag) throw new UsageError(`unknown option ${unknownFlag}`);

  switch (command) {
    case 'lookup': {
      if (args.length === 0) throw new UsageError('lookup needs at least one word');
      const core = await cliCore();
      const results = lookupJson(core, args);
      if (json) {
        write(JSON.stringify(results, null, 2));
        return;
      }
      const blocks = args.map((word) => {
        const entries = core.words.lookup(word);
        if (entries.length === 0) return `${word}: not in the dictionary`;
        return entries.map(formatEntry).join('\n\n');
      });
      write(blocks.join('\n\n'));
      return;
    }
    case 'segment': {
      if (json) throw new UsageError('segment has no --json output');
      if (args.length > 1) throw new UsageError('segment takes at most one FILE');
      const text = args.length === 1 ? readText(args[0]!) : await readStdin();
      const core = await cliCore();
      const lines = segmentLines(core, text);
      if (lines.length > 0) write(lines.join('\n'));
      return;
    }
    case 'glossary': {
      if (args.length !== 1) throw new UsageError('glossary needs exactly one FILE');
      const text = readText(args[0]!);
      const core = await cliCore();
      const glossary = buildGlossary(core, text);
      if (json) {
        write(JSON.stringify(toGlossaryJson(glossary.rows), null, 2));
        return;
      }
      const out = [`${glossary.distinctWords} words (${glossary.civicTerms} civic) in ${glossary.characters} Han characters`];
      for (const row of glossary.rows) {
        const civic = row.civic ? `  [${civicCategoryLabel(row.civic.category)}]` : '';
        out.push(`${String(row.count).padStart(4)}  ${row.word}  ${row.pinyin}  ${row.definitions[0] ?? ''}${civic}`);
      }
      write(out.join('\n'));
      return;
    }
    case 'coverage': {
      if (args.length === 0) throw new UsageError('coverage needs at least one FILE');
      const texts = args.map((file) => ({ file, text: readText(file) }));
      const core = await cliCore();
      const index = new CivicTermIndex(core.dictionary.civicForms());
      const all = coverage(core, texts.map((t) => t.text).join('\n'), 2, index);
      const files = texts.map(({ file, text }) => ({ file, ...coverageRow(coverage(core, text, 2, index)) }));
      const deadEnds = [...all.deadEnds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const made = [...all.made].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
      const split = [...all.civicTerms.split].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      if (json) {
        write(
          JSON.stringify(
            {
              files,
              total: coverageRow(all),
              deadEnds: deadEnds.map(([word, count]) => ({ word, count })),
              made: made.slice(0, top).map(([word, m]) => ({ word, source: m.source, count: m.count })),
              civicSplit: split.slice(0, top).map(([term, count]) => ({ term, count })),
              candidates: all.candidates.slice(0, top),
            },
            null,
            2,
          ),
        );
        return;
      }
      const out = files.map((f) => `${f.file}: ${coverageLine(f)}`);
      if (files.length > 1) out.push(`all: ${coverageLine(coverageRow(all))}`);
      out.push('', `dead ends (${deadEnds.length}):`, ...deadEnds.slice(0, top).map(([w, n]) => `${String(n).padStart(6)}  ${w}`));
      out.push(
        '',
        `words made by rule or composed (${made.length}):`,
        ...made.slice(0, top).map(([w, m]) => `${String(m.count).padStart(6)}  ${w}  (${m.source})`),
      );
      out.push(
        '',
        `civic terms split by the segmenter (${split.length}):`,
        ...split.slice(0, top).map(([w, n]) => `${String(n).padStart(6)}  ${w}`),
      );
      out.push(
        '',
        `candidate terms (${all.candidates.length}):`,
        ...all.candidates.slice(0, top).map((c) => `${String(c.count).padStart(6)}  ${c.term}  (${c.parts.join(' ')})`),
      );
      write(out.join('\n'));
      return;
    }
    case undefined:
    case '--help':
    case 'help':
      throw new UsageError('no command');
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

const isMain = process.argv[1] !== undefined && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isMain) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
