/**
 * The background's word-knowledge and levels handlers for the content side (utils/knowledge/handlers.ts),
 * in WXT's fake browser storage with the real levels.bin: levels and marks added to lookup replies (never
 * waiting for levels.bin), K / I / U marks and their undo stored, the states of page words with the study
 * list consulted, "I've read this page" marking only new words, saving a known word making it learning
 * again, and an unreadable store refusing marks
 * with its sentence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ensureAssets } from '../../dictionary/cli/node-core';
import { learningHandlers, pageWords, startLearning } from '../../utils/knowledge/handlers';
import { stateOf } from '../../utils/knowledge/state';
import type { HoverResult, StudySaveRequest } from '../../utils/messages';
import { saveWord } from '../../utils/study/storage';
import { installLocks } from './locks';

const ROOT = join(import.meta.dirname, '../..');
let levelsBytes: Uint8Array;
let uninstall: () => void;

beforeAll(async () => {
  await ensureAssets();
  levelsBytes = new Uint8Array(readFileSync(join(ROOT, 'assets/generated/levels.bin')));
}, 180_000);

beforeEach(() => {
  fakeBrowser.reset();
  uninstall = installLocks();
});
afterEach(() => uninstall());

const fetchLevels = async (name: string) => {
  expect(name).toBe('levels.bin');
  return levelsBytes;
};

function result(...words: string[]): HoverResult {
  return {
    chosen: 0,
    readings: words.map((w) => ({
      start: 0,
      end: w.length,
      word: w,
      pinyin: '',
      parts: [],
      entries: [
        {
          simplified: w,
          traditional: w,
          pinyin: '',
          pinyinNumbered: '',
          definitions: [],
          classifiers: [],
          source: 'cedict' as const,
          civic: null,
        },
      ],
    })),
  };
}

function request(word: string): StudySaveRequest {
  return {
    simplified: word,
    traditional: word,
    pinyin: '',
    definitions: ['x'],
    civic: null,
    sentence: `${word}。`,
    pageTitle: 't',
    url: 'http://127.0.0.1/',
  };
}

const noSave = async () => ({ merged: false });
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('levels and marks for the card', () => {
  it('adds each reading’s levels and the reader’s mark, without waiting for levels.bin', async () => {
    let release!: () => void;
    const after = new Promise<void>((r) => (release = r));
    const ctx = startLearning(fetchLevels, after);
    await ctx.knowledge();
    // The core is not ready yet (levels.bin waits for it): no level field, the card will ask word.info.
    const early = ctx.decorate(result('经济'))!;
    expect('level' in early.readings[0]!).toBe(false);
    expect(early.readings[0]!.mark).toBe(null);
    release();
    await ctx.levels();
    const r = ctx.decorate(result('经济', '党组书记'))!;
    expect(r.readings[0]!.level).toEqual({ hsk2021: 3, hsk2025: 4, rank: 114, band: 1 });
    expect(r.readings[1]!.level).toEqual({ hsk2021: null, hsk2025: null, rank: null, band: null });
    const h = learningHandlers(ctx, noSave);
    await h['knowledge.mark']({ words: ['经济'], mark: 'known' }, {});
    await tick();
    expect(ctx.decorate(result('经济'))!.readings[0]!.mark).toBe('known');
    expect(await h['word.info']({ words: ['经济', '银行'] }, {})).toEqual([
      { level: { hsk2021: 3, hsk2025: 4, rank: 114, band: 1 }, mark: 'known' },
      { level: { hsk2021: 2, hsk2025: 3, rank: 1085, band: 2 }, mark: null },
    ]);
  });

  it('does not ask for levels.bin before `after` (the first answer) has settled, nor twice', async () => {
    const asked: string[] = [];
    let release!: () => void;
    const ctx = startLearning(
      async (name) => {
        asked.push(name);
        return fetchLevels(name);
      },
      new Promise<void>((r) => (release = r)),
    );
    await tick();
    expect(asked).toEqual([]);
    release();
    expect(await ctx.levels()).not.toBeNull();
    expect(asked).toEqual(['levels.bin']);
    await ctx.levels();
    expect(asked).toEqual(['levels.bin']);
  });

  it('the plain reply stays as it was (the hover cache keeps it)', async () => {
    const ctx = startLearning(fetchLevels, Promise.resolve());
    await ctx.levels();
    const plain = result('经济');
    ctx.decorate(plain);
    expect('level' in plain.readings[0]!).toBe(false);
  });
});

describe('marks from the card', () => {
  it('K, then the undo: stored, and back', async () => {
    const ctx = startLearning(fetchLevels, Promise.resolve());
    const h = learningHandlers(ctx, noSave);
    const { changed, undo } = await h['knowledge.mark']({ words: ['银行'], mark: 'known' }, {});
    expect(changed).toBe(1);
    expect(await ctx.states(['银行'])).toEqual(['known']);
    expect(await h['knowledge.undo']({ undo }, {})).toBe(1);
    await tick();
    expect(await ctx.states(['银行'])).toEqual(['new']);
  });

  it('saving a word marked known or ignored makes it learning again; a new word keeps no mark', async () => {
    const ctx = startLearning(fetchLevels, Promise.resolve());
    let saves = 0;
    const h = learningHandlers(ctx, async () => (saves++, { merged: false }));
    await h['knowledge.mark']({ words: ['信贷'], mark: 'ignored' }, {});
    await tick();
    await h['study.save'](request('信贷'), {});
    await h['study.save'](request('社区'), {});
    await tick();
    expect(saves).toBe(2);
    const k = await ctx.knowledge();
    expect(k!.markOf('信贷')?.mark).toBe('learning');
    expect(k!.markOf('社区')).toBeUndefined();
  });

  it('"I’ve read this page" (onlyNew): only new words become known; saved, ignored and learning words stay; undo', async () => {
    await saveWord(request('社区'));
    const ctx = startLearning(fetchLevels, Promise.resolve());
    const h = learningHandlers(ctx, noSave);
    await h['knowledge.mark']({ words: ['信贷'], mark: 'ignored' }, {});
    await h['knowledge.mark']({ words: ['银行'], mark: 'learning' }, {});
    await tick();
    const { changed, undo } = await h['knowledge.mark'](
      { words: ['社区', '信贷', '银行', '经济', '改革', '经济'], mark: 'known', onlyNew: true },
      {},
    );
    expect(changed).toBe(2);
    await tick();
    expect(await ctx.states(['社区', '信贷', '银行', '经济', '改革'])).toEqual(['learning', 'ignored', 'learning', 'known', 'known']);
    expect(await h['knowledge.undo']({ undo }, {})).toBe(2);
    await tick();
    expect(await ctx.states(['社区', '信贷', '银行', '经济', '改革'])).toEqual(['learning', 'ignored', 'learning', 'new', 'new']);
  });

  it('an unreadable store refuses the mark with its sentence and keeps what is stored', async () => {
    const stored = { v: 1, data: '{not json' };
    await fakeBrowser.storage.local.set({ wordStates: stored });
    const ctx = startLearning(fetchLevels, Promise.resolve());
    expect(await ctx.knowledge()).toBe(null);
    const h = learningHandlers(ctx, noSave);
    await expect(h['knowledge.mark']({ words: ['经济'], mark: 'known' }, {})).rejects.toThrow(/^Dubao could not read your word states/);
    expect((await fakeBrowser.storage.local.get('wordStates')).wordStates).toEqual(stored);
    // The card then shows no state rather than a wrong one.
    await ctx.levels();
    expect(ctx.decorate(result('经济'))!.readings[0]!.mark).toBe(null);
  });
});

describe('states of page words', () => {
  it('saved words are learning, marked ones keep their mark, the rest are new; levels come along', async () => {
    await saveWord(request('社区'));
    const ctx = startLearning(fetchLevels, Promise.resolve());
    const h = learningHandlers(ctx, noSave);
    await h['knowledge.mark']({ words: ['银行'], mark: 'known' }, {});
    await tick();
    expect(await h['page.states']({ words: ['社区', '银行', '经济'] }, {})).toEqual(['learning', 'known', 'new']);
    const words = await pageWords(ctx, [
      [
        { start: 0, end: 2, pinyin: 'yín háng', simplified: '银行', civic: null },
        { start: 2, end: 4, pinyin: 'jīng jì', simplified: '经济', civic: null },
      ],
    ]);
    expect(words[0]!.map((w) => [w.simplified, w.hsk2021, w.hsk2025, w.state])).toEqual([
      ['银行', 2, 3, 'known'],
      ['经济', 3, 4, 'new'],
    ]);
  });

  it('stateOf: a mark wins, else saved words are learning', () => {
    expect(stateOf('known', true)).toBe('known');
    expect(stateOf('new', true)).toBe('learning');
    expect(stateOf(null, false)).toBe('new');
    expect(stateOf(undefined, true)).toBe('learning');
  });
});
