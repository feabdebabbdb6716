/**
 * Pinyin over the page (issue 13): ruby above the words of the page, one <ruby> per word with the
 * reading of that word from Dubao's segmentation (dictionary/readings.ts), never per character.
 *
 *   const pp = new PagePinyin(window, { readTexts, filter, format, confirmWholePage });
 *   const report = await pp.start();   // visible part first, then the rest in slices
 *   pp.stop();                         // the page's DOM exactly as it was
 *
 * The module is given the page and a function that reads texts (`readTexts`: the page's text runs ->
 * words with readings; the background answers it in the extension, the real core answers it in tests),
 * and touches nothing else: no extension API here.
 *
 * What it does to the page:
 * - Text runs are gathered block by block (page-runs.ts: text nodes joined across inline elements, as the
 *   hover card reads them), skipping what is not prose or not the page's to change: scripts and styles,
 *   form fields and buttons, editable areas (contenteditable, designMode), code (code, pre, kbd, samp,
 *   var), existing ruby, SVG and MathML, and Dubao's own card.
 * - The runs on screen are read and annotated first, then the others in document order, in slices of at
 *   most `sliceMs` of main-thread work (default 8 ms, under one 16 ms frame) with the event loop free in
 *   between. A page with more than `askAbove` Han characters (30,000) asks `confirmWholePage` before
 *   going past the first screen; without a yes, runs are annotated as they come into view.
 * - Each text node that gets ruby is replaced by new nodes: text, <ruby class="dubao-ruby">word<rt>
 *   reading</rt></ruby>, text... The original node is kept (not changed) and put back by `stop()`, so
 *   the DOM after stop() is the DOM before start(): same nodes, same text, no attribute of the page
 *   changed. The <rt> cannot be selected (user-select: none), so copying the text copies no pinyin, and
 *   is aria-hidden so screen readers do not read the letters.
 * - A word whose characters sit in two text nodes (<a>中国</a>共产党 read as one word) is annotated
 *   in each node with the syllables of its characters there.
 *
 * Every node this module inserts or removes is remembered (own-nodes.ts, in the content script's world),
 * so that observers of the page (the glossary's page reader, the unknown-word colouring) can tell
 * Dubao's own ruby changes from the page's.
 *
 * Known limits: text the page adds or changes after start() is not annotated (a MutationObserver
 * could), and a page script that keeps a reference to a replaced text node and edits it sees its edit
 * only after stop().
 */
import { hasHan } from '../../dictionary/han';
import { collectRuns, pageYield, runsOnScreen, type TextRun } from './page-runs';
import { RUBY_CLASS, RUBY_CSS, type ReadTexts, type RubyFilter, rubyFilters, type RubyWord } from './ruby';
import { markMoved, markOwn } from './own-nodes';

export interface PagePinyinOptions {
  readTexts: ReadTexts;
  filter?: RubyFilter;
  /** Reading as shown (tone marks -> numbers or zhuyin: dictionary/pinyin-display.ts formatPinyin). */
  format?: (pinyin: string) => string;
  /** Language tag of the readings: 'zh-Latn-pinyin', or 'zh-Bopo' for zhuyin. */
  readingLang?: string;
  /** Asked when the page has more than `askAbove` Han characters; false keeps to what comes into view. */
  confirmWholePage?: (hanCharacters: number) => Promise<boolean>;
  askAbove?: number;
  /** Main-thread budget of one slice, ms (at most 16). */
  sliceMs?: number;
  /** Characters of text sent to readTexts at a time after the first screen. */
  batchChars?: number;
  /** Where to look for text; the body by default. */
  root?: Element;
  /** Called (and awaited) once the first screen is annotated, before the rest. */
  onFirstScreen?: (report: PagePinyinReport) => void | Promise<void>;
  /** Clock (tests slice with a fake one). */
  now?: () => number;
}

export interface PagePinyinReport {
  /** 'done': every run annotated; 'in view': the reader said no to the whole page; 'stopped': stop() came first. */
  outcome: 'done' | 'in view' | 'stopped';
  runs: number;
  hanCharacters: number;
  /** Ruby elements added. */
  words: number;
  /** Main-thread ms from start() to the first screen annotated (reading runs, building ruby; not the wait for readTexts). */
  firstScreenMainMs: number;
  /** Wall-clock ms from start() to the first screen annotated. */
  firstScreenMs: number;
  /** Main-thread ms in total, and wall-clock ms to the end. */
  totalMainMs: number;
  totalMs: number;
  slices: number;
  longestSliceMs: number;
}

const STYLE_ID = 'dubao-page-pinyin-style';

interface Replaced {
  original: Text;
  inserted: Node[];
}

/** A text node to put ruby into: a page's node, or the tail of one that a slice left for the next. */
interface Job {
  run: TextRun;
  node: Text;
  /** Offset of the node's text in the run. */
  start: number;
  data: string;
  /** Set for a tail: the record of the page's node it came from. */
  record: Replaced | null;
}

/** Splits a reading into one part per character of `word`, or null when they do not line up. */
function syllablesPerChar(word: string, pinyin: string): string[] | null {
  const chars = [...word];
  const syl = pinyin.trim().split(/\s+/);
  return syl.length === chars.length ? syl : null;
}

export class PagePinyin {
  private readonly win: Window;
  private readonly doc: Document;
  private readonly opts: Required<Omit<PagePinyinOptions, 'root' | 'confirmWholePage' | 'onFirstScreen'>> &
    Pick<PagePinyinOptions, 'root' | 'confirmWholePage' | 'onFirstScreen'>;
  private replaced: Replaced[] = [];
  private style: HTMLStyleElement | null = null;
  private runs: TextRun[] = [];
  private generation = 0;
  private observer: IntersectionObserver | null = null;
  private readonly yieldNow: () => Promise<void>;
  private readonly now: () => number;
  private words = 0;
  private mainMs = 0;
  private slices = 0;
  private longest = 0;

  constructor(win: Window, options: PagePinyinOptions) {
    this.win = win;
    this.doc = win.document;
    this.opts = {
      filter: rubyFilters.all,
      format: (p) => p,
      readingLang: 'zh-Latn-pinyin',
      askAbove: 30_000,
      sliceMs: 8,
      batchChars: 12_000,
      now: () => performance.now(),
      ...options,
    };
    this.now = this.opts.now;
    this.opts.sliceMs = Math.min(16, Math.max(1, this.opts.sliceMs));
    this.yieldNow = pageYield(win);
  }

  get active(): boolean {
    return this.style !== null;
  }

  /** Ruby elements on the page now. */
  get annotated(): number {
    return this.words;
  }

  /**
   * Annotates the page: the first screen, then (asking first on a long page) the rest. Resolves when
   * done, when the reader declined the rest (what comes into view is still annotated), or on stop().
   */
  async start(): Promise<PagePinyinReport> {
    if (this.active) this.stop();
    const gen = ++this.generation;
    const t0 = this.now();
    this.words = 0;
    this.mainMs = 0;
    this.slices = 0;
    this.longest = 0;
    const report = (outcome: PagePinyinReport['outcome'], firstMain: number, firstWall: number): PagePinyinReport => ({
      outcome,
      runs: this.runs.length,
      hanCharacters: this.runs.reduce((n, r) => n + r.han, 0),
      words: this.words,
      firstScreenMainMs: firstMain,
      firstScreenMs: firstWall,
      totalMainMs: this.mainMs,
      totalMs: this.now() - t0,
      slices: this.slices,
      longestSliceMs: this.longest,
    });
    if (this.doc.designMode === 'on') return report('done', 0, 0);
    const root = this.opts.root ?? this.doc.body;
    if (!root) return report('done', 0, 0);

    // Reading the page and measuring what is on screen: one slice of reads only (the page is laid out
    // already; our stylesheet goes in after, so the measuring forces no new layout).
    const s0 = this.now();
    this.runs = collectRuns(root);
    const visible = this.onScreen(this.runs);
    this.addStyle();
    this.account(this.now() - s0);

    await this.annotate(visible, gen);
    if (gen !== this.generation) return report('stopped', this.mainMs, this.now() - t0);
    const firstMain = this.mainMs;
    const firstWall = this.now() - t0;
    if (this.opts.onFirstScreen) {
      await this.opts.onFirstScreen(report('in view', firstMain, firstWall));
      if (gen !== this.generation) return report('stopped', firstMain, firstWall);
    }

    const rest = this.runs.filter((r) => !r.done);
    const total = this.runs.reduce((n, r) => n + r.han, 0);
    if (rest.length > 0 && total > this.opts.askAbove) {
      const yes = this.opts.confirmWholePage ? await this.opts.confirmWholePage(total) : false;
      if (gen !== this.generation) return report('stopped', firstMain, firstWall);
      if (!yes) {
        this.watchIntoView(rest, gen);
        return report('in view', firstMain, firstWall);
      }
    }
    // The rest in batches: each batch read at once, then annotated in slices.
    for (let i = 0; i < rest.length; ) {
      const batch: TextRun[] = [];
      let chars = 0;
      while (i < rest.length && (batch.length === 0 || chars + rest[i]!.text.length <= this.opts.batchChars)) {
        chars += rest[i]!.text.length;
        batch.push(rest[i++]!);
      }
      await this.annotate(batch, gen);
      if (gen !== this.generation) return report('stopped', firstMain, firstWall);
    }
    return report('done', firstMain, firstWall);
  }

  /** Removes every annotation: the page's DOM is again exactly what it was before start(). */
  stop(): void {
    this.generation++;
    this.observer?.disconnect();
    this.observer = null;
    for (let i = this.replaced.length - 1; i >= 0; i--) {
      const { original, inserted } = this.replaced[i]!;
      const first = inserted[0];
      const parent = first?.parentNode;
      // The page moved or removed our nodes: leave its change alone.
      if (!first || !parent || inserted.some((n) => n.parentNode !== parent)) continue;
      parent.insertBefore(original, first);
      for (const n of inserted) parent.removeChild(n);
      markMoved(original);
    }
    this.replaced = [];
    this.style?.remove();
    this.style = null;
    this.runs = [];
    this.words = 0;
  }

  private addStyle(): void {
    const style = this.doc.createElement('style');
    markOwn(style);
    style.id = STYLE_ID;
    style.textContent = RUBY_CSS;
    (this.doc.head ?? this.doc.documentElement).append(style);
    this.style = style;
  }

  private account(ms: number): void {
    this.mainMs += ms;
    this.slices++;
    if (ms > this.longest) this.longest = ms;
  }

  /** Runs with a part in the viewport (and half a screen below it), by their text's boxes. */
  private onScreen(runs: TextRun[]): TextRun[] {
    return runsOnScreen(this.win, runs);
  }

  /** When the reader declined the whole page: annotate blocks as they come near the viewport. */
  private watchIntoView(rest: TextRun[], gen: number): void {
    const IO = (this.win as unknown as { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
    if (!IO) return;
    const byBlock = new Map<Element, TextRun[]>();
    for (const r of rest) {
      const list = byBlock.get(r.block);
      if (list) list.push(r);
      else byBlock.set(r.block, [r]);
    }
    const queue: TextRun[] = [];
    let busy = false;
    const pump = async () => {
      if (busy) return;
      busy = true;
      while (queue.length > 0 && gen === this.generation) await this.annotate(queue.splice(0, queue.length), gen);
      busy = false;
    };
    this.observer = new IO(
      (entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          this.observer?.unobserve(e.target);
          for (const r of byBlock.get(e.target) ?? []) if (!r.done) queue.push(r);
        }
        void pump();
      },
      { rootMargin: '100% 0px' },
    );
    for (const el of byBlock.keys()) this.observer.observe(el);
  }

  /** Reads the runs' words (one call) and puts their ruby in, in slices. */
  private async annotate(runs: TextRun[], gen: number): Promise<void> {
    const todo = runs.filter((r) => !r.done);
    if (todo.length === 0) return;
    let words: RubyWord[][];
    try {
      words = await this.opts.readTexts(todo.map((r) => r.text));
    } catch {
      return; // the background is gone (extension reloaded): leave these runs plain
    }
    if (gen !== this.generation) return;
    let sliceStart = this.now();
    let deadline = sliceStart + this.opts.sliceMs;
    for (const [i, run] of todo.entries()) {
      run.done = true;
      const list = (words[i] ?? []).filter((w) => this.opts.filter({ ...w, text: run.text.slice(w.start, w.end) }));
      let w = 0;
      for (const piece of run.pieces) {
        // Changed or moved by the page since it was read: not ours to touch now.
        if (!piece.node.isConnected || piece.node.data !== piece.data || !piece.node.parentNode) continue;
        while (w < list.length && list[w]!.end <= piece.start) w++;
        let job: Job | null = { run, node: piece.node, start: piece.start, data: piece.data, record: null };
        while (job) {
          const next: Job | null = this.annotateNode(job, list, w, deadline);
          if (next || this.now() >= deadline) {
            this.account(this.now() - sliceStart);
            await this.yieldNow();
            if (gen !== this.generation) return;
            sliceStart = this.now();
            deadline = sliceStart + this.opts.sliceMs;
            // The tail node is ours; the page may still have moved it meanwhile.
            if (next && (!next.node.isConnected || !next.node.parentNode)) break;
          }
          job = next;
        }
      }
    }
    this.account(this.now() - sliceStart);
  }

  /**
   * Puts ruby into one text node (a page's node, or the tail we left of it in an earlier slice): the
   * words of `words` from index `w` that fall in it, until `deadline`. Returns the job for the rest of
   * the node when the deadline came first (its text is then in a tail text node of ours), else null.
   */
  private annotateNode(job: Job, words: readonly RubyWord[], w: number, deadline: number): Job | null {
    const { run, node, data } = job;
    const from = job.start;
    const to = from + data.length;
    const doc = this.doc;
    const out: Node[] = [];
    let at = 0; // offset in the node's text already emitted
    let rest: number | null = null; // where the deadline stopped us
    for (let k = w; k < words.length; k++) {
      const word = words[k]!;
      if (word.start >= to) break;
      if (word.end <= from + at) continue;
      if (out.length > 0 && this.now() >= deadline) {
        rest = Math.max(at, word.start - from);
        break;
      }
      const text = run.text.slice(word.start, word.end);
      const a = Math.max(word.start, from) - from;
      const b = Math.min(word.end, to) - from;
      let reading: string;
      if (word.start >= from && word.end <= to) {
        reading = word.pinyin;
      } else {
        // The word continues in another text node: this node's characters and their syllables.
        const per = syllablesPerChar(text, word.pinyin);
        if (!per) {
          if (word.start < from) continue; // the whole reading went over the part with the first character
          reading = word.pinyin;
        } else {
          const before = [...run.text.slice(word.start, Math.max(word.start, from))].length;
          const here = [...data.slice(a, b)].length;
          reading = per.slice(before, before + here).join(' ');
        }
      }
      const base = data.slice(a, b);
      if (!hasHan(base) || reading === '') continue;
      if (a > at) out.push(doc.createTextNode(data.slice(at, a)));
      const ruby = doc.createElement('ruby');
      ruby.className = RUBY_CLASS;
      ruby.append(doc.createTextNode(base));
      const rt = doc.createElement('rt');
      rt.setAttribute('aria-hidden', 'true');
      rt.setAttribute('lang', this.opts.readingLang);
      rt.textContent = this.opts.format(reading);
      ruby.append(rt);
      out.push(ruby);
      this.words++;
      at = b;
    }
    if (out.length === 0) return null;
    let tail: Text | null = null;
    if (at < data.length) {
      tail = doc.createTextNode(data.slice(at));
      out.push(tail);
    }
    const frag = doc.createDocumentFragment();
    for (const n of out) markOwn(n);
    frag.append(...out);
    node.parentNode!.replaceChild(frag, node);
    markMoved(node);
    // The record of the page's node: our nodes in its place (a tail replaced in a later slice drops out).
    let record = job.record;
    if (!record) {
      record = { original: node, inserted: out };
      this.replaced.push(record);
    } else {
      const i = record.inserted.indexOf(node);
      record.inserted.splice(i, 1, ...out);
    }
    if (rest === null || !tail) return null;
    return { run, node: tail, start: from + at, data: tail.data, record };
  }
}
