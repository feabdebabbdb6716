/**
 * The background's side of the message protocol (utils/messages.ts): each message's payload checked at
 * run time (`validators`: content scripts run in pages we do not control, so every payload is untrusted
 * input), then run against the handler table (`dispatch`), errors coming back as replies, never thrown.
 * Pure.
 */
import type { CivicCategory } from '../dictionary/types';
import { MARKS, type Mark, type MarkEntry } from './knowledge/model';
import {
  isCardKey,
  LIMITS,
  type Envelope,
  type Handler,
  type Handlers,
  type MessageName,
  type Payload,
  type Reply,
  type Sender,
  type StudySaveRequest,
} from './messages';
import type { SpeechVariety } from './settings-schema';

// ---------------------------------------------------------------------------------------------------
// Validation of untrusted payloads

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
// Dispatch

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
