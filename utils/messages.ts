/**
 * The one message protocol between content scripts / extension pages and the background.
 *
 * Each message is declared once in `Protocol` (payload and reply types) and once in `validators` (the
 * run-time check of its payload: content scripts run in pages we do not control, so every payload is
 * untrusted input). The background registers one handler per message from a table (`Handlers`); callers
 * use `send(name, payload)` and always get `Reply<T>` back, never a thrown error.
 *
 * To add a message: add its entry to `Protocol`, add a validator to `validators`, add a handler to the
 * table in entrypoints/background.ts. TypeScript then checks every caller and the handler.
 *
 * Pure module apart from `send`, which takes the runtime as an argument so tests can call it in Node.
 */
import type { CivicCategory, DictEntry } from '../dictionary/types';
import type { GlossaryRest, GlossaryRowDetail } from '../dictionary/glossary/view';
import type { HskLevel, WordLevel } from '../dictionary/levels/levels';
import { KEY_ACTIONS, type KeyAction } from './keys';
import { MARKS, type KnowledgeUndo, type Mark, type MarkEntry, type WordState } from './knowledge/model';
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
// Validation of untrusted payloads

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

export class InvalidPayload extends Error {}

function fail(msg: string): never {
  throw new InvalidPayload(msg);
}

function obj(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('payload must be an object');
  return v as Record<string, unknown>;
}

function str(v: unknown, name: string, max: number, { nonEmpty = false } = {}): string {
  if (typeof v !== 'string') fail(`${name} must be a string`);
  if (v.length > max) fail(`${name} is longer than ${max}`);
  if (nonEmpty && v.length === 0) fail(`${name} is empty`);
  return v;
}

function int(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${name} out of range`);
  return v;
}

function strArray(v: unknown, name: string, maxItems: number, maxLen: number): string[] {
  if (!Array.isArray(v)) fail(`${name} must be an array`);
  if (v.length > maxItems) fail(`${name} has more than ${maxItems} items`);
  return v.map((x, i) => str(x, `${name}[${i}]`, maxLen));
}

const CIVIC_IDS = new Set<string>([
  'party',
  'state',
  'personnel',
  'formulations',
  'social',
  'economy',
  'law',
  'divisions',
  'military',
  'diplomacy',
  'hktw',
  'people',
] satisfies CivicCategory[]);

export const validators: { [K in MessageName]: (raw: unknown) => Payload<K> } = {
  lookupAt(raw) {
    const p = obj(raw);
    const text = str(p.text, 'text', LIMITS.blockText, { nonEmpty: true });
    const offset = int(p.offset, 'offset', 0, text.length - 1);
    return { text, offset };
  },
  lookupWord(raw) {
    const p = obj(raw);
    return { word: str(p.word, 'word', LIMITS.word, { nonEmpty: true }) };
  },
  glossary(raw) {
    const p = obj(raw);
    const text = str(p.text, 'text', LIMITS.pageText);
    if (p.inSteps !== undefined && typeof p.inSteps !== 'boolean') fail('inSteps must be a boolean');
    return p.inSteps ? { text, inSteps: true } : { text };
  },
  'glossary.prepare'(raw) {
    const p = obj(raw);
    return { text: str(p.text, 'text', LIMITS.preparedText, { nonEmpty: true }) };
  },
  'glossary.senses'(raw) {
    const p = obj(raw);
    return { key: str(p.key, 'key', LIMITS.glossaryKey, { nonEmpty: true }) };
  },
  'glossary.row'(raw) {
    const p = obj(raw);
    return { key: str(p.key, 'key', LIMITS.glossaryKey, { nonEmpty: true }), word: str(p.word, 'word', LIMITS.word, { nonEmpty: true }) };
  },
  'study.save'(raw) {
    const p = obj(raw);
    let civic: StudySaveRequest['civic'] = null;
    if (p.civic !== null && p.civic !== undefined) {
      const c = obj(p.civic);
      const category = str(c.category, 'civic.category', 32);
      if (!CIVIC_IDS.has(category)) fail('civic.category is unknown');
      civic = { category: category as CivicCategory, explanation: str(c.explanation, 'civic.explanation', 4_000) };
    }
    return {
      simplified: str(p.simplified, 'simplified', LIMITS.word, { nonEmpty: true }),
      traditional: str(p.traditional, 'traditional', LIMITS.word, { nonEmpty: true }),
      pinyin: str(p.pinyin, 'pinyin', 1_000),
      definitions: strArray(p.definitions, 'definitions', LIMITS.definitions, LIMITS.definition),
      civic,
      sentence: str(p.sentence, 'sentence', LIMITS.sentence),
      pageTitle: str(p.pageTitle, 'pageTitle', LIMITS.title),
      url: str(p.url, 'url', LIMITS.url),
    };
  },
  'study.has'(raw) {
    const p = obj(raw);
    return { words: strArray(p.words, 'words', LIMITS.words, LIMITS.word) };
  },
  'card.state'(raw) {
    const p = obj(raw);
    if (typeof p.open !== 'boolean') fail('open must be a boolean');
    return { open: p.open };
  },
  'card.key'(raw) {
    const p = obj(raw);
    if (!isCardKey(p.key)) fail('key is not a card key');
    return { key: p.key };
  },
  'page.readings'(raw) {
    const p = obj(raw);
    const texts = strArray(p.texts, 'texts', LIMITS.pageTexts, LIMITS.pageChars);
    if (texts.reduce((n, t) => n + t.length, 0) > LIMITS.pageChars) fail(`texts are longer than ${LIMITS.pageChars} together`);
    return { texts };
  },
  'page.states'(raw) {
    const p = obj(raw);
    return { words: strArray(p.words, 'words', LIMITS.stateWords, LIMITS.word) };
  },
  'word.info'(raw) {
    const p = obj(raw);
    return { words: strArray(p.words, 'words', 64, LIMITS.word) };
  },
  'knowledge.mark'(raw) {
    const p = obj(raw);
    const words = strArray(p.words, 'words', LIMITS.markWords, LIMITS.word);
    const mark = markOf(p.mark, 'mark');
    if (p.onlyNew !== undefined && typeof p.onlyNew !== 'boolean') fail('onlyNew must be a boolean');
    return p.onlyNew ? { words, mark, onlyNew: true } : { words, mark };
  },
  'knowledge.undo'(raw) {
    const p = obj(raw);
    const u = obj(p.undo);
    const pairs = (v: unknown, name: string, nullable: boolean): Array<[string, MarkEntry | null]> => {
      if (!Array.isArray(v)) fail(`${name} must be an array`);
      if (v.length > LIMITS.markWords) fail(`${name} has more than ${LIMITS.markWords} items`);
      return v.map((x, i) => {
        if (!Array.isArray(x) || x.length !== 2) fail(`${name}[${i}] must be a pair`);
        const word = str(x[0], `${name}[${i}] word`, LIMITS.word, { nonEmpty: true });
        if (x[1] === null && nullable) return [word, null];
        const e = obj(x[1]);
        return [word, { mark: markOf(e.mark, `${name}[${i}] mark`), at: int(e.at, `${name}[${i}] time`, 0, Number.MAX_SAFE_INTEGER) }];
      });
    };
    const before = pairs(u.before, 'undo.before', true);
    const after = pairs(u.after, 'undo.after', false) as Array<[string, MarkEntry]>;
    return { undo: { before, after } };
  },
  speak(raw) {
    const p = obj(raw);
    return { text: str(p.text, 'text', LIMITS.spoken, { nonEmpty: true }), variety: varietyOf(p.variety) };
  },
  'speech.voices'(raw) {
    const p = obj(raw);
    return { variety: varietyOf(p.variety) };
  },
};

function markOf(v: unknown, name: string): Mark {
  if (typeof v !== 'string' || !(MARKS as readonly string[]).includes(v)) fail(`${name} is not a word state`);
  return v as Mark;
}

function varietyOf(v: unknown): SpeechVariety {
  if (v !== 'zh-CN' && v !== 'zh-TW' && v !== 'zh-HK') fail('variety must be zh-CN, zh-TW or zh-HK');
  return v;
}

// ---------------------------------------------------------------------------------------------------
// Dispatch (background) and send (clients)

export function isEnvelope(msg: unknown): msg is Envelope {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return m.dubao === 1 && typeof m.name === 'string' && Object.hasOwn(validators, m.name);
}

/**
 * Validate and run one message against the handler table. Never throws: invalid payloads and handler
 * errors come back as `{ok: false}` (with the message only: page text is never logged or echoed).
 */
export async function dispatch(handlers: Handlers, msg: unknown, sender: Sender = {}): Promise<Reply<unknown>> {
  if (!isEnvelope(msg)) return { ok: false, error: 'unknown message' };
  const name = msg.name;
  let payload: unknown;
  try {
    payload = validators[name](msg.payload);
  } catch (e) {
    return { ok: false, error: `invalid ${name}: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const value = await (handlers[name] as Handler<MessageName>)(payload as never, sender);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

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
