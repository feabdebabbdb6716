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

/** Pages no extension may script: browser pages and the web stores. */
export function isRestrictedUrl(url: string): boolean {
  if (/^(chrome|edge|brave|opera|vivaldi|about|chrome-extension|moz-extension|devtools|view-source|chrome-search):/i.test(url)) {
    return true;
  }
  try {
    const u = new URL(url);
    return (
      u.hostname === 'chromewebstore.google.com' ||
      (u.hostname === 'chrome.google.com' && u.pathname.startsWith('/webstore')) ||
      u.hostname === 'addons.mozilla.org' ||
      u.hostname === 'microsoftedge.microsoft.com'
    );
  } catch {
    return false;
  }
}

/** The tab's URL when the browser tells us (it does for pages the content script may run on). */
export async function tabUrl(tabId: number): Promise<string | null> {
  try {
    return (await browser.tabs.get(tabId)).url ?? null;
  } catch {
    return null;
  }
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
