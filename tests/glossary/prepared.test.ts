/**
 * The glossary prepared ahead of the popup: the key that names a page text, the build in steps (it must
 * give exactly the rows of the build in one go), and the storage.session copy the popup reads.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureAssets, loadNodeCore } from '../../dictionary/cli/node-core';
import type { Core } from '../../dictionary/core';
import { buildGlossary } from '../../dictionary/glossary/rows';
import { buildGlossaryInSteps, STEP_MS } from '../../dictionary/glossary/steps';
import { cutAfter, PieceCache, segmentText, STEP_CHARS } from '../../dictionary/glossary/pieces';
import { glossaryKey } from '../../dictionary/glossary/key';
import {
  glossaryView,
  isEarlierOfPage,
  isGlossaryView,
  viewRow,
  viewRowIndex,
  viewRows,
  type GlossaryView,
} from '../../dictionary/glossary/view';

let core: Core;
beforeAll(async () => {
  await ensureAssets();
  core = await loadNodeCore();
}, 300_000);

const ROOT = resolve(import.meta.dirname, '../..');
/** Our own fixture pages' text (tests/e2e/fixtures), tags removed: simplified and traditional news. */
const OWN = readdirSync(join(ROOT, 'tests/e2e/fixtures'))
  .filter((f) => f.endsWith('.html'))
  .map((f) => readFileSync(join(ROOT, 'tests/e2e/fixtures', f), 'utf8').replace(/<[^>]+>/g, '\n'))
  .join('\n');

describe('glossaryKey', () => {
  it('names a text by its length and content, the same every time', () => {
    const text = '坚持党建引领基层治理。';
    expect(glossaryKey(text)).toBe(glossaryKey(`${text}`));
    expect(glossaryKey(text)).toMatch(/^11-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(glossaryKey('')).toMatch(/^0-/);
  });

  it('differs when one character changes, when two characters swap, and between simplified and traditional', () => {
    const keys = new Set(
      ['坚持党建引领基层治理。', '坚持党建引领基层治理!', '坚持建党引领基层治理。', '堅持黨建引領基層治理。'].map(glossaryKey),
    );
    expect(keys.size).toBe(4);
    // Every line of our fixtures gets its own key.
    const lines = [...new Set(OWN.split('\n').filter((l) => l.trim().length > 3))];
    expect(new Set(lines.map(glossaryKey)).size).toBe(lines.length);
  });
});

describe('buildGlossaryInSteps', () => {
  const pauses = () => {
    const counter = { n: 0, pause: async () => void counter.n++ };
    return counter;
  };

  it('cuts only after a line break or the end of a sentence', () => {
    const text = '第一句话。第二句话！第三句\n第四句';
    expect(cutAfter(text, 0)).toBe(5);
    expect(cutAfter(text, 5)).toBe(10);
    expect(cutAfter(text, 10)).toBe(14);
    expect(cutAfter(text, 14)).toBe(text.length);
    const long = '党'.repeat(STEP_CHARS * 2);
    expect(cutAfter(long, 0)).toBe(long.length);
  });

  it('gives exactly the rows of the build in one go, pausing between steps (our fixtures, repeated)', async () => {
    const text = OWN.repeat(Math.ceil(60_000 / OWN.length));
    const counter = pauses();
    const stepped = await buildGlossaryInSteps(core, text, new Map(), counter.pause);
    const whole = buildGlossary(core, text);
    expect(stepped).toEqual(whole);
    expect(counter.n).toBeGreaterThan(text.length / STEP_CHARS / 2);
    expect(stepped.civicTerms).toBeGreaterThan(10);
  });

  it('pauses at least every STEP_MS of work, however slow the work is (a cold JIT)', async () => {
    const text = OWN.repeat(Math.ceil(30_000 / OWN.length));
    // The clock only moves in a segmenter that takes 1 ms a piece: the work budget alone (STEP_CHARS)
    // would let a step last a hundred pieces.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    let pieces = 0;
    const slow = {
      ...core,
      segmenter: {
        commonness: (w: string) => core.segmenter.commonness(w),
        segment(piece: string) {
          clock += 1;
          pieces++;
          return core.segmenter.segment(piece);
        },
      },
    };
    let last = 0;
    let longest = 0;
    let paused = 0;
    try {
      const g = await buildGlossaryInSteps(slow, text, new Map(), async () => {
        longest = Math.max(longest, clock - last);
        last = clock;
        paused++;
      });
      expect(g).toEqual(buildGlossary(core, text));
    } finally {
      now.mockRestore();
    }
    expect(longest).toBe(STEP_MS);
    expect(paused).toBeGreaterThanOrEqual(pieces / STEP_MS);
  });

  it('gives the same rows on a long text of real news (the MSR test set, when ../shared is there)', async (ctx) => {
    const msr = resolve(ROOT, '../shared/data/icwb2/msr_test.utf8');
    if (!existsSync(msr)) return ctx.skip();
    // Read at test time from outside the repository (research-only data, never copied in).
    const text = readFileSync(msr, 'utf8').slice(0, 120_000);
    const stepped = await buildGlossaryInSteps(core, text, new Map(), async () => {});
    expect(stepped).toEqual(buildGlossary(core, text));
    expect(stepped.rows.length).toBeGreaterThan(5_000);
  });

  it('keeps its lookups for the next page, and pauses after each stage at least', async () => {
    const lookups = new Map();
    const text = '中国共产党第二十次全国代表大会在北京召开,会议强调全面从严治党。';
    const counter = pauses();
    const g = await buildGlossaryInSteps(core, text.replace('。', ''), lookups, counter.pause);
    expect(g).toEqual(buildGlossary(core, text.replace('。', '')));
    expect(lookups.has('全面从严治党')).toBe(true);
    // One piece of text, counting, ordering, describing: more pauses only if a stage took over STEP_MS.
    expect(counter.n).toBeGreaterThanOrEqual(4);
  });
});

describe('segmenting by pieces, with the cache of earlier pages', () => {
  it('gives the segments of the whole text, and segments only the new sentences of a changed page', () => {
    const text = OWN.repeat(3);
    const whole = core.segmenter.segment(text);
    const cache = new PieceCache();
    expect(segmentText(core.segmenter, text, cache)).toEqual(whole);
    expect(segmentText(core.segmenter, text)).toEqual(whole);
    const segmented: string[] = [];
    const counting = {
      segment: (piece: string) => {
        segmented.push(piece);
        return core.segmenter.segment(piece);
      },
      commonness: (w: string) => core.segmenter.commonness(w),
    };
    // The same page with a paragraph added at the top: only that paragraph is segmented again.
    const added = '新华社北京电　培育新质生产力是推动高质量发展的内在要求。\n';
    const changed = added + text;
    expect(segmentText(counting, changed, cache)).toEqual(core.segmenter.segment(changed));
    // (The blank lines that began the old text now end the new paragraph's piece.)
    expect(segmented).toEqual([added + /^\s*/.exec(text)![0]]);
    // With a cache, the glossary is the same as without.
    expect(buildGlossary(core, changed, new Map(), segmentText(counting, changed, cache))).toEqual(buildGlossary(core, changed));
  });

  it('holds at most its size in characters, dropping the least recently used pieces', () => {
    const cache = new PieceCache(100);
    const piece = (i: number) => `${'第'.repeat(20)}${i}。`;
    for (let i = 0; i < 4; i++) cache.set(piece(i), []);
    expect(cache.get(piece(0))).toEqual([]); // used: now the newest
    cache.set(piece(4), []);
    expect(cache.size).toBe(4);
    expect(cache.get(piece(1))).toBeUndefined();
    expect(cache.get(piece(0))).toEqual([]);
    cache.set('长'.repeat(30), []); // over a quarter of the size: not kept
    expect(cache.get('长'.repeat(30))).toBeUndefined();
  });
});

describe('isGlossaryView', () => {
  it('accepts a view and refuses what storage might hold instead', () => {
    const text = '坚持党建引领基层治理,推动高质量发展。';
    const view = glossaryView(buildGlossary(core, text), glossaryKey(text));
    expect(isGlossaryView(view)).toBe(true);
    expect(isGlossaryView(JSON.parse(JSON.stringify(view)))).toBe(true);
    const broken: unknown[] = [
      null,
      'view',
      { ...view, key: 3 },
      { ...view, word: view.word.slice(1) },
      { ...view, pinyin: [...view.pinyin.slice(1), 7] },
      { ...view, count: view.count.map(() => 0) },
      { ...view, common: [view.word.length] },
      { ...view, characters: -1 },
      { ...view, kept: 'yes' },
      { ...view, word: view.word.map(() => '') },
    ];
    for (const b of broken) expect(isGlossaryView(b), JSON.stringify(b).slice(0, 80)).toBe(false);
  });
});

describe('an earlier glossary of the same page, shown while the current one is made', () => {
  const url = 'https://news.example.cn/live/2026-11-29.html';
  const before = [
    '今天上午，市委召开常委会议，研究部署基层治理工作。',
    '会议强调，要坚持以人民为中心的发展思想，扎实推进乡村振兴，把各项惠民政策落到实处。',
    '会议指出，各级党组织要压实责任，加强对重点工作的督促检查，确保年度目标任务全面完成。',
  ].join('\n');
  const view = () => glossaryView(buildGlossary(core, before), glossaryKey(before));

  it('stands in for the same address with a little more or less text', () => {
    const after = `${before}下午，代表们围绕培育新质生产力交流了做法。`;
    expect(isEarlierOfPage(view(), url, url, after)).toBe(true);
    expect(isEarlierOfPage(view(), url, `${url}#comments`, after)).toBe(true);
    expect(isEarlierOfPage(view(), url, url, before.slice(0, -10))).toBe(true);
  });

  it('does not stand in for another address, another article at the same address, or when incomplete', () => {
    const other = '外交部发言人在例行记者会上回答了有关问题，表示中方愿同各方一道，维护地区和平稳定。'.repeat(2);
    expect(isEarlierOfPage(view(), url, 'https://news.example.cn/live/2026-11-30.html', before)).toBe(false);
    expect(isEarlierOfPage(view(), url, url, other)).toBe(false);
    expect(isEarlierOfPage(view(), url, url, before.slice(0, 40))).toBe(false);
    expect(isEarlierOfPage(view(), '', url, before)).toBe(false);
    expect(isEarlierOfPage({ ...view(), partial: true }, url, url, before)).toBe(false);
  });

  it('finds a word in another view by its simplified form, as viewRows shows it', () => {
    const v = view();
    const all = viewRows(v);
    const i = viewRowIndex(v, '基层治理');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(viewRow(v, i)).toEqual(all[i]);
    expect(viewRowIndex(v, '新质生产力')).toBe(-1);
    const trad = glossaryView(buildGlossary(core, '堅持黨建引領基層治理。基層治理要靠群眾。'), 'k');
    expect(viewRow(trad, viewRowIndex(trad, '基层治理')).word).toBe('基層治理');
  });
});

describe('prepared glossaries in storage.session', () => {
  type Store = typeof import('../../utils/glossary-store');
  async function fresh(): Promise<Store> {
    vi.resetModules();
    return import('../../utils/glossary-store');
  }
  const viewOf = (text: string): GlossaryView => glossaryView(buildGlossary(core, text), glossaryKey(text));

  beforeEach(() => fakeBrowser.reset());

  it('reads back what was written, by the key of the same text; another text misses', async () => {
    const store = await fresh();
    const text = '坚持党建引领基层治理。';
    const view = viewOf(text);
    expect(await store.writePrepared(view)).toBe(true);
    const back = await (await fresh()).readPrepared(glossaryKey(text));
    expect(back).toEqual(JSON.parse(JSON.stringify(view)));
    expect(await store.hasPrepared(glossaryKey(text))).toBe(true);
    expect(await store.readPrepared(glossaryKey(`${text}新增`))).toBeNull();
    // Nothing of it goes to storage.local (which would outlive the browser session).
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it(`keeps the newest ${6} pages, written one after another even when they finish together`, async () => {
    const store = await fresh();
    const texts = Array.from({ length: store.PREPARED_KEEP + 3 }, (_, i) => `第${i + 1}篇文章谈基层治理。`);
    const results = await Promise.all(texts.map((t) => store.writePrepared(viewOf(t))));
    expect(results.every(Boolean)).toBe(true);
    const present = await Promise.all(texts.map(async (t) => (await store.readPrepared(glossaryKey(t))) !== null));
    expect(present).toEqual(texts.map((_, i) => i >= 3));
    const all = await fakeBrowser.storage.session.get(null);
    expect(Object.keys(all).filter((k) => k.startsWith('glossary:'))).toHaveLength(store.PREPARED_KEEP);
  });

  it('treats a corrupt or foreign value as missing, and a refused write as a lost head start only', async () => {
    const store = await fresh();
    const text = '推动高质量发展。';
    const key = glossaryKey(text);
    await fakeBrowser.storage.session.set({ [`glossary:${key}`]: { key, word: ['推动'], pinyin: [] } });
    expect(await store.readPrepared(key)).toBeNull();
    await fakeBrowser.storage.session.set({ [`glossary:${key}`]: { ...viewOf('别的文章。'), key: 'other' } });
    expect(await store.readPrepared(key)).toBeNull();
    await fakeBrowser.storage.session.set({ [`glossary:${key}`]: '{"key": "truncated JSO' });
    expect(await store.readPrepared(key)).toBeNull();
    await fakeBrowser.storage.session.set({ 'glossary.index': 'not a list' });
    expect(await store.writePrepared(viewOf(text))).toBe(true);
    expect(await store.readPrepared(key)).not.toBeNull();
    const quota = vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    expect(await store.writePrepared(viewOf('第二篇。'))).toBe(false);
    quota.mockRestore();
    expect(await store.readPrepared(key)).not.toBeNull();
    expect(await store.writePrepared(viewOf('第三篇。'))).toBe(true);
  });

  /** The key of the text tab `tab` sent last, or null. */
  const keyOf = async (store: Awaited<ReturnType<typeof fresh>>, tab: number) => (await store.preparedOfTab(tab))?.key ?? null;

  it('remembers the key of the text each tab sent, forgets a closed tab, and survives a corrupt record', async () => {
    const store = await fresh();
    expect(await keyOf(store, 3)).toBeNull();
    await store.noteTabText(3, 'k3');
    await store.noteTabText(4, 'k4');
    await store.noteTabText(3, 'k3b');
    expect(await keyOf(await fresh(), 3)).toBe('k3b');
    expect(await keyOf(store, 4)).toBe('k4');
    await store.noteTabText(4, null);
    expect(await keyOf(store, 4)).toBeNull();
    await fakeBrowser.storage.session.set({ 'glossary.tabs': { 0: 'not a list', 1: ['k'] } });
    expect(await keyOf(store, 0)).toBeNull();
    expect(await keyOf(store, 1)).toBeNull();
    await fakeBrowser.storage.session.set({ 'glossary.tabs': [[2, 'k2'], ['3', 'k3'], [4], 'x', [6, 'k6', 7]] });
    expect(await store.preparedOfTab(6)).toBeNull();
    expect(await keyOf(store, 2)).toBe('k2');
    expect(await keyOf(store, 3)).toBeNull();
    await store.noteTabText(5, 'k5');
    expect(await keyOf(store, 5)).toBe('k5');
    expect(await keyOf(store, 2)).toBe('k2');
  });

  it('remembers the address of the page each tab sent (none for a record of an earlier version)', async () => {
    const store = await fresh();
    await store.noteTabText(8, 'k8', 'https://news.example.cn/2026/11/a.html');
    expect(await store.preparedOfTab(8)).toEqual({ key: 'k8', url: 'https://news.example.cn/2026/11/a.html' });
    await fakeBrowser.storage.session.set({ 'glossary.tabs': [[9, 'k9']] });
    expect(await store.preparedOfTab(9)).toEqual({ key: 'k9', url: '' });
  });

  it('keeps the tabs that sent a text most recently, whatever their ids', async () => {
    const store = await fresh();
    await store.noteTabText(1, 'first tab, noted again last');
    for (let tab = 100; tab < 160; tab++) await store.noteTabText(tab, `k${tab}`);
    await store.noteTabText(1, 'first tab, noted again last');
    expect(await keyOf(store, 1)).toBe('first tab, noted again last');
    expect(await keyOf(store, 159)).toBe('k159');
    expect(await keyOf(store, 100)).toBeNull(); // the oldest went out
  });
});
