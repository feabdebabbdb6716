/**
 * The background's pushes to the tabs (utils/tab-push.ts) over WXT's fake storage: the on/off switch to
 * every tab, word-state changes only to the frames that asked for states, frames that stop answering
 * forgotten, and the frames that asked remembered across a restart of the worker (storage.session).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type PushModule = typeof import('../../utils/tab-push');

interface Sent {
  tab: number;
  frameId: number | undefined;
  msg: unknown;
}

/** Tabs 1, 2 and 3; `answers(tab, frame)` is what the frame's content script replies. */
function fakeTabs(answers: (tab: number, frame: number | undefined) => unknown = () => true) {
  const sent: Sent[] = [];
  return {
    sent,
    tabs: {
      async query() {
        return [{ id: 1 }, { id: 2 }, { id: 3 }];
      },
      async sendMessage(tab: number, msg: unknown, o?: { frameId: number }) {
        sent.push({ tab, frameId: o?.frameId, msg });
        return answers(tab, o?.frameId);
      },
    },
  };
}

async function start(
  answers?: (tab: number, frame: number | undefined) => unknown,
): Promise<{ m: PushModule; sent: Sent[]; flush: () => Promise<void> }> {
  vi.resetModules();
  const m = await import('../../utils/tab-push');
  const t = fakeTabs(answers);
  const flush = m.startTabPush(t.tabs, fakeBrowser.storage.local as never, fakeBrowser.storage.session as never);
  return { m, sent: t.sent, flush };
}

/** Waits for the change events of the last storage write, then for the pushes they made. */
async function settled(flush: () => Promise<void>): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  await flush();
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('pushes to the tabs', () => {
  it('the on/off switch goes to every tab; nothing goes for keys no tab needs', async () => {
    const { sent, flush } = await start();
    await fakeBrowser.storage.local.set({ enabled: false });
    await settled(flush);
    expect(sent).toEqual([1, 2, 3].map((tab) => ({ tab, frameId: undefined, msg: { dubaoPush: 1, kind: 'enabled', on: false } })));
    sent.length = 0;
    await fakeBrowser.storage.local.set({
      reviewState$: { v: 2 },
      'reviewState/3': '{"cards":{}}',
      studyRecent: '[]',
      'studyBucket/4': '[]',
    });
    await fakeBrowser.storage.sync.set({ settings: { v: 1 } });
    await settled(flush);
    expect(sent).toEqual([]);
  });

  it('word-state changes go only to the frames that asked for states, and to each once', async () => {
    const { m, sent, flush } = await start();
    await fakeBrowser.storage.local.set({ 'wordStates/17': '{}' });
    await settled(flush);
    expect(sent).toEqual([]); // nobody asked
    await m.followStates({ tabId: 2, frameId: 0 });
    await m.followStates({ tabId: 2, frameId: 5 });
    await m.followStates({ tabId: 2, frameId: 5 });
    await m.followStates({ frameId: 0 }); // not a tab (an extension page)
    const changes: Array<Record<string, unknown>> = [
      { 'wordStates/17': '{"known":{}}' },
      { 'studyWords/3': '["改革"]' },
      { wordStates$: { v: 2 } },
    ];
    for (const change of changes) {
      sent.length = 0;
      await fakeBrowser.storage.local.set(change);
      await settled(flush);
      expect(sent).toEqual([
        { tab: 2, frameId: 0, msg: { dubaoPush: 1, kind: 'states' } },
        { tab: 2, frameId: 5, msg: { dubaoPush: 1, kind: 'states' } },
      ]);
    }
  });

  it('a frame that no longer follows the states (closed, navigated, colouring off) is forgotten', async () => {
    let following = true;
    const { m, sent, flush } = await start((tab) => (tab === 1 ? following : Promise.reject(new Error('Could not establish connection'))));
    await m.followStates({ tabId: 1, frameId: 0 });
    await m.followStates({ tabId: 3, frameId: 0 });
    await fakeBrowser.storage.local.set({ 'wordStates/1': 'a' });
    await settled(flush);
    expect(sent.map((s) => s.tab)).toEqual([1, 3]);
    sent.length = 0;
    following = false;
    await fakeBrowser.storage.local.set({ 'wordStates/1': 'b' });
    await settled(flush);
    expect(sent.map((s) => s.tab)).toEqual([1]);
    sent.length = 0;
    await fakeBrowser.storage.local.set({ 'wordStates/1': 'c' });
    await settled(flush);
    expect(sent).toEqual([]);
  });

  it('the frames that asked are remembered when the worker is stopped and started again', async () => {
    const first = await start();
    await first.m.followStates({ tabId: 4, frameId: 0 });
    await new Promise((r) => setTimeout(r, 0));
    fakeBrowser.storage.local.onChanged.removeAllListeners?.();
    const again = await start();
    await fakeBrowser.storage.local.set({ 'wordStates/9': 'x' });
    await settled(again.flush);
    expect(again.sent).toContainEqual({ tab: 4, frameId: 0, msg: { dubaoPush: 1, kind: 'states' } });
  });

  it('isTabPush accepts only the two messages', async () => {
    const { m } = await start();
    expect(m.isTabPush({ dubaoPush: 1, kind: 'enabled', on: true })).toBe(true);
    expect(m.isTabPush({ dubaoPush: 1, kind: 'states' })).toBe(true);
    expect(m.isTabPush({ dubaoPush: 1, kind: 'enabled', on: 'yes' })).toBe(false);
    expect(m.isTabPush({ dubaoPush: 2, kind: 'states' })).toBe(false);
    expect(m.isTabPush(null)).toBe(false);
  });
});
