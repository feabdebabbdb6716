/**
 * The unknown-word colours of one run (word-marks.ts): which colour a word's state has, the StaticRanges
 * that draw a run's words in the two highlights (neighbouring words of one colour in one text node share
 * one range), and, for N and P, where a word of the run is in the page and its live Range. DOM only.
 */
import type { WordState } from '../../utils/knowledge/model';
import type { TextRun } from './page-runs';

export type Colour = 'new' | 'learning';

export interface RunMarks {
  run: TextRun;
  /** The run's words (offsets in its text) and headwords; empty until read. */
  words: Array<{ start: number; end: number; word: string }>;
  /** The ranges drawn for it now, by colour. */
  ranges: Array<[Colour, AbstractRange]>;
}

export interface HighlightLike {
  add(r: AbstractRange): void;
  delete(r: AbstractRange): boolean;
  clear(): void;
  size: number;
  priority: number;
}

/** Whether the words of this state are coloured, and in which highlight. */
export function colourOf(state: WordState | undefined): Colour | null {
  return state === 'new' ? 'new' : state === 'learning' ? 'learning' : null;
}

/** The text node and offset of a position in a run. */
export function positionInRun(r: RunMarks, at: number): { node: Text; offset: number } | null {
  for (const p of r.run.pieces) if (at >= p.start && at < p.start + p.data.length) return { node: p.node, offset: at - p.start };
  return null;
}

/** A live Range over [start, end) of a run (for N and P only; the colours use StaticRanges). */
export function rangeInRun(doc: Document, r: RunMarks, start: number, end: number): Range | null {
  const a = positionInRun(r, start);
  const b = positionInRun(r, end - 1);
  if (!a || !b || !a.node.isConnected) return null;
  const range = doc.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset + 1);
  return range;
}

/**
 * Draws a run: its old ranges go, and each stretch of neighbouring words of one colour within one text
 * node becomes one StaticRange in that colour's highlight (the words' colours from `states`).
 */
export function drawRun(win: Window, hl: Record<Colour, HighlightLike>, states: ReadonlyMap<string, WordState>, r: RunMarks): void {
  for (const [c, range] of r.ranges) hl[c].delete(range);
  r.ranges = [];
  const pieces = r.run.pieces;
  // Changed since it was read: nothing drawn until it is read again.
  if (pieces.some((p) => !p.node.isConnected || p.node.data !== p.data)) return;
  const SR = (win as unknown as { StaticRange: typeof StaticRange }).StaticRange;
  let k = 0;
  let open: { colour: Colour; piece: number; from: number; to: number } | null = null;
  const close = () => {
    if (!open) return;
    const node = pieces[open.piece]!.node;
    const range = new SR({ startContainer: node, startOffset: open.from, endContainer: node, endOffset: open.to });
    hl[open.colour].add(range);
    r.ranges.push([open.colour, range]);
    open = null;
  };
  for (const w of r.words) {
    const colour = colourOf(states.get(w.word));
    if (!colour) {
      close();
      continue;
    }
    while (k < pieces.length - 1 && pieces[k]!.start + pieces[k]!.data.length <= w.start) k++;
    for (let j = k; j < pieces.length && pieces[j]!.start < w.end; j++) {
      const p = pieces[j]!;
      const from = Math.max(w.start, p.start) - p.start;
      const to = Math.min(w.end, p.start + p.data.length) - p.start;
      if (from >= to) continue;
      const o = open as { colour: Colour; piece: number; from: number; to: number } | null;
      if (o && o.colour === colour && o.piece === j && o.to === from) o.to = to;
      else {
        close();
        open = { colour, piece: j, from, to };
      }
    }
  }
  close();
}
