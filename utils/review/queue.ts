/**
 * The review queue over the study list: which cards are due, which are new today, in what order. Pure (no
 * storage, no DOM, the clock is a parameter) and free of ts-fsrs, so the background can count due cards
 * for the badge; session.ts rates cards with it on the review page.
 *
 * Order: learning cards due now, then review cards due today (earliest first), then new cards (in the
 * study list's order, at most `newPerDay` first ratings per review day), then learning cards due within
 * the next 20 minutes (Anki's "learn ahead"). A review day starts at 4 a.m. local time (state.ts).
 * A word's cloze card becomes new only once its meaning card has graduated (state review) on an earlier
 * day and is not due today, so a reader meets the meaning before producing the word, and never both
 * cards of a word in one day. Words the reader marked known or ignored are skipped.
 */
import type { StudyItem } from '../study/types';
import { studyKey } from '../study/model';
import { DAY_STARTS_AT_HOUR, introducedOn, reviewDay, type ReviewCard, type ReviewState, type Template } from './state';

export const DEFAULT_NEW_PER_DAY = 20;
export const LEARN_AHEAD_MS = 20 * 60_000;

export interface SessionOptions {
  /** New cards per review day (default 20). */
  newPerDay?: number;
  /** Words to leave out (known or ignored). */
  skip?: (word: string) => boolean;
}

export interface QueueEntry {
  word: string;
  template: Template;
  item: StudyItem;
  /** The card as stored; null for a new card. */
  card: ReviewCard | null;
  /** The sentence shown, with the word's place in it (start -1: the word is not in it). */
  sentence: SentenceView | null;
}

export interface SentenceView {
  text: string;
  start: number;
  end: number;
}

/** The newest saved sentence holding the word (simplified or traditional); else the newest sentence. */
export function sentenceFor(item: StudyItem): SentenceView | null {
  let fallback: SentenceView | null = null;
  for (let i = item.contexts.length - 1; i >= 0; i--) {
    const text = item.contexts[i]!.sentence.trim();
    if (!text) continue;
    for (const form of [item.simplified, item.traditional]) {
      const at = form ? text.indexOf(form) : -1;
      if (at >= 0) return { text, start: at, end: at + form.length };
    }
    fallback ??= { text, start: -1, end: -1 };
  }
  return fallback;
}

export interface Queue {
  /** The review day the queue was made for. */
  day: number;
  /** Learning and relearning cards due today, earliest first. */
  learning: QueueEntry[];
  /** Review cards due today, earliest first. */
  review: QueueEntry[];
  /** New cards, in the study list's order, as many as the day's cap leaves. */
  fresh: QueueEntry[];
  /** Earliest due time of a card due after today, or null. */
  nextDue: number | null;
  /** New cards rated today and the day's cap. */
  newToday: number;
  newPerDay: number;
}

function byDue(a: QueueEntry, b: QueueEntry): number {
  return a.card!.due - b.card!.due;
}

/** Inserts `e` into `list` kept in due order (binary search). */
export function insertByDue(list: QueueEntry[], e: QueueEntry): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.card!.due <= e.card!.due) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, e);
}

export function buildQueue(items: readonly StudyItem[], state: ReviewState, now: number, options: SessionOptions = {}): Queue {
  const newPerDay = Math.max(0, Math.floor(options.newPerDay ?? DEFAULT_NEW_PER_DAY));
  const today = reviewDay(now);
  const newToday = introducedOn(state, today);
  let newLeft = Math.max(0, newPerDay - newToday);
  const q: Queue = { day: today, learning: [], review: [], fresh: [], nextDue: null, newToday, newPerDay };
  // A card is due today when its due time is before the next day starts.
  const dayEnd = dayStart(today + 1);
  const seen = new Set<string>();
  const skip = options.skip;
  for (const item of items) {
    const word = studyKey(item);
    if (seen.has(word) || skip?.(word)) continue;
    seen.add(word);
    const cards = state.cards.get(word);
    const meaning = cards?.meaning;
    const cloze = cards?.cloze;
    if (meaning) place(q, item, word, 'meaning', meaning, dayEnd);
    else if (newLeft > 0) {
      q.fresh.push({ word, template: 'meaning', item, card: null, sentence: sentenceFor(item) });
      newLeft--;
    }
    if (cloze) place(q, item, word, 'cloze', cloze, dayEnd);
    else if (
      newLeft > 0 &&
      meaning &&
      meaning.state === 2 &&
      meaning.lastReview !== null &&
      meaning.lastReview < dayStart(today) &&
      meaning.due >= dayEnd
    ) {
      const s = sentenceFor(item);
      if (s && s.start >= 0) {
        q.fresh.push({ word, template: 'cloze', item, card: null, sentence: s });
        newLeft--;
      }
    }
  }
  q.learning.sort(byDue);
  q.review.sort(byDue);
  return q;
}

/** Start of review day `day` in ms (local time, DAY_STARTS_AT_HOUR). */
export function dayStart(day: number): number {
  // reviewDay is floor((ms - offset(ms) - 4h) / day); invert with the offset of that moment.
  const guess = day * 86_400_000 + DAY_STARTS_AT_HOUR * 3_600_000;
  const offset = new Date(guess).getTimezoneOffset() * 60_000;
  return guess + offset;
}

function place(q: Queue, item: StudyItem, word: string, template: Template, card: ReviewCard, dayEnd: number): void {
  // A learning card's steps are minutes long: it comes back when due even if that is past the day's end
  // (rated at 3:55, due at 4:05), as Anki does; only review cards wait for their day.
  if (card.state === 2 && card.due >= dayEnd) {
    if (q.nextDue === null || card.due < q.nextDue) q.nextDue = card.due;
    return;
  }
  const entry: QueueEntry = { word, template, item, card, sentence: sentenceFor(item) };
  (card.state === 2 ? q.review : q.learning).push(entry);
}

/**
 * The card to show at `now`: a learning card that is due, else a review card, else a new card, else a
 * learning card due within LEARN_AHEAD_MS; null when nothing is due yet.
 */
export function nextEntry(q: Queue, now: number): QueueEntry | null {
  const first = q.learning[0];
  if (first && first.card!.due <= now) return first;
  return q.review[0] ?? q.fresh[0] ?? (first && first.card!.due <= now + LEARN_AHEAD_MS ? first : null);
}

/** When the first card of the queue that is not shown yet comes due (learning later today, or a later day). */
export function nextWait(q: Queue): number | null {
  const first = q.learning[0];
  return first ? first.card!.due : q.nextDue;
}

/** Cards to review now, for the toolbar badge: learning and review cards due today and today's new cards. */
export function dueCounts(
  items: readonly StudyItem[],
  state: ReviewState,
  now: number,
  options: SessionOptions = {},
): { learning: number; review: number; fresh: number } {
  const q = buildQueue(items, state, now, options);
  return { learning: q.learning.length, review: q.review.length, fresh: q.fresh.length };
}
