/**
 * The background's study-list handlers (the hover card's Save button sends `study.save`, and every card
 * asks `study.has`). Both touch only the keys of the words concerned (utils/study/storage.ts), so a
 * hover or a save costs the same with 10 or 30,000 saved words.
 */
import type { Handlers } from '../messages';
import { migrateLegacy, saveWord, savedAmong } from './storage';

export const studyHandlers: Pick<Handlers, 'study.save' | 'study.has'> = {
  async 'study.save'(req) {
    const { outcome } = await saveWord(req);
    return { merged: outcome !== 'added' };
  },
  'study.has'({ words }) {
    return savedAmong(words);
  },
};

/**
 * Called when the worker starts: the single list of older versions moves into keys of its own (once;
 * a no-op afterwards). A failure leaves it where it is; readers read it there, the next change retries.
 */
export function startStudyList(): void {
  void migrateLegacy().catch(() => undefined);
}
