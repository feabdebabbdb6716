/**
 * Card keys across frames (issue 10). A card opens in the frame under the pointer, an iframe say, while
 * the keyboard focus usually stays in the top document: the card's keys (S, [, ], Esc, K… as the reader
 * bound them) pressed there must still reach the card. The top frame sends the action, not the key. They go through the extension, never through window.postMessage, which every page script
 * can read and forge:
 *
 *   frame with a card --card.state--> background --{dubaoCard, kind: 'child'}--> the tab's top frame
 *   top frame (a card key, no card of its own) --card.key--> background --{dubaoCard, kind: 'key'}--> that frame
 *
 * Messages from the background to a content script can come from nowhere else (a page cannot send
 * runtime messages to a content script), and the top frame acts only on trusted key events.
 */
import { browser } from 'wxt/browser';
import { isCardKey, type CardKey, type Handlers } from './messages';

/** Background -> content script. */
export type CardRelayMessage = { dubaoCard: 1; kind: 'child'; open: boolean } | { dubaoCard: 1; kind: 'key'; key: CardKey };

export function isCardRelayMessage(msg: unknown): msg is CardRelayMessage {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  if (m.dubaoCard !== 1) return false;
  if (m.kind === 'child') return typeof m.open === 'boolean';
  return m.kind === 'key' && isCardKey(m.key);
}

const sessionKey = (tab: number) => `card.open.${tab}`;

type TabsLike = { sendMessage(tabId: number, msg: unknown, options: { frameId: number }): Promise<unknown> };
type SessionLike = { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void>; remove(k: string): Promise<void> };

async function frameWithCard(openIn: Map<number, number>, session: SessionLike | undefined, tab: number): Promise<number | undefined> {
  const known = openIn.get(tab);
  if (known !== undefined || !session) return known;
  const kept = (await session.get(sessionKey(tab)).catch((): Record<string, unknown> => ({})))[sessionKey(tab)];
  return typeof kept === 'number' ? kept : undefined;
}

export function cardRelayHandlers(
  tabs: TabsLike = browser.tabs as unknown as TabsLike,
  session: SessionLike | undefined = browser.storage?.session as unknown as SessionLike | undefined,
): Pick<Handlers, 'card.state' | 'card.key'> {
  /**
   * Which frame of each tab has a card open (frames other than the top one), also in storage.session:
   * the worker may be stopped while the reader reads a card, and the key pressed next must still find it.
   */
  const openIn = new Map<number, number>();
  return {
    async 'card.state'({ open }, sender) {
      const tab = sender.tabId;
      const frame = sender.frameId;
      if (tab === undefined || frame === undefined || frame === 0) return null;
      if (open) {
        openIn.set(tab, frame);
        void session?.set({ [sessionKey(tab)]: frame }).catch(() => undefined);
      } else if ((await frameWithCard(openIn, session, tab)) === frame) {
        openIn.delete(tab);
        void session?.remove(sessionKey(tab)).catch(() => undefined);
      } else return null;
      await tabs.sendMessage(tab, { dubaoCard: 1, kind: 'child', open } satisfies CardRelayMessage, { frameId: 0 }).catch(() => undefined);
      return null;
    },
    async 'card.key'({ key }, sender) {
      const tab = sender.tabId;
      if (tab === undefined || sender.frameId !== 0) return false;
      const frame = await frameWithCard(openIn, session, tab);
      if (frame === undefined) return false;
      const done = await tabs
        .sendMessage(tab, { dubaoCard: 1, kind: 'key', key } satisfies CardRelayMessage, { frameId: frame })
        .catch(() => false);
      return done === true;
    },
  };
}
