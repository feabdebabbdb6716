/**
 * `npm run bench`, study list part (issues 10 and 12): what 30,000 saved words cost where Node can measure it.
 *
 * - search per keystroke over prepared fields (StudySearch), typing and clearing queries of each kind;
 * - sorting (newest first, by pinyin);
 * - reading the whole list as storage version 4 keeps it (256 buckets of JSON text: parsed, every item
 *   checked by the schema), and the recent list (the first screen);
 * - a save and a hover's `study.has` through utils/study/storage.ts on an in-memory storage area that
 *   counts the keys and characters it hands over: a save reads and writes one bucket, a hover reads the
 *   index of its word's bucket, with 30 or 30,000 words;
 * - the exports (CSV with formula cells guarded, TSV, JSON).
 * What the browser adds (its storage handing the values over) is in the e2e report
 * (tests/e2e/study-storage.test.ts, tests/e2e/review.test.ts) and in tests/bench/study-layouts.ts.
 */
import { toAnkiTsv, toCsv, toJsonBackup } from '../../utils/study/export';
import { RECENT_KEY, storedValues } from '../../utils/study/layout';
import { readRecentItems } from '../../utils/study/schema';
import { sortStudy, StudySearch } from '../../utils/study/search';
import { syntheticStudyItems } from '../study/synthetic';

const ms = (t: number) => `${t.toFixed(1)} ms`;

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

/** Characters of a value as storage would hold it. */
const size = (v: unknown) => (typeof v === 'string' ? v.length : (JSON.stringify(v)?.length ?? 0));

/** A storage area in memory with the calls the study list makes, counting keys and characters read and written. */
function memoryArea() {
  const data = new Map<string, unknown>();
  const stats = { keysRead: 0, keysWritten: 0, readAll: 0, charsRead: 0, charsWritten: 0 };
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    data,
    stats,
    area: {
      async get(keys?: string | string[] | null) {
        if (keys === null || keys === undefined) {
          stats.readAll++;
          return Object.fromEntries([...data].map(([k, v]) => [k, clone(v)]));
        }
        const list = Array.isArray(keys) ? keys : [keys];
        stats.keysRead += list.length;
        for (const k of list) if (data.has(k)) stats.charsRead += size(data.get(k));
        return Object.fromEntries(list.filter((k) => data.has(k)).map((k) => [k, clone(data.get(k))]));
      },
      async set(items: Record<string, unknown>) {
        for (const [k, v] of Object.entries(items)) {
          data.set(k, clone(v));
          stats.charsWritten += size(v);
        }
        stats.keysWritten += Object.keys(items).length;
      },
      async remove(keys: string | string[]) {
        for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
      },
      async getKeys() {
        return [...data.keys()];
      },
      onChanged: { addListener() {}, removeListener() {} },
    },
  };
}

/**
 * The extension API that utils/study/storage.ts reaches through wxt/browser, which takes globalThis.chrome
 * when it is first imported: installed when this module is evaluated, which bench.ts does before the
 * learning bench brings in wxt/browser (this module imports nothing that does).
 */
const mem = memoryArea();
(globalThis as { chrome?: unknown }).chrome ??= { runtime: { id: 'bench' }, storage: { local: mem.area, onChanged: mem.area.onChanged } };

export async function studyListBench(n = 30_000): Promise<void> {
  console.log(`## study list at ${n.toLocaleString('en-US')} words (synthetic, tests/study/synthetic.ts)`);
  const items = syntheticStudyItems(n);

  const [byDate, dateMs] = time(() => sortStudy(items, 'date'));
  const [, pinyinMs] = time(() => sortStudy(items, 'pinyin'));
  console.log(`study sort: newest first ${ms(dateMs)}, by pinyin ${ms(pinyinMs)} (first time; keys kept per item)`);

  const [search, prepMs] = time(() => new StudySearch(byDate));
  console.log(
    `study search: fields prepared for ${n.toLocaleString('en-US')} items ${ms(prepMs)} (while the list is read, not on a keystroke)`,
  );
  const keystrokes: number[] = [];
  const line: string[] = [];
  for (const word of ['zhengfu', 'cadre', '政府', 'zheng4', 'remember']) {
    const per: string[] = [];
    for (let i = 1; i <= word.length; i++) {
      const [hits, t] = time(() => search.search(word.slice(0, i)));
      keystrokes.push(t);
      per.push(`${t.toFixed(1)}${i === word.length ? ` (${hits.length} hits)` : ''}`);
    }
    for (let i = word.length - 1; i >= 0; i--) keystrokes.push(time(() => search.search(word.slice(0, i)))[1]);
    line.push(`${word}: ${per.join(' ')}`);
  }
  const sorted = [...keystrokes].sort((a, b) => a - b);
  console.log(`study search per keystroke (ms): ${line.join('; ')}`);
  console.log(
    `study search: ${keystrokes.length} keystrokes typing and clearing, median ${ms(sorted[Math.floor(sorted.length / 2)]!)}, max ${ms(sorted.at(-1)!)} (budget 50 ms with the list painted, in the e2e report)`,
  );

  // Save and hover through the storage module, on an in-memory area, with 30 and with n words.
  if (!(globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id)
    throw new Error('the in-memory storage area is not installed');
  const storage = { ...(await import('../../utils/study/storage')), ...(await import('../../utils/study/read')) };
  const { saveReq } = await import('../study/helpers');
  for (const [k, v] of Object.entries(storedValues(items))) mem.data.set(k, v);
  const stored = [...mem.data.values()].reduce((t: number, v) => t + size(v), 0);
  const reads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const snap = await storage.readStudyList();
    reads.push(performance.now() - t);
    if (snap.items.length !== n) throw new Error(`read ${snap.items.length} items`);
  }
  const [recent, recentMs] = time(() => readRecentItems(mem.data.get(RECENT_KEY)));
  console.log(
    `study read: the whole list (${(stored / 1e6).toFixed(1)} M characters in 256 buckets of JSON text) parsed and every item checked by the schema ` +
      `${reads.map(ms).join(', ')}; the recent list (${recent.length} items, the first screen) ${ms(recentMs)}`,
  );
  for (const size of [30, n]) {
    mem.data.clear();
    for (const [k, v] of Object.entries(storedValues(items.slice(0, size)))) mem.data.set(k, v);
    const saves: number[] = [];
    const before = { ...mem.stats };
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await storage.saveWord(saveReq({ simplified: `新词${i}`, traditional: `新詞${i}`, sentence: `第${i}句。` }), 1e13 + i);
      saves.push(performance.now() - t);
    }
    const perSave = {
      read: (mem.stats.keysRead - before.keysRead) / 50,
      written: (mem.stats.keysWritten - before.keysWritten) / 50,
      charsRead: (mem.stats.charsRead - before.charsRead) / 50,
      charsWritten: (mem.stats.charsWritten - before.charsWritten) / 50,
      all: mem.stats.readAll - before.readAll,
    };
    const has: number[] = [];
    const beforeHas = { ...mem.stats };
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await storage.savedAmong([items[i]!.simplified, '没有', `新词${i}`]);
      has.push(performance.now() - t);
    }
    const perHas = { read: (mem.stats.keysRead - beforeHas.keysRead) / 50, chars: (mem.stats.charsRead - beforeHas.charsRead) / 50 };
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const k = (c: number) => `${(c / 1000).toFixed(1)} k`;
    console.log(
      `study save with ${size.toLocaleString('en-US').padStart(6)} words: median ${ms(med(saves))}, ${perSave.read} keys (${k(perSave.charsRead)} characters) read and ` +
        `${perSave.written} (${k(perSave.charsWritten)}) written per save, whole list read ${perSave.all} times; ` +
        `hover's study.has median ${ms(med(has))}, ${perHas.read} keys (${k(perHas.chars)} characters) read`,
    );
  }

  const [csv, csvMs] = time(() => toCsv(items));
  const [, tsvMs] = time(() => toAnkiTsv(items));
  const [, jsonMs] = time(() => toJsonBackup(items));
  console.log(
    `study export: CSV ${ms(csvMs)} (${(csv.length / 1e6).toFixed(1)} M characters, formula cells guarded), Anki TSV ${ms(tsvMs)}, JSON backup ${ms(jsonMs)}`,
  );
}
