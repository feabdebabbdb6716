/**
 * The hover path of one frame: pointer -> character under it (only Han starts anything) -> after a short
 * hover-intent delay, the block run around it -> `lookupAt` in the background -> the card.
 *
 * The lookup starts as soon as the pointer rests on a new character, so its reply is usually there long
 * before the delay ends, and the card is then rendered hidden; the delay ends on an animation frame,
 * whose callback only places and unhides the card, so it is painted in that same frame. Each new hover aborts the previous lookup; stale replies
 * are dropped. The card hides when the pointer leaves the word (with a short grace so the pointer can
 * reach the card's buttons), on scroll, on resize and on Escape. While it is open, [ and ] step to a
 * shorter or longer reading and S saves.
 *
 * The page must not drive or watch this (issue 10): only trusted events (made by the reader, not by a
 * page script's dispatchEvent) move the card or press its keys; keys typed into an editable field are
 * left alone, also inside a page's web components (composedPath, and the focus inside closed shadow
 * roots); keys the card does not use, and Esc when no card is open, reach the page untouched. Esc closes
 * the card, and the card then stays closed until the pointer leaves that word. A card open in another
 * frame of the tab gets the keys pressed in the top document through the background (card-relay.ts).
 *
 * Timings of the last card go to the probe (probe.ts), kept in the content script's world where page
 * scripts cannot read them: paintMs (end of the hover delay -> the frame with the card painted),
 * pointerMs (pointer rests on the character -> painted, the delay included), lookupMs (message round trip).
 */
import type { CardProps, SaveState } from '../../components/Card';
import type { CardKey, HoverResult, MessageName, Payload, Reading, Reply, ReplyValue, StudySaveRequest } from '../../utils/messages';
import { CardHost } from './card-host';
import { noteShown, probe } from './probe';
import { saveAndCheck } from './save';
import { RunCache, rangeOf, rangesOf, textAtPoint, type Run } from './scan';
import { isHanAt } from '../../dictionary/han';
import { lookupWindow, sentenceAround } from './text';

export const HOVER_DELAY_MS = 120;
/** The delay's timer ends this much early; the next animation frame ends the delay (on average on time). */
const FRAME_SLACK_MS = 8;
const HIDE_GRACE_MS = 250;

export type Send = <K extends MessageName>(name: K, payload: Payload<K>) => Promise<Reply<ReplyValue<K>>>;

/** A hover in its delay: the lookup is already on its way. */
interface Pending {
  node: Text;
  offset: number;
  timer: number;
  /** performance.now() when the pointer came to rest on the character. */
  tHit: number;
  run: Run;
  base: number;
  abort: AbortController;
  reply: Promise<Reply<HoverResult | null>>;
  /** The reply once it has arrived (read synchronously in the frame that ends the delay). */
  done: Reply<HoverResult | null> | null;
  lookupMs: number;
  /** Which headwords of the readings are in the study list (the lookup's reply says). */
  saved: Set<string> | null;
  /** The card to show, made (and rendered hidden when possible) before the delay ends. */
  next: { shown: Shown; props: CardProps | null } | null;
}

interface Shown {
  run: Run;
  /** Where the text sent to the background starts in the run. */
  base: number;
  result: HoverResult;
  index: number;
  range: Range;
  save: SaveState;
  saved: Set<string> | null;
}

export class HoverController {
  private readonly doc: Document;
  private readonly win: Window;
  private readonly send: Send;
  private card: CardHost | null = null;
  private shown: Shown | null = null;
  private pending: Pending | null = null;
  private hideTimer = 0;
  private frame = 0;
  private lastX = 0;
  private lastY = 0;
  private overHost = false;
  private active = false;
  private readonly runs = new RunCache();
  /** The word the reader closed with Esc: no card for it again until the pointer leaves it. */
  private dismissed: Range | null = null;
  /** Top frame: a card is open in another frame of this tab (card keys pressed here go to it). */
  private childCard = false;
  /** Another frame's top frame was told that a card is open here. */
  private toldOpen = false;
  private readonly isTop: boolean;

  constructor(win: Window, send: Send) {
    this.win = win;
    this.doc = win.document;
    this.send = send;
    let top = true;
    try {
      top = win === win.top;
    } catch {
      top = false;
    }
    this.isTop = top;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    const opts = { capture: true, passive: true };
    this.win.addEventListener('pointermove', this.onPointerMove, opts);
    // pointerleave does not bubble: on <html> (no capture) it means the pointer left the viewport.
    this.doc.documentElement.addEventListener('pointerleave', this.onLeaveDocument, { passive: true });
    // Not in the capture phase: there every element's blur (focus moving inside the card too) reaches us.
    this.win.addEventListener('blur', this.onWindowBlur);
    this.win.addEventListener('scroll', this.onHide, opts);
    this.win.addEventListener('resize', this.onHide, opts);
    this.win.addEventListener('keydown', this.onKeyDown, { capture: true });
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    const opts = { capture: true };
    this.win.removeEventListener('pointermove', this.onPointerMove, opts);
    this.doc.documentElement.removeEventListener('pointerleave', this.onLeaveDocument);
    this.win.removeEventListener('blur', this.onWindowBlur);
    this.win.removeEventListener('scroll', this.onHide, opts);
    this.win.removeEventListener('resize', this.onHide, opts);
    this.win.removeEventListener('keydown', this.onKeyDown, opts);
    this.cancelPending();
    this.hide();
  }

  // -------------------------------------------------------------------------------------------------
  // Pointer

  private onPointerMove = (e: PointerEvent): void => {
    // A page script can dispatch pointer events anywhere; only the reader's pointer shows cards.
    if (!e.isTrusted || e.pointerType === 'touch') return;
    this.lastX = e.clientX;
    this.lastY = e.clientY;
    // Events from inside the card's shadow root are retargeted to its host.
    this.overHost = this.card !== null && e.target === this.card.host;
    // At most one hit test per frame, however fast the pointer moves.
    if (!this.frame) this.frame = this.win.requestAnimationFrame(this.onFrame);
  };

  private onFrame = (): void => {
    this.frame = 0;
    const x = this.lastX;
    const y = this.lastY;
    if (this.overHost || (this.shown && this.card?.contains(x, y))) {
      this.cancelHide();
      this.cancelPending();
      return;
    }
    const hit = textAtPoint(this.doc, x, y);
    if (this.dismissed) {
      if (hit && inRange(this.dismissed, hit.node, hit.offset)) {
        this.cancelPending();
        return;
      }
      this.dismissed = null;
    }
    if (!hit || !isHanAt(hit.node.data, hit.offset)) {
      this.cancelPending();
      if (this.shown) this.scheduleHide();
      return;
    }
    if (this.shown && this.inShownWord(hit.node, hit.offset)) {
      this.cancelHide();
      this.cancelPending();
      return;
    }
    if (this.pending && this.pending.node === hit.node && this.pending.offset === hit.offset) return;
    this.cancelPending();
    if (this.shown) this.scheduleHide();
    this.startLookup(hit.node, hit.offset);
  };

  private onLeaveDocument = (): void => {
    this.cancelPending();
    if (this.shown) this.scheduleHide();
  };

  private inShownWord(node: Text, offset: number): boolean {
    return inRange(this.shown!.range, node, offset);
  }

  // -------------------------------------------------------------------------------------------------
  // Lookup and display

  private startLookup(node: Text, offset: number): void {
    const tHit = performance.now();
    const run = this.runs.get(node, offset);
    if (!run) return;
    const [from, to] = lookupWindow(run.text, run.offset);
    const abort = new AbortController();
    const reply = this.send('lookupAt', { text: run.text.slice(from, to), offset: run.offset - from });
    const p: Pending = { node, offset, timer: 0, tHit, run, base: from, abort, reply, done: null, lookupMs: NaN, saved: null, next: null };
    void reply.then((r) => {
      p.done = r;
      p.lookupMs = performance.now() - tHit;
      // The saved state came with the lookup, so the card shows it from its first frame.
      if (!r.ok || !r.value || p.abort.signal.aborted) return;
      if (r.value.saved) p.saved = new Set(r.value.saved);
      if (this.pending !== p || p.abort.signal.aborted || r.value.readings.length === 0) return;
      // Render the card hidden now, so the frame that ends the delay only has to place it.
      const shown = this.shownFor(p, r.value);
      const props = this.propsOf(shown);
      p.next = { shown, props: this.card?.prerender(props) ? props : null };
    });
    // The first Han character under the pointer: make the card's home now (its stylesheet is parsed
    // while the delay runs, not in the frame that shows the first card).
    if (!this.card) {
      this.card = new CardHost(this.doc);
      this.card.prepare();
      probe.card = this.card;
    }
    p.timer = this.win.setTimeout(() => {
      this.win.requestAnimationFrame(() => void this.reveal(p));
    }, HOVER_DELAY_MS - FRAME_SLACK_MS);
    this.pending = p;
  }

  /** End of the hover delay, in an animation frame callback: show the card in this frame if we can. */
  private async reveal(p: Pending): Promise<void> {
    if (this.pending !== p || p.abort.signal.aborted) return;
    const t0 = performance.now();
    const inFrame = p.done !== null;
    const reply = p.done ?? (await p.reply);
    // A newer hover (or a hide) has taken over while we waited: this reply is stale and ends quietly.
    if (this.pending !== p || p.abort.signal.aborted || !this.active) return;
    this.pending = null;
    if (!reply.ok || !reply.value || reply.value.readings.length === 0) return;
    const shown = p.next?.shown ?? this.shownFor(p, reply.value);
    const reading = shown.result.readings[shown.index]!;
    this.shown = shown;
    this.cancelHide();
    if (!this.card) {
      this.card = new CardHost(this.doc);
      probe.card = this.card;
    }
    this.card.show(p.next?.props ?? this.propsOf(shown), rangesOf(p.run, p.base + reading.start, p.base + reading.end));
    const renderMs = performance.now() - t0;
    this.tellOpen(true);
    const measure = () => {
      const now = performance.now();
      noteShown(reading.word, { paintMs: now - t0, pointerMs: now - p.tHit, lookupMs: p.lookupMs, inFrame, renderMs });
    };
    // The first task after the frame's rendering runs once the card is painted. When the reply came
    // late (after this frame), the card is painted in the next frame.
    if (inFrame) this.win.setTimeout(measure, 0);
    else this.win.requestAnimationFrame(() => this.win.setTimeout(measure, 0));
    if (!p.saved) void this.refreshSaved();
  }

  private shownFor(p: Pending, result: HoverResult): Shown {
    const reading = result.readings[result.chosen]!;
    const range = rangeOf(p.run, p.base + reading.start, p.base + reading.end);
    const save: SaveState = p.saved?.has(this.headword(reading)) ? { kind: 'saved' } : { kind: 'unsaved' };
    return { run: p.run, base: p.base, result, index: result.chosen, range, save, saved: p.saved };
  }

  private props(): CardProps {
    return this.propsOf(this.shown!);
  }

  private propsOf(s: Shown): CardProps {
    return {
      reading: s.result.readings[s.index]!,
      index: s.index,
      count: s.result.readings.length,
      save: s.save,
      onShorter: () => this.step(-1),
      onLonger: () => this.step(1),
      onSave: () => void this.save(),
    };
  }

  private step(delta: number): void {
    const s = this.shown;
    if (!s || !this.card) return;
    const index = s.index + delta;
    if (index < 0 || index >= s.result.readings.length) return;
    s.index = index;
    const reading = s.result.readings[index]!;
    s.range = rangeOf(s.run, s.base + reading.start, s.base + reading.end);
    s.save = s.saved?.has(this.headword(reading)) ? { kind: 'saved' } : { kind: 'unsaved' };
    this.card.show(this.props(), rangesOf(s.run, s.base + reading.start, s.base + reading.end));
    probe.word = reading.word;
    if (!s.saved) void this.refreshSaved();
  }

  private headword(reading: Reading): string {
    return reading.entries[0]?.simplified ?? reading.word;
  }

  private async refreshSaved(): Promise<void> {
    const s = this.shown;
    if (!s) return;
    const reading = s.result.readings[s.index]!;
    const reply = await this.send('study.has', { words: [this.headword(reading)] });
    if (this.shown !== s || s.result.readings[s.index] !== reading || s.save.kind !== 'unsaved') return;
    if (reply.ok && reply.value.includes(this.headword(reading))) {
      s.save = { kind: 'saved' };
      this.card?.update(this.props());
    }
  }

  /** What the card shows, as a study-list item (issue 5): senses and civic note as shown, the sentence. */
  private saveRequest(s: Shown): StudySaveRequest {
    const reading = s.result.readings[s.index]!;
    const first = reading.entries[0];
    const pinyins = [...new Set(reading.entries.map((e) => e.pinyin))];
    const civicEntry = reading.entries.find((e) => e.civic);
    const top = this.topDocument();
    return {
      simplified: first?.simplified ?? reading.word,
      traditional: first?.traditional ?? reading.word,
      pinyin: pinyins.length > 0 ? pinyins.join(' / ') : reading.pinyin,
      definitions: reading.entries.flatMap((e) => e.definitions).slice(0, 64),
      civic: civicEntry?.civic ? { category: civicEntry.civic.category, explanation: civicEntry.civic.explanation } : null,
      sentence: sentenceAround(s.run.text, s.base + reading.start, s.base + reading.end),
      pageTitle: top.title.slice(0, 500),
      url: top.location.href.slice(0, 2048),
    };
  }

  /** The top document when this frame may read it (same origin), else this frame's own. */
  private topDocument(): Document {
    try {
      const top = this.win.top?.document;
      if (top?.location.href) return top;
    } catch {
      // cross-origin frame
    }
    return this.doc;
  }

  private async save(): Promise<void> {
    const s = this.shown;
    if (!s || s.save.kind === 'saving') return;
    const index = s.index;
    s.save = { kind: 'saving' };
    this.card?.update(this.props());
    const result = await saveAndCheck(this.send, this.saveRequest(s));
    if (this.shown !== s || s.index !== index) return;
    s.save = result.saved ? { kind: 'saved' } : { kind: 'error', message: result.message };
    if (result.saved) s.saved?.add(this.headword(s.result.readings[index]!));
    this.card?.update(this.props());
  }

  // -------------------------------------------------------------------------------------------------
  // Keys and hiding

  private onKeyDown = (e: KeyboardEvent): void => {
    // Keys a page script makes (dispatchEvent) never press the card's keys.
    if (!e.isTrusted || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const key = cardKey(e.key);
    // Keys the card does not use pass through untouched, and so does everything typed into a field.
    if (!key || (!this.shown && !this.childCard) || isEditableEvent(e, this.doc)) return;
    if (this.shown) this.pressKey(key);
    else {
      // The card is in another frame (the pointer is over an iframe): the key goes to it.
      probe.keysRelayed++;
      void this.send('card.key', { key }).then((r) => {
        if (!r.ok || !r.value) this.childCard = false;
      });
    }
    e.preventDefault();
    e.stopPropagation();
  };

  /** A card key, pressed here or relayed from the top frame; false when no card is open here. */
  pressKey(key: CardKey): boolean {
    if (!this.shown) return false;
    switch (key) {
      case 'Escape':
        this.dismissed = this.shown.range;
        this.hide();
        break;
      case 's':
        void this.save();
        break;
      case '[':
        this.step(-1);
        break;
      case ']':
        this.step(1);
        break;
    }
    return true;
  }

  /** Top frame: whether a card is open in another frame of the tab (told through the background). */
  setChildCard(open: boolean): void {
    this.childCard = open;
  }

  /** Frames other than the top one tell it (through the background) when their card opens and closes. */
  private tellOpen(open: boolean): void {
    if (this.isTop || this.toldOpen === open) return;
    this.toldOpen = open;
    void this.send('card.state', { open });
  }

  private onWindowBlur = (e: FocusEvent): void => {
    if (e.target === this.win) this.onHide();
  };

  private onHide = (): void => {
    this.cancelPending();
    this.hide();
  };

  private scheduleHide(): void {
    if (this.hideTimer) return;
    this.hideTimer = this.win.setTimeout(() => {
      this.hideTimer = 0;
      this.hide();
    }, HIDE_GRACE_MS);
  }

  private cancelHide(): void {
    if (this.hideTimer) this.win.clearTimeout(this.hideTimer);
    this.hideTimer = 0;
  }

  private cancelPending(): void {
    if (this.pending) {
      this.win.clearTimeout(this.pending.timer);
      this.pending.abort.abort();
      if (this.pending.next?.props) this.card?.discard();
    }
    this.pending = null;
  }

  hide(): void {
    this.cancelHide();
    this.cancelPending();
    this.shown = null;
    this.card?.hide();
    this.tellOpen(false);
  }
}

function inRange(r: Range, node: Text, offset: number): boolean {
  try {
    return r.isPointInRange(node, offset) && r.comparePoint(node, offset) === 0 && !(r.endContainer === node && r.endOffset === offset);
  } catch {
    return false;
  }
}

function cardKey(key: string): CardKey | null {
  if (key === 's' || key === 'S') return 's';
  return key === '[' || key === ']' || key === 'Escape' ? key : null;
}

type ShadowOpener = (el: Element) => ShadowRoot | null;

/**
 * The shadow root of an element, closed ones included: extension content scripts may look inside
 * (Chromium: chrome.dom.openOrClosedShadowRoot; Firefox: element.openOrClosedShadowRoot).
 */
function shadowOf(el: Element): ShadowRoot | null {
  try {
    const chromeDom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: ShadowOpener } } }).chrome?.dom;
    if (typeof chromeDom?.openOrClosedShadowRoot === 'function') return chromeDom.openOrClosedShadowRoot(el);
    const firefox = (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
    if (firefox !== undefined) return firefox;
  } catch {
    // not an element that can host a shadow root
  }
  return el.shadowRoot;
}

/**
 * Whether a key event is typing into a field: any editable element on its composed path (an <input>
 * inside a page's web component is retargeted to the component's host, but composedPath still lists
 * it), or, for closed shadow roots (which composedPath does not enter), the element focused inside.
 */
export function isEditableEvent(e: Event, doc: Document): boolean {
  for (const t of e.composedPath()) if (isEditable(t)) return true;
  let el: Element | null = doc.activeElement;
  for (let depth = 0; el && depth < 32; depth++) {
    if (isEditable(el)) return true;
    el = shadowOf(el)?.activeElement ?? null;
  }
  return false;
}

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true;
}
