/**
 * Export of the study list: Anki-ready TSV, CSV (RFC 4180 quoting) and a full JSON backup. Pure
 * functions from items to text; the study page turns the text into a download.
 */
import type { StudyItem } from './types';

export const BACKUP_FORMAT = 'dubao-study-list';
export const BACKUP_VERSION = 2;

/** Several sentences (and their sources) share one TSV/CSV field, kept apart by this. */
export const MULTI_SEPARATOR = ' ‖ ';

export const ANKI_COLUMNS = ['Simplified', 'Traditional', 'Pinyin', 'Meaning', 'Sentence', 'Source'] as const;
export const CSV_COLUMNS = [
  'simplified',
  'traditional',
  'pinyin',
  'meaning',
  'category',
  'explanation',
  'sentence',
  'title',
  'url',
  'notes',
  'saved',
] as const;

/** Senses as one field; CC-CEDICT senses never contain "; " themselves, so import can split on it. */
export function joinMeaning(definitions: readonly string[]): string {
  return definitions.join('; ');
}

export function sourceLabel(title: string, url: string): string {
  if (title && url) return `${title} <${url}>`;
  return title || (url ? `<${url}>` : '');
}

/**
 * Cells a spreadsheet would run as a formula (CSV injection, as OWASP describes it): text starting with
 * = + - @, a tab or a carriage return, and, as a precaution, the full-width ＝ ＋ － ＠ of Chinese text.
 * A page's title or sentence can start so (`=HYPERLINK(…)`), and it ends up in the export.
 */
const FORMULA_START = /^'*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * The cell as text, never as a formula: a leading apostrophe, which spreadsheets take as "this is text"
 * and do not show. Also added before apostrophes already there, so `unguardCell` always undoes it
 * exactly (the import of our own CSV and TSV files).
 */
export function guardCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** Undoes `guardCell`. */
export function unguardCell(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s) ? s.slice(1) : s;
}

/** A TSV field may hold neither tabs nor line breaks (Anki reads one note per line). */
function tsvField(s: string): string {
  return guardCell(s.replace(/[\t\r\n]+/g, ' ').trim());
}

/**
 * Anki's text import: the `#` header lines tell Anki 2.1.55+ the separator and the field names, so the
 * file imports with no settings changed; older versions skip nothing, hence the README's three steps.
 */
export function toAnkiTsv(items: readonly StudyItem[]): string {
  const lines = ['#separator:tab', '#html:false', `#columns:${ANKI_COLUMNS.join('\t')}`];
  for (const it of items) {
    lines.push(
      [
        it.simplified,
        it.traditional,
        it.pinyin,
        joinMeaning(it.definitions),
        it.contexts.map((c) => c.sentence).join(MULTI_SEPARATOR),
        it.contexts.map((c) => sourceLabel(c.title, c.url)).join(MULTI_SEPARATOR),
      ]
        .map(tsvField)
        .join('\t'),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * RFC 4180: a field with a comma, a quote or a line break is quoted, inner quotes doubled; a field a
 * spreadsheet would read as a formula is made text first (guardCell).
 */
export function csvField(raw: string): string {
  const s = guardCell(raw);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per word; a word's sentences, titles and URLs are one line each inside their (quoted) field. */
export function toCsv(items: readonly StudyItem[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const it of items) {
    rows.push(
      [
        it.simplified,
        it.traditional,
        it.pinyin,
        joinMeaning(it.definitions),
        it.civic ? it.civic.category : '',
        it.civic ? it.civic.explanation : '',
        it.contexts.map((c) => c.sentence.replace(/\r?\n/g, ' ')).join('\n'),
        it.contexts.map((c) => c.title.replace(/\r?\n/g, ' ')).join('\n'),
        it.contexts.map((c) => c.url).join('\n'),
        it.notes,
        new Date(it.savedAt).toISOString(),
      ]
        .map(csvField)
        .join(','),
    );
  }
  // The byte-order mark makes spreadsheet programs read the file as UTF-8; CRLF is what RFC 4180 says.
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

/** Full backup: everything stored, one item per line so that an import error can name its line. */
export function toJsonBackup(items: readonly StudyItem[], now = new Date()): string {
  const head = `{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"exported":${JSON.stringify(now.toISOString())},"items":[`;
  if (!items.length) return `${head}]}\n`;
  return `${head}\n${items.map((it) => `  ${JSON.stringify(it)}`).join(',\n')}\n]}\n`;
}
