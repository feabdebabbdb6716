/**
 * The worked example of dictionary/FORMAT.md ("Lexicon asset") is what the encoder writes, and it reads
 * back as documented.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeLexicon } from '../../dictionary/build/build-lexicon';
import { Segmenter } from '../../dictionary/segment';

const formatMd = resolve(dirname(fileURLToPath(import.meta.url)), '../../dictionary/FORMAT.md');

function example(): Uint8Array {
  return encodeLexicon({
    costs: new Map([
      ['中国', 9],
      ['中国人', 11.5],
      ['人', 7],
    ]),
    tradMap: new Map([[0x570b, 0x56fd]]),
    surnames: [[0x738b, 27]],
    given: [[0x660e, 48]],
  }).bytes;
}

/** The hex dump in the Lexicon section's worked example. */
function documentedBytes(): Uint8Array {
  const md = readFileSync(formatMd, 'utf8');
  const section = md.slice(md.indexOf('## Lexicon asset'));
  const example = section.slice(section.indexOf('### Worked example'));
  const block = example.slice(example.indexOf('```') + 3, example.indexOf('```', example.indexOf('```') + 3));
  const bytes: number[] = [];
  for (const line of block.split('\n')) {
    const m = /^[0-9a-f]{4}\s+(.*)$/.exec(line.trim());
    if (m) for (const h of m[1]!.trim().split(/\s+/)) bytes.push(parseInt(h, 16));
  }
  return Uint8Array.from(bytes);
}

describe('lexicon.bin layout', () => {
  it('matches the worked example in dictionary/FORMAT.md byte for byte', () => {
    const documented = documentedBytes();
    expect(documented.length).toBeGreaterThan(100);
    expect([...example()]).toEqual([...documented]);
  });

  it('reads the example back: costs, traditional folding, names', () => {
    const seg = Segmenter.fromBytes(example());
    expect(seg.commonness('中国')).toBe(9);
    expect(seg.commonness('中国人')).toBe(11.5);
    expect(seg.commonness('中國人')).toBe(11.5);
    expect(seg.isWord('国人')).toBe(false);
    expect(seg.words('中國人')).toEqual(['中國人']);
    expect(seg.lexicon.surnameCost[0x738b]).toBe(27);
    expect(seg.lexicon.givenCost[0x660e]).toBe(48);
  });

  it('reads an example that starts at an odd offset of its buffer', () => {
    const bytes = example();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Segmenter.fromBytes(shifted.subarray(1)).words('中国人')).toEqual(['中国人']);
  });
});

describe('the trie is built lazily, one first code unit at a time', () => {
  /** Words sharing first units, with prefixes of each other, astral characters and two-byte CHRS indexes. */
  function manyWords(): Map<string, number> {
    const costs = new Map<string, number>();
    const chars = [...'中国人民共和大会堂经济发展改革委员部门'];
    // Over 128 distinct characters, so that SUFX holds two-byte indexes too.
    for (let i = 0; i < 160; i++) chars.push(String.fromCharCode(0x4e00 + 37 * i));
    let n = 0;
    for (const a of chars) {
      costs.set(a, 5 + (n++ % 20));
      for (const b of chars.slice(0, 12)) costs.set(a + b, 6 + (n++ % 20));
    }
    for (const w of ['中国人民', '中国人民共和国', '人民大会堂', '𠀀国', '𠀀', '经济体制改革']) costs.set(w, 10 + (n++ % 10));
    return costs;
  }

  it('reads the file without building any of it; a text builds the first units it starts words with', () => {
    const costs = manyWords();
    const seg = Segmenter.fromBytes(encodeLexicon({ costs, tradMap: new Map(), surnames: [], given: [] }).bytes);
    expect(seg.lexicon.builtUnits()).toBe(0);
    expect(seg.words('中国人民')).toEqual(['中国人民']);
    const some = seg.lexicon.builtUnits();
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThanOrEqual(4);
  });

  it('every word has its cost whatever order the first units are built in', () => {
    const costs = manyWords();
    const bytes = encodeLexicon({ costs, tradMap: new Map(), surnames: [], given: [] }).bytes;
    const words = [...costs.keys()];
    for (const order of [words, [...words].reverse(), [...words].sort((a, b) => (a.charCodeAt(1) || 0) - (b.charCodeAt(1) || 0))]) {
      const seg = Segmenter.fromBytes(bytes);
      for (const w of order) expect(seg.commonness(w), w).toBe(costs.get(w)!);
      // Prefixes that are not words stay non-words.
      expect(seg.isWord('中国人民共')).toBe(false);
      expect(seg.isWord('经济体制')).toBe(false);
      expect(seg.lexicon.builtUnits()).toBe(new Set(words.map((w) => w.charCodeAt(0))).size);
    }
  });
});
