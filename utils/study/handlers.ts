/**
 * The background's study-list handlers (the hover card's Save button sends `study.save`, and every card
 * asks `study.has`). A save reads and rewrites the bucket of its word, `study.has` reads the index of
 * saved headwords of the words' buckets (utils/study/storage.ts, read.ts), so a hover or a save costs about the
 * same with 10 or 30,000 saved words.
 */
import type { Handlers } from '../messages';
import { savedAmong } from './read';
import { migrate, saveWord } from './storage';

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
 * Called when the worker starts: the layouts of earlier versions (the single list, the keys per word)
 * move into buckets (once; afterwards a read of three small keys). A failure leaves them where they are;
 * readers read them there, and the next change retries.
 */
export function startStudyList(): void {
  void migrate().catch(() => undefined);
}
