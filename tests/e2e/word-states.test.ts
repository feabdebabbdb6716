/**
 * Word states across tabs in Chromium with the built extension (issue 12's follow-up: a change must not
 * flood every tab):
 *
 *   npm run build && node --import tsx --test tests/e2e/word-states.test.ts
 *
 * Three tabs colour the unknown words. Checks: no content script listens to storage.local (nor to
 * storage.onChanged: only storage.sync, for the settings); marking 5,000 words at once (as onboarding
 * does) takes their colour away in every tab and is stored in buckets; K on the card takes a word's
 * colour away in this tab and the others, and the change that storage.local reports is one bucket, a
 * few hundred bytes; U brings it back; a word saved in one tab is learning in the others; the on/off
 * switch reaches every tab (the background pushes it).
 * Then the figures of tests/bench/tab-flood.ts for a few tabs, printed, not asserted.
 * Screenshots: tests/e2e/artifacts/word-states-*.png (after onboarding; another tab after K).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { GENERATED_DIR } from '../../dictionary/cli/node-core';
import { Levels, LEVELS_ASSET } from '../../dictionary/levels/levels';
import { available } from '../bench/processes';
import { describeFlood, measureFlood } from '../bench/tab-flood';
import { hover, park } from './card';
import {
  artifactPath,
  contentWorld,
  launchExtension,
  serveFixtures,
  watchPage,
  type ContentWorld,
  type ExtensionSession,
  type FixtureServer,
  type PageProblems,
} from './harness';

declare const chrome: typeof import('wxt/browser').browser & {
  storage: {
    local: { onChanged: { hasListeners(): boolean } };
    sync: { onChanged: { hasListeners(): boolean } };
    onChanged: { hasListeners(): boolean };
  };
};

let ext: ExtensionSession;
let server: FixtureServer;
const tabs: Array<{ page: Page; world: ContentWorld; problems: PageProblems }> = [];

/** Whether a highlight range of the document covers `word` (or, with `not`, none does). */
function pageHas({ word, not }: { word: string; not?: boolean }): boolean {
  const found = [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()]
    .flatMap((h) => [...h])
    .some((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset).includes(word));
  return not ? !found : found;
}

/** Waits until every tab shows `word` coloured or not, polled through the content world (which shares the
 * document's highlights): a page's own polling waits on the timers of a hidden tab, which are slowed. */
async function everyTab(word: string, coloured: boolean): Promise<void> {
  await Promise.all(tabs.map((t) => t.world.waitFor(t.page.mainFrame(), pageHas, { word, not: !coloured }, 10_000)));
}

/** What storage.local reported to the service worker since the last call: the keys and bytes of each change. */
async function changesSeen(): Promise<Array<{ keys: string[]; bytes: number }>> {
  const sw = await ext.serviceWorker();
  return sw.evaluate(() => {
    const g = globalThis as unknown as { seenChanges?: Array<{ keys: string[]; bytes: number }> };
    const out = g.seenChanges ?? [];
    g.seenChanges = [];
    return out;
  });
}

before(
  async () => {
    ext = await launchExtension();
    server = await serveFixtures();
    const sw = await ext.serviceWorker();
    await sw.evaluate(() => chrome.storage.sync.set({ settings: { v: 1, unknownWords: { mark: true } } }));
    for (let i = 0; i < 3; i++) {
      const page = await ext.context.newPage();
      const problems = watchPage(page);
      const world = await contentWorld(ext, page);
      await page.goto(server.url('reader-controls.html'));
      await world.waitFor(
        page.mainFrame(),
        () =>
          (globalThis as unknown as { dubaoProbe: { marksView: { report: { outcome: string } | null } | null } }).dubaoProbe?.marksView
            ?.report?.outcome === 'done',
        undefined,
        15_000,
      );
      tabs.push({ page, world, problems });
    }
    await sw.evaluate(() => {
      const g = globalThis as unknown as { seenChanges: Array<{ keys: string[]; bytes: number }> };
      g.seenChanges = [];
      chrome.storage.local.onChanged.addListener((changes: Record<string, unknown>) => {
        g.seenChanges.push({ keys: Object.keys(changes).sort(), bytes: JSON.stringify(changes).length });
      });
    });
  },
  { timeout: 90_000 },
);

after(async () => {
  for (const t of tabs) await t.world.close();
  await ext?.close();
  await server?.close();
});

describe('word states across tabs', { timeout: 300_000 }, () => {
  it('content scripts listen to storage.sync only: no storage.local change reaches a tab', async () => {
    for (const { page, world } of tabs) {
      const l = await world.evaluate(page.mainFrame(), () => ({
        local: chrome.storage.local.onChanged.hasListeners(),
        any: chrome.storage.onChanged.hasListeners(),
        sync: chrome.storage.sync.onChanged.hasListeners(),
      }));
      assert.deepEqual(l, { local: false, any: false, sync: true });
    }
  });

  it('5,000 words marked at once (onboarding) lose their colour in every tab and are stored in buckets', async () => {
    await everyTab('经济', true);
    const levels = Levels.fromBytes(new Uint8Array(readFileSync(join(GENERATED_DIR, LEVELS_ASSET))));
    const words = levels
      .topWords(5_100)
      .filter((w) => w !== '社保')
      .slice(0, 5_000);
    assert.ok(words.includes('经济') && words.includes('银行'));
    const first = tabs[0]!;
    const r = await first.world.evaluate(
      first.page.mainFrame(),
      async (list) => {
        const t = performance.now();
        const reply = (await chrome.runtime.sendMessage({ dubao: 1, name: 'knowledge.mark', payload: { words: list, mark: 'known' } })) as {
          ok: boolean;
          value?: { changed: number };
          error?: string;
        };
        return { reply, ms: performance.now() - t };
      },
      words,
    );
    assert.ok(r.reply.ok, r.reply.error);
    assert.equal(r.reply.value!.changed, 5_000);
    await everyTab('经济', false);
    await everyTab('银行', false);
    await everyTab('社保', true);
    const all = (await (await ext.serviceWorker()).evaluate(() => chrome.storage.local.get(null))) as Record<string, unknown>;
    assert.equal(all.wordStates, undefined, 'no single value');
    assert.deepEqual(all.wordStates$, { v: 2 });
    const buckets = Object.keys(all).filter((k) => k.startsWith('wordStates/'));
    let known = 0;
    for (const k of buckets) known += Object.keys((JSON.parse(all[k] as string) as { known: object }).known).length;
    assert.equal(known, 5_000);
    const seen = await changesSeen();
    console.log(
      `# 5,000 words marked known in ${r.ms.toFixed(0)} ms: one change of ${seen.map((c) => c.keys.length).join(', ')} keys, ${seen.map((c) => c.bytes).join(', ')} bytes`,
    );
    await tabs[1]!.page.bringToFront();
    await tabs[1]!.page.screenshot({ path: artifactPath('word-states-after-onboarding.png') });
  });

  it('K on the card: the word loses its colour here and in the other tabs, one bucket changed; U brings it back', async () => {
    const { page, world } = tabs[0]!;
    await page.bringToFront();
    await hover(page, world, page.mainFrame(), '#a3', '社保', 0);
    await changesSeen();
    await page.keyboard.press('k');
    await everyTab('社保', false);
    const k = await changesSeen();
    assert.equal(k.length, 1, JSON.stringify(k));
    assert.equal(k[0]!.keys.length, 1);
    assert.match(k[0]!.keys[0]!, /^wordStates\/\d+$/);
    assert.ok(k[0]!.bytes < 5_000, `${k[0]!.bytes} bytes`);
    // another tab, in the background: 社保 (third line) no longer coloured
    await tabs[2]!.page.screenshot({ path: artifactPath('word-states-other-tab.png') });
    await page.keyboard.press('u');
    await everyTab('社保', true);
    console.log(
      `# K among 5,000 known words: storage.local reported ${k[0]!.keys.join(', ')}, ${k[0]!.bytes} bytes (old and new value), to the worker and extension pages only`,
    );
    await park(page, world);
  });

  it('a word saved with S in one tab turns to the learning colour in the others (the study list’s index changed)', async () => {
    const { page, world } = tabs[0]!;
    const counts = (i: number) =>
      tabs[i]!.world.evaluate(
        tabs[i]!.page.mainFrame(),
        () =>
          (globalThis as unknown as { dubaoProbe: { marksView: { counts(): { learning: number } } } }).dubaoProbe.marksView.counts()
            .learning,
      );
    assert.equal(await counts(2), 0, 'nothing learning yet');
    await page.bringToFront();
    await park(page, world);
    // a word never marked: only the study list changes
    await hover(page, world, page.mainFrame(), '#a1', '便民', 0);
    await page.keyboard.press('s');
    for (const i of [1, 2])
      await tabs[i]!.world.waitFor(
        tabs[i]!.page.mainFrame(),
        () =>
          (globalThis as unknown as { dubaoProbe: { marksView: { counts(): { learning: number } } } }).dubaoProbe.marksView.counts()
            .learning === 1,
        undefined,
        10_000,
      );
    await everyTab('便民', true); // still coloured, now as learning
    await park(page, world);
  });

  it('the on/off switch reaches every tab, pushed by the background', async () => {
    const sw = await ext.serviceWorker();
    const active = (on: boolean) =>
      Promise.all(
        tabs.map(({ page, world }) =>
          world.waitFor(
            page.mainFrame(),
            (want) => (globalThis as unknown as { dubaoProbe: { active: boolean | null } }).dubaoProbe.active === want,
            on,
            10_000,
          ),
        ),
      );
    await sw.evaluate(() => chrome.storage.local.set({ enabled: false }));
    await active(false);
    await sw.evaluate(() => chrome.storage.local.set({ enabled: true }));
    await active(true);
  });

  it('figures: what one K press costs the browser with 6 tabs and 20,000 known words (printed, not asserted)', {
    skip: !available && 'reads /proc: Linux only',
  }, async () => {
    const f = await measureFlood({ tabs: 6, known: 20_000, presses: 6, marks: true });
    console.log(describeFlood(f));
  });

  it('no page errors, no console errors, nothing left the machine', () => {
    for (const { problems } of tabs) {
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.consoleErrors, []);
    }
    assert.deepEqual(ext.externalRequests, []);
  });
});
