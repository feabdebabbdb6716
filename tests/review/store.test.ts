/**
 * Review state in (WXT's fake) storage.local, the new-cards setting, and the JSON backup fields of word
 * states and review state: written beside the study list, read back by the study-list import, merged.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { rate } from '../../utils/review/scheduler';
import { cardOf } from '../../utils/review/state';
import { toJsonBackup } from '../../utils/study/export';
import { parseImport } from '../../utils/study/import';
import { item, MIN, T0 } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
  vi.resetModules();
});

describe('review state storage', () => {
  it('stores each rating and reverts it on undo unless the card was reviewed again since', async () => {
    const s = await import('../../utils/review/store');
    const after = rate(null, 3, T0);
    await s.saveAnswer({ word: '改革', template: 'meaning', before: null, after });
    // one bucket (the word's) and the layout's version marker, nothing else
    const raw = await fakeBrowser.storage.local.get(null);
    const n = s.reviewStore.bucketOf('改革');
    expect(Object.keys(raw).sort()).toEqual(['reviewState$', `reviewState/${n}`]);
    expect(raw.reviewState$).toEqual({ v: 2 });
    expect(Object.keys((JSON.parse(raw[`reviewState/${n}`] as string) as { cards: object }).cards)).toEqual(['改革']);
    const again = rate(after, 3, T0 + 10 * MIN);
    await s.saveAnswer({ word: '开放', template: 'meaning', before: null, after });
    await s.saveAnswer({ word: '开放', template: 'meaning', before: after, after: again });
    // undo of the first 开放 rating: it was rated again since, so it stays
    expect(await s.revertAnswer({ word: '开放', template: 'meaning', before: null, after })).toBe(false);
    expect(await s.revertAnswer({ word: '改革', template: 'meaning', before: null, after })).toBe(true);
    const state = await s.loadReviewState();
    expect(cardOf(state, '改革', 'meaning')).toBeUndefined();
    expect(cardOf(state, '开放', 'meaning')!.reps).toBe(2);
  });

  it('a rating among thousands of cards writes one bucket; the single value of format 1 is moved into buckets at the first rating', async () => {
    const st = await import('../../utils/review/state');
    const card = rate(null, 3, T0);
    let state = st.emptyReviewState();
    for (let i = 0; i < 3000; i++) state = st.withCard(state, `${String.fromCharCode(0x4e00 + i)}子`, 'meaning', card);
    const legacy = { v: 1, data: JSON.stringify(st.encodeReview(state)) };
    await fakeBrowser.storage.local.set({ reviewState: legacy });
    const s = await import('../../utils/review/store');
    expect((await s.loadReviewState()).cards.size).toBe(3000);
    await s.saveAnswer({ word: '改革', template: 'meaning', before: null, after: card });
    const all = await fakeBrowser.storage.local.get(null);
    expect(all.reviewState).toBeUndefined();
    expect(Object.keys(all).filter((k) => k.startsWith('reviewState/')).length).toBe(256);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await s.saveAnswer({ word: '开放', template: 'cloze', before: null, after: card });
    expect(Object.keys(set.mock.calls[0]![0] as object).sort()).toEqual(['reviewState$', `reviewState/${s.reviewStore.bucketOf('开放')}`]);
    expect(JSON.stringify(set.mock.calls[0]![0]).length).toBeLessThan(legacy.data.length / 50);
    set.mockRestore();
    vi.resetModules();
    const again = await (await import('../../utils/review/store')).loadReviewState();
    expect(again.cards.size).toBe(3002);
    expect(cardOf(again, '开放', 'cloze')!.reps).toBe(1);
  });

  it('a damaged review state is reported and kept; ratings are refused until it is set aside', async () => {
    await fakeBrowser.storage.local.set({ reviewState: { v: 1, data: { cards: { 改革: { m: 'due tomorrow' } } } } });
    const s = await import('../../utils/review/store');
    await expect(s.loadReviewState()).rejects.toThrow(
      /^Dubao could not read your review schedule \(改革: a card is not a list of ten numbers\)/,
    );
    await expect(s.saveAnswer({ word: '改革', template: 'meaning', before: null, after: rate(null, 3, T0) })).rejects.toThrow(
      /could not read/,
    );
    expect((await fakeBrowser.storage.local.get('reviewState')).reviewState).toEqual({
      v: 1,
      data: { cards: { 改革: { m: 'due tomorrow' } } },
    });
  });

  it('new cards per day: the settings page’s value (storage.sync), default 20; a bad stored value is reported and left alone', async () => {
    const s = await import('../../utils/review/settings');
    expect(await s.readNewPerDay()).toEqual({ value: 20 });
    await s.setNewPerDay(5);
    expect(await s.readNewPerDay()).toEqual({ value: 5 });
    expect((await fakeBrowser.storage.sync.get('settings')).settings).toMatchObject({ newCardsPerDay: 5 });
    await expect(s.setNewPerDay(-1)).rejects.toThrow(/New review cards per day must be a whole number from 0 to 500\./);
    // what the settings page wrote is what the review page reads
    await fakeBrowser.storage.sync.set({ settings: { v: 1, newCardsPerDay: 7 } });
    expect(await s.readNewPerDay()).toEqual({ value: 7 });
    await fakeBrowser.storage.sync.set({ settings: { v: 1, newCardsPerDay: 'lots' } });
    const r = await s.readNewPerDay();
    expect(r.value).toBe(20);
    expect(r.problem).toMatch(
      /^The stored new review cards per day \("lots"\) is not a whole number from 0 to 500; the default \(20\) is used\.$/,
    );
    expect((await fakeBrowser.storage.sync.get('settings')).settings).toEqual({ v: 1, newCardsPerDay: 'lots' });
  });
});

describe('backup of word states and review state', () => {
  it('go into the JSON backup, which the study-list import still reads, and merge back into another browser', async () => {
    const knowledge = await import('../../utils/knowledge/store');
    const review = await import('../../utils/review/store');
    const backup = await import('../../utils/learning/backup');
    await knowledge.markWords(['经济', '发展'], 'known', { now: T0 });
    await knowledge.markWords(['张三'], 'ignored', { now: T0 });
    const card = rate(null, 3, T0);
    await review.saveAnswer({ word: '改革', template: 'meaning', before: null, after: card });

    const items = [item('改革')];
    const current = await backup.currentLearningFields();
    expect(current.unreadable).toEqual([]);
    const json = backup.appendLearningFields(toJsonBackup(items, new Date(T0)), current.fields);
    const parsedStudy = parseImport(new TextEncoder().encode(json));
    expect(parsedStudy.ok && parsedStudy.items).toEqual(items);
    // the study-list import hands the two fields on, read through the stores' checks
    expect(parsedStudy.ok && parsedStudy.learning.knowledge!.stateOf('张三')).toBe('ignored');
    expect(parsedStudy.ok && cardOf(parsedStudy.learning.review!, '改革', 'meaning')!.reps).toBe(1);

    // another browser: one mark of its own, later than the backup's
    fakeBrowser.reset();
    vi.resetModules();
    const k2 = await import('../../utils/knowledge/store');
    const r2 = await import('../../utils/review/store');
    const b2 = await import('../../utils/learning/backup');
    await k2.markWords(['经济'], 'ignored', { now: T0 + 60 * MIN });
    const found = b2.readLearningFields(JSON.parse(json));
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    const report = await b2.importLearningFields(found);
    expect(report).toEqual({
      wordStates: { added: 2, updated: 0, unchanged: 1 },
      review: { added: 1, updated: 0, unchanged: 0 },
    });
    const k = await k2.loadKnowledge();
    expect(['经济', '发展', '张三'].map((w) => k.stateOf(w))).toEqual(['ignored', 'known', 'ignored']);
    expect(cardOf(await r2.loadReviewState(), '改革', 'meaning')!.reps).toBe(1);
  });

  it('a backup without the fields imports nothing of them; a damaged field is refused with a sentence', async () => {
    const b = await import('../../utils/learning/backup');
    expect(b.readLearningFields({ format: 'dubao-study-list', version: 2, items: [] })).toEqual({
      ok: true,
      knowledge: null,
      review: null,
    });
    const bad = b.readLearningFields({ wordStates: { v: 1, data: { known: { 经济: -3 } } } });
    expect(bad).toEqual({
      ok: false,
      field: 'wordStates',
      error: 'the backup’s word states cannot be read (the time of 经济 (known) is not a whole number of minutes).',
    });
    expect(b.readLearningFields({ review: { v: 2, data: {} } })).toMatchObject({
      ok: false,
      field: 'review',
      error: expect.stringMatching(/newer version of Dubao/),
    });
  });

  it('the study-list import refuses a backup whose word states or schedule are damaged, naming the line', async () => {
    const b = await import('../../utils/learning/backup');
    const good = toJsonBackup([item('改革')], new Date(T0));
    const damaged = b.appendLearningFields(good, {
      wordStates: { v: 1, data: { known: { 经济: 'yesterday' } } },
      review: { v: 1, data: { cards: {} } },
    });
    const r = parseImport(new TextEncoder().encode(damaged));
    expect(r).toEqual({
      ok: false,
      error: 'Line 4: the backup’s word states cannot be read (the time of 经济 (known) is not a whole number of minutes).',
    });
    const newer = b.appendLearningFields(good, { review: { v: 9, data: {} } });
    expect(parseImport(new TextEncoder().encode(newer))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Line 4: the backup’s review schedule cannot be read \(it was written by a newer version of Dubao/),
    });
    // an export where a store could not be read leaves that field out; the rest imports
    const partial = b.appendLearningFields(good, { review: { v: 1, data: { cards: {} } } });
    expect(parseImport(new TextEncoder().encode(partial))).toMatchObject({
      ok: true,
      learning: { knowledge: null, review: { cards: new Map() } },
    });
  });

  it('an export leaves out a store it cannot read, and says so', async () => {
    await fakeBrowser.storage.local.set({ wordStates: { v: 1, data: '{"known":{"经济":"soon"}}' } });
    const b = await import('../../utils/learning/backup');
    const r = await b.currentLearningFields();
    expect(Object.keys(r.fields)).toEqual(['review']);
    expect(r.unreadable.map((e) => e.message)).toEqual([
      'Dubao could not read your word states (known, ignored, learning) (the time of 经济 (known) is not a whole number of minutes). Nothing was changed: what is stored is kept as it is.',
    ]);
  });
});
