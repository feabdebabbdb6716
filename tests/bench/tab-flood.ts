/**
 * What one K press on the hover card costs the whole browser when many tabs are open (the follow-up of
 * issue 12): the built extension (.output/chrome-mv3) in Debian Chromium, N tabs of a news page with the
 * content script in each, and 20,000 words the reader knows (the most frequent words of levels.bin,
 * marked through the background's own `knowledge.mark`, as onboarding does).
 *
 *   npm run build && npm run bench:tabs                     20 tabs, unknown words on pages off
 *   npm run bench:tabs -- --tabs 10 --presses 20 --marks    10 tabs, 20 presses, unknown words coloured
 *
 * The reader hovers 社保 in the first tab and presses K, then U, and so on (each press a change of the
 * word states); for each press the figures are the CPU time of every Chromium process (Linux /proc:
 * the browser, the renderers of the tabs, the extension's worker and pages), less what the same
 * processes spend idle over as long, and the memory (PSS) of all of them at rest and at the peak. With
 * --marks, also the time until another tab's colouring follows. Figures are printed, never asserted;
 * tests/e2e/word-states.test.ts prints the same figures for fewer tabs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { GENERATED_DIR } from '../../dictionary/cli/node-core';
import { Levels, LEVELS_ASSET } from '../../dictionary/levels/levels';
import { hover } from '../e2e/card';
import { contentWorld, launchExtension, median, serveFixtures, type ContentWorld, type ExtensionSession } from '../e2e/harness';
import { available, browserPid, cpuBetween, snapshot, totals, type ProcessKind } from './processes';

declare const chrome: {
  runtime: { sendMessage(m: unknown): Promise<unknown> };
  storage: { sync: { set(v: object): Promise<void> }; local: { getBytesInUse(k: null): Promise<number> } };
};

export interface FloodOptions {
  tabs: number;
  known: number;
  presses: number;
  /** Unknown words coloured on the pages. */
  marks: boolean;
  log?: (line: string) => void;
}

export interface FloodFigures {
  tabs: number;
  known: number;
  presses: number;
  marks: boolean;
  /** ms of the bulk mark of `known` words through knowledge.mark (onboarding), from the content world. */
  seedMs: number;
  /** CPU ms of every process during the bulk mark, by kind (idle subtracted). */
  seedCpu: Record<ProcessKind | 'all', number>;
  /** Per press: ms to the card showing the state, and to the background's answer (stored). */
  shownMs: number;
  storedMs: number;
  /** Per press, CPU ms by process kind (idle subtracted). */
  cpuPerPress: Record<ProcessKind | 'all', number>;
  /** PSS of all processes at rest before the presses, and the highest sampled during them (bytes). */
  pssRest: number;
  pssPeak: number;
  /** With marks: ms from the key to another tab's colouring following (median). */
  otherTabMs: number | null;
  /** Bytes storage.local holds after the seed. */
  storedBytes: number;
}

const WORD = '社保';

async function settle(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** In the page's own world: whether a highlight range covers `word` (or, with `not`, none does). */
function pageHas({ word, not }: { word: string; not?: boolean }): boolean {
  const found = [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()]
    .flatMap((h) => [...h])
    .some((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset).includes(word));
  return not ? !found : found;
}

export async function measureFlood(o: FloodOptions, session?: { ext: ExtensionSession; pageUrl: string }): Promise<FloodFigures> {
  const log = o.log ?? (() => undefined);
  if (!available) throw new Error('tab-flood reads /proc: Linux only');
  const ext = session?.ext ?? (await launchExtension());
  const server = session ? null : await serveFixtures();
  const url = session?.pageUrl ?? server!.url('reader-controls.html');
  const pages: Array<{ page: Page; world: ContentWorld }> = [];
  try {
    const root = browserPid(ext.profileDir);
    if (root === null) throw new Error('the browser process was not found');
    for (let i = 0; i < o.tabs; i++) {
      const page = await ext.context.newPage();
      const world = await contentWorld(ext, page);
      await page.goto(url);
      await world.waitFor(
        page.mainFrame(),
        () => (globalThis as unknown as { dubaoProbe?: { active: boolean | null } }).dubaoProbe?.active === true,
        undefined,
        15_000,
      );
      pages.push({ page, world });
    }
    log(`# ${o.tabs} tabs open`);
    const worker = await ext.serviceWorker();
    if (o.marks) {
      await worker.evaluate(() => chrome.storage.sync.set({ settings: { v: 1, unknownWords: { mark: true } } }));
      for (const { page, world } of pages) {
        await world.waitFor(
          page.mainFrame(),
          () =>
            (globalThis as unknown as { dubaoProbe: { marksView: { report: { outcome: string } | null } | null } }).dubaoProbe.marksView
              ?.report?.outcome === 'done',
          undefined,
          30_000,
        );
      }
      log('# unknown words coloured in every tab');
    }

    // The words the reader knows: the most frequent ones, not the word pressed.
    const levels = Levels.fromBytes(new Uint8Array(readFileSync(join(GENERATED_DIR, LEVELS_ASSET))));
    const words = levels
      .topWords(o.known + 50)
      .filter((w) => w !== WORD)
      .slice(0, o.known);
    const first = pages[0]!;
    await settle(1000);
    const s0 = snapshot(root, false);
    const seedMs = await first.world.evaluate(
      first.page.mainFrame(),
      async (list) => {
        const t = performance.now();
        const r = (await chrome.runtime.sendMessage({ dubao: 1, name: 'knowledge.mark', payload: { words: list, mark: 'known' } })) as {
          ok: boolean;
          error?: string;
        };
        if (!r.ok) throw new Error(r.error);
        return performance.now() - t;
      },
      words,
    );
    await settle(3000);
    const s1 = snapshot(root, false);
    // Idle: the same processes over as long a time with nothing done.
    const i0 = snapshot(root, false);
    await settle(4000);
    const i1 = snapshot(root, true);
    const idle = cpuBetween(i0, i1);
    const idleRate = (k: ProcessKind | 'all') => idle[k] / (i1.at - i0.at);
    const seedRaw = cpuBetween(s0, s1);
    const seedCpu = Object.fromEntries(
      Object.entries(seedRaw).map(([k, v]) => [k, v - idleRate(k as ProcessKind) * (s1.at - s0.at)]),
    ) as FloodFigures['seedCpu'];
    const storedBytes = await worker.evaluate(() => chrome.storage.local.getBytesInUse(null));
    log(`# ${words.length} words marked known in ${seedMs.toFixed(0)} ms`);

    // The presses.
    await first.page.bringToFront();
    await hover(first.page, first.world, first.page.mainFrame(), '#a3', WORD, 0);
    const other = pages[1];
    let peak = 0;
    const rest = totals(i1).pss.all;
    const sampler = setInterval(() => {
      peak = Math.max(peak, totals(snapshot(root, true)).pss.all);
    }, 100);
    const a = snapshot(root, false);
    const shown: number[] = [];
    const stored: number[] = [];
    const otherTab: number[] = [];
    for (let i = 0; i < o.presses; i++) {
      const key = i % 2 === 0 ? 'k' : 'u';
      const n = await first.world.evaluate(
        first.page.mainFrame(),
        () => (globalThis as unknown as { dubaoProbe: { marks: unknown[] } }).dubaoProbe.marks.length,
      );
      await first.page.keyboard.press(key);
      const m = (await first.world.waitFor(
        first.page.mainFrame(),
        (before) =>
          (globalThis as unknown as { dubaoProbe: { marks: Array<{ shownMs: number; storedMs: number; ok: boolean }> } }).dubaoProbe.marks[
            before
          ],
        n,
        15_000,
      ))!;
      if (!m.ok) throw new Error('the mark was not stored');
      shown.push(m.shownMs);
      stored.push(m.storedMs);
      await settle(500);
    }
    await settle(1000);
    const b = snapshot(root, false);
    clearInterval(sampler);
    // How soon another tab's colouring follows, in a pass of its own: the memory sampler above reads
    // /proc for every process and holds up this process's event loop, which would slow the polling.
    if (o.marks && other) {
      for (let i = 0; i < o.presses; i++) {
        const key = i % 2 === 0 ? 'k' : 'u';
        const t0 = Date.now();
        await first.page.keyboard.press(key);
        // Polled from here through the content world (which shares the document's highlights): a page's
        // own polling would wait on the timers of a tab in the background, which browsers slow down.
        await other.world.waitFor(other.page.mainFrame(), pageHas, { word: WORD, not: key === 'k' }, 15_000);
        otherTab.push(Date.now() - t0);
        await settle(300);
      }
    }
    const raw = cpuBetween(a, b);
    const cpuPerPress = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, (v - idleRate(k as ProcessKind) * (b.at - a.at)) / o.presses]),
    ) as FloodFigures['cpuPerPress'];
    return {
      tabs: o.tabs,
      known: words.length,
      presses: o.presses,
      marks: o.marks,
      seedMs,
      seedCpu,
      shownMs: median(shown),
      storedMs: median(stored),
      cpuPerPress,
      pssRest: rest,
      pssPeak: Math.max(peak, rest),
      otherTabMs: otherTab.length ? median(otherTab) : null,
      storedBytes,
    };
  } finally {
    for (const { page, world } of pages) {
      await world.close();
      await page.close().catch(() => undefined);
    }
    if (!session) {
      await ext.close();
      await server?.close();
    }
  }
}

const MB = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function describeFlood(f: FloodFigures): string {
  const c = f.cpuPerPress;
  const s = f.seedCpu;
  return [
    `# word states with ${f.known.toLocaleString('en-US')} known words (storage.local ${MB(f.storedBytes)}), ${f.tabs} tabs, unknown words ${f.marks ? 'coloured' : 'not coloured'}:`,
    `#   K / U on the card (median of ${f.presses}): state shown ${f.shownMs.toFixed(1)} ms after the key, stored ${f.storedMs.toFixed(1)} ms` +
      (f.otherTabMs !== null ? `, another tab's colouring followed after ${f.otherTabMs.toFixed(0)} ms` : ''),
    `#   CPU per press, all processes ${c.all.toFixed(0)} ms (tabs' renderers ${c.renderer.toFixed(0)}, extension ${c.extension.toFixed(0)}, browser ${c.browser.toFixed(0)}, other ${(c.gpu + c.utility + c.other).toFixed(0)})`,
    `#   memory (PSS) of all processes ${MB(f.pssRest)} at rest, ${MB(f.pssPeak)} at the peak while pressing`,
    `#   marking the ${f.known.toLocaleString('en-US')} words at once (onboarding): ${f.seedMs.toFixed(0)} ms; CPU ${s.all.toFixed(0)} ms (tabs' renderers ${s.renderer.toFixed(0)}, extension ${s.extension.toFixed(0)}, browser ${s.browser.toFixed(0)})`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const num = (name: string, d: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : d;
  };
  const f = await measureFlood({
    tabs: num('--tabs', 20),
    known: num('--known', 20_000),
    presses: num('--presses', 10),
    marks: args.includes('--marks'),
    log: console.log,
  });
  console.log(describeFlood(f));
}

if (process.argv[1]?.endsWith('tab-flood.ts')) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
