/**
 * The checks over the real lexicon: dictionary/civic/data/*.txt and tags.txt. Each kind of problem is
 * its own test so a failure names what is wrong; messages give file:line. To see every problem at once:
 * `npx tsx tests/civic/report.ts`.
 */
import { describe, expect, it } from 'vitest';
import { readCivicSources, loadCivic } from '../../dictionary/build/load-civic';
import { checkLexicon, formatProblem, loadExceptions, unusedExceptions, type ProblemKind } from './checks';
import { CIVIC_CATEGORY_IDS } from '../../dictionary/civic/categories';

const src = readCivicSources();
const exceptions = loadExceptions();
const problems = checkLexicon(src, exceptions);
const of = (kind: ProblemKind) => problems.filter((p) => p.kind === kind).map(formatProblem);

describe('civic lexicon source', () => {
  it('parses: one syllable per character, gloss and explanation present, no duplicates, known categories', () => {
    expect(of('source')).toEqual([]);
    expect(() => loadCivic()).not.toThrow();
  });

  it('has pinyin that the build can number (dictionary/pinyin.ts round trip)', () => {
    expect(of('numbering')).toEqual([]);
  });

  it('has every syllable a reading of its character (pinyin-pro)', () => {
    expect(of('reading')).toEqual([]);
  });

  it('reads the CC-CEDICT words inside headwords as CC-CEDICT does (polyphonic characters in context)', () => {
    expect(of('word-reading')).toEqual([]);
  });

  it('has traditional forms consistent with the simplified ones (CC-CEDICT pairs)', () => {
    expect(of('traditional')).toEqual([]);
  });

  it('keeps explanations to at most three sentences', () => {
    expect(of('sentences')).toEqual([]);
  });

  it('has every part of a formulation as an entry of its own', () => {
    expect(of('parts')).toEqual([]);
  });

  it('has every related term in the lexicon (civic entry, tagged word or CC-CEDICT word)', () => {
    expect(of('related')).toEqual([]);
  });

  it('tags only CC-CEDICT words without a full civic entry, at least 150 of them', () => {
    expect(of('tag')).toEqual([]);
    expect(src.tags.length).toBeGreaterThanOrEqual(150);
  });

  it('needs every listed exception', () => {
    expect(unusedExceptions(exceptions).map(formatProblem)).toEqual([]);
  });

  it('has content in the lead categories (party, personnel, formulations: at least 520 together)', () => {
    const count = src.records.filter((r) => ['party', 'personnel', 'formulations'].includes(r.category)).length;
    expect(count).toBeGreaterThanOrEqual(520);
  });

  it('gives each category file (and topic file in a category folder) entries of that category only', () => {
    for (const r of src.records) expect(r.file.endsWith(`/${r.category}.txt`) || r.file.includes(`/data/${r.category}/`), r.file).toBe(true);
    expect(CIVIC_CATEGORY_IDS).toContain('party');
  });
});
