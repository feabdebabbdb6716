/**
 * The page glossary (issue 5): the vocabulary of a text, counted, civic terms first. Pure: takes the
 * core's dictionary and segmenter, so the background (for the popup) and the CLI build the same rows.
 */
import type { CivicCategory, CivicInfo, DictEntry, EntrySource, GlossaryDetail, GlossaryHead, Segment } from './types';

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

/** The CLI's `glossary --json` contract: `[{"word","pinyin","definitions","count","civic"}]`. */
export interface GlossaryJsonRow {
  word: string;
  pinyin: string;
  definitions: string[];
  count: number;
  civic: { category: CivicInfo['category']; explanation: string } | null;
  /** Where the gloss comes from: 'rule' and 'composed' for words no dictionary has. */
  source: EntrySource;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/;

/**
 * Han characters in `text` (the characters HAN matches), counted without making a string of each:
 * several times faster than a global match on a long page, and it runs on every page and popup.
 */
export function countHan(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) {
      n++;
    } else if (c >= 0xd840 && c <= 0xd87f) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n++;
        i++;
      }
    }
  }
  return n;
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
  if (describe === Infinity) describeRows(core, glossary, glossary.rows.map((_, i) => i));
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
    if (!HAN.test(form)) return null;
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
 * Describes rows `indexes` once the senses shards they need are in (fetched side by side: a lookup that
 * meets a missing shard would wait for each in turn).
 */
export async function describeLoaded(core: SteppingCore, g: PageGlossary, indexes: readonly number[]): Promise<void> {
  const todo = indexes.filter((i) => !g.rows[i]!.described);
  await core.loadShards(todo.map((i) => g.heads[i]!.shard));
  await core.run(() => describeRows(core, g, todo));
}

/** Describes the rows buildGlossary left (see its `describe`), STEP_LOOKUPS at a time with `pause()` between. */
export async function describeRest(core: SteppingCore, g: PageGlossary, pause: () => Promise<void>): Promise<void> {
  const left = undescribed(g);
  const pacer = new Pacer(pause);
  let work = 0;
  for (let i = 0; i < left.length; i += DESCRIBE_BATCH) {
    const batch = left.slice(i, i + DESCRIBE_BATCH);
    await describeLoaded(core, g, batch);
    work += batch.length;
    if (await pacer.step(work >= STEP_LOOKUPS || i + DESCRIBE_BATCH >= left.length)) work = 0;
  }
}

/** Rows described at once by describeRest, between two looks at the clock. */
const DESCRIBE_BATCH = 50;

/**
 * Longest step of a build in steps, ms: a hover that arrives meanwhile waits for the step under way,
 * and a card should be painted within a frame (16 ms).
 */
export const STEP_MS = 4;

/**
 * When a build in steps pauses: once STEP_MS have gone by since the last pause (a cold JIT makes the
 * same work several times slower), and at the latest after the caller's work budget (`step(true)`).
 */
class Pacer {
  private since = performance.now();

  constructor(private readonly pause: () => Promise<void>) {}

  /** Pauses if this step has lasted STEP_MS, or if `due`; says whether it paused. */
  async step(due = false): Promise<boolean> {
    if (!due && performance.now() - this.since < STEP_MS) return false;
    await this.pause();
    this.since = performance.now();
    return true;
  }
}

/**
 * Names a page text: its length and two 32-bit hashes of its UTF-16 code units (FNV-1a, and a variant
 * with another offset basis and an extra shift), e.g. "100000-1a2b3c4d-5e6f7a8b". The background keeps glossaries under it and the popup finds a
 * glossary prepared earlier by it; 64 bits plus the length make a mix-up of two pages' texts unlikely
 * beyond concern, and the background also compares the texts themselves before reusing one it kept.
 */
export function glossaryKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x6b2f1e37;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${text.length}-${hex(a)}-${hex(b)}`;
}

/** Characters segmented between two pauses of buildGlossaryInSteps, at most (see also STEP_MS). */
export const STEP_CHARS = 4_000;
/** Rows described between two pauses of describeRest, at most. */
export const STEP_LOOKUPS = 400;
/**
 * Segments counted between two pauses of buildGlossaryInSteps (a dictionary lookup counts as
 * LOOKUP_WORK segments): 2-10 ms of work.
 */
export const STEP_SEGMENTS = 8_000;
/** Segments counted at once by buildGlossaryInSteps, between two looks at the clock. */
const COUNT_BATCH = 500;

/**
 * Where a text may be cut for segmenting it in pieces: after the first line break or sentence end
 * (。！？) at or after `from` (a sentence end only within STEP_CHARS). The segmenter treats both as hard
 * boundaries (no rule joins across them), so the pieces' segments are the whole text's;
 * tests/glossary checks that on long texts.
 */
export function cutAfter(text: string, from: number): number {
  if (from >= text.length) return text.length;
  const line = text.indexOf('\n', from);
  let cut = line < 0 ? text.length : line + 1;
  for (let i = from; i < cut && i < from + STEP_CHARS; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3002 || c === 0xff01 || c === 0xff1f) {
      cut = i + 1;
      break;
    }
  }
  // Blank space after the cut stays with it: the segmenter makes one segment of a run of blanks.
  while (cut < text.length && /\s/.test(text[cut]!)) cut++;
  return cut;
}

/**
 * Segments of the pieces of earlier pages (sentences and lines, see cutAfter), by piece: a page that
 * changed (a live blog's new paragraph) or the next article of a site (same menus and footers) is
 * segmented only where it is new. Holds up to `maxChars` characters of pieces, least recently used
 * dropped first.
 */
export class PieceCache {
  private readonly map = new Map<string, readonly Segment[]>();
  private chars = 0;

  constructor(private readonly maxChars = 400_000) {}

  get size(): number {
    return this.map.size;
  }

  get(piece: string): readonly Segment[] | undefined {
    const segs = this.map.get(piece);
    if (segs) {
      this.map.delete(piece);
      this.map.set(piece, segs);
    }
    return segs;
  }

  set(piece: string, segs: readonly Segment[]): void {
    if (piece.length > this.maxChars / 4 || this.map.has(piece)) return;
    this.map.set(piece, segs);
    this.chars += piece.length;
    for (const old of this.map.keys()) {
      if (this.chars <= this.maxChars) break;
      this.map.delete(old);
      this.chars -= old.length;
    }
  }
}

/**
 * The segments of text[from, to), `to` a cut (cutAfter), piece by piece through `cache`. Returns the
 * number of characters that had to be segmented (not found in the cache).
 */
function segmentPieces(
  segmenter: GlossaryCore['segmenter'],
  text: string,
  from: number,
  to: number,
  out: Segment[],
  cache: PieceCache | null,
): number {
  let work = 0;
  for (let at = from; at < to; ) {
    const end = cutAfter(text, at);
    const piece = text.slice(at, end);
    let segs = cache?.get(piece);
    if (!segs) {
      segs = segmenter.segment(piece);
      cache?.set(piece, segs);
      work += piece.length;
    }
    for (const s of segs) out.push({ start: s.start + at, end: s.end + at });
    at = end;
  }
  return work;
}

/** The segments of `text`, segmented piece by piece (the same as segmenting it whole; see cutAfter). */
export function segmentText(segmenter: GlossaryCore['segmenter'], text: string, cache: PieceCache | null = null): Segment[] {
  const out: Segment[] = [];
  segmentPieces(segmenter, text, 0, text.length, out, cache);
  return out;
}

/** The parts of the core buildGlossaryInSteps needs: GlossaryCore plus a way to retry on missing senses. */
export interface SteppingCore extends GlossaryCore {
  /** Runs `fn`, again after loading what it missed (dictionary/core.ts `Core.run`). */
  run<T>(fn: () => T): Promise<T>;
  /** Loads these senses shards side by side (dictionary/core.ts `Core.loadShards`). */
  loadShards(indexes: Iterable<number>): Promise<void>;
}

/**
 * buildGlossary for work done in the background while the reader is busy with the page: the same rows,
 * made in steps of a few milliseconds with `pause()` between them, so that a hover that arrives
 * meanwhile is answered after one step instead of after the whole page.
 */
export async function buildGlossaryInSteps(
  core: SteppingCore,
  text: string,
  lookups: Map<string, GlossaryHead | null>,
  pause: () => Promise<void>,
  cache: PieceCache | null = null,
): Promise<PageGlossary> {
  const pacer = new Pacer(pause);
  const segments: Segment[] = [];
  let work = 0;
  for (let at = 0; at < text.length; ) {
    const end = cutAfter(text, at);
    work += segmentPieces(core.segmenter, text, at, end, segments, cache);
    at = end;
    if (await pacer.step(work >= STEP_CHARS || at === text.length)) work = 0;
  }
  const counter = new RowCounter(core, text, lookups);
  work = 0;
  for (let at = 0; at < segments.length; ) {
    const next = counter.add(segments, at, COUNT_BATCH);
    work += next - at;
    at = next;
    if (await pacer.step(work >= STEP_SEGMENTS || at === segments.length)) work = 0;
  }
  const g = counter.finish();
  await pacer.step(true);
  await describeRest(core, g, pause);
  return g;
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

export function toGlossaryJson(rows: readonly GlossaryRow[]): GlossaryJsonRow[] {
  return rows.map((r) => ({
    word: r.word,
    pinyin: r.pinyin,
    definitions: r.definitions,
    count: r.count,
    civic: r.civic ? { category: r.civic.category, explanation: r.civic.explanation } : null,
    source: r.source,
  }));
}

// ---------------------------------------------------------------------------------------------------
// The popup's copy (message `glossary`)

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
export function viewRow(v: GlossaryView, i: number, rest?: GlossaryRest | null, common: ReadonlySet<number> = new Set(v.common)): GlossaryListRow {
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

// ---------------------------------------------------------------------------------------------------
// Filtering (the popup's filter box; the study page's search uses it too)

export interface Searchable {
  simplified: string;
  traditional: string;
  /** Tone marks, syllables separated by spaces; several readings may be joined with " / ". */
  pinyin: string;
  definitions: readonly string[];
  /** Other forms to match as characters (e.g. the forms seen on the page). */
  forms?: readonly string[];
}

const COMBINING = /[\u0300-\u036f]/g;
const TONE_MARK = /[\u0300\u0301\u0304\u030c]/;

/** "Zhèng fǔ" -> "zhengfu"; ü is kept as "v" so that "lv" finds lǜ. */
function toneless(pinyin: string): string {
  return pinyin.normalize('NFD').replace(/u\u0308|u:/gi, 'v').replace(COMBINING, '').toLowerCase().replace(/[^a-z/]/g, '');
}

/** "zhèng fǔ" -> "zheng4fu3" (neutral tone unnumbered). */
function numbered(pinyin: string): string {
  const out: string[] = [];
  for (const syl of pinyin.toLowerCase().split(/\s+/)) {
    const d = syl.normalize('NFD');
    const tone = d.includes('\u0304') ? 1 : d.includes('\u0301') ? 2 : d.includes('\u030c') ? 3 : d.includes('\u0300') ? 4 : 0;
    const bare = d.replace(/u\u0308|u:/g, 'v').replace(COMBINING, '');
    out.push(tone ? bare + tone : bare);
  }
  return out.join('');
}

/** Query is a matcher: characters, pinyin with or without tones (marks or digits), or English. */
export function makeMatcher(query: string): (item: Searchable) => boolean {
  const q = query.trim();
  if (!q) return () => true;
  if (HAN.test(q)) {
    return (it) => it.simplified.includes(q) || it.traditional.includes(q) || !!it.forms?.some((f) => f.includes(q));
  }
  const lower = q.toLowerCase();
  const english = new RegExp(`(^|[^a-z])${lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i');
  if (TONE_MARK.test(q.normalize('NFD'))) {
    const want = q.normalize('NFC').toLowerCase().replace(/\s+/g, '');
    return (it) => it.pinyin.normalize('NFC').toLowerCase().replace(/\s+/g, '').includes(want);
  }
  if (/[1-5]/.test(q) && /^[a-zü:1-5\s]+$/i.test(q)) {
    const want = lower.normalize('NFD').replace(/\s+/g, '').replace(/u\u0308|u:/g, 'v').replace(/5/g, '');
    return (it) => numbered(it.pinyin).includes(want);
  }
  const bare = toneless(q);
  return (it) => (bare !== '' && toneless(it.pinyin).includes(bare)) || it.definitions.some((d) => english.test(d));
}

// ---------------------------------------------------------------------------------------------------
// Copy as TSV

/** Tab-separated glossary with a header line; tabs and line breaks inside fields become spaces. */
export function glossaryTsv(
  rows: ReadonlyArray<Pick<GlossaryRow, 'word' | 'traditional' | 'pinyin' | 'definitions' | 'count'> & { civic: { category: CivicInfo['category'] } | null }>,
  categoryLabel: (c: CivicInfo['category']) => string,
): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  const lines = ['Word\tTraditional\tPinyin\tMeaning\tCount\tCategory'];
  for (const r of rows) {
    lines.push(
      [r.word, r.traditional, r.pinyin, r.definitions.join('; '), String(r.count), r.civic ? categoryLabel(r.civic.category) : '']
        .map(clean)
        .join('\t'),
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Checking a view read back from storage

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
  if (o.made !== undefined && !(Array.isArray(o.made) && o.made.length === n && o.made.every((x) => x === '' || x === 'rule' || x === 'composed'))) return false;
  if (o.kept !== undefined && typeof o.kept !== 'boolean') return false;
  return (o.word as string[]).every((w) => w !== '');
}
