/**
 * Messages from the popup to the content script of a tab (browser.tabs.sendMessage, top frame only):
 * the page's article text for the glossary, and "show me occurrence N of this word". Separate from
 * utils/messages.ts, whose messages all go to the background.
 */

export interface PageTextRequest {
  dubaoPage: 1;
  kind: 'text';
}

export interface PageRevealRequest {
  dubaoPage: 1;
  kind: 'reveal';
  /** [start, start + length) in the text the last `text` reply returned; -1: unknown, search for it. */
  start: number;
  length: number;
  /** The form expected there; if the page changed since, the occurrence is found again by this. */
  word: string;
  /** Which occurrence this is (0-based), for the fallback search. */
  index: number;
}

export type PageRequest = PageTextRequest | PageRevealRequest;

export interface PageText {
  text: string;
  title: string;
  url: string;
}

export interface RevealResult {
  found: boolean;
}

export function isPageRequest(msg: unknown): msg is PageRequest {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  if (m.dubaoPage !== 1) return false;
  if (m.kind === 'text') return true;
  return (
    m.kind === 'reveal' &&
    Number.isInteger(m.start) &&
    Number.isInteger(m.length) &&
    Number.isInteger(m.index) &&
    typeof m.word === 'string' &&
    (m.length as number) > 0 &&
    (m.length as number) <= 64
  );
}
