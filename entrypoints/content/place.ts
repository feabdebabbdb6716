/** Where the card goes: beside the word, inside the viewport. Pure geometry, tested in tests/content. */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const GAP = 6;
const MARGIN = 8;

/**
 * Below the word when it fits, else above, else on the side with more room (the card scrolls inside its
 * max-height then). Horizontally aligned with the word's left edge and pushed back inside the viewport.
 */
export function placeCard(
  word: Box,
  card: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number } {
  const below = viewport.height - (word.top + word.height) - GAP - MARGIN;
  const above = word.top - GAP - MARGIN;
  let top: number;
  if (card.height <= below) top = word.top + word.height + GAP;
  else if (card.height <= above) top = word.top - GAP - card.height;
  else if (below >= above) top = word.top + word.height + GAP;
  else top = Math.max(MARGIN, word.top - GAP - card.height);
  top = Math.max(MARGIN, Math.min(top, viewport.height - MARGIN - Math.min(card.height, viewport.height - 2 * MARGIN)));
  let left = word.left;
  left = Math.min(left, viewport.width - MARGIN - card.width);
  left = Math.max(MARGIN, left);
  return { left: Math.round(left), top: Math.round(top) };
}

/** Whether a point is inside a box grown by `slack` pixels on each side. */
export function inBox(x: number, y: number, b: Box, slack = 0): boolean {
  return x >= b.left - slack && x <= b.left + b.width + slack && y >= b.top - slack && y <= b.top + b.height + slack;
}
