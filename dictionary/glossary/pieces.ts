/**
 * Segmenting a page text in pieces (sentences and lines), with a cache of the pieces of earlier pages: a
 * page that changed (a live blog's new paragraph) or the next article of a site (same menus and footers)
 * is segmented only where it is new.
 */
import { Lru } from '../lru';
import type { Segment } from '../types';
import type { GlossaryCore } from './rows';

/** Characters segmented between two pauses of buildGlossaryInSteps, at most (see also STEP_MS). */
export const STEP_CHARS = 4_000;

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
export class PieceCache extends Lru<string, readonly Segment[]> {
  constructor(maxChars = 400_000) {
    super(maxChars, (piece) => piece.length);
  }

  /** Keeps the segments of a piece not kept yet; a piece over a quarter of the capacity is not kept. */
  override set(piece: string, segs: readonly Segment[]): void {
    if (piece.length > this.capacity / 4 || this.has(piece)) return;
    super.set(piece, segs);
  }
}

/**
 * The segments of text[from, to), `to` a cut (cutAfter), piece by piece through `cache`. Returns the
 * number of characters that had to be segmented (not found in the cache).
 */
export function segmentPieces(
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
