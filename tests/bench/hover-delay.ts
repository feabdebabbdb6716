/**
 * `npm run bench:hover`: how short the hover delay can be without cards flickering while the pointer
 * crosses a line of text (issue 13), measured in Debian Chromium with real (CDP) mouse input.
 *
 *   npm run bench:hover                 the intent rules below, simulated in the page
 *   npm run bench:hover -- --extension  also the real hover path of the built extension (.output/chrome-mv3)
 *   npm run bench:hover -- --quick      fewer repetitions
 *   npm run bench:hover -- --extension --delay 66   the extension with another hover delay (settings hoverDelayMs)
 *
 * The pointer is moved along one line of Chinese (18 px) at 60 Hz, as people move it, by a script in the
 * page that puts it where the hand is at each tick (a stall of the machine makes it jump, as coalesced
 * real input does, never rest); with --extension by trusted CDP input, the same way from Node:
 *   - glides at constant speed across the line, from 3 to 40 characters a second (reading along is
 *     about 4-10, a sweep to somewhere else 20 and more), ending at rest on a target word;
 *   - aimed movements to a word 4 to 30 characters away, with the bell-shaped speed of human pointing
 *     (minimum jerk) and Fitts' law durations (MT = 0.1 s + 0.15 s/bit · log2(D/W + 1)), with a little
 *     path jitter.
 * Hit testing is the browser's (caretRangeFromPoint on the frame after each pointermove, as
 * entrypoints/content/hover.ts does), timers and frames are real. For each intent rule the page counts
 *   - flickers: cards opened for words the pointer passes over (neither the word it starts on nor the
 *     target it comes to rest on),
 *   - latency: from the moment the pointer stops to the target word's card (the frame it is shown in;
 *     Dubao's own work to paint it was measured at 9 ms in issue 13).
 * Intent rules:
 *   - "char D": today's rule: the card opens when the pointer has stayed D ms on one character (the
 *     delay restarts on each new character; hover.ts HOVER_DELAY_MS, 120 before issue 13).
 *   - "rest D": the card opens when the pointer has moved at most 2 px during the last D ms (it rests),
 *     on the word under it; a glide never rests, whatever its speed over one character.
 * With --extension the same movements run over the built extension (its own rule: entrypoints/content/
 * hover.ts, the "rest" rule with the delay of the settings, 50 ms by default; --delay writes another to
 * storage.sync) and its cards are read from the content script's probe (the time each card was painted,
 * in the content script's world: the page cannot see it; harness.ts contentWorld).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { ensureAssets, loadNodeCore } from '../../dictionary/cli/node-core';
import { contentWorld, EXTENSION_DIR, launchExtension, serveFixtures, type ContentWorld } from '../e2e/harness';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const WITH_EXTENSION = args.has('--extension');
const DELAY_ARG = process.argv.indexOf('--delay');
const DELAY = DELAY_ARG > 0 ? Number(process.argv[DELAY_ARG + 1]) : null;
const REPEATS = QUICK ? 1 : 3;
const FONT_PX = 18;
const FRAME_MS = 1000 / 60;

/** Our own line of text (no corpus sentence): long enough for a 40-character crossing. */
const LINE =
  '县委常委会议研究部署乡村振兴和基层治理工作，强调要坚持以人民为中心的发展思想，把群众的急难愁盼问题放在心上，推动各项政策落地见效，银行信贷支持小微企业。';

const FIXED = [0, 16, 33, 50, 66, 80, 100, 120];
const REST = [16, 33, 40, 50, 66, 80];
const REST_RADIUS_PX = 2;

interface Movement {
  name: string;
  kind: 'glide' | 'aimed';
  /** Points (x, y) at 60 Hz; the last is where the pointer rests. */
  points: Array<[number, number]>;
}

// ------------------------------------------------------------------------------------------------
// Movements

/** Deterministic noise (tests must not depend on Math.random). */
function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 0xffffffff) * 2 - 1;
  };
}

function glide(charsPerSecond: number, fromChar: number, toChar: number, x0: number, y: number, seed: number): Movement {
  const rnd = noise(seed);
  const start = x0 + (fromChar + 0.5) * FONT_PX;
  const end = x0 + (toChar + 0.5) * FONT_PX;
  const v = (charsPerSecond * FONT_PX) / 1000; // px per ms
  const n = Math.max(2, Math.round(Math.abs(end - start) / v / FRAME_MS));
  const points: Array<[number, number]> = [];
  for (let i = 0; i <= n; i++) points.push([start + ((end - start) * i) / n, y + (i < n ? rnd() * 0.8 : 0)]);
  return { name: `glide ${charsPerSecond} ch/s`, kind: 'glide', points };
}

/** Minimum-jerk profile: x(τ) = 10τ³ − 15τ⁴ + 6τ⁵. */
function aimed(distanceChars: number, fromChar: number, x0: number, y: number, seed: number): Movement {
  const rnd = noise(seed);
  const D = distanceChars * FONT_PX;
  const W = FONT_PX;
  const mt = 100 + 150 * Math.log2(D / W + 1); // ms
  const n = Math.max(2, Math.round(mt / FRAME_MS));
  const start = x0 + (fromChar + 0.5) * FONT_PX;
  const points: Array<[number, number]> = [];
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const s = 10 * t ** 3 - 15 * t ** 4 + 6 * t ** 5;
    // Path jitter, largest mid-movement, none at the end.
    const j = Math.sin(Math.PI * t);
    points.push([start + D * s + rnd() * 1.5 * j, y + rnd() * 1.2 * j]);
  }
  return { name: `aimed ${distanceChars} ch (${mt.toFixed(0)} ms)`, kind: 'aimed', points };
}

function movements(x0: number, y: number): Movement[] {
  const out: Movement[] = [];
  for (const cps of [3, 5, 8, 12, 20, 40]) out.push(glide(cps, 1, 41, x0, y, cps * 7));
  for (const d of [4, 8, 16, 30]) out.push(aimed(d, 2, x0, y, d * 13));
  return out;
}

// ------------------------------------------------------------------------------------------------
// The page: the line, hit testing per frame, and one probe per intent rule.

function pageHtml(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>hover delay</title>
<style>body{margin:0;font:${FONT_PX}px/2 "WenQuanYi Micro Hei",sans-serif;background:#fff;color:#222}
#line{position:absolute;left:40px;top:200px;white-space:nowrap;letter-spacing:0}</style></head>
<body><p id="line">${LINE}</p></body></html>`;
}

/** Runs in the page (as a string: no bundling). `words`: [start, end) of each word of LINE. */
const PROBE_SCRIPT = String.raw`
(() => {
  const node = document.getElementById('line').firstChild;
  const wordAt = (i) => window.__words.findIndex(([s, e]) => i >= s && i < e);
  const hit = (x, y) => {
    const r = document.caretRangeFromPoint(x, y);
    if (!r || r.startContainer !== node) return null;
    // The character whose box holds the point (the caret may sit at either edge).
    const range = document.createRange();
    for (const i of [r.startOffset, r.startOffset - 1]) {
      if (i < 0 || i >= node.data.length) continue;
      range.setStart(node, i); range.setEnd(node, i + 1);
      for (const b of range.getClientRects()) if (x >= b.left && x < b.right && y >= b.top && y < b.bottom) return i;
    }
    return null;
  };
  const probes = [];
  const log = { moves: [] };
  window.__log = log;
  // Today's rule (hover.ts): D ms on one character, the timer ends FRAME_SLACK early and a frame reveals.
  const fixed = (D) => {
    const p = { name: 'char ' + D, reveals: [], pending: null, timer: 0, shown: -1 };
    p.onHit = (ch, t) => {
      if (ch === null) { clearTimeout(p.timer); p.pending = null; return; }
      const w = wordAt(ch);
      if (w === p.shown) { clearTimeout(p.timer); p.pending = null; return; }
      if (p.pending === ch) return;
      clearTimeout(p.timer);
      p.pending = ch;
      p.timer = setTimeout(() => requestAnimationFrame(() => {
        if (p.pending !== ch) return;
        p.pending = null; p.shown = w;
        p.reveals.push({ t: performance.now(), word: w });
      }), Math.max(0, D - 8));
    };
    p.onMove = () => {};
    return p;
  };
  // Rest rule: the pointer moved at most R px during the last D ms; the card of the word under it.
  const rest = (D, R) => {
    const p = { name: 'rest ' + D, reveals: [], ax: -1e9, ay: -1e9, timer: 0, shown: -1, x: 0, y: 0 };
    const arm = () => {
      clearTimeout(p.timer);
      p.timer = setTimeout(() => requestAnimationFrame(() => {
        const ch = hit(p.x, p.y);
        if (ch === null) return;
        const w = wordAt(ch);
        if (w === p.shown) return;
        p.shown = w;
        p.reveals.push({ t: performance.now(), word: w });
      }), D);
    };
    p.onMove = (x, y) => {
      p.x = x; p.y = y;
      if (Math.hypot(x - p.ax, y - p.ay) > R) { p.ax = x; p.ay = y; arm(); }
    };
    p.onHit = (ch) => { if (ch === null) clearTimeout(p.timer); };
    return p;
  };
  for (const D of window.__fixed) probes.push(fixed(D));
  for (const D of window.__rest) probes.push(rest(D, window.__radius));
  window.__probes = probes;
  let lx = 0, ly = 0, frame = 0;
  addEventListener('pointermove', (e) => {
    lx = e.clientX; ly = e.clientY;
    const t = performance.now();
    log.moves.push([t, lx, ly]);
    for (const p of probes) p.onMove(lx, ly, t);
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0;
      const ch = hit(lx, ly);
      const t2 = performance.now();
      for (const p of probes) p.onHit(ch, t2);
    });
  }, { capture: true, passive: true });
  // Plays a movement in the page: at each tick the pointer is where the hand is at that time (after a
  // stall of the page it jumps, as coalesced real input does; it never rests because the page did).
  window.__play = (points, frameMs) => new Promise((resolve) => {
    const t0 = performance.now();
    const n = points.length - 1;
    const send = (x, y) => document.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true, pointerType: 'mouse' }));
    const tick = () => {
      const f = (performance.now() - t0) / frameMs;
      if (f >= n) { send(points[n][0], points[n][1]); resolve(); return; }
      const i = Math.floor(f), k = f - i;
      send(points[i][0] + (points[i + 1][0] - points[i][0]) * k, points[i][1] + (points[i + 1][1] - points[i][1]) * k);
      setTimeout(tick, Math.max(0, t0 + (i + 1) * frameMs - performance.now()));
    };
    tick();
  });
  window.__reset = () => {
    log.moves = [];
    for (const p of probes) { p.reveals = []; p.shown = -1; p.pending = null; clearTimeout(p.timer); p.ax = -1e9; }
  };
})();
`;

// ------------------------------------------------------------------------------------------------

/**
 * Real (trusted) input through CDP, for the extension's hover path: each event is sent where the hand
 * is at that moment, so a stall of this process makes the pointer jump, not rest (it still leaves the
 * page without events for that long: such runs are flagged and run again).
 */
async function driveCdp(cdp: CDPSession, points: Array<[number, number]>): Promise<void> {
  const t0 = performance.now();
  const n = points.length - 1;
  for (;;) {
    const f = (performance.now() - t0) / FRAME_MS;
    if (f >= n) {
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: points[n]![0], y: points[n]![1] });
      return;
    }
    const i = Math.floor(f);
    const k = f - i;
    const x = points[i]![0] + (points[i + 1]![0] - points[i]![0]) * k;
    const y = points[i]![1] + (points[i + 1]![1] - points[i]![1]) * k;
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    const wait = t0 + (i + 1) * FRAME_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}

interface Outcome {
  flickers: number;
  latency: number | null;
}

/** The extension's cards (painted time, word) from the content script's probe, after `since`. */
async function extensionCards(
  world: ContentWorld | null,
  page: Page,
  since: number,
): Promise<Array<{ t: number; word: string; pointerMs: number }>> {
  if (!world) return [];
  const log = await world.evaluate(
    page.mainFrame(),
    () => (globalThis as unknown as { dubaoProbe?: { log: Array<{ t: number; word: string; pointerMs: number }> } }).dubaoProbe?.log ?? [],
  );
  return log.filter((c) => c.t >= since);
}

async function runMovement(
  page: Page,
  cdp: CDPSession,
  m: Movement,
  words: Array<[number, number]>,
  lineLeft: number,
  restMs: number,
  trusted: boolean,
  world: ContentWorld | null,
) {
  // Park the pointer away from the text, then reset the probes.
  if (trusted) await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 5, y: 5 });
  else await page.evaluate(() => document.dispatchEvent(new PointerEvent('pointermove', { clientX: 5, clientY: 5, bubbles: true })));
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as unknown as { __reset(): void }).__reset());
  const since = await page.evaluate(() => performance.now());
  if (trusted) await driveCdp(cdp, m.points);
  else
    await page.evaluate(
      ({ points, frame }) => (window as unknown as { __play(p: unknown, f: number): Promise<void> }).__play(points, frame),
      { points: m.points, frame: FRAME_MS },
    );
  await page.waitForTimeout(restMs);
  const [endX] = m.points[m.points.length - 1]!;
  const target = words.findIndex(([s, e]) => {
    const c = Math.floor((endX - lineLeft) / FONT_PX);
    return c >= s && c < e;
  });
  const data = await page.evaluate(() => {
    const w = window as unknown as {
      __probes: Array<{ name: string; reveals: Array<{ t: number; word: number }> }>;
      __log: { moves: Array<[number, number, number]> };
    };
    return { probes: w.__probes.map((p) => ({ name: p.name, reveals: p.reveals })), moves: w.__log.moves };
  });
  // (The page and the content script's world share the document's clock: performance.now() is comparable.)
  const cards = await extensionCards(world, page, since);
  // The pointer stops at its last pointermove.
  const tStop = data.moves.length > 0 ? data.moves[data.moves.length - 1]![0] : NaN;
  // The word the movement starts on: its card may well be open (the reader was there); not a flicker.
  const [startX] = m.points[0]!;
  const startWord = words.findIndex(([s, e]) => {
    const c = Math.floor((startX - lineLeft) / FONT_PX);
    return c >= s && c < e;
  });
  const out = new Map<string, Outcome>();
  for (const p of data.probes) {
    const flickers = p.reveals.filter((r) => r.word !== target && r.word !== startWord).length;
    const hitTarget = p.reveals.find((r) => r.word === target);
    out.set(p.name, { flickers, latency: hitTarget ? Math.max(0, hitTarget.t - tStop) : null });
  }
  const targetWord = LINE.slice(words[target]![0], words[target]![1]);
  const startText = LINE.slice(words[startWord]![0], words[startWord]![1]);
  const realFlickers = cards.filter((c) => c.word !== targetWord && c.word !== startText).length;
  const real = cards.find((c) => c.word === targetWord);
  // The longest gap between two pointer events during the movement: the driver (Node on a shared
  // machine) can stall, and a stall is a rest the movement did not have.
  let gap = 0;
  for (let i = 1; i < data.moves.length; i++) gap = Math.max(gap, data.moves[i]![0] - data.moves[i - 1]![0]);
  return {
    out,
    real: { flickers: realFlickers, latency: real ? Math.max(0, real.t - tStop) : null, shows: cards.length },
    moves: data.moves.length,
    gap,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

async function measure(
  context: BrowserContext,
  url: string,
  label: string,
  wordsOfLine: Array<[number, number]>,
  trusted: boolean,
  ext?: Awaited<ReturnType<typeof launchExtension>>,
): Promise<void> {
  const page = await context.newPage();
  const world = ext ? await contentWorld(ext, page) : null;
  await page.goto(url);
  await page.evaluate(
    ({ words, fixed, rest, radius }) => Object.assign(window, { __words: words, __fixed: fixed, __rest: rest, __radius: radius }),
    { words: wordsOfLine, fixed: FIXED, rest: REST, radius: REST_RADIUS_PX },
  );
  await page.addScriptTag({ content: PROBE_SCRIPT });
  const cdp = await context.newCDPSession(page);
  const box = await page.evaluate(() => {
    const r = document.getElementById('line')!.getBoundingClientRect();
    return { left: r.left, top: r.top, height: r.height };
  });
  const y = box.top + box.height / 2;
  const ms = movements(box.left, y);
  const table = new Map<string, Map<string, Outcome[]>>();
  const realRows = new Map<string, Outcome[]>();
  let stalled = 0;
  let kept = 0;
  for (let rep = 0; rep < REPEATS; rep++) {
    for (const m of ms) {
      let r = await runMovement(page, cdp, m, wordsOfLine, box.left, 700, trusted, world);
      // A movement whose events stalled (> 2.5 frames apart) is run again, up to 5 times.
      for (let retry = 0; r.gap > 2.5 * FRAME_MS && retry < 5; retry++) {
        stalled++;
        r = await runMovement(page, cdp, m, wordsOfLine, box.left, 700, trusted, world);
      }
      if (r.gap > 2.5 * FRAME_MS) kept++;
      for (const [probe, o] of r.out) {
        if (!table.has(probe)) table.set(probe, new Map());
        const row = table.get(probe)!;
        if (!row.has(m.name)) row.set(m.name, []);
        row.get(m.name)!.push(o);
      }
      if (!realRows.has(m.name)) realRows.set(m.name, []);
      realRows.get(m.name)!.push({ flickers: r.real.flickers, latency: r.real.latency });
    }
  }
  console.log(`\n(${stalled} movement(s) run again because the input stalled; ${kept} kept with a stall)`);
  console.log(
    `${label}: flickers per crossing (cards for other words before the target) / median ms from pointer stop to the target's card`,
  );
  const names = ms.map((m) => m.name);
  console.log(['rule'.padEnd(10), ...names.map((n) => n.padStart(20))].join(''));
  const fmt = (os: Outcome[]) => {
    const f = os.reduce((n, o) => n + o.flickers, 0) / os.length;
    const lats = os.map((o) => o.latency).filter((x): x is number => x !== null);
    const lat = lats.length ? median(lats).toFixed(0) : '—';
    return `${f.toFixed(1)} / ${lat}`.padStart(20);
  };
  for (const [probe, row] of table) console.log([probe.padEnd(10), ...names.map((n) => fmt(row.get(n) ?? []))].join(''));
  if (trusted && world) console.log(['extension'.padEnd(10), ...names.map((n) => fmt(realRows.get(n) ?? []))].join(''));
  if (world) {
    // Pointer stop -> card of the extension, over all movements and runs: its median (the card is painted
    // when the probe logs it; Zhongwen's measured 77 ms is the figure to beat, issue 13).
    const lats = [...realRows.values()]
      .flat()
      .map((o) => o.latency)
      .filter((x): x is number => x !== null);
    const sorted = [...lats].sort((a, b) => a - b);
    console.log(
      `extension: pointer stop -> card painted, all movements: median ${median(lats).toFixed(0)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]?.toFixed(0)} ms (n=${lats.length}; Zhongwen: 77 ms)`,
    );
    await world.close();
  }
  await page.close();
}

/** Round two: the delay is a setting; this writes it where utils/settings.ts reads it. */
export async function setDelay(context: BrowserContext, ms: number): Promise<void> {
  const worker = context.serviceWorkers()[0];
  if (!worker) throw new Error('no service worker');
  await worker.evaluate(async (delay) => {
    const c = (
      globalThis as unknown as {
        chrome: { storage: { sync: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } };
      }
    ).chrome;
    const { settings } = await c.storage.sync.get('settings');
    await c.storage.sync.set({ settings: { ...((settings as object) ?? {}), v: 1, hoverDelayMs: delay } });
  }, ms);
}

async function main(): Promise<void> {
  await ensureAssets();
  const core = await loadNodeCore();
  const wordsOfLine = core.segmenter.segment(LINE).map((s) => [s.start, s.end] as [number, number]);
  const dir = mkdtempSync(join(tmpdir(), 'dubao-hover-'));
  writeFileSync(join(dir, 'line.html'), pageHtml());
  const server = await serveFixtures(dir);
  console.log(
    `hover delay: ${REPEATS} run(s) of each movement, ${FONT_PX} px characters, pointer at 60 Hz (CDP input), Chromium ${'headless'}`,
  );
  try {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
    const context = await browser.newContext({ viewport: { width: 1100, height: 500 } });
    await measure(context, server.url('line.html'), 'Intent rules in the page (movements played in the page)', wordsOfLine, false);
    await browser.close();
    if (WITH_EXTENSION) {
      if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error('no built extension: npm run build');
      const ext = await launchExtension({ viewport: { width: 1100, height: 500 } });
      if (DELAY !== null) {
        await setDelay(ext.context, DELAY);
        await new Promise((r) => setTimeout(r, 300));
      }
      await measure(
        ext.context,
        server.url('line.html'),
        `The same with trusted CDP input, and the built extension’s real hover path (rest rule, ${DELAY ?? 'default 50'} ms)`,
        wordsOfLine,
        true,
        ext,
      );
      await ext.close();
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
