/**
 * The browser as a parameter of the e2e tests (issues 10 and 11).
 *
 * Tests written against `ExtensionBrowser` and `Tab` run in every browser `browsersUnderTest()` names
 * (DUBAO_E2E_BROWSERS=chromium,firefox; both by default). A tab offers what the shared tests need: the
 * page's own world (what a page script sees), the probe of the content script (the card, read where
 * pages cannot), the real mouse and keyboard, frames by name, and the extension's storage.
 *
 * Chromium: playwright-core driving /usr/bin/chromium (harness.ts); the probe and any other code of the
 * content script's world through the DevTools protocol. Firefox: puppeteer-core over WebDriver BiDi
 * driving /usr/bin/firefox-esr with the add-on installed by browser.installExtension (.output/
 * firefox-mv2, `npm run build:firefox`); BiDi cannot reach the add-on's sandbox, so the probe is asked
 * for by an extension page with a message the content script answers (entrypoints/content/probe.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { ProbeView } from '../../entrypoints/content/probe';
import { contentWorld, launchExtension, ROOT, watchPage, type ContentWorld, type ExtensionSession, type PageProblems } from './harness';

export type BrowserName = 'chromium' | 'firefox';

/** The extension API in extension pages (functions passed to page.evaluate run there). */
declare const chrome: {
  storage: { local: { get(k: string[] | null): Promise<Record<string, unknown>>; set(v: object): Promise<void>; clear(): Promise<void> } };
};

export function browsersUnderTest(): BrowserName[] {
  const names = (process.env.DUBAO_E2E_BROWSERS ?? 'chromium,firefox')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) if (n !== 'chromium' && n !== 'firefox') throw new Error(`unknown browser ${n} in DUBAO_E2E_BROWSERS`);
  return names as BrowserName[];
}

export interface Tab {
  /** In the page's own world: what any page script can do and see. `frame`: an iframe's name. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A, frame?: string): Promise<R>;
  /** The extension's id of this tab (for popup.html?tabId=N). */
  tabId(): Promise<number>;
  /** What the content script's probe says of the frame (null before the content script runs). */
  probe(frame?: string): Promise<ProbeView | null>;
  /** Polls the probe until `until` holds (returned). */
  waitProbe(until: (p: ProbeView) => boolean, frame?: string, timeoutMs?: number): Promise<ProbeView>;
  /** Where an iframe's viewport starts in the page's viewport ({0, 0} for the page itself). */
  frameOffset(frame?: string): Promise<{ x: number; y: number }>;
  /** Polls `fn` in the page's world until it is truthy (returned). */
  waitFor<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A, timeoutMs?: number): Promise<R>;
  /** Clicks the first element matching a CSS selector, or a button with this exact text. */
  click(selectorOrButton: string): Promise<void>;
  fill(selector: string, text: string): Promise<void>;
  setInputFiles(selector: string, path: string): Promise<void>;
  /** Runs `action` and returns the file it downloads. */
  download(action: () => Promise<void>): Promise<{ name: string; text: string }>;
  mouseMove(x: number, y: number, steps?: number): Promise<void>;
  mouseClick(x: number, y: number): Promise<void>;
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
  wait(ms: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  reload(): Promise<void>;
  problems: PageProblems;
  close(): Promise<void>;
}

export interface ExtensionBrowser {
  name: BrowserName;
  /** The extension's id (what a page that knows Dubao's store listing could know). */
  extensionId: string;
  open(url: string): Promise<Tab>;
  /** An extension page (study.html, popup.html?…), as a Tab. */
  openExtensionPage(path: string): Promise<Tab>;
  /** browser.storage.local, read and written from an extension page (`keys`: only these). */
  storageGet(keys?: string[]): Promise<Record<string, unknown>>;
  storageSet(values: Record<string, unknown>): Promise<void>;
  storageClear(): Promise<void>;
  /** Stops the background (MV3 stops idle service workers); the next message starts it again. */
  stopBackground(): Promise<void>;
  externalRequests: string[];
  close(): Promise<void>;
}

export async function launchBrowser(name: BrowserName): Promise<ExtensionBrowser> {
  return name === 'chromium' ? launchChromium() : launchFirefox();
}

/** Polls `read` until `until` holds. */
async function poll<T>(read: () => Promise<T>, until: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (until(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`${what}: condition not met in ${timeoutMs} ms (last: ${JSON.stringify(last)?.slice(0, 300)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function launchChromium(): Promise<ExtensionBrowser> {
  const ext: ExtensionSession = await launchExtension({ extensionDir: process.env.DUBAO_EXT_DIR });
  let helper: Page | null = null;
  const extensionPage = async () => {
    if (!helper || helper.isClosed()) {
      helper = await ext.context.newPage();
      await helper.goto(`chrome-extension://${ext.extensionId}/popup.html?helper`);
    }
    return helper;
  };

  /** The newest tab whose content script answers the probe from `url` (an older tab of that address is another test's). */
  const tabIdOf = async (url: string): Promise<number> =>
    poll(
      async () =>
        (await extensionPage()).evaluate(async (want) => {
          const c = (
            globalThis as unknown as {
              chrome: { tabs: { query(q: object): Promise<Array<{ id: number }>>; sendMessage(t: number, m: unknown): Promise<unknown> } };
            }
          ).chrome;
          for (const t of (await c.tabs.query({})).sort((x, y) => y.id - x.id)) {
            const v = (await c.tabs.sendMessage(t.id, { dubaoProbe: 1, frame: '' }).catch(() => null)) as { url: string } | null;
            if (v && v.url === want) return t.id;
          }
          return -1;
        }, url),
      (id) => id >= 0,
      20_000,
      `the tab of ${url}`,
    );

  const wrap = async (page: Page, world: ContentWorld | null): Promise<Tab> => {
    const problems = watchPage(page);
    const frameOf = (name?: string): Frame => {
      if (!name) return page.mainFrame();
      const f = page.frame({ name });
      if (!f) throw new Error(`no frame named ${name}`);
      return f;
    };
    const needWorld = () => {
      if (!world) throw new Error('an extension page has no content script');
      return world;
    };
    const probe = (frame?: string) =>
      needWorld()
        .evaluate(frameOf(frame), () => (globalThis as unknown as { dubaoProbe?: { view(): ProbeView } }).dubaoProbe?.view() ?? null)
        .catch(() => null);
    let id: Promise<number> | null = null;
    return {
      evaluate: (fn, arg, frame) => frameOf(frame).evaluate(fn as never, arg as never) as never,
      tabId: () => (id ??= tabIdOf(page.url())),
      probe,
      waitProbe: (until, frame, timeoutMs = 5_000) =>
        poll(
          () => probe(frame),
          (p) => !!p && until(p),
          timeoutMs,
          'probe',
        ) as Promise<ProbeView>,
      async frameOffset(frame) {
        if (!frame) return { x: 0, y: 0 };
        const el = await frameOf(frame).frameElement();
        return el.evaluate((f: HTMLElement) => {
          const r = f.getBoundingClientRect();
          return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
        });
      },
      async waitFor(fn, arg, timeoutMs = 5_000) {
        const handle = await page.waitForFunction(fn as never, arg as never, { timeout: timeoutMs, polling: 25 });
        return (await handle.jsonValue()) as never;
      },
      async click(target) {
        const byButton = page.getByRole('button', { name: target, exact: true });
        if (
          /^[#.[a-z]/.test(target) &&
          (await page
            .locator(target)
            .count()
            .catch(() => 0)) > 0
        )
          await page.locator(target).first().click();
        else await byButton.first().click();
      },
      fill: (selector, text) => page.locator(selector).fill(text),
      setInputFiles: (selector, path) => page.locator(selector).setInputFiles(path),
      async download(action) {
        const [d] = await Promise.all([page.waitForEvent('download'), action()]);
        const path = await d.path();
        const { readFileSync } = await import('node:fs');
        return { name: d.suggestedFilename(), text: readFileSync(path, 'utf8') };
      },
      mouseMove: (x, y, steps = 2) => page.mouse.move(x, y, { steps }),
      mouseClick: (x, y) => page.mouse.click(x, y),
      press: (key) => page.keyboard.press(key),
      type: (text) => page.keyboard.type(text),
      wait: (ms) => page.waitForTimeout(ms),
      screenshot: async (path) => void (await page.screenshot({ path })),
      reload: async () => void (await page.reload({ waitUntil: 'load' })),
      problems,
      async close() {
        await world?.close();
        await page.close();
      },
    };
  };

  return {
    name: 'chromium',
    extensionId: ext.extensionId,
    async open(url) {
      const page = await ext.context.newPage();
      const world = await contentWorld(ext, page);
      const tab = await wrap(page, world);
      await page.goto(url, { waitUntil: 'load' });
      await page.bringToFront();
      return tab;
    },
    async openExtensionPage(path) {
      const page = await ext.context.newPage();
      const tab = await wrap(page, null);
      await page.goto(`chrome-extension://${ext.extensionId}/${path}`);
      return tab;
    },
    storageGet: async (keys) => (await extensionPage()).evaluate((k) => chrome.storage.local.get(k), keys ?? null),
    storageSet: async (values) => (await extensionPage()).evaluate((v) => chrome.storage.local.set(v), values),
    storageClear: async () => (await extensionPage()).evaluate(() => chrome.storage.local.clear()),
    stopBackground: () => ext.stopServiceWorker(),
    externalRequests: ext.externalRequests,
    close: () => ext.close(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Firefox

/** The add-on's id (wxt.config.ts) and the internal UUID given to it, so that its pages have a known address. */
const FIREFOX_ADDON_ID = 'dubao@dubao-reader.org';
const FIREFOX_UUID = '5d1c0b8e-0d6f-4b7a-9c55-6a1f2e7d9b11';

type PPage = import('puppeteer-core').Page;
type PFrame = import('puppeteer-core').Frame;

async function launchFirefox(): Promise<ExtensionBrowser> {
  const { default: puppeteer } = await import('puppeteer-core');
  const dir = process.env.DUBAO_FIREFOX_EXT_DIR ?? join(ROOT, '.output/firefox-mv2');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // Firefox 153 lets WebDriver open moz-extension:// pages only with system access.
    args: ['--remote-allow-system-access', '--width=1100', '--height=800'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_UUID }),
      'intl.accept_languages': 'en-US',
      'browser.download.folderList': 2,
    },
  });
  await browser.installExtension(dir);
  const origin = `moz-extension://${FIREFOX_UUID}`;
  const externalRequests: string[] = [];
  /** A new tab; functions tests pass to evaluate carry tsx's `__name` helper (see launchExtension in harness.ts). */
  const newPage = async (): Promise<PPage> => {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument('globalThis.__name ??= (f) => f;');
    await page.setViewport({ width: 1100, height: 800 });
    return page;
  };

  /** Opens a moz-extension:// page (BiDi's navigation to them never reports "load": wait for the document). */
  const gotoExtension = async (page: PPage, path: string) => {
    void page.goto(`${origin}/${path}`).catch(() => undefined);
    await poll(
      () => page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => ''),
      (s) => s.startsWith(origin) && s.endsWith(' complete'),
      15_000,
      `opening ${path}`,
    );
    // (Scripts added for new documents do not run in extension pages.)
    await page.evaluate('globalThis.__name ??= (f) => f;');
  };

  let helper: PPage | null = null;
  const extensionPage = async (): Promise<PPage> => {
    if (!helper || helper.isClosed()) {
      helper = await newPage();
      await gotoExtension(helper, 'popup.html?helper');
    }
    return helper;
  };
  type Ext = {
    tabs: { query(q: object): Promise<Array<{ id: number }>>; sendMessage(tab: number, msg: unknown): Promise<unknown> };
    storage: { local: { get(k: null): Promise<Record<string, unknown>>; set(v: object): Promise<void>; clear(): Promise<void> } };
  };
  const ext = <R, A>(fn: (browser: Ext, arg: A) => Promise<R>, arg: A): Promise<R> =>
    extensionPage().then((p) => p.evaluate(`(${fn.toString()})(browser, ${JSON.stringify(arg)})`) as Promise<R>);

  /**
   * The extension's id for a tab just opened: the newest tab whose content script answers from `url`
   * (tab ids grow; an older tab of the same address is another test's).
   */
  const tabIdOf = async (url: string): Promise<number> =>
    poll(
      () =>
        ext(async (b, want: string) => {
          const tabs = (await b.tabs.query({})).sort((x, y) => y.id - x.id);
          for (const t of tabs) {
            const v = (await b.tabs.sendMessage(t.id, { dubaoProbe: 1, frame: '' }).catch(() => null)) as { url: string } | null;
            if (v && v.url === want) return t.id;
          }
          return -1;
        }, url),
      (id) => id >= 0,
      20_000,
      `the tab of ${url}`,
    );

  const frameNamed = async (page: PPage, name?: string): Promise<PFrame> => {
    if (!name) return page.mainFrame();
    for (const f of page.frames()) if ((await f.evaluate(() => window.name).catch(() => '')) === name) return f;
    throw new Error(`no frame named ${name}`);
  };

  const wrap = (page: PPage, tabId: () => Promise<number> | null): Tab => {
    const problems: PageProblems = { pageErrors: [], consoleErrors: [] };
    page.on('pageerror', (e) => problems.pageErrors.push(e instanceof Error ? e.message : String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.consoleErrors.push(m.text());
    });
    page.on('request', (r) => {
      if (!/^(https?:\/\/(127\.0\.0\.1|localhost)[:/]|moz-extension:|data:|blob:|about:)/.test(r.url())) externalRequests.push(r.url());
    });
    const probe = async (frame?: string): Promise<ProbeView | null> => {
      const id = tabId();
      if (!id) throw new Error('an extension page has no content script');
      const tab = await id;
      return ext(
        (b, a: { tab: number; frame: string }) =>
          b.tabs.sendMessage(a.tab, { dubaoProbe: 1, frame: a.frame }).catch(() => null) as Promise<ProbeView | null>,
        {
          tab,
          frame: frame ?? '',
        },
      );
    };
    return {
      evaluate: async (fn, arg, frame) => (await frameNamed(page, frame)).evaluate(fn as never, arg as never) as never,
      async tabId() {
        const id = tabId();
        if (!id) throw new Error('an extension page is not a tab Dubao reads');
        return id;
      },
      probe,
      waitProbe: (until, frame, timeoutMs = 5_000) =>
        poll(
          () => probe(frame),
          (p) => !!p && until(p),
          timeoutMs,
          'probe',
        ) as Promise<ProbeView>,
      async frameOffset(frame) {
        if (!frame) return { x: 0, y: 0 };
        const el = await (await frameNamed(page, frame)).frameElement();
        return el!.evaluate((f) => {
          const r = f.getBoundingClientRect();
          return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
        });
      },
      async waitFor(fn, arg, timeoutMs = 5_000) {
        const wait = page.waitForFunction as unknown as (f: unknown, o: object, a: unknown) => Promise<{ jsonValue(): Promise<unknown> }>;
        const handle = await wait.call(page, fn, { timeout: timeoutMs, polling: 25 }, arg);
        return (await handle.jsonValue()) as never;
      },
      async click(target) {
        const handle = await page.evaluateHandle((t: string) => {
          if (/^[#.[a-z]/.test(t)) {
            const el = document.querySelector(t);
            if (el) return el;
          }
          return [...document.querySelectorAll('button')].find((b) => (b.textContent ?? '').trim() === t) ?? null;
        }, target);
        const el = handle.asElement();
        if (!el) throw new Error(`nothing to click: ${target}`);
        await (el as import('puppeteer-core').ElementHandle<Element>).click();
      },
      async fill(selector, text) {
        await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ''));
        await page.focus(selector);
        if (text) await page.keyboard.type(text);
        else await page.$eval(selector, (el) => el.dispatchEvent(new Event('input', { bubbles: true })));
      },
      async setInputFiles(selector, path) {
        const input = (await page.$(selector)) as import('puppeteer-core').ElementHandle<HTMLInputElement> | null;
        if (!input) throw new Error(`no ${selector}`);
        await input.uploadFile(path);
      },
      async download(action) {
        // The study page makes a Blob and clicks a link to it: kept here as it is made.
        await page.evaluate(() => {
          const w = window as unknown as { __downloads: Array<{ name: string; blob: Blob }> };
          w.__downloads = [];
          const create = URL.createObjectURL.bind(URL);
          const blobs = new Map<string, Blob>();
          URL.createObjectURL = (b: Blob | MediaSource) => {
            const u = create(b);
            if (b instanceof Blob) blobs.set(u, b);
            return u;
          };
          const click = HTMLAnchorElement.prototype.click;
          HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
            const blob = blobs.get(this.href);
            if (this.download && blob) w.__downloads.push({ name: this.download, blob });
            else click.call(this);
          };
        });
        await action();
        return page.evaluate(async () => {
          const w = window as unknown as { __downloads: Array<{ name: string; blob: Blob }> };
          for (let i = 0; i < 200 && w.__downloads.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
          const d = w.__downloads[0];
          if (!d) throw new Error('nothing was downloaded');
          return { name: d.name, text: await d.blob.text() };
        });
      },
      mouseMove: async (x, y, steps = 2) => page.mouse.move(x, y, { steps }),
      mouseClick: (x, y) => page.mouse.click(x, y),
      press: (key) => page.keyboard.press(key as never),
      type: (text) => page.keyboard.type(text),
      wait: (ms) => new Promise((r) => setTimeout(r, ms)),
      async screenshot(path) {
        mkdirSync(join(path, '..'), { recursive: true });
        await page.screenshot({ path: path as `${string}.png` });
      },
      async reload() {
        await page.reload({ waitUntil: 'load' }).catch(() => undefined);
        await poll(
          () => page.evaluate(() => document.readyState).catch(() => ''),
          (s) => s === 'complete',
          15_000,
          'reload',
        );
        await page.evaluate('globalThis.__name ??= (f) => f;');
      },
      problems,
      close: () => page.close(),
    };
  };

  // The helper page first: opened later, it would take the front from a tab a test is using.
  await extensionPage();

  return {
    name: 'firefox',
    extensionId: FIREFOX_UUID,
    async open(url) {
      const page = await newPage();
      let id: Promise<number> | null = null;
      const tab = wrap(page, () => (id ??= tabIdOf(page.url())));
      // The pointer of the window stays where the last tab left it: park it in the corner first, so
      // that the new page does not open a card under it.
      await page.mouse.move(1, 1);
      await page.goto(url, { waitUntil: 'load' });
      await page.bringToFront();
      id = tabIdOf(page.url());
      await id;
      return tab;
    },
    async openExtensionPage(path) {
      const page = await newPage();
      const tab = wrap(page, () => null);
      await gotoExtension(page, path);
      return tab;
    },
    storageGet: () => ext((b) => b.storage.local.get(null), null),
    storageSet: (values) => ext((b, v: Record<string, unknown>) => b.storage.local.set(v), values),
    storageClear: () => ext((b) => b.storage.local.clear(), null),
    // Firefox's MV2 background page is not stopped when idle; reloading it loses what it held in memory
    // and runs its start-up again, as a restarted service worker does.
    stopBackground: async () => {
      await ext(async (b) => {
        (b as unknown as { extension: { getBackgroundPage(): Window } }).extension.getBackgroundPage().location.reload();
      }, null);
      await new Promise((r) => setTimeout(r, 300));
      // A restarted service worker answers the next message; a reloaded background page only once its script
      // ran again (a message sent meanwhile is lost): wait until it answers, as the worker would.
      await poll(
        () =>
          ext(async (b) => {
            const rt = (b as unknown as { runtime: { sendMessage(m: unknown): Promise<{ ok?: boolean } | undefined> } }).runtime;
            const reply = await rt.sendMessage({ dubao: 1, name: 'study.has', payload: { words: [] } }).catch(() => undefined);
            return reply?.ok === true;
          }, null),
        (ok) => ok,
        20_000,
        'the reloaded background page answers',
      );
    },
    externalRequests,
    async close() {
      await browser.close();
    },
  };
}
