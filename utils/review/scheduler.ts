/**
 * The scheduler glue: our ReviewCard ↔ ts-fsrs's Card, the four ratings with their next intervals, and
 * how an interval reads on a button. ts-fsrs adds methods to Date.prototype when it loads, so it must
 * never reach a content script (a page's own scripts share that Date): only the review page imports
 * this module, and tests/e2e/bundles.test.ts checks the built content script does not hold ts-fsrs.
 *
 * FSRS with its default weights, 90 % requested retention, learning steps 1 min and 10 min, relearning
 * 10 min, intervals fuzzed (deterministically: ts-fsrs seeds the fuzz from the card and the time).
 */
import { createEmptyCard, fsrs, Rating, type State, type Card, type Grade as FsrsGrade } from 'ts-fsrs';
import type { CardState, ReviewCard } from './state';
import { reviewDay } from './state';

/** 1 Again, 2 Hard, 3 Good, 4 Easy. */
export type Grade = 1 | 2 | 3 | 4;
export const GRADES: readonly Grade[] = [1, 2, 3, 4];
export const GRADE_NAMES: Record<Grade, 'Again' | 'Hard' | 'Good' | 'Easy'> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

const scheduler = fsrs({ request_retention: 0.9, enable_fuzz: true, enable_short_term: true });

function toFsrs(card: ReviewCard | null | undefined, now: number): Card {
  if (!card) return createEmptyCard(new Date(now));
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state as State,
    last_review: card.lastReview === null ? undefined : new Date(card.lastReview),
  };
}

function fromFsrs(c: Card, introduced: number): ReviewCard {
  return {
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state as number as CardState,
    lastReview: c.last_review ? c.last_review.getTime() : null,
    introduced,
  };
}

const toRating = (g: Grade) => g as number as FsrsGrade;

/** The card after rating it `grade` at `now` (a card never rated: pass null). */
export function rate(card: ReviewCard | null | undefined, grade: Grade, now: number): ReviewCard {
  const next = scheduler.next(toFsrs(card, now), new Date(now), toRating(grade)).card;
  return fromFsrs(next, card ? card.introduced : reviewDay(now));
}

/** What each rating would do at `now`: the next card and its due time (for the buttons' intervals). */
export function previewRatings(card: ReviewCard | null | undefined, now: number): Record<Grade, ReviewCard> {
  const log = scheduler.repeat(toFsrs(card, now), new Date(now));
  const introduced = card ? card.introduced : reviewDay(now);
  return {
    1: fromFsrs(log[Rating.Again].card, introduced),
    2: fromFsrs(log[Rating.Hard].card, introduced),
    3: fromFsrs(log[Rating.Good].card, introduced),
    4: fromFsrs(log[Rating.Easy].card, introduced),
  };
}

/** An interval as a button shows it: "1m", "10m", "3h", "1d", "12d", "2.1mo", "1.3y". */
export function formatInterval(ms: number): string {
  const min = Math.max(0, ms) / 60_000;
  if (min < 60) return `${Math.max(1, Math.round(min))}m`;
  const h = min / 60;
  if (h < 24) return `${Math.round(h)}h`;
  const d = h / 24;
  if (d < 30) return `${Math.round(d)}d`;
  if (d < 365) return `${(d / 30).toFixed(1).replace(/\.0$/, '')}mo`;
  return `${(d / 365).toFixed(1).replace(/\.0$/, '')}y`;
}

/** The same interval in words, for screen readers and the status line: "in 10 minutes", "in 3 days". */
export function describeInterval(ms: number): string {
  const min = Math.max(0, ms) / 60_000;
  const unit = (n: number, one: string) => `in ${n} ${one}${n === 1 ? '' : 's'}`;
  if (min < 60) return unit(Math.max(1, Math.round(min)), 'minute');
  const h = min / 60;
  if (h < 24) return unit(Math.round(h), 'hour');
  const d = h / 24;
  if (d < 30) return unit(Math.round(d), 'day');
  if (d < 365) return unit(Math.round(d / 30), 'month');
  return unit(Math.round((d / 365) * 10) / 10, 'year');
}
