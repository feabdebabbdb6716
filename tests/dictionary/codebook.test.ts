/**
 * The senses codebook as the reader takes it from dict.bin's SCBK section (dictionary/codebook.ts): the
 * stored lines cut as bytes, and records packed by the builder expand back to their text.
 */
import { describe, expect, it } from 'vitest';
import { buildCodebook, codebookFromSection, expand, pack } from '../../dictionary/codebook';

const enc = new TextEncoder();
const dec = new TextDecoder();

describe('codebookFromSection', () => {
  it('gives each stored line as its UTF-8 bytes, empty lines kept in place', () => {
    const lines = ['the ', 'government ', 'café ', '', 'Party'];
    const words = codebookFromSection(enc.encode(lines.join('\n')));
    expect(words.map((w) => dec.decode(w))).toEqual(lines);
    expect(words.map((w) => [...w])).toEqual(lines.map((l) => [...enc.encode(l)]));
  });

  it('an empty section is an empty codebook', () => {
    expect(codebookFromSection(new Uint8Array(0))).toEqual([]);
  });

  it('records packed by the builder expand back to their text with it', () => {
    const texts = ['the Communist Party of China', 'the government of the county', 'the county government (café)'];
    const book = buildCodebook(texts);
    expect(book.length).toBeGreaterThan(0);
    const words = codebookFromSection(enc.encode(book.join('\n')));
    for (const t of texts) expect(dec.decode(expand(pack(t, book), words))).toBe(t);
  });
});
