/**
 * End to end in Chromium and Firefox (tests/e2e/browsers.ts, DUBAO_E2E_BROWSERS): the popup's page
 * controls and learning view, with the popup opened in a tab for the page (popup.html?tabId=N). Run after
 * `npm run build && npm run build:firefox`:
 *   node --import tsx --test tests/e2e/popup-browsers.test.ts
 *
 * Checks, in each browser: "On this site" off from the popup (no card on the page, and back without a
 * reload), pinyin over the page from the popup on and off (the DOM as it was), the unknown-words toggle
 * colouring the page, K on a row's button and its undo, "I've read this page" and its undo, and the dark
 * popup (screenshot). The Chromium-only details (keys on a focused row, the level filter, contrast as
 * drawn) are in tests/e2e/popup-controls.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browsersUnderTest, launchBrowser, type ExtensionBrowser, type Tab } from './browsers';
import { artifactPath, serveFixtures, type FixtureServer } from './harness';

declare const chrome: { storage: { sync: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } };

function pointOf(tab: Tab, selector: string, word: string): Promise<{ x: number; y: number }> {
  return tab.evaluate(
    ({ selector, word }) => {
      const root = document.querySelector(selector)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const t = n as Text;
        const at = t.data.indexOf(word);
        if (at < 0) continue;
        const r = document.createRange();
        r.setStart(t, at);
        r.setEnd(t, at + 1);
        const b = r.getClientRects()[0]!;
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
      throw new Error(`no ${word} in ${selector}`);
    },
    { selector, word },
  );
}

/** Sets a select of the popup and lets the page see the change (as a choice in the list does). */
function choose(popup: Tab, label: string, value: string): Promise<void> {
  return popup.evaluate(
    ({ label, value }) => {
      const select = document.querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`)!;
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { label, value },
  );
}

/**
 * Clicks a button of the popup by its text, from the popup's own script (the popup tab is not the one in
 * front here; the real pointer's clicks are tests/e2e/popup-controls.test.ts's, in Chromium).
 */
async function press(popup: Tab, text: string): Promise<void> {
  await popup.waitFor((t) => [...document.querySelectorAll('button')].some((b) => b.textContent === t && !b.disabled), text, 10_000);
  await popup.evaluate((t) => [...document.querySelectorAll('button')].find((b) => b.textContent === t && !b.disabled)!.click(), text);
}

for (const browserName of browsersUnderTest()) {
  describe(`the popup's controls and learning view (${browserName})`, { timeout: 180_000 }, () => {
    let b: ExtensionBrowser;
    let server: FixtureServer;
    let news: Tab;
    let popup: Tab;
    let pristine: string;
    const tabs: Tab[] = [];

    before(async () => {
      b = await launchBrowser(browserName);
      server = await serveFixtures();
      news = await b.open(server.url('reader-controls.html'));
      tabs.push(news);
      await news.waitProbe(() => true, undefined, 15_000);
      pristine = await news.evaluate(() => document.body.outerHTML);
      popup = await b.openExtensionPage(`popup.html?tabId=${await news.tabId()}`);
      tabs.push(popup);
      await popup.waitFor(
        () =>
          document.querySelectorAll('.g-row .g-state').length > 5 &&
          !document.querySelector<HTMLSelectElement>('select[aria-label="On this site"]')!.disabled,
        undefined,
        20_000,
      );
    });

    after(async () => {
      await b?.close();
      await server?.close();
    });

    it('switches the site off from the popup: no card on the page; back on without a reload', async () => {
      await choose(popup, 'On this site', 'off');
      await popup.waitFor(() => /^Off here/.test(document.querySelector('.p-note')?.textContent ?? ''));
      // (The content script hears of the change as the popup does, through storage.)
      await news.wait(300);
      const before = (await news.probe())?.shows ?? 0;
      const p = await pointOf(news, '#a1', '银行');
      await news.mouseMove(p.x, p.y);
      await news.mouseMove(p.x + 1, p.y);
      await news.wait(600);
      assert.equal((await news.probe())?.shows ?? 0, before, 'no card');
      await choose(popup, 'On this site', 'default');
      await news.wait(300);
      await news.mouseMove(2, 2);
      await news.mouseMove(p.x, p.y);
      await news.mouseMove(p.x + 1, p.y);
      await news.waitProbe((v) => !!v.card?.visible && v.shows > before, undefined, 8_000);
      await news.mouseMove(2, 2);
    });

    it('puts pinyin over the page from the popup and takes it off, the DOM as it was', async () => {
      await press(popup, 'Pinyin over the page');
      await popup.waitFor(() => document.querySelector('.p-toggle')?.getAttribute('aria-pressed') === 'true');
      await news.waitFor(() => document.querySelectorAll('ruby.dubao-ruby').length > 10, undefined, 10_000);
      await news.screenshot(artifactPath(`${browserName}-popup-pinyin-page.png`));
      await press(popup, 'Pinyin over the page');
      await popup.waitFor(() => document.querySelector('.p-toggle')?.getAttribute('aria-pressed') === 'false');
      await news.waitFor(() => document.querySelectorAll('ruby').length === 0, undefined, 5_000);
      // (Less the empty style attribute Chromium's screenshot leaves on the focused field: Tab.screenshot
      // hides the caret that way.)
      assert.equal((await news.evaluate(() => document.body.outerHTML)).replace(' style=""', ''), pristine);
    });

    it('colours unknown words on the page from the popup, and stops', async () => {
      await press(popup, 'Colour unknown words');
      await popup.waitFor(() => document.querySelectorAll('.p-toggle')[1]?.getAttribute('aria-pressed') === 'true');
      await news.waitFor(
        () => [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()].some((h) => h.size > 0),
        undefined,
        10_000,
      );
      await news.screenshot(artifactPath(`${browserName}-popup-coloured-page.png`));
      await press(popup, 'Colour unknown words');
      await popup.waitFor(() => document.querySelectorAll('.p-toggle')[1]?.getAttribute('aria-pressed') === 'false');
      await news.waitFor(() => (CSS as unknown as { highlights: Map<string, unknown> }).highlights.size === 0, undefined, 5_000);
    });

    it('K on a row marks the word known, Undo puts it back; "I’ve read this page" and its undo', async () => {
      assert.equal(await popup.evaluate((w) => document.querySelector(`.g-row[data-word="${w}"] .g-state`)?.textContent, '社区'), 'New');
      await popup.evaluate(() => document.querySelector<HTMLButtonElement>('.g-row[data-word="社区"] .g-mark[data-mark="known"]')!.click());
      await popup.waitFor((w) => document.querySelector(`.g-row[data-word="${w}"] .g-state`)?.textContent === 'Known', '社区');
      await press(popup, 'Undo');
      await popup.waitFor((w) => document.querySelector(`.g-row[data-word="${w}"] .g-state`)?.textContent === 'New', '社区');
      await press(popup, 'I’ve read this page');
      await popup.waitFor(() => document.querySelector('.g-share strong')?.textContent === '100 %');
      await press(popup, 'Undo');
      await popup.waitFor(() => document.querySelector('.g-share strong')?.textContent === '0 %');
    });

    it('draws the popup dark (screenshot)', async () => {
      await popup.evaluate(() => chrome.storage.sync.set({ settings: { v: 1, theme: 'dark' } }));
      await popup.waitFor(() => document.documentElement.dataset.dubaoTheme === 'dark');
      assert.equal(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(21, 24, 28)');
      await popup.screenshot(artifactPath(`${browserName}-popup-dark.png`));
    });

    it('no page error, no console error, and no request left the machine', () => {
      for (const t of tabs) {
        assert.deepEqual(t.problems.pageErrors, []);
        assert.deepEqual(t.problems.consoleErrors, []);
      }
      assert.deepEqual(b.externalRequests, []);
    });
  });
}
