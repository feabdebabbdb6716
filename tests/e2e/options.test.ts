/**
 * End to end: the settings page (options.html) of the built extension in Debian Chromium. Run after
 * `npm run build`:  node --import tsx --test tests/e2e/options.test.ts
 *
 * Checks the manifest entry, that changes are stored in storage.sync as differences from the defaults,
 * the key table refusing a key another action has, the per-site list, a corrupted stored value reported
 * in a sentence while the page keeps working, WCAG AA contrast of the rendered page in the light and
 * dark themes, and the voice section (this machine has no Chinese voice: the page says how to add one).
 * Prints the time from a settings change made elsewhere to the open page showing it. Screenshots:
 * tests/e2e/artifacts/options-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page, Worker } from 'playwright-core';
import { artifactPath, launchExtension, watchPage, type ExtensionSession, type PageProblems } from './harness';

declare const chrome: {
  storage: { sync: { get(k: string | null): Promise<Record<string, unknown>>; set(v: object): Promise<void>; clear(): Promise<void> } };
  runtime: { getManifest(): { options_ui?: { page: string; open_in_tab?: boolean }; permissions?: string[] } };
};

let ext: ExtensionSession;
let page: Page;
let problems: PageProblems;

async function worker(): Promise<Worker> {
  return ext.serviceWorker();
}

async function syncGet(): Promise<Record<string, unknown>> {
  return (await worker()).evaluate(() => chrome.storage.sync.get(null));
}

async function syncSet(v: object): Promise<void> {
  await (await worker()).evaluate((x) => chrome.storage.sync.set(x), v);
}

/** Contrast of the rendered colours of `selector` against the page background, as WCAG computes it. */
async function contrasts(p: Page): Promise<Array<{ what: string; ratio: number; min: number }>> {
  return p.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a: string, b: string) => {
      const [x, y] = [lum(a), lum(b)];
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    const bg = getComputedStyle(document.body).backgroundColor;
    const out: Array<{ what: string; ratio: number; min: number }> = [];
    const text = (what: string, sel: string, against?: string) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error(`no ${sel}`);
      const back = against ? getComputedStyle(document.querySelector(against)!).backgroundColor : bg;
      out.push({ what, ratio: ratio(getComputedStyle(el).color, back), min: 4.5 });
    };
    text('body text', '.o-choice label');
    text('muted text', '.o-section .muted');
    text('section heading', '.o-section h2');
    text('button text', '.key-actions button', '.key-actions button');
    text('key', 'kbd.binding', 'kbd.binding');
    text('card headword', '.preview .headword', '.preview .card');
    text('card senses', '.preview .senses li', '.preview .card');
    text('civic explanation', '.preview .civic-explanation', '.preview .civic');
    text('civic badge', '.preview .civic-badge', '.preview .civic-badge');
    for (let t = 1; t <= 5; t++)
      if (document.querySelector(`.preview .card .tone-${t}`)) text(`tone ${t} on the card`, `.preview .card .tone-${t}`, '.preview .card');
    const button = document.querySelector('.key-actions button')!;
    out.push({ what: 'button border', ratio: ratio(getComputedStyle(button).borderTopColor, bg), min: 3 });
    return out;
  });
}

before(async () => {
  ext = await launchExtension({ viewport: { width: 1280, height: 900 } });
  page = await ext.context.newPage();
  problems = watchPage(page);
  await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await page.getByRole('heading', { name: 'Hover card' }).waitFor();
});

after(async () => {
  await ext?.close();
});

describe('settings page', { timeout: 120_000 }, () => {
  it('is the extension’s options page, opened in a tab; Chrome gets the tts permission', async () => {
    const manifest = await (await worker()).evaluate(() => chrome.runtime.getManifest());
    assert.equal(manifest.options_ui?.page, 'options.html');
    assert.equal(manifest.options_ui?.open_in_tab, true);
    assert.ok(manifest.permissions?.includes('tts'));
  });

  it('stores a change as a difference from the defaults, and shows the live preview card', async () => {
    await syncSet({ settings: { v: 1 } });
    await page.getByLabel('Tone numbers (zhong1 guo2)').check();
    await page.getByLabel('Traditional first').check();
    await page.waitForFunction(() => document.querySelector('.preview .headword')?.textContent === '黨組書記');
    const stored = await syncGet();
    assert.deepEqual(stored.settings, { v: 1, pinyin: 'numbers', script: 'traditional' });
    assert.equal(await page.locator('.preview-line .pinyin').textContent(), 'dang3 zu3 shu1 ji4');
    assert.equal(await page.getByRole('dialog', { name: 'Dubao: 黨組書記' }).count(), 1);
    // A number is stored when committed, refused with a sentence when out of range.
    const delay = page.getByLabel(/Hover delay/);
    await delay.fill('5000');
    await delay.press('Tab');
    await page.getByRole('alert').filter({ hasText: 'Hover delay must be a whole number of milliseconds from 0 to 1000.' }).waitFor();
    assert.equal((await syncGet()).settings && (stored.settings as { hoverDelayMs?: number }).hoverDelayMs, undefined);
    await delay.fill('70');
    await delay.press('Tab');
    await page.waitForFunction(() => document.querySelector('.o-status')?.textContent === 'Saved.');
    assert.equal(((await syncGet()).settings as { hoverDelayMs?: number }).hoverDelayMs, 70);
    // An emptied field is refused too, not stored as 0 (no delay; no new review cards a day).
    await delay.fill('');
    await delay.press('Tab');
    await page.getByRole('alert').filter({ hasText: 'Hover delay must be a whole number of milliseconds from 0 to 1000.' }).waitFor();
    assert.equal(((await syncGet()).settings as { hoverDelayMs?: number }).hoverDelayMs, 70);
    const perDay = page.getByLabel('New cards per day');
    await perDay.fill('');
    await perDay.press('Tab');
    await page
      .getByRole('alert')
      .filter({ hasText: /New review cards per day must be a whole number from 0 to 500\./ })
      .waitFor();
    assert.equal(((await syncGet()).settings as { newCardsPerDay?: number }).newCardsPerDay, undefined);
  });

  it('refuses a key that another action has, naming it; takes a free one', async () => {
    const row = page.locator('tr[data-action="speakWord"]');
    // “Change” turns the cell into a focused recorder; the key is pressed once it has the focus.
    const record = async () => {
      await row.getByRole('button', { name: /^Change the key/ }).click();
      await page.waitForFunction(() => document.activeElement?.classList.contains('recording') === true);
    };
    await record();
    await page.keyboard.press('s');
    await page
      .locator('.keys-status')
      .filter({ hasText: 'S is already the key for “Save the word to the study list”. Change or remove that one first.' })
      .waitFor();
    await record();
    // (The browser command's own key, Alt+Shift+D, is refused too: tests/utils/keys.test.ts. Pressed
    // here, the browser may take it before the page sees it.)
    await page.keyboard.press('Control+c');
    await page.locator('.keys-status').filter({ hasText: 'Ctrl+C belongs to the browser' }).waitFor();
    await record();
    await page.keyboard.press('w');
    await row.locator('kbd.binding', { hasText: 'W' }).waitFor();
    assert.deepEqual(((await syncGet()).settings as { keys?: object }).keys, { speakWord: 'W' });
    await page
      .locator('tr[data-action="nextWord"]')
      .getByRole('button', { name: /^Remove the key/ })
      .click();
    await page.locator('tr[data-action="nextWord"] kbd.binding', { hasText: '—' }).waitFor();
    assert.deepEqual(((await syncGet()).settings as { keys?: object }).keys, { speakWord: 'W', nextWord: null });
    await page.screenshot({
      path: artifactPath('options-keys.png'),
      fullPage: false,
      clip: await page
        .locator('#keys')
        .boundingBox()
        .then((b) => ({ x: 0, y: b!.y - 10, width: 1280, height: Math.min(900, b!.height + 20) })),
    });
  });

  it('keeps a per-site list', async () => {
    await page.getByLabel('Site', { exact: true }).fill('https://www.Example.com/news/1.html');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.locator('tr[data-site="example.com"]').waitFor();
    assert.deepEqual((await syncGet()).sites, { v: 1, hosts: { 'example.com': 'off' } });
    await page.getByLabel('Dubao on example.com').selectOption('on');
    await page.waitForFunction(() => document.querySelector('.sites-status')?.textContent === 'Dubao is on for example.com.');
    assert.deepEqual((await syncGet()).sites, { v: 1, hosts: { 'example.com': 'on' } });
    await page.getByLabel('Site', { exact: true }).fill('file:///home/me/a.html');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.locator('.sites-status[data-error="true"]').waitFor();
    // Add with nothing typed: said in a sentence, not as “” is not a site name.
    await page.getByLabel('Site', { exact: true }).fill('  ');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.waitForFunction(
      () => document.querySelector('.sites-status')?.textContent === 'Type the site first, for example news.example.com.',
    );
    assert.deepEqual((await syncGet()).sites, { v: 1, hosts: { 'example.com': 'on' } });
  });

  it('follows a change made elsewhere without a reload, and reports a corrupted value in a sentence', async () => {
    const before = (await syncGet()).settings as Record<string, unknown>;
    const t0 = Date.now();
    await syncSet({ settings: { ...before, cardFontSize: 19 } });
    await page.waitForFunction(() => document.querySelector('.o-range output')?.textContent === '19 px');
    const applyMs = Date.now() - t0;
    console.log(`# settings change from the service worker -> shown by the open settings page: ${applyMs} ms`);
    await syncSet({ settings: { ...before, cardFontSize: 19, theme: 'neon' } });
    const alert = page.locator('.o-problems');
    await alert.waitFor();
    assert.match(
      (await alert.textContent()) ?? '',
      /The stored theme \("neon"\) is not light, dark or system; the default \(system\) is used\./,
    );
    // The page keeps working, and the unreadable value stays stored until the theme is changed.
    await page.getByLabel('Dark', { exact: true }).check();
    await page.waitForFunction(() => document.documentElement.dataset.dubaoTheme === 'dark');
    assert.equal(((await syncGet()).settings as { theme?: string }).theme, 'dark');
    await alert.waitFor({ state: 'detached' });
  });

  it('meets WCAG AA in the dark and the light theme, as rendered', async () => {
    await page.getByLabel('Pleco').check();
    for (const theme of ['Dark', 'Light'] as const) {
      await page.getByLabel(theme, { exact: true }).check();
      await page.waitForFunction((t) => document.documentElement.dataset.dubaoTheme === t.toLowerCase(), theme);
      await page.evaluate(() => window.scrollTo(0, 0));
      const low = (await contrasts(page)).filter((c) => c.ratio < c.min).map((c) => `${c.what}: ${c.ratio.toFixed(2)}`);
      assert.deepEqual(low, [], `${theme} theme`);
      await page.screenshot({ path: artifactPath(`options-${theme.toLowerCase()}.png`) });
    }
    await page.getByLabel('Follow the system').check();
  });

  it('fits a narrow window (a phone, half a screen): one column, nothing wider than the page', async () => {
    await page.setViewportSize({ width: 420, height: 900 });
    try {
      await page.evaluate(() => window.scrollTo(0, 0));
      const wide = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const over = [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((e) => e.getBoundingClientRect().right > width + 1)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
        return { scroll: document.documentElement.scrollWidth, width, over: over.slice(0, 5) };
      });
      assert.ok(wide.scroll <= wide.width, `no sideways scrolling: ${JSON.stringify(wide)}`);
      await page.screenshot({ path: artifactPath('options-narrow.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('speaks only with a Chinese voice, and says how to add one when there is none', async () => {
    await page.locator('#speech').scrollIntoViewIfNeeded();
    const note = page.locator('.no-voice');
    const table = page.locator('.voices-table');
    await Promise.race([note.waitFor(), table.waitFor()]);
    if (await note.count()) {
      assert.match((await note.textContent()) ?? '', /No Chinese voice is installed on this computer/);
      assert.equal(await page.locator('.voice-help details').count(), 5);
      assert.equal(await page.locator('.voice-help details[open] summary').textContent(), 'Linux');
      await page.getByRole('button', { name: 'Test speech' }).click();
      await page
        .locator('.voice-status[data-error="true"]')
        .filter({ hasText: 'No Chinese voice is installed: see “Adding a Chinese voice” below.' })
        .waitFor();
      console.log('# voices: no Chinese voice on this machine (the settings page says how to add one)');
    } else {
      const options = await page.locator('.voices-table select').first().locator('option').allTextContents();
      console.log(`# voices: ${options.length - 1} Chinese voice(s): ${options.slice(1).join('; ')}`);
      assert.ok(options.slice(1).every((o) => /\(zh-(CN|TW|HK)/.test(o)));
    }
    await page.locator('#speech').screenshot({ path: artifactPath('options-speech.png') });
  });

  it('has no page errors', () => {
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(ext.externalRequests, []);
  });
});
