/**
 * The scheduler glue (ts-fsrs, fixed clock), the review queue (order, new-card cap, cloze after meaning,
 * skipped words), undo, and the stored form of the review state.
 */
import { describe, expect, it } from 'vitest';
import { describeInterval, formatInterval, previewRatings, rate } from '../../utils/review/scheduler';
import { buildQueue, nextEntry, ReviewSession, sentenceFor } from '../../utils/review/session';
import {
  decodeReview,
  emptyReviewState,
  encodeReview,
  introducedOn,
  mergeReview,
  reviewDay,
  withCard,
  cardOf,
} from '../../utils/review/state';
import { dayStart } from '../../utils/review/queue';
import { dueNow } from '../../utils/review/due';
import { DAY, item, MIN, T0 } from './helpers';

describe('scheduler glue (fixed clock)', () => {
  it('a new card: Again 1 minute, Hard 6, Good 10, Easy days away; each button shows it', () => {
    const p = previewRatings(null, T0);
    expect((p[1].due - T0) / MIN).toBe(1);
    expect((p[2].due - T0) / MIN).toBe(6);
    expect((p[3].due - T0) / MIN).toBe(10);
    expect(p[4].due - T0).toBeGreaterThanOrEqual(DAY);
    expect([1, 2, 3].map((g) => formatInterval(p[g as 1 | 2 | 3].due - T0))).toEqual(['1m', '6m', '10m']);
    expect(formatInterval(p[4].due - T0)).toMatch(/^\d+d$/);
    expect(p[3].introduced).toBe(reviewDay(T0));
  });

  it('rating follows the preview exactly, and Good twice graduates the card to days', () => {
    const first = rate(null, 3, T0);
    expect(first).toEqual(previewRatings(null, T0)[3]);
    expect(first.state).toBe(1);
    const second = rate(first, 3, T0 + 10 * MIN);
    expect(second.state).toBe(2);
    expect(second.due - (T0 + 10 * MIN)).toBeGreaterThanOrEqual(DAY);
    expect(second.reps).toBe(2);
    expect(second.lastReview).toBe(T0 + 10 * MIN);
    // Again on a review card: a lapse, relearning
    const later = second.due + DAY;
    const lapsed = rate(second, 1, later);
    expect(lapsed.state).toBe(3);
    expect(lapsed.lapses).toBe(1);
    expect(lapsed.introduced).toBe(first.introduced);
  });

  it('intervals read short on buttons and in words for screen readers', () => {
    expect([MIN, 10 * MIN, 3 * 3_600_000, DAY, 12 * DAY, 63 * DAY, 400 * DAY].map(formatInterval)).toEqual([
      '1m',
      '10m',
      '3h',
      '1d',
      '12d',
      '2.1mo',
      '1.1y',
    ]);
    expect(describeInterval(MIN)).toBe('in 1 minute');
    expect(describeInterval(3 * DAY)).toBe('in 3 days');
  });

  it('ts-fsrs adds methods to Date.prototype when it loads (why it must stay out of content scripts)', () => {
    expect(typeof (Date.prototype as unknown as { scheduler?: unknown }).scheduler).toBe('function');
  });
});

describe('sentence of a card', () => {
  it('the newest sentence holding the word, simplified or traditional', () => {
    const it1 = item('经济', {
      traditional: '經濟',
      contexts: [
        { sentence: '发展经济很重要。', title: '', url: '', savedAt: 1 },
        { sentence: '這是經濟新聞。', title: '', url: '', savedAt: 2 },
        { sentence: '没有这个词。', title: '', url: '', savedAt: 3 },
      ],
    });
    expect(sentenceFor(it1)).toEqual({ text: '這是經濟新聞。', start: 2, end: 4 });
    expect(sentenceFor(item('词', { contexts: [{ sentence: '没有。', title: '', url: '', savedAt: 1 }] }))).toEqual({
      text: '没有。',
      start: -1,
      end: -1,
    });
    expect(sentenceFor(item('词', { contexts: [] }))).toBeNull();
  });
});

describe('review queue', () => {
  const items = Array.from({ length: 30 }, (_, i) => item(`词${String.fromCharCode(0x4e00 + i)}`));

  it('new cards: at most newPerDay first ratings a day, in study-list order', () => {
    const q = buildQueue(items, emptyReviewState(), T0, { newPerDay: 5 });
    expect(q.fresh.map((e) => e.word)).toEqual(items.slice(0, 5).map((i) => i.simplified));
    expect(q.fresh.every((e) => e.template === 'meaning' && e.card === null)).toBe(true);
    // rating three of them today leaves two
    let s = emptyReviewState();
    for (const e of q.fresh.slice(0, 3)) s = withCard(s, e.word, 'meaning', rate(null, 3, T0));
    expect(introducedOn(s, reviewDay(T0))).toBe(3);
    const q2 = buildQueue(items, s, T0 + MIN, { newPerDay: 5 });
    expect(q2.fresh.map((e) => e.word)).toEqual(items.slice(3, 5).map((i) => i.simplified));
    expect(q2.newToday).toBe(3);
    // the next day the cap starts again
    expect(buildQueue(items, s, T0 + DAY, { newPerDay: 5 }).fresh).toHaveLength(5);
    // default 20
    expect(buildQueue(items, emptyReviewState(), T0).fresh).toHaveLength(20);
  });

  it('learning cards due now come first, then reviews due today, then new, then learning ahead', () => {
    let s = emptyReviewState();
    const [a, b, c, d] = items;
    s = withCard(s, a!.simplified, 'meaning', rate(null, 3, T0 - 30 * MIN)); // learning, due 20 min ago
    const grad = rate(rate(null, 3, T0 - 5 * DAY), 3, T0 - 5 * DAY + 10 * MIN); // review
    s = withCard(s, b!.simplified, 'meaning', { ...grad, due: T0 - DAY });
    s = withCard(s, c!.simplified, 'meaning', rate(null, 1, T0 - 30_000)); // learning, due in 30 s
    s = withCard(s, d!.simplified, 'meaning', { ...grad, due: T0 + 10 * DAY }); // not due
    const q = buildQueue(items.slice(0, 6), s, T0, { newPerDay: 10 });
    // learning cards due today, earliest first: a (due 20 minutes ago), c (due in 30 s)
    expect(q.learning.map((e) => e.word)).toEqual([a!.simplified, c!.simplified]);
    expect(q.review.map((e) => e.word)).toEqual([b!.simplified]);
    // d's cloze card is new (its meaning card graduated days ago and is not due today); b's waits, since
    // b's meaning card is due today
    expect(q.fresh.map((e) => [e.word, e.template])).toEqual([
      [d!.simplified, 'cloze'],
      [items[4]!.simplified, 'meaning'],
      [items[5]!.simplified, 'meaning'],
    ]);
    expect(q.nextDue).toBe(T0 + 10 * DAY);
    expect(nextEntry(q, T0)!.word).toBe(a!.simplified);
    // with a's step done, review and new cards come before c, which is due only in 30 s
    const q2 = { ...q, learning: q.learning.slice(1) };
    expect(nextEntry(q2, T0)!.word).toBe(b!.simplified);
    expect(nextEntry({ ...q2, review: [], fresh: [] }, T0)!.word).toBe(c!.simplified); // learn ahead
    expect(nextEntry({ ...q2, review: [], fresh: [] }, T0 - 21 * MIN)).toBeNull();
  });

  it('a learning card rated just before the review day ends comes back when due, not the next day', () => {
    const [a, b] = items;
    const end = dayStart(reviewDay(T0) + 1);
    const ratedAt = end - 5 * MIN; // Good on a new card: due 10 minutes later, past the day's end
    let s = withCard(emptyReviewState(), a!.simplified, 'meaning', rate(null, 3, ratedAt));
    const grad = rate(rate(null, 3, T0 - 5 * DAY), 3, T0 - 5 * DAY + 10 * MIN);
    s = withCard(s, b!.simplified, 'meaning', { ...grad, due: end + 60 * MIN }); // a review card of tomorrow
    const q = buildQueue(items.slice(0, 2), s, ratedAt, { newPerDay: 0 });
    expect(q.learning.map((e) => e.word)).toEqual([a!.simplified]);
    expect(q.review).toEqual([]);
    expect(nextEntry(q, ratedAt)!.word).toBe(a!.simplified); // learn ahead, as within the day
    // the badge agrees: nothing due yet, and its next count at the learning card's time, not at 4 a.m.
    const due = dueNow(items.slice(0, 2), s, null, 0, ratedAt);
    expect(due).toMatchObject({ due: 0, learning: 0, review: 0, nextAt: ratedAt + 10 * MIN });
  });

  it('a cloze card comes only after the meaning card graduated on an earlier day, and needs the word in a sentence', () => {
    const w = items[0]!;
    const noSentence = item('独词', { contexts: [{ sentence: '别的句子。', title: '', url: '', savedAt: 1 }] });
    let s = emptyReviewState();
    const graduated = rate(rate(null, 3, T0), 3, T0 + 10 * MIN);
    s = withCard(s, w.simplified, 'meaning', graduated);
    s = withCard(s, noSentence.simplified, 'meaning', graduated);
    expect(buildQueue([w, noSentence], s, T0 + 20 * MIN).fresh).toEqual([]);
    const nextDay = buildQueue([w, noSentence], s, T0 + DAY + MIN);
    expect(nextDay.fresh.map((e) => [e.word, e.template])).toEqual([[w.simplified, 'cloze']]);
    expect(nextDay.fresh[0]!.sentence).toEqual({ text: w.contexts[0]!.sentence, start: 6, end: 6 + w.simplified.length });
  });

  it('due counts for the badge, from the queue module alone (no ts-fsrs there)', async () => {
    const { dueCounts } = await import('../../utils/review/queue');
    let s = emptyReviewState();
    s = withCard(s, items[0]!.simplified, 'meaning', rate(null, 3, T0 - 30 * MIN));
    expect(dueCounts(items.slice(0, 5), s, T0, { newPerDay: 3 })).toEqual({ learning: 1, review: 0, fresh: 2 });
  });

  it('leaves out words the reader marked known or ignored', () => {
    const q = buildQueue(items.slice(0, 3), emptyReviewState(), T0, { skip: (w) => w === items[1]!.simplified });
    expect(q.fresh.map((e) => e.word)).toEqual([items[0]!.simplified, items[2]!.simplified]);
  });
});

describe('review session', () => {
  it('rates, shows the next card, and undoes the last rating (one step)', () => {
    const items = [item('改革'), item('开放')];
    const s = new ReviewSession(items, emptyReviewState(), { newPerDay: 20 });
    const first = s.current(T0)!;
    expect([first.word, first.card]).toEqual(['改革', null]);
    const a = s.answer(first, 3, T0);
    expect(a.before).toBeNull();
    expect(cardOf(s.state, '改革', 'meaning')).toEqual(a.after);
    expect(s.current(T0)!.word).toBe('开放');
    expect(s.queue(T0).learning.map((e) => e.word)).toEqual(['改革']);
    expect(s.queue(T0).newToday).toBe(1);
    expect(s.canUndo).toBe(true);
    expect(s.undo()).toEqual(a);
    expect(cardOf(s.state, '改革', 'meaning')).toBeUndefined();
    expect(s.current(T0)!.word).toBe('改革');
    expect(s.undo()).toBeNull();
  });
});

describe('the queue kept up to date by ratings', () => {
  it('after every rating it equals the queue made afresh from the state', () => {
    const items = Array.from({ length: 40 }, (_, i) => item(`词${String.fromCharCode(0x4e00 + i)}`));
    let state = emptyReviewState();
    // some cards already in review, some due today, some later
    for (let i = 0; i < 15; i++) {
      const c = rate(rate(null, 3, T0 - 9 * DAY), 3, T0 - 9 * DAY + 10 * MIN);
      state = withCard(state, items[i]!.simplified, 'meaning', { ...c, due: T0 + ((i % 3) - 1) * DAY });
    }
    const s = new ReviewSession(items, state, { newPerDay: 8 });
    const grades = [3, 1, 4, 3, 2, 3, 3, 1, 3, 4, 3, 3, 2, 3, 3, 3, 1, 3, 3, 3] as const;
    let t = T0;
    const shape = (q: ReturnType<typeof buildQueue>) =>
      [q.learning, q.review, q.fresh].map((l) => l.map((e) => `${e.word}/${e.template}/${e.card?.due ?? 'new'}`));
    for (const g of grades) {
      const e = s.current(t);
      if (!e) break;
      s.answer(e, g, t);
      t += 2 * MIN;
      expect(shape(s.queue(t))).toEqual(shape(buildQueue(items, s.state, t, { newPerDay: 8 })));
      expect(s.queue(t).newToday).toBe(buildQueue(items, s.state, t, { newPerDay: 8 }).newToday);
    }
  });
});

describe('stored review state', () => {
  it('round-trips, compact: 5,000 words with two cards each well under 1 MB', () => {
    let s = emptyReviewState();
    const card = rate(rate(null, 3, T0), 3, T0 + 10 * MIN);
    const cards = new Map();
    for (let i = 0; i < 5000; i++) cards.set(`词${i}`, { meaning: card, cloze: { ...card, stability: card.stability * 2 } });
    s = { cards };
    const json = JSON.stringify(encodeReview(s));
    expect(json.length).toBeLessThan(1_000_000);
    const back = decodeReview(JSON.parse(json));
    expect(back.ok).toBe(true);
    if (back.ok) {
      const got = cardOf(back.value, '词4999', 'meaning')!;
      expect(got.due).toBe(Math.floor(card.due / 1000) * 1000);
      expect(got.stability).toBeCloseTo(card.stability, 3);
      expect(got.state).toBe(2);
    }
  });

  it('names what is wrong with bad data', () => {
    const bad = (d: unknown) => {
      const r = decodeReview(d);
      return r.ok ? null : r.problem;
    };
    expect(bad(null)).toMatch(/not an object/);
    expect(bad({})).toMatch(/no "cards"/);
    expect(bad({ cards: { 改革: { x: [] } } })).toMatch(/unknown card template "x"/);
    expect(bad({ cards: { 改革: { m: [1, 2, 3] } } })).toMatch(/ten numbers/);
    expect(bad({ cards: { 改革: { m: [1, 1, 1, 0, 0, 1, 0, 9, 0, 1] } } })).toMatch(/state 9/);
    expect(bad({ cards: { 改革: { m: [1, 1, 1, 0, 0, 1, 0, 2, 0, 1] } } })).toBeNull();
  });

  it('merge keeps the card reviewed last', () => {
    const older = rate(null, 3, T0);
    const newer = rate(older, 3, T0 + 10 * MIN);
    const local = withCard(withCard(emptyReviewState(), '改革', 'meaning', newer), '开放', 'meaning', older);
    const incoming = withCard(withCard(emptyReviewState(), '改革', 'meaning', older), '开放', 'meaning', newer);
    const inc2 = withCard(incoming, '创新', 'cloze', older);
    const { state, report } = mergeReview(local, inc2);
    expect(report).toEqual({ added: 1, updated: 1, unchanged: 1 });
    expect(cardOf(state, '改革', 'meaning')).toEqual(newer);
    expect(cardOf(state, '开放', 'meaning')).toEqual(newer);
    expect(cardOf(state, '创新', 'cloze')).toEqual(older);
  });
});
