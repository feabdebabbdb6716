/**
 * The toolbar badge (utils/review/due.ts, badge.ts): what it counts (fixed clock), "off" winning over the count,
 * an unreadable schedule, and the background's side in (WXT's fake) browser: counted on install, again
 * when the study list, the word states or the on/off switch change, and an alarm at the next due time.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Knowledge } from '../../utils/knowledge/model';
import { badgeFor, countDue, countText, dueNow, isClozeReady } from '../../utils/review/due';
import { buildQueue, dayStart } from '../../utils/review/queue';
import { rate } from '../../utils/review/scheduler';
import { emptyReviewState, encodeReview, reviewDay, withCard, type ReviewState } from '../../utils/review/state';
import { storedValues } from '../../utils/study/layout';
import { DAY, item, MIN, T0 } from './helpers';

const words = ['改革', '开放', '发展', '经济', '群众'];
const items = words.map((w, i) => item(w, { savedAt: i + 1 }));

/** 改革 learning (due 9:59, before T0), 开放 learning due 10:05, 发展 graduated and due today, 经济 due in days. */
function schedule(): ReviewState {
  let s = emptyReviewState();
  s = withCard(s, '改革', 'meaning', rate(null, 1, T0 - 2 * MIN)); // Again: due in 1 minute, at 9:59
  s = withCard(s, '开放', 'meaning', rate(null, 3, T0 - 5 * MIN)); // Good: due in 10 minutes, at 10:05
  const graduated = rate(rate(null, 3, T0 - 3 * DAY), 3, T0 - 3 * DAY + 10 * MIN);
  s = withCard(s, '发展', 'meaning', { ...graduated, due: T0 + 3 * 3_600_000 }); // a review card due at 13:00
  s = withCard(s, '经济', 'meaning', { ...graduated, due: T0 + 4 * DAY });
  return s;
}

describe('what the badge counts (fixed clock)', () => {
  it('review cards due today, learning cards whose time has come, and new cards within the day’s limit', () => {
    const d = dueNow(items, schedule(), null, 20, T0);
    // new: 群众's meaning card, and 经济's cloze card (its meaning card graduated on an earlier day)
    expect(d).toEqual({ due: 4, fresh: 2, learning: 1, review: 1, nextAt: T0 + 5 * MIN });
    // the day's limit counts the cards first rated today (改革 and 开放): a limit of 3 leaves one new card
    expect(dueNow(items, schedule(), null, 3, T0).fresh).toBe(1);
    expect(dueNow(items, schedule(), null, 2, T0).fresh).toBe(0);
    // at 10:05 开放 is due too; then the next change is the next review day (4 a.m.)
    const later = dueNow(items, schedule(), null, 20, T0 + 5 * MIN);
    expect(later.learning).toBe(2);
    expect(later.nextAt).toBe(dayStart(reviewDay(T0) + 1));
    expect(new Date(later.nextAt!).getHours()).toBe(4);
  });

  it('leaves out words marked known or ignored; with word states it cannot read, it counts them all', () => {
    const k = Knowledge.fromEntries([
      ['群众', { mark: 'known', at: 1 }],
      ['改革', { mark: 'ignored', at: 1 }],
    ]);
    expect(dueNow(items, schedule(), k, 20, T0)).toMatchObject({ due: 2, fresh: 1, learning: 0, review: 1 });
    expect(dueNow(items, schedule(), null, 20, T0).due).toBe(4);
  });

  it('an empty list: nothing to count and no alarm', () => {
    const none = dueNow([], emptyReviewState(), null, 20, T0);
    expect(none).toEqual({ due: 0, fresh: 0, learning: 0, review: 0, nextAt: null });
    expect(badgeFor(none, true)).toEqual({ text: '', title: 'Dubao: nothing to review now.' });
  });

  it('"off" wins over the count, which stays in the tooltip', () => {
    const d = dueNow(items, schedule(), null, 20, T0);
    expect(badgeFor(d, true)).toEqual({ text: '4', title: 'Dubao: 4 cards to review (2 new, 1 learning).' });
    expect(badgeFor(d, false)).toEqual({
      text: 'off',
      title: 'Dubao is off (the hover card and the page tools rest); 4 cards to review (2 new, 1 learning).',
    });
  });

  it('a schedule it cannot read shows "!" and sends the reader to the review page', () => {
    expect(badgeFor(null, true)).toEqual({ text: '!', title: 'Dubao: your review schedule cannot be read; the review page says why.' });
    expect(badgeFor(null, false).text).toBe('off');
  });

  it('from the saved words alone, asks for items only when today’s new cards depend on cloze cards', () => {
    const words = items.map((it) => it.simplified);
    const unknown = () => undefined;
    // two new meaning cards (群众 and nothing else is new: 改革…经济 have cards); 经济 could give a cloze card
    const r = countDue(words, schedule(), null, 20, T0, unknown);
    expect(r).toEqual({ need: ['经济'] });
    expect(countDue(words, schedule(), null, 20, T0, (w) => (w === '经济' ? true : undefined))).toEqual(
      dueNow(items, schedule(), null, 20, T0),
    );
    expect(countDue(words, schedule(), null, 20, T0, (w) => (w === '经济' ? false : undefined))).toMatchObject({ due: 3, fresh: 1 });
    // a limit the meaning cards fill needs no item
    expect(countDue(words, schedule(), null, 3, T0, unknown)).toMatchObject({ due: 3, fresh: 1 });
  });

  it('counts what the review page’s queue holds, on random schedules and clocks', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pool = Array.from({ length: 60 }, (_, i) =>
      item(
        String.fromCharCode(0x4e00 + 31 * i, 0x4e01 + 17 * i),
        rand() < 0.2 ? { contexts: [{ sentence: '没有这个词的句子。', title: '', url: '', savedAt: 1 }] } : { savedAt: i },
      ),
    );
    let clozeSeen = 0;
    let learningSeen = 0;
    for (let round = 0; round < 200; round++) {
      const list = pool.filter(() => rand() < 0.7);
      const now = T0 + Math.floor(rand() * 3 * DAY);
      let s = emptyReviewState();
      for (const it of list) {
        const r = rand();
        if (r < 0.3) continue;
        const last = now - Math.floor(rand() * 5 * DAY);
        let card = rate(null, (1 + Math.floor(rand() * 4)) as 1 | 2 | 3 | 4, last);
        if (rand() < 0.5) card = rate(card, 3, last + 10 * MIN);
        s = withCard(s, it.simplified, 'meaning', { ...card, due: card.due + Math.floor((rand() - 0.5) * 4 * DAY) });
        if (rand() < 0.3) s = withCard(s, it.simplified, 'cloze', rate(null, 3, last));
      }
      const k = Knowledge.fromEntries(
        list.filter(() => rand() < 0.15).map((it) => [it.simplified, { mark: rand() < 0.5 ? 'known' : 'ignored', at: 1 }] as const),
      );
      const perDay = Math.floor(rand() * 12);
      const q = buildQueue(list, s, now, { newPerDay: perDay, skip: (w) => ['known', 'ignored'].includes(k.stateOf(w)) });
      const expected = { fresh: q.fresh.length, review: q.review.length, learning: q.learning.filter((e) => e.card!.due <= now).length };
      const byWord = new Map(list.map((it) => [it.simplified, it]));
      const got = countDue(byWord.keys(), s, k, perDay, now, (w) => isClozeReady(byWord.get(w)!));
      clozeSeen += q.fresh.filter((e) => e.template === 'cloze').length;
      learningSeen += expected.learning;
      expect(got, `round ${round}`).toMatchObject({ ...expected, due: expected.fresh + expected.review + expected.learning });
    }
    // the rounds met cloze cards and learning cards (else this would test little)
    expect(clozeSeen).toBeGreaterThan(20);
    expect(learningSeen).toBeGreaterThan(20);
  });

  it('fits four characters', () => {
    expect([0, 1, 999, 1000, 25_000].map(countText)).toEqual(['', '1', '999', '999+', '999+']);
  });
});

describe('the badge in the background (fake browser)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.resetModules();
  });

  async function badge(): Promise<{ text: string; title: string }> {
    return { text: await fakeBrowser.action.getBadgeText({}), title: await fakeBrowser.action.getTitle({}) };
  }

  async function until(ok: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 4_000;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`badge not as expected: ${JSON.stringify(await badge())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('counts on install, follows the study list, the word states and the switch, and sets an alarm for the next due card', async () => {
    // 10:00 local time (a clock near 4 a.m. would put the learning card in the next review day)
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    try {
      await installAndFollow();
    } finally {
      vi.useRealTimers();
    }
  });

  async function installAndFollow(): Promise<void> {
    const now = Date.now();
    let s = emptyReviewState();
    // 改革 comes back in 10 minutes (learning); 开放 and 发展 are new
    s = withCard(s, '改革', 'meaning', rate(null, 3, now));
    await fakeBrowser.storage.local.set({
      ...storedValues(items.slice(0, 3)),
      reviewState: { v: 1, data: JSON.stringify(encodeReview(s)) },
    });
    const { startBadge, BADGE_ALARM } = await import('../../utils/review/badge');
    startBadge();
    expect(await badge()).toEqual({ text: '', title: '' }); // nothing read at a plain start
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await until(async () => (await badge()).text === '2');
    expect((await badge()).title).toBe('Dubao: 2 cards to review (2 new).');
    const alarm = await fakeBrowser.alarms.get(BADGE_ALARM);
    expect(alarm?.scheduledTime).toBe(Math.floor(now / 1000) * 1000 + 10 * MIN);

    // a word saved elsewhere: counted after the change settles
    const { saveWord } = await import('../../utils/study/storage');
    await saveWord({
      simplified: '经济',
      traditional: '經濟',
      pinyin: 'jīng jì',
      definitions: ['economy'],
      civic: null,
      sentence: '经济继续恢复。',
      pageTitle: '',
      url: 'http://127.0.0.1/',
    });
    await until(async () => (await badge()).text === '3');

    // a word marked known is no longer counted
    const { markWords } = await import('../../utils/knowledge/store');
    await markWords(['开放'], 'known');
    await until(async () => (await badge()).text === '2');

    // off wins; the count stays in the tooltip; on again brings it back
    const { enabledItem } = await import('../../utils/settings');
    await enabledItem.setValue(false);
    await until(async () => (await badge()).text === 'off');
    expect((await badge()).title).toBe('Dubao is off (the hover card and the page tools rest); 2 cards to review (2 new).');
    await enabledItem.setValue(true);
    await until(async () => (await badge()).text === '2');

    // the settings page's daily limit: 改革 was new today, so a limit of 2 leaves one new card
    await fakeBrowser.storage.sync.set({ settings: { v: 1, newCardsPerDay: 2 } });
    await until(async () => (await badge()).text === '1');
    expect((await badge()).title).toBe('Dubao: 1 card to review (1 new).');

    // 11 minutes later the alarm wakes the worker: 改革 is due again (no storage change needed)
    vi.setSystemTime(now + 11 * MIN);
    await fakeBrowser.alarms.onAlarm.trigger({ name: BADGE_ALARM, scheduledTime: now + 10 * MIN, persistAcrossSessions: false });
    await until(async () => (await badge()).text === '2');
    expect((await badge()).title).toBe('Dubao: 2 cards to review (1 new, 1 learning).');
    // nothing else comes due today: the next alarm is the next review day
    expect((await fakeBrowser.alarms.get(BADGE_ALARM))?.scheduledTime).toBe(dayStart(reviewDay(now + 11 * MIN) + 1));
  }

  it('reads the items of words that could give a cloze card, and again when their bucket changes', async () => {
    const now = Date.now();
    const day = reviewDay(now);
    // 经济 and 群众 graduated days ago and are not due today: each could give a new cloze card if a saved
    // sentence holds it; 经济's does, 群众 was saved without a sentence
    const graduated = rate(rate(null, 3, dayStart(day - 3)), 3, dayStart(day - 3) + 10 * MIN);
    let s = emptyReviewState();
    s = withCard(s, '经济', 'meaning', { ...graduated, due: dayStart(day + 5) });
    s = withCard(s, '群众', 'meaning', { ...graduated, due: dayStart(day + 5) });
    await fakeBrowser.storage.local.set({
      ...storedValues([item('经济'), item('群众', { contexts: [] })]),
      reviewState: { v: 1, data: JSON.stringify(encodeReview(s)) },
    });
    const { startBadge } = await import('../../utils/review/badge');
    startBadge();
    await fakeBrowser.runtime.onStartup.trigger();
    await until(async () => (await badge()).text === '1');
    const stats = (globalThis as unknown as { dubaoBadge: { lastItemsRead: number; updates: number } }).dubaoBadge;
    expect(stats.lastItemsRead).toBeGreaterThan(0);

    // a sentence holding 群众 is saved: its bucket changed, so what was read of it is read again
    const { saveWord } = await import('../../utils/study/storage');
    await saveWord({
      simplified: '群众',
      traditional: '群眾',
      pinyin: 'qún zhòng',
      definitions: ['the masses'],
      civic: null,
      sentence: '群众的意见很重要。',
      pageTitle: '',
      url: 'http://127.0.0.1/',
    });
    await until(async () => (await badge()).text === '2');
    expect((await badge()).title).toBe('Dubao: 2 cards to review (2 new).');

    // a day's limit that the first new card fills: nothing more is read
    await fakeBrowser.storage.sync.set({ settings: { v: 1, newCardsPerDay: 0 } });
    await until(async () => (await badge()).text === '');
    expect(stats.lastItemsRead).toBe(0);
  });

  it('an unreadable schedule shows "!" and is left as it is', async () => {
    const bad = { v: 1, data: { cards: { 改革: { m: 'soon' } } } };
    await fakeBrowser.storage.local.set({ ...storedValues(items.slice(0, 1)), reviewState: bad });
    const { startBadge } = await import('../../utils/review/badge');
    startBadge();
    await fakeBrowser.runtime.onStartup.trigger();
    await until(async () => (await badge()).text === '!');
    expect((await fakeBrowser.storage.local.get('reviewState')).reviewState).toEqual(bad);
  });
});
