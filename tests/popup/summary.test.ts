/**
 * The popup's page summary lines, drawn by their components (Preact into linkedom): figures with the
 * right singular or plural, and counts a reader can compare with each other.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { GlossaryHeader } from '../../components/GlossaryHeader';

function draw(vnode: ReturnType<typeof h>): string {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const root = document.getElementById('root') as unknown as Element;
  render(vnode, root);
  return (root.querySelector('p') ?? root).textContent!.replace(/\s+/g, ' ').trim();
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
