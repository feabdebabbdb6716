/**
 * Review state in browser.storage.local (key "reviewState", format 1; state.ts, stored as
 * `{ v: 1, data: "<JSON text>" }`), validated on every read,
 * changed under one Web Lock across contexts (versioned-store.ts). The new-cards-per-day setting is in
 * settings.ts.
 * No ts-fsrs here: the background and the backup code may import this module.
 */
import { parseData, versionedStore, type VersionedSpec } from '../learning/versioned-store';
import { decodeReview, emptyReviewState, encodeReview, mergeReview, sameCard, withCard, cardOf, type ReviewMergeReport, type ReviewState, type ReviewCard, type Template } from './state';

export const REVIEW_KEY = 'local:reviewState' as const;
export const REVIEW_VERSION = 1;
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

export const reviewStore = versionedStore(reviewSpec);

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
