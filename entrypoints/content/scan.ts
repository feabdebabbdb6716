/**
 * Finding the text under the pointer: the character at a point, and the block of text around it gathered
 * across inline elements (`<a>中国</a>共产党` is one run), without ruby annotations (<rt>, <rp>).
 *
 * DOM only, no extension APIs: the gathering is tested on small HTML fixtures (tests/content).
 */

import { walkText } from './walk';

/** Elements whose text is never page prose. */
const SKIP = new Set(['RT', 'RP', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'OPTION']);

/**
 * Inline by default and holding prose: the hover's run below and the text runs of pinyin over the page
 * (page-runs.ts) are both read across them.
 */
export const PROSE_INLINE_TAGS = [
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'DEL',
  'MARK',
  'Q',
  'S',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'WBR',
  'LABEL',
  'BIG',
  'NOBR',
  'ACRONYM',
  'STRIKE',
];

/**
 * Inline by default; the fallback when computed styles are unavailable (and the fast path). The hover
 * also reads through code and ruby (its annotations skipped: SKIP).
 */
const INLINE_TAGS = new Set([...PROSE_INLINE_TAGS, 'CODE', 'KBD', 'RB', 'RTC', 'RUBY', 'SAMP', 'VAR', 'TT', 'RT', 'RP']);

export type IsInline = (el: Element) => boolean;

/** Tag-based test (no layout): used in tests and when the page gives no computed style. */
export const isInlineByTag: IsInline = (el) => INLINE_TAGS.has(el.tagName.toUpperCase());

/** Layout-based test: a <span style="display:block"> is a block, a <div style="display:inline"> is not. */
export const isInlineByStyle: IsInline = (el) => {
  const view = el.ownerDocument.defaultView;
  if (!view) return isInlineByTag(el);
  const display = view.getComputedStyle(el).display;
  return display.startsWith('inline') || display.startsWith('ruby') || display === 'contents';
};

/** Code units gathered past the point before the walk stops. */
const MAX_AFTER = 4_000;

/** One text node of a gathered run and where its text starts in the run. */
export interface Piece {
  node: Text;
  start: number;
}

export interface Run {
  /** The text of the run: text nodes of one block, in document order, ruby annotations skipped. */
  text: string;
  pieces: Piece[];
  /** Position in `text` of the point the run was gathered around. */
  offset: number;
}

function skipped(node: Node, root: Element): boolean {
  for (let el = node.parentElement; el && el !== root; el = el.parentElement) {
    if (SKIP.has(el.tagName.toUpperCase())) return true;
  }
  return SKIP.has(root.tagName.toUpperCase());
}

/** The nearest ancestor of `node` that is not inline (the block whose text is read as one run). */
export function blockOf(node: Node, isInline: IsInline): Element | null {
  let el = node.parentElement;
  while (el && isInline(el) && el.parentElement) el = el.parentElement;
  return el;
}

/**
 * Gather the run of text around (`node`, `offset`): the text of its block, split at nested blocks and
 * <br> (text on the other side of a nested block is another run), with the position of the point in it.
 */
export function gatherRun(node: Text, offset: number, isInline: IsInline = isInlineByStyle): Run | null {
  const root = blockOf(node, isInline);
  if (!root || skipped(node, root)) return null;
  let pieces: Piece[] = [];
  let text = '';
  let at = -1;
  // Nested blocks and <br> break the run: before the target's run they reset it, after it they end it.
  const breakRun = (): boolean => {
    if (at >= 0) return true;
    pieces = [];
    text = '';
    return false;
  };
  walkText(
    root,
    (el) => {
      const tag = el.tagName.toUpperCase();
      if (SKIP.has(tag)) return 'skip';
      // The text of a nested block is a run of its own.
      return tag === 'BR' || !isInline(el) ? 'break' : 'inline';
    },
    {
      text(t) {
        if (t === node) at = text.length + offset;
        pieces.push({ node: t, start: text.length });
        text += t.data;
        // A block can be a whole forum thread held together by <br>: enough text after the point is
        // enough (the background reads a window of about 2,000 code units around it anyway).
        return at >= 0 && text.length - at > MAX_AFTER;
      },
      edge: () => breakRun(),
    },
  );
  if (at < 0) return null;
  return { text, pieces, offset: at };
}

/**
 * `gatherRun` with a memory of the last run: the pointer moving along one paragraph hits the same run
 * again and again, and gathering it walks the whole block with a computed style per element. The memory
 * is trusted only while every text node of the run is still in the page with the same text.
 */
export class RunCache {
  private run: Run | null = null;
  private nodes = new Map<Text, number>();
  private texts: string[] = [];

  constructor(private readonly isInline: IsInline = isInlineByStyle) {}

  get(node: Text, offset: number): Run | null {
    const i = this.nodes.get(node);
    if (this.run && i !== undefined && this.valid()) {
      return { ...this.run, offset: this.run.pieces[i]!.start + offset };
    }
    const run = gatherRun(node, offset, this.isInline);
    this.run = run;
    this.nodes = new Map(run?.pieces.map((p, k) => [p.node, k]) ?? []);
    this.texts = run?.pieces.map((p) => p.node.data) ?? [];
    return run;
  }

  private valid(): boolean {
    const pieces = this.run!.pieces;
    for (let k = 0; k < pieces.length; k++) {
      const n = pieces[k]!.node;
      if (!n.isConnected || n.data !== this.texts[k]) return false;
    }
    return true;
  }
}

/** The DOM position of `index` in a run (end positions resolve to the end of the previous piece). */
export function positionIn(run: Run, index: number, preferEnd = false): { node: Text; offset: number } {
  const { pieces } = run;
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = pieces[mid]!.start;
    if (s < index || (!preferEnd && s === index)) lo = mid;
    else hi = mid - 1;
  }
  const p = pieces[lo]!;
  return { node: p.node, offset: Math.min(p.node.data.length, Math.max(0, index - p.start)) };
}

/** A Range over [start, end) of a run, crossing text nodes as needed. */
export function rangeOf(run: Run, start: number, end: number): Range {
  const doc = run.pieces[0]!.node.ownerDocument;
  const range = doc.createRange();
  const a = positionIn(run, start, false);
  const b = positionIn(run, end, true);
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}

/** The text node and character index under a viewport point, or null when the point is not on text. */
export function textAtPoint(doc: Document, x: number, y: number): { node: Text; offset: number } | null {
  let node: Node | null = null;
  let offset = 0;
  const d = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  if (typeof d.caretPositionFromPoint === 'function') {
    const pos = d.caretPositionFromPoint(x, y);
    if (pos) {
      node = pos.offsetNode;
      offset = pos.offset;
    }
  } else if (typeof doc.caretRangeFromPoint === 'function') {
    const r = doc.caretRangeFromPoint(x, y);
    if (r) {
      node = r.startContainer;
      offset = r.startOffset;
    }
  }
  if (node?.nodeType !== 3) return null;
  const text = node as Text;
  // The caret sits at the nearer edge of a glyph: the character under the point is the one after or
  // the one before it. Check which box really holds the point (and reject points past a line's end).
  const range = doc.createRange();
  for (const i of [offset, offset - 1]) {
    if (i < 0 || i >= text.data.length) continue;
    let end = i + 1;
    const c = text.data.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && end < text.data.length) end++;
    if (c >= 0xdc00 && c <= 0xdfff) continue; // second half of a pair: its first half is checked
    range.setStart(text, i);
    range.setEnd(text, end);
    for (const rect of range.getClientRects()) {
      if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) {
        return { node: text, offset: i };
      }
    }
  }
  return charAtPointByBoxes(text, offset, x, y, range);
}

/** How far from the caret the character boxes are searched when the caret's neighbours miss. */
const BIDI_SEARCH = 512;

/**
 * Bidirectional text (a Chinese run inside a right-to-left paragraph): at the visual edge of a run the
 * caret may sit at the run's other logical end, far from the character under the point. When the point
 * is on this text node's text at all, the characters around the caret are tried outwards, box by box.
 */
function charAtPointByBoxes(text: Text, offset: number, x: number, y: number, range: Range): { node: Text; offset: number } | null {
  const inside = (rects: DOMRectList) => {
    for (const r of rects) if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return true;
    return false;
  };
  range.selectNodeContents(text);
  if (!inside(range.getClientRects())) return null;
  const n = text.data.length;
  for (let d = 1; d <= BIDI_SEARCH; d++) {
    for (const i of [offset + d, offset - 1 - d]) {
      if (i < 0 || i >= n) continue;
      const c = text.data.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff) continue;
      range.setStart(text, i);
      range.setEnd(text, Math.min(n, c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1));
      if (inside(range.getClientRects())) return { node: text, offset: i };
    }
    if (offset + d >= n && offset - 1 - d < 0) break;
  }
  return null;
}

/** The part of each text node that [start, end) of a run covers, in order. */
export function slicesOf(run: Run, start: number, end: number): Array<{ node: Text; from: number; to: number }> {
  const out: Array<{ node: Text; from: number; to: number }> = [];
  for (const p of run.pieces) {
    const s = Math.max(start, p.start);
    const e = Math.min(end, p.start + p.node.data.length);
    if (s < e) out.push({ node: p.node, from: s - p.start, to: e - p.start });
  }
  return out;
}

/**
 * One Range per text node that [start, end) overlaps: the word's own characters only, so a highlight
 * does not also paint ruby annotations (<rt>) that lie between them in the DOM.
 */
export function rangesOf(run: Run, start: number, end: number): Range[] {
  return slicesOf(run, start, end).map(({ node, from, to }) => {
    const r = node.ownerDocument.createRange();
    r.setStart(node, from);
    r.setEnd(node, to);
    return r;
  });
}
