/**
 * Review state in browser.storage.local (state.ts), in the bucketed layout of
 * utils/learning/bucketed-store.ts (layout version 2):
 *   reviewState$       { v: 2 }, written with every change
 *   reviewState/<n>    n = 0 … 255: the JSON text of the format-1 object ({ cards }) of the words hashing to n
 * so a rating writes one bucket, however many cards there are. The earlier layout, one value
 * `reviewState` = `{ v: 1, data: "<JSON text>" }`, is read and moved into the buckets at the first change;
 * backups keep the format-1 envelope (`reviewSpec`). Validated on every read, changed under one Web Lock
 * across contexts. The new-cards-per-day setting is in settings.ts.
 * No ts-fsrs here: the background and the backup code may import this module.
 */
import { bucketedStore, type BucketedSpec } from '../learning/bucketed-store';
import { parseData, type VersionedSpec } from '../learning/versioned-store';
import {
  decodeReview,
  emptyReviewState,
  encodeReview,
  mergeReview,
  sameCard,
  withCard,
  cardOf,
  type ReviewMergeReport,
  type ReviewState,
  type ReviewCard,
  type Template,
  type WordCards,
} from './state';

/** The earlier layout's single value (format 1), migrated at the first change. */
export const REVIEW_KEY = 'local:reviewState' as const;
/** The format of the review state's data (format 1: state.ts), as backups hold it. */
export const REVIEW_VERSION = 1;
export const REVIEW_NAME = 'reviewState';
export const REVIEW_LAYOUT_VERSION = 2;
export const REVIEW_BUCKETS = 256;
export const REVIEW_LOCK = 'dubao.reviewState';

export const reviewSpec: VersionedSpec<ReviewState> = {
  key: REVIEW_KEY,
  lock: REVIEW_LOCK,
  version: REVIEW_VERSION,
  label: 'your review schedule',
  empty: emptyReviewState,
  decode: (data) => {
    const parsed = parseData(data);
    return parsed.ok ? decodeReview(parsed.value) : parsed;
  },
  encode: (s) => JSON.stringify(encodeReview(s)),
};

/** The bucketed layout (benchmarks build the same values). */
export const reviewLayout: BucketedSpec<ReviewState, WordCards> = {
  name: REVIEW_NAME,
  lock: REVIEW_LOCK,
  version: REVIEW_LAYOUT_VERSION,
  buckets: REVIEW_BUCKETS,
  label: reviewSpec.label,
  legacy: reviewSpec,
  empty: emptyReviewState,
  entries: (s) => s.cards.entries(),
  get: (s, w) => s.cards.get(w),
  fromEntries: (entries) => ({ cards: new Map(entries) }),
  encodeBucket: (entries) => JSON.stringify(encodeReview({ cards: new Map(entries) })),
  decodeBucket: (text) => {
    const parsed = parseData(text);
    if (!parsed.ok) return parsed;
    const d = decodeReview(parsed.value);
    return d.ok ? { ok: true, value: [...d.value.cards] } : d;
  },
};

export const reviewStore = bucketedStore(reviewLayout);

export function loadReviewState(): Promise<ReviewState> {
  return reviewStore.read();
}

/** A rating to store (and to revert on undo). */
export interface CardChange {
  word: string;
  template: Template;
  before: ReviewCard | null;
  after: ReviewCard;
}

/** Stores the card a rating made. */
export function saveAnswer(change: CardChange): Promise<void> {
  return reviewStore.mutate((s) => ({ value: withCard(s, change.word, change.template, change.after), result: undefined }));
}

/**
 * Puts the card back as it was before the rating, unless it was reviewed again since (in another tab):
 * returns whether it was reverted.
 */
export function revertAnswer(change: CardChange): Promise<boolean> {
  return reviewStore.mutate((s) => {
    if (!sameCard(cardOf(s, change.word, change.template), change.after)) return { value: s, result: false };
    return { value: withCard(s, change.word, change.template, change.before ?? undefined), result: true };
  });
}

/** Merges review state from a backup (the card reviewed last wins; see mergeReview). */
export function importReview(incoming: ReviewState): Promise<ReviewMergeReport> {
  return reviewStore.mutate((s) => {
    const r = mergeReview(s, incoming);
    return { value: r.state, result: r.report };
  });
}
