/**
 * Pure operations on the study list: saving a word (again), merging imported items, migrating old data.
 * No storage and no browser.* here, so every rule is unit-tested directly.
 */
import { isCivicCategory } from '../../dictionary/civic/categories';
import type { StudyContext, StudyItem, StudyItemV1, StudySaveRequest } from './types';

/**
 * Identity of a saved word: its simplified form. The card may save all readings of 行 ("xíng / háng")
 * and the glossary only the first; both are one word to learn, so a second save merges readings and
 * senses into the item instead of making a duplicate.
 */
export function studyKey(item: { simplified: string }): string {
  return item.simplified.normalize('NFC').trim();
}

/** Readings of `a` followed by those of `b` it lacks ("xíng / háng"). */
export function unionReadings(a: string, b: string): string {
  const seen = a
    .split(' / ')
    .map((r) => r.trim())
    .filter(Boolean);
  const lower = new Set(seen.map((r) => r.toLowerCase()));
  for (const r of b
    .split(' / ')
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!lower.has(r.toLowerCase())) {
      seen.push(r);
      lower.add(r.toLowerCase());
    }
  }
  return seen.join(' / ');
}

function unionList(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

function sameContext(a: StudyContext, b: StudyContext): boolean {
  return a.sentence.trim() === b.sentence.trim() && a.url === b.url;
}

export type SaveOutcome = 'added' | 'sentence-added' | 'updated' | 'unchanged';

/**
 * Saves a word: a new item, or the new sentence appended to the item already saved. Returns a new array
 * (the input is not modified) and what happened.
 */
export function applySave(
  items: readonly StudyItem[],
  req: StudySaveRequest,
  now: number,
): { items: StudyItem[]; outcome: SaveOutcome; item: StudyItem } {
  const context: StudyContext = { sentence: req.sentence.trim(), title: req.pageTitle, url: req.url, savedAt: now };
  const key = studyKey(req);
  const at = items.findIndex((it) => studyKey(it) === key);
  if (at < 0) {
    const item: StudyItem = {
      simplified: req.simplified,
      traditional: req.traditional || req.simplified,
      pinyin: req.pinyin,
      definitions: [...req.definitions],
      civic: req.civic ? { category: req.civic.category, explanation: req.civic.explanation } : null,
      contexts: context.sentence || context.url ? [context] : [],
      notes: '',
      savedAt: now,
    };
    return { items: [...items, item], outcome: 'added', item };
  }
  const old = items[at]!;
  const pinyin = unionReadings(old.pinyin, req.pinyin);
  const definitions = unionList(old.definitions, req.definitions);
  const newContext = (context.sentence || context.url) && !old.contexts.some((c) => sameContext(c, context));
  const civic = old.civic ?? (req.civic ? { category: req.civic.category, explanation: req.civic.explanation } : null);
  if (!newContext && pinyin === old.pinyin && definitions.length === old.definitions.length && civic === old.civic) {
    return { items: [...items], outcome: 'unchanged', item: old };
  }
  const item: StudyItem = { ...old, pinyin, definitions, civic, contexts: newContext ? [...old.contexts, context] : old.contexts };
  const next = [...items];
  next[at] = item;
  return { items: next, outcome: newContext ? 'sentence-added' : 'updated', item };
}

export interface MergeReport {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Merges incoming items (an import) into the list without duplicates: a word already saved gains the
 * incoming sentences it lacks and the incoming notes if they differ; everything it had is kept.
 */
export function mergeItems(existing: readonly StudyItem[], incoming: readonly StudyItem[]): { items: StudyItem[]; report: MergeReport } {
  const items = existing.map((it) => ({ ...it, contexts: [...it.contexts] }));
  const index = new Map(items.map((it, i) => [studyKey(it), i]));
  const report: MergeReport = { added: 0, updated: 0, unchanged: 0 };
  for (const inc of incoming) {
    const key = studyKey(inc);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, items.length);
      items.push({ ...inc, contexts: [...inc.contexts] });
      report.added++;
      continue;
    }
    const cur = items[at]!;
    let changed = false;
    for (const c of inc.contexts) {
      if (!cur.contexts.some((k) => sameContext(k, c))) {
        cur.contexts.push(c);
        changed = true;
      }
    }
    const pinyin = unionReadings(cur.pinyin, inc.pinyin);
    if (pinyin !== cur.pinyin) {
      cur.pinyin = pinyin;
      changed = true;
    }
    const definitions = unionList(cur.definitions, inc.definitions);
    if (definitions.length !== cur.definitions.length) {
      cur.definitions = definitions;
      changed = true;
    }
    const incNotes = inc.notes.trim();
    if (incNotes && !cur.notes.includes(incNotes)) {
      cur.notes = cur.notes.trim() ? `${cur.notes.trim()}\n${incNotes}` : incNotes;
      changed = true;
    }
    if (!cur.civic && inc.civic) {
      cur.civic = inc.civic;
      changed = true;
    }
    if (inc.savedAt < cur.savedAt) cur.savedAt = inc.savedAt;
    if (changed) {
      cur.contexts.sort((a, b) => a.savedAt - b.savedAt);
      report.updated++;
    } else report.unchanged++;
  }
  return { items, report };
}

/** v1 -> v2: one flat record per save becomes one item per word with all its sentences. */
export function migrateV1(old: unknown): StudyItem[] {
  if (!Array.isArray(old)) return [];
  const v2: StudyItem[] = [];
  for (const raw of old as StudyItemV1[]) {
    if (!raw || typeof raw.word !== 'string' || !raw.word) continue;
    const item: StudyItem = {
      simplified: raw.word,
      traditional: raw.traditional || raw.word,
      pinyin: String(raw.pinyin ?? ''),
      definitions: String(raw.meaning ?? '')
        .split(/\s*[;/]\s*/)
        .filter(Boolean),
      civic: null,
      contexts:
        raw.sentence || raw.url
          ? [{ sentence: raw.sentence ?? '', title: raw.title ?? '', url: raw.url ?? '', savedAt: Number(raw.added) || 0 }]
          : [],
      notes: raw.notes ?? '',
      savedAt: Number(raw.added) || 0,
    };
    v2.push(item);
  }
  return mergeItems([], v2).items;
}

/** Checks an item read from outside (a backup, storage written by another version). */
export function validateItem(raw: unknown): string | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'not an object';
  const r = raw as Record<string, unknown>;
  for (const f of ['simplified', 'traditional', 'pinyin', 'notes'] as const) {
    if (typeof r[f] !== 'string') return `"${f}" must be a string`;
  }
  if (!(r.simplified as string).trim()) return '"simplified" is empty';
  if (!Array.isArray(r.definitions) || !r.definitions.every((d) => typeof d === 'string')) {
    return '"definitions" must be a list of strings';
  }
  if (typeof r.savedAt !== 'number' || !Number.isFinite(r.savedAt)) return '"savedAt" must be a number';
  if (r.civic !== null) {
    const c = r.civic as Record<string, unknown> | undefined;
    if (!c || typeof c !== 'object' || typeof c.category !== 'string' || !isCivicCategory(c.category)) {
      return '"civic" must be null or have a known "category"';
    }
    if (typeof c.explanation !== 'string') return '"civic.explanation" must be a string';
  }
  if (!Array.isArray(r.contexts)) return '"contexts" must be a list';
  for (const c of r.contexts as Record<string, unknown>[]) {
    if (!c || typeof c !== 'object') return 'a context is not an object';
    for (const f of ['sentence', 'title', 'url'] as const) {
      if (typeof c[f] !== 'string') return `context "${f}" must be a string`;
    }
    if (typeof c.savedAt !== 'number') return 'context "savedAt" must be a number';
  }
  return null;
}

/** Copies only the known fields, so stray properties of a backup do not end up in storage. */
export function cleanItem(raw: StudyItem): StudyItem {
  return {
    simplified: raw.simplified,
    traditional: raw.traditional || raw.simplified,
    pinyin: raw.pinyin,
    definitions: [...raw.definitions],
    civic: raw.civic ? { category: raw.civic.category, explanation: raw.civic.explanation } : null,
    contexts: raw.contexts.map((c) => ({ sentence: c.sentence, title: c.title, url: c.url, savedAt: c.savedAt })),
    notes: raw.notes,
    savedAt: raw.savedAt,
  };
}
