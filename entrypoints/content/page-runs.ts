/**
 * The page's text runs, as pinyin over the page (page-pinyin.ts) and the unknown-word colours
 * (word-marks.ts) read them: text nodes joined across inline elements, broken at blocks and <br>, each
 * with its block (`collectRuns`); which runs are on screen (`runsOnScreen`); and the yield between the
 * slices of work done over them (`pageYield`). Left out, as not prose or not the page's to change:
 * scripts and styles, form fields and buttons, editable areas, code, the page's own ruby, SVG and MathML,
 * frames and media, and Dubao's card. Dubao's own ruby is read through: its base text is the page's, its
 * <rt> is not. DOM only; tests/content/page-pinyin.test.ts.
 */
import { makeYield, type YieldScope } from '../../utils/yield';
import { countHan } from '../../dictionary/han';
import { RUBY_CLASS } from './ruby';
import { PROSE_INLINE_TAGS } from './scan';
import { walkText } from './walk';

/**
 * Elements that end a run, their content not read: not prose, or not the page's to change. More than the
 * hover leaves out (scan.ts): it reads code and the base text of ruby, and never meets the fallback text
 * inside frames and media, which is not shown.
 */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'OPTGROUP',
  'BUTTON',
  'DATALIST',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
  'VAR',
  'TT',
  'LISTING',
  'XMP',
  'PLAINTEXT',
  'RUBY',
  'RT',
  'RP',
  'SVG',
  'MATH',
  'IFRAME',
  'FRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'DUBAO-CARD',
  'HEAD',
  'TITLE',
]);

/**
 * Inline: their text is part of the run around them. The hover's list of prose tags (scan.ts), one list
 * for both; not the hover's code and ruby tags (<code>, <ruby>...), which end a run here (SKIP).
 */
const INLINE = new Set<string>(PROSE_INLINE_TAGS);

interface Piece {
  node: Text;
  /** Offset of the node's text in the run. */
  start: number;
  /** The node's text when the run was read (a node changed since is left alone). */
  data: string;
}

export interface TextRun {
  text: string;
  pieces: Piece[];
  /** The element that holds the run (its block), for watching it come into view. */
  block: Element;
  han: number;
  done: boolean;
}

function isEditableElement(el: Element): boolean {
  const h = el as HTMLElement;
  if (h.isContentEditable === true) return true;
  const ce = el.getAttribute('contenteditable');
  return ce !== null && ce !== 'false';
}

/**
 * The text runs under `root`: text nodes joined across inline elements, broken at blocks and <br>,
 * each with its block element. Runs without Han characters are dropped.
 */
export function collectRuns(root: Element): TextRun[] {
  const runs: TextRun[] = [];
  let pieces: Piece[] = [];
  let text = '';
  let block: Element = root;
  const close = () => {
    if (pieces.length > 0) {
      const han = countHan(text);
      if (han > 0) runs.push({ text, pieces, block, han, done: false });
    }
    pieces = [];
    text = '';
  };
  /** The blocks the walk is in, innermost last: a run's block is the innermost when it starts. */
  const blocks: Element[] = [root];
  walkText(
    root,
    (el) => {
      const tag = el.tagName.toUpperCase();
      // Our own ruby (pinyin over the page is on): its base text is the page's; its <rt> is not.
      if (tag === 'RUBY' && el.classList.contains(RUBY_CLASS)) return 'inline';
      if ((tag === 'RT' || tag === 'RP') && el.parentElement?.classList.contains(RUBY_CLASS)) return 'skip';
      // Not prose (or not ours to change): it also ends the run, as a word never spans it.
      if (SKIP.has(tag) || isEditableElement(el) || el.shadowRoot || tag === 'BR') return 'break';
      return INLINE.has(tag) ? 'inline' : 'block';
    },
    {
      text(t) {
        if (pieces.length === 0) block = blocks[blocks.length - 1]!;
        pieces.push({ node: t, start: text.length, data: t.data });
        text += t.data;
      },
      edge(el, entering) {
        close();
        if (el.tagName.toUpperCase() === 'BR' || SKIP.has(el.tagName.toUpperCase()) || isEditableElement(el) || el.shadowRoot) return;
        if (entering) blocks.push(el);
        else blocks.pop();
      },
    },
  );
  close();
  return runs;
}

/** Runs with a part in the viewport (and half a screen below it), by their text's boxes. */
export function runsOnScreen<R extends { pieces: Array<{ node: Text }> }>(win: Window, runs: readonly R[]): R[] {
  const doc = win.document;
  const h = win.innerHeight || 0;
  const w = win.innerWidth || 0;
  if (!h || typeof doc.createRange !== 'function') return [];
  const range = doc.createRange();
  const out: R[] = [];
  for (const run of runs) {
    const first = run.pieces[0]!.node;
    const last = run.pieces[run.pieces.length - 1]!.node;
    try {
      range.setStart(first, 0);
      range.setEnd(last, last.data.length);
    } catch {
      continue;
    }
    const r = typeof range.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : null;
    if (!r || (r.width === 0 && r.height === 0)) continue;
    if (r.bottom >= 0 && r.top <= h * 1.5 && r.right >= 0 && r.left <= w) out.push(run);
  }
  return out;
}

type Yield = () => Promise<void>;

/**
 * Yields to the event loop: a message task (utils/yield.ts), not setTimeout (no 4 ms clamp after a few
 * nestings), and not an animation frame: waiting for a frame after each slice was measured to cost far
 * more (each frame lays out and paints the page again: 850 frames and 23 s of main thread for a
 * 20,000-character page, against 16 layouts and about 2 s when the browser renders at its own pace
 * between slices).
 */
export function pageYield(win: Window): Yield {
  return makeYield(win as unknown as YieldScope, { useScheduler: false });
}
