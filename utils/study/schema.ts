/**
 * Reading the study list from storage (issue 10): every value read is checked against the schema of the
 * version that wrote it, and repaired field by field where nothing is lost by it (a missing list becomes
 * empty, a missing text becomes '', a number where text belongs becomes that text). What cannot be read
 * (not an object, no word, a sentence that is a number…) is never dropped: it comes back as `Unreadable`
 * with the raw value, for the caller to keep aside and report. Pure: no storage, no browser.* here.
 *
 * Versions, told apart per item by their shape (so a lost or mangled version marker changes nothing):
 * - version 1: `{ word, pinyin, meaning, sentence?, title?, url?, added, notes? }`, one record per save;
 * - versions 2 and 3: `StudyItem` (utils/study/types.ts); 3 stores each item under a key of its own.
 */
import { isCivicCategory } from '../../dictionary/civic/categories';
import { mergeItems } from './model';
import type { StudyContext, StudyItem } from './types';

/** A value found in storage that no schema could read; kept as it was. */
export interface Unreadable {
  /** Where it was found: a storage key, or `studyList[3]` for an element of the old single list. */
  where: string;
  /** Why it could not be read, in words ("it has no word"). */
  reason: string;
  value: unknown;
}

export type ReadResult = { ok: true; item: StudyItem } | { ok: false; reason: string };

class Unfit extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text field: missing -> fallback; a number or boolean -> its text (lossless); anything else is unfit. */
function text(v: unknown, field: string, fallback = ''): string {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Unfit(`its ${field} is not text`);
}

/** A time in ms: missing -> fallback; a finite number, or a numeric or date text. */
function time(v: unknown, field: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const n = /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isFinite(n)) return n;
  }
  throw new Unfit(`its ${field} is not a date`);
}

function texts(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v ? [v] : [];
  if (!Array.isArray(v)) throw new Unfit(`its ${field} are not a list`);
  return v.map((x) => text(x, field));
}

function civicOf(v: unknown): StudyItem['civic'] {
  if (v === undefined || v === null) return null;
  if (!isObject(v) || typeof v.category !== 'string' || !isCivicCategory(v.category)) {
    throw new Unfit('its civic category is not one Dubao knows');
  }
  return { category: v.category, explanation: text(v.explanation, 'civic explanation') };
}

function contextsOf(v: unknown, savedAt: number): StudyContext[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Unfit('its sentences are not a list');
  return v.map((c) => {
    if (!isObject(c)) throw new Unfit('one of its sentences is not a sentence record');
    return {
      sentence: text(c.sentence, 'sentence'),
      title: text(c.title, 'page title'),
      url: text(c.url, 'page address'),
      savedAt: time(c.savedAt, 'sentence date', savedAt),
    };
  });
}

function wordOf(v: unknown): string {
  if (typeof v !== 'string' || !v.trim()) throw new Unfit('it has no word');
  return v.trim();
}

/** A version 2/3 item. */
export function readItemV2(raw: unknown): ReadResult {
  try {
    if (!isObject(raw)) throw new Unfit('it is not a saved word');
    const simplified = wordOf(raw.simplified);
    const contextsRaw = raw.contexts;
    const firstContextTime = Array.isArray(contextsRaw)
      ? contextsRaw.map((c) => (isObject(c) && typeof c.savedAt === 'number' && Number.isFinite(c.savedAt) ? c.savedAt : Infinity)).reduce((a, b) => Math.min(a, b), Infinity)
      : Infinity;
    const savedAt = time(raw.savedAt, 'date', Number.isFinite(firstContextTime) ? firstContextTime : 0);
    const traditional = text(raw.traditional, 'traditional form', simplified).trim() || simplified;
    return {
      ok: true,
      item: {
        simplified,
        traditional,
        pinyin: text(raw.pinyin, 'pinyin'),
        definitions: texts(raw.definitions, 'senses'),
        civic: civicOf(raw.civic),
        contexts: contextsOf(contextsRaw, savedAt),
        notes: text(raw.notes, 'notes'),
        savedAt,
      },
    };
  } catch (e) {
    if (e instanceof Unfit) return { ok: false, reason: e.message };
    throw e;
  }
}

/** A version 1 record (one per save). */
export function readItemV1(raw: unknown): ReadResult {
  try {
    if (!isObject(raw)) throw new Unfit('it is not a saved word');
    const word = wordOf(raw.word);
    const added = time(raw.added, 'date', 0);
    const sentence = text(raw.sentence, 'sentence');
    const url = text(raw.url, 'page address');
    return {
      ok: true,
      item: {
        simplified: word,
        traditional: text(raw.traditional, 'traditional form', word).trim() || word,
        pinyin: text(raw.pinyin, 'pinyin'),
        definitions: text(raw.meaning, 'meaning')
          .split(/\s*[;/]\s*/)
          .filter(Boolean),
        civic: null,
        contexts: sentence || url ? [{ sentence, title: text(raw.title, 'page title'), url, savedAt: added }] : [],
        notes: text(raw.notes, 'notes'),
        savedAt: added,
      },
    };
  } catch (e) {
    if (e instanceof Unfit) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Any item, its version told by its shape: `simplified` (2, 3) or `word` (1). */
export function readAnyItem(raw: unknown): ReadResult {
  if (isObject(raw) && !('simplified' in raw) && 'word' in raw) return readItemV1(raw);
  return readItemV2(raw);
}

/**
 * The old single-list value (`studyList`, versions 1 and 2, whatever its version marker says): the
 * items it holds, merged by word (version 1 kept one record per save), and what could not be read.
 */
export function readListValue(value: unknown, where: string): { items: StudyItem[]; unreadable: Unreadable[] } {
  if (value === undefined || value === null) return { items: [], unreadable: [] };
  if (!Array.isArray(value)) {
    return { items: [], unreadable: [{ where, reason: 'the list is not a list', value }] };
  }
  const items: StudyItem[] = [];
  const unreadable: Unreadable[] = [];
  value.forEach((raw, i) => {
    const r = readAnyItem(raw);
    if (r.ok) items.push(r.item);
    else unreadable.push({ where: `${where}[${i}]`, reason: r.reason, value: raw });
  });
  return { items: mergeItems([], items).items, unreadable };
}

/** The version marker `{ v: n }` next to the study list; null when missing or not a marker. */
export function readVersion(marker: unknown): number | null {
  if (!isObject(marker)) return null;
  const v = marker.v;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;
}

/** The kept-aside list (`Unreadable[]`); anything else found under its key is itself kept as one entry. */
export function readAside(value: unknown, key: string): Unreadable[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((e) => isObject(e) && typeof e.where === 'string' && typeof e.reason === 'string' && 'value' in e)) {
    return value as Unreadable[];
  }
  return [{ where: key, reason: 'the kept-aside list is not a list', value }];
}
