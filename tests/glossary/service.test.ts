/**
 * The worker side of the page glossary (utils/glossary-service.ts) with a fake core and a fake
 * storage.session: kept glossaries, builds in progress shared by a prepare and a popup, the prepare queue
 * (one text per tab, one build at a time, texts already prepared skipped), the views written for the next
 * popup, and the senses and rows handed out afterwards.
 */
import { describe, expect, it } from 'vitest';
import type { SteppingCore } from '../../dictionary/glossary/steps';
import type { GlossaryView } from '../../dictionary/glossary/view';
import { glossaryKey } from '../../dictionary/glossary/key';
import type { GlossaryHead, Segment } from '../../dictionary/types';
import { GlossaryService, type PreparedViews } from '../../utils/glossary-service';

/** A dictionary of a few words; a text is segmented into them greedily, other characters one by one. */
const WORDS: Record<string, { pinyin: string; sense: string; civic?: boolean }> = {
  党建: { pinyin: 'dǎng jiàn', sense: 'party building', civic: true },
  引领: { pinyin: 'yǐn lǐng', sense: 'to lead' },
  基层: { pinyin: 'jī céng', sense: 'grassroots' },
  治理: { pinyin: 'zhì lǐ', sense: 'governance' },
  的: { pinyin: 'de', sense: '(possessive)' },
};

function fakeCore() {
  const calls = { segmented: 0, heads: 0, details: 0, shardsLoaded: 0 };
  const core: SteppingCore = {
    segmenter: {
      segment(text: string): Segment[] {
        calls.segmented += text.length;
        const out: Segment[] = [];
        for (let i = 0; i < text.length; ) {
          const two = text.slice(i, i + 2);
          const n = WORDS[two] ? 2 : 1;
          out.push({ start: i, end: i + n });
          i += n;
        }
        return out;
      },
      commonness: (w) => (w === '的' ? 5 : 12),
    },
    words: {
      glossaryHead(word: string): GlossaryHead | null {
        calls.heads++;
        const w = WORDS[word];
        if (!w) return null;
        return {
          key: word,
          entry: 0,
          shard: 0,
          simplified: word,
          civicEntry: w.civic ? 0 : -1,
          category: w.civic ? 'party' : null,
          source: w.civic ? 'civic' : 'cedict',
        };
      },
      glossaryDetail(head) {
        calls.details++;
        const w = WORDS[head.simplified]!;
        return {
          traditional: head.simplified,
          pinyin: w.pinyin,
          definitions: [w.sense],
          civic: w.civic ? { category: 'party', explanation: 'ours', components: [], related: [], year: null } : null,
        };
      },
    },
    run: async (fn) => fn(),
    loadShards: async () => void calls.shardsLoaded++,
  };
  return { core, calls };
}

function fakeViews(prepared: string[] = []) {
  const written: GlossaryView[] = [];
  const tabs: Array<[number, string, string]> = [];
  const views: PreparedViews = {
    has: async (key) => prepared.includes(key) || written.some((v) => v.key === key),
    write: async (view) => (written.push(view), true),
    noteTab: async (tab, key, url) => (tabs.push([tab, key, url]), true),
  };
  return { views, written, tabs };
}

const TEXT = '党建引领基层治理的党建。';
const OTHER = '基层治理的引领。';

function service(opts: { prepared?: string[]; keep?: number } = {}) {
  const { core, calls } = fakeCore();
  const store = fakeViews(opts.prepared);
  let pauses = 0;
  const steps: string[] = [];
  const s = new GlossaryService({
    core: async () => core,
    views: store.views,
    pause: async () => void pauses++,
    timing: { step: (n) => void steps.push(n), prepared() {} },
    keep: opts.keep,
  });
  return { s, calls, store, steps, pauses: () => pauses };
}

describe('the glossary service', () => {
  it('makes the view a popup asks for, civic terms first, and keeps the glossary for the next request', async () => {
    const { s, calls, steps } = service();
    const view = JSON.parse(await s.viewJson(TEXT)) as GlossaryView;
    expect(view.key).toBe(glossaryKey(TEXT));
    expect(view.word).toEqual(['党建', '引领', '基层', '治理', '的']);
    expect(view.count).toEqual([2, 1, 1, 1, 1]);
    expect(view.category[0]).toBe('party');
    expect(view.kept).toBeUndefined();
    expect(steps).toEqual(['asked', 'building', 'segmented', 'counted', 'described', 'replied']);
    const segmented = calls.segmented;
    const again = JSON.parse(await s.viewJson(TEXT)) as GlossaryView;
    expect(again.kept).toBe(true);
    expect(calls.segmented).toBe(segmented); // not made again
  });

  it('hands out every sense and one row once the glossary is whole, and writes the whole view for the next popup', async () => {
    const { s, store } = service();
    const key = JSON.parse(await s.viewJson(TEXT)).key as string;
    expect(await s.senses(key)).toEqual({
      words: ['党建', '引领', '基层', '治理', '的'],
      senses: [['party building'], ['to lead'], ['grassroots'], ['governance'], ['(possessive)']],
      pinyin: ['dǎng jiàn', 'yǐn lǐng', 'jī céng', 'zhì lǐ', 'de'],
      traditional: ['', '', '', '', ''],
    });
    expect(await s.row(key, '党建')).toMatchObject({
      pinyin: 'dǎng jiàn',
      positions: [0, 9],
      civic: { category: 'party', explanation: 'ours' },
    });
    expect(await s.row(key, '没有')).toBeNull();
    expect(await s.senses('0-00000000-00000000')).toBeNull();
    expect(store.written.map((v) => v.key)).toEqual([key]);
    expect(store.written[0]!.partial).toBeUndefined();
  });

  it('prepares the texts tabs send, one per tab (the newest), in steps, noting each tab’s text', async () => {
    const { s, store, pauses } = service();
    s.prepare(OTHER, 7, 'http://127.0.0.1/a'); // starts at once
    s.prepare(TEXT, 8, 'http://127.0.0.1/b');
    s.prepare(OTHER.repeat(2), 8, 'http://127.0.0.1/b'); // replaces tab 8's text while it waits
    await s.idle();
    expect(s.prepared).toBe(2);
    expect(s.has(OTHER)).toBe(true);
    expect(s.has(OTHER.repeat(2))).toBe(true);
    expect(s.has(TEXT)).toBe(false);
    expect(store.tabs.map(([t, k]) => [t, k])).toEqual([
      [7, glossaryKey(OTHER)],
      [8, glossaryKey(TEXT)],
      [8, glossaryKey(OTHER.repeat(2))],
    ]);
    expect(pauses()).toBeGreaterThan(2);
  });

  it('skips a text storage.session already has, and one it keeps', async () => {
    const { s, calls } = service({ prepared: [glossaryKey(TEXT)] });
    s.prepare(TEXT, 1, '');
    await s.idle();
    expect(s.prepared).toBe(0);
    expect(calls.segmented).toBe(0);
    await s.viewJson(OTHER);
    const before = calls.segmented;
    s.prepare(OTHER, 2, '');
    await s.idle();
    expect(s.prepared).toBe(0);
    expect(calls.segmented).toBe(before);
  });

  it('lets a popup wait for the build in progress of the same text instead of making it twice', async () => {
    const { s, calls } = service();
    s.prepare(TEXT, 1, '');
    const view = JSON.parse(await s.viewJson(TEXT)) as GlossaryView;
    await s.idle();
    expect(view.word[0]).toBe('党建');
    expect(calls.segmented).toBe(TEXT.length); // segmented once
  });

  it('keeps only the last few glossaries in memory (least recently used out)', async () => {
    const { s } = service({ keep: 2 });
    const texts = ['党建。', '引领。', '基层。'];
    for (const t of texts) await s.viewJson(t);
    expect(texts.map((t) => s.has(t))).toEqual([false, true, true]);
    await s.viewJson('引领。'); // used: now the most recent
    await s.viewJson('治理。');
    expect(['引领。', '基层。', '治理。'].map((t) => s.has(t))).toEqual([true, false, true]);
  });

  it('answers through the message handlers, and a core that cannot load is an error for the popup only', async () => {
    const { s } = service();
    const h = s.handlers();
    expect(h['glossary.prepare']({ text: TEXT }, { tabId: 3, url: 'http://127.0.0.1/' })).toBeNull();
    await s.idle();
    expect(JSON.parse(await h.glossary({ text: TEXT }, {})).kept).toBe(true);
    const broken = new GlossaryService({
      core: () => Promise.reject(new Error('cannot read dict.bin: 404')),
      views: fakeViews().views,
      pause: async () => {},
    });
    broken.prepare(TEXT, 1, '');
    await broken.idle();
    expect(broken.prepared).toBe(0);
    await expect(broken.viewJson(TEXT)).rejects.toThrow('cannot read dict.bin');
  });
});
