/**
 * Messages from the popup (or the background) to the content scripts of a tab, for what acts on the
 * page itself: pinyin over the page, on or off (issue 13), and whether unknown words are coloured there
 * (issue 12; turned on and off through the setting, utils/settings-schema.ts `unknownWords`). Sent with
 * browser.tabs.sendMessage to every frame (each frame has its own text); only extension contexts can
 * send these, never a page.
 *
 *   tabs.sendMessage(tabId, { dubaoControl: 1, control: 'pagePinyin', on: true })  -> PageControlReply
 *   tabs.sendMessage(tabId, { dubaoControl: 1, control: 'pagePinyin' })            -> its state, unchanged
 */

export type PageControlName = 'pagePinyin' | 'unknownWords';

export interface PageControl {
  dubaoControl: 1;
  control: PageControlName;
  /** Turn it on or off; absent: only ask whether it is on. (unknownWords only answers: it is a setting.) */
  on?: boolean;
}

export interface PageControlReply {
  on: boolean;
  /** False when Dubao is off on this site (nothing is done there), or the browser lacks what it needs. */
  available: boolean;
}

export function isPageControl(msg: unknown): msg is PageControl {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return (
    m.dubaoControl === 1 &&
    (m.control === 'pagePinyin' || m.control === 'unknownWords') &&
    (m.on === undefined || typeof m.on === 'boolean')
  );
}
