/**
 * The count of the toolbar badge, pure (no storage, no browser, the clock a parameter): what the review
 * page offers now, counted from the saved words alone (`countDue`), and the badge's text and tooltip
 * (`badgeFor`). badge.ts runs it in the background; the study page's Review link uses `dueNow`.
 * No ts-fsrs here (queue.ts and state.ts have none).
 */
import type { Knowledge } from '../knowledge/model';
import { studyKey } from '../study/model';
import type { StudyItem } from '../study/types';
import { dayStart, sentenceFor } from './queue';
import { introducedOn, reviewDay, type ReviewCard, type ReviewState } from './state';
import { plural } from '../plural';

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
 * Whether a cloze card can be made of a saved word (queue.ts: its newest sentence holding it);
 * undefined when the caller has not read that word's item yet.
 */
export type ClozeReady = (word: string) => boolean | undefined;

/**
 * What `buildQueue` would offer at `now` for the saved `words` (study-list keys), counted without their
 * items. When the new cards depend on cloze cards whose readiness is not known, the answer is `need`:
 * the words to read (then ask again). `knowledge` null: no word is left out (the word states cannot be
 * read; the review page does the same). Pure.
 */
export function countDue(
  words: Iterable<string>,
  review: ReviewState,
  knowledge: Knowledge | null,
  newPerDay: number,
  now: number,
  clozeReady: ClozeReady,
): DueNow | { need: string[] } {
  const today = reviewDay(now);
  const todayStart = dayStart(today);
  const dayEnd = dayStart(today + 1);
  const newLeft = Math.max(0, Math.max(0, Math.floor(newPerDay)) - introducedOn(review, today));
  let learning = 0;
  let reviews = 0;
  let later: number | null = null;
  let meaningNew = 0;
  let any = false;
  const candidates: string[] = [];
  const place = (card: ReviewCard) => {
    // As queue.ts: learning cards come back when due, across the day's end; review cards wait for their day.
    if (card.state === 2) {
      if (card.due < dayEnd) reviews++;
    } else if (card.due <= now) learning++;
    else if (later === null || card.due < later) later = card.due;
  };
  const seen = new Set<string>();
  for (const word of words) {
    if (seen.has(word)) continue;
    seen.add(word);
    any = true;
    const s = knowledge?.stateOf(word);
    if (s === 'known' || s === 'ignored') continue;
    const cards = review.cards.get(word);
    const m = cards?.meaning;
    const c = cards?.cloze;
    if (m) place(m);
    else meaningNew++;
    if (c) place(c);
    else if (m && m.state === 2 && m.lastReview !== null && m.lastReview < todayStart && m.due >= dayEnd) candidates.push(word);
  }
  let fresh = Math.min(newLeft, meaningNew);
  if (fresh < newLeft) {
    const unknown: string[] = [];
    for (const w of candidates) {
      if (fresh >= newLeft) break;
      const r = clozeReady(w);
      if (r === undefined) unknown.push(w);
      else if (r) fresh++;
    }
    if (fresh < newLeft && unknown.length) return { need: unknown };
  }
  // The next day brings its new cards and its due cards; a learning card later today comes back sooner.
  const nextAt = later !== null ? later : any ? dayEnd : null;
  return { due: reviews + fresh + learning, fresh, learning, review: reviews, nextAt };
}

/** Whether a cloze card can be made of the item (queue.ts buildQueue's rule). */
export function isClozeReady(item: StudyItem): boolean {
  const s = sentenceFor(item);
  return s !== null && s.start >= 0;
}

/** `countDue` for a study list at hand (the study page has every item). Pure. */
export function dueNow(
  items: readonly StudyItem[],
  review: ReviewState,
  knowledge: Knowledge | null,
  newPerDay: number,
  now: number,
): DueNow {
  const byWord = new Map<string, StudyItem>();
  for (const it of items) if (!byWord.has(studyKey(it))) byWord.set(studyKey(it), it);
  const r = countDue(byWord.keys(), review, knowledge, newPerDay, now, (w) => {
    const it = byWord.get(w);
    return it ? isClozeReady(it) : false;
  });
  if ('need' in r) throw new Error('dueNow: every item was given');
  return r;
}

export interface Badge {
  /** Badge text: "" (nothing), the count, "off", or "!" (the schedule cannot be read). */
  text: string;
  /** The toolbar button's tooltip, a sentence. */
  title: string;
}

/** Badge text for a count: at most four characters. */
export function countText(n: number): string {
  return n <= 0 ? '' : n > 999 ? '999+' : String(n);
}

/** The badge for a count (null: the schedule cannot be read) and the on/off switch. Pure. */
export function badgeFor(due: DueNow | null, enabled: boolean): Badge {
  if (!due) {
    return {
      text: enabled ? '!' : 'off',
      title: `Dubao${enabled ? '' : ' is off'}: your review schedule cannot be read; the review page says why.`,
    };
  }
  const parts: string[] = [];
  if (due.fresh) parts.push(`${due.fresh.toLocaleString('en-US')} new`);
  if (due.learning) parts.push(`${due.learning.toLocaleString('en-US')} learning`);
  const what = due.due ? `${plural(due.due, 'card')} to review${parts.length ? ` (${parts.join(', ')})` : ''}` : 'nothing to review now';
  return {
    text: enabled ? countText(due.due) : 'off',
    title: enabled ? `Dubao: ${what}.` : `Dubao is off (the hover card and the page tools rest); ${what}.`,
  };
}
