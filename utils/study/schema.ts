/**
 * Reading the study list from storage (issue 10): every value read is checked against the schema of the
 * version that wrote it, and repaired field by field where nothing is lost by it (a missing list becomes
 * empty, a missing text becomes '', a number where text belongs becomes that text). What cannot be read
 * (not an object, no word, a sentence that is a number…) is never dropped: it comes back as `Unreadable`
 * with the raw value, for the caller to keep aside and report. Pure: no storage, no browser.* here.
 *
 * Versions, told apart per item by their shape (so a lost or mangled version marker changes nothing):
 * - version 1: `{ word, pinyin, meaning, sentence?, title?, url?, added, notes? }`, one record per save;
 * - versions 2, 3 and 4: `StudyItem` (utils/study/types.ts); 3 stores each item under a key of its own,
 *   4 in buckets of JSON text (utils/study/layout.ts), read by `readBucket` below: a bucket that is not a
 *   JSON list is unreadable whole, an item in it that fails the schema is unreadable alone.
 */
import { isCivicCategory } from '../../dictionary/civic/categories';
import { mergeItems, studyKey } from './model';
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

const ITEM_FIELDS = 8; // simplified, traditional, pinyin, definitions, civic, contexts, notes, savedAt
const CONTEXT_FIELDS = 4; // sentence, title, url, savedAt

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const fieldCount = (o: object) => {
  let n = 0;
  for (const _ in o) n++;
  return n;
};

/**
 * Whether a value is already an item exactly as this version writes it (every field of its type, nothing
 * to trim, repair or drop): then it is the item itself, and reading 30,000 of them allocates nothing.
 * Anything else goes through the field-by-field reading below, which gives the same result for these.
 */
function isExactItem(raw: Record<string, unknown>): raw is Record<string, unknown> & StudyItem {
  const { simplified, traditional, pinyin, definitions, civic, contexts, notes, savedAt } = raw;
  if (typeof simplified !== 'string' || !simplified || simplified.trim() !== simplified) return false;
  if (typeof traditional !== 'string' || !traditional || traditional.trim() !== traditional) return false;
  if (typeof pinyin !== 'string' || typeof notes !== 'string' || !finite(savedAt)) return false;
  if (!Array.isArray(definitions) || !Array.isArray(contexts) || fieldCount(raw) !== ITEM_FIELDS) return false;
  for (const d of definitions) if (typeof d !== 'string') return false;
  for (const c of contexts) {
    if (!isObject(c) || typeof c.sentence !== 'string' || typeof c.title !== 'string' || typeof c.url !== 'string' || !finite(c.savedAt))
      return false;
    if (fieldCount(c) !== CONTEXT_FIELDS) return false;
  }
  if (civic === null) return true;
  return (
    isObject(civic) &&
    typeof civic.category === 'string' &&
    isCivicCategory(civic.category) &&
    typeof civic.explanation === 'string' &&
    fieldCount(civic) === 2
  );
}

/** A version 2/3/4 item. */
export function readItemV2(raw: unknown): ReadResult {
  if (isObject(raw) && isExactItem(raw)) return { ok: true, item: raw };
  try {
    if (!isObject(raw)) throw new Unfit('it is not a saved word');
    const simplified = wordOf(raw.simplified);
    const contextsRaw = raw.contexts;
    const firstContextTime = Array.isArray(contextsRaw)
      ? contextsRaw
          .map((c) => (isObject(c) && typeof c.savedAt === 'number' && Number.isFinite(c.savedAt) ? c.savedAt : Infinity))
          .reduce((a, b) => Math.min(a, b), Infinity)
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
  if (
    Array.isArray(value) &&
    value.every((e) => isObject(e) && typeof e.where === 'string' && typeof e.reason === 'string' && 'value' in e)
  ) {
    return value as Unreadable[];
  }
  return [{ where: key, reason: 'the kept-aside list is not a list', value }];
}

/** The same value found in the same place: one thing set aside, however often it was found. */
export const sameUnreadable = (a: Unreadable, b: Unreadable): boolean =>
  a.where === b.where && JSON.stringify(a.value) === JSON.stringify(b.value);

/**
 * The kept-aside list `aside` with what of `more` it does not hold yet. Setting aside is idempotent: a
 * value found again (by a second migration of the same old list, a migration run again after a worker
 * stopped before removing the old key, a page that read the list while it was being moved) is kept once.
 */
export function withAside(aside: readonly Unreadable[], more: readonly Unreadable[]): Unreadable[] {
  const out = [...aside];
  for (const u of more) if (!out.some((x) => sameUnreadable(x, u))) out.push(u);
  return out;
}

/** Items that are the same word (a list kept twice, a bucket written by hand) become one, nothing lost. */
export function oneEach(items: readonly StudyItem[]): StudyItem[] {
  const seen = new Map<string, number>();
  let out: StudyItem[] | null = null;
  items.forEach((it, i) => {
    const k = studyKey(it);
    const at = seen.get(k);
    if (at === undefined) {
      seen.set(k, out ? out.length : i);
      out?.push(it);
      return;
    }
    out ??= items.slice(0, i);
    out[at] = mergeItems([out[at]!], [it]).items[0]!;
  });
  return out ?? [...items];
}

/**
 * A bucket of version 4 (`studyBucket/<n>`): the JSON text of a list of items. Its readable items (one
 * per word) and what could not be read: the whole value when it is not the text of a list, else each item
 * that fails the schema (`where` is then `studyBucket/<n>[i]`).
 */
export function readBucket(value: unknown, where: string): { items: StudyItem[]; unreadable: Unreadable[] } {
  if (value === undefined || value === null) return { items: [], unreadable: [] };
  const whole = (reason: string) => ({ items: [], unreadable: [{ where, reason, value }] });
  if (typeof value !== 'string') return whole('the stored bucket is not text');
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    return whole('the stored text is not valid JSON');
  }
  if (!Array.isArray(list)) return whole('the stored text is not a list');
  const items: StudyItem[] = [];
  const unreadable: Unreadable[] = [];
  list.forEach((raw, i) => {
    const r = readAnyItem(raw);
    if (r.ok) items.push(r.item);
    else unreadable.push({ where: `${where}[${i}]`, reason: r.reason, value: raw });
  });
  return { items: oneEach(items), unreadable };
}

/** An index of version 4 (`studyWords/<n>`): the words it lists, or null when it is missing or malformed. */
export function readIndex(value: unknown): string[] | null {
  if (typeof value !== 'string') return null;
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) && list.every((w) => typeof w === 'string') ? (list as string[]) : null;
  } catch {
    return null;
  }
}

/** The recent list of version 4 (JSON text of items, newest first): a hint, so what is not readable is skipped. */
export function readRecentItems(value: unknown): StudyItem[] {
  if (typeof value !== 'string') return [];
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  const out: StudyItem[] = [];
  for (const raw of list) {
    const r = readAnyItem(raw);
    if (r.ok) out.push(r.item);
  }
  return out;
}
