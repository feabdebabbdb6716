/**
 * Content-script side of the page glossary (issue 5): hands the popup the article text, and scrolls to
 * and highlights occurrence N of a word when the reader clicks it in the glossary. The highlight uses
 * the CSS Custom Highlight API: no node is added to the page's text and the selection is left alone.
 */
import { browser } from 'wxt/browser';
import { countHan } from '../../dictionary/han';
import { isPageRequest, type PageText, type RevealResult } from '../../utils/study/page-protocol';
import { isOwnMutation } from './own-nodes';
import { probe } from './probe';
import { walkText } from './walk';
import { randomHighlightName } from './highlight-name';

/** Not the article's text; RT and RP are ruby annotations (the page's, or Dubao's pinyin over the page). */
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'OPTION', 'SVG', 'CANVAS', 'IFRAME', 'RT', 'RP']);
const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'BR',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
  'BUTTON',
]);

interface Piece {
  node: Text;
  /** Offset of the node's first character in the extracted text. */
  start: number;
}

export interface Extracted {
  text: string;
  pieces: Piece[];
}

/**
 * The element that holds the article: a single <article> or <main> with most of the page's Chinese,
 * else the body (menus and footers then count too, which is better than missing the story).
 */
export function articleRoot(doc: Document): Element {
  const body = doc.body ?? doc.documentElement;
  const total = countHan(body.textContent ?? '');
  for (const sel of ['article', 'main', '[role="main"]']) {
    const found = doc.querySelectorAll(sel);
    if (found.length !== 1) continue;
    if (total > 0 && countHan(found[0]!.textContent ?? '') >= total * 0.6) return found[0]!;
  }
  return body;
}

/** The visible-ish text of `root`, block boundaries as line breaks, with a map back to its text nodes. */
export function extractText(root: Element): Extracted {
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let length = 0;
  /** A block started or ended since the last text: the next text goes on a line of its own. */
  let edge = false;
  walkText(
    root,
    (el) => {
      const tag = el.tagName.toUpperCase();
      if (SKIP.has(tag) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return 'skip';
      return BLOCK.has(tag) ? 'block' : 'inline';
    },
    {
      text(t) {
        const data = t.data;
        if (!data.trim()) return;
        if (edge && parts.length > 0) {
          parts.push('\n');
          length += 1;
        }
        edge = false;
        pieces.push({ node: t, start: length });
        parts.push(data);
        length += data.length;
      },
      edge() {
        edge = true;
      },
    },
  );
  return { text: parts.join(''), pieces };
}

/** Node and offset of text position `at` (the piece that holds it). */
function locate(pieces: readonly Piece[], at: number): { node: Text; offset: number } | null {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  const p = pieces[lo];
  if (!p || at < p.start || at > p.start + p.node.data.length) return null;
  return { node: p.node, offset: at - p.start };
}

export function rangeAt(doc: Document, ex: Extracted, start: number, length: number): Range | null {
  const a = locate(ex.pieces, start);
  // The end may fall exactly at the end of a piece: locate the last character, then step past it.
  const b = locate(ex.pieces, start + length - 1);
  if (!a || !b || !a.node.isConnected || !b.node.isConnected) return null;
  const range = doc.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset + 1);
  return range;
}

/** Occurrence `index` of `word` in the text, by plain search (used when the page changed). */
function nthIndex(text: string, word: string, index: number): number {
  let at = -1;
  for (let i = 0; i <= index; i++) {
    at = text.indexOf(word, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

type HighlightWindow = Window & {
  Highlight?: new (...ranges: Range[]) => unknown;
  CSS?: { highlights?: { set(name: string, h: unknown): void; delete(name: string): void } };
};

export class PageReader {
  private last: Extracted | null = null;
  /** The page changed since `last` was read (or nothing was read yet). */
  private dirty = true;
  private observer: MutationObserver | null = null;
  private readonly listeners = new Set<() => void>();
  private styled = false;
  /** The highlight's name, drawn at random (highlight-name.ts). */
  private readonly highlightName: string;

  constructor(private readonly win: Window) {
    this.highlightName = randomHighlightName(win);
  }

  /**
   * The article text. Read again only when the page changed since the last reading: a 100,000-character
   * page takes tens of milliseconds to walk, and the popup asks each time it opens.
   */
  text(): PageText {
    const doc = this.win.document;
    const { text } = this.dirty || !this.last ? this.read() : this.last;
    return { text, title: doc.title, url: this.win.location.href };
  }

  /** Reads the article text now, and watches the page for changes from here on. */
  private read(): Extracted {
    this.watch();
    this.dirty = false;
    this.last = extractText(articleRoot(this.win.document));
    return this.last;
  }

  /**
   * Calls `listener` after each change of the page (DOM or text; Dubao's own card and pinyin over the
   * page aside: own-nodes.ts). Returns "stop".
   */
  onChange(listener: () => void): () => void {
    this.watch();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops watching the page (the content script was invalidated). */
  close(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.listeners.clear();
    this.dirty = true;
  }

  private watch(): void {
    if (this.observer) return;
    const Observer = (this.win as unknown as typeof globalThis).MutationObserver;
    this.observer = new Observer((records) => {
      if (records.every(isOwnMutation)) return;
      probe.pageChanges++;
      this.dirty = true;
      for (const l of this.listeners) l();
    });
    this.observer.observe(this.win.document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      // Text under [hidden] and [aria-hidden="true"] is left out, so these change the text too.
      attributes: true,
      attributeFilter: ['hidden', 'aria-hidden'],
    });
  }

  reveal(start: number, length: number, word: string, index: number): RevealResult {
    const doc = this.win.document;
    let range: Range | null = null;
    if (this.last && start >= 0) {
      range = rangeAt(doc, this.last, start, length);
      if (range && range.toString() !== word) range = null;
    }
    if (!range) {
      // The page changed since the popup read it (or this is a fresh content script): read it again.
      this.last = this.read();
      const same = start >= 0 && this.last.text.slice(start, start + length) === word;
      const at = same ? start : nthIndex(this.last.text, word, index);
      range = at < 0 ? null : rangeAt(doc, this.last, at, word.length);
    }
    if (!range) return { found: false };
    this.scrollTo(range);
    this.highlight(range);
    return { found: true };
  }

  private scrollTo(range: Range): void {
    const el = range.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    // A long paragraph centred may still leave the word off screen: bring the word itself to a third.
    const rect = range.getBoundingClientRect();
    const h = this.win.innerHeight;
    if (rect.top < 0 || rect.bottom > h) this.win.scrollBy({ top: rect.top - h / 3, behavior: 'instant' });
  }

  private highlight(range: Range): void {
    const w = this.win as HighlightWindow;
    const registry = w.CSS?.highlights;
    if (!w.Highlight || !registry) return;
    if (!this.styled) {
      const sheet = new (w as unknown as typeof globalThis).CSSStyleSheet();
      sheet.replaceSync(`::highlight(${this.highlightName}) { background-color: rgba(255, 170, 0, 0.55); color: inherit; }`);
      w.document.adoptedStyleSheets = [...w.document.adoptedStyleSheets, sheet];
      this.styled = true;
    }
    registry.set(this.highlightName, new w.Highlight(range));
  }
}

/**
 * Answers the popup's page requests in the top frame (the article is there; frames have their own text).
 * Returns the top frame's reader (null in other frames) for the glossary prepared at load (prepare.ts).
 */
export function registerPageText(ctx: { onInvalidated(fn: () => void): void }): PageReader | null {
  if (window !== window.top) return null;
  const page = new PageReader(window);
  const listener = (msg: unknown): Promise<PageText | RevealResult> | undefined => {
    if (!isPageRequest(msg)) return undefined;
    if (msg.kind === 'text') return Promise.resolve(page.text());
    return Promise.resolve(page.reveal(msg.start, msg.length, msg.word, msg.index));
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(listener);
    page.close();
  });
  return page;
}
