/**
 * Unknown words marked on the page (issue 12): words the reader does not know yet, new and being learnt,
 * coloured in two colours with the CSS Custom Highlight API. No element is added to the page and no text
 * node is touched: the colours are ranges in two highlights, and one stylesheet adopted by the document
 * (its ::highlight rules). Turning it off deletes both and leaves the page exactly as it was.
 *
 *   const marks = new WordMarks(window, { readTexts, readStates, colours });
 *   await marks.start();          // the runs on screen first, then the rest in slices of <= 16 ms
 *   marks.setState('经济', 'known');   // the reader pressed K on a card: its ranges go
 *   marks.next(range, 1);          // N: the next unknown word after `range`, in document order
 *   marks.stop();
 *
 * The page can read this (docs/ARCHITECTURE.md, "The page is hostile"): CSS.highlights is the
 * document's, visible to page scripts with every range in it, so while this opt-in mode is on a page can
 * tell which of its words the reader does not know. The two highlights are named with random letters
 * made for each page load (nothing says Dubao, a state or a word); their ranges say the rest. The
 * settings page says so where the mode is turned on.
 *
 * Text the page adds or changes later is coloured as the hover card reads it (a MutationObserver; runs
 * whose text nodes are unchanged keep their ranges, and the words of a text already read are not asked
 * for again), and each frame of a page colours its own text (the content script runs in every frame).
 * Dubao's own pinyin over the page replaces text nodes too: the same path colours the words under it.
 */
import type { PageWord } from '../../utils/messages';
import type { WordState } from '../../utils/knowledge/model';
import { collectRuns, makeYield, runsOnScreen, type TextRun } from './page-pinyin';

export interface MarksColours {
  newColour: string;
  learningColour: string;
}

export interface WordMarksOptions {
  /** The words of page texts with their states (the background's page.readings). */
  readTexts(texts: string[]): Promise<PageWord[][]>;
  /** The states of words, asked again after a change elsewhere (page.states). */
  readStates(words: string[]): Promise<WordState[]>;
  colours: MarksColours;
  /** Main-thread budget of one slice, ms (at most 16). */
  sliceMs?: number;
  /** Characters read per page.readings message after the first screen. */
  batchChars?: number;
  /** Where to look for text; the body by default. */
  root?: Element;
  now?: () => number;
  /** How long the page must be quiet before a change is coloured (ms). */
  settleMs?: number;
}

export interface MarksReport {
  outcome: 'done' | 'stopped';
  runs: number;
  /** Han characters of the runs read. */
  hanCharacters: number;
  /** Words coloured (new + learning ranges' words). */
  marked: number;
  /** Main-thread ms (our script: reading runs, making ranges) to the first screen, and in all. */
  firstScreenMainMs: number;
  totalMainMs: number;
  firstScreenMs: number;
  totalMs: number;
  slices: number;
  longestSliceMs: number;
}

interface Mark {
  word: string;
  /** One range per text node the word covers (none paints ruby text between them). */
  ranges: Range[];
}

interface RunMarks {
  run: TextRun;
  marks: Mark[];
}

type HighlightCtor = new (...ranges: Range[]) => { add(r: Range): void; delete(r: Range): boolean; clear(): void; size: number; priority: number };
type Registry = { set(name: string, h: unknown): void; delete(name: string): boolean; has(name: string): boolean };

function randomName(win: Window): string {
  const bytes = new Uint8Array(6);
  win.crypto.getRandomValues(bytes);
  // A CSS identifier of letters only.
  return [...bytes].map((b) => String.fromCharCode(97 + (b % 26))).join('');
}

const HAN_G = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/g;

/** Whether the words of this state are coloured, and in which highlight. */
function colourOf(state: WordState | undefined): 'new' | 'learning' | null {
  return state === 'new' ? 'new' : state === 'learning' ? 'learning' : null;
}

export class WordMarks {
  private readonly win: Window;
  private readonly doc: Document;
  private readonly opts: Required<Omit<WordMarksOptions, 'root'>> & Pick<WordMarksOptions, 'root'>;
  /** Highlight names, random per page load. */
  readonly names: { new: string; learning: string };
  private highlights: { new: InstanceType<HighlightCtor>; learning: InstanceType<HighlightCtor> } | null = null;
  private sheet: CSSStyleSheet | null = null;
  /** Runs coloured, in document order, by the first text node of each. */
  private runs: RunMarks[] = [];
  private readonly states = new Map<string, WordState>();
  /** Words of run texts already read (a changed page, or pinyin over it, asks only for new text). */
  private readonly wordsOf = new Map<string, PageWord[]>();
  private generation = 0;
  private observer: MutationObserver | null = null;
  private settleTimer = 0;
  private readonly yieldNow: () => Promise<void>;
  private readonly now: () => number;
  private mainMs = 0;
  private slices = 0;
  private longest = 0;
  /** The last start()'s report (the e2e report reads it). */
  report: MarksReport | null = null;
  /** Page changes coloured since start (for tests). */
  rescans = 0;

  constructor(win: Window, options: WordMarksOptions) {
    this.win = win;
    this.doc = win.document;
    this.opts = { sliceMs: 8, batchChars: 12_000, now: () => performance.now(), settleMs: 400, ...options };
    this.opts.sliceMs = Math.min(16, Math.max(1, this.opts.sliceMs));
    this.now = this.opts.now;
    this.yieldNow = makeYield(win);
    this.names = { new: randomName(win), learning: randomName(win) };
  }

  /** Whether the CSS Custom Highlight API is there (Chromium 105+, Firefox 140+, Safari 17.2+). */
  get supported(): boolean {
    const w = this.win as unknown as { Highlight?: unknown; CSS?: { highlights?: unknown } };
    return typeof w.Highlight === 'function' && !!w.CSS?.highlights;
  }

  get active(): boolean {
    return this.highlights !== null;
  }

  /** Words coloured now, by colour. */
  counts(): { new: number; learning: number } {
    return { new: this.highlights?.new.size ?? 0, learning: this.highlights?.learning.size ?? 0 };
  }

  /** Colours the page: the runs on screen first, then the others in document order, in slices. */
  async start(): Promise<MarksReport> {
    if (this.active) this.stop();
    const gen = ++this.generation;
    const t0 = this.now();
    this.mainMs = 0;
    this.slices = 0;
    this.longest = 0;
    let firstMain = 0;
    let firstWall = 0;
    const report = (outcome: MarksReport['outcome']): MarksReport =>
      (this.report = {
        outcome,
        runs: this.runs.length,
        hanCharacters: this.runs.reduce((n, r) => n + (r.run.text.match(HAN_G)?.length ?? 0), 0),
        marked: this.runs.reduce((n, r) => n + r.marks.length, 0),
        firstScreenMainMs: firstMain,
        totalMainMs: this.mainMs,
        firstScreenMs: firstWall,
        totalMs: this.now() - t0,
        slices: this.slices,
        longestSliceMs: this.longest,
      });
    const root = this.opts.root ?? this.doc.body;
    if (!root || !this.supported) return report('done');
    const s0 = this.now();
    this.install();
    const runs = collectRuns(root);
    this.runs = runs.map((run) => ({ run, marks: [] }));
    const visible = new Set(runsOnScreen(this.win, runs));
    this.account(this.now() - s0);
    await this.colour(this.runs.filter((r) => visible.has(r.run)), gen);
    if (gen !== this.generation) return report('stopped');
    firstMain = this.mainMs;
    firstWall = this.now() - t0;
    await this.colour(this.runs.filter((r) => !visible.has(r.run)), gen);
    if (gen !== this.generation) return report('stopped');
    this.watch(root);
    return report('done');
  }

  /** Removes the colours: the highlights and their stylesheet go; the page's DOM was never changed. */
  stop(): void {
    this.generation++;
    this.observer?.disconnect();
    this.observer = null;
    this.win.clearTimeout(this.settleTimer);
    const registry = (this.win as unknown as { CSS: { highlights: Registry } }).CSS?.highlights;
    registry?.delete(this.names.new);
    registry?.delete(this.names.learning);
    this.highlights = null;
    if (this.sheet) {
      const sheet = this.sheet;
      this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== sheet);
      this.sheet = null;
    }
    this.runs = [];
  }

  setColours(c: MarksColours): void {
    this.opts.colours = c;
    if (this.sheet) this.sheet.replaceSync(this.css());
  }

  /** A word's state changed (K on a card here, or a save): its ranges move to its new colour, or go. */
  setState(word: string, state: WordState): void {
    this.states.set(word, state);
    if (!this.highlights) return;
    const to = colourOf(state);
    for (const r of this.runs) {
      for (const m of r.marks) {
        if (m.word !== word) continue;
        for (const range of m.ranges) {
          this.highlights.new.delete(range);
          this.highlights.learning.delete(range);
          if (to) this.highlights[to].add(range);
        }
      }
    }
  }

  /** The states changed elsewhere (another tab, the study page): asks them again for the page's words. */
  async refreshStates(): Promise<void> {
    if (!this.highlights) return;
    const gen = this.generation;
    const words = [...new Set(this.runs.flatMap((r) => (this.wordsOf.get(r.run.text) ?? []).map((w) => w.simplified)))];
    if (words.length === 0) return;
    const states = await this.opts.readStates(words).catch(() => null);
    if (!states || gen !== this.generation) return;
    const changed: Array<[string, WordState]> = [];
    words.forEach((w, i) => {
      const s = states[i]!;
      if (this.states.get(w) !== s) changed.push([w, s]);
    });
    for (const [w, s] of changed) this.states.set(w, s);
    if (changed.length > 0) this.recolourAll();
  }

  /**
   * The next (dir 1) or previous (-1) coloured word after / before `from` in document order; without
   * `from`, the first one from the top of the viewport down (or up from its bottom).
   */
  next(from: Range | null, dir: 1 | -1): Range | null {
    const all: Range[] = [];
    for (const r of this.runs) for (const m of r.marks) if (colourOf(this.states.get(m.word)) && m.ranges[0]) all.push(m.ranges[0]);
    if (all.length === 0) return null;
    if (!from) {
      const h = this.win.innerHeight;
      const pick = dir > 0 ? all.find((r) => r.getBoundingClientRect().top >= 0) : [...all].reverse().find((r) => r.getBoundingClientRect().bottom <= h);
      return pick ?? (dir > 0 ? all[0]! : all[all.length - 1]!);
    }
    if (dir > 0) {
      for (const r of all) if (r.compareBoundaryPoints(Range.START_TO_START, from) > 0) return r;
      return null;
    }
    for (let i = all.length - 1; i >= 0; i--) if (all[i]!.compareBoundaryPoints(Range.START_TO_START, from) < 0) return all[i]!;
    return null;
  }

  // -------------------------------------------------------------------------------------------------

  private css(): string {
    const { newColour, learningColour } = this.opts.colours;
    // Translucent under the text, which keeps the page's own colour.
    return `::highlight(${this.names.new}) { background-color: ${newColour}66; }\n::highlight(${this.names.learning}) { background-color: ${learningColour}59; }`;
  }

  private install(): void {
    const w = this.win as unknown as { Highlight: HighlightCtor; CSS: { highlights: Registry }; CSSStyleSheet: typeof CSSStyleSheet };
    const make = () => {
      const h = new w.Highlight();
      h.priority = -1;
      return h;
    };
    this.highlights = { new: make(), learning: make() };
    w.CSS.highlights.set(this.names.new, this.highlights.new);
    w.CSS.highlights.set(this.names.learning, this.highlights.learning);
    this.sheet = new w.CSSStyleSheet();
    this.sheet.replaceSync(this.css());
    this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, this.sheet];
  }

  private account(ms: number): void {
    this.mainMs += ms;
    this.slices++;
    if (ms > this.longest) this.longest = ms;
  }

  /** Reads the runs' words (texts already read come from memory) and makes their ranges, in slices. */
  private async colour(runs: RunMarks[], gen: number): Promise<void> {
    for (let i = 0; i < runs.length; ) {
      const batch: RunMarks[] = [];
      let chars = 0;
      while (i < runs.length && (batch.length === 0 || chars + runs[i]!.run.text.length <= this.opts.batchChars)) {
        chars += runs[i]!.run.text.length;
        batch.push(runs[i++]!);
      }
      const unread = [...new Set(batch.map((r) => r.run.text).filter((t) => !this.wordsOf.has(t)))];
      if (unread.length > 0) {
        let words: PageWord[][];
        try {
          words = await this.opts.readTexts(unread);
        } catch {
          return; // the background is gone (extension reloaded): what is coloured stays
        }
        if (gen !== this.generation) return;
        unread.forEach((t, k) => this.remember(t, words[k] ?? []));
      }
      let start = this.now();
      for (const r of batch) {
        this.colourRun(r);
        if (this.now() - start >= this.opts.sliceMs) {
          this.account(this.now() - start);
          await this.yieldNow();
          if (gen !== this.generation) return;
          start = this.now();
        }
      }
      this.account(this.now() - start);
    }
  }

  private remember(text: string, words: PageWord[]): void {
    if (this.wordsOf.size > 2_000) this.wordsOf.delete(this.wordsOf.keys().next().value as string);
    this.wordsOf.set(text, words);
    // States that came with the words are the newest the background knew; a state set here since is newer.
    for (const w of words) if (!this.states.has(w.simplified)) this.states.set(w.simplified, w.state);
  }

  /** Makes the ranges of one run's words and adds the unknown ones to their highlight. */
  private colourRun(r: RunMarks): void {
    const hl = this.highlights;
    if (!hl) return;
    const words = this.wordsOf.get(r.run.text) ?? [];
    const pieces = r.run.pieces;
    // Changed since it was read: left for the next rescan.
    if (pieces.some((p) => !p.node.isConnected || p.node.data !== p.data)) return;
    const marks: Mark[] = [];
    let k = 0;
    for (const w of words) {
      const colour = colourOf(this.states.get(w.simplified));
      while (k < pieces.length - 1 && pieces[k]!.start + pieces[k]!.data.length <= w.start) k++;
      const ranges: Range[] = [];
      for (let j = k; j < pieces.length && pieces[j]!.start < w.end; j++) {
        const p = pieces[j]!;
        const from = Math.max(w.start, p.start) - p.start;
        const to = Math.min(w.end, p.start + p.data.length) - p.start;
        if (from >= to) continue;
        const range = this.doc.createRange();
        range.setStart(p.node, from);
        range.setEnd(p.node, to);
        ranges.push(range);
        if (colour) hl[colour].add(range);
      }
      // Known and ignored words keep their ranges too: a U later colours them without reading again.
      if (ranges.length > 0) marks.push({ word: w.simplified, ranges });
    }
    r.marks = marks;
  }

  private recolourAll(): void {
    const hl = this.highlights;
    if (!hl) return;
    hl.new.clear();
    hl.learning.clear();
    for (const r of this.runs) {
      for (const m of r.marks) {
        const colour = colourOf(this.states.get(m.word));
        if (colour) for (const range of m.ranges) hl[colour].add(range);
      }
    }
  }

  /** Follows the page's changes (and Dubao's pinyin over it): changed runs are coloured again. */
  private watch(root: Element): void {
    const MO = (this.win as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver;
    this.observer = new MO(() => {
      this.win.clearTimeout(this.settleTimer);
      this.settleTimer = this.win.setTimeout(() => void this.rescan(root), this.opts.settleMs);
    });
    this.observer.observe(root, { childList: true, subtree: true, characterData: true });
  }

  /** Runs read again; those whose text nodes are unchanged keep their ranges, the others are made anew. */
  private async rescan(root: Element): Promise<void> {
    if (!this.highlights) return;
    const gen = this.generation;
    const s0 = this.now();
    const hl = this.highlights;
    const kept = new Map<Text, RunMarks>();
    for (const r of this.runs) {
      const first = r.run.pieces[0]?.node;
      if (first) kept.set(first, r);
    }
    const next: RunMarks[] = [];
    const fresh: RunMarks[] = [];
    const used = new Set<RunMarks>();
    for (const run of collectRuns(root)) {
      const old = kept.get(run.pieces[0]!.node);
      if (old && sameRun(old.run, run)) {
        next.push(old);
        used.add(old);
      } else {
        const r = { run, marks: [] };
        next.push(r);
        fresh.push(r);
      }
    }
    for (const r of this.runs) {
      if (used.has(r)) continue;
      for (const m of r.marks) for (const range of m.ranges) {
        hl.new.delete(range);
        hl.learning.delete(range);
      }
    }
    this.runs = next;
    this.rescans++;
    this.account(this.now() - s0);
    const visible = new Set(runsOnScreen(this.win, fresh.map((r) => r.run)));
    await this.colour([...fresh.filter((r) => visible.has(r.run)), ...fresh.filter((r) => !visible.has(r.run))], gen);
  }
}

function sameRun(a: TextRun, b: TextRun): boolean {
  if (a.text !== b.text || a.pieces.length !== b.pieces.length) return false;
  for (let i = 0; i < a.pieces.length; i++) if (a.pieces[i]!.node !== b.pieces[i]!.node) return false;
  return true;
}
