/**
 * Unknown words marked on the page (issue 12): words the reader does not know yet, new and being learnt,
 * coloured in two colours with the CSS Custom Highlight API. No element is added to the page and no text
 * node is touched: the colours are ranges in two highlights, and one stylesheet adopted by the document
 * (its ::highlight rules). Turning it off deletes both and leaves the page exactly as it was.
 *
 *   const marks = new WordMarks(window, { readTexts, readStates, colours });
 *   await marks.start();               // the runs on screen first, then the rest in slices of <= 16 ms
 *   marks.setState('经济', 'known');   // the reader pressed K on a card: its colour goes
 *   marks.next(range, 1);              // N: the next unknown word after `range`, in document order
 *   marks.stop();
 *
 * The page can read this (docs/ARCHITECTURE.md, "The page is hostile"): CSS.highlights is the
 * document's, visible to page scripts with every range in it, so while this opt-in mode is on a page can
 * tell which of its words the reader does not know. The two highlights are named with random letters
 * made for each page load (nothing says Dubao, a state or a word); their ranges say the rest. The
 * settings page says so where the mode is turned on.
 *
 * Cheap for the page (the drawing is mark-ranges.ts): the ranges are StaticRanges (live Ranges are
 * updated by the browser at every change of the document: ten thousand of them made each DOM change of
 * the page cost about a millisecond, measured in Chromium), and neighbouring words of one colour in one
 * text node share one range (the same painting, a fraction of the ranges). Word boundaries are kept as
 * offsets, so N and P still go word by word.
 *
 * Text the page adds or changes later is coloured as the hover card reads it (a MutationObserver; runs
 * whose text nodes are unchanged keep their colours, a changed text node loses its colours at once, and
 * the words of a text already read are not asked for again), and each frame of a page colours its own
 * text (the content script runs in every frame). Dubao's own pinyin over the page replaces text nodes
 * too: the same path colours the words under it.
 */
import type { PageWord } from '../../utils/messages';
import type { WordState } from '../../utils/knowledge/model';
import { countHan } from '../../dictionary/han';
import { Lru } from '../../dictionary/lru';
import { isOwnMutation } from './own-nodes';
import { collectRuns, pageYield, runsOnScreen, type TextRun } from './page-runs';
import { type Colour, colourOf, drawRun, type HighlightLike, positionInRun, rangeInRun, type RunMarks } from './mark-ranges';
import { randomHighlightName } from './highlight-name';

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
  /** How long the page must be quiet before its change is coloured (ms). */
  settleMs?: number;
}

export interface MarksReport {
  outcome: 'done' | 'stopped';
  runs: number;
  /** Han characters of the runs read. */
  hanCharacters: number;
  /** Words coloured (new and learning), and the ranges drawing them. */
  marked: number;
  ranges: number;
  /** Main-thread ms (our script: reading runs, making ranges) to the first screen, and in all. */
  firstScreenMainMs: number;
  totalMainMs: number;
  firstScreenMs: number;
  totalMs: number;
  slices: number;
  longestSliceMs: number;
}

type HighlightCtor = new (...ranges: AbstractRange[]) => HighlightLike;
type Registry = { set(name: string, h: unknown): void; delete(name: string): boolean };

export class WordMarks {
  private readonly win: Window;
  private readonly doc: Document;
  private readonly opts: Required<Omit<WordMarksOptions, 'root'>> & Pick<WordMarksOptions, 'root'>;
  /** Highlight names, random per page load. */
  readonly names: { new: string; learning: string };
  private highlights: Record<Colour, HighlightLike> | null = null;
  private sheet: CSSStyleSheet | null = null;
  /** Runs, in document order. */
  private runs: RunMarks[] = [];
  /** The run of each text node read (a changed text node loses its colours at once). */
  private runOfNode = new Map<Text, RunMarks>();
  private readonly states = new Map<string, WordState>();
  /** Words of run texts already read (a changed page, or pinyin over it, asks only for new text). */
  private readonly wordsOf = new Lru<string, PageWord[]>(2_000);
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
    this.yieldNow = pageYield(win);
    this.names = { new: randomHighlightName(win), learning: randomHighlightName(win) };
  }

  /** Whether the CSS Custom Highlight API is there (Chromium 105+, Firefox 140+, Safari 17.2+). */
  get supported(): boolean {
    const w = this.win as unknown as { Highlight?: unknown; CSS?: { highlights?: unknown }; StaticRange?: unknown };
    return typeof w.Highlight === 'function' && typeof w.StaticRange === 'function' && !!w.CSS?.highlights;
  }

  get active(): boolean {
    return this.highlights !== null;
  }

  /** Words coloured now, by colour, and the ranges drawing them. */
  counts(): { new: number; learning: number; ranges: number } {
    const out = { new: 0, learning: 0, ranges: 0 };
    for (const r of this.runs) {
      out.ranges += r.ranges.length;
      for (const w of r.words) {
        const c = colourOf(this.states.get(w.word));
        if (c) out[c]++;
      }
    }
    return out;
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
    const report = (outcome: MarksReport['outcome']): MarksReport => {
      const c = this.counts();
      return (this.report = {
        outcome,
        runs: this.runs.length,
        hanCharacters: this.runs.reduce((n, r) => n + countHan(r.run.text), 0),
        marked: c.new + c.learning,
        ranges: c.ranges,
        firstScreenMainMs: firstMain,
        totalMainMs: this.mainMs,
        firstScreenMs: firstWall,
        totalMs: this.now() - t0,
        slices: this.slices,
        longestSliceMs: this.longest,
      });
    };
    const root = this.opts.root ?? this.doc.body;
    if (!root || !this.supported) return report('done');
    const s0 = this.now();
    this.install();
    this.setRuns(collectRuns(root).map((run) => ({ run, words: [], ranges: [] })));
    const visible = new Set(
      runsOnScreen(
        this.win,
        this.runs.map((r) => r.run),
      ),
    );
    this.account(this.now() - s0);
    await this.colour(
      this.runs.filter((r) => visible.has(r.run)),
      gen,
    );
    if (gen !== this.generation) return report('stopped');
    firstMain = this.mainMs;
    firstWall = this.now() - t0;
    await this.colour(
      this.runs.filter((r) => !visible.has(r.run)),
      gen,
    );
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
    this.setRuns([]);
  }

  setColours(c: MarksColours): void {
    this.opts.colours = c;
    if (this.sheet) this.sheet.replaceSync(this.css());
  }

  /** A word's state changed (K on a card here, or a save): the runs holding it are drawn again. */
  setState(word: string, state: WordState): void {
    if (this.states.get(word) === state) return;
    this.states.set(word, state);
    for (const r of this.runs) if (r.words.some((w) => w.word === word)) this.draw(r);
  }

  /** The states changed elsewhere (another tab, the study page): asks them again for the page's words. */
  async refreshStates(): Promise<void> {
    if (!this.highlights) return;
    const gen = this.generation;
    const words = [...new Set(this.runs.flatMap((r) => r.words.map((w) => w.word)))];
    if (words.length === 0) return;
    const states = await this.opts.readStates(words).catch(() => null);
    if (!states || gen !== this.generation) return;
    const changed = new Set<string>();
    words.forEach((w, i) => {
      if (this.states.get(w) !== states[i]) {
        this.states.set(w, states[i]!);
        changed.add(w);
      }
    });
    if (changed.size === 0) return;
    for (const r of this.runs) if (r.words.some((w) => changed.has(w.word))) this.draw(r);
  }

  /**
   * The next (dir 1) or previous (-1) coloured word after / before `from` (the card's word) in document
   * order, as a Range; without `from`, the first one from the top of the viewport down (or the last one
   * from its bottom up).
   */
  next(from: Range | null, dir: 1 | -1): Range | null {
    const runs = dir > 0 ? this.runs : [...this.runs].reverse();
    const h = this.win.innerHeight;
    for (const r of runs) {
      const words = dir > 0 ? r.words : [...r.words].reverse();
      for (const w of words) {
        if (!colourOf(this.states.get(w.word))) continue;
        const at = positionInRun(r, w.start);
        if (!at) continue;
        if (from) {
          let cmp: number;
          try {
            cmp = from.comparePoint(at.node, at.offset);
          } catch {
            continue;
          }
          if (dir > 0 ? cmp <= 0 : cmp >= 0) continue;
        }
        const range = rangeInRun(this.doc, r, w.start, w.end);
        if (!range) continue;
        if (!from) {
          const rect = range.getBoundingClientRect();
          if (dir > 0 ? rect.top < 0 : rect.bottom > h) continue;
        }
        return range;
      }
    }
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

  private setRuns(runs: RunMarks[]): void {
    this.runs = runs;
    this.runOfNode = new Map();
    for (const r of runs) for (const p of r.run.pieces) this.runOfNode.set(p.node, r);
  }

  private account(ms: number): void {
    this.mainMs += ms;
    this.slices++;
    if (ms > this.longest) this.longest = ms;
  }

  /** Reads the runs' words (texts already read come from memory) and draws them, in slices. */
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
        unread.forEach((t, k) => {
          this.remember(t, words[k] ?? []);
        });
      }
      let start = this.now();
      for (const r of batch) {
        r.words = (this.wordsOf.get(r.run.text) ?? []).map((w) => ({ start: w.start, end: w.end, word: w.simplified }));
        this.draw(r);
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
    this.wordsOf.set(text, words);
    // States that came with the words are the newest the background knew; a state set here since is newer.
    for (const w of words) if (!this.states.has(w.simplified)) this.states.set(w.simplified, w.state);
  }

  /** Draws a run again in this page's highlights (drawRun). */
  private draw(r: RunMarks): void {
    if (this.highlights) drawRun(this.win, this.highlights, this.states, r);
  }

  /** Follows the page's changes (and Dubao's pinyin over it): changed runs are coloured again. */
  private watch(root: Element): void {
    const MO = (this.win as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver;
    this.observer = new MO((records) => {
      // A text node the page changed: its colours would be drawn over the wrong characters; they go now.
      for (const rec of records) {
        if (rec.type !== 'characterData') continue;
        const r = this.runOfNode.get(rec.target as Text);
        if (r && this.highlights) for (const [c, range] of r.ranges.splice(0)) this.highlights[c].delete(range);
      }
      this.win.clearTimeout(this.settleTimer);
      // Dubao's own pinyin over the page: coloured again at once; the page's changes once it is quiet.
      const wait = records.every(isOwnMutation) ? 30 : this.opts.settleMs;
      this.settleTimer = this.win.setTimeout(() => void this.rescan(root), wait);
    });
    this.observer.observe(root, { childList: true, subtree: true, characterData: true });
  }

  /** Runs read again; those whose text nodes are unchanged keep their colours, the others are drawn anew. */
  private async rescan(root: Element): Promise<void> {
    if (!this.highlights) return;
    const gen = this.generation;
    const s0 = this.now();
    const hl = this.highlights;
    const next: RunMarks[] = [];
    const fresh: RunMarks[] = [];
    const used = new Set<RunMarks>();
    for (const run of collectRuns(root)) {
      const old = this.runOfNode.get(run.pieces[0]!.node);
      if (old && !used.has(old) && sameRun(old.run, run)) {
        next.push(old);
        used.add(old);
      } else {
        const r: RunMarks = { run, words: [], ranges: [] };
        next.push(r);
        fresh.push(r);
      }
    }
    for (const r of this.runs) if (!used.has(r)) for (const [c, range] of r.ranges) hl[c].delete(range);
    this.setRuns(next);
    this.rescans++;
    this.account(this.now() - s0);
    const visible = new Set(
      runsOnScreen(
        this.win,
        fresh.map((r) => r.run),
      ),
    );
    await this.colour([...fresh.filter((r) => visible.has(r.run)), ...fresh.filter((r) => !visible.has(r.run))], gen);
  }
}

function sameRun(a: TextRun, b: TextRun): boolean {
  if (a.text !== b.text || a.pieces.length !== b.pieces.length) return false;
  for (let i = 0; i < a.pieces.length; i++)
    if (a.pieces[i]!.node !== b.pieces[i]!.node || a.pieces[i]!.data !== b.pieces[i]!.node.data) return false;
  return true;
}
