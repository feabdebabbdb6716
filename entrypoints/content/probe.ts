/**
 * What the e2e tests read about the card, kept in the content script's own world (issue 10).
 *
 * Page scripts share the DOM with the content script but not its JavaScript globals (Chromium's
 * isolated world, Firefox's content-script sandbox), so state kept here is out of a page's reach,
 * unlike attributes on the card's host element, which any page script could read (the word hovered,
 * timings). The e2e harness evaluates code in this world through the browser's debugging protocol
 * (tests/e2e/harness.ts, `contentWorld`) and reads `globalThis.dubaoProbe`.
 */
import type { CardHost } from './card-host';

export interface CardTimings {
  /** End of the hover delay -> the frame with the card painted (ms). */
  paintMs: number;
  /** Pointer rests on the character -> card painted, the delay included (ms). */
  pointerMs: number;
  /** Message round trip of the lookup (ms). */
  lookupMs: number;
  /** The reply was there when the delay ended (the card painted in that frame). */
  inFrame: boolean;
  /** Work done in the frame that showed the card (ms). */
  renderMs: number;
}

export interface Probe {
  /** Cards shown in this frame so far. */
  shows: number;
  /** The word on the card shown last (also after the reader stepped to another reading). */
  word: string | null;
  timings: CardTimings | null;
  /** Key presses this frame sent to a card in another frame (through the background). */
  keysRelayed: number;
  /** The card's host while there is one. */
  card: CardHost | null;
  /** Each card shown (the last 100 or so): when it was painted (performance.now()), its word, pointerMs. */
  log: Array<{ t: number; word: string; pointerMs: number }>;
  /** Each K / I / U: ms to the card showing the new state, and to the background's answer (stored). */
  marks: Array<{ word: string; mark: string; shownMs: number; storedMs: number; ok: boolean }>;
  /** Requests to speak sent (only ever from a click or a key press on the card). */
  speakRequests: number;
  /** Whether Dubao acts on this page (per-site rule and the on/off switch), as last applied. */
  active: boolean | null;
  /** Settings applied: how many times, and when last (performance.now()). */
  settingsApplied: { count: number; at: number };
  /** Pinyin over the page and unknown words on the page (main.ts sets them). */
  pagePinyin: unknown;
  marksView: unknown;
  /** The notice at the bottom of the page (questions and short messages). */
  notice: unknown;
  /** Changes of the page the glossary's page reader saw (Dubao's own card and ruby are none). */
  pageChanges: number;
}

export const probe: Probe = {
  shows: 0,
  word: null,
  timings: null,
  keysRelayed: 0,
  card: null,
  log: [],
  marks: [],
  speakRequests: 0,
  active: null,
  settingsApplied: { count: 0, at: 0 },
  pagePinyin: null,
  marksView: null,
  notice: null,
  pageChanges: 0,
};

/** Publishes the probe on the content script's global object (never the page's). */
export function publishProbe(): void {
  (globalThis as { dubaoProbe?: Probe }).dubaoProbe = probe;
}
