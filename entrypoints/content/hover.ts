/**
 * The hover path of one frame: pointer -> character under it (only Han starts anything) -> once the
 * pointer is at rest, the block run around it -> `lookupAt` in the background -> the card.
 *
 * When the card opens (issue 13, docs/ARCHITECTURE.md "Hover delay"): when the pointer has moved at most
 * REST_RADIUS_PX during the last `delayMs` (default 50 ms) it is at rest, and the card of the word under
 * it opens. A pointer crossing a line never rests, so no card flickers open for the words it passes,
 * however slowly it reads along. With the trigger set to Alt, Ctrl or Shift, cards open only while that
 * key is held (pressing it with the pointer resting on a word opens that word's card at once).
 *
 * The lookup starts as soon as the pointer is on a new character, so its reply is usually there before
 * the pointer is found at rest, and the card is then rendered hidden; the rest is found in an animation
 * frame, whose callback only places and unhides the card, so it is painted in that same frame. Each new
 * hover aborts the previous lookup; stale replies are dropped. The card hides when the pointer leaves
 * the word (with a short grace so the pointer can reach the card's buttons), on scroll, on resize and on
 * Escape.
 *
 * Keys come from the reader's key table (utils/keys.ts, settings `keys`): on the card, save, shorter and
 * longer reading, close, the previous and next word of the sentence (← →), speak the word and the
 * sentence, show hidden pinyin, mark the word known / ignored / unknown and undo that; on the page, pinyin
 * over the page and, while unknown words are coloured, the next and previous unknown word (`hooks`).
 *
 * The page must not drive or watch this (issue 10): only trusted events (made by the reader, not by a
 * page script's dispatchEvent) move the card or press its keys; keys typed into an editable field are
 * left alone, also inside a page's web components (composedPath, and the focus inside closed shadow
 * roots); keys the card does not use, and Esc when no card is open, reach the page untouched. Esc closes
 * the card, and the card then stays closed until the pointer leaves that word. A card open in another
 * frame of the tab gets the card keys pressed in the top document through the background (card-relay.ts).
 *
 * Timings go to the probe (probe.ts), kept in the content script's world where page scripts cannot read
 * them: paintMs (end of the rest wait -> the frame with the card painted), pointerMs (the pointer's last
 * move -> painted, the wait included), lookupMs (message round trip), and per mark the time to show it.
 *
 * The open card's state is open-card.ts, the reader's actions on it (save, marks, speech, pressKey)
 * card-actions.ts; this file is the pointer, the rest rule, the lookup, the keys and hiding.
 */
import type { CardProps } from '../../components/Card';
import { isHanAt } from '../../dictionary/han';
import { actionForEvent, actionScope } from '../../utils/keys';
import { cardKeyOf, type HoverResult, type Reply } from '../../utils/messages';
import type { HoverTrigger } from '../../utils/settings-schema';
import { CardActions } from './card-actions';
import { isEditableEvent } from './editable';
import type { HoverHooks, HoverOptions, Send, Shown } from './open-card';
import { noteShown, probe } from './probe';
import { RunCache, rangesOf, textAtPoint, type Run } from './scan';
import { lookupWindow } from './text';

/** How far the pointer may drift and still be at rest (px), as measured by tests/bench/hover-delay.ts. */
export const REST_RADIUS_PX = 2;
const HIDE_GRACE_MS = 250;

/** A hover waiting for the pointer to rest: the lookup is already on its way. */
interface Pending {
  node: Text;
  offset: number;
  /** performance.now() of the pointer's last move (or the key press that asked for the card). */
  tHit: number;
  run: Run;
  base: number;
  abort: AbortController;
  reply: Promise<Reply<HoverResult | null>>;
  /** The reply once it has arrived (read synchronously in the frame that reveals the card). */
  done: Reply<HoverResult | null> | null;
  lookupMs: number;
  /** Which headwords of the readings are in the study list (the lookup's reply says). */
  saved: Set<string> | null;
  /** The card to show, made (and rendered hidden when possible) before the pointer is at rest. */
  next: { shown: Shown; props: CardProps | null } | null;
  /** reveal() has been called for it. */
  revealing: boolean;
}

/** The `key` of each trigger modifier's own key press. */
const TRIGGER_KEYS: Record<Exclude<HoverTrigger, 'always'>, string> = { alt: 'Alt', ctrl: 'Control', shift: 'Shift' };

export class HoverController extends CardActions {
  private pending: Pending | null = null;
  private hideTimer = 0;
  private frame = 0;
  private lastX = 0;
  private lastY = 0;
  private overHost = false;
  private active = false;
  private readonly runs = new RunCache();
  /** Top frame: a card is open in another frame of this tab (card keys pressed here go to it). */
  private childCard = false;
  /** Another frame's top frame was told that a card is open here. */
  private toldOpen = false;
  private readonly isTop: boolean;
  // The rest rule: where the pointer last moved more than REST_RADIUS_PX, when, and whether it rests.
  private anchorX = -1e9;
  private anchorY = -1e9;
  private tAnchor = 0;
  private restTimer = 0;
  private atRest = false;
  /** The trigger modifier is held (always true for the 'always' trigger). */
  private modifierDown = false;

  constructor(win: Window, send: Send, options: Partial<HoverOptions> = {}, hooks: HoverHooks = {}) {
    super(win, send, options, hooks);
    let top = true;
    try {
      top = win === win.top;
    } catch {
      top = false;
    }
    this.isTop = top;
  }

  /** Applies changed settings at once (an open card is redrawn with them). */
  configure(options: Partial<HoverOptions>): void {
    this.opts = { ...this.opts, ...options };
    if (options.look && this.card) this.card.setLook(options.look);
    if ((options.view || options.look) && this.shown && this.card) this.card.update(this.props());
  }

  get isActive(): boolean {
    return this.active;
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
    this.win.addEventListener('keyup', this.onKeyUp, { capture: true, passive: true });
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
    this.win.removeEventListener('keyup', this.onKeyUp, opts);
    this.win.clearTimeout(this.restTimer);
    this.restTimer = 0;
    this.atRest = false;
    this.modifierDown = false;
    this.cancelPending();
    this.hide();
  }

  // -------------------------------------------------------------------------------------------------
  // Pointer

  private triggerHeld(e: { altKey: boolean; ctrlKey: boolean; shiftKey: boolean }): boolean {
    switch (this.opts.trigger) {
      case 'alt':
        return e.altKey;
      case 'ctrl':
        return e.ctrlKey;
      case 'shift':
        return e.shiftKey;
      default:
        return true;
    }
  }

  private onPointerMove = (e: PointerEvent): void => {
    // A page script can dispatch pointer events anywhere; only the reader's pointer shows cards.
    if (!e.isTrusted || e.pointerType === 'touch') return;
    this.lastX = e.clientX;
    this.lastY = e.clientY;
    this.modifierDown = this.triggerHeld(e);
    // Events from inside the card's shadow root are retargeted to its host.
    this.overHost = this.card !== null && e.target === this.card.host;
    // The rest rule: a move beyond the radius starts the wait again.
    if (Math.hypot(e.clientX - this.anchorX, e.clientY - this.anchorY) > REST_RADIUS_PX) {
      this.anchorX = e.clientX;
      this.anchorY = e.clientY;
      this.tAnchor = performance.now();
      this.atRest = false;
      this.win.clearTimeout(this.restTimer);
      this.restTimer = this.win.setTimeout(this.onRestTimer, this.opts.delayMs);
    }
    // At most one hit test per frame, however fast the pointer moves.
    if (!this.frame) this.frame = this.win.requestAnimationFrame(this.onFrame);
  };

  private onRestTimer = (): void => {
    this.restTimer = 0;
    this.win.requestAnimationFrame(() => {
      if (!this.active || this.restTimer) return; // moved again meanwhile
      this.atRest = true;
      // The frame's hit test (requested by the last move) has run before this callback.
      const p = this.pending;
      if (p && !p.revealing) void this.reveal(p);
    });
  };

  private onFrame = (): void => {
    this.frame = 0;
    this.hitTest();
  };

  /** The character under the pointer: start its lookup, keep the card, or schedule its hiding. */
  private hitTest(): void {
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
    // With a modifier trigger, no new card unless the key is held.
    if (!this.modifierDown) return;
    const run = this.runs.get(hit.node, hit.offset);
    if (!run) return;
    // Already at rest (it drifted within the radius onto another character, or the modifier was just
    // pressed): this card needs no further wait.
    this.startLookup(hit.node, hit.offset, run, this.atRest ? performance.now() : this.tAnchor, this.atRest);
  }

  private onLeaveDocument = (): void => {
    this.cancelPending();
    if (this.shown) this.scheduleHide();
  };

  private inShownWord(node: Text, offset: number): boolean {
    return inRange(this.shown!.range, node, offset);
  }

  // -------------------------------------------------------------------------------------------------
  // Lookup and display

  /**
   * Looks up the word at `run.offset`. `now`: show its card as soon as the reply is in (the pointer is
   * at rest, or the reader asked with a key); otherwise the rest timer reveals it.
   */
  protected startLookup(node: Text, offset: number, run: Run, tHit: number, now: boolean): void {
    const [from, to] = lookupWindow(run.text, run.offset);
    const abort = new AbortController();
    const reply = this.send('lookupAt', { text: run.text.slice(from, to), offset: run.offset - from });
    const p: Pending = {
      node,
      offset,
      tHit,
      run,
      base: from,
      abort,
      reply,
      done: null,
      lookupMs: NaN,
      saved: null,
      next: null,
      revealing: false,
    };
    void reply.then((r) => {
      p.done = r;
      p.lookupMs = performance.now() - tHit;
      // The saved state came with the lookup, so the card shows it from its first frame.
      if (!r.ok || !r.value || p.abort.signal.aborted) return;
      if (r.value.saved) p.saved = new Set(r.value.saved);
      if (this.pending !== p || p.abort.signal.aborted || r.value.readings.length === 0 || p.revealing) return;
      // Render the card hidden now, so the frame that shows it only has to place it.
      const shown = this.shownFor(p, r.value);
      const props = this.propsOf(shown);
      p.next = { shown, props: this.card?.prerender(props) ? props : null };
    });
    // The first Han character under the pointer: make the card's home now (its stylesheet is parsed
    // while the pointer comes to rest, not in the frame that shows the first card).
    this.ensureCard();
    this.pending = p;
    if (now) {
      p.revealing = true;
      this.win.requestAnimationFrame(() => void this.reveal(p));
    }
  }

  /** The pointer is at rest (in an animation frame callback): show the card in this frame if we can. */
  private async reveal(p: Pending): Promise<void> {
    if (this.pending !== p || p.abort.signal.aborted) return;
    p.revealing = true;
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
    const card = this.ensureCard();
    card.show(p.next?.props ?? this.propsOf(shown), rangesOf(p.run, p.base + reading.start, p.base + reading.end));
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
    // Right after the worker started, a reply may come without levels: ask for them now.
    if (shown.result.readings.some((r) => r.level === undefined || r.mark === undefined)) void this.refreshInfo(shown);
    if (!this.speechAsked) void this.askSpeech();
  }

  /** Opens the card of the word that starts at `range` (N, P: the next unknown word on the page). */
  openAtRange(range: Range): boolean {
    if (!this.active || range.startContainer.nodeType !== 3) return false;
    const node = range.startContainer as Text;
    const run = this.runs.get(node, range.startOffset);
    if (!run) return false;
    this.openAtRun(run);
    return true;
  }

  // -------------------------------------------------------------------------------------------------
  // Keys and hiding

  private onKeyDown = (e: KeyboardEvent): void => {
    // Keys a page script makes (dispatchEvent) never press the card's keys.
    if (!e.isTrusted || e.isComposing) return;
    if (this.opts.trigger !== 'always' && e.key === TRIGGER_KEYS[this.opts.trigger]) {
      // The trigger key: the card of the word under the resting pointer opens now. The key stays the page's.
      if (!e.repeat && !isEditableEvent(e, this.doc)) {
        this.modifierDown = true;
        this.atRest = true;
        this.hitTest();
      }
      return;
    }
    const cardOpen = this.shown !== null || this.childCard;
    const action = actionForEvent(e, this.opts.bindings, { cardOpen, marks: this.hooks.marksOn?.() ?? false });
    // Keys the card does not use pass through untouched, and so does everything typed into a field.
    if (!action || isEditableEvent(e, this.doc)) return;
    if (actionScope(action) !== 'card') {
      if (!this.hooks.pageAction?.(action)) return;
    } else if (this.shown) {
      this.pressKey(cardKeyOf(action)!);
    } else {
      // The card is in another frame (the pointer is over an iframe): the key goes to it.
      probe.keysRelayed++;
      void this.send('card.key', { key: cardKeyOf(action)! }).then((r) => {
        if (!r.ok || !r.value) this.childCard = false;
      });
    }
    e.preventDefault();
    e.stopPropagation();
  };

  private onKeyUp = (e: KeyboardEvent): void => {
    if (e.isTrusted && this.opts.trigger !== 'always' && e.key === TRIGGER_KEYS[this.opts.trigger]) this.modifierDown = false;
  };

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
    if (e.target === this.win) {
      this.modifierDown = this.opts.trigger === 'always';
      this.onHide();
    }
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

  protected cancelPending(): void {
    if (this.pending) {
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
