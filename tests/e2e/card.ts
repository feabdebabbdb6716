/**
 * Reading the hover card in e2e tests. The card lives in a closed shadow root and keeps nothing of the
 * reader's in the page's DOM (issue 10), so everything is read from the content script's world
 * (harness.ts `contentWorld`): `globalThis.dubaoProbe` there holds the card host and the last card's
 * timings (entrypoints/content/probe.ts).
 */
import type { Frame, Page } from 'playwright-core';
import type { CardView } from '../../entrypoints/content/probe';
import type { ContentWorld } from './harness';

/** The default hover delay: the card opens once the pointer has rested this long (settings hoverDelayMs). */
export const HOVER_DELAY_MS = 50;

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

export type { CardView } from '../../entrypoints/content/probe';

/** Runs in the content world: the card as the reader sees it (the probe's own view, content/probe.ts). */
export function cardInWorld(): CardView | null {
  return (globalThis as unknown as { dubaoProbe?: { view(): { card: CardView | null } } }).dubaoProbe?.view().card ?? null;
}

export function readCard(world: ContentWorld, frame: Frame): Promise<CardView | null> {
  return world.evaluate(frame, cardInWorld);
}

/** Cards shown in the frame so far (0 before the content script runs). */
export async function shows(world: ContentWorld, frame: Frame): Promise<number> {
  return world.evaluate(frame, () => (globalThis as unknown as { dubaoProbe?: { shows: number } }).dubaoProbe?.shows ?? 0).catch(() => 0);
}

/** Viewport coordinates (of the page) of the `index`-th character of `word` inside `selector` (ruby text skipped). */
export async function pointOf(frame: Frame, selector: string, word: string, index: number): Promise<{ x: number; y: number }> {
  const inner = await pointInFrame(frame, selector, word, index);
  const el = await frame.frameElement().catch(() => null);
  if (!el || frame === frame.page().mainFrame()) return inner;
  const offset = await el.evaluate((f: HTMLElement) => {
    const r = f.getBoundingClientRect();
    return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
  });
  return { x: inner.x + offset.x, y: inner.y + offset.y };
}

/** The same point in the frame's own viewport. */
function pointInFrame(frame: Frame, selector: string, word: string, index: number): Promise<{ x: number; y: number }> {
  return frame.evaluate(
    ({ selector, word, index }) => {
      const root = document.querySelector(selector);
      if (!root) throw new Error(`no ${selector}`);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement?.closest('rt, rp') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      const pieces: Array<[Text, number]> = [];
      let text = '';
      while (walker.nextNode()) {
        const t = walker.currentNode as Text;
        pieces.push([t, text.length]);
        text += t.data;
      }
      const found = text.indexOf(word);
      if (found < 0) throw new Error(`no ${word} in ${selector}`);
      const at = found + index;
      const [node, start] = pieces.filter(([, s]) => s <= at).pop()!;
      const range = document.createRange();
      range.setStart(node, at - start);
      range.setEnd(node, at - start + 1);
      const r = range.getClientRects()[0]!;
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    },
    { selector, word, index },
  );
}

/** Bring an element (and the iframe holding it) into the viewport, as a reader scrolling down would. */
export async function scrollIntoView(frame: Frame, selector: string): Promise<void> {
  const el = await frame.frameElement().catch(() => null);
  if (el && frame !== frame.page().mainFrame()) await el.evaluate((f: HTMLElement) => f.scrollIntoView({ block: 'nearest' }));
  await frame.evaluate((sel) => document.querySelector(sel)!.scrollIntoView({ block: 'nearest' }), selector);
  await frame.page().waitForTimeout(50);
}

/** Waits for a card newer than the `before`-th in the frame, and reads it. */
export async function nextCard(world: ContentWorld, frame: Frame, before: number, timeoutMs = 5_000): Promise<CardView> {
  await world.waitFor(
    frame,
    (prev) => {
      const p = (globalThis as unknown as { dubaoProbe?: { card: { visible: boolean } | null; shows: number } }).dubaoProbe;
      return !!p?.card?.visible && p.shows > prev;
    },
    before,
    timeoutMs,
  );
  return (await readCard(world, frame))!;
}

/** Move the real mouse onto a character and wait for a new card in that frame. */
export async function hover(page: Page, world: ContentWorld, frame: Frame, selector: string, word: string, index = 0): Promise<CardView> {
  await scrollIntoView(frame, selector);
  const before = await shows(world, frame);
  const { x, y } = await pointOf(frame, selector, word, index);
  const inner = await pointInFrame(frame, selector, word, index);
  await page.mouse.move(x, y, { steps: 2 });
  // The move passes over other text on its way; on a loaded machine the hover delay can run out there
  // and show that word's card first. The card asked for is the one whose highlight holds the point
  // (waited for; failing that, the newest card, for the test to judge).
  const holds = await world
    .waitFor(
      frame,
      ({ prev, x, y }) => {
        const p = (
          globalThis as unknown as { dubaoProbe?: { shows: number; view(): { card: { visible: boolean; marks: Rect[] } | null } } }
        ).dubaoProbe;
        const card = p && p.shows > prev ? p.view().card : null;
        if (!card?.visible) return false;
        return (
          card.marks.length === 0 || card.marks.some((r) => x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1)
        );
      },
      { prev: before, x: inner.x, y: inner.y },
    )
    .catch(() => false);
  return holds ? (await readCard(world, frame))! : nextCard(world, frame, before, 1_000);
}

export async function waitHidden(world: ContentWorld, frame: Frame): Promise<void> {
  await world.waitFor(
    frame,
    () => !(globalThis as unknown as { dubaoProbe?: { card: { visible: boolean } | null } }).dubaoProbe?.card?.visible,
    undefined,
    3_000,
  );
}

/** Park the mouse on an empty spot of the page (the grey margin), which hides any card. */
export async function park(page: Page, world: ContentWorld, frame: Frame = page.mainFrame()): Promise<void> {
  await page.mouse.move(5, 790, { steps: 2 });
  const h = await readCard(world, frame).catch(() => null);
  if (h?.visible) await waitHidden(world, frame);
}

/** Clicks a button of the card (by its aria-label) with the real mouse. */
export async function clickCardButton(page: Page, world: ContentWorld, frame: Frame, label: string): Promise<void> {
  const at = await world.evaluate(
    frame,
    (name) => {
      const root = (globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow;
      const b = root.querySelector(`button[aria-label="${name}"]`)!;
      const r = b.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    },
    label,
  );
  const el = await frame.frameElement().catch(() => null);
  let dx = 0;
  let dy = 0;
  if (el && frame !== page.mainFrame()) {
    const o = await el.evaluate((f: HTMLElement) => {
      const r = f.getBoundingClientRect();
      return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
    });
    dx = o.x;
    dy = o.y;
  }
  await page.mouse.move(at.x + dx, at.y + dy, { steps: 4 });
  await page.mouse.click(at.x + dx, at.y + dy);
}
