/**
 * The popup's copy of a glossary (message `glossary`): a columnar view of the rows, the rest handed out
 * on demand (`glossary.senses`, `glossary.row`), the rows the popup's list makes of it, and the check of a
 * view read back from storage. Pure.
 */
import { countHan } from '../han';
import type { CivicInfo } from '../types';
import type { PageGlossary } from './rows';
import type { Searchable } from './search';

/**
 * What the popup's list shows of a glossary, in columns: a 100,000-character page has ~7,000 rows, and
 * the full rows (every sense, civic explanations, occurrence positions) made a 1.7 MB reply that took
 * 150-200 ms to send; this is about a fifth of that. The background keeps the full glossary under `key`
 * and hands out the rest when it is needed: all senses (`glossary.senses`, for the English filter and
 * the TSV copy) and one row's senses, civic explanation and positions (`glossary.row`, for a click or a
 * save).
 */
export interface GlossaryView {
  /** glossaryKey of the page text: the background keeps the full glossary under it. */
  key: string;
  /** Time the background spent making it, ms. */
  buildMs?: number;
  /** Of which segmenting the text, ms (-1: made in steps). */
  segmentMs?: number;
  /** True when the background answered with one it had made for an earlier request. */
  kept?: boolean;
  characters: number;
  distinctWords: number;
  civicTerms: number;
  /** One item per row, in row order (civic terms first). */
  word: string[];
  /** '' when the same as `word`. */
  simplified: string[];
  /** '' when the same as the simplified form. */
  traditional: string[];
  pinyin: string[];
  /** First sense. */
  gloss: string[];
  count: number[];
  /** Civic category, '' for other words. */
  category: Array<CivicInfo['category'] | ''>;
  /** Indexes of the very common rows. */
  common: number[];
  /** Per row: 'rule' or 'composed' for a word no dictionary has, '' for a dictionary word (absent in older views). */
  made?: Array<'' | 'rule' | 'composed'>;
  /** Other forms seen on the page, space-separated ('' when only `word`). */
  otherForms: string[];
  /**
   * Some rows were not described yet (buildGlossary's `describe`): their pinyin and gloss are '' and
   * their traditional form unknown until `glossary.senses` answers with the rest (GlossaryRest).
   */
  partial?: boolean;
}

/** A row of the popup's list, from a GlossaryView (see ListRow in the popup). */
export interface GlossaryListRow extends Searchable {
  word: string;
  forms: string[];
  simplified: string;
  traditional: string;
  pinyin: string;
  /** First sense. */
  gloss: string;
  /** Every sense once `glossary.senses` has answered; `[gloss]` until then. */
  definitions: string[];
  count: number;
  civic: { category: CivicInfo['category'] } | null;
  common: boolean;
  /** 'rule' or 'composed' for a word no dictionary has (the row says so), else ''. */
  made: '' | 'rule' | 'composed';
}

export function glossaryView(g: PageGlossary, key: string): GlossaryView {
  const view: GlossaryView = {
    key,
    buildMs: g.buildMs,
    characters: g.characters,
    distinctWords: g.distinctWords,
    civicTerms: g.civicTerms,
    word: [],
    simplified: [],
    traditional: [],
    pinyin: [],
    gloss: [],
    count: [],
    category: [],
    common: [],
    otherForms: [],
    made: [],
  };
  g.rows.forEach((r, i) => {
    view.word.push(r.word);
    view.simplified.push(r.simplified === r.word ? '' : r.simplified);
    view.traditional.push(r.traditional === r.simplified ? '' : r.traditional);
    view.pinyin.push(r.pinyin);
    view.gloss.push(r.definitions[0] ?? '');
    view.count.push(r.count);
    view.category.push(r.category ?? '');
    if (r.common) view.common.push(i);
    view.made!.push(r.source === 'rule' || r.source === 'composed' ? r.source : '');
    view.otherForms.push(r.forms.length > 1 ? r.forms.slice(1).join(' ') : '');
  });
  if (g.rows.some((r) => !r.described)) view.partial = true;
  return view;
}

/**
 * True when `view`, prepared for a page at `viewUrl`, can stand in for the page at `url` with `text`
 * while that one's glossary is made: the same address (but for the #fragment), a complete view, and
 * about as much Chinese (within a fifth; another article at the same address would differ more).
 */
export function isEarlierOfPage(view: GlossaryView, viewUrl: string, url: string, text: string): boolean {
  const bare = (u: string) => u.replace(/#.*$/s, '');
  if (view.partial || viewUrl === '' || bare(viewUrl) !== bare(url)) return false;
  const han = countHan(text);
  return Math.abs(han - view.characters) <= han / 5;
}

/** Reply of `glossary.senses`: every row's senses, pinyin and traditional form ('' = the simplified). */
export interface GlossaryRest {
  /** The rows' words, to check they are the view's. */
  words: string[];
  senses: string[][];
  pinyin: string[];
  traditional: string[];
}

export function glossaryRest(g: PageGlossary): GlossaryRest {
  return {
    words: g.rows.map((r) => r.word),
    senses: g.rows.map((r) => r.definitions),
    pinyin: g.rows.map((r) => r.pinyin),
    traditional: g.rows.map((r) => (r.traditional === r.simplified ? '' : r.traditional)),
  };
}

/** The rows of a view; `rest` (the reply of `glossary.senses`) fills in every sense, and what a partial view lacks. */
export function viewRows(v: GlossaryView, rest?: GlossaryRest | null): GlossaryListRow[] {
  const common = new Set(v.common);
  return v.word.map((_, i) => viewRow(v, i, rest, common));
}

/** Row `i` of a view (see viewRows); `common`: the view's common rows as a set, when the caller has it. */
export function viewRow(
  v: GlossaryView,
  i: number,
  rest?: GlossaryRest | null,
  common: ReadonlySet<number> = new Set(v.common),
): GlossaryListRow {
  const word = v.word[i]!;
  const simplified = v.simplified[i] || word;
  const senses = rest?.senses[i];
  const gloss = senses ? (senses[0] ?? '') : v.gloss[i]!;
  const category = v.category[i];
  return {
    word,
    forms: v.otherForms[i] ? [word, ...v.otherForms[i]!.split(' ')] : [word],
    simplified,
    traditional: (rest ? rest.traditional[i] : v.traditional[i]) || simplified,
    pinyin: rest?.pinyin[i] ?? v.pinyin[i]!,
    gloss,
    definitions: senses ?? (gloss ? [gloss] : []),
    count: v.count[i]!,
    civic: category ? { category } : null,
    common: common.has(i),
    made: v.made?.[i] ?? '',
  };
}

/** Index of the row of `simplified` in a view, or -1. */
export function viewRowIndex(v: GlossaryView, simplified: string): number {
  for (let i = 0; i < v.word.length; i++) if ((v.simplified[i] || v.word[i]) === simplified) return i;
  return -1;
}

/** Reply of `glossary.row`: what saving a row and showing its occurrences need. */
export interface GlossaryRowDetail {
  pinyin: string;
  traditional: string;
  definitions: string[];
  civic: { category: CivicInfo['category']; explanation: string } | null;
  /** Start offset of each occurrence in the page text, in order. */
  positions: number[];
}

export function rowDetail(g: PageGlossary, simplified: string): GlossaryRowDetail | null {
  const r = g.rows.find((x) => x.simplified === simplified);
  if (!r) return null;
  return {
    pinyin: r.pinyin,
    traditional: r.traditional,
    definitions: r.definitions,
    civic: r.civic ? { category: r.civic.category, explanation: r.civic.explanation } : null,
    positions: r.positions,
  };
}

/** True when `v` has the shape of a GlossaryView (columns of one length); storage may hold anything. */
export function isGlossaryView(v: unknown): v is GlossaryView {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.key !== 'string' || !Array.isArray(o.word)) return false;
  if (![o.characters, o.distinctWords, o.civicTerms].every((n) => Number.isInteger(n) && (n as number) >= 0)) return false;
  const n = o.word.length;
  const columns = ['word', 'simplified', 'traditional', 'pinyin', 'gloss', 'otherForms', 'category'] as const;
  for (const c of columns) {
    const col = o[c];
    if (!Array.isArray(col) || col.length !== n || !col.every((x) => typeof x === 'string')) return false;
  }
  if (!Array.isArray(o.count) || o.count.length !== n || !o.count.every((x) => Number.isInteger(x) && x > 0)) return false;
  if (!Array.isArray(o.common) || !o.common.every((i) => Number.isInteger(i) && i >= 0 && i < n)) return false;
  if (o.partial !== undefined && typeof o.partial !== 'boolean') return false;
  if (
    o.made !== undefined &&
    !(Array.isArray(o.made) && o.made.length === n && o.made.every((x) => x === '' || x === 'rule' || x === 'composed'))
  )
    return false;
  if (o.kept !== undefined && typeof o.kept !== 'boolean') return false;
  return (o.word as string[]).every((w) => w !== '');
}
