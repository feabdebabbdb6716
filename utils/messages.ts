/**
 * The one message protocol between content scripts / extension pages and the background.
 *
 * Each message is declared once in `Protocol` (payload and reply types) and once in `validators`
 * (utils/message-dispatch.ts: the run-time check of its payload: content scripts run in pages we do not
 * control, so every payload is untrusted input). The background registers one handler per message from a
 * table (`Handlers`) and answers through `dispatch` (message-dispatch.ts); callers use
 * `send(name, payload)` and always get `Reply<T>` back, never a thrown error.
 *
 * To add a message: add its entry to `Protocol`, add a validator to `validators` in
 * utils/message-dispatch.ts, add a handler to the table in entrypoints/background.ts. TypeScript then
 * checks every caller and the handler.
 *
 * Pure module apart from `send`, which takes the runtime as an argument so tests can call it in Node.
 */
import type { CivicCategory, DictEntry } from '../dictionary/types';
import type { GlossaryRest, GlossaryRowDetail } from '../dictionary/glossary/view';
import type { HskLevel, WordLevel } from '../dictionary/levels/levels';
import { KEY_ACTIONS, type KeyAction } from './keys';
import type { KnowledgeUndo, Mark, WordState } from './knowledge/model';
import type { SpeechVariety } from './settings-schema';

// ---------------------------------------------------------------------------------------------------
// Shapes

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** A span of the looked-up text with the dictionary entries of its characters. */
export interface SpanResult {
  /** [start, end) in UTF-16 code units of the text sent with the request. */
  start: number;
  end: number;
  /** text.slice(start, end) */
  word: string;
  /** All readings of the word (simplified and traditional lookup), empty when the dictionary lacks it. */
  entries: DictEntry[];
  /** Tone-marked pinyin (syllables separated by spaces); read character by character when `entries` is empty. */
  pinyin: string;
}

/** One reading of the hovered span, with the parts it splits into when it is a compound. */
export interface Reading extends SpanResult {
  /** Sub-words left to right with their entries; empty for a word that does not split. */
  parts: SpanResult[];
  /**
   * HSK levels and frequency of the headword (issue 12), added by the background to `lookupAt` replies;
   * null when the levels are not loaded (absent in replies of older versions).
   */
  level?: WordLevel | null;
  /** The reader's mark on the headword (known, ignored, learning, new); null for none or unreadable. */
  mark?: Mark | null;
}

/** A word of a page text with its reading, levels and the reader's state of it (`page.readings`). */
export interface PageWord {
  /** [start, end) in UTF-16 code units of the text. */
  start: number;
  end: number;
  /** Tone marks, syllables separated by single spaces. */
  pinyin: string;
  simplified: string;
  civic: CivicCategory | null;
  hsk2021: HskLevel | null;
  hsk2025: HskLevel | null;
  /** new, learning (saved or marked), known or ignored. */
  state: WordState;
}

/** What `speak` answers: the voice that spoke, or why nothing was spoken, in a sentence. */
export type SpeakReply =
  | { ok: true; voice: string }
  | { ok: false; reason: 'empty' | 'no-voice' | 'no-engine' | 'failed'; message: string };

/** Reply of `lookupAt`: the readings of the span under the pointer, and which one the segmenter chose. */
export interface HoverResult {
  /**
   * Every reading of the span the card can step through (dictionary words that contain the offset, and
   * the segment the segmenter chose), shortest first, then by start.
   */
  readings: Reading[];
  /** Index in `readings` of the segment that contains the offset in the segmentation of the text. */
  chosen: number;
  /**
   * Which of the readings' headwords (each reading's first entry's simplified form, else its word) are
   * in the study list, read with the lookup (one round trip for the first hover); absent when the study
   * list could not be read (the card then asks with `study.has`).
   */
  saved?: string[];
}

/** Fields of a study-list item as the card or the glossary shows them (see issue 5). */
export interface StudySaveRequest {
  simplified: string;
  traditional: string;
  /** Tone marks, readings of several entries separated by " / ". */
  pinyin: string;
  /** The senses as shown (all readings, in order). */
  definitions: string[];
  civic: { category: CivicCategory; explanation: string } | null;
  /** The sentence around the occurrence (may be empty when saved from a place without one). */
  sentence: string;
  pageTitle: string;
  url: string;
}

export interface StudySaveResult {
  /** True when the word was already in the list and only the sentence was added. */
  merged: boolean;
}

// ---------------------------------------------------------------------------------------------------
// The protocol table

export interface Protocol {
  /** The word at `offset` in a block of page text, with its other readings and parts. Null: no word. */
  lookupAt: { payload: { text: string; offset: number }; reply: HoverResult | null };
  /** All entries of a headword (simplified or traditional). */
  lookupWord: { payload: { word: string }; reply: DictEntry[] };
  /**
   * Vocabulary of a page text (dictionary/glossary.ts): what the popup's list shows, a GlossaryView as
   * JSON text (one string crosses between processes several times faster than its 70,000 values for a
   * long page). The background keeps the full glossary under the view's `key` for the messages below.
   * `inSteps`: not urgent, make it in steps so that other requests go between.
   */
  glossary: { payload: { text: string; inSteps?: boolean }; reply: string };
  /**
   * From a page's content script once the page is idle: make the glossary of its text now, in steps, and
   * keep it for the popup (utils/glossary-store.ts). Answered at once; the work follows.
   */
  'glossary.prepare': { payload: { text: string }; reply: null };
  /**
   * Every sense of every row of glossary `key`, in row order, with the rows' words (to check against the
   * view) and, for a partial view, their pinyin and traditional forms; null when the background no
   * longer has it.
   */
  'glossary.senses': { payload: { key: string }; reply: GlossaryRest | null };
  /** Senses, civic explanation and occurrence positions of one row (by simplified form); null: unknown. */
  'glossary.row': { payload: { key: string; word: string }; reply: GlossaryRowDetail | null };
  /** Save a word to the study list, or add the sentence when it is already there. */
  'study.save': { payload: StudySaveRequest; reply: StudySaveResult };
  /** Which of `words` (simplified headwords) are in the study list. */
  'study.has': { payload: { words: string[] }; reply: string[] };
  /**
   * From a frame's content script: a card opened or closed in this frame. The background tells the tab's
   * top frame, so that keys pressed there reach the card (utils/card-relay.ts).
   */
  'card.state': { payload: { open: boolean }; reply: null };
  /** From the top frame: a card key pressed there, for the card open in another frame of the tab. */
  'card.key': { payload: { key: CardKey }; reply: boolean };
  /**
   * Pinyin over the page and unknown words on the page: the words of several page texts with their
   * readings (dictionary/readings.ts), levels and the reader's state of each.
   */
  'page.readings': { payload: { texts: string[] }; reply: PageWord[][] };
  /** The reader's state of each of `words` (simplified headwords), in order: new, learning, known, ignored. */
  'page.states': { payload: { words: string[] }; reply: WordState[] };
  /** Marks words known, ignored, learning or back to new (K, I, U on the card); the undo of the change. */
  'knowledge.mark': { payload: { words: string[]; mark: Mark; onlyNew?: boolean }; reply: { changed: number; undo: KnowledgeUndo } };
  /** Reverts a change made by knowledge.mark (words changed again since keep their later mark). */
  'knowledge.undo': { payload: { undo: KnowledgeUndo }; reply: number };
  /** Levels and the reader's mark of headwords (the card asks when its lookup reply came without levels). */
  'word.info': { payload: { words: string[] }; reply: Array<{ level: WordLevel | null; mark: Mark | null }> };
  /** Speaks a word or a sentence with the voice for the page's variety (Chrome: chrome.tts, in the background). */
  speak: { payload: { text: string; variety: SpeechVariety }; reply: SpeakReply };
  /** Whether a Chinese voice can speak for this variety (the card's speech button says so when not). */
  'speech.voices': { payload: { variety: SpeechVariety }; reply: { available: boolean } };
}

/** The actions a card answers, also when it is open in another frame of the tab (keys.ts, scope 'card'). */
export type CardKey = Extract<(typeof KEY_ACTIONS)[number], { scope: 'card' }>['id'];
export const CARD_KEYS: readonly CardKey[] = KEY_ACTIONS.filter((a) => a.scope === 'card').map((a) => a.id as CardKey);

export function isCardKey(x: unknown): x is CardKey {
  return typeof x === 'string' && (CARD_KEYS as readonly string[]).includes(x);
}

/** A card-scope action as a CardKey (null for the others). */
export function cardKeyOf(action: KeyAction): CardKey | null {
  return isCardKey(action) ? action : null;
}

export type MessageName = keyof Protocol;
export type Payload<K extends MessageName> = Protocol[K]['payload'];
export type ReplyValue<K extends MessageName> = Protocol[K]['reply'];

/** What goes over runtime.sendMessage. The `dubao` tag keeps other extensions' messages apart. */
export interface Envelope<K extends MessageName = MessageName> {
  dubao: 1;
  name: K;
  payload: Payload<K>;
}

export interface Sender {
  tabId?: number;
  /** The frame the message came from (0: the tab's top frame). */
  frameId?: number;
  url?: string;
}

export type Handler<K extends MessageName> = (payload: Payload<K>, sender: Sender) => ReplyValue<K> | Promise<ReplyValue<K>>;

export type Handlers = { [K in MessageName]: Handler<K> };

// ---------------------------------------------------------------------------------------------------
// Limits of payloads (senders keep within them; message-dispatch.ts refuses what is over)

/** Limits: a hover block is a paragraph or so; a page for the glossary may be long. */
export const LIMITS = {
  blockText: 4_000,
  word: 64,
  pageText: 2_000_000,
  /** Pages prepared at load (longer ones are made when the popup asks: a big job for every visit). */
  preparedText: 300_000,
  glossaryKey: 40,
  sentence: 1_000,
  definitions: 64,
  definition: 2_000,
  title: 500,
  url: 2_048,
  words: 5_000,
  /** Texts of one page.readings request, and their characters together. */
  pageTexts: 5_000,
  pageChars: 300_000,
  /** Words in one mark or undo (a whole page for "I've read this page"). */
  markWords: 50_000,
  /** Words whose state one page.states asks. */
  stateWords: 50_000,
  spoken: 2_000,
} as const;

// ---------------------------------------------------------------------------------------------------
// Send (clients)

/** The part of `browser.runtime` that `send` needs (injected, so the module stays testable). */
export interface MessageRuntime {
  sendMessage(message: unknown): Promise<unknown>;
}

/**
 * Waits before each new try while the background has no listener yet: Firefox's background page
 * starting (after an update, a reload or a crash) answers "Receiving end does not exist" until its
 * script has run. Chromium wakes a stopped service worker for the message and never needs them.
 */
export const NO_LISTENER_RETRIES_MS = [50, 100, 200, 400, 800];

const NO_LISTENER = /Receiving end does not exist/i;

/**
 * Send one message; transport failures (no background, extension reloaded) become `{ok: false}`. A
 * background that is still starting is asked again (NO_LISTENER_RETRIES_MS, 1.55 s in all).
 */
export async function send<K extends MessageName>(
  runtime: MessageRuntime,
  name: K,
  payload: Payload<K>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<Reply<ReplyValue<K>>> {
  const envelope: Envelope<K> = { dubao: 1, name, payload };
  for (let attempt = 0; ; attempt++) {
    try {
      const reply = (await runtime.sendMessage(envelope)) as Reply<ReplyValue<K>> | undefined;
      if (!reply || typeof reply !== 'object' || typeof reply.ok !== 'boolean') {
        return { ok: false, error: 'no reply from the background' };
      }
      return reply;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const wait = NO_LISTENER_RETRIES_MS[attempt];
      if (wait === undefined || !NO_LISTENER.test(error)) return { ok: false, error };
      await sleep(wait);
    }
  }
}
