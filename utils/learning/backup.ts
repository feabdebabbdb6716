/**
 * Word states and review state in the JSON backup of the study list (utils/study/export.ts writes it,
 * import.ts reads it). Two top-level fields beside "items", each a versioned envelope of format 1 (as the
 * earlier single-value storage held it; storage now keeps the same data in buckets, bucketed-store.ts):
 *
 *   "wordStates": { "v": 1, "data": { "known": {…}, "ignored": {…}, "learning": {…}, "new": {…} } }
 *   "review":     { "v": 1, "data": { "cards": {…} } }
 *
 * Older backups lack them and import as before; the study-list import ignores fields it does not know.
 * Reading a field goes through the same checks and migrations as reading storage (versioned-store.ts),
 * so a backup made by an older Dubao is updated and a damaged one is refused with a sentence.
 */
import { readEnvelope, type UnreadableError } from './versioned-store';
import { knowledgeSpec, knowledgeStore, importKnowledge } from '../knowledge/store';
import { encodeKnowledge, type Knowledge, type KnowledgeMergeReport } from '../knowledge/model';
import { reviewSpec, reviewStore, importReview } from '../review/store';
import { encodeReview, type ReviewMergeReport, type ReviewState } from '../review/state';

export const WORD_STATES_FIELD = 'wordStates';
export const REVIEW_FIELD = 'review';

export interface LearningFields {
  wordStates: { v: number; data: unknown };
  review: { v: number; data: unknown };
}

/**
 * Adds the fields to a backup's JSON text (an object, as toJsonBackup writes it), before its closing
 * brace, each on a line of its own, so the study list's own lines stay as they are. A field left out
 * (its store could not be read) is not written.
 */
export function appendLearningFields(backupJson: string, fields: Partial<LearningFields>): string {
  const end = backupJson.lastIndexOf('}');
  if (end < 0) throw new Error('appendLearningFields: not a JSON object');
  let add = '';
  if (fields.wordStates) add += `,\n${JSON.stringify(WORD_STATES_FIELD)}:${JSON.stringify(fields.wordStates)}`;
  if (fields.review) add += `,\n${JSON.stringify(REVIEW_FIELD)}:${JSON.stringify(fields.review)}`;
  return backupJson.slice(0, end).replace(/\s*$/, '') + add + backupJson.slice(end);
}

/**
 * The fields of the stored state now (for an export). A store that cannot be read is left out of
 * `fields` and its UnreadableError (a sentence) is in `unreadable`: the rest of the backup is still made.
 */
export async function currentLearningFields(): Promise<{ fields: Partial<LearningFields>; unreadable: UnreadableError[] }> {
  const [k, r] = await Promise.all([knowledgeStore.inspect(), reviewStore.inspect()]);
  const fields: Partial<LearningFields> = {};
  const unreadable: UnreadableError[] = [];
  if (k.ok) fields.wordStates = { v: knowledgeSpec.version, data: encodeKnowledge(k.value) };
  else unreadable.push(k.error);
  if (r.ok) fields.review = { v: reviewSpec.version, data: encodeReview(r.value) };
  else unreadable.push(r.error);
  return { fields, unreadable };
}

export type LearningBackup =
  | { ok: true; knowledge: Knowledge | null; review: ReviewState | null }
  | { ok: false; field: typeof WORD_STATES_FIELD | typeof REVIEW_FIELD; error: string };

/** Reads the two fields of a parsed backup object; either may be missing (null). */
export function readLearningFields(backup: Record<string, unknown>): LearningBackup {
  let knowledge: Knowledge | null = null;
  let review: ReviewState | null = null;
  if (backup[WORD_STATES_FIELD] !== undefined) {
    const r = readEnvelope(knowledgeSpec, backup[WORD_STATES_FIELD]);
    if (!r.ok) return { ok: false, field: WORD_STATES_FIELD, error: `the backup’s word states cannot be read (${r.error.problem}).` };
    knowledge = r.value;
  }
  if (backup[REVIEW_FIELD] !== undefined) {
    const r = readEnvelope(reviewSpec, backup[REVIEW_FIELD]);
    if (!r.ok) return { ok: false, field: REVIEW_FIELD, error: `the backup’s review schedule cannot be read (${r.error.problem}).` };
    review = r.value;
  }
  return { ok: true, knowledge, review };
}

export interface LearningImportReport {
  wordStates: KnowledgeMergeReport | null;
  review: ReviewMergeReport | null;
}

/** Merges what readLearningFields found into storage (each store under its own lock). */
export async function importLearningFields(found: {
  knowledge: Knowledge | null;
  review: ReviewState | null;
}): Promise<LearningImportReport> {
  return {
    wordStates: found.knowledge ? await importKnowledge(found.knowledge) : null,
    review: found.review ? await importReview(found.review) : null,
  };
}
