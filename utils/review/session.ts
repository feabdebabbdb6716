/**
 * A review session on the review page: the queue (queue.ts), rating cards (scheduler.ts, ts-fsrs) and
 * undoing the last rating. Pure (no storage, no DOM; the clock is a parameter), unit-tested with a fixed
 * clock; the page stores each change through store.ts. Imports ts-fsrs: never import it outside the
 * review page.
 */
import type { StudyItem } from '../study/types';
import { rate, type Grade } from './scheduler';
import { buildQueue, dayStart, insertByDue, nextEntry, type Queue, type QueueEntry, type SessionOptions } from './queue';
import { cardOf, reviewDay, withCard, type ReviewCard, type ReviewState, type Template } from './state';

export * from './queue';

export interface Answer {
  word: string;
  template: Template;
  grade: Grade;
  before: ReviewCard | null;
  after: ReviewCard;
}

/**
 * The session: the review state in memory, its queue, and the last answer (one-step undo). A rating
 * updates the queue in place (a few binary searches); the queue is made again from the study list only
 * when something else changed (another tab, a new day, an undo).
 */
export class ReviewSession {
  state: ReviewState;
  private last: Answer | null = null;
  private cached: Queue | null = null;

  constructor(
    private items: readonly StudyItem[],
    state: ReviewState,
    private readonly options: SessionOptions = {},
  ) {
    this.state = state;
  }

  /** The study list, the review state or the skipped words changed (another tab, a new mark). */
  update(items: readonly StudyItem[], state?: ReviewState): void {
    this.items = items;
    if (state) this.state = state;
    this.cached = null;
  }

  queue(now: number): Queue {
    if (!this.cached || this.cached.day !== reviewDay(now)) this.cached = buildQueue(this.items, this.state, now, this.options);
    return this.cached;
  }

  current(now: number): QueueEntry | null {
    return nextEntry(this.queue(now), now);
  }

  /** Rates `entry` (from this session's queue) and returns what changed, to be stored. */
  answer(entry: QueueEntry, grade: Grade, now: number): Answer {
    const before = cardOf(this.state, entry.word, entry.template) ?? null;
    const after = rate(before, grade, now);
    this.state = withCard(this.state, entry.word, entry.template, after);
    this.last = { word: entry.word, template: entry.template, grade, before, after };
    const q = this.cached;
    if (q && q.day === reviewDay(now)) {
      for (const list of [q.learning, q.review, q.fresh]) {
        const at = list.findIndex((e) => e.word === entry.word && e.template === entry.template);
        if (at >= 0) list.splice(at, 1);
      }
      if (!before) q.newToday++;
      if (after.due >= dayStart(q.day + 1)) {
        if (q.nextDue === null || after.due < q.nextDue) q.nextDue = after.due;
      } else insertByDue(after.state === 2 ? q.review : q.learning, { ...entry, card: after });
    } else this.cached = null;
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
    this.cached = null;
    return a;
  }
}
