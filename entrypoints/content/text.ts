/**
 * Pure string helpers of the hover path (no DOM): which characters start a lookup, where sentences end,
 * and which slice of a long block is sent to the background.
 */

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '；', ';', '\n', '…']);
/** Closing quotes and brackets that belong to the sentence they end. */
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '》', '"']);

/** [from, to) of the sentence of `text` that contains [start, end). */
export function sentenceBounds(text: string, start: number, end: number): [number, number] {
  let from = start;
  while (from > 0 && !SENTENCE_END.has(text[from - 1]!)) from--;
  // A sentence that starts right after a closing quote of the previous one starts after it.
  while (from < start && CLOSERS.has(text[from]!)) from++;
  let to = end;
  while (to < text.length && !SENTENCE_END.has(text[to]!)) to++;
  if (to < text.length && text[to] !== '\n') to++; // keep the full stop
  while (to < text.length && CLOSERS.has(text[to]!)) to++;
  return [from, to];
}

/**
 * The sentence around [start, end), whitespace collapsed, at most `max` code units (cut around the word
 * with an ellipsis when a "sentence" runs on, e.g. a list without punctuation).
 */
export function sentenceAround(text: string, start: number, end: number, max = 300): string {
  let [from, to] = sentenceBounds(text, start, end);
  if (to - from > max) {
    const room = Math.max(0, max - (end - start));
    from = Math.max(from, start - Math.floor(room / 2));
    to = Math.min(to, from + max);
    const s = text.slice(from, to).replace(/\s+/g, ' ').trim();
    return `${from > 0 ? '…' : ''}${s}${to < text.length ? '…' : ''}`;
  }
  return text.slice(from, to).replace(/\s+/g, ' ').trim();
}

/**
 * The window of a long block sent with a lookup: the whole block when it fits, otherwise whole sentences
 * around `offset` up to `max` code units. Cutting at sentence ends keeps the window the same for every
 * hover in one sentence, so the background's per-text cache hits.
 */
export function lookupWindow(text: string, offset: number, max = 2_000): [number, number] {
  if (text.length <= max) return [0, text.length];
  const half = Math.floor(max / 2);
  let from = Math.max(0, offset - half);
  let to = Math.min(text.length, from + max);
  from = Math.max(0, to - max);
  // Move the edges inwards to sentence ends, unless that would lose the pointer's sentence.
  for (let i = from; i < offset; i++) {
    if (SENTENCE_END.has(text[i]!)) {
      from = i + 1;
      break;
    }
  }
  for (let i = to - 1; i > offset; i--) {
    if (SENTENCE_END.has(text[i]!)) {
      to = i + 1;
      break;
    }
  }
  return [from, to];
}
