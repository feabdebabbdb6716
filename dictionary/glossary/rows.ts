/**
 * The page glossary (issue 5), counting: the vocabulary of a text, one row per word, counted, civic terms
 * first. Pure: takes the core's words and segmenter, so the background (for the popup) and the CLI build
 * the same rows. The other parts of the glossary: steps.ts (the same rows made with pauses), pieces.ts
 * (segmenting by sentence, with a cache), view.ts (what the popup shows), search.ts (its filter box),
 * export.ts (JSON and TSV), key.ts (the name of a page text).
 */
import { countHan, hasHan } from '../han';
import type { CivicCategory, CivicInfo, DictEntry, EntrySource, GlossaryDetail, GlossaryHead, Segment } from '../types';

/** The parts of the core the glossary needs (dictionary/core.ts `Core` satisfies it). */
export interface GlossaryCore {
  /** Dictionary heads, and for words no dictionary has the ones made by rule or composed (words.ts). */
  words: { glossaryHead(word: string): GlossaryHead | null; glossaryDetail(head: GlossaryHead): GlossaryDetail };
  segmenter: { segment(text: string): Segment[]; commonness(word: string): number | null };
}

/**
 * Words whose cost (-ln of their probability in running text, see Segmenter.commonness) is below this
 * are "very common" and hidden by default: about the 400 most frequent words (的 5.2, 我们 6.9, 工作 7.1),
 * while 政府 (≈ 8) and everything rarer stays visible.
 */
export const COMMON_COST = 7.5;

export interface GlossaryRow {
  /** The word as the page writes it (first form seen). */
  word: string;
  /** Every form of the word seen on the page (simplified and/or traditional). */
  forms: string[];
  simplified: string;
  /** Civic category (rows with one come first). */
  category: CivicCategory | null;
  /**
   * False until the row's reading and senses were decoded (describeRows); until then `traditional`,
   * `pinyin` are '', `definitions` [] and `civic` null. buildGlossary describes every row unless told
   * to describe only the first screen.
   */
  described: boolean;
  traditional: string;
  /** Tone marks of the main reading. */
  pinyin: string;
  /** Senses of the main reading; `definitions[0]` is the gloss shown in the row. */
  definitions: string[];
  count: number;
  civic: CivicInfo | null;
  /**
   * Very common word, or a plain number or date made by rule (hidden unless the reader asks for them);
   * civic terms never are.
   */
  common: boolean;
  /** Where the row's gloss comes from ('rule', 'composed': made for a word no dictionary has). */
  source: EntrySource;
  /** Start offset in the text of each occurrence, in order; end = start + length of the form there. */
  positions: number[];
}

export interface PageGlossary {
  rows: GlossaryRow[];
  /** The dictionary head of each row (for describeRows). */
  heads: GlossaryHead[];
  /** Time spent building it, ms (set by the caller that timed it; 0 otherwise). */
  buildMs?: number;
  /** Han characters in the text. */
  characters: number;
  distinctWords: number;
  civicTerms: number;
}

interface Group {
  row: GlossaryRow;
  head: GlossaryHead;
  first: number;
}

/** Rows described by buildGlossary when asked for the first screen only (the popup shows 40 at first). */
export const FIRST_SCREEN_ROWS = 60;

/**
 * `lookups` may be a map the caller keeps between calls (the background does): most of a news page's
 * words were on the previous page too. One lookup per distinct form (Dictionary.glossaryHead: which
 * entry, no decoding); then each row is described (Dictionary.glossaryDetail: its reading and senses).
 * `describe`: describe only the first `describe` rows the popup shows (civic terms and words that are
 * not very common), for describeRows to finish later; by default every row.
 * `segments` may be given when the caller segmented already. Describing rows needs their senses
 * shards: without them it throws SensesNotLoaded (describeLoaded fetches them first; the CLI's core
 * has them all).
 */
export function buildGlossary(
  core: GlossaryCore,
  text: string,
  lookups = new Map<string, GlossaryHead | null>(),
  segments: readonly Segment[] = core.segmenter.segment(text),
  describe = Infinity,
): PageGlossary {
  const counter = new RowCounter(core, text, lookups);
  counter.add(segments, 0, Infinity);
  const glossary = counter.finish();
  if (describe === Infinity)
    describeRows(
      core,
      glossary,
      glossary.rows.map((_, i) => i),
    );
  else describeRows(core, glossary, firstScreen(glossary.rows, describe));
  return glossary;
}

/** Work of one dictionary lookup, in segments counted (RowCounter.add's budget). */
const LOOKUP_WORK = 20;

/**
 * Counts the words of `text` segment by segment: buildGlossary adds every segment at once,
 * buildGlossaryInSteps a budget of work at a time. `finish` orders the rows: civic terms first, then the
 * others, each by count (most frequent first), then by first occurrence.
 */
export class RowCounter {
  private readonly groups = new Map<string, Group>();
  /** Group of each form seen on this page (null: not a Han word, or not in the dictionary). */
  private readonly byForm = new Map<string, Group | null>();

  constructor(
    private readonly core: GlossaryCore,
    private readonly text: string,
    private readonly lookups: Map<string, GlossaryHead | null>,
  ) {}

  /**
   * Counts segments[from...] until `budget` work is done (a segment is 1, a dictionary lookup
   * LOOKUP_WORK more); returns the index of the first segment not counted (segments.length when done).
   */
  add(segments: readonly Segment[], from: number, budget: number): number {
    const { text, byForm } = this;
    let work = 0;
    let i = from;
    for (; i < segments.length && work < budget; i++) {
      const seg = segments[i]!;
      work++;
      const form = text.slice(seg.start, seg.end);
      let g = byForm.get(form);
      if (g === undefined) {
        if (!this.lookups.has(form)) work += LOOKUP_WORK;
        g = this.groupOf(form, seg.start);
        byForm.set(form, g);
        if (g && g.first === seg.start) continue; // a new row: this occurrence is counted
      }
      if (!g) continue;
      g.row.count++;
      g.row.positions.push(seg.start);
      if (!g.row.forms.includes(form)) g.row.forms.push(form);
    }
    return i;
  }

  /** The glossary of what was added, rows ordered, none described. */
  finish(): PageGlossary {
    const all = [...this.groups.values()];
    const order = (a: Group, b: Group) => b.row.count - a.row.count || a.first - b.first;
    const civicRows = all.filter((g) => g.row.category).sort(order);
    const otherRows = all.filter((g) => !g.row.category).sort(order);
    const sorted = [...civicRows, ...otherRows];
    return {
      rows: sorted.map((g) => g.row),
      heads: sorted.map((g) => g.head),
      characters: countHan(this.text),
      distinctWords: sorted.length,
      civicTerms: civicRows.length,
    };
  }

  /** The group a form belongs to, made at its first occurrence `start` when the word is new. */
  private groupOf(form: string, start: number): Group | null {
    if (!hasHan(form)) return null;
    let head = this.lookups.get(form);
    if (head === undefined) {
      head = this.core.words.glossaryHead(form);
      this.lookups.set(form, head);
    }
    if (!head) return null;
    // One row per word: 黨 and 党 on a mixed page are the same word, keyed by the simplified form.
    const known = this.groups.get(head.key);
    if (known) return known;
    const cost = this.core.segmenter.commonness(form);
    const g: Group = {
      first: start,
      head,
      row: {
        word: form,
        forms: [form],
        simplified: head.simplified,
        category: head.category,
        described: false,
        traditional: '',
        pinyin: '',
        definitions: [],
        count: 1,
        civic: null,
        common: !head.category && ((cost !== null && cost < COMMON_COST) || head.source === 'rule'),
        source: head.source,
        positions: [start],
      },
    };
    this.groups.set(head.key, g);
    return g;
  }
}

/** Indexes of the first `n` rows the popup shows (very common words are hidden there by default). */
export function firstScreen(rows: readonly GlossaryRow[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length && out.length < n; i++) if (!rows[i]!.common) out.push(i);
  return out;
}

/** Decodes the reading and senses of rows `indexes` not described yet. May throw SensesNotLoaded. */
export function describeRows(core: GlossaryCore, g: PageGlossary, indexes: Iterable<number>): void {
  for (const i of indexes) {
    const row = g.rows[i]!;
    if (row.described) continue;
    const d = core.words.glossaryDetail(g.heads[i]!);
    row.traditional = d.traditional;
    row.pinyin = d.pinyin;
    row.definitions = d.definitions;
    row.civic = d.civic;
    row.described = true;
  }
}

/** Rows not described yet. */
export function undescribed(g: PageGlossary): number[] {
  const out: number[] = [];
  for (const [i, r] of g.rows.entries()) if (!r.described) out.push(i);
  return out;
}

/**
 * The reading a row shows, picked from `lookup`'s entries: a civic entry (lookup puts them first), else
 * the first reading that is not a proper noun (新 is "new" on a news page, not the abbreviation of
 * Xinjiang), else the first. Dictionary.glossaryHead picks the same without decoding the others.
 */
export function mainEntry(entries: readonly DictEntry[]): DictEntry {
  const first = entries[0]!;
  if (first.source === 'civic') return first;
  return entries.find((e) => e.pinyin !== '' && e.pinyin[0] === e.pinyin[0]!.toLowerCase()) ?? first;
}
