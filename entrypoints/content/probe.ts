/**
 * What the e2e tests read about the card, kept in the content script's own world (issue 10): a small,
 * named instrumentation module.
 *
 * Page scripts share the DOM with the content script but not its JavaScript globals (Chromium's
 * isolated world, Firefox's content-script sandbox), so state kept here is out of a page's reach,
 * unlike attributes on the card's host element, which any page script could read (the word hovered,
 * timings). Two ways in, neither open to pages:
 * - Chromium: the e2e harness evaluates code in this world through the DevTools protocol
 *   (tests/e2e/harness.ts, `contentWorld`) and reads `globalThis.dubaoProbe` (its `view()`).
 * - Firefox: WebDriver BiDi cannot reach the add-on's sandbox, so an extension page asks with a
 *   message, `browser.tabs.sendMessage(tab, { dubaoProbe: 1, frame })`, and the frame named `frame` (''
 *   for the top one) answers with `view()` (content/main.ts). Only the extension's own pages can send
 *   that message; a page can neither send it nor read the answer.
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

const LOG_KEEP = 200;

/** A card was painted (hover.ts calls this once the frame with the card is done). */
export function noteShown(word: string, timings: CardTimings): void {
  probe.timings = timings;
  probe.word = word;
  probe.shows++;
  probe.log.push({ t: performance.now(), word, pointerMs: timings.pointerMs });
  if (probe.log.length > LOG_KEEP) probe.log.splice(0, probe.log.length - LOG_KEEP);
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

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

/** The card as the reader sees it (what tests/e2e/card.ts CardView describes). */
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
  notes: string[];
  ours: string[];
  saveLabel: string | null;
  savePressed: string | null;
  /** The save button waits for the background. */
  saveBusy: boolean;
  saveError: boolean;
  saveText: string;
  /** Text of the card's foot (the save button, its message, the key hints). */
  foot: string;
  rect: Rect;
  marks: Rect[];
  viewport: { width: number; height: number };
  shows: number;
  paintMs: number;
  pointerMs: number;
  inFrame: boolean;
  renderMs: number;
  lookupMs: number;
  highlight: string | null;
  selection: string;
  keysRelayed: number;
  look: { color: string; font: string; onTop: boolean; direction: string };
}

/** What the probe says of this frame: its address and name, the cards shown, and the card (null: none yet). */
export interface ProbeView {
  url: string;
  frame: string;
  shows: number;
  word: string | null;
  keysRelayed: number;
  card: CardView | null;
}

export function probeView(): ProbeView {
  return {
    url: location.href,
    frame: window === window.top ? '' : window.name,
    shows: probe.shows,
    word: probe.word,
    keysRelayed: probe.keysRelayed,
    card: cardView(),
  };
}

function cardView(): CardView | null {
  const h = probe.card;
  if (!h) return null;
  const root = h.shadow;
  const q = (s: string) => [...root.querySelectorAll(s)].map((e) => (e.textContent ?? '').trim());
  const box = (e: Element): Rect => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  };
  const card = root.querySelector('.card');
  const save = root.querySelector('button.save');
  const li = root.querySelector('.senses li') ?? card;
  const r = card ? box(card) : { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 };
  const t = probe.timings;
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
    saveBusy: !!save?.hasAttribute('disabled'),
    saveError: !!root.querySelector('.save-error'),
    saveText: `${save?.textContent ?? ''} ${q('.save-error').join(' ')}`,
    foot: q('.foot')[0] ?? '',
    rect: r,
    marks: [...root.querySelectorAll('.mark')].map(box),
    viewport: { width: vv?.width ?? window.innerWidth, height: vv?.height ?? window.innerHeight },
    shows: probe.shows,
    paintMs: t?.paintMs ?? Number.NaN,
    pointerMs: t?.pointerMs ?? Number.NaN,
    inFrame: t?.inFrame === true,
    renderMs: t?.renderMs ?? Number.NaN,
    lookupMs: t?.lookupMs ?? Number.NaN,
    highlight: h.markedText,
    selection: String(getSelection()),
    keysRelayed: probe.keysRelayed,
    look: {
      color: li ? getComputedStyle(li).color : '',
      font: li ? getComputedStyle(li).fontFamily : '',
      onTop: card ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === h.host : false,
      direction: card ? getComputedStyle(card).direction : '',
    },
  };
}

/** A probe request from one of the extension's pages (tests/e2e/browsers.ts, Firefox). */
export function isProbeRequest(msg: unknown): msg is { dubaoProbe: 1; frame: string } {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    (msg as { dubaoProbe?: unknown }).dubaoProbe === 1 &&
    typeof (msg as { frame?: unknown }).frame === 'string'
  );
}

/** Publishes the probe on the content script's global object (never the page's). */
export function publishProbe(): void {
  (globalThis as { dubaoProbe?: Probe & { view: typeof probeView } }).dubaoProbe = Object.assign(probe, { view: probeView });
}
