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
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const FIXTURES_DIR = join(ROOT, 'tests/e2e/fixtures');
export const ARTIFACTS_DIR = join(ROOT, 'tests/e2e/artifacts');

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
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
  options: { extensionDir?: string; viewport?: { width: number; height: number }; headless?: boolean } = {},
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
    serviceWorker,
    externalRequests,
    stopServiceWorker,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
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
