/**
 * Onboarding: which words a reader already knows, from a level, a frequency rank or a file. Pure: the
 * functions return word lists; the page that asks hands them to the store:
 *
 *   const words = knownFromHsk(levels, 2025, 3);                 // "I know HSK levels 1–3"
 *   const words = knownFromFrequency(levels, 5000);               // "I know the 5,000 most frequent words"
 *   const r = parseKnownWordsFile(bytes); if (r.ok) words = r.words;   // a word list or an Anki export
 *   await markWords(words, 'known', { onlyNew: true, saved });    // undo: undoMarks(result.undo)
 *
 * `onlyNew` keeps what the reader decided before (ignored words, words in the study list).
 *
 * Files. Anki's plain-text exports ("Notes in Plain Text", "Cards in Plain Text") carry no scheduling
 * information, and its packages (.apkg, .colpkg) are zip files holding an SQLite database (zstd-compressed
 * in current versions): reading those in the extension would take an SQLite engine of about a megabyte.
 * So Dubao reads:
 * - a word list: one word a line (anything after the first tab, comma or space is ignored);
 * - Anki "Notes in Plain Text" exported from the Browse window after the search `prop:ivl>=21` (cards
 *   whose interval is 21 days or more, what Anki calls mature), "Selected notes only": every note of the
 *   file counts as known. Header lines (#separator, #html, #tags column, #guid column …) are read; the
 *   word is the first field that is a Chinese word once HTML and [sound:…] are removed;
 * - any table whose header row names an interval column ("Interval", "ivl"): a row counts as known when
 *   its interval is ≥ 21 days ("21", "3.2mo", "1.5y", "4 weeks"); the word column is the one named
 *   Simplified, Word, Hanzi, Chinese, Front or Expression, else the first Chinese field.
 */
import type { HskLevel, HskStandard, Levels } from '../../dictionary/levels/levels';
import { cleanWord } from './model';
import { isAllHan } from '../../dictionary/han';

/** Anki calls a card mature from this interval on; Dubao counts such a card as known. */
export const KNOWN_INTERVAL_DAYS = 21;
export const MAX_KNOWN_FILE_BYTES = 20 * 1024 * 1024;

/** Every word listed at levels 1 … upTo of the standard (7 = up to 7–9), with the forms without erhua 儿. */
export function knownFromHsk(levels: Levels, standard: HskStandard, upTo: HskLevel): string[] {
  return levels.wordsUpTo(standard, upTo);
}

/** The n most frequent dictionary words (at most the asset's ranked words: 30,000). */
export function knownFromFrequency(levels: Levels, n: number): string[] {
  return levels.topWords(Math.floor(n));
}

export type KnownFileFormat = 'word list' | 'Anki notes' | 'table with intervals';

export type KnownFileResult =
  | {
      ok: true;
      format: KnownFileFormat;
      /** Known words, in file order, each once. */
      words: string[];
      /** Rows of a table with intervals whose interval is under 21 days (or not yet scheduled). */
      young: number;
      /** Lines with no Chinese word, as [line number, text] (the first 20). */
      skipped: Array<[number, string]>;
      skippedCount: number;
    }
  | { ok: false; error: string };

const WORD_COLUMNS = /^(simplified|word|hanzi|chinese|front|expression|vocab|vocabulary|词语|词|汉字|简体)$/i;
const INTERVAL_COLUMNS = /^(interval|ivl|interval \(days\)|间隔)$/i;

const SEPARATORS: Record<string, string> = {
  tab: '\t',
  comma: ',',
  semicolon: ';',
  pipe: '|',
  colon: ':',
  space: ' ',
  '\t': '\t',
  ',': ',',
  ';': ';',
  '|': '|',
  ':': ':',
  ' ': ' ',
};

/** Text of an Anki field: HTML tags, entities, [sound:…] and furigana-like brackets removed, trimmed. */
export function fieldText(field: string): string {
  return field
    .replace(/\[sound:[^\]]*\]/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * Interval in days from what Anki and spreadsheets write: "21", "21d", "3.2mo", "1.5y", "4 weeks",
 * "10m" (minutes). Null when it is no interval ("(new)", "(learning)", "").
 */
export function intervalDays(text: string): number | null {
  const m = /^(-?\d+(?:[.,]\d+)?)\s*([a-z]*)\.?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]!.replace(',', '.'));
  const unit = m[2]!.toLowerCase();
  const per: Record<string, number> = {
    '': 1,
    d: 1,
    day: 1,
    days: 1,
    w: 7,
    wk: 7,
    wks: 7,
    week: 7,
    weeks: 7,
    mo: 30,
    mos: 30,
    month: 30,
    months: 30,
    y: 365,
    yr: 365,
    yrs: 365,
    year: 365,
    years: 365,
    h: 1 / 24,
    hr: 1 / 24,
    hrs: 1 / 24,
    hour: 1 / 24,
    hours: 1 / 24,
    m: 1 / 1440,
    min: 1 / 1440,
    mins: 1 / 1440,
    minute: 1 / 1440,
    minutes: 1 / 1440,
    s: 1 / 86400,
    sec: 1 / 86400,
    secs: 1 / 86400,
    second: 1 / 86400,
    seconds: 1 / 86400,
  };
  const f = per[unit];
  // Negative intervals are seconds of a learning step in Anki's own data.
  if (f === undefined || !Number.isFinite(n)) return null;
  return n < 0 ? 0 : n * f;
}

/** Splits text into rows of fields on `sep`, reading "quoted" fields (doubled quotes, line breaks inside). */
function readRows(text: string, sep: string | null, startLine: number): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let line = startLine;
  let i = 0;
  while (i < text.length) {
    const rowLine = line;
    const fields: string[] = [];
    let field = '';
    let done = false;
    while (!done) {
      if (i >= text.length) {
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (c === '"' && field === '' && sep !== null) {
        // quoted field
        i++;
        for (;;) {
          if (i >= text.length) break;
          const q = text[i]!;
          if (q === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q === '\n') line++;
          field += q;
          i++;
        }
        continue;
      }
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        continue;
      }
      if (c === '\n') {
        fields.push(field);
        i++;
        line++;
        done = true;
        continue;
      }
      if (sep !== null && c === sep) {
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      field += c;
      i++;
    }
    rows.push({ line: rowLine, fields });
  }
  return rows;
}

/**
 * Reads a file of known words (see the module comment for the formats). Errors are sentences for the
 * reader: a file that is too big, not UTF-8 text, or holds no Chinese word.
 */
export function parseKnownWordsFile(bytes: Uint8Array): KnownFileResult {
  if (bytes.length > MAX_KNOWN_FILE_BYTES) {
    return { ok: false, error: `This file is ${(bytes.length / 1e6).toFixed(1)} MB; Dubao reads word lists up to 20 MB.` };
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return {
      ok: false,
      error:
        'This is a zip file (an Anki package, .apkg or .colpkg?). Dubao cannot read packages: in Anki, search prop:ivl>=21 in the Browse window, select all, and export "Notes in Plain Text" with "Selected notes only".',
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'This file is not UTF-8 text. Save the word list as UTF-8 (Anki exports are) and try again.' };
  }
  text = text.replace(/^\uFEFF/, '');

  // Anki's header lines: "#key:value" at the top.
  const lines = text.split('\n');
  let at = 0;
  let sep: string | null = null;
  let isAnki = false;
  const metaColumns = new Set<number>();
  while (at < lines.length && lines[at]!.startsWith('#')) {
    const m = /^#([a-z ]+):(.*)$/i.exec(lines[at]!.replace(/\r$/, ''));
    if (m) {
      const key = m[1]!.trim().toLowerCase();
      const value = m[2]!.trim();
      if (key === 'separator') sep = SEPARATORS[value.toLowerCase()] ?? (value.length === 1 ? value : null);
      if (/^(tags|deck|notetype|guid) column$/.test(key) && Number(value) > 0) metaColumns.add(Number(value) - 1);
      if (
        [
          'separator',
          'html',
          'tags column',
          'deck column',
          'notetype column',
          'guid column',
          'columns',
          'notetype',
          'deck',
          'tags',
        ].includes(key)
      ) {
        isAnki = true;
      }
    }
    at++;
  }
  const body = lines.slice(at).join('\n');
  const firstData = lines.slice(at).find((l) => l.trim() !== '') ?? '';
  if (sep === null) {
    if (firstData.includes('\t')) sep = '\t';
    else if (firstData.includes(',')) sep = ',';
    else if (firstData.includes(';')) sep = ';';
  }
  let rows = readRows(body, sep, at + 1).filter((r) => r.fields.some((f) => f.trim() !== ''));
  // Without a separator, a line is "word [anything]": the first token is the word.
  if (sep === null) rows = rows.map((r) => ({ line: r.line, fields: r.fields[0]!.trim().split(/\s+/) }));

  let intervalCol = -1;
  let wordCol = -1;
  const head = rows[0];
  if (head) {
    const names = head.fields.map((f) => fieldText(f));
    intervalCol = names.findIndex((n) => INTERVAL_COLUMNS.test(n));
    if (intervalCol >= 0) {
      wordCol = names.findIndex((n) => WORD_COLUMNS.test(n));
      rows = rows.slice(1);
    }
  }
  const format: KnownFileFormat =
    intervalCol >= 0
      ? 'table with intervals'
      : isAnki || (sep !== null && rows.some((r) => r.fields.length > 1))
        ? 'Anki notes'
        : 'word list';

  const words: string[] = [];
  const seen = new Set<string>();
  const skipped: Array<[number, string]> = [];
  let skippedCount = 0;
  let young = 0;
  for (const row of rows) {
    const fields = row.fields;
    let word: string | null = null;
    const pick = (f: string | undefined) => {
      const t = cleanWord(fieldText(f ?? ''));
      return t && isAllHan(t) && [...t].length <= 16 ? t : null;
    };
    if (wordCol >= 0) word = pick(fields[wordCol]);
    if (!word) {
      for (let c = 0; c < fields.length && !word; c++) if (c !== intervalCol && !metaColumns.has(c)) word = pick(fields[c]);
    }
    if (!word) {
      skippedCount++;
      if (skipped.length < 20) skipped.push([row.line, fields.join(sep ?? ' ').slice(0, 80)]);
      continue;
    }
    if (intervalCol >= 0) {
      const days = intervalDays(fieldText(fields[intervalCol] ?? ''));
      if (days === null || days < KNOWN_INTERVAL_DAYS) {
        young++;
        continue;
      }
    }
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  if (words.length === 0 && young === 0) {
    return {
      ok: false,
      error: 'Dubao found no Chinese word in this file. It reads one word a line, or an Anki "Notes in Plain Text" export.',
    };
  }
  return { ok: true, format, words, young, skipped, skippedCount };
}
