/**
 * The background's study-list handlers (the hover card's Save button sends `study.save`). They run in
 * the service worker, the one place every tab's saves go through, so their writes never interleave.
 */
import type { Handlers } from '../messages';
import { saveWord, savedWords, studyList } from './storage';

export const studyHandlers: Pick<Handlers, 'study.save' | 'study.has'> = {
  async 'study.save'(req) {
    const { outcome } = await saveWord(req);
    return { merged: outcome !== 'added' };
  },
  async 'study.has'({ words }) {
    const saved = savedWords(await studyList.getValue());
    return words.filter((w) => saved.has(w));
  },
};
