/**
 * The real CLI (`dictionary/cli/main.ts` under tsx) on the real assets: the JSON contracts of
 * `lookup --json` and `glossary --json`, segment's line discipline, and errors on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAssets, GENERATED_DIR } from '../../dictionary/cli/node-core';
import { loadCivic } from '../../dictionary/build/load-civic';
import { REPO } from '../../dictionary/build/dict-sources';

function cli(args: string[], stdin?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'dictionary/cli/main.ts'), ...args], {
    cwd: REPO,
    input: stdin ?? '',
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'dubao-cli-'));
const civicWord = loadCivic().entries[0]!;

beforeAll(async () => {
  await ensureAssets(GENERATED_DIR);
}, 180_000);

describe('cli lookup', () => {
  it('prints one object per argument in the contracted JSON shape', () => {
    const r = cli(['lookup', '中国', '國家', civicWord.simplified, 'dubao', '读报读报读报', '十七大', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Array<{ query: string; entries: Array<Record<string, unknown>> }>;
    expect(out.map((o) => o.query)).toEqual(['中国', '國家', civicWord.simplified, 'dubao', '读报读报读报', '十七大']);
    const fields = ['simplified', 'traditional', 'pinyin', 'definitions', 'source', 'civic'];
    for (const o of out) {
      expect(Object.keys(o)).toEqual(['query', 'entries']);
      for (const e of o.entries) {
        // Entries made for words no dictionary has also name the words they were made from.
        expect(Object.keys(e)).toEqual(e.source === 'rule' || e.source === 'composed' ? [...fields, 'parts'] : fields);
      }
    }
    expect(out[0]!.entries[0]).toEqual({
      simplified: '中国',
      traditional: '中國',
      pinyin: 'Zhōng guó',
      definitions: ['China'],
      source: 'cedict',
      civic: null,
    });
    expect(out[1]!.entries[0]).toMatchObject({ simplified: '国家', traditional: '國家', pinyin: 'guó jiā' });
    expect(out[2]!.entries[0]).toEqual({
      simplified: civicWord.simplified,
      traditional: civicWord.traditional,
      pinyin: civicWord.pinyin,
      definitions: civicWord.definitions,
      source: 'civic',
      civic: { category: civicWord.civic.category, explanation: civicWord.civic.explanation },
    });
    expect(out[3]!.entries).toEqual([]);
    // No dictionary has these: one entry composed from the parts, one made by rule.
    expect(out[4]!.entries).toEqual([
      {
        simplified: '读报读报读报',
        traditional: '讀報讀報讀報',
        pinyin: 'dú bào dú bào dú bào',
        definitions: [expect.stringMatching(/^to read newspapers \+ to read newspapers \+ to read newspapers$/)],
        source: 'composed',
        civic: null,
        parts: ['读报', '读报', '读报'],
      },
    ]);
    expect(out[5]!.entries).toHaveLength(1);
    expect(out[5]!.entries[0]).toMatchObject({
      simplified: '十七大',
      pinyin: 'shí qī dà',
      source: 'rule',
      civic: { category: 'party', explanation: expect.stringContaining('2007') },
    });
  });

  it('prints readable text without --json', () => {
    const r = cli(['lookup', '國家', '读报读报读报', 'dubao']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('国家 (國家)  guó jiā');
    expect(r.stdout).toContain('1. country; nation; state');
    expect(r.stdout).toContain('classifiers: 个|個 gè');
    expect(r.stdout).toContain('读报读报读报 (讀報讀報讀報)  dú bào dú bào dú bào  [composed from its parts]');
    expect(r.stdout).toContain('dubao: not in the dictionary');
  });
});

describe('cli segment', () => {
  const text = '中国经济持续发展。\n我们 love 北京\n\n最后一行';

  it('prints each input line as one line of space-separated words, from stdin or a file', () => {
    const r = cli(['segment'], `${text}\n`);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    const inputLines = text.split('\n');
    expect(lines).toHaveLength(inputLines.length);
    lines.forEach((line, i) => {
      expect(line).not.toMatch(/^ | $| {2}/);
      expect(line.replace(/ /g, '')).toBe(inputLines[i]!.replace(/ /g, ''));
    });
    expect(lines[0]!.split(' ').length).toBeGreaterThan(2);
    expect(lines[1]).toBe('我们 love 北京');
    expect(lines[2]).toBe('');

    const file = join(dir, 'segment.txt');
    writeFileSync(file, text);
    expect(cli(['segment', file]).stdout).toBe(r.stdout);
  });
});

describe('cli glossary', () => {
  it('prints [{word, pinyin, definitions, count, civic, source}] with civic terms first', () => {
    const file = join(dir, 'article.txt');
    writeFileSync(file, `经济发展很重要。${civicWord.simplified}。经济发展是硬道理，经济还要发展，要做好两年的工作。`);
    const r = cli(['glossary', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ word: string; count: number; civic: unknown; source: string }>;
    for (const row of rows) expect(Object.keys(row)).toEqual(['word', 'pinyin', 'definitions', 'count', 'civic', 'source']);
    // Words no dictionary has are rows too, said to be composed (做好) or made by rule (两年).
    expect(rows.find((row) => row.word === '做好')).toMatchObject({ pinyin: 'zuò hǎo', source: 'composed' });
    expect(rows.find((row) => row.word === '两年')).toMatchObject({ pinyin: 'liǎng nián', definitions: ['two years'], source: 'rule' });
    expect(rows.find((row) => row.word === '经济')?.source).toBe('cedict');
    const firstPlain = rows.findIndex((row) => row.civic === null);
    expect(rows.slice(firstPlain).every((row) => row.civic === null)).toBe(true);
    expect(rows.find((row) => row.word === civicWord.simplified)?.civic).toEqual({
      category: civicWord.civic.category,
      explanation: civicWord.civic.explanation,
    });
    expect(rows.find((row) => row.word === '经济')?.count).toBe(3);

    const human = cli(['glossary', file]);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/^\s+3 {2}经济 {2}jīng jì/m);
  });
});

describe('cli errors', () => {
  it('writes errors to stderr and exits non-zero, with nothing on stdout', () => {
    for (const [args, status] of [
      [['frobnicate'], 2],
      [['lookup'], 2],
      [['glossary', join(dir, 'missing.txt')], 1],
    ] as const) {
      const r = cli([...args]);
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stdout).toBe('');
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });
});

describe('cli coverage', () => {
  it('lists words without an entry and recurring runs of words the lexicon lacks as one term', () => {
    const file = join(dir, 'coverage.txt');
    // 蓝莓 and 果酱 are CC-CEDICT words; 蓝莓果酱 is not: a run seen twice is a candidate term.
    writeFileSync(file, '我们买了蓝莓果酱。他也买了蓝莓果酱，还有三百余人买了。\n');
    const r = cli(['coverage', file, '--json', '--top', '5']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      files: Array<{ file: string; tokens: number; deadEnds: number; bySource: Record<string, number> }>;
      candidates: Array<{ term: string; parts: string[]; count: number }>;
    };
    expect(out.files[0]!.file).toBe(file);
    expect(out.files[0]!.tokens).toBeGreaterThan(8);
    // Every word has a source, and none is a dead end (三百余人 is made by rule).
    const by = out.files[0]!.bySource;
    expect(Object.keys(by)).toEqual(['dictionary', 'civic', 'rule', 'composed', 'none']);
    expect(Object.values(by).reduce((a, b) => a + b, 0)).toBe(out.files[0]!.tokens);
    expect(by.rule).toBeGreaterThan(0);
    expect(by.none).toBe(0);
    expect(out.files[0]!.deadEnds).toBe(0);
    expect(out.candidates).toContainEqual({ term: '蓝莓果酱', parts: ['蓝莓', '果酱'], count: 2 });
    // Runs that begin or end with a function word are not terms.
    expect(out.candidates.some((c) => c.parts[0] === '了' || c.parts.at(-1) === '了')).toBe(false);
  });

  it('refuses a --top that is not a whole number', () => {
    const r = cli(['coverage', 'x.txt', '--top', 'many']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--top needs a whole number');
  });
});

describe('cli on a fresh clone', () => {
  it('builds its assets on first use, then looks up', () => {
    const empty = mkdtempSync(join(tmpdir(), 'dubao-cli-assets-'));
    try {
      const r = cli(['lookup', '词', '--json'], undefined, { DUBAO_ASSETS_DIR: empty });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('Building the dictionary assets');
      const [out] = JSON.parse(r.stdout) as Array<{ entries: Array<{ pinyin: string; definitions: string[] }> }>;
      expect(out!.entries[0]).toMatchObject({ pinyin: 'cí', definitions: expect.arrayContaining(['word']) });
      // Built once: the next run reads them as they are.
      const again = cli(['lookup', '词'], undefined, { DUBAO_ASSETS_DIR: empty });
      expect(again.status).toBe(0);
      expect(again.stderr).toBe('');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 240_000);
});
