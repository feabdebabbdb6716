/**
 * The toolbar badge (issue 12): how many review cards are waiting, or "off" while Dubao is off.
 *
 * Which wins: "off". While Dubao is off, pages do nothing under the pointer, and the reader must be
 * able to see why at a glance; the review page works either way, so the count moves to the button's
 * tooltip ("Dubao is off · 12 cards to review") and comes back to the badge when Dubao is turned on.
 *
 * The count is what the review page offers now: review cards due today, new cards within today's
 * limit, and learning cards whose time has come (utils/review/queue.ts, the same queue, so the two
 * never disagree). It is made without keeping the service worker awake:
 *   - when the browser starts and when Dubao is installed or updated (the browser forgets badges
 *     between sessions);
 *   - when the study list, the review schedule, the word states or the settings change (storage
 *     change events wake the worker; changes close together are counted once);
 *   - and by one alarm (chrome.alarms) at the next time the count goes up by itself: the next learning
 *     card's due time, or the start of the next review day (4 a.m.) with its new and due cards.
 * Between those, nothing runs: a worker that starts for a hover does not read the study list.
 *
 * No ts-fsrs here (queue.ts has none): tests/e2e/bundles.test.ts checks that the background bundle
 * does not carry it.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { Knowledge } from '../knowledge/model';
import { knowledgeStore } from '../knowledge/store';
import { enabledItem } from '../settings';
import { readStudyList, watchStudyList } from '../study/storage';
import { studyKey } from '../study/model';
import type { StudyItem } from '../study/types';
import { buildQueue, dayStart } from './queue';
import { readNewPerDay } from './settings';
import type { ReviewState } from './state';
import { reviewStore } from './store';

/** The alarm that wakes the worker when the count next goes up by itself. */
export const BADGE_ALARM = 'dubao.reviewDue';

/** Changes closer together than this are counted once (a review session writes at every rating). */
export const BADGE_SETTLE_MS = 400;

export interface BadgeInput {
  items: readonly StudyItem[];
  /** Null: the review schedule cannot be read (the review page says why). */
  review: ReviewState | null;
  /** Null: the word states cannot be read; every saved word is then counted, as the review page does. */
  knowledge: Knowledge | null;
  newPerDay: number;
  enabled: boolean;
  now: number;
}

export interface Badge {
  /** Badge text: "" (nothing), the count, "off", or "!" (the schedule cannot be read). */
  text: string;
  /** The toolbar button's tooltip, a sentence. */
  title: string;
  /** Cards to review now (null when the schedule cannot be read). */
  due: number | null;
  /** When the count next goes up by itself (ms since the epoch), or null: an alarm is set for it. */
  nextAt: number | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Badge text for a count: at most four characters. */
export function countText(n: number): string {
  return n <= 0 ? '' : n > 999 ? '999+' : String(n);
}

/** Cards the review page offers at `now`, by kind, and when that number next grows by itself. */
export interface DueNow {
  /** All of them: what the badge shows. */
  due: number;
  fresh: number;
  /** Learning cards whose time has come. */
  learning: number;
  /** Review cards due today. */
  review: number;
  /** The next learning card's due time today, else the start of the next review day; null: no words. */
  nextAt: number | null;
}

/**
 * What the review page offers at `now` (the same queue, utils/review/queue.ts). `knowledge` null: no
 * word is left out (the word states cannot be read; the review page does the same). Pure.
 */
export function dueNow(items: readonly StudyItem[], review: ReviewState, knowledge: Knowledge | null, newPerDay: number, now: number): DueNow {
  const skip = knowledge
    ? (w: string) => {
        const s = knowledge.stateOf(w);
        return s === 'known' || s === 'ignored';
      }
    : undefined;
  const q = buildQueue(items, review, now, { newPerDay, skip });
  let learning = 0;
  let later: number | null = null;
  for (const e of q.learning) {
    if (e.card!.due <= now) learning++;
    else if (later === null || e.card!.due < later) later = e.card!.due;
  }
  // The next day brings its new cards and its due cards; a learning card later today comes back sooner.
  const tomorrow = dayStart(q.day + 1);
  const nextAt = later !== null && later < tomorrow ? later : items.length ? tomorrow : null;
  return { due: q.review.length + q.fresh.length + learning, fresh: q.fresh.length, learning, review: q.review.length, nextAt };
}

/** The badge for the state of things at `now`. Pure. */
export function badgeFor(input: BadgeInput): Badge {
  const { review, enabled } = input;
  if (!review) {
    return {
      text: enabled ? '!' : 'off',
      title: `Dubao${enabled ? '' : ' is off'}: your review schedule cannot be read; the review page says why.`,
      due: null,
      nextAt: null,
    };
  }
  const d = dueNow(input.items, review, input.knowledge, input.newPerDay, input.now);
  const parts: string[] = [];
  if (d.fresh) parts.push(`${d.fresh.toLocaleString('en-US')} new`);
  if (d.learning) parts.push(`${d.learning.toLocaleString('en-US')} learning`);
  const what = d.due ? `${plural(d.due, 'card')} to review${parts.length ? ` (${parts.join(', ')})` : ''}` : 'nothing to review now';
  return {
    text: enabled ? countText(d.due) : 'off',
    title: enabled ? `Dubao: ${what}.` : `Dubao is off (the hover card and the page tools rest); ${what}.`,
    due: d.due,
    nextAt: d.nextAt,
  };
}

/** Timings of the badge's work in this worker (read by the e2e report through the service worker). */
export interface BadgeStats {
  updates: number;
  /** ms of the last update: reads, count and setting the badge. */
  lastMs: number | null;
  /** ms of the last update spent reading the study list (0 when it was known already). */
  lastListMs: number | null;
  last: Badge | null;
  /** When the alarm is set for (ms since the epoch), null: none. */
  alarmAt: number | null;
}

interface ActionApi {
  setBadgeText(d: { text: string }): Promise<void>;
  setTitle(d: { title: string }): Promise<void>;
  setBadgeBackgroundColor(d: { color: string }): Promise<void>;
}

/** The badge colours: the accent red for a count, grey for off and for a problem. */
const COLOURS = { count: '#a3261b', off: '#56616d' };

/**
 * Starts the badge in the background (one call, in the first turn of the worker's script: the alarm
 * and storage listeners must be registered then to wake the worker).
 */
export function startBadge(): void {
  const api = ((browser as unknown as { action?: ActionApi }).action ?? (browser as unknown as { browserAction?: ActionApi }).browserAction) as ActionApi | undefined;
  const stats: BadgeStats = { updates: 0, lastMs: null, lastListMs: null, last: null, alarmAt: null };
  (globalThis as { dubaoBadge?: BadgeStats }).dubaoBadge = stats;

  /** The study list while the worker lives, kept current from the change events (null: read it). */
  let items: Map<string, StudyItem> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const show = async (b: Badge) => {
    if (!api) return;
    await Promise.all([
      api.setBadgeText({ text: b.text }),
      api.setTitle({ title: b.title }),
      api.setBadgeBackgroundColor({ color: b.text === 'off' || b.text === '!' ? COLOURS.off : COLOURS.count }),
    ]).catch(() => undefined);
  };

  const update = async () => {
    const t0 = performance.now();
    let listMs = 0;
    if (!items) {
      const t = performance.now();
      const list = await readStudyList();
      items = new Map(list.items.map((it) => [studyKey(it), it]));
      listMs = performance.now() - t;
    }
    const [review, knowledge, perDay, enabled] = await Promise.all([reviewStore.inspect(), knowledgeStore.inspect(), readNewPerDay(), enabledItem.getValue()]);
    const list = [...items.values()].sort((a, b) => a.savedAt - b.savedAt);
    const b = badgeFor({
      items: list,
      review: review.ok ? review.value : null,
      knowledge: knowledge.ok ? knowledge.value : null,
      newPerDay: perDay.value,
      enabled,
      now: Date.now(),
    });
    await show(b);
    if (b.nextAt !== null) {
      // Chromium rounds alarms up to 30 s from now; a card due sooner is counted then.
      await browser.alarms?.create(BADGE_ALARM, { when: Math.max(b.nextAt, Date.now() + 1000) });
      stats.alarmAt = b.nextAt;
    } else {
      await browser.alarms?.clear(BADGE_ALARM);
      stats.alarmAt = null;
    }
    stats.updates++;
    stats.last = b;
    stats.lastListMs = listMs;
    stats.lastMs = performance.now() - t0;
  };

  /** Counts again after `delay` ms (changes within it are counted together); one update at a time. */
  const schedule = (delay: number) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (running) {
        again = true;
        return;
      }
      running = update()
        .catch(() => {
          // Storage did not answer: the badge stays as it was; the next change or alarm tries again.
          items = null;
        })
        .finally(() => {
          running = null;
          if (again) {
            again = false;
            schedule(0);
          }
        });
    }, delay);
  };

  browser.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name === BADGE_ALARM) schedule(0);
  });
  browser.runtime.onStartup?.addListener(() => schedule(0));
  browser.runtime.onInstalled.addListener(() => schedule(0));
  watchStudyList((change) => {
    if (change.other || !items) items = null;
    else for (const [word, it] of change.items) it ? items.set(word, it) : items.delete(word);
    schedule(BADGE_SETTLE_MS);
  });
  reviewStore.watch(() => schedule(BADGE_SETTLE_MS));
  knowledgeStore.watch(() => schedule(BADGE_SETTLE_MS));
  storage.watch('sync:settings', () => schedule(BADGE_SETTLE_MS));
  // Turning Dubao on or off shows at once.
  enabledItem.watch(() => schedule(0));
}
