/**
 * A word's state from its mark and whether the study list holds it: the rule of model.ts
 * `Knowledge.stateOf`, for places that have one word's mark and no Knowledge (the hover card, the
 * background's replies). Pure.
 */
import type { Mark, WordState } from './model';

export function stateOf(mark: Mark | null | undefined, saved: boolean): WordState {
  if (mark === 'known' || mark === 'ignored' || mark === 'learning') return mark;
  return saved ? 'learning' : 'new';
}
