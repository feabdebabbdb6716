/**
 * End to end: the popup's page controls and learning view (issues 12 and 13), in the built extension in
 * Debian Chromium. Run after `npm run build`:
 *   node --import tsx --test tests/e2e/popup-controls.test.ts
 *
 * The popup is opened as `popup.html?tabId=N` in a tab of its own, for tests/e2e/fixtures/reader-controls.html.
 * Checks: "On this site" set to off from the popup (the page then gets no card, and comes back without a
 * reload), pinyin over the page on and off from the popup (the DOM restored exactly), the unknown-words
 * toggle colouring the page (and off again), each row's level and state, K on a focused row and the row's
 * buttons with undo, "I've read this page" then undo (the comprehension share moving with it), the rows
 * in the reader's pinyin display (zhuyin with tone-coloured characters, tone numbers, hidden behind a
 * button per row) followed while the popup is open and drawn from the first paint, and the
 * popup in the dark and the light theme, measured for WCAG AA as drawn. Screenshots:
 * tests/e2e/artifacts/popup-controls-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { hover, park, shows } from './card';
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

/** The extension API in extension pages and the worker (functions passed to evaluate run there). */
declare const chrome: typeof import('wxt/browser').browser;

let ext: ExtensionSession;
let server: FixtureServer;
let news: Page;
let world: ContentWorld;
let popup: Page;
let tabId: number;
let pristine: string;
const problems: Array<[string, PageProblems]> = [];

async function tabIdOf(helper: Page, url: string): Promise<number> {
  return helper.evaluate(async (u) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      for (const tab of await chrome.tabs.query({})) {
        try {
          const page = (await chrome.tabs.sendMessage(tab.id!, { dubaoPage: 1, kind: 'text' }, { frameId: 0 })) as { url?: string };
          if (page?.url === u) return tab.id!;
        } catch {
          // no content script in this tab (yet)
        }
      }
      if (Date.now() > deadline) throw new Error(`no ready tab for ${u}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, url);
}

async function storageOf(area: 'sync' | 'local', key: string): Promise<unknown> {
  const w = await ext.serviceWorker();
  return w.evaluate(async ({ area, key }) => (await chrome.storage[area].get(key))[key], { area, key });
}

async function openPopup(): Promise<Page> {
  const p = await ext.context.newPage();
  problems.push([`popup ${tabId}`, watchPage(p)]);
  await p.setViewportSize({ width: 460, height: 600 });
  await p.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
  await p.waitForFunction(() => performance.getEntriesByName('dubao:glossary-painted').length > 0, null, { timeout: 20_000 });
  return p;
}

/** The state and level a row shows ('' when none). */
function rowOf(p: Page, word: string): Promise<{ state: string; level: string } | null> {
  return p.evaluate((w) => {
    const li = document.querySelector(`.g-row[data-word="${w}"]`);
    if (!li) return null;
    return { state: li.querySelector('.g-state')?.textContent ?? '', level: li.querySelector('.g-level')?.textContent ?? '' };
  }, word);
}

async function waitRowState(p: Page, word: string, state: string): Promise<void> {
  await p.waitForFunction(
    ({ w, s }) => document.querySelector(`.g-row[data-word="${w}"] .g-state`)?.textContent === s,
    { w: word, s: state },
    { timeout: 5_000 },
  );
}

function share(p: Page): Promise<string> {
  return p.evaluate(() => document.querySelector('.g-share strong')?.textContent ?? '');
}

/** WCAG contrast of every piece of text drawn in the popup against the background it is drawn on. */
function lowContrast(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const rgba = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    /** The opaque background an element is drawn on: its own or its nearest ancestor's. */
    const backOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! >= 0.99)) return c;
      }
      return rgba(getComputedStyle(document.documentElement).backgroundColor);
    };
    const out: string[] = [];
    const seen = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (!n.textContent!.trim() || el.closest('option')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) continue;
      const style = getComputedStyle(el);
      const fore = rgba(style.color);
      const ratio = (Math.max(lum(fore), lum(backOf(el))) + 0.05) / (Math.min(lum(fore), lum(backOf(el))) + 0.05);
      const key = `${el.className}|${style.color}`;
      if (ratio < 4.5 && !seen.has(key)) {
        seen.add(key);
        out.push(`${el.tagName.toLowerCase()}.${el.className} “${n.textContent!.trim().slice(0, 20)}” ${ratio.toFixed(2)}`);
      }
    }
    // Fields: the placeholder's colour against the field's own background.
    for (const input of document.querySelectorAll<HTMLInputElement>('input[type="search"]')) {
      const fore = rgba(getComputedStyle(input, '::placeholder').color);
      const back = backOf(input);
      const ratio = (Math.max(lum(fore), lum(back)) + 0.05) / (Math.min(lum(fore), lum(back)) + 0.05);
      if (ratio < 4.5) out.push(`placeholder of ${input.getAttribute('aria-label')} ${ratio.toFixed(2)}`);
    }
    return out;
  });
}

before(
  async () => {
    ext = await launchExtension();
    server = await serveFixtures();
    news = await ext.context.newPage();
    problems.push(['news', watchPage(news)]);
    world = await contentWorld(ext, news);
    await news.goto(server.url('reader-controls.html'));
    await world.waitFor(
      news.mainFrame(),
      () => (globalThis as unknown as { dubaoProbe?: { active: boolean | null } }).dubaoProbe?.active === true,
    );
    pristine = await news.evaluate(() => document.body.outerHTML);
    const helper = await ext.context.newPage();
    await helper.goto(`chrome-extension://${ext.extensionId}/study.html`);
    tabId = await tabIdOf(helper, server.url('reader-controls.html'));
    await helper.close();
    popup = await openPopup();
  },
  { timeout: 60_000 },
);

after(async () => {
  await world?.close();
  await ext?.close();
  await server?.close();
});

describe('the popup’s page controls', { timeout: 120_000 }, () => {
  it('has "On this site", pinyin over the page and unknown words, each one or two clicks away', async () => {
    const site = popup.getByLabel('On this site');
    assert.equal(await site.inputValue(), 'default');
    assert.match((await popup.locator('.p-note').textContent()) ?? '', /^Follows the switch: on\.$/);
    const pinyin = popup.getByRole('button', { name: /pinyin over the page/i });
    const unknown = popup.getByRole('button', { name: /unknown words/i });
    assert.equal(await pinyin.getAttribute('aria-pressed'), 'false');
    assert.equal(await unknown.getAttribute('aria-pressed'), 'false');
    assert.equal(await popup.getByRole('link', { name: 'Review' }).getAttribute('href'), '/review.html');
    assert.match(
      (await popup.locator('.p-privacy').textContent()) ?? '',
      /Coloured words can be read by the page: it would learn which words you do not know/,
    );
    await popup.screenshot({ path: artifactPath('popup-controls-light.png') });
  });

  it('switches the site off from the popup: the page gets no card, and comes back without a reload', async () => {
    await news.bringToFront();
    await hover(news, world, news.mainFrame(), '#a1', '银行', 0);
    await park(news, world);
    await popup.bringToFront();
    await popup.getByLabel('On this site').selectOption('off');
    const host = new URL(server.url('')).hostname;
    await popup.waitForFunction(() => /^Off here/.test(document.querySelector('.p-note')?.textContent ?? ''));
    assert.deepEqual(((await storageOf('sync', 'sites')) as { hosts: Record<string, string> }).hosts, { [host]: 'off' });
    assert.equal(await popup.getByRole('button', { name: /pinyin over the page/i }).isDisabled(), true, 'nothing to put pinyin on');
    await world.waitFor(news.mainFrame(), () => (globalThis as unknown as { dubaoProbe: { active: boolean } }).dubaoProbe.active === false);
    await news.bringToFront();
    const before = await shows(world, news.mainFrame());
    const box = await news.locator('#a1').boundingBox();
    await news.mouse.move(box!.x + 60, box!.y + 15, { steps: 3 });
    await news.mouse.move(box!.x + 62, box!.y + 16);
    await news.waitForTimeout(600);
    assert.equal(await shows(world, news.mainFrame()), before, 'no card on a site switched off');
    const listeners = await world.listeners(news.mainFrame());
    assert.deepEqual([...listeners.window, ...listeners.document, ...listeners.root], [], 'no listener on the page');
    await popup.bringToFront();
    await popup.getByLabel('On this site').selectOption('default');
    await world.waitFor(news.mainFrame(), () => (globalThis as unknown as { dubaoProbe: { active: boolean } }).dubaoProbe.active === true);
    await news.bringToFront();
    await hover(news, world, news.mainFrame(), '#a1', '银行', 0);
    await park(news, world);
    await popup.bringToFront();
    assert.deepEqual(((await storageOf('sync', 'sites')) as { hosts: Record<string, string> }).hosts, {});
  });

  it('puts pinyin over the page and takes it off again, the DOM as it was', async () => {
    const button = popup.getByRole('button', { name: /pinyin over the page/i });
    await popup.waitForFunction(() => !document.querySelector<HTMLButtonElement>('.p-toggle')?.disabled);
    await button.click();
    await popup.waitForFunction(() => document.querySelector('.p-toggle')?.getAttribute('aria-pressed') === 'true');
    await news.waitForFunction(() => document.querySelectorAll('ruby.dubao-ruby').length > 10);
    const yinhang = await news.evaluate(
      () =>
        [...document.querySelectorAll('ruby.dubao-ruby')].find((r) => r.firstChild?.textContent === '银行')?.querySelector('rt')
          ?.textContent,
    );
    assert.equal(yinhang, 'yín háng', 'the word read as a word');
    await news.screenshot({ path: artifactPath('popup-controls-pinyin-page.png'), caret: 'initial' });
    // A popup opened again shows it on.
    const again = await openPopup();
    await again.waitForFunction(() => document.querySelector('.p-toggle')?.getAttribute('aria-pressed') === 'true');
    await again.close();
    await button.click();
    await popup.waitForFunction(() => document.querySelector('.p-toggle')?.getAttribute('aria-pressed') === 'false');
    await news.waitForFunction(() => document.querySelectorAll('ruby').length === 0);
    assert.equal(await news.evaluate(() => document.body.outerHTML), pristine, 'the page exactly as it was');
  });

  it('colours unknown words on the page from the popup, with its privacy line, and stops', async () => {
    const button = popup.getByRole('button', { name: /unknown words/i });
    await button.click();
    await popup.waitForFunction(() => document.querySelectorAll('.p-toggle')[1]?.getAttribute('aria-pressed') === 'true');
    assert.equal(((await storageOf('sync', 'settings')) as { unknownWords?: { mark?: boolean } }).unknownWords?.mark, true);
    assert.match(
      (await popup.locator('.p-privacy').textContent()) ?? '',
      /While words are coloured, pages can read which of their words you do not know yet/,
    );
    const coloured = () =>
      news.evaluate(() =>
        [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()]
          .flatMap((h) => [...h])
          .map((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset))
          .join('|'),
      );
    await news.waitForFunction(() => (CSS as unknown as { highlights: Map<string, unknown> }).highlights.size === 2, null, {
      timeout: 10_000,
    });
    await news.waitForFunction(() =>
      [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()].some((h) => h.size > 0),
    );
    const text = await coloured();
    for (const w of ['经济', '银行', '政策']) assert.ok(text.includes(w), `${w} coloured: ${text}`);
    await news.bringToFront();
    await news.screenshot({ path: artifactPath('popup-controls-coloured-page.png'), caret: 'initial' });
    await popup.bringToFront();
    await button.click();
    await popup.waitForFunction(() => document.querySelectorAll('.p-toggle')[1]?.getAttribute('aria-pressed') === 'false');
    await news.waitForFunction(() => (CSS as unknown as { highlights: Map<string, unknown> }).highlights.size === 0);
    assert.equal(await news.evaluate(() => document.body.outerHTML), pristine);
  });
});

describe('the popup’s glossary and what the reader knows', { timeout: 120_000 }, () => {
  it('shows each row’s level (with the standard’s year) and state', async () => {
    await popup.waitForFunction(() => document.querySelectorAll('.g-row .g-state').length > 5, null, { timeout: 10_000 });
    assert.deepEqual(await rowOf(popup, '社区'), { state: 'New', level: 'HSK 52025' }, '社区: HSK 5 of the 2025 list, new');
    assert.deepEqual(await rowOf(popup, '党组书记'), { state: 'New', level: '' }, 'no HSK level: its civic category only');
    const civic = await popup.evaluate(() => document.querySelector('.g-row.is-civic .g-cat')?.textContent ?? '');
    assert.notEqual(civic, '', 'a civic term shows its category');
    assert.match(await share(popup), /^\d+ %$/);
    const t = await popup.evaluate(() => {
      const at = (n: string) => Math.round(performance.getEntriesByName(`dubao:${n}`)[0]?.startTime ?? -1);
      return { painted: at('glossary-painted'), levels: at('levels-read') };
    });
    console.log(
      `# popup: glossary painted at ${t.painted} ms, levels.bin read and parsed by ${t.levels} ms (after the paint, not before it)`,
    );
    assert.ok(t.levels > t.painted, 'the levels are read after the first paint');
  });

  it('K on a focused row marks the word known; Z and Undo put it back; U after I', async () => {
    await popup.locator('.g-row[data-word="社区"]').focus();
    await popup.keyboard.press('k');
    await waitRowState(popup, '社区', 'Known');
    // Kept in the word states (whatever their layout: one value, or buckets "wordStates/<n>").
    const w = await ext.serviceWorker();
    const stored = await w.evaluate(async () =>
      Object.entries(await chrome.storage.local.get(null))
        .filter(([k]) => k.startsWith('wordStates'))
        .map(([, v]) => JSON.stringify(v))
        .join('\n'),
    );
    assert.ok(stored.includes('社区'), 'kept in the word states');
    // The status line says so (it may come a frame after the row's state): waited for, not read once.
    await popup.locator('.g-status', { hasText: /Marked “社区” known/ }).waitFor({ timeout: 5_000 });
    await popup.screenshot({ path: artifactPath('popup-controls-known.png') });
    await popup.getByRole('button', { name: 'Undo' }).click();
    await waitRowState(popup, '社区', 'New');
    await popup.getByRole('button', { name: 'Ignore: 党组书记' }).click();
    await waitRowState(popup, '党组书记', 'Ignored');
    await popup.locator('.g-row[data-word="党组书记"]').focus();
    await popup.keyboard.press('u');
    await waitRowState(popup, '党组书记', 'New');
    await popup.keyboard.press('z');
    await waitRowState(popup, '党组书记', 'Ignored');
    await popup.getByRole('button', { name: 'Mark unknown: 党组书记' }).click();
    await waitRowState(popup, '党组书记', 'New');
  });

  it('hides known words, and narrows the list to a level', async () => {
    const count = () => popup.locator('.g-row').count();
    const all = await count();
    await popup.getByRole('button', { name: 'Mark known: 社区' }).click();
    await waitRowState(popup, '社区', 'Known');
    await popup.getByLabel('Hide known').check();
    await popup.waitForFunction(() => !document.querySelector('.g-row[data-word="社区"]'));
    assert.equal(await count(), all - 1);
    // With known words hidden, K on a focused row hides it and the focus goes on to the next row.
    const order = await popup.evaluate(() => [...document.querySelectorAll<HTMLElement>('.g-row')].map((r) => r.dataset.word));
    const next = order[order.indexOf('党组书记') + 1]!;
    await popup.locator('.g-row[data-word="党组书记"]').focus();
    await popup.keyboard.press('k');
    await popup.waitForFunction(() => !document.querySelector('.g-row[data-word="党组书记"]'));
    assert.equal(await popup.evaluate(() => (document.activeElement as HTMLElement).dataset.word), next);
    await popup.keyboard.press('z');
    await popup.waitForFunction(() => !!document.querySelector('.g-row[data-word="党组书记"]'));
    await popup.getByLabel('Hide known').uncheck();
    await popup.getByLabel('Level').selectOption('5');
    const levels = await popup.evaluate(() => [...document.querySelectorAll('.g-row .g-level')].map((e) => e.firstChild?.textContent));
    assert.ok(levels.length > 0 && levels.every((l) => l === 'HSK 5'), JSON.stringify(levels));
    await popup.getByLabel('Level').selectOption('all');
    assert.equal(await count(), all);
  });

  it('Copy as TSV puts the rows shown on the clipboard, one line each with every sense, and says how many', async () => {
    await popup.getByLabel('Level').selectOption('5');
    const shown = await popup.evaluate(() => [...document.querySelectorAll<HTMLElement>('.g-row')].map((r) => r.dataset.word));
    assert.ok(shown.length > 1, 'some HSK 5 rows');
    await popup.getByRole('button', { name: 'Copy as TSV' }).click();
    const status = popup.locator('.g-status', { hasText: /^(Copied|Could not copy)/ });
    await status.waitFor();
    assert.equal(await status.textContent(), `Copied ${shown.length} words (the rows shown) as tab-separated text.`);
    // Read back where a reader would paste it: a web page (the browser grants it reading the clipboard).
    const origin = new URL(server.url('')).origin;
    await ext.context.grantPermissions(['clipboard-read'], { origin });
    await news.bringToFront();
    const pasted = await news.evaluate(() => navigator.clipboard.readText());
    await popup.bringToFront();
    const lines = pasted.trimEnd().split('\n');
    assert.equal(lines[0], 'Word\tTraditional\tPinyin\tMeaning\tCount\tCategory');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split('\t')[0]),
      shown,
      'the rows shown, in their order',
    );
    for (const l of lines.slice(1)) {
      const [word, , pinyin, meaning, count] = l.split('\t');
      assert.ok(pinyin && meaning && Number(count) >= 1, `${word}: pinyin, meaning and count in ${JSON.stringify(l)}`);
    }
    await popup.getByLabel('Level').selectOption('all');
  });

  it('"I’ve read this page" marks the page’s new words known, and Undo takes it back', async () => {
    const before = await share(popup);
    await popup.getByRole('button', { name: 'I’ve read this page' }).click();
    await popup.waitForFunction(() =>
      /Marked [\d,]+ new words? of this page known/.test(document.querySelector('.g-status')?.textContent ?? ''),
    );
    await waitRowState(popup, '党组书记', 'Known');
    await popup.waitForFunction(() => document.querySelector('.g-share strong')?.textContent === '100 %');
    assert.equal(await popup.getByRole('button', { name: 'I’ve read this page' }).isDisabled(), true, 'nothing new left');
    await popup.screenshot({ path: artifactPath('popup-controls-read-page.png') });
    await popup.getByRole('button', { name: 'Undo' }).click();
    await waitRowState(popup, '党组书记', 'New');
    // 社区 was known before: the undo leaves it known.
    await waitRowState(popup, '社区', 'Known');
    await popup.waitForFunction((s) => document.querySelector('.g-share strong')?.textContent === s, before);
  });
});

/** Records, in a popup, the pinyin the row of 社区 is first drawn with (before any later change). */
const FIRST_PINYIN = `
  new MutationObserver((_, observer) => {
    const p = document.querySelector('.g-row[data-word="社区"] .g-text > :first-child');
    if (p) { window.__firstPinyin = p.textContent; observer.disconnect(); }
  }).observe(document, { subtree: true, childList: true });
`;

describe('the popup’s glossary follows the reader’s pinyin display', { timeout: 90_000 }, () => {
  it('zhuyin with tone colours on characters, tone numbers, hidden (a button per row): followed while open, the last drawn first', async () => {
    const w = await ext.serviceWorker();
    // As the settings page stores them: what differs from the defaults (utils/settings.ts).
    const setSettings = (settings: object) => w.evaluate((x) => chrome.storage.sync.set({ settings: { v: 1, ...x } }), settings);
    await popup.bringToFront();
    const row = popup.locator('.g-row[data-word="社区"]');
    const pinyin = row.locator('.g-pinyin');
    assert.equal(await pinyin.textContent(), 'shè qū', 'tone marks by default');
    try {
      await setSettings({ pinyin: 'zhuyin', toneColors: { onCharacters: true } });
      await pinyin.filter({ hasText: 'ㄕㄜˋ ㄑㄩ' }).waitFor({ timeout: 5_000 });
      assert.equal(await pinyin.getAttribute('lang'), 'zh-Bopo');
      const chars = await row
        .locator('.g-word span[class^="tone-"]')
        .evaluateAll((els) => els.map((e) => `${e.textContent} ${e.className}`));
      assert.deepEqual(chars, ['社 tone-4', '区 tone-1'], 'each character in its tone');
      await row.scrollIntoViewIfNeeded();
      await popup.screenshot({ path: artifactPath('popup-pinyin-zhuyin.png') });

      // A popup opened now draws its first rows in zhuyin (the copy it keeps), not in marks until the settings are read.
      const next = await ext.context.newPage();
      problems.push([`popup ${tabId} (pinyin)`, watchPage(next)]);
      await next.addInitScript({ content: FIRST_PINYIN });
      await next.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
      await next.waitForFunction(() => (window as unknown as { __firstPinyin?: string }).__firstPinyin !== undefined, null, {
        timeout: 20_000,
      });
      assert.equal(await next.evaluate(() => (window as unknown as { __firstPinyin: string }).__firstPinyin), 'ㄕㄜˋ ㄑㄩ');
      await next.close();

      await popup.bringToFront();
      await setSettings({ pinyin: 'numbers' });
      await pinyin.filter({ hasText: 'she4 qu1' }).waitFor({ timeout: 5_000 });
      assert.equal(await row.locator('.g-word span[class^="tone-"]').count(), 0, 'characters uncoloured again');

      await setSettings({ pinyin: 'hidden' });
      const toggle = row.getByRole('button', { name: 'Show the pinyin of 社区' });
      await toggle.waitFor({ timeout: 5_000 });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await popup.locator('.g-row .g-pinyin').count(), 0, 'no row shows its pinyin');
      await popup.screenshot({ path: artifactPath('popup-pinyin-hidden.png') });
      await toggle.focus();
      await popup.keyboard.press('Enter');
      const shown = row.locator('button.pinyin-toggle');
      await shown.filter({ hasText: 'shè qū' }).waitFor();
      assert.equal(await shown.getAttribute('aria-expanded'), 'true');
      assert.equal(await popup.locator('.g-row .g-pinyin').count(), 1, 'that row only');
      // The row's details show it too.
      await row.getByRole('button', { name: 'Details' }).click();
      await row.locator('.g-details .entry-head .pinyin').first().filter({ hasText: 'shè qū' }).waitFor({ timeout: 5_000 });
      await popup.screenshot({ path: artifactPath('popup-pinyin-hidden-shown.png') });
      await row.getByRole('button', { name: 'Details' }).click();
      // The row's keys still work with the focus on its pinyin button (社区 is known from the tests above).
      await shown.focus();
      await popup.keyboard.press('u');
      await waitRowState(popup, '社区', 'New');
      await popup.keyboard.press('z');
      await waitRowState(popup, '社区', 'Known');
      await popup.keyboard.press('Enter');
      await shown.filter({ hasText: /^Pinyin$/ }).waitFor();
      assert.equal(await shown.getAttribute('aria-expanded'), 'false');
    } finally {
      await setSettings({});
    }
    await pinyin.filter({ hasText: 'shè qū' }).waitFor({ timeout: 5_000 });
  });
});

describe('the popup’s theme', { timeout: 60_000 }, () => {
  it('follows the dark and the light theme, WCAG AA as drawn (screenshots)', async () => {
    const w = await ext.serviceWorker();
    for (const theme of ['dark', 'light'] as const) {
      await w.evaluate((t) => chrome.storage.sync.set({ settings: { v: 1, theme: t } }), theme);
      await popup.waitForFunction((t) => document.documentElement.dataset.dubaoTheme === t, theme);
      const bg = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, theme === 'dark' ? 'rgb(21, 24, 28)' : 'rgb(255, 253, 248)', `${theme} background`);
      // Fields and selects are drawn on the theme's surface (#1e2328 dark, #ffffff light).
      const fields = await popup.evaluate(() =>
        [...document.querySelectorAll('input[type="search"], select')].map((e) => getComputedStyle(e).backgroundColor),
      );
      assert.deepEqual([...new Set(fields)], [theme === 'dark' ? 'rgb(30, 35, 40)' : 'rgb(255, 255, 255)'], `${theme} fields`);
      await popup.evaluate(() => window.scrollTo(0, 0));
      assert.deepEqual(await lowContrast(popup), [], `${theme} theme`);
      await popup.screenshot({ path: artifactPath(`popup-controls-theme-${theme}.png`) });
    }
    // A popup opened later paints the last theme at once (before the setting is read).
    await w.evaluate(() => chrome.storage.sync.set({ settings: { v: 1, theme: 'dark' } }));
    await popup.waitForFunction(() => document.documentElement.dataset.dubaoTheme === 'dark');
    const next = await ext.context.newPage();
    await next.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`, { waitUntil: 'commit' });
    await next.waitForFunction(() => document.documentElement.dataset.dubaoTheme !== undefined);
    assert.equal(await next.evaluate(() => document.documentElement.dataset.dubaoTheme), 'dark');
    await next.close();
  });
});

describe('hygiene', () => {
  it('no page errors, console errors or requests leaving the machine', () => {
    for (const [name, p] of problems) {
      assert.deepEqual(p.pageErrors, [], `${name}: page errors`);
      assert.deepEqual(p.consoleErrors, [], `${name}: console errors`);
    }
    assert.deepEqual(ext.externalRequests, []);
  });
});
