/**
 * The browser as a parameter of the e2e tests (issue 10; the Firefox side follows under issue 11).
 *
 * Tests written against `ExtensionBrowser` and `Tab` run in every browser `browsersUnderTest()` names
 * (DUBAO_E2E_BROWSERS=chromium,firefox; chromium by default). A tab offers what the hostile-page tests
 * need: the page's own world (what a page script sees), the content script's world (the card, read
 * where pages cannot), the real mouse and keyboard, frames by name, and the extension's storage.
 *
 * Chromium: playwright-core driving /usr/bin/chromium (harness.ts), the content world through the
 * DevTools protocol. Firefox: to be added (puppeteer-core over WebDriver BiDi, the add-on installed with
 * browser.installExtension; the content world through a BiDi sandbox cannot reach the add-on's own
 * sandbox, so Firefox needs another channel for the card).
 */
import type { Frame, Page } from 'playwright-core';
import { contentWorld, launchExtension, watchPage, type ContentWorld, type ExtensionSession, type PageProblems } from './harness';

export type BrowserName = 'chromium' | 'firefox';

/** The extension API in extension pages (functions passed to page.evaluate run there). */
declare const chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>>; set(v: object): Promise<void>; clear(): Promise<void> } } };

export function browsersUnderTest(): BrowserName[] {
  const names = (process.env.DUBAO_E2E_BROWSERS ?? 'chromium').split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (n !== 'chromium' && n !== 'firefox') throw new Error(`unknown browser ${n} in DUBAO_E2E_BROWSERS`);
  return names as BrowserName[];
}

export interface Tab {
  /** In the page's own world: what any page script can do and see. `frame`: an iframe's name. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A, frame?: string): Promise<R>;
  /** In the content script's world of the frame. */
  content<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A, frame?: string): Promise<R>;
  /** Polls `fn` in the content world until it is truthy. */
  waitContent<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A, frame?: string, timeoutMs?: number): Promise<R>;
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
  /** browser.storage.local, read and written from an extension page. */
  storageGet(): Promise<Record<string, unknown>>;
  storageSet(values: Record<string, unknown>): Promise<void>;
  storageClear(): Promise<void>;
  /** Stops the background (MV3 stops idle service workers); the next message starts it again. */
  stopBackground(): Promise<void>;
  externalRequests: string[];
  close(): Promise<void>;
}

export async function launchBrowser(name: BrowserName): Promise<ExtensionBrowser> {
  if (name === 'chromium') return launchChromium();
  throw new Error('The Firefox harness is not written yet (issue 11): run with DUBAO_E2E_BROWSERS=chromium.');
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
    return {
      evaluate: (fn, arg, frame) => frameOf(frame).evaluate(fn as never, arg as never) as never,
      content: (fn, arg, frame) => needWorld().evaluate(frameOf(frame), fn, arg),
      waitContent: (fn, arg, frame, timeoutMs) => needWorld().waitFor(frameOf(frame), fn, arg, timeoutMs),
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
        if (/^[#.[a-z]/.test(target) && (await page.locator(target).count().catch(() => 0)) > 0) await page.locator(target).first().click();
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
    storageGet: async () => (await extensionPage()).evaluate(() => chrome.storage.local.get(null)),
    storageSet: async (values) => (await extensionPage()).evaluate((v) => chrome.storage.local.set(v), values),
    storageClear: async () => (await extensionPage()).evaluate(() => chrome.storage.local.clear()),
    stopBackground: () => ext.stopServiceWorker(),
    externalRequests: ext.externalRequests,
    close: () => ext.close(),
  };
}
