/**
 * The experiment that chose the study list's storage layout (version 4, utils/study/storage.ts): how fast
 * Chromium's storage.local reads and writes a study list kept as
 *   - keys: one key per word holding the item as an object (version 3),
 *   - buckets B: B keys, each the JSON text of the items whose word hashes to it (B = 16, 64, 256),
 *   - one text: the whole list as one JSON text,
 *   - one array: the whole list as one array of objects (versions 1 and 2),
 * with 5,000 and 30,000 realistic items (tests/study/synthetic.ts). For each: writing the whole list, reading
 * it whole (the browser's get, then JSON.parse where the value is text; medians of 3), one save (read the
 * word's key or bucket, change it, write it back: median of 10, in an extension page and in the service
 * worker, which is where the card's saves run), and the bytes in use.
 *
 * It runs in a bare extension of its own (a manifest, an empty page, an empty worker: no listener of
 * Dubao's reacts to the writes). Figures are printed, nothing is asserted.
 *
 *   node --import tsx tests/bench/study-layouts.ts [5000,30000] [keys,16,64,256,text,array]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { launchExtension, median } from '../e2e/harness';
import { syntheticStudyItems } from '../study/synthetic';

declare const chrome: {
  storage: {
    local: {
      get(k: string | string[] | null): Promise<Record<string, unknown>>;
      set(v: object): Promise<void>;
      clear(): Promise<void>;
      getBytesInUse(k: null): Promise<number>;
      getKeys(): Promise<string[]>;
    };
  };
};

type Layout = { kind: 'keys' } | { kind: 'buckets'; b: number } | { kind: 'text' } | { kind: 'array' };

const LAYOUTS: Layout[] = [
  { kind: 'keys' },
  { kind: 'buckets', b: 16 },
  { kind: 'buckets', b: 64 },
  { kind: 'buckets', b: 256 },
  { kind: 'text' },
  { kind: 'array' },
];

/** `keys,64,256,text,array`: the layouts to try (all by default). */
function layoutsOf(arg: string | undefined): Layout[] {
  if (!arg) return LAYOUTS;
  return arg.split(',').map((x): Layout => (/^\d+$/.test(x) ? { kind: 'buckets', b: Number(x) } : ({ kind: x } as Layout)));
}
const name = (l: Layout) =>
  l.kind === 'buckets' ? `buckets ${l.b}` : l.kind === 'keys' ? 'keys (v3)' : l.kind === 'text' ? 'one text' : 'one array (v2)';

function bareExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dubao-layouts-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'layout experiment',
      version: '1',
      permissions: ['storage', 'unlimitedStorage'],
      background: { service_worker: 'bg.js' },
    }),
  );
  writeFileSync(join(dir, 'bg.js'), '');
  writeFileSync(join(dir, 'blank.html'), '<!doctype html><title>blank</title>');
  return dir;
}

/** Runs in the page or the worker: the code under test. Kept self-contained (it is serialised). */
async function inBrowser(arg: { op: string; layout: Layout; items?: unknown[]; word?: string; runs?: number }): Promise<unknown> {
  const s = chrome.storage.local;
  const hash = (w: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < w.length; i++) {
      h ^= w.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  };
  const L = arg.layout;
  const keyOf = (w: string) => (L.kind === 'keys' ? `study/${w}` : L.kind === 'buckets' ? `b/${hash(w) % L.b}` : 'list');
  const allKeys = async (): Promise<string[]> => {
    if (L.kind === 'buckets') return Array.from({ length: L.b }, (_, i) => `b/${i}`);
    if (L.kind === 'keys') return (await s.getKeys()).filter((k) => k.startsWith('study/'));
    return ['list'];
  };
  if (arg.op === 'write') {
    await s.clear();
    const items = arg.items as Array<{ simplified: string }>;
    const t = performance.now();
    if (L.kind === 'keys') {
      for (let i = 0; i < items.length; i += 5000) {
        const v: Record<string, unknown> = {};
        for (const it of items.slice(i, i + 5000)) v[`study/${it.simplified}`] = it;
        await s.set(v);
      }
    } else if (L.kind === 'buckets') {
      const groups: unknown[][] = Array.from({ length: L.b }, () => []);
      for (const it of items) groups[hash(it.simplified) % L.b]!.push(it);
      const v: Record<string, string> = {};
      groups.forEach((g, i) => (v[`b/${i}`] = JSON.stringify(g)));
      await s.set(v);
    } else if (L.kind === 'text') await s.set({ list: JSON.stringify(items) });
    else await s.set({ list: items });
    return { ms: performance.now() - t, bytes: await s.getBytesInUse(null) };
  }
  if (arg.op === 'read') {
    const out: Array<{ keys: number; get: number; parse: number; n: number }> = [];
    for (let r = 0; r < (arg.runs ?? 3); r++) {
      const t0 = performance.now();
      const keys = await allKeys();
      const t1 = performance.now();
      const got = await s.get(keys);
      const t2 = performance.now();
      let n = 0;
      for (const v of Object.values(got)) {
        if (typeof v === 'string') n += (JSON.parse(v) as unknown[]).length;
        else if (Array.isArray(v)) n += v.length;
        else n++;
      }
      out.push({ keys: t1 - t0, get: t2 - t1, parse: performance.now() - t2, n });
    }
    return out;
  }
  if (arg.op === 'save') {
    // read the word's value, add a sentence, write it back (what a save does)
    const times: number[] = [];
    for (let r = 0; r < (arg.runs ?? 10); r++) {
      const t = performance.now();
      const k = keyOf(arg.word!);
      const got = (await s.get([k]))[k];
      if (L.kind === 'keys') {
        const it = got as { contexts: unknown[] };
        await s.set({ [k]: { ...it, contexts: [...it.contexts, { sentence: `句${r}`, title: '', url: '', savedAt: r }] } });
      } else {
        const list = (typeof got === 'string' ? JSON.parse(got) : got) as Array<{ simplified: string; contexts: unknown[] }>;
        const at = list.findIndex((x) => x.simplified === arg.word);
        list[at] = { ...list[at]!, contexts: [...list[at]!.contexts, { sentence: `句${r}`, title: '', url: '', savedAt: r }] };
        await s.set({ [k]: typeof got === 'string' ? JSON.stringify(list) : list });
      }
      times.push(performance.now() - t);
    }
    return times;
  }
  throw new Error(arg.op);
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '5000,30000').split(',').map(Number);
  const ext = await launchExtension({ extensionDir: bareExtension() });
  try {
    const page: Page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/blank.html`);
    const worker: Worker = await ext.serviceWorker();
    // A text expression: tsx names functions with a __name helper that neither the page nor the worker has.
    const run = <R>(where: Page | Worker, arg: Parameters<typeof inBrowser>[0]) =>
      (where as Page).evaluate(
        `(async () => { const __name = (f) => f; return await (${inBrowser.toString()})(${JSON.stringify(arg)}); })()`,
      ) as Promise<R>;
    console.log('# study list layouts in Chromium storage.local (ms; read = list the keys + get + JSON.parse, median of 3)');
    for (const n of sizes) {
      const items = syntheticStudyItems(n);
      const word = items[Math.floor(n / 2)]!.simplified;
      console.log(`## ${n.toLocaleString('en-US')} items (${(JSON.stringify(items).length / 1e6).toFixed(1)} M characters of JSON)`);
      for (const layout of layoutsOf(process.argv[3])) {
        const w = await run<{ ms: number; bytes: number }>(page, { op: 'write', layout, items });
        const reads = await run<Array<{ keys: number; get: number; parse: number; n: number }>>(page, { op: 'read', layout });
        if (reads.some((r) => r.n !== n)) throw new Error(`${name(layout)} read ${reads[0]!.n} items`);
        const total = reads.map((r) => r.keys + r.get + r.parse);
        const saves = await run<number[]>(page, { op: 'save', layout, word });
        const workerSaves = await run<number[]>(worker, { op: 'save', layout, word });
        console.log(
          `${name(layout).padEnd(15)} write ${w.ms.toFixed(0).padStart(6)}  read ${median(total).toFixed(0).padStart(5)} ` +
            `(keys ${median(reads.map((r) => r.keys)).toFixed(0)}, get ${median(reads.map((r) => r.get)).toFixed(0)}, parse ${median(reads.map((r) => r.parse)).toFixed(0)})  ` +
            `save: page ${median(saves).toFixed(1)}, worker ${median(workerSaves).toFixed(1)}  in use ${(w.bytes / 1e6).toFixed(2)} MB`,
        );
      }
    }
  } finally {
    await ext.close();
  }
}

await main();
