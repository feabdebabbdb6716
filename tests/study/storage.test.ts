import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BUCKETS, bucketKey, bucketOf, indexKey, storedValues, wordHash } from '../../utils/study/layout';
import { readItemV2 } from '../../utils/study/schema';
import type { StudyItem } from '../../utils/study/types';
import { saveReq } from './helpers';
import { syntheticStudyItems } from './synthetic';

type StorageModule = typeof import('../../utils/study/storage') &
  typeof import('../../utils/study/read') &
  typeof import('../../utils/study/watch');

/** Fresh copies of the storage modules (writing, reading, watching), as a restarted service worker or a newly opened page gets them. */
async function freshModule(): Promise<StorageModule> {
  vi.resetModules();
  return {
    ...(await import('../../utils/study/storage')),
    ...(await import('../../utils/study/read')),
    ...(await import('../../utils/study/watch')),
  };
}

const local = () => fakeBrowser.storage.local;
const words = async (s: StorageModule) => (await s.readStudyList()).items.map((i) => i.simplified);

/** A version 2 item as the previous release stored it in its single list. */
function v2(word: string, savedAt: number, over: Record<string, unknown> = {}) {
  return {
    simplified: word,
    traditional: word,
    pinyin: 'pīn yīn',
    definitions: [`sense of ${word}`],
    civic: null,
    contexts: [{ sentence: `${word}的句子。`, title: '标题', url: 'http://127.0.0.1/a.html', savedAt }],
    notes: '',
    savedAt,
    ...over,
  };
}

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

/** The word's bucket as stored: its key and the words it holds (null when there is no such key). */
async function bucketWords(word: string): Promise<{ key: string; words: string[] | null }> {
  const key = bucketKey(bucketOf(word));
  const v = (await local().get(key))[key];
  return { key, words: typeof v === 'string' ? (JSON.parse(v) as Array<{ simplified: string }>).map((i) => i.simplified) : null };
}

/** Two distinct words that share a bucket (and the first word's bucket number). */
function sameBucket(prefix: string): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const w = `${prefix}${i}`;
    const other = seen.get(bucketOf(w));
    if (other) return [other, w];
    seen.set(bucketOf(w), w);
  }
}

describe('study list storage', () => {
  it('keeps the words in buckets of JSON text, with their index, the recent list and the marker, written in one set', async () => {
    const s = await freshModule();
    const set = vi.spyOn(local(), 'set');
    await s.saveWord(saveReq(), 1000);
    expect(set).toHaveBeenCalledTimes(1);
    const n = bucketOf('干部');
    expect(Object.keys(set.mock.calls[0]![0]).sort()).toEqual([`studyBucket/${n}`, 'studyList$', 'studyRecent', `studyWords/${n}`]);
    expect((await local().get('studyList$')).studyList$).toEqual({ v: 4 });
    const stored = await local().get(null);
    expect(typeof stored[`studyBucket/${n}`]).toBe('string');
    expect((JSON.parse(stored[`studyBucket/${n}`] as string) as Array<{ simplified: string }>).map((i) => i.simplified)).toEqual(['干部']);
    expect(JSON.parse(stored[`studyWords/${n}`] as string)).toEqual(['干部']);
    expect(
      (JSON.parse(stored.studyRecent as string) as Array<{ simplified: string; savedAt: number }>).map((i) => [i.simplified, i.savedAt]),
    ).toEqual([['干部', 1000]]);
    await s.saveWord(saveReq({ sentence: '第二句。' }), 2000);

    const restarted = await freshModule();
    const { items, unreadable } = await restarted.readStudyList();
    expect(unreadable).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]!.contexts.map((c) => c.sentence)).toEqual(['正向激励促进干部勇担当善作为。', '第二句。']);
  });

  it('the bucket of a word is a stable hash of it (FNV-1a of its NFC form, 256 buckets)', () => {
    // Fixed for storage version 4: a change here would strand every saved word in the wrong bucket.
    expect(BUCKETS).toBe(256);
    expect(wordHash('')).toBe(0x811c9dc5);
    expect(wordHash('a')).toBe(0xe40c292c);
    expect(bucketOf('干部')).toBe(wordHash('干部') % 256);
    expect(bucketOf(' 干部 ')).toBe(bucketOf('干部'));
    expect(bucketOf('e\u0301')).toBe(bucketOf('\u00e9'));
  });

  it('a save reads and writes only its bucket, whatever the size of the list', async () => {
    await local().set(storedValues(syntheticStudyItems(2000)));
    const s = await freshModule();
    const get = vi.spyOn(local(), 'get');
    const set = vi.spyOn(local(), 'set');
    await s.saveWord(saveReq(), 1e13);
    const keysRead = get.mock.calls.flatMap(([k]) => (k === null || k === undefined ? ['<everything>'] : Array.isArray(k) ? k : [k]));
    expect(keysRead).not.toContain('<everything>');
    // the marker, the old list and the keys a migration left to remove (checked before a change), the
    // word's bucket, the recent list, the kept-aside list
    expect(keysRead.sort()).toEqual(
      [bucketKey(bucketOf('干部')), 'studyList', 'studyList$', 'studyList.leftover', 'studyList.unreadable', 'studyRecent'].sort(),
    );
    expect(Object.keys(set.mock.calls[0]![0])).toHaveLength(4);
    const other = syntheticStudyItems(8)[7]!.simplified;
    expect(await s.savedAmong(['干部', other, '没有'])).toEqual(['干部', other]);
    expect((await s.readStudyList()).items).toHaveLength(2001);
  });

  it('study.has reads the index of saved headwords, not the buckets; a lost index falls back to its bucket', async () => {
    const items = syntheticStudyItems(500);
    await local().set(storedValues(items));
    const s = await freshModule();
    const get = vi.spyOn(local(), 'get');
    const probe = [items[3]!.simplified, items[499]!.simplified, '没有'];
    expect(await s.savedAmong(probe)).toEqual(probe.slice(0, 2));
    const keysRead = get.mock.calls.flatMap(([k]) => (Array.isArray(k) ? k : [k]));
    expect(keysRead.filter((k) => String(k).startsWith('studyBucket/'))).toEqual([]);
    expect(keysRead.filter((k) => String(k).startsWith('studyWords/')).length).toBeGreaterThan(0);
    // An index written by hand (or damaged): the bucket itself is read, and the answer is the same.
    await local().set({ [indexKey(bucketOf(items[3]!.simplified))]: 'not json' });
    await local().remove(indexKey(bucketOf(items[499]!.simplified)));
    expect(await s.savedAmong(probe)).toEqual(probe.slice(0, 2));
    expect((await s.savedWordSet()).size).toBe(500);
  });

  it('concurrent saves in one context are serialised: none is lost', async () => {
    const s = await freshModule();
    const list = ['一', '二', '三', '四', '五', '六', '七', '八'];
    await Promise.all(list.map((w, i) => s.saveWord(saveReq({ simplified: w, traditional: w }), i)));
    expect(await words(s)).toEqual(list);
  });

  it('concurrent saves of words in the same bucket are serialised: none is lost', async () => {
    const [a, b] = sameBucket('同');
    const s = await freshModule();
    await Promise.all([
      s.saveWord(saveReq({ simplified: a, traditional: a }), 1),
      s.saveWord(saveReq({ simplified: b, traditional: b }), 2),
    ]);
    expect((await bucketWords(a)).words).toEqual([a, b]);
  });

  it('remove and undo put the word back as it was; notes are stored', async () => {
    const s = await freshModule();
    for (const [i, w] of ['一', '二', '三'].entries()) await s.saveWord(saveReq({ simplified: w, traditional: w }), i + 1);
    await s.setNotes('二', 'remember this');
    const removed = await s.removeWord('二');
    expect(removed?.notes).toBe('remember this');
    expect(await words(s)).toEqual(['一', '三']);
    // Gone from its bucket, its index and the recent list, in the same set.
    expect(JSON.stringify(await local().get(null))).not.toContain('二');
    expect(await s.savedAmong(['二', '三'])).toEqual(['三']);
    await s.restoreWord(removed!);
    const { items } = await s.readStudyList();
    expect(items.map((i) => i.simplified)).toEqual(['一', '二', '三']);
    expect(items[1]!.notes).toBe('remember this');
    expect(await s.removeWord('不存在')).toBeNull();
  });

  it('removing a word leaves the other words of its bucket', async () => {
    const [a, b] = sameBucket('桶');
    const s = await freshModule();
    await s.saveWord(saveReq({ simplified: a, traditional: a }), 1);
    await s.saveWord(saveReq({ simplified: b, traditional: b }), 2);
    await s.removeWord(a);
    expect((await bucketWords(a)).words).toEqual([b]);
    expect(await s.savedAmong([a, b])).toEqual([b]);
  });

  it('import merges without duplicates and reports what it did; the recent list follows the dates', async () => {
    const s = await freshModule();
    const { item } = await s.saveWord(saveReq(), 100);
    const report = await s.importItems([
      { ...item, savedAt: 50, contexts: [{ sentence: '新句。', title: '', url: 'x', savedAt: 50 }] },
      { ...item, simplified: '党建', traditional: '黨建' },
    ]);
    expect(report).toEqual({ added: 1, updated: 1, unchanged: 0 });
    const { items } = await s.readStudyList();
    expect(items.map((i) => [i.simplified, i.contexts.length, i.savedAt])).toEqual([
      ['干部', 2, 50],
      ['党建', 1, 100],
    ]);
    const recent = JSON.parse((await local().get('studyRecent')).studyRecent as string) as StudyItem[];
    expect(recent.map((i) => [i.simplified, i.savedAt])).toEqual([
      ['党建', 100],
      ['干部', 50],
    ]);
    expect(await s.importItems(items)).toEqual({ added: 0, updated: 0, unchanged: 2 });
  });

  it('an import of thousands of words is one set', async () => {
    const s = await freshModule();
    const set = vi.spyOn(local(), 'set');
    expect(await s.importItems(syntheticStudyItems(3000))).toEqual({ added: 3000, updated: 0, unchanged: 0 });
    expect(set).toHaveBeenCalledTimes(1);
    expect((await s.readStudyList()).items).toHaveLength(3000);
  });

  it('a failing write (quota) rejects with a sentence for the user and keeps what was saved', async () => {
    const s = await freshModule();
    await s.saveWord(saveReq(), 1000);
    const before = await local().get(null);
    const set = vi.spyOn(local(), 'set').mockRejectedValueOnce(new Error('Resource::kQuotaBytes quota exceeded'));
    await expect(s.saveWord(saveReq({ simplified: '党建', traditional: '黨建' }), 2000)).rejects.toThrow(
      /storage for Dubao is full.*Nothing saved before was lost/,
    );
    expect(await local().get(null)).toEqual(before);
    set.mockRestore();
    await s.saveWord(saveReq({ simplified: '党建', traditional: '黨建' }), 3000);
    expect(await words(s)).toEqual(['干部', '党建']);
  });

  it('any other refusal is a sentence too, with the browser’s words on one line', async () => {
    const s = await freshModule();
    vi.spyOn(local(), 'set').mockRejectedValueOnce(new Error('IO error: .../LOCK: No further details.\n    at foo (bar.js:1:2)'));
    const err = await s.saveWord(saveReq(), 1).catch((e: Error) => e);
    expect(err).toBeInstanceOf(s.StudyWriteError);
    expect((err as Error).message).toMatch(
      /^The study list could not be saved: the browser refused to store it \(“IO error: .*”\)\. Nothing saved before was lost\.$/,
    );
    expect((err as Error).message).not.toMatch(/\n|at foo/);
  });

  it('loads a long list in steps: the newest words first (from the recent list), then the buckets', async () => {
    const s = await freshModule();
    await s.importItems(syntheticStudyItems(250));
    const newestWord = syntheticStudyItems(250)[249]!.simplified;
    await s.removeWord(newestWord);
    expect(JSON.parse((await local().get('studyRecent')).studyRecent as string)).toHaveLength(99);
    const steps: Array<{ n: number; total: number | null; complete: boolean; newest: string }> = [];
    const newest = (items: Array<{ simplified: string; savedAt: number }>) =>
      [...items].sort((a, b) => b.savedAt - a.savedAt)[0]!.simplified;
    let paused = 0;
    await s.loadStudyList(
      (st) => steps.push({ n: st.items.length, total: st.total, complete: st.complete, newest: newest(st.items) }),
      20,
      64,
      async () => {
        paused++;
      },
      1,
    );
    const second = syntheticStudyItems(250)[248]!.simplified;
    expect(steps[0]).toEqual({ n: 20, total: null, complete: false, newest: second });
    expect(steps).toHaveLength(5); // the recent words, then 256 buckets 64 at a time
    expect(steps.slice(1, 4).every((st) => !st.complete && st.total === null && st.newest === second && st.n >= 20)).toBe(true);
    expect(steps[4]).toEqual({ n: 249, total: 249, complete: true, newest: second });
    expect(paused).toBe(4);
  });

  it('a step with nothing to draw is not reported (the page would say that nothing matches)', async () => {
    let word = '后';
    for (let i = 0; bucketOf(word) < 192; i++) word = `后${i}`;
    const values = storedValues([v2(word, 1)] as StudyItem[]);
    delete values.studyRecent;
    await local().set(values);
    const s = await freshModule();
    const steps: Array<[number, boolean]> = [];
    await s.loadStudyList((st) => steps.push([st.items.length, st.complete]), 20, 64, undefined, 1);
    expect(steps).toEqual([[1, true]]);
  });

  it('a short list arrives whole in one step; a long one in a few, the newest first', async () => {
    const s = await freshModule();
    await s.importItems(syntheticStudyItems(40));
    const short: Array<[number, boolean]> = [];
    await s.loadStudyList((st) => short.push([st.items.length, st.complete]));
    expect(short).toEqual([[40, true]]);
    await s.importItems(syntheticStudyItems(9000));
    const long: Array<[number, boolean]> = [];
    await s.loadStudyList((st) => long.push([st.items.length, st.complete]));
    expect(long[0]).toEqual([60, false]);
    expect(long.at(-1)).toEqual([9000, true]);
    expect(long.length).toBeGreaterThanOrEqual(3);
    expect(long.length).toBeLessThanOrEqual(6);
  });

  it('a word of the recent list that is not in its bucket is not in the whole list; one missing from it still is', async () => {
    const values = storedValues([v2('干部', 5), v2('党建', 6)] as StudyItem[]);
    values.studyRecent = JSON.stringify([v2('不存在', 9), v2('党建', 6)]);
    await local().set(values);
    const s = await freshModule();
    const steps: string[][] = [];
    await s.loadStudyList((st) => steps.push(st.items.map((i) => i.simplified).sort()), 2, 256);
    expect(steps[0]).toEqual(['不存在', '党建']);
    expect(steps.at(-1)).toEqual(['党建', '干部']);
  });
});

describe('the single list of earlier versions, whatever its version marker says', () => {
  for (const [label, marker] of [
    ['missing', undefined],
    ['not an object', 'garbage'],
    ['without a number', { v: 'two' }],
    ['saying version 1', { v: 1 }],
    ['saying version 2', { v: 2 }],
  ] as const) {
    it(`a valid version 2 list with its marker ${label} is kept and moved into buckets, never emptied`, async () => {
      const list = [v2('干部', 10), v2('党建', 20, { notes: 'note' })];
      const values: Record<string, unknown> = { studyList: list };
      if (marker !== undefined) values.studyList$ = marker;
      await local().set(values);
      // Any context starting and reading first (a hover wakes the worker; study.html opens):
      const page = await freshModule();
      expect((await page.readStudyList()).items.map((i) => i.simplified)).toEqual(['干部', '党建']);
      expect(await page.savedAmong(['干部'])).toEqual([]); // not moved yet: the background does that
      const worker = await freshModule();
      await worker.migrate();
      const all = await local().get(null);
      expect(all.studyList).toBeUndefined();
      expect(all.studyList$).toEqual({ v: 4 });
      expect(all['studyList.leftover']).toBeUndefined();
      const bucket = JSON.parse(all[bucketKey(bucketOf('党建'))] as string) as StudyItem[];
      expect(bucket.find((i) => i.simplified === '党建')!.notes).toBe('note');
      expect(await worker.savedAmong(['干部', '党建'])).toEqual(['干部', '党建']);
      expect((await worker.readStudyList()).items).toHaveLength(2);
    });
  }

  it('version 1 records are migrated (one item per word, every sentence kept)', async () => {
    await local().set({
      studyList: [
        { word: '干部', pinyin: 'gàn bù', meaning: 'cadre', sentence: '句一。', url: 'u', title: 't', added: 5 },
        { word: '干部', pinyin: 'gàn bù', meaning: 'cadre', sentence: '句二。', url: 'u', title: 't', added: 6 },
      ],
      studyList$: { v: 1 },
    });
    const s = await freshModule();
    await s.migrate();
    expect((await s.readStudyList()).items).toEqual([
      {
        simplified: '干部',
        traditional: '干部',
        pinyin: 'gàn bù',
        definitions: ['cadre'],
        civic: null,
        contexts: [
          { sentence: '句一。', title: 't', url: 'u', savedAt: 5 },
          { sentence: '句二。', title: 't', url: 'u', savedAt: 6 },
        ],
        notes: '',
        savedAt: 5,
      },
    ]);
  });

  it('a save on top of an old list moves the list first and loses none of it', async () => {
    await local().set({ studyList: [v2('干部', 10, { notes: 'mine' })] });
    const s = await freshModule();
    await s.saveWord(saveReq({ sentence: '新的一句。' }), 99);
    const { items } = await s.readStudyList();
    expect(items).toHaveLength(1);
    expect(items[0]!.notes).toBe('mine');
    expect(items[0]!.contexts.map((c) => c.sentence)).toEqual(['干部的句子。', '新的一句。']);
    expect((await local().get('studyList')).studyList).toBeUndefined();
  });
});

describe('the old single list moved by two contexts, or by one stopped half-way: nothing counted or kept twice', () => {
  const notAList = { where: 'studyList', reason: 'the list is not a list', value: 42 };
  const aside = async () => (await local().get('studyList.unreadable'))['studyList.unreadable'];

  it("a second migration reading between the first one's move and its removal of the old key sets nothing aside again", async () => {
    // Two contexts (the background reacting to a storage change, the study page), each with its own
    // module: the second reads storage after the first wrote the buckets and the kept-aside list, before
    // the first removed the old list (as when the first context stops there, or no lock orders them).
    await local().set({ studyList: [v2('干部', 1), 42], studyList$: { v: 2 } });
    const first = await freshModule();
    const second = await freshModule();
    const remove = local().remove.bind(local());
    vi.spyOn(local(), 'remove').mockImplementationOnce(async (keys) => {
      await second.migrate();
      await remove(keys);
    });
    await first.migrate();
    const all = await local().get(null);
    expect(all.studyList).toBeUndefined();
    expect(all['studyList.leftover']).toBeUndefined();
    expect(await aside()).toEqual([{ where: 'studyList[1]', reason: 'it is not a saved word', value: 42 }]);
    const snap = await first.readStudyList();
    expect(snap.items.map((i) => [i.simplified, i.contexts.length])).toEqual([['干部', 1]]);
    expect(snap.unreadable).toHaveLength(1);
  });

  it('a worker stopped between the move and the removal of the old list: read once meanwhile, set aside once at the next start', async () => {
    await local().set({ studyList: 42, studyList$: { v: 2 } });
    const worker = await freshModule();
    const remove = vi.spyOn(local(), 'remove').mockRejectedValueOnce(new Error('the worker stopped'));
    await worker.migrate();
    remove.mockRestore();
    expect((await local().get('studyList')).studyList).toBe(42); // still there, listed for removal
    // The study page opened now: one value it cannot read, not two.
    const page = await freshModule();
    expect((await page.readStudyList()).unreadable).toEqual([notAList]);
    const steps: number[] = [];
    await page.loadStudyList((step) => steps.push(step.unreadable.length));
    expect(steps.at(-1)).toBe(1);
    // The page's own migration, and a save, finish the removal without setting the value aside again.
    await page.migrate();
    await page.saveWord(saveReq(), 1);
    await (await freshModule()).migrate();
    const all = await local().get(null);
    expect(all.studyList).toBeUndefined();
    expect(all['studyList.leftover']).toBeUndefined();
    expect(await aside()).toEqual([notAList]);
    expect((await page.readStudyList()).unreadable).toEqual([notAList]);
  });

  it('a value kept aside already is not kept aside again when the old list is still there (setting aside is idempotent)', async () => {
    // The kept-aside list holds the value, the old list too, and nothing says it was moved (the marker
    // rewritten by hand, say): read and moved, it is still one value.
    await local().set({ studyList: 42, studyList$: { v: 2 }, 'studyList.unreadable': [notAList] });
    const s = await freshModule();
    expect((await s.readStudyList()).unreadable).toEqual([notAList]);
    await s.migrate();
    expect(await aside()).toEqual([notAList]);
    await s.saveWord(saveReq(), 1);
    expect((await s.readStudyList()).unreadable).toEqual([notAList]);
    expect((await s.readStudyList()).items.map((i) => i.simplified)).toEqual(['干部']);
  });
});

describe('what cannot be read is kept, repaired item by item, and reported', () => {
  for (const [label, value] of [
    ['a text', 'x'],
    ['a number', 42],
    ['an object', { simplified: '干部' }],
  ] as const) {
    it(`a list that is ${label}: kept aside as it was; saving and importing still work`, async () => {
      await local().set({ studyList: value, studyList$: { v: 2 } });
      const s = await freshModule();
      const before = await s.readStudyList();
      expect(before.items).toEqual([]);
      expect(before.unreadable).toEqual([{ where: 'studyList', reason: 'the list is not a list', value }]);
      await s.saveWord(saveReq(), 1);
      expect(await s.importItems([{ ...v2('党建', 2), civic: null }])).toEqual({ added: 1, updated: 0, unchanged: 0 });
      const after = await s.readStudyList();
      expect(after.items.map((i) => i.simplified)).toEqual(['干部', '党建']);
      expect(after.unreadable).toEqual([{ where: 'studyList', reason: 'the list is not a list', value }]);
      expect((await local().get('studyList.unreadable'))['studyList.unreadable']).toEqual(after.unreadable);
    });
  }

  it('an array holding null, 42 and {simplified: 5} beside good items: the good ones are read, the rest kept', async () => {
    await local().set({ studyList: [v2('干部', 1), null, 42, { simplified: 5 }, v2('党建', 2)], studyList$: { v: 2 } });
    const s = await freshModule();
    const snap = await s.readStudyList();
    expect(snap.items.map((i) => i.simplified)).toEqual(['干部', '党建']);
    expect(snap.unreadable.map((u) => [u.where, u.reason, u.value])).toEqual([
      ['studyList[1]', 'it is not a saved word', null],
      ['studyList[2]', 'it is not a saved word', 42],
      ['studyList[3]', 'it has no word', { simplified: 5 }],
    ]);
    await s.migrate();
    const moved = await s.readStudyList();
    expect(moved.items.map((i) => i.simplified)).toEqual(['干部', '党建']);
    expect(moved.unreadable.map((u) => u.value)).toEqual([null, 42, { simplified: 5 }]);
  });

  it('items missing their sentences, senses, notes or date are repaired, not dropped', async () => {
    const { contexts: _c, definitions: _d, notes: _n, ...bare } = v2('干部', 7);
    await local().set({
      studyList: [bare, { simplified: '党建', pinyin: 3, definitions: 'Party building', contexts: [{ sentence: '句。' }] }],
    });
    const s = await freshModule();
    const { items, unreadable } = await s.readStudyList();
    expect(unreadable).toEqual([]);
    expect(items).toEqual([
      {
        simplified: '党建',
        traditional: '党建',
        pinyin: '3',
        definitions: ['Party building'],
        civic: null,
        contexts: [{ sentence: '句。', title: '', url: '', savedAt: 0 }],
        notes: '',
        savedAt: 0,
      },
      { ...bare, definitions: [], contexts: [], notes: '' },
    ]);
    // and the repaired items take saves like any other
    await s.saveWord(saveReq({ simplified: '党建', traditional: '黨建' }), 9);
    expect((await s.readStudyList()).items.find((i) => i.simplified === '党建')!.contexts).toHaveLength(2);
  });

  it('an unreadable value under a word’s own key is reported; a new save of that word keeps it aside first', async () => {
    await local().set({ 'study/干部': { simplified: '干部', contexts: 'not a list' } });
    const s = await freshModule();
    const snap = await s.readStudyList();
    expect(snap.items).toEqual([]);
    expect(snap.unreadable).toEqual([
      { where: 'study/干部', reason: 'its sentences are not a list', value: { simplified: '干部', contexts: 'not a list' } },
    ]);
    expect(await s.savedAmong(['干部'])).toEqual([]);
    await s.saveWord(saveReq(), 50);
    const after = await s.readStudyList();
    expect(after.items.map((i) => i.simplified)).toEqual(['干部']);
    expect(after.unreadable).toEqual(snap.unreadable);
    // Discard removes what was kept aside, and only that.
    await s.discardUnreadable(after.unreadable);
    const final = await s.readStudyList();
    expect(final.unreadable).toEqual([]);
    expect(final.items.map((i) => i.simplified)).toEqual(['干部']);
  });

  it('storage written by a newer version is shown but never changed', async () => {
    await local().set({ 'study/干部': v2('干部', 1), studyList$: { v: 9 } });
    const s = await freshModule();
    const snap = await s.readStudyList();
    expect(snap.items).toHaveLength(1);
    expect(snap.readOnly).toMatch(/newer version of Dubao/);
    const before = await local().get(null);
    await expect(s.saveWord(saveReq({ simplified: '党建', traditional: '黨建' }), 2)).rejects.toThrow(
      /newer version of Dubao.*Update Dubao/,
    );
    await expect(s.migrate()).resolves.toBeUndefined();
    expect(await local().get(null)).toEqual(before);
  });
});

describe('the keys per word of version 3 (what the previous release writes), moved into buckets', () => {
  /** Storage as version 3 left it: a key per word, its recent list of [word, date], an unreadable key, something kept aside. */
  function v3Storage(marker: unknown): Record<string, unknown> {
    const values: Record<string, unknown> = {
      'study/干部': v2('干部', 10, { notes: 'mine' }),
      'study/党建': v2('党建', 20),
      'study/河长制': { word: '河长制', pinyin: 'hé zhǎng zhì', meaning: 'river chief system', sentence: '推行河长制。', added: 30 },
      'study/坏': { simplified: '坏', contexts: 'not a list' },
      studyRecent: [
        ['河长制', 30],
        ['党建', 20],
        ['干部', 10],
      ],
      'studyList.unreadable': [{ where: 'studyList[4]', reason: 'it is not a saved word', value: 42 }],
    };
    if (marker !== undefined) values.studyList$ = marker;
    return values;
  }

  for (const [label, marker] of [
    ['saying version 3', { v: 3 }],
    ['missing', undefined],
    ['not a marker', 'garbage'],
  ] as const) {
    it(`with the marker ${label}: read as they are, then moved by the background without loss`, async () => {
      await local().set(v3Storage(marker));
      const page = await freshModule();
      const before = await page.readStudyList();
      expect(before.items.map((i) => i.simplified)).toEqual(['干部', '党建', '河长制']);
      expect(before.unreadable.map((u) => u.where).sort()).toEqual(['study/坏', 'studyList[4]']);
      expect(await page.savedAmong(['干部', '河长制', '坏', '没有'])).toEqual(['干部', '河长制']);
      const steps: number[] = [];
      await page.loadStudyList((st) => steps.push(st.complete ? st.items.length : -1));
      expect(steps).toEqual([3]);

      const worker = await freshModule();
      await worker.migrate();
      const all = await local().get(null);
      expect(Object.keys(all).filter((k) => k.startsWith('study/'))).toEqual([]);
      expect(all.studyList$).toEqual({ v: 4 });
      expect(all['studyList.leftover']).toBeUndefined();
      const after = await worker.readStudyList();
      expect(after.items).toEqual(before.items);
      expect(after.unreadable).toEqual(before.unreadable.sort((a, b) => (a.where < b.where ? 1 : -1)));
      expect(after.unreadable.find((u) => u.where === 'study/坏')!.value).toEqual({ simplified: '坏', contexts: 'not a list' });
      expect(await worker.savedAmong(['干部', '河长制', '坏', '没有'])).toEqual(['干部', '河长制']);
      expect((await worker.savedWordSet()).size).toBe(3);
      // The recent list is rebuilt from the items (newest first) for the study page's first screen.
      expect((JSON.parse(all.studyRecent as string) as StudyItem[]).map((i) => i.simplified)).toEqual(['河长制', '党建', '干部']);
      // A second start changes nothing.
      const again = await local().get(null);
      await (await freshModule()).migrate();
      expect(await local().get(null)).toEqual(again);
    });
  }

  it('a save on top of version 3 keys moves them first and loses none of them', async () => {
    await local().set(v3Storage({ v: 3 }));
    const s = await freshModule();
    await s.saveWord(saveReq({ sentence: '新的一句。' }), 99);
    const { items } = await s.readStudyList();
    expect(items.map((i) => i.simplified)).toEqual(['干部', '党建', '河长制']);
    expect(items[0]!.notes).toBe('mine');
    expect(items[0]!.contexts.map((c) => c.sentence)).toEqual(['干部的句子。', '新的一句。']);
    expect(Object.keys(await local().get(null)).filter((k) => k.startsWith('study/'))).toEqual([]);
  });

  it('version 3 keys beside the single list of version 2 (a move cut short): one item per word, every sentence', async () => {
    await local().set({
      studyList: [v2('干部', 10, { contexts: [{ sentence: '旧句。', title: '', url: 'u', savedAt: 10 }] })],
      'study/干部': v2('干部', 10),
      studyList$: { v: 3 },
    });
    const s = await freshModule();
    await s.migrate();
    const { items } = await s.readStudyList();
    expect(items).toHaveLength(1);
    expect(items[0]!.contexts.map((c) => c.sentence).sort()).toEqual(['干部的句子。', '旧句。'].sort());
    expect((await local().get('studyList')).studyList).toBeUndefined();
  });

  it('3,000 version 3 keys: every item arrives in its bucket, equal to what was stored', async () => {
    const items = syntheticStudyItems(3000);
    const values: Record<string, unknown> = { studyList$: { v: 3 } };
    for (const it of items) values[`study/${it.simplified}`] = it;
    await local().set(values);
    const s = await freshModule();
    await s.migrate();
    const all = await local().get(null);
    expect(Object.keys(all).filter((k) => k.startsWith('study/'))).toEqual([]);
    expect((await s.readStudyList()).items).toEqual(items);
    for (const it of items.slice(0, 50)) expect((await bucketWords(it.simplified)).words).toContain(it.simplified);
  });

  it('a worker stopped between the move and the removal of the old keys: nothing doubled, nothing revived, cleaned at the next start', async () => {
    await local().set(v3Storage({ v: 3 }));
    const s = await freshModule();
    const remove = vi.spyOn(local(), 'remove').mockRejectedValueOnce(new Error('the worker stopped'));
    await s.migrate();
    remove.mockRestore();
    let all = await local().get(null);
    expect(all['study/干部']).toBeDefined();
    expect((all['studyList.leftover'] as string[]).sort()).toEqual(['study/党建', 'study/坏', 'study/干部', 'study/河长制']);
    expect((await s.readStudyList()).items.map((i) => i.simplified)).toEqual(['干部', '党建', '河长制']);
    // A word removed now stays removed although its old key is still there.
    await s.removeWord('党建');
    expect((await s.readStudyList()).items.map((i) => i.simplified)).toEqual(['干部', '河长制']);
    expect(await s.savedAmong(['党建'])).toEqual([]);
    await (await freshModule()).migrate();
    all = await local().get(null);
    expect(Object.keys(all).filter((k) => k.startsWith('study/') || k === 'studyList.leftover')).toEqual([]);
    expect((await s.readStudyList()).items.map((i) => i.simplified)).toEqual(['干部', '河长制']);
    expect((await s.readStudyList()).unreadable.map((u) => u.where).sort()).toEqual(['study/坏', 'studyList[4]']);
  });
});

describe('buckets that cannot be read are kept; the rest of the list still reads', () => {
  for (const [label, value, reason] of [
    ['text that is not JSON', '[{"simplified":"干部", broken', 'the stored text is not valid JSON'],
    ['a number', 42, 'the stored bucket is not text'],
    ['JSON text of an object', '{"simplified":"干部"}', 'the stored text is not a list'],
  ] as const) {
    it(`a bucket that is ${label} is reported whole; a save into it keeps it aside whole first; discard removes it`, async () => {
      const [a, b] = sameBucket('坏桶');
      const values = storedValues([v2('干部', 1), v2('党建', 2)] as StudyItem[]);
      const key = bucketKey(bucketOf(a));
      values[key] = value;
      await local().set(values);
      const s = await freshModule();
      const snap = await s.readStudyList();
      expect(snap.items.map((i) => i.simplified).sort()).toEqual(['党建', '干部'].sort().filter((w) => bucketOf(w) !== bucketOf(a)));
      expect(snap.unreadable).toEqual([{ where: key, reason, value }]);
      let last: { n: number; unreadable: number } | null = null;
      await s.loadStudyList((st) => (last = { n: st.items.length, unreadable: st.unreadable.length }));
      expect(last).toEqual({ n: snap.items.length, unreadable: 1 });

      await s.saveWord(saveReq({ simplified: a, traditional: a }), 10);
      await s.saveWord(saveReq({ simplified: b, traditional: b }), 11);
      const after = await s.readStudyList();
      expect(after.items.map((i) => i.simplified)).toEqual([...snap.items.map((i) => i.simplified), a, b]);
      expect(after.unreadable).toEqual(snap.unreadable);
      expect((await local().get('studyList.unreadable'))['studyList.unreadable']).toEqual([{ where: key, reason, value }]);

      await s.discardUnreadable(after.unreadable);
      const final = await s.readStudyList();
      expect(final.unreadable).toEqual([]);
      expect(final.items).toEqual(after.items);
      expect((await local().get('studyList.unreadable'))['studyList.unreadable']).toBeUndefined();
    });
  }

  it('discarding an unreadable bucket never saved over removes only that bucket', async () => {
    const values = storedValues([v2('干部', 1)] as StudyItem[]);
    const other = bucketOf('干部') === 0 ? 1 : 0;
    values[bucketKey(other)] = 'garbage';
    await local().set(values);
    const s = await freshModule();
    const snap = await s.readStudyList();
    expect(snap.unreadable.map((u) => u.where)).toEqual([bucketKey(other)]);
    await s.discardUnreadable(snap.unreadable);
    const final = await s.readStudyList();
    expect(final.unreadable).toEqual([]);
    expect(final.items.map((i) => i.simplified)).toEqual(['干部']);
  });

  it('an item of a bucket that fails the schema is reported alone, kept aside alone when its bucket is written, and can be discarded', async () => {
    const [a, b] = sameBucket('坏项');
    const key = bucketKey(bucketOf(a));
    const bad = { simplified: 'x', contexts: 'not a list' };
    const values = storedValues([v2(a, 1)] as StudyItem[]);
    values[key] = JSON.stringify([v2(a, 1), bad, 7]);
    await local().set(values);
    const s = await freshModule();
    const snap = await s.readStudyList();
    expect(snap.items.map((i) => i.simplified)).toEqual([a]);
    expect(snap.unreadable).toEqual([
      { where: `${key}[1]`, reason: 'its sentences are not a list', value: bad },
      { where: `${key}[2]`, reason: 'it is not a saved word', value: 7 },
    ]);
    // Another word of the same bucket is saved: the bucket is rewritten, the two are kept aside, alone.
    await s.saveWord(saveReq({ simplified: b, traditional: b }), 5);
    expect((await bucketWords(a)).words).toEqual([a, b]);
    expect((await local().get('studyList.unreadable'))['studyList.unreadable']).toEqual(snap.unreadable);
    const after = await s.readStudyList();
    expect(after.unreadable).toEqual(snap.unreadable);
    // Discard one of them: the other stays.
    await s.discardUnreadable([snap.unreadable[0]!]);
    expect((await s.readStudyList()).unreadable).toEqual([snap.unreadable[1]]);
  });

  it('an unreadable item discarded before any save: its bucket is rewritten with the readable items only', async () => {
    const [a] = sameBucket('弃');
    const key = bucketKey(bucketOf(a));
    await local().set({ ...storedValues([]), [key]: JSON.stringify([v2(a, 1), null]) });
    const s = await freshModule();
    const snap = await s.readStudyList();
    expect(snap.unreadable).toEqual([{ where: `${key}[1]`, reason: 'it is not a saved word', value: null }]);
    await s.discardUnreadable(snap.unreadable);
    expect(JSON.parse((await local().get(key))[key] as string)).toEqual([v2(a, 1)]);
    expect((await s.readStudyList()).unreadable).toEqual([]);
  });

  it('a newer version’s buckets are shown and never changed', async () => {
    await local().set({ ...storedValues([v2('干部', 1)] as StudyItem[]), studyList$: { v: 5 } });
    const s = await freshModule();
    const snap = await s.readStudyList();
    expect(snap.items.map((i) => i.simplified)).toEqual(['干部']);
    expect(snap.readOnly).toMatch(/storage version 5/);
    const before = await local().get(null);
    await expect(s.removeWord('干部')).rejects.toThrow(/newer version of Dubao/);
    await expect(s.discardUnreadable([])).rejects.toThrow(/newer version of Dubao/);
    await s.migrate();
    expect(await local().get(null)).toEqual(before);
  });

  it('a lost marker beside buckets: the list is read whole, and the next start writes the marker again', async () => {
    const values = storedValues([v2('干部', 1), v2('党建', 2)] as StudyItem[]);
    delete values.studyList$;
    await local().set(values);
    const s = await freshModule();
    expect((await s.readStudyList()).items.map((i) => i.simplified)).toEqual(['干部', '党建']);
    await s.migrate();
    expect((await local().get('studyList$')).studyList$).toEqual({ v: 4 });
    expect((await s.readStudyList()).items.map((i) => i.simplified)).toEqual(['干部', '党建']);
  });
});

describe('following changes made elsewhere', () => {
  it('watchStudyList reports the words saved, changed and removed by another context', async () => {
    await (await freshModule()).migrate(); // the background's first start: the marker of an empty list
    const page = await freshModule();
    const seen: Array<[string, string | null][]> = [];
    const stop = page.watchStudyList((c) => seen.push([...c.items].map(([w, it]) => [w, it ? it.notes || 'saved' : null])));
    const worker = await freshModule();
    const [a, b] = sameBucket('看');
    await worker.saveWord(saveReq({ simplified: a, traditional: a }), 1);
    await worker.saveWord(saveReq({ simplified: b, traditional: b }), 2);
    await worker.setNotes(a, 'a note');
    await worker.removeWord(b);
    stop();
    await worker.saveWord(saveReq(), 3);
    expect(seen).toEqual([[[a, 'saved']], [[b, 'saved']], [[a, 'a note']], [[b, null]]]);
  });

  it('watchSavedWords follows the index: saved, removed, and a change it cannot follow read again', async () => {
    await (await freshModule()).migrate();
    const popup = await freshModule();
    const sets: string[][] = [];
    const stop = popup.watchSavedWords((w) => sets.push([...w].sort()));
    await vi.waitFor(() => expect(sets).toHaveLength(1));
    const worker = await freshModule();
    await worker.saveWord(saveReq(), 1);
    await worker.saveWord(saveReq({ simplified: '党建', traditional: '黨建' }), 2);
    await worker.removeWord('干部');
    expect(sets).toEqual([[], ['干部'], ['党建', '干部'], ['党建']]);
    await local().set({ 'study/河长制': v2('河长制', 3) }); // another layout appears: read again
    await vi.waitFor(() => expect(sets).toHaveLength(5));
    stop();
  });
});

describe('the schema of an item', () => {
  it('an item exactly as Dubao writes it is read as it is; anything else is read field by field, extra fields dropped', () => {
    const exact = v2('干部', 5) as StudyItem;
    const r = readItemV2(exact);
    expect(r).toEqual({ ok: true, item: exact });
    expect(r.ok && r.item).toBe(exact); // nothing copied
    for (const odd of [
      { ...exact, extra: 'x' },
      { ...exact, simplified: ' 干部 ' },
      { ...exact, traditional: '' },
      { ...exact, contexts: [{ ...exact.contexts[0]!, extra: 1 }] },
      { ...exact, civic: { category: 'party', explanation: 'e', extra: 1 } },
    ]) {
      const o = readItemV2(odd);
      expect(o.ok).toBe(true);
      expect(o.ok && o.item).not.toBe(odd);
      expect(JSON.stringify(o.ok && o.item)).not.toContain('extra');
      expect(o.ok && o.item.simplified).toBe('干部');
      expect(o.ok && o.item.traditional).toBe(odd.traditional || '干部');
    }
    expect(readItemV2({ ...exact, savedAt: '5' })).toEqual({ ok: true, item: exact }); // a date as text: repaired
    expect(readItemV2({ ...exact, civic: { category: 'not-a-category', explanation: '' } })).toEqual({
      ok: false,
      reason: 'its civic category is not one Dubao knows',
    });
  });
});
