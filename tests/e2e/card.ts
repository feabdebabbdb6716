/**
 * Reading the hover card in e2e tests. The card lives in a closed shadow root and keeps nothing of the
 * reader's in the page's DOM (issue 10), so everything is read from the content script's world
 * (harness.ts `contentWorld`): `globalThis.dubaoProbe` there holds the card host and the last card's
 * timings (entrypoints/content/probe.ts).
 */
import type { Frame, Page } from 'playwright-core';
import type { ContentWorld } from './harness';

export const HOVER_DELAY_MS = 120;

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

export interface CardView {
  visible: boolean;
  headword: string;
  other: string | null;
  pinyin: string[];
  senses: string[];
  civic: string[];
  explanation: string[];
  components: string;
  classifiers: string;
  parts: string[];
  partRows: string[];
  /** What the card says about where an entry comes from (made by rule, composed, Dubao's news senses). */
  notes: string[];
  /** Senses marked as written by Dubao. */
  ours: string[];
  saveLabel: string | null;
  savePressed: string | null;
  saveText: string;
  rect: Rect;
  /** The boxes that mark the word, in viewport pixels. */
  marks: Rect[];
  viewport: { width: number; height: number };
  shows: number;
  paintMs: number;
  pointerMs: number;
  inFrame: boolean;
  renderMs: number;
  lookupMs: number;
  /** The text of the word marked on the page. */
  highlight: string | null;
  selection: string;
  keysRelayed: number;
  /** Style of the card's senses, and whether the card is what the page shows at its centre. */
  look: { color: string; font: string; onTop: boolean; direction: string };
}

/** Runs in the content world: the card as the reader sees it. */
export function cardInWorld(): CardView | null {
  type Host = { host: HTMLElement; shadow: ShadowRoot; visible: boolean; markedText: string | null };
  const p = (globalThis as unknown as { dubaoProbe?: { card: Host | null; shows: number; keysRelayed: number; timings: Record<string, number | boolean> | null } }).dubaoProbe;
  if (!p?.card) return null;
  const h = p.card;
  const root = h.shadow;
  const q = (s: string) => [...root.querySelectorAll(s)].map((e) => (e.textContent ?? '').trim());
  const box = (e: Element) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  };
  const card = root.querySelector('.card');
  const save = root.querySelector('button.save');
  const li = root.querySelector('.senses li') ?? card;
  const r = card ? box(card) : { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 };
  const t = p.timings ?? {};
  const vv = window.visualViewport;
  return {
    visible: h.visible && !!card,
    headword: q('.headword')[0] ?? '',
    other: q('.headword-other')[0] ?? null,
    pinyin: q('.entry-head .pinyin'),
    senses: q('.senses li'),
    civic: q('.civic-badge'),
    explanation: q('.civic-explanation'),
    components: q('.civic-components')[0] ?? '',
    classifiers: q('.classifiers')[0] ?? '',
    parts: q('.part-word'),
    partRows: q('.part'),
    notes: q('.entry-source'),
    ours: q('.senses li:has(.sense-ours)'),
    saveLabel: save?.getAttribute('aria-label') ?? null,
    savePressed: save?.getAttribute('aria-pressed') ?? null,
    saveText: `${save?.textContent ?? ''} ${q('.save-error').join(' ')}`,
    rect: r,
    marks: [...root.querySelectorAll('.mark')].map(box),
    viewport: { width: vv?.width ?? window.innerWidth, height: vv?.height ?? window.innerHeight },
    shows: p.shows,
    paintMs: Number(t.paintMs ?? NaN),
    pointerMs: Number(t.pointerMs ?? NaN),
    inFrame: t.inFrame === true,
    renderMs: Number(t.renderMs ?? NaN),
    lookupMs: Number(t.lookupMs ?? NaN),
    highlight: h.markedText,
    selection: String(getSelection()),
    keysRelayed: p.keysRelayed,
    look: {
      color: li ? getComputedStyle(li).color : '',
      font: li ? getComputedStyle(li).fontFamily : '',
      onTop: card ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === h.host : false,
      direction: card ? getComputedStyle(card).direction : '',
    },
  };
}

export function readCard(world: ContentWorld, frame: Frame): Promise<CardView | null> {
  return world.evaluate(frame, cardInWorld);
}

/** Cards shown in the frame so far (0 before the content script runs). */
export async function shows(world: ContentWorld, frame: Frame): Promise<number> {
  return world
    .evaluate(frame, () => (globalThis as unknown as { dubaoProbe?: { shows: number } }).dubaoProbe?.shows ?? 0)
    .catch(() => 0);
}

/** Viewport coordinates (of the page) of the `index`-th character of `word` inside `selector` (ruby text skipped). */
export async function pointOf(frame: Frame, selector: string, word: string, index: number): Promise<{ x: number; y: number }> {
  const inner = await frame.evaluate(
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
  const el = await frame.frameElement().catch(() => null);
  if (!el || frame === frame.page().mainFrame()) return inner;
  const offset = await el.evaluate((f: HTMLElement) => {
    const r = f.getBoundingClientRect();
    return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
  });
  return { x: inner.x + offset.x, y: inner.y + offset.y };
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
  await page.mouse.move(x, y, { steps: 2 });
  return nextCard(world, frame, before);
}

export async function waitHidden(world: ContentWorld, frame: Frame): Promise<void> {
  await world.waitFor(frame, () => !(globalThis as unknown as { dubaoProbe?: { card: { visible: boolean } | null } }).dubaoProbe?.card?.visible, undefined, 3_000);
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
