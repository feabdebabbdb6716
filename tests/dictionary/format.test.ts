/**
 * dictionary/FORMAT.md's worked example is checked byte for byte: the doc and the builder must agree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCedict } from '../../dictionary/cedict/parse';
import { encodeDictionary } from '../../dictionary/build/encode-dict';
import { Dictionary } from '../../dictionary/reader';
import { decodeVarints, DICT_MAGIC, DICT_VERSION, readVarint, unzigzag, writeVarint, zigzag } from '../../dictionary/format';

const doc = readFileSync(new URL('../../dictionary/FORMAT.md', import.meta.url), 'utf8');

function after(marker: string): string {
  const at = doc.indexOf(`<!-- ${marker} -->`);
  if (at < 0) throw new Error(`FORMAT.md lacks the marker ${marker}`);
  return doc.slice(at + marker.length + 9);
}

function fenced(marker: string): string {
  const m = /^\s*```[^\n]*\n([\s\S]*?)```/.exec(after(marker));
  if (!m) throw new Error(`no code block after ${marker}`);
  return m[1]!;
}

const input = fenced('worked-example-input');
const { bytes, shards } = encodeDictionary(parseCedict(input).entries);

/** The bytes of a `0000  44 42 …` hex dump. */
function dumped(marker: string): number[] {
  const out: number[] = [];
  fenced(marker)
    .trim()
    .split('\n')
    .forEach((line, i) => {
      const [offset, ...hex] = line.trim().split(/\s+/);
      expect(Number.parseInt(offset!, 16)).toBe(i * 16);
      out.push(...hex.map((h) => Number.parseInt(h, 16)));
    });
  return out;
}

describe('FORMAT.md worked example', () => {
  it('has the three input lines', () => {
    const parsed = parseCedict(input);
    expect(parsed.issues).toEqual([]);
    expect(parsed.entries.map((e) => e.simplified)).toEqual(['中国', '中国人', '干']);
  });

  it('shows every byte the builder writes, dict.bin and its one senses shard', () => {
    expect(dumped('worked-example-bytes')).toEqual([...bytes]);
    expect(shards).toHaveLength(1);
    expect(dumped('worked-example-shard-00')).toEqual([...shards[0]!]);
  });

  it('lists the sections with their offsets, lengths and (where given in hex) their bytes', () => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe(DICT_MAGIC);
    expect(view.getUint16(4, true)).toBe(DICT_VERSION);
    const table = Array.from({ length: view.getUint16(6, true) }, (_, i) => ({
      id: String.fromCharCode(...bytes.subarray(8 + i * 12, 12 + i * 12)),
      offset: view.getUint32(12 + i * 12, true),
      length: view.getUint32(16 + i * 12, true),
    }));
    const rows = after('worked-example-sections')
      .split('\n\n')[0]!
      .trim()
      .split('\n')
      .slice(2)
      .map((line) => line.split('|').map((c) => c.trim()));
    expect(rows.map((r) => ({ id: r[1], offset: Number(r[2]), length: Number(r[3]) }))).toEqual(table);
    let hexRows = 0;
    for (const r of rows) {
      const shown = r[4]!;
      if (!/^[0-9a-f ·]+$/.test(shown)) continue;
      hexRows++;
      const { offset, length } = table.find((t) => t.id === r[1])!;
      const hex = shown.replace(/[ ·]/g, '');
      expect(hex, r[1]).toBe(Buffer.from(bytes.subarray(offset, offset + length)).toString('hex'));
    }
    expect(hexRows).toBeGreaterThan(10);
  });

  it('reads back as the doc says', () => {
    expect(() => Dictionary.fromBytes(bytes).lookup('中國人')).toThrow(/senses-00\.bin is not loaded/);
    const dict = Dictionary.fromBytes(bytes, shards);
    expect(dict.lookup('中國人')).toMatchObject([
      { simplified: '中国人', traditional: '中國人', pinyin: 'Zhōng guó rén', definitions: ['Chinese person'] },
    ]);
    expect(dict.lookup('中國人')[0]!.classifiers).toEqual([{ simplified: '个', traditional: '個', pinyin: 'gè' }]);
    expect(dict.lookup('乾')).toMatchObject([{ simplified: '干', pinyin: 'gān', definitions: ['dry'] }]);
  });
});

describe('format primitives', () => {
  it('writes and reads varints (LEB128), in a column and one by one', () => {
    const values = [0, 1, 127, 128, 300, 16383, 16384, 0x10ffff, 2 ** 32 - 1];
    const bytes: number[] = [];
    for (const v of values) writeVarint(bytes, v);
    expect(bytes.slice(0, 6)).toEqual([0x00, 0x01, 0x7f, 0x80, 0x01, 0xac]);
    expect([...decodeVarints(Uint8Array.from(bytes), values.length)]).toEqual(values);
    const pos = { at: 0 };
    expect(values.map(() => readVarint(Uint8Array.from(bytes), pos))).toEqual(values);
    expect(pos.at).toBe(bytes.length);
    expect(() => decodeVarints(Uint8Array.from([0x80]), 1)).toThrow(/truncated/);
  });

  it('zigzag-codes signed deltas', () => {
    expect([0, -1, 1, -2, 2, -4084].map(zigzag)).toEqual([0, 1, 2, 3, 4, 8167]);
    for (const n of [0, -1, 1, -4084, 70000]) expect(unzigzag(zigzag(n))).toBe(n);
  });
});
