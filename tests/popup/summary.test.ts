/**
 * The popup's page summary lines, drawn by their components (Preact into linkedom): figures with the
 * right singular or plural, and counts a reader can compare with each other.
 */
import { parseHTML } from 'linkedom';
import { type ComponentChild, h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { GlossaryHeader } from '../../components/GlossaryHeader';
import { PageLearning } from '../../components/PageLearning';
import { comprehension, readPageWords, type LearningRow } from '../../entrypoints/popup/learning';
import type { WordState } from '../../utils/knowledge/model';

function draw(vnode: ComponentChild): string {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const root = document.getElementById('root') as unknown as Element;
  render(vnode, root);
  return (root.querySelector('p, .g-share') ?? root).textContent!.replace(/\s+/g, ' ').trim();
}

const header = (characters: number, words: number, civicTerms: number) =>
  h(GlossaryHeader, { characters, words, civicTerms, civicUnsaved: 0, busy: false, onSaveCivic: () => {}, onCopy: () => {} });

describe('GlossaryHeader', () => {
  it('says "1 civic term", "1 distinct word" and "1 character" in the singular', () => {
    expect(draw(header(1, 1, 1))).toBe('1 character · 1 distinct word · 1 civic term');
  });

  it('says plurals, with thousands separated', () => {
    expect(draw(header(5117, 1253, 0))).toBe('5,117 characters · 1,253 distinct words · 0 civic terms');
  });
});

const row = (simplified: string, count: number): LearningRow => ({ simplified, count, civic: null, common: false, made: '' });

describe('PageLearning', () => {
  const learning = (rows: LearningRow[], states: Record<string, WordState>) => {
    const stateOf = (w: string): WordState => states[w] ?? 'new';
    const newWords = readPageWords(rows, stateOf);
    return h(PageLearning, {
      comprehension: comprehension(rows, stateOf),
      newWords: newWords.length,
      busy: false,
      problem: null,
      onReadPage: () => {},
    });
  };

  it('counts new words as the summary counts words, each once (a word met 3 times is 1 new word)', () => {
    const rows = [row('改革', 3), row('政府', 2), row('学校', 1), row('的', 4)];
    expect(draw(learning(rows, { 的: 'known', 政府: 'learning' }))).toBe('You know 40 % of this page · 2 new words · 1 learning');
  });

  it('says "1 new word" in the singular', () => {
    expect(draw(learning([row('改革', 5), row('的', 5)], { 的: 'known' }))).toBe('You know 50 % of this page · 1 new word');
  });
});
