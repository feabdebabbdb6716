/**
 * A review session over the study list: which card comes next, rating it, and undoing the last rating.
 * Pure (no storage, no DOM; the clock is a parameter), so the order and the caps are unit-tested with a
 * fixed clock; the review page stores each change through store.ts.
 *
 * Order: learning cards due now, then review cards due today (earliest first), then new cards (in the
 * study list's order, at most `newPerDay` first ratings per review day), then learning cards due within
 * the next 20 minutes (Anki's "learn ahead"). A word's cloze card becomes new only once its meaning card
 * has graduated (state review) on an earlier day and is not due today, so a reader meets the meaning
 * before producing the word, and never both cards of a word in one day. Words the reader marked known or ignored are skipped.
 */
import type { StudyItem } from '../study/types';
import { studyKey } from '../study/model';
import { rate, type Grade } from './scheduler';
import { cardOf, introducedOn, reviewDay, withCard, type ReviewCard, type ReviewState, type Template } from './state';

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
  learningNow: QueueEntry[];
  review: QueueEntry[];
  fresh: QueueEntry[];
  learningAhead: QueueEntry[];
  /** Earliest due time of a card not in the queue (for "next card due …"), or null. */
  nextDue: number | null;
  /** New cards rated today and the day's cap. */
  newToday: number;
  newPerDay: number;
}

export function buildQueue(items: readonly StudyItem[], state: ReviewState, now: number, options: SessionOptions = {}): Queue {
  const newPerDay = Math.max(0, Math.floor(options.newPerDay ?? DEFAULT_NEW_PER_DAY));
  const today = reviewDay(now);
  const newToday = introducedOn(state, today);
  let newLeft = Math.max(0, newPerDay - newToday);
  const q: Queue = { learningNow: [], review: [], fresh: [], learningAhead: [], nextDue: null, newToday, newPerDay };
  const later = (due: number) => {
    if (q.nextDue === null || due < q.nextDue) q.nextDue = due;
  };
  const seen = new Set<string>();
  for (const item of items) {
    const word = studyKey(item);
    if (seen.has(word) || options.skip?.(word)) continue;
    seen.add(word);
    let sentence: SentenceView | null | undefined;
    const view = () => (sentence === undefined ? (sentence = sentenceFor(item)) : sentence);
    const meaning = cardOf(state, word, 'meaning');
    const cloze = cardOf(state, word, 'cloze');
    for (const [template, card] of [['meaning', meaning], ['cloze', cloze]] as const) {
      if (card) {
        const entry: QueueEntry = { word, template, item, card, sentence: view() };
        if (card.state === 2) {
          if (reviewDay(card.due) <= today) q.review.push(entry);
          else later(card.due);
        } else if (card.due <= now) q.learningNow.push(entry);
        else if (card.due <= now + LEARN_AHEAD_MS) q.learningAhead.push(entry);
        else later(card.due);
        continue;
      }
      if (newLeft === 0) continue;
      if (template === 'cloze') {
        const s = view();
        const ready =
          meaning && meaning.state === 2 && meaning.lastReview !== null && reviewDay(meaning.lastReview) < today && reviewDay(meaning.due) > today;
        if (!ready || !s || s.start < 0) continue;
      }
      q.fresh.push({ word, template, item, card: null, sentence: view() });
      newLeft--;
    }
  }
  q.learningNow.sort((a, b) => a.card!.due - b.card!.due);
  q.review.sort((a, b) => a.card!.due - b.card!.due);
  q.learningAhead.sort((a, b) => a.card!.due - b.card!.due);
  return q;
}

export function nextEntry(q: Queue): QueueEntry | null {
  return q.learningNow[0] ?? q.review[0] ?? q.fresh[0] ?? q.learningAhead[0] ?? null;
}

export interface Answer {
  word: string;
  template: Template;
  grade: Grade;
  before: ReviewCard | null;
  after: ReviewCard;
}

/** The session: the review state in memory and the last answer (one-step undo). */
export class ReviewSession {
  state: ReviewState;
  private last: Answer | null = null;

  constructor(
    private items: readonly StudyItem[],
    state: ReviewState,
    private readonly options: SessionOptions = {},
  ) {
    this.state = state;
  }

  /** The study list or the options changed (another tab saved a word, the reader marked one known). */
  update(items: readonly StudyItem[], state?: ReviewState): void {
    this.items = items;
    if (state) this.state = state;
  }

  queue(now: number): Queue {
    return buildQueue(this.items, this.state, now, this.options);
  }

  current(now: number): QueueEntry | null {
    return nextEntry(this.queue(now));
  }

  /** Rates the current card (or `entry`) and returns what changed, to be stored. */
  answer(entry: QueueEntry, grade: Grade, now: number): Answer {
    const before = cardOf(this.state, entry.word, entry.template) ?? null;
    const after = rate(before, grade, now);
    this.state = withCard(this.state, entry.word, entry.template, after);
    this.last = { word: entry.word, template: entry.template, grade, before, after };
    return this.last;
  }

  get canUndo(): boolean {
    return this.last !== null;
  }

  /** Reverts the last answer in memory and returns it (to be reverted in storage), or null. */
  undo(): Answer | null {
    const a = this.last;
    if (!a) return null;
    this.state = withCard(this.state, a.word, a.template, a.before ?? undefined);
    this.last = null;
    return a;
  }
}
