/**
 * Import of a study-list file: a JSON backup (version 1 or 2), the CSV export or an Anki TSV. Parsing is
 * all or nothing: the first problem comes back as an error that names the line, and no item is returned,
 * so a bad file changes nothing. Pure: bytes in, items or an error out.
 */
import { isCivicCategory } from '../../dictionary/civic/categories';
import type { CivicCategory } from '../../dictionary/types';
import { cleanItem, migrateV1, validateItem } from './model';
import { ANKI_COLUMNS, BACKUP_FORMAT, BACKUP_VERSION, CSV_COLUMNS, MULTI_SEPARATOR, unguardCell } from './export';
import type { StudyContext, StudyItem } from './types';
import { hasHan } from '../../dictionary/han';
import { readLearningFields, REVIEW_FIELD, WORD_STATES_FIELD } from '../learning/backup';
import type { Knowledge } from '../knowledge/model';
import type { ReviewState } from '../review/state';

/** A backup is read whole into memory before anything is stored: larger files are refused. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type ImportFormat = 'json' | 'csv' | 'tsv';
/** Word states and review schedule carried by a JSON backup (null: the backup has none). */
export interface ImportedLearning {
  knowledge: Knowledge | null;
  review: ReviewState | null;
}

export type ImportResult =
  | { ok: true; format: ImportFormat; items: StudyItem[]; learning: ImportedLearning }
  | { ok: false; error: string };

class ImportError extends Error {
  constructor(line: number, message: string) {
    super(`Line ${line}: ${message}`);
  }
}

export function tooBigMessage(size: number): string {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return `The file is ${mb(size)} MB; Dubao imports files up to ${mb(MAX_IMPORT_BYTES)} MB.`;
}

export function parseImport(bytes: Uint8Array, now = Date.now()): ImportResult {
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, error: tooBigMessage(bytes.length) };
  if (!bytes.length) return { ok: false, error: 'The file is empty.' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, error: 'Line 1: the file is UTF-16 text; save it as UTF-8 and import it again.' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The decoder does not say where: find the first bad byte ourselves (only on this error path).
    const bad = firstInvalidUtf8(bytes);
    return { ok: false, error: `Line ${lineAtByte(bytes, bad)}: the file is not UTF-8 text (byte ${bad + 1} is not valid UTF-8).` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    const start = text.trimStart();
    if (start.startsWith('{') || start.startsWith('[')) return { ok: true, format: 'json', ...parseJson(text) };
    const none: ImportedLearning = { knowledge: null, review: null };
    const firstLine = text.slice(0, text.search(/\r?\n|$/));
    if (firstLine.startsWith('#') || firstLine.includes('\t'))
      return { ok: true, format: 'tsv', items: parseTsv(text, now), learning: none };
    return { ok: true, format: 'csv', items: parseCsv(text, now), learning: none };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// Encoding

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and truncation included), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineAtByte(b: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (b[i] === 0x0a) line++;
  return line;
}

function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------------
// JSON backup

function parseJson(text: string): { items: StudyItem[]; learning: ImportedLearning } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineAt(text, Number(pos[1])) : lineAt(text, text.trimEnd().length);
    // Cut-off files fail at their very end, whatever the parser calls it (unterminated string, a line
    // break inside one, end of input).
    const truncated = !pos || Number(pos[1]) >= text.trimEnd().length - 1 || /end of (JSON )?(data|input)|Unterminated/i.test(msg);
    throw new ImportError(line, truncated ? 'the JSON ends too early (is the file cut off?).' : 'this is not valid JSON.');
  }
  const obj = data as Record<string, unknown>;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || obj.format !== BACKUP_FORMAT) {
    throw new ImportError(1, `this JSON file is not a Dubao backup (it lacks "format": "${BACKUP_FORMAT}").`);
  }
  const version = obj.version;
  if (version !== 1 && version !== BACKUP_VERSION) {
    throw new ImportError(1, `backup version ${JSON.stringify(version)} is not supported (this Dubao reads 1 and ${BACKUP_VERSION}).`);
  }
  if (!Array.isArray(obj.items)) throw new ImportError(1, 'the backup has no "items" list.');
  // Where item i starts: scanned only when an item is bad (the scan walks the whole text).
  const lineOf = (i: number) => arrayElementLines(text, 'items')[i] ?? 1;
  if (version === 1) {
    obj.items.forEach((raw, i) => {
      if (!raw || typeof raw !== 'object' || typeof (raw as { word?: unknown }).word !== 'string') {
        throw new ImportError(lineOf(i), `item ${i + 1} of this version 1 backup has no "word".`);
      }
    });
    return { items: migrateV1(obj.items), learning: { knowledge: null, review: null } };
  }
  const items = obj.items.map((raw, i) => {
    const problem = validateItem(raw);
    if (problem) throw new ImportError(lineOf(i), `item ${i + 1}: ${problem}.`);
    return cleanItem(raw as StudyItem);
  });
  // Word states and review schedule (utils/learning/backup.ts): a damaged one refuses the whole file.
  const learning = readLearningFields(obj);
  if (!learning.ok) {
    const at = text.search(new RegExp(`"${learning.field === WORD_STATES_FIELD ? WORD_STATES_FIELD : REVIEW_FIELD}"\\s*:`));
    throw new ImportError(at >= 0 ? lineAt(text, at) : 1, learning.error);
  }
  return { items, learning: { knowledge: learning.knowledge, review: learning.review } };
}

/**
 * Line on which each element of the top-level array `key` starts: a small scan that skips strings and
 * tracks depth, run only on a text JSON.parse has already accepted.
 */
function arrayElementLines(text: string, key: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inItems = false;
  let expectElement = false;
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (inItems && depth === 2 && expectElement && ch !== ']') {
      out.push(line);
      expectElement = false;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      lastString = text.slice(i + 1, j);
      i = j;
      continue;
    }
    if (ch === '{' || ch === '[') {
      depth++;
      if (ch === '[' && depth === 2 && lastString === key) {
        inItems = true;
        expectElement = true;
      }
    } else if (ch === '}' || ch === ']') {
      if (inItems && depth === 2) inItems = false;
      depth--;
    } else if (ch === ',' && inItems && depth === 2) expectElement = true;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Delimited text

interface Row {
  line: number;
  fields: string[];
}

/** RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function readCsv(text: string): Row[] {
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new ImportError(quoteLine, 'a quoted field is never closed.');
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new ImportError(line, 'text after a closing quote (a quote inside a field must be doubled).');
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      fields.push(field);
      rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  return rows.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
}

function checkWord(row: Row, simplified: string): void {
  if (!hasHan(simplified)) {
    throw new ImportError(row.line, `the first field ("${simplified.slice(0, 20)}") is not a Chinese word.`);
  }
}

function splitMeaning(s: string): string[] {
  return s
    .split('; ')
    .map((x) => x.trim())
    .filter(Boolean);
}

function parseCsv(text: string, now: number): StudyItem[] {
  const rows = readCsv(text);
  const header = rows.shift();
  const expected = CSV_COLUMNS.join(',');
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(',') !== expected) {
    throw new ImportError(header?.line ?? 1, `not a Dubao CSV: the first line must be the header "${expected}".`);
  }
  return rows.map((row) => {
    if (row.fields.length !== CSV_COLUMNS.length) {
      throw new ImportError(row.line, `expected ${CSV_COLUMNS.length} fields, found ${row.fields.length}.`);
    }
    // Cells our export made text (a leading apostrophe before = + - @) read back as they were.
    const [simplified, traditional, pinyin, meaning, category, explanation, sentence, title, url, notes, saved] = row.fields.map(
      unguardCell,
    ) as [string, string, string, string, string, string, string, string, string, string, string];
    checkWord(row, simplified);
    if (category && !isCivicCategory(category)) throw new ImportError(row.line, `unknown civic category "${category}".`);
    const savedAt = saved ? Date.parse(saved) : now;
    if (Number.isNaN(savedAt)) throw new ImportError(row.line, `"${saved}" is not a date.`);
    const sentences = sentence ? sentence.split(/\r?\n/) : [];
    const titles = title ? title.split(/\r?\n/) : [];
    const urls = url ? url.split(/\r?\n/) : [];
    const count = Math.max(sentences.length, titles.length, urls.length);
    const contexts: StudyContext[] = [];
    for (let k = 0; k < count; k++) {
      contexts.push({ sentence: sentences[k] ?? '', title: titles[k] ?? '', url: urls[k] ?? '', savedAt });
    }
    return {
      simplified: simplified.trim(),
      traditional: traditional.trim() || simplified.trim(),
      pinyin: pinyin.trim(),
      definitions: splitMeaning(meaning),
      civic: category ? { category: category as CivicCategory, explanation } : null,
      contexts,
      notes,
      savedAt,
    };
  });
}

/** "title <url>" as written by sourceLabel. */
function parseSource(s: string): { title: string; url: string } {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(s.trim());
  return m ? { title: m[1]!, url: m[2]! } : { title: s.trim(), url: '' };
}

function parseTsv(text: string, now: number): StudyItem[] {
  const items: StudyItem[] = [];
  const lines = text.split(/\r?\n/);
  const headerLower = ANKI_COLUMNS.join('\t').toLowerCase();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim() || raw.startsWith('#')) return;
    if (raw.toLowerCase() === headerLower) return;
    const fields = raw.split('\t').map(unguardCell);
    if (fields.length !== ANKI_COLUMNS.length) {
      throw new ImportError(
        line,
        `expected ${ANKI_COLUMNS.length} tab-separated fields (${ANKI_COLUMNS.join(', ')}), found ${fields.length}.`,
      );
    }
    const [simplified, traditional, pinyin, meaning, sentence, source] = fields as [string, string, string, string, string, string];
    checkWord({ line, fields }, simplified);
    const sentences = sentence ? sentence.split(MULTI_SEPARATOR) : [];
    const sources = source ? source.split(MULTI_SEPARATOR).map(parseSource) : [];
    const count = Math.max(sentences.length, sources.length);
    const contexts: StudyContext[] = [];
    for (let k = 0; k < count; k++) {
      contexts.push({ sentence: sentences[k] ?? '', title: sources[k]?.title ?? '', url: sources[k]?.url ?? '', savedAt: now });
    }
    items.push({
      simplified: simplified.trim(),
      traditional: traditional.trim() || simplified.trim(),
      pinyin: pinyin.trim(),
      definitions: splitMeaning(meaning),
      civic: null,
      contexts,
      notes: '',
      savedAt: now,
    });
  });
  return items;
}
