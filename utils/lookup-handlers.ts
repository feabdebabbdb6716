/**
 * The background's dictionary handlers: `lookupAt` (the hover card; its reply also says which of the
 * readings' headwords are in the study list, so the first hover needs one round trip, not two) and
 * `lookupWord`. The core is given once loaded; `prefetchFor` starts fetching the senses shards a hover
 * will need while the core is still loading.
 */
import type { Core } from '../dictionary/core';
import type { HoverCache } from './hover-lookup';
import type { Handlers, HoverResult } from './messages';

export interface LookupDeps {
  /** The core and the hover cache, once loaded. */
  ready: Promise<{ core: Core; cache: HoverCache }>;
  /** Starts fetching the senses shards of the words around `offset` (dictionary/core.ts). */
  prefetchFor(text: string, offset: number): void;
  /** Which of `words` are in the study list (utils/study/read.ts savedAmong). */
  savedAmong(words: string[]): Promise<string[]>;
  /** Adds what the reader's knowledge says (levels, marks: utils/knowledge/handlers.ts) to a copy of a reply. */
  decorate?(result: HoverResult): HoverResult;
  /** A lookupAt's reply is computed (or failed): the background work held for it may start (utils/first-answer.ts). */
  answered?(): void;
  /** Instrumentation: a lookupAt answered, started at `started` (utils/timing.ts). */
  looked?(started: number): void;
  /** How long the reply waits for the saved state (ms; SAVED_WAIT_MS). */
  savedWaitMs?: number;
}

/**
 * The card never waits for the study list: reading its indexes takes a few ms, but storage can be busy
 * for seconds (the background moving 30,000 words of an older layout into buckets). Past this, the reply
 * goes without the saved state and the card asks for it with study.has once it is shown.
 */
export const SAVED_WAIT_MS = 40;

/** The headwords a card marks as saved or not: each reading's first entry's simplified form, else the word. */
export function readingHeadwords(result: HoverResult): string[] {
  return [...new Set(result.readings.map((r) => r.entries[0]?.simplified ?? r.word))];
}

export function lookupHandlers(deps: LookupDeps): Pick<Handlers, 'lookupAt' | 'lookupWord'> {
  return {
    async lookupAt({ text, offset }) {
      deps.prefetchFor(text, offset);
      let result: HoverResult | null;
      try {
        const { core, cache } = await deps.ready;
        const t = performance.now();
        result = await core.run(() => cache.at(text, offset));
        deps.looked?.(t);
      } finally {
        deps.answered?.();
      }
      if (!result) return null;
      const decorated = deps.decorate ? deps.decorate(result) : result;
      // The saved state is read beside the lookup (its reply is cached, the saved state is not). A study
      // list that cannot be read, or not at once, leaves it out: the card then asks again with study.has.
      let cancel = () => {};
      const late = new Promise<undefined>((resolve) => {
        const timer = setTimeout(resolve, deps.savedWaitMs ?? SAVED_WAIT_MS);
        cancel = () => clearTimeout(timer);
      });
      const saved = await Promise.race([deps.savedAmong(readingHeadwords(result)).catch(() => undefined), late]);
      cancel();
      return saved ? { ...decorated, saved } : decorated;
    },
    async lookupWord({ word }) {
      const { core } = await deps.ready;
      return core.run(() => core.words.lookup(word));
    },
  };
}
