/**
 * End-to-end harness shared by the e2e suites: launches Debian Chromium with the built extension
 * (.output/chrome-mv3, made by `npm run build`), serves tests/e2e/fixtures over http on 127.0.0.1, and
 * collects what a test must check on every page: page errors, console errors, and requests that leave
 * the machine.
 *
 *   const ext = await launchExtension();
 *   const server = await serveFixtures();
 *   const page = await ext.context.newPage();
 *   const errors = watchPage(page);
 *   await page.goto(server.url('news-simplified.html'));
 *   ...
 *   assert.deepEqual(ext.externalRequests, []);
 *   await ext.close(); await server.close();
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const FIXTURES_DIR = join(ROOT, 'tests/e2e/fixtures');
export const ARTIFACTS_DIR = join(ROOT, 'tests/e2e/artifacts');

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  /** The browser's profile folder (its processes are found by it: tests/bench/processes.ts). */
  profileDir: string;
  /** The study page Dubao opened on install (study.html#start), when launched with keepFirstRunPage. */
  firstRunPage: Page | null;
  /** The extension's current service worker (it changes after the worker is stopped and restarted). */
  serviceWorker(): Promise<Worker>;
  /** Every request whose URL is not on localhost, 127.0.0.1 or the extension itself. */
  externalRequests: string[];
  /** Stop the extension's service worker (as MV3 does to idle workers); the next message restarts it. */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Requests to these stay on the machine. data:/blob:/about: URLs never touch the network. */
export function isLocalUrl(url: string): boolean {
  if (/^(data|blob|about|chrome-extension|chrome|devtools):/.test(url)) return true;
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  } catch {
    return false;
  }
}

export async function launchExtension(
  options: { extensionDir?: string; viewport?: { width: number; height: number }; headless?: boolean; keepFirstRunPage?: boolean } = {},
): Promise<ExtensionSession> {
  const dir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`no built extension in ${dir}: run \`npm run build\` first`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'dubao-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: options.headless ?? true,
    viewport: options.viewport ?? { width: 1100, height: 800 },
    locale: 'en-US',
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  // tsx (esbuild, keepNames) wraps named functions in test code with a `__name` helper; functions passed
  // to page.evaluate carry that call into the page, so give pages a no-op one.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  const externalRequests: string[] = [];
  context.on('request', (req) => {
    if (!isLocalUrl(req.url())) externalRequests.push(req.url());
  });

  const firstWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const match = /^chrome-extension:\/\/([a-p]{32})\//.exec(firstWorker.url());
  if (!match) throw new Error(`unexpected service worker URL ${firstWorker.url()}`);
  const extensionId = match[1]!;
  const isOurs = (w: Worker) => w.url().startsWith(`chrome-extension://${extensionId}/`);
  // Dubao opens its study page at "What you know already" when it is installed (a fresh profile is a
  // first run, utils/knowledge/first-run.ts). Closed here unless a test asks to keep it: the other tests
  // open the pages they need, and an open study page would read every change they make.
  const firstRun = existsSync(join(dir, 'study.html')) ? await firstRunPage(context, extensionId) : null;
  if (firstRun && !options.keepFirstRunPage) await firstRun.close();

  // After a restart Playwright keeps the same Worker object and re-attaches it to the new worker.
  async function serviceWorker(): Promise<Worker> {
    const live = context.serviceWorkers().filter(isOurs);
    if (live.length > 0) return live[live.length - 1]!;
    return context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 });
  }

  async function stopServiceWorker(): Promise<void> {
    // Any page target can address the profile's service workers through CDP.
    const page = await context.newPage();
    try {
      const cdp = await context.newCDPSession(page);
      const script = `chrome-extension://${extensionId}/`;
      const done = new Promise<void>((res, rej) => {
        const timer = setTimeout(() => rej(new Error('the service worker did not stop')), 10_000);
        cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
          const ours = e.versions.filter((v) => v.scriptURL.startsWith(script));
          if (ours.length > 0 && ours.every((v) => v.runningStatus === 'stopped')) {
            clearTimeout(timer);
            res();
          }
        });
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await done;
      await cdp.detach();
    } finally {
      await page.close();
    }
  }

  return {
    context,
    extensionId,
    profileDir: profile,
    firstRunPage: firstRun && options.keepFirstRunPage ? firstRun : null,
    serviceWorker,
    externalRequests,
    stopServiceWorker,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page Dubao opens on install (study.html#start), waited for up to 10 s; null if none came. */
async function firstRunPage(context: BrowserContext, extensionId: string): Promise<Page | null> {
  const url = `chrome-extension://${extensionId}/study.html#start`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = context.pages().find((p) => p.url() === url);
    if (page) return page;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface FixtureServer {
  port: number;
  url(path: string): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serve a folder (default tests/e2e/fixtures) on 127.0.0.1 at a free port. */
export async function serveFixtures(dir: string = FIXTURES_DIR): Promise<FixtureServer> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}/${path.replace(/^\//, '')}`,
    close: () => new Promise<void>((res) => server.close(() => res())),
  };
}

export interface PageProblems {
  /** Uncaught exceptions in the page (and its frames). */
  pageErrors: string[];
  /** console.error messages. */
  consoleErrors: string[];
}

export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { pageErrors: [], consoleErrors: [] };
  page.on('pageerror', (err) => problems.pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  return problems;
}

/** Path of an artifact (screenshot) under tests/e2e/artifacts/, creating the folder. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

// ---------------------------------------------------------------------------------------------------
// The content script's world

/**
 * Code run in the content script's world of a page's frames: Chromium's isolated world of the extension,
 * reached through the DevTools protocol (Runtime.evaluate with its execution context). Page scripts
 * cannot see this world; the card's closed shadow root and its timings (`globalThis.dubaoProbe`,
 * entrypoints/content/probe.ts) are read here, so nothing of the reader's has to be put in the page's DOM
 * for the tests.
 */
export interface ContentWorld {
  evaluate<R, A = undefined>(frame: Frame, fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Polls `fn` in the content world until it returns a truthy value (which is returned). */
  waitFor<R, A = undefined>(frame: Frame, fn: (arg: A) => R | Promise<R>, arg?: A, timeoutMs?: number): Promise<R>;
  /**
   * The event listeners the content script has put on the frame's window, document and <html> (the
   * DevTools protocol lists a world's own listeners: DOMDebugger.getEventListeners on that world's
   * wrappers), as "type" strings per target.
   */
  listeners(frame: Frame): Promise<{ window: string[]; document: string[]; root: string[] }>;
  close(): Promise<void>;
}

interface CdpFrameTree {
  frame: { id: string; url: string; name?: string };
  childFrames?: CdpFrameTree[];
}

const EVALUATE_TIMEOUT_MS = 20_000;

/** `p`, or an error with `message` after `ms`. */
export function within<T>(ms: number, message: string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(message)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export async function contentWorld(ext: ExtensionSession, page: Page): Promise<ContentWorld> {
  const cdp = await ext.context.newCDPSession(page);
  const origin = `chrome-extension://${ext.extensionId}`;
  const contexts = new Map<string, number>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = context.auxData as { frameId?: string; type?: string } | undefined;
    if (aux?.type === 'isolated' && aux.frameId && context.origin === origin) contexts.set(aux.frameId, context.id);
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
    for (const [f, id] of contexts) if (id === executionContextId) contexts.delete(f);
  });
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable');

  /** The DevTools frame id of a Playwright frame: matched by its place in the frame tree. */
  async function frameId(frame: Frame): Promise<string> {
    const path: Frame[] = [];
    for (let f: Frame | null = frame; f; f = f.parentFrame()) path.unshift(f);
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: CdpFrameTree };
    let node: CdpFrameTree = frameTree;
    for (const f of path.slice(1)) {
      const kids = node.childFrames ?? [];
      const same = kids.filter((k) => k.frame.url === f.url() && (k.frame.name ?? '') === f.name());
      const index = (f.parentFrame()?.childFrames() ?? []).filter((c) => c.url() === f.url() && c.name() === f.name()).indexOf(f);
      const next = same[Math.max(0, index)] ?? kids.find((k) => k.frame.url === f.url());
      if (!next) throw new Error(`frame ${f.url()} not found in the page's frame tree`);
      node = next;
    }
    return node.frame.id;
  }

  async function evaluate<R, A>(frame: Frame, fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    const id = contexts.get(await frameId(frame));
    if (id === undefined) throw new Error(`no content script in frame ${frame.url()} (yet)`);
    // tsx names functions with a __name helper that this world does not have (see launchExtension).
    const expression = `(async () => { const __name = (f) => f; return await (${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)}); })()`;
    // Bounded: a renderer that stops answering fails the test that asked, naming what it asked,
    // instead of hanging until the suite's timeout cancels everything after it.
    const r = (await within(
      EVALUATE_TIMEOUT_MS,
      `the content world did not answer in ${EVALUATE_TIMEOUT_MS / 1000} s: ${fn.toString().slice(0, 160)}`,
      cdp.send('Runtime.evaluate', { expression, contextId: id, returnByValue: true, awaitPromise: true }),
    )) as {
      result: { value?: R };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails)
      throw new Error(`in the content world: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as R;
  }

  async function listeners(frame: Frame): Promise<{ window: string[]; document: string[]; root: string[] }> {
    const id = contexts.get(await frameId(frame));
    if (id === undefined) throw new Error(`no content script in frame ${frame.url()} (yet)`);
    const of = async (expression: string): Promise<string[]> => {
      const r = (await cdp.send('Runtime.evaluate', { expression, contextId: id })) as { result: { objectId?: string } };
      if (!r.result.objectId) throw new Error(`no object for ${expression}`);
      const l = (await cdp.send('DOMDebugger.getEventListeners', { objectId: r.result.objectId })) as {
        listeners: Array<{ type: string }>;
      };
      return l.listeners.map((x) => x.type).sort();
    };
    return { window: await of('window'), document: await of('document'), root: await of('document.documentElement') };
  }

  return {
    evaluate,
    listeners,
    async waitFor<R, A>(frame: Frame, fn: (arg: A) => R | Promise<R>, arg?: A, timeoutMs = 5_000): Promise<R> {
      const deadline = Date.now() + timeoutMs;
      let last: unknown = null;
      for (;;) {
        try {
          const v = await evaluate(frame, fn, arg);
          if (v) return v;
        } catch (e) {
          last = e;
        }
        if (Date.now() > deadline)
          throw new Error(
            `content world: condition not met in ${timeoutMs} ms${last ? ` (${String(last)})` : ''}: ${fn.toString().slice(0, 200)}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => cdp.detach().catch(() => undefined),
  };
}
