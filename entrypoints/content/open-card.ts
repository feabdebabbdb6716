/**
 * The open card of the hover path (hover.ts): what it holds (`Shown`: the lookup's readings, the one
 * shown, its save and word state), its home in the page (card-host.ts), and what keeps it current:
 * a shorter or longer reading, the saved state and the levels asked for after it opened, redraws.
 * What the reader does on the card is card-actions.ts; the pointer, the rest rule and the keys are hover.ts.
 */
import { DEFAULT_CARD_VIEW, type CardProps, type CardView, type MarkStatus, type SaveState } from '../../components/Card';
import type { Binding, KeyAction } from '../../utils/keys';
import type { KnowledgeUndo, WordState } from '../../utils/knowledge/model';
import type { HoverResult, MessageName, Payload, Reading, Reply, ReplyValue } from '../../utils/messages';
import type { HoverTrigger, Theme, TonePalette, ToneScheme } from '../../utils/settings-schema';
import { CardHost } from './card-host';
import { probe } from './probe';
import { rangeOf, rangesOf, type Run } from './scan';

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

/** The card on screen: the lookup's reply, the reading shown, and what the reader did on it. */
export interface Shown {
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

/** The open card: its state, its home in the page, and the redraws that keep it current. */
export abstract class OpenCard {
  protected readonly doc: Document;
  protected readonly win: Window;
  protected readonly send: Send;
  protected readonly hooks: HoverHooks;
  protected opts: HoverOptions;
  protected card: CardHost | null = null;
  protected shown: Shown | null = null;

  constructor(win: Window, send: Send, options: Partial<HoverOptions> = {}, hooks: HoverHooks = {}) {
    this.win = win;
    this.doc = win.document;
    this.send = send;
    this.hooks = hooks;
    this.opts = { trigger: 'always', delayMs: 50, bindings: [], view: DEFAULT_CARD_VIEW, look: null, ...options };
  }

  /** The card's props for a shown word, with its buttons wired to the reader's actions (card-actions.ts). */
  protected abstract propsOf(s: Shown): CardProps;

  protected ensureCard(): CardHost {
    if (!this.card) {
      this.card = new CardHost(this.doc);
      if (this.opts.look) this.card.setLook(this.opts.look);
      this.card.prepare();
      probe.card = this.card;
    }
    return this.card;
  }

  protected shownFor(p: { run: Run; base: number; saved: Set<string> | null }, result: HoverResult): Shown {
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

  protected props(): CardProps {
    return this.propsOf(this.shown!);
  }

  protected redraw(): void {
    if (this.shown && this.card) this.card.update(this.props());
  }

  protected step(delta: number): void {
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

  /** The range of the word on the open card (N, P search from it). */
  get shownRange(): Range | null {
    return this.shown?.range ?? null;
  }

  protected async refreshSaved(): Promise<void> {
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
  protected async refreshInfo(s: Shown): Promise<void> {
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
}

/** The headword of a reading (simplified): what the study list and the word states are keyed by. */
export function headword(reading: Reading): string {
  return reading.entries[0]?.simplified ?? reading.word;
}
