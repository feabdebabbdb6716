/**
 * Golden segmentation of news-style sentences we wrote (simplified and traditional; numbers, dates,
 * names, civic terms). Input: tests/fixtures/segment-golden.input.txt, one sentence a line. Expected:
 * tests/fixtures/segment-golden.expected.txt, the same lines with segments separated by " / ", reviewed
 * by eye. After a deliberate change, regenerate and review the diff:
 *
 *   UPDATE_GOLDEN=1 npx vitest run tests/segment/golden.test.ts && git diff tests/fixtures
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testSegmenter } from './lexicon-cache';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const inputPath = join(fixtures, 'segment-golden.input.txt');
const expectedPath = join(fixtures, 'segment-golden.expected.txt');
const SEPARATOR = ' / ';

function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

describe('golden segmentation', () => {
  it('has at least 60 sentences, simplified and traditional', () => {
    const input = lines(inputPath);
    expect(input.length).toBeGreaterThanOrEqual(60);
    expect(input.filter((l) => /[會國說為這們對與後過還時將區長議選總處灣經濟發應該關黨週預審當屆]/.test(l)).length).toBeGreaterThanOrEqual(
      15,
    );
  });

  it('segments every sentence as reviewed', async () => {
    const seg = await testSegmenter();
    const input = lines(inputPath);
    const actual = input.map((l) => seg.words(l).join(SEPARATOR));
    if (process.env.UPDATE_GOLDEN) {
      writeFileSync(expectedPath, `${actual.join('\n')}\n`);
      return;
    }
    expect(existsSync(expectedPath), 'run with UPDATE_GOLDEN=1 to create the expected file').toBe(true);
    const expected = lines(expectedPath);
    // The expected file must be a segmentation of the input, not a stale copy of other sentences.
    expect(expected.map((l) => l.split(SEPARATOR).join(''))).toEqual(input);
    expect(actual, 'segmentation changed: review the diff, then UPDATE_GOLDEN=1 npx vitest run tests/segment/golden.test.ts').toEqual(
      expected,
    );
  });
});
