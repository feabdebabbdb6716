import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveReq } from './helpers';

type StorageModule = typeof import('../../utils/study/storage');

/** A fresh copy of the storage module, as a restarted service worker or a newly opened page gets it. */
async function freshModule(): Promise<StorageModule> {
  vi.resetModules();
  return import('../../utils/study/storage');
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
  fakeBrowser.reset();
});

describe('study list storage', () => {
  it('keeps each word under its own key, with the recent list and the version marker, written in one set', async () => {
    const s = await freshModule();
    const set = vi.spyOn(local(), 'set');
    await s.saveWord(saveReq(), 1000);
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(set.mock.calls[0]![0]).sort()).toEqual(['study/干部', 'studyList$', 'studyRecent']);
    expect((await local().get('studyList$')).studyList$).toEqual({ v: 3 });
    expect((await local().get('studyRecent')).studyRecent).toEqual([['干部', 1000]]);
    await s.saveWord(saveReq({ sentence: '第二句。' }), 2000);

    const restarted = await freshModule();
    const { items, unreadable } = await restarted.readStudyList();
    expect(unreadable).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]!.contexts.map((c) => c.sentence)).toEqual(['正向激励促进干部勇担当善作为。', '第二句。']);
  });

  it('a save reads and writes only the key of its word, whatever the size of the list', async () => {
    const many: Record<string, unknown> = {};
    for (let i = 0; i < 2000; i++) many[`study/词${i}`] = v2(`词${i}`, i);
    await local().set(many);
    const s = await freshModule();
    const get = vi.spyOn(local(), 'get');
    const set = vi.spyOn(local(), 'set');
    await s.saveWord(saveReq(), 5000);
    const keysRead = get.mock.calls.flatMap(([k]) => (k === null || k === undefined ? ['<everything>'] : Array.isArray(k) ? k : [k]));
    expect(keysRead).not.toContain('<everything>');
    expect(keysRead.length).toBeLessThanOrEqual(6); // the marker, the old list, the word, the recent list, the kept-aside list
    expect(Object.keys(set.mock.calls[0]![0])).toHaveLength(3);
    expect(await s.savedAmong(['干部', '词7', '没有'])).toEqual(['干部', '词7']);
  });

  it('concurrent saves in one context are serialised: none is lost', async () => {
    const s = await freshModule();
    const list = ['一', '二', '三', '四', '五', '六', '七', '八'];
    await Promise.all(list.map((w, i) => s.saveWord(saveReq({ simplified: w, traditional: w }), i)));
    expect(await words(s)).toEqual(list);
  });

  it('remove and undo put the word back as it was; notes are stored', async () => {
    const s = await freshModule();
    for (const [i, w] of ['一', '二', '三'].entries()) await s.saveWord(saveReq({ simplified: w, traditional: w }), i + 1);
    await s.setNotes('二', 'remember this');
    const removed = await s.removeWord('二');
    expect(removed?.notes).toBe('remember this');
    expect(await words(s)).toEqual(['一', '三']);
    expect(Object.keys(await local().get(null)).filter((k) => k.includes('二'))).toEqual([]);
    await s.restoreWord(removed!);
    const { items } = await s.readStudyList();
    expect(items.map((i) => i.simplified)).toEqual(['一', '二', '三']);
    expect(items[1]!.notes).toBe('remember this');
    expect(await s.removeWord('不存在')).toBeNull();
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
    expect((await local().get('studyRecent')).studyRecent).toEqual([['党建', 100], ['干部', 50]]);
    expect(await s.importItems(items)).toEqual({ added: 0, updated: 0, unchanged: 2 });
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
    expect((err as Error).message).toMatch(/^The study list could not be saved: the browser refused to store it \(“IO error: .*”\)\. Nothing saved before was lost\.$/);
    expect((err as Error).message).not.toMatch(/\n|at foo/);
  });

  it('loads a long list in steps: the newest words first (from the recent list), then the rest', async () => {
    const s = await freshModule();
    for (let i = 0; i < 250; i++) await s.saveWord(saveReq({ simplified: `词${i}`, traditional: `詞${i}` }), 1000 + i);
    await s.removeWord('词249');
    expect((await local().get('studyRecent')).studyRecent).toHaveLength(99);
    const steps: Array<{ n: number; total: number | null; complete: boolean; newest: string }> = [];
    const newest = (items: Array<{ simplified: string; savedAt: number }>) => [...items].sort((a, b) => b.savedAt - a.savedAt)[0]!.simplified;
    let paused = 0;
    await s.loadStudyList((st) => steps.push({ n: st.items.length, total: st.total, complete: st.complete, newest: newest(st.items) }), 20, 100, async () => {
      paused++;
    });
    expect(steps).toEqual([
      { n: 20, total: null, complete: false, newest: '词248' },
      { n: 120, total: 249, complete: false, newest: '词248' },
      { n: 220, total: 249, complete: false, newest: '词248' },
      { n: 249, total: 249, complete: true, newest: '词248' },
    ]);
    expect(steps[0]!.n).toBe(20);
    expect(paused).toBe(3);
  });

  it('a word missing from the recent list (or one that is there but gone) is still loaded', async () => {
    await local().set({ 'study/干部': v2('干部', 5), 'study/党建': v2('党建', 6), studyRecent: [['不存在', 9], ['党建', 6]] });
    const s = await freshModule();
    let last: string[] = [];
    await s.loadStudyList((st) => (last = st.items.map((i) => i.simplified)), 10, 10);
    expect(last.sort()).toEqual(['党建', '干部']);
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
    it(`a valid version 2 list with its marker ${label} is kept and moved into keys, never emptied`, async () => {
      const list = [v2('干部', 10), v2('党建', 20, { notes: 'note' })];
      const values: Record<string, unknown> = { studyList: list };
      if (marker !== undefined) values.studyList$ = marker;
      await local().set(values);
      // Any context starting and reading first (a hover wakes the worker; study.html opens):
      const page = await freshModule();
      expect((await page.readStudyList()).items.map((i) => i.simplified)).toEqual(['干部', '党建']);
      expect(await page.savedAmong(['干部'])).toEqual([]); // not moved yet: the background does that
      const worker = await freshModule();
      await worker.migrateLegacy();
      const all = await local().get(null);
      expect(all.studyList).toBeUndefined();
      expect(all.studyList$).toEqual({ v: 3 });
      expect((all['study/党建'] as { notes: string }).notes).toBe('note');
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
    await s.migrateLegacy();
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
    await s.migrateLegacy();
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
      { simplified: '党建', traditional: '党建', pinyin: '3', definitions: ['Party building'], civic: null, contexts: [{ sentence: '句。', title: '', url: '', savedAt: 0 }], notes: '', savedAt: 0 },
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
    expect(snap.unreadable).toEqual([{ where: 'study/干部', reason: 'its sentences are not a list', value: { simplified: '干部', contexts: 'not a list' } }]);
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
    await expect(s.saveWord(saveReq({ simplified: '党建', traditional: '黨建' }), 2)).rejects.toThrow(/newer version of Dubao.*Update Dubao/);
    await expect(s.migrateLegacy()).resolves.toBeUndefined();
    expect(await local().get(null)).toEqual(before);
  });
});
