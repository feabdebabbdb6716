/**
 * The background's `page.readings` handler (issues 13 and 12): the words of page texts with the reading
 * of each word (dictionary/readings.ts, segmented as the hover card segments), their HSK levels and the
 * reader's state of each. Pinyin over the page and the unknown-word colouring ask it; both run in the
 * content script, which has neither the dictionary nor the levels.
 */
import type { Core } from '../dictionary/core';
import { readingsOfTexts } from '../dictionary/readings';
import type { Handlers } from './messages';
import { pageWords, type LearningContext } from './knowledge/handlers';

export function pageReadingsHandlers(ready: Promise<{ core: Core }>, learning: LearningContext): Pick<Handlers, 'page.readings'> {
  return {
    async 'page.readings'({ texts }, sender) {
      const { core } = await ready;
      const words = await core.run(() => readingsOfTexts(core.dictionary, core.segmenter, texts));
      return pageWords(learning, words, sender);
    },
  };
}
