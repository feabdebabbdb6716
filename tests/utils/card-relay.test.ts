import { describe, expect, it } from 'vitest';
import { cardRelayHandlers, isCardRelayMessage } from '../../utils/card-relay';

function fakeTabs(reply: unknown = true) {
  const sent: Array<{ tab: number; frameId: number; msg: unknown }> = [];
  return {
    sent,
    tabs: {
      async sendMessage(tab: number, msg: unknown, o: { frameId: number }) {
        sent.push({ tab, frameId: o.frameId, msg });
        return reply;
      },
    },
  };
}

function fakeSession() {
  const data: Record<string, unknown> = {};
  return {
    data,
    async get(k: string) {
      return { [k]: data[k] };
    },
    async set(v: object) {
      Object.assign(data, v);
    },
    async remove(k: string) {
      delete data[k];
    },
  };
}

describe('card keys between the frames of a tab', () => {
  it('a frame’s card opening is told to the top frame; a key from the top frame goes to that frame', async () => {
    const { tabs, sent } = fakeTabs();
    const h = cardRelayHandlers(tabs, fakeSession());
    await h['card.state']({ open: true }, { tabId: 7, frameId: 3 });
    expect(sent).toEqual([{ tab: 7, frameId: 0, msg: { dubaoCard: 1, kind: 'child', open: true } }]);
    expect(await h['card.key']({ key: 'save' }, { tabId: 7, frameId: 0 })).toBe(true);
    expect(sent[1]).toEqual({ tab: 7, frameId: 3, msg: { dubaoCard: 1, kind: 'key', key: 'save' } });
  });

  it('keys are relayed only from the top frame, only to an open card, and survive a worker restart', async () => {
    const { tabs, sent } = fakeTabs();
    const session = fakeSession();
    const h = cardRelayHandlers(tabs, session);
    expect(await h['card.key']({ key: 'save' }, { tabId: 8, frameId: 0 })).toBe(false);
    await h['card.state']({ open: true }, { tabId: 8, frameId: 5 });
    expect(await h['card.key']({ key: 'save' }, { tabId: 8, frameId: 2 })).toBe(false); // not from the top frame
    // A fresh worker (its memory empty): the open card is found in storage.session.
    const restarted = cardRelayHandlers(tabs, session);
    expect(await restarted['card.key']({ key: 'longer' }, { tabId: 8, frameId: 0 })).toBe(true);
    await h['card.state']({ open: false }, { tabId: 8, frameId: 5 });
    expect(session.data['card.open.8']).toBeUndefined();
    expect(await h['card.key']({ key: 'save' }, { tabId: 8, frameId: 0 })).toBe(false);
    expect(sent.filter((s) => (s.msg as { kind: string }).kind === 'key')).toHaveLength(1);
  });

  it('the top frame itself never registers as the frame with a card', async () => {
    const { tabs, sent } = fakeTabs();
    const h = cardRelayHandlers(tabs, fakeSession());
    await h['card.state']({ open: true }, { tabId: 9, frameId: 0 });
    expect(sent).toEqual([]);
  });

  it('only well-formed relay messages are accepted by content scripts', () => {
    expect(isCardRelayMessage({ dubaoCard: 1, kind: 'key', key: 'save' })).toBe(true);
    expect(isCardRelayMessage({ dubaoCard: 1, kind: 'key', key: 'known' })).toBe(true);
    expect(isCardRelayMessage({ dubaoCard: 1, kind: 'key', key: 'x' })).toBe(false);
    // Page-wide actions are not a card's: they are never relayed.
    expect(isCardRelayMessage({ dubaoCard: 1, kind: 'key', key: 'pagePinyin' })).toBe(false);
    expect(isCardRelayMessage({ dubaoCard: 1, kind: 'key', key: 'nextUnknown' })).toBe(false);
    expect(isCardRelayMessage({ dubaoCard: 1, kind: 'child', open: 'yes' })).toBe(false);
    expect(isCardRelayMessage({ kind: 'key', key: 'save' })).toBe(false);
  });
});
