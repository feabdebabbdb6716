/**
 * The toolbar badge (issue 12): how many review cards are waiting, or "off" while Dubao is off.
 *
 * Which wins: "off". While Dubao is off, pages do nothing under the pointer, and the reader must be
 * able to see why at a glance; the review page works either way, so the count moves to the button's
 * tooltip ("Dubao is off …; 12 cards to review") and comes back to the badge when Dubao is turned on.
 *
 * The count is what the review page offers now: review cards due today, new cards within today's
 * limit, and learning cards whose time has come. `countDue` (due.ts) counts what utils/review/queue.ts
 * `buildQueue` would queue (a test compares the two on random schedules), from the saved words alone:
 * the background reads the study list's small indexes of saved words (a few hundred kB for 30,000
 * words), never the whole list (15 MB), so a hover or a save is not kept waiting behind the badge. Only
 * when today's new cards depend on cloze cards (a cloze card needs a saved sentence holding the word)
 * does it read the items of a few words, as many as it needs.
 *
 * It is counted without keeping the service worker awake:
 *   - when the browser starts and when Dubao is installed or updated (the browser forgets badges
 *     between sessions);
 *   - when the study list, the review schedule, the word states, the settings or the on/off switch
 *     change (storage change events wake the worker; changes close together are counted once);
 *   - and by one alarm (chrome.alarms) at the next time the count goes up by itself: the next learning
 *     card's due time, or the start of the next review day (4 a.m.) with its new and due cards.
 * Between those, nothing runs: a worker that starts for a hover reads nothing for the badge.
 *
 * No ts-fsrs here (queue.ts and state.ts have none): tests/e2e/bundles.test.ts checks that the
 * background bundle does not carry it.
 */
import { browser } from 'wxt/browser';
import { knowledgeStore } from '../knowledge/store';
import { enabledItem } from '../settings';
import {
  BUCKET_PREFIX,
  bucketKey,
  bucketNumber,
  bucketOf,
  INDEX_PREFIX,
  LEGACY_KEY,
  STUDY_STORAGE_VERSION,
  V3_PREFIX,
  VERSION_KEY,
} from '../study/layout';
import { studyKey } from '../study/model';
import { readBucket, readVersion } from '../study/schema';
import { readStudyList, savedWordSet } from '../study/read';
import { badgeFor, countDue, isClozeReady, type Badge, type DueNow } from './due';
import { readNewPerDay } from './settings';
import { reviewStore } from './store';

/** The alarm that wakes the worker when the count next goes up by itself. */
export const BADGE_ALARM = 'dubao.reviewDue';

/** Changes closer together than this are counted once (a review session writes at every rating). */
export const BADGE_SETTLE_MS = 400;

/** Timings of the badge's work in this worker (read by the e2e report through the service worker). */
export interface BadgeStats {
  updates: number;
  /** ms of the last update: reads, count and setting the badge. */
  lastMs: number | null;
  /** Items read for cloze cards in the last update (0: the saved words sufficed). */
  lastItemsRead: number;
  last: (Badge & { due: number | null }) | null;
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

/** The review state's and the word states' keys (buckets, marker, the earlier single value). */
const STORE_KEYS = new Set([...reviewStore.keys, ...knowledgeStore.keys]);

/** Keys of storage.local whose change can change the count (the study list in every layout, the stores). */
function countsFor(key: string): boolean {
  return (
    key.startsWith(INDEX_PREFIX) ||
    key.startsWith(BUCKET_PREFIX) ||
    key.startsWith(V3_PREFIX) ||
    key === VERSION_KEY ||
    key === LEGACY_KEY ||
    STORE_KEYS.has(key) ||
    key === 'enabled'
  );
}

/**
 * Starts the badge in the background (one call, in the first turn of the worker's script: the alarm
 * and storage listeners must be registered then to wake the worker).
 */
export function startBadge(): void {
  const api = ((browser as unknown as { action?: ActionApi }).action ??
    (browser as unknown as { browserAction?: ActionApi }).browserAction) as ActionApi | undefined;
  const stats: BadgeStats = { updates: 0, lastMs: null, lastItemsRead: 0, last: null, alarmAt: null };
  (globalThis as { dubaoBadge?: BadgeStats }).dubaoBadge = stats;

  /** Whether a cloze card can be made of a word, for the words read while the worker lives. */
  const ready = new Map<string, boolean>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;

  const show = async (b: Badge) => {
    if (!api) return;
    await Promise.all([
      api.setBadgeText({ text: b.text }),
      api.setTitle({ title: b.title }),
      api.setBadgeBackgroundColor({ color: b.text === 'off' || b.text === '!' ? COLOURS.off : COLOURS.count }),
    ]).catch(() => undefined);
  };

  /** Reads the items of `words` (their buckets only) into `ready`; returns how many items were read. */
  const readItems = async (words: readonly string[]): Promise<number> => {
    const buckets = [...new Set(words.map(bucketOf))];
    const got = await browser.storage.local.get([VERSION_KEY, LEGACY_KEY, ...buckets.map(bucketKey)]);
    let n = 0;
    if (readVersion(got[VERSION_KEY]) === STUDY_STORAGE_VERSION && got[LEGACY_KEY] === undefined) {
      for (const b of buckets) {
        for (const it of readBucket(got[bucketKey(b)], bucketKey(b)).items) {
          ready.set(studyKey(it), isClozeReady(it));
          n++;
        }
      }
    } else {
      // An earlier layout, not moved into buckets yet (the background does it when it starts).
      for (const it of (await readStudyList()).items) {
        ready.set(studyKey(it), isClozeReady(it));
        n++;
      }
    }
    // A word the index has and its bucket lacks has no sentence to make a cloze card of.
    for (const w of words) if (!ready.has(w)) ready.set(w, false);
    return n;
  };

  const update = async () => {
    const t0 = performance.now();
    const [words, review, knowledge, perDay, enabled] = await Promise.all([
      savedWordSet(),
      reviewStore.inspect(),
      knowledgeStore.inspect(),
      readNewPerDay(),
      enabledItem.getValue(),
    ]);
    let due: DueNow | null = null;
    let itemsRead = 0;
    if (review.ok) {
      const k = knowledge.ok ? knowledge.value : null;
      for (;;) {
        const r = countDue(words, review.value, k, perDay.value, Date.now(), (w) => ready.get(w));
        if (!('need' in r)) {
          due = r;
          break;
        }
        itemsRead += await readItems(r.need.slice(0, 32));
      }
    }
    const b = badgeFor(due, enabled);
    await show(b);
    const nextAt = due?.nextAt ?? null;
    if (nextAt !== null) {
      // Chromium rounds alarms up to 30 s from now; a card due sooner is counted then.
      await browser.alarms?.create(BADGE_ALARM, { when: Math.max(nextAt, Date.now() + 1000) });
    } else {
      await browser.alarms?.clear(BADGE_ALARM);
    }
    stats.alarmAt = nextAt;
    stats.updates++;
    stats.last = { ...b, due: due?.due ?? null };
    stats.lastItemsRead = itemsRead;
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
      running = true;
      update()
        .catch(() => {
          // Storage did not answer: the badge stays as it was; the next change or alarm tries again.
        })
        .finally(() => {
          running = false;
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
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync') {
      if ('settings' in changes) schedule(BADGE_SETTLE_MS);
      return;
    }
    if (area !== 'local') return;
    let counts = false;
    for (const key of Object.keys(changes)) {
      if (!countsFor(key)) continue;
      counts = true;
      // A bucket's items changed (a sentence added, a word saved or removed): what was read of it is old.
      const b = bucketNumber(key);
      if (b !== null) for (const w of ready.keys()) if (bucketOf(w) === b) ready.delete(w);
      if (key === LEGACY_KEY || key.startsWith(V3_PREFIX)) ready.clear();
    }
    // Turning Dubao on or off shows at once.
    if (counts) schedule('enabled' in changes ? 0 : BADGE_SETTLE_MS);
  });
}
