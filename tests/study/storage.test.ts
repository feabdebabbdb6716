import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveReq } from './helpers';

type StorageModule = typeof import('../../utils/study/storage');

/** A fresh copy of the storage module, as a restarted service worker or a newly opened page gets it. */
async function freshModule(): Promise<StorageModule> {
  vi.resetModules();
  return import('../../utils/study/storage');
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('study list storage', () => {
  it('saves into browser.storage.local under a versioned key, and a restarted context reads it back', async () => {
    const s = await freshModule();
    await s.saveWord(saveReq(), 1000);
    await s.saveWord(saveReq({ sentence: '第二句。' }), 2000);
    const raw = await fakeBrowser.storage.local.get(['studyList', 'studyList$']);
    expect(raw.studyList$).toEqual({ v: 2 });
    expect((raw.studyList as unknown[]).length).toBe(1);

    const restarted = await freshModule();
    const items = await restarted.studyList.getValue();
    expect(items).toHaveLength(1);
    expect(items[0]!.contexts.map((c) => c.sentence)).toEqual(['正向激励促进干部勇担当善作为。', '第二句。']);
  });

  it('migrates version 1 data found in storage to version 2', async () => {
    await fakeBrowser.storage.local.set({
      studyList: [
        { word: '干部', pinyin: 'gàn bù', meaning: 'cadre', sentence: '句一。', url: 'u', title: 't', added: 5 },
        { word: '干部', pinyin: 'gàn bù', meaning: 'cadre', sentence: '句二。', url: 'u', title: 't', added: 6 },
      ],
    });
    const s = await freshModule();
    const items = await s.studyList.getValue();
    expect(items).toEqual([
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
    expect((await fakeBrowser.storage.local.get('studyList$')).studyList$).toEqual({ v: 2 });
  });

  it('a failing write (quota) rejects with a message for the user and keeps what was saved', async () => {
    const s = await freshModule();
    await s.saveWord(saveReq(), 1000);
    const before = await fakeBrowser.storage.local.get('studyList');
    const set = vi
      .spyOn(fakeBrowser.storage.local, 'set')
      .mockRejectedValueOnce(new Error('Resource::kQuotaBytes quota exceeded'));
    await expect(s.saveWord(saveReq({ simplified: '党建', traditional: '黨建' }), 2000)).rejects.toThrow(
      /storage for Dubao is full.*Nothing saved before was lost/,
    );
    expect(await fakeBrowser.storage.local.get('studyList')).toEqual(before);
    set.mockRestore();
    // the next write works again and the queue is not stuck
    await s.saveWord(saveReq({ simplified: '党建', traditional: '黨建' }), 3000);
    expect((await s.studyList.getValue()).map((i) => i.simplified)).toEqual(['干部', '党建']);
  });

  it('concurrent saves in one context are serialised: none is lost', async () => {
    const s = await freshModule();
    const words = ['一', '二', '三', '四', '五', '六', '七', '八'];
    await Promise.all(words.map((w, i) => s.saveWord(saveReq({ simplified: w, traditional: w }), i)));
    expect((await s.studyList.getValue()).map((i) => i.simplified)).toEqual(words);
  });

  it('remove and undo put the word back where it was; notes are stored', async () => {
    const s = await freshModule();
    for (const w of ['一', '二', '三']) await s.saveWord(saveReq({ simplified: w, traditional: w }), 1);
    await s.setNotes('二', 'remember this');
    const removed = await s.removeWord('二');
    expect(removed?.index).toBe(1);
    expect((await s.studyList.getValue()).map((i) => i.simplified)).toEqual(['一', '三']);
    await s.restoreWord(removed!.item, removed!.index);
    const items = await s.studyList.getValue();
    expect(items.map((i) => i.simplified)).toEqual(['一', '二', '三']);
    expect(items[1]!.notes).toBe('remember this');
    expect(await s.removeWord('不存在')).toBeNull();
  });

  it('import merges without duplicates and reports what it did', async () => {
    const s = await freshModule();
    const { item } = await s.saveWord(saveReq(), 1);
    const report = await s.importItems([
      { ...item, contexts: [{ sentence: '新句。', title: '', url: 'x', savedAt: 2 }] },
      { ...item, simplified: '党建', traditional: '黨建' },
    ]);
    expect(report).toEqual({ added: 1, updated: 1, unchanged: 0 });
    const items = await s.studyList.getValue();
    expect(items.map((i) => [i.simplified, i.contexts.length])).toEqual([
      ['干部', 2],
      ['党建', 1],
    ]);
    expect(await s.importItems(items)).toEqual({ added: 0, updated: 0, unchanged: 2 });
  });
});
