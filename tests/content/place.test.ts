import { describe, expect, it } from 'vitest';
import { placeCard } from '../../entrypoints/content/place';

const viewport = { width: 1000, height: 800 };
const card = { width: 300, height: 200 };

describe('placeCard', () => {
  it('puts the card just below the word when there is room', () => {
    const p = placeCard({ left: 100, top: 100, width: 40, height: 20 }, card, viewport);
    expect(p).toEqual({ left: 100, top: 126, maxHeight: null });
  });
  it('puts it above a word near the bottom edge, without covering the word', () => {
    const word = { left: 100, top: 700, width: 40, height: 20 };
    const p = placeCard(word, card, viewport);
    expect(p.top + card.height).toBeLessThanOrEqual(word.top);
  });
  it('keeps the card inside the viewport at the right edge', () => {
    const p = placeCard({ left: 950, top: 100, width: 40, height: 20 }, card, viewport);
    expect(p.left + card.width).toBeLessThanOrEqual(viewport.width - 8);
    expect(p.left).toBeGreaterThanOrEqual(8);
  });
  it('caps a card taller than the room on both sides, on the roomier side, without covering the word', () => {
    const word = { left: 10, top: 300, width: 40, height: 20 };
    const p = placeCard(word, { width: 300, height: 700 }, viewport);
    expect(p.top).toBe(326); // below: 800 - 320 = 480 of room against 300 above
    expect(p.maxHeight).toBe(800 - 320 - 6 - 8);
    expect(p.top + p.maxHeight!).toBeLessThanOrEqual(viewport.height - 8);
    const high = placeCard({ ...word, top: 600 }, { width: 300, height: 700 }, viewport);
    expect(high.top).toBeGreaterThanOrEqual(8);
    expect(high.top + high.maxHeight!).toBeLessThanOrEqual(600);
  });
});
