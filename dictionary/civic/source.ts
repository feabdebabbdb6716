/**
 * Parser of the civic lexicon source format (dictionary/civic/FORMAT.md) and of tags.txt.
 *
 * Pure: takes text, returns records plus errors that name file:line, so the build (dictionary/build/
 * load-civic.ts) can refuse bad source with a clear message and tests can check the messages. It checks
 * the structure that the build relies on; checks of content against pinyin-pro and CC-CEDICT (readings,
 * traditional forms, cross references) live in tests/civic.
 */
import type { CivicCategory } from '../types';
import { isCivicCategory } from './categories';
import { isHanAt } from '../han';
import { splitToneMark, toneMarkCount } from '../pinyin';

export interface CivicSourceRecord {
  simplified: string;
  traditional: string;
  /** Tone marks, tokens separated by single spaces. */
  pinyin: string;
  /** English senses (the gloss split at ';'). */
  gloss: string[];
  explanation: string;
  components: string[];
  related: string[];
  year: number | null;
  category: CivicCategory;
  /** Where the record starts (its headword line), for messages. */
  file: string;
  line: number;
}

export interface CivicTag {
  word: string;
  category: CivicCategory;
  file: string;
  line: number;
}

export interface SourceError {
  file: string;
  line: number;
  message: string;
}

export interface ParseResult<T> {
  records: T[];
  errors: SourceError[];
}

export function formatSourceError(e: SourceError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

/** Latin letters and digits inside a headword form tokens of their own ("5G", "PM2.5" is not allowed). */
const ALNUM_RUN = /^[A-Za-z0-9]+/;
/** Characters besides Han and ASCII letters/digits that may appear in a headword (no pinyin token). */
const HEADWORD_PUNCT = new Set(['·']);

/**
 * Splits a headword into the units that each take one pinyin token: every Han character on its own,
 * every run of ASCII letters and digits as one token; the middle dot takes none. Returns null when the
 * headword holds any other character.
 */
export function headwordTokens(word: string): string[] | null {
  const tokens: string[] = [];
  let rest = word;
  while (rest.length > 0) {
    const run = ALNUM_RUN.exec(rest);
    if (run) {
      tokens.push(run[0]);
      rest = rest.slice(run[0].length);
      continue;
    }
    const ch = String.fromCodePoint(rest.codePointAt(0)!);
    if (isHanAt(ch, 0)) tokens.push(ch);
    else if (!HEADWORD_PUNCT.has(ch)) return null;
    rest = rest.slice(ch.length);
  }
  return tokens;
}

/** Whether a one-character token is Han (dictionary/han.ts). */
export function isHan(ch: string): boolean {
  return isHanAt(ch, 0);
}

const SYLLABLE =
  /^[a-zü\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8\u012b\u00ed\u01d0\u00ec\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc\u0144\u0148\u01f9\u1e3f]+$/;

/** Number of tone marks in a syllable (a well-formed syllable has 0 or 1): dictionary/pinyin.ts. */
export { toneMarkCount };

/** The syllable with its tone mark removed ("zhǎng" -> "zhang"). */
export function stripTone(syllable: string): string {
  return splitToneMark(syllable).bare;
}

/** Checks a pinyin line against its headword; returns a message or null. */
export function pinyinProblem(headword: string, pinyin: string): string | null {
  if (pinyin !== pinyin.trim() || /\s{2,}|\t/.test(pinyin)) {
    return `pinyin "${pinyin}": separate syllables with single spaces`;
  }
  const tokens = headwordTokens(headword);
  if (!tokens) return null; // reported on the headword itself
  const syllables = pinyin.split(' ');
  if (syllables.length !== tokens.length) {
    const han = tokens.filter(isHan).length;
    return (
      `pinyin "${pinyin}" has ${syllables.length} syllable(s) but "${headword}" needs ${tokens.length}` +
      (han === tokens.length ? ` (one per Han character)` : ` (one per Han character, one per Latin/digit run)`)
    );
  }
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const syl = syllables[i]!;
    if (!isHan(tok)) {
      if (syl !== tok) return `pinyin token ${i + 1} should be "${tok}" as written in the headword, not "${syl}"`;
      continue;
    }
    if (/[0-9]/.test(syl)) return `pinyin "${syl}" for ${tok}: use tone marks, not tone numbers`;
    if (syl !== syl.toLowerCase()) return `pinyin "${syl}" for ${tok}: write pinyin in lower case`;
    if (!SYLLABLE.test(syl)) return `pinyin "${syl}" for ${tok}: not a pinyin syllable (letters a-z, ü and tone marks only)`;
    if (toneMarkCount(syl) > 1) return `pinyin "${syl}" for ${tok}: more than one tone mark`;
  }
  return null;
}

const FIELDS = ['gloss', 'explain', 'parts', 'related', 'year'] as const;
type FieldName = (typeof FIELDS)[number];

interface RawRecord {
  line: number;
  header: string;
  fields: Map<FieldName, { line: number; value: string }>;
}

/** Splits source text into raw records, reporting lines that fit no record. */
function splitRecords(text: string, file: string, errors: SourceError[]): RawRecord[] {
  const records: RawRecord[] = [];
  let current: RawRecord | null = null;
  let lastField: FieldName | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    if (raw.trim() === '') {
      current = null;
      lastField = null;
      continue;
    }
    if (raw.startsWith('#')) continue;
    if (!current) {
      if (/^\s/.test(raw)) {
        errors.push({
          file,
          line: lineNo,
          message: 'indented line outside a record (a record starts with "simplified | traditional | pinyin")',
        });
        continue;
      }
      current = { line: lineNo, header: raw.trim(), fields: new Map() };
      records.push(current);
      lastField = null;
      continue;
    }
    if (/^\s/.test(raw)) {
      if (!lastField) {
        errors.push({ file, line: lineNo, message: 'continuation line (indented) before any field' });
        continue;
      }
      const f = current.fields.get(lastField)!;
      f.value = `${f.value} ${raw.trim()}`.trim();
      continue;
    }
    const m = /^([A-Za-z_-]+)\s*:\s?(.*)$/.exec(raw);
    if (!m && raw.includes('|')) {
      // A headword line right after a record: report it, then parse it as the next record.
      errors.push({ file, line: lineNo, message: `missing blank line before this record (after the record at line ${current.line})` });
      current = { line: lineNo, header: raw.trim(), fields: new Map() };
      records.push(current);
      lastField = null;
      continue;
    }
    if (!m) {
      errors.push({
        file,
        line: lineNo,
        message: `unexpected line in the record started at line ${current.line} (missing blank line between records?)`,
      });
      lastField = null;
      continue;
    }
    const name = m[1]!.toLowerCase();
    if (!(FIELDS as readonly string[]).includes(name)) {
      errors.push({ file, line: lineNo, message: `unknown field "${m[1]}" (known: ${FIELDS.join(', ')})` });
      lastField = null;
      continue;
    }
    const field = name as FieldName;
    if (current.fields.has(field)) {
      errors.push({ file, line: lineNo, message: `field "${field}" given twice in the record started at line ${current.line}` });
      lastField = null;
      continue;
    }
    current.fields.set(field, { line: lineNo, value: m[2]!.trim() });
    lastField = field;
  }
  return records;
}

function splitList(value: string): string[] {
  return value
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Parses one category file. `file` is used in messages only (e.g. "dictionary/civic/data/party.txt").
 */
export function parseCivicSource(text: string, file: string, category: CivicCategory): ParseResult<CivicSourceRecord> {
  const errors: SourceError[] = [];
  const out: CivicSourceRecord[] = [];
  for (const rec of splitRecords(text.normalize('NFC'), file, errors)) {
    const before = errors.length;
    const err = (line: number, message: string) => errors.push({ file, line, message });
    const parts = rec.header.split('|').map((s) => s.trim());
    if (parts.length !== 3) {
      err(rec.line, `headword line must be "simplified | traditional | pinyin", got "${rec.header}"`);
      continue;
    }
    const [simplified, traditional, pinyin] = parts;
    if (!simplified || !traditional || !pinyin) {
      err(rec.line, `headword line has an empty part: "${rec.header}"`);
      continue;
    }
    const sTokens = headwordTokens(simplified);
    const tTokens = headwordTokens(traditional);
    if (!sTokens?.some(isHan)) {
      err(rec.line, `simplified headword "${simplified}" must be Han characters (Latin letters/digits allowed as tokens)`);
    }
    if (!tTokens?.some(isHan)) {
      err(rec.line, `traditional headword "${traditional}" must be Han characters (Latin letters/digits allowed as tokens)`);
    }
    if (sTokens && tTokens) {
      const sChars = [...simplified];
      const tChars = [...traditional];
      if (sChars.length !== tChars.length) {
        err(rec.line, `traditional "${traditional}" has ${tChars.length} characters but simplified "${simplified}" has ${sChars.length}`);
      } else {
        for (let i = 0; i < sChars.length; i++) {
          const sc = sChars[i]!;
          const tc = tChars[i]!;
          if (isHan(sc) !== isHan(tc) || (!isHan(sc) && sc !== tc)) {
            err(rec.line, `traditional "${traditional}" differs from "${simplified}" at a non-Han character (position ${i + 1})`);
            break;
          }
        }
      }
      const problem = pinyinProblem(simplified, pinyin);
      if (problem) err(rec.line, problem);
    }

    const gloss = rec.fields.get('gloss');
    const explain = rec.fields.get('explain');
    if (!gloss || gloss.value === '') err(gloss?.line ?? rec.line, `"${simplified}": missing gloss`);
    if (!explain || explain.value === '') err(explain?.line ?? rec.line, `"${simplified}": missing explanation (explain:)`);
    const senses = gloss ? gloss.value.split(';').map((s) => s.trim()) : [];
    if (gloss && gloss.value !== '' && senses.some((s) => s === '')) {
      err(gloss.line, `"${simplified}": empty sense in gloss (senses are separated by " ; ")`);
    }

    const lists: Record<'parts' | 'related', string[]> = { parts: [], related: [] };
    for (const name of ['parts', 'related'] as const) {
      const f = rec.fields.get(name);
      if (!f) continue;
      const items = splitList(f.value);
      if (items.length === 0) err(f.line, `"${simplified}": empty ${name}: field (leave it out instead)`);
      const seen = new Set<string>();
      for (const item of items) {
        const tokens = headwordTokens(item);
        if (!tokens?.some(isHan)) err(f.line, `"${simplified}": ${name} item "${item}" is not a Chinese headword`);
        else if (seen.has(item)) err(f.line, `"${simplified}": ${name} lists "${item}" twice`);
        else if (item === simplified) err(f.line, `"${simplified}": ${name} lists the headword itself`);
        seen.add(item);
      }
      lists[name] = items;
    }

    let year: number | null = null;
    const y = rec.fields.get('year');
    if (y) {
      if (!/^\d{4}$/.test(y.value)) err(y.line, `"${simplified}": year must be four digits, got "${y.value}"`);
      else {
        year = Number(y.value);
        if (year < 1900 || year > 2100) err(y.line, `"${simplified}": year ${year} is out of range`);
      }
    }

    if (errors.length > before) continue;
    out.push({
      simplified,
      traditional,
      pinyin,
      gloss: senses,
      explanation: explain!.value,
      components: lists.parts,
      related: lists.related,
      year,
      category,
      file,
      line: rec.line,
    });
  }
  return { records: out, errors };
}

/** Parses tags.txt: `word<TAB>category` per line, `#` comments and blank lines ignored. */
export function parseCivicTags(text: string, file: string): ParseResult<CivicTag> {
  const errors: SourceError[] = [];
  const records: CivicTag[] = [];
  const lines = text.normalize('NFC').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cols = line.split('\t').map((s) => s.trim());
    if (cols.length !== 2 || !cols[0] || !cols[1]) {
      errors.push({ file, line: i + 1, message: `expected "word<TAB>category", got "${line}"` });
      continue;
    }
    const [word, category] = cols;
    const tokens = headwordTokens(word);
    if (!tokens?.some(isHan)) {
      errors.push({ file, line: i + 1, message: `"${word}" is not a Chinese headword` });
      continue;
    }
    if (!isCivicCategory(category)) {
      errors.push({ file, line: i + 1, message: `unknown category "${category}" for "${word}"` });
      continue;
    }
    records.push({ word, category, file, line: i + 1 });
  }
  return { records, errors };
}
