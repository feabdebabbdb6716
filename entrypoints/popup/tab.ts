/**
 * The popup's access to the tab it describes: which tab (`?tabId=N`, else the active one), its text and
 * the reveal of a word, through the content script's page-text handlers (top frame only).
 */
import { browser } from 'wxt/browser';
import type { PageRequest, PageText, RevealResult } from '../../utils/study/page-protocol';

export async function targetTabId(search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

function ask<T>(tabId: number, req: PageRequest): Promise<T> {
  return browser.tabs.sendMessage(tabId, req, { frameId: 0 }) as Promise<T>;
}

export function readPage(tabId: number): Promise<PageText> {
  return ask<PageText>(tabId, { dubaoPage: 1, kind: 'text' });
}

export function revealInPage(tabId: number, start: number, word: string, index: number): Promise<RevealResult> {
  return ask<RevealResult>(tabId, { dubaoPage: 1, kind: 'reveal', start, length: word.length, word, index });
}
