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
 */
import { DEFAULT_CARD_VIEW, type CardProps, type CardView, type MarkStatus, type SaveState, type SpeechState } from '../../components/Card';
import { actionForEvent, actionScope, type Binding, type KeyAction } from '../../utils/keys';
import type { KnowledgeUndo, WordState } from '../../utils/knowledge/model';
import { stateOf } from '../../utils/knowledge/state';
import {
  cardKeyOf,
  type CardKey,
  type HoverResult,
  type MessageName,
  type Payload,
  type Reading,
  type Reply,
  type ReplyValue,
  type StudySaveRequest,
} from '../../utils/messages';
import type { HoverTrigger, Theme, TonePalette, ToneScheme } from '../../utils/settings-schema';
import { pageVariety } from '../../utils/speech';
import { CardHost } from './card-host';
import { noteShown, probe } from './probe';
import { saveAndCheck } from './save';
import { RunCache, rangeOf, rangesOf, textAtPoint, type Run } from './scan';
import { isHanAt } from '../../dictionary/han';
import { lookupWindow, sentenceAround } from './text';

/** How far the pointer may drift and still be at rest (px), as measured by tests/bench/hover-delay.ts. */
export const REST_RADIUS_PX = 2;
const HIDE_GRACE_MS = 250;

export type Send = <K extends MessageName>(name: K, payload: Payload<K>) => Promise<Reply<ReplyValue<K>>>;

/** What the card looks like: the theme's colours and text size go into the card's shadow root. */
export interface CardLook {
  theme: Theme;
  scheme: ToneScheme;
  custom: TonePalette;
  fontSize: number;
}

export interface HoverOptions {
  trigger: HoverTrigger;
  /** How long the pointer rests before the card opens (ms). */
  delayMs: number;
  /** The key table, compiled (keys.ts compileBindings). */
  bindings: ReadonlyArray<{ action: KeyAction; binding: Binding }>;
  view: CardView;
  look: CardLook | null;
}

/** What the rest of the content script does for keys that are not the card's, and hears about marks. */
export interface HoverHooks {
  /** A page-wide or marks-scope action (pinyin over the page, next / previous unknown word): true when done. */
  pageAction?(action: KeyAction): boolean;
  /** Whether unknown words are coloured on this page (N and P listen then). */
  marksOn?(): boolean;
  /** The reader marked a word (simplified headword): its new state, for the colouring. */
  marked?(word: string, state: WordState): void;
}

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

interface Shown {
  run: Run;
  /** Where the text sent to the background starts in the run. */
  base: number;
  result: HoverResult;
  index: number;
  range: Range;
  save: SaveState;
  saved: Set<string> | null;
  /** States set on this card (K, I, U, undo) by headword, over what the lookup said. */
  states: Map<string, WordState>;
  markStatus: MarkStatus;
  /** The undo of the last mark made on this card, and for which headword. */
  undo: { word: string; undo: KnowledgeUndo } | null;
  pinyinRevealed: boolean;
}

/** The `key` of each trigger modifier's own key press. */
const TRIGGER_KEYS: Record<Exclude<HoverTrigger, 'always'>, string> = { alt: 'Alt', ctrl: 'Control', shift: 'Shift' };

export class HoverController {
  private readonly doc: Document;
  private readonly win: Window;
  private readonly send: Send;
  private readonly hooks: HoverHooks;
  private opts: HoverOptions;
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
  // The rest rule: where the pointer last moved more than REST_RADIUS_PX, when, and whether it rests.
  private anchorX = -1e9;
  private anchorY = -1e9;
  private tAnchor = 0;
  private restTimer = 0;
  private atRest = false;
  /** The trigger modifier is held (always true for the 'always' trigger). */
  private modifierDown = false;
  /** Whether a Chinese voice can speak (asked once, with the first card). */
  private speech: SpeechState = { available: null, message: null };
  private speechAsked = false;

  constructor(win: Window, send: Send, options: Partial<HoverOptions> = {}, hooks: HoverHooks = {}) {
    this.win = win;
    this.doc = win.document;
    this.send = send;
    this.hooks = hooks;
    this.opts = { trigger: 'always', delayMs: 50, bindings: [], view: DEFAULT_CARD_VIEW, look: null, ...options };
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
  private startLookup(node: Text, offset: number, run: Run, tHit: number, now: boolean): void {
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

  private ensureCard(): CardHost {
    if (!this.card) {
      this.card = new CardHost(this.doc);
      if (this.opts.look) this.card.setLook(this.opts.look);
      this.card.prepare();
      probe.card = this.card;
    }
    return this.card;
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

  private shownFor(p: Pending, result: HoverResult): Shown {
    const reading = result.readings[result.chosen]!;
    const range = rangeOf(p.run, p.base + reading.start, p.base + reading.end);
    const save: SaveState = p.saved?.has(headword(reading)) ? { kind: 'saved' } : { kind: 'unsaved' };
    return {
      run: p.run,
      base: p.base,
      result,
      index: result.chosen,
      range,
      save,
      saved: p.saved,
      states: new Map(),
      markStatus: { kind: 'idle' },
      undo: null,
      pinyinRevealed: false,
    };
  }

  private props(): CardProps {
    return this.propsOf(this.shown!);
  }

  /** The reader's state of the shown reading's headword: set on this card, else from the lookup. */
  private stateIn(s: Shown, reading: Reading): WordState | null {
    const word = headword(reading);
    const set = s.states.get(word);
    if (set) return set;
    if (reading.mark === undefined) return null;
    return stateOf(reading.mark, s.saved?.has(word) ?? false);
  }

  private propsOf(s: Shown): CardProps {
    const reading = s.result.readings[s.index]!;
    return {
      reading,
      index: s.index,
      count: s.result.readings.length,
      save: s.save,
      view: this.opts.view,
      theme: this.opts.look?.theme,
      state: this.stateIn(s, reading),
      markStatus: s.markStatus,
      speech: this.speech,
      pinyinRevealed: s.pinyinRevealed,
      onShorter: () => this.step(-1),
      onLonger: () => this.step(1),
      onSave: () => void this.save(),
      onMark: (m) => void this.mark(m),
      onUndoMark: () => void this.undoMark(),
      onSpeak: (what) => void this.speak(what),
      onRevealPinyin: () => this.revealPinyin(),
    };
  }

  private redraw(): void {
    if (this.shown && this.card) this.card.update(this.props());
  }

  private step(delta: number): void {
    const s = this.shown;
    if (!s || !this.card) return;
    const index = s.index + delta;
    if (index < 0 || index >= s.result.readings.length) return;
    s.index = index;
    const reading = s.result.readings[index]!;
    s.range = rangeOf(s.run, s.base + reading.start, s.base + reading.end);
    s.save = s.saved?.has(headword(reading)) ? { kind: 'saved' } : { kind: 'unsaved' };
    s.markStatus = { kind: 'idle' };
    this.card.show(this.props(), rangesOf(s.run, s.base + reading.start, s.base + reading.end));
    probe.word = reading.word;
    if (!s.saved) void this.refreshSaved();
  }

  /**
   * ← / →: the card moves to the previous or next word of the block (punctuation and other non-Han text
   * stepped over), shown at once; nothing happens at the block's ends.
   */
  private neighbour(dir: 1 | -1): void {
    const s = this.shown;
    if (!s) return;
    const reading = s.result.readings[s.index]!;
    const text = s.run.text;
    let i = dir > 0 ? s.base + reading.end : s.base + reading.start - 1;
    while (i >= 0 && i < text.length && !isHanAt(text, i)) i += dir;
    if (i < 0 || i >= text.length) return;
    this.openAtRun({ ...s.run, offset: i });
  }

  /** Opens the card of the word at `run.offset` now (keys: ← →, N, P), wherever the pointer is. */
  private openAtRun(run: Run): void {
    const at = positionOf(run, run.offset);
    if (!at) return;
    this.cancelPending();
    this.dismissed = null;
    this.startLookup(at.node, at.offset, run, performance.now(), true);
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

  /** The range of the word on the open card (N, P search from it). */
  get shownRange(): Range | null {
    return this.shown?.range ?? null;
  }

  private async refreshSaved(): Promise<void> {
    const s = this.shown;
    if (!s) return;
    const reading = s.result.readings[s.index]!;
    const reply = await this.send('study.has', { words: [headword(reading)] });
    if (this.shown !== s || s.result.readings[s.index] !== reading || s.save.kind !== 'unsaved') return;
    if (reply.ok && reply.value.includes(headword(reading))) {
      s.save = { kind: 'saved' };
      s.saved ??= new Set();
      s.saved.add(headword(reading));
      this.redraw();
    }
  }

  /** Levels and marks for a reply that came without them (the worker had just started). */
  private async refreshInfo(s: Shown): Promise<void> {
    const words = s.result.readings.map(headword);
    const reply = await this.send('word.info', { words });
    if (!reply.ok || this.shown !== s) return;
    s.result = {
      ...s.result,
      readings: s.result.readings.map((r, i) => ({
        ...r,
        level: r.level ?? reply.value[i]?.level ?? null,
        mark: r.mark !== undefined ? r.mark : (reply.value[i]?.mark ?? null),
      })),
    };
    this.redraw();
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
    this.redraw();
    const result = await saveAndCheck(this.send, this.saveRequest(s));
    if (this.shown !== s || s.index !== index) return;
    s.save = result.saved ? { kind: 'saved' } : { kind: 'error', message: result.message };
    if (result.saved) {
      const word = headword(s.result.readings[index]!);
      s.saved ??= new Set();
      s.saved.add(word);
      // A saved word is being learnt (the background changes a known or ignored mark to learning).
      s.states.set(word, 'learning');
      this.hooks.marked?.(word, 'learning');
    }
    this.redraw();
  }

  // -------------------------------------------------------------------------------------------------
  // Word knowledge (issue 12): K, I, U and the undo

  /**
   * Marks the shown word: the card shows the new state in this same task (the reader sees it at once),
   * the background stores it, and the card then offers the undo; a failure puts the state back and
   * says why in a sentence.
   */
  private async mark(mark: 'known' | 'ignored' | 'new'): Promise<void> {
    const s = this.shown;
    if (!s) return;
    const t0 = performance.now();
    const reading = s.result.readings[s.index]!;
    const word = headword(reading);
    const before = s.states.get(word);
    const next = stateOf(mark, s.saved?.has(word) ?? false);
    s.states.set(word, next);
    s.markStatus = { kind: 'done', mark, undoable: false };
    this.redraw();
    const shownMs = performance.now() - t0;
    const r = await this.send('knowledge.mark', { words: [word], mark });
    const storedMs = performance.now() - t0;
    probe.marks.push({ word, mark, shownMs, storedMs, ok: r.ok });
    if (this.shown !== s) {
      if (r.ok) this.hooks.marked?.(word, next);
      return;
    }
    if (!r.ok) {
      if (before) s.states.set(word, before);
      else s.states.delete(word);
      s.markStatus = { kind: 'error', message: markErrorSentence(r.error) };
    } else {
      s.undo = r.value.changed > 0 ? { word, undo: r.value.undo } : s.undo;
      s.markStatus = { kind: 'done', mark, undoable: r.value.changed > 0 };
      this.hooks.marked?.(word, next);
    }
    this.redraw();
  }

  /** One step back: the last mark made on this card is undone (its word gets its earlier mark back). */
  private async undoMark(): Promise<void> {
    const s = this.shown;
    const u = s?.undo;
    if (!s || !u) return;
    s.undo = null;
    const r = await this.send('knowledge.undo', { undo: u.undo });
    if (this.shown !== s) return;
    if (!r.ok) {
      s.markStatus = { kind: 'error', message: markErrorSentence(r.error) };
    } else {
      const previous = u.undo.before.find(([w]) => w === u.word)?.[1]?.mark ?? null;
      const state = stateOf(previous, s.saved?.has(u.word) ?? false);
      s.states.set(u.word, state);
      s.markStatus = { kind: 'undone' };
      this.hooks.marked?.(u.word, state);
    }
    this.redraw();
  }

  // -------------------------------------------------------------------------------------------------
  // Speech and pinyin

  private variety() {
    let url = this.win.location.href;
    try {
      url = this.win.top?.location.href ?? url;
    } catch {
      // cross-origin frame: its own address
    }
    return pageVariety(this.doc.documentElement.lang, url);
  }

  /** Whether a Chinese voice can speak here: the card's speech button says so when not. */
  private async askSpeech(): Promise<void> {
    this.speechAsked = true;
    const r = await this.send('speech.voices', { variety: this.variety() });
    if (r.ok) this.speech = { ...this.speech, available: r.value.available };
    this.redraw();
  }

  /** Speaks the word or its sentence: only ever from a click or a trusted key press on the card. */
  private async speak(what: 'word' | 'sentence'): Promise<void> {
    const s = this.shown;
    if (!s) return;
    const reading = s.result.readings[s.index]!;
    const text = what === 'word' ? reading.word : sentenceAround(s.run.text, s.base + reading.start, s.base + reading.end);
    probe.speakRequests++;
    const r = await this.send('speak', { text, variety: this.variety() });
    let message: string | null = null;
    let available = this.speech.available;
    if (!r.ok) message = 'Dubao’s background did not answer; nothing was spoken. Try again.';
    else if (!r.value.ok) {
      message = r.value.message;
      if (r.value.reason === 'no-voice') available = false;
    } else available = true;
    this.speech = { available, message };
    this.redraw();
  }

  private revealPinyin(): void {
    const s = this.shown;
    if (!s || this.opts.view.pinyin !== 'hidden') return;
    s.pinyinRevealed = !s.pinyinRevealed;
    this.redraw();
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

  /** A card action, pressed here or relayed from the top frame; false when no card is open here. */
  pressKey(key: CardKey): boolean {
    if (!this.shown) return false;
    switch (key) {
      case 'close':
        this.dismissed = this.shown.range;
        this.hide();
        break;
      case 'save':
        void this.save();
        break;
      case 'shorter':
        this.step(-1);
        break;
      case 'longer':
        this.step(1);
        break;
      case 'previousWord':
        this.neighbour(-1);
        break;
      case 'nextWord':
        this.neighbour(1);
        break;
      case 'speakWord':
        void this.speak('word');
        break;
      case 'speakSentence':
        void this.speak('sentence');
        break;
      case 'showPinyin':
        this.revealPinyin();
        break;
      case 'known':
        void this.mark('known');
        break;
      case 'ignore':
        void this.mark('ignored');
        break;
      case 'unknown':
        void this.mark('new');
        break;
      case 'undoMark':
        void this.undoMark();
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

  private cancelPending(): void {
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

/** The headword of a reading (simplified): what the study list and the word states are keyed by. */
function headword(reading: Reading): string {
  return reading.entries[0]?.simplified ?? reading.word;
}

/** What the card says when a mark could not be stored. */
export function markErrorSentence(error: string): string {
  if (/extension context invalidated/i.test(error))
    return 'Not marked: Dubao was updated or restarted after this page was opened. Reload the page.';
  if (/could not establish connection|receiving end does not exist|no reply from the background|message (channel|port)/i.test(error)) {
    return 'Not marked: Dubao’s background did not answer. Try again.';
  }
  // The store's own errors are sentences (UnreadableError, WriteError: "Dubao could not …").
  if (/^Dubao could not /.test(error)) return error;
  return 'Not marked: something went wrong in Dubao. Try again.';
}

/** The text node and offset of `index` in a run. */
function positionOf(run: Run, index: number): { node: Text; offset: number } | null {
  for (let k = run.pieces.length - 1; k >= 0; k--) {
    const p = run.pieces[k]!;
    if (p.start <= index && index < p.start + p.node.data.length) return { node: p.node, offset: index - p.start };
  }
  return null;
}

function inRange(r: Range, node: Text, offset: number): boolean {
  try {
    return r.isPointInRange(node, offset) && r.comparePoint(node, offset) === 0 && !(r.endContainer === node && r.endOffset === offset);
  } catch {
    return false;
  }
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
