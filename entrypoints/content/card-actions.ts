/**
 * What the reader does on the open card (open-card.ts), by a click on its buttons or a card key
 * (pressKey, from hover.ts's key handler or relayed from the top frame): a shorter or longer reading, the
 * previous or next word of the block (← →), save to the study list, mark the word known / ignored /
 * unknown (issue 12) and undo that, speak the word or its sentence, show hidden pinyin, close.
 *
 * Each action shows its result on the card at once and then asks the background; a reply that comes
 * after the card has changed is dropped, and a failure is said on the card in a sentence.
 */
import type { CardProps, SpeechState } from '../../components/Card';
import { isHanAt } from '../../dictionary/han';
import type { WordState } from '../../utils/knowledge/model';
import { stateOf } from '../../utils/knowledge/state';
import type { CardKey, Reading, StudySaveRequest } from '../../utils/messages';
import { pageVariety } from '../../utils/speech';
import { headword, OpenCard, type Shown } from './open-card';
import { probe } from './probe';
import { saveAndCheck } from './save';
import type { Run } from './scan';
import { sentenceAround } from './text';

/** The open card with the reader's actions on it; the hover path (hover.ts) opens and hides it. */
export abstract class CardActions extends OpenCard {
  /** The word the reader closed with Esc: no card for it again until the pointer leaves it. */
  protected dismissed: Range | null = null;
  /** Whether a Chinese voice can speak (asked once, with the first card). */
  private speech: SpeechState = { available: null, message: null };
  protected speechAsked = false;

  /** Looks up the word at `run.offset` (hover.ts); `now`: show its card as soon as the reply is in. */
  protected abstract startLookup(node: Text, offset: number, run: Run, tHit: number, now: boolean): void;
  /** Drops the lookup under way, if any (hover.ts). */
  protected abstract cancelPending(): void;
  /** Closes the card (hover.ts). */
  abstract hide(): void;

  /** The reader's state of the shown reading's headword: set on this card, else from the lookup. */
  private stateIn(s: Shown, reading: Reading): WordState | null {
    const word = headword(reading);
    const set = s.states.get(word);
    if (set) return set;
    if (reading.mark === undefined) return null;
    return stateOf(reading.mark, s.saved?.has(word) ?? false);
  }

  protected propsOf(s: Shown): CardProps {
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
  protected openAtRun(run: Run): void {
    const at = positionOf(run, run.offset);
    if (!at) return;
    this.cancelPending();
    this.dismissed = null;
    this.startLookup(at.node, at.offset, run, performance.now(), true);
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
  protected async askSpeech(): Promise<void> {
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
