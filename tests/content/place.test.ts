import { describe, expect, it } from 'vitest';
import { placeCard } from '../../entrypoints/content/place';

const viewport = { width: 1000, height: 800 };
const card = { width: 300, height: 200 };

describe('placeCard', () => {
  it('puts the card just below the word when there is room', () => {
    const p = placeCard({ left: 100, top: 100, width: 40, height: 20 }, card, viewport);
    expect(p).toEqual({ left: 100, top: 126 });
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
  it('keeps a card taller than the space on both sides inside the viewport', () => {
    const p = placeCard({ left: 10, top: 390, width: 40, height: 20 }, { width: 300, height: 700 }, viewport);
    expect(p.top).toBeGreaterThanOrEqual(8);
    expect(p.top + Math.min(700, viewport.height - 16)).toBeLessThanOrEqual(viewport.height - 8);
  });
});
