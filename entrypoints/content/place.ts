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
 * Below the word when it fits, else above; when it fits on neither side, on the side with more room with
 * its height capped to that room (the card scrolls inside), so it never covers the word. Horizontally
 * aligned with the word's left edge and pushed back inside the viewport.
 */
export function placeCard(
  word: Box,
  card: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number; maxHeight: number | null } {
  const below = viewport.height - (word.top + word.height) - GAP - MARGIN;
  const above = word.top - GAP - MARGIN;
  let top: number;
  let maxHeight: number | null = null;
  if (card.height <= below) top = word.top + word.height + GAP;
  else if (card.height <= above) top = word.top - GAP - card.height;
  else if (below >= above) {
    top = word.top + word.height + GAP;
    maxHeight = Math.max(0, below);
  } else {
    maxHeight = Math.max(0, above);
    top = word.top - GAP - maxHeight;
  }
  let left = word.left;
  left = Math.min(left, viewport.width - MARGIN - card.width);
  left = Math.max(MARGIN, left);
  return { left: Math.round(left), top: Math.round(top), maxHeight: maxHeight === null ? null : Math.floor(maxHeight) };
}
