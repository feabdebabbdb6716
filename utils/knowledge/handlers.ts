/**
 * The background's side of word levels and word knowledge for the content script (issue 12):
 *
 *   - `startLearning(fetchBytes, after)` fetches and loads levels.bin once `after` has settled (the
 *     background passes the first answer's gate, utils/first-answer.ts), and the
 *     reader's word marks at once, keeping them current as any context changes them (watchKnowledge).
 *   - `decorate(result)` adds each reading's levels and the reader's mark to a `lookupAt` reply. It never
 *     waits: right after the worker starts, levels.bin may still be loading (its parse is some 20 ms
 *     that the cold first card must not wait for); those readings then have no `level` field and the
 *     card asks `word.info` once it is shown.
 *   - Handlers: `knowledge.mark` / `knowledge.undo` (K, I, U and the undo on the card; later the
 *     glossary's rows and "I've read this page"), `page.states` (the unknown-word colouring asks again
 *     when told that states changed: the frames that asked page.readings or page.states are, by
 *     utils/tab-push.ts) and `word.info`.
 *
 * A word's state needs the study list too (a saved word that has no mark is learning): the study list's
 * own keys are read for the words asked about (utils/study/read.ts savedAmong), nothing else.
 */
import { Levels, LEVELS_ASSET, type WordLevel } from '../../dictionary/levels/levels';
import type { Handlers, HoverResult, PageWord, Sender } from '../messages';
import { savedAmong } from '../study/read';
import { followStates } from '../tab-push';
import type { Knowledge, WordState } from './model';
import { stateOf } from './state';
import { loadKnowledge, markWords, undoMarks, watchKnowledge } from './store';

export interface LearningContext {
  /** Levels, once loaded; null when levels.bin cannot be read. */
  levels(): Promise<Levels | null>;
  /** The reader's marks as last read; null while they cannot be read (the card then shows no state). */
  knowledge(): Promise<Knowledge | null>;
  /** A lookup reply with levels and marks added (a copy: the hover cache keeps the plain one). */
  decorate(result: HoverResult | null): HoverResult | null;
  /** The states of words (simplified headwords), the study list consulted for the unmarked ones. */
  states(words: readonly string[]): Promise<WordState[]>;
}

export function startLearning(fetchBytes: (name: string) => Promise<Uint8Array>, after: Promise<unknown>): LearningContext {
  let levelsNow: Levels | null = null;
  // Fetched (257 KB) and parsed (some 20 ms) only once `after` has settled (the first card answered, in
  // the background): neither shares the fetches or the thread with the cold worker's first lookup.
  const levels: Promise<Levels | null> = after
    .catch(() => undefined)
    .then(() => fetchBytes(LEVELS_ASSET))
    .then((b) => new Promise<Uint8Array>((resolve) => setTimeout(() => resolve(b), 0)))
    .then((b) => (levelsNow = Levels.fromBytes(b)))
    .catch(() => null);

  let knowledgeNow: Knowledge | null = null;
  let knowledge: Promise<Knowledge | null> = loadKnowledge().then(
    (k) => (knowledgeNow = k),
    () => null,
  );
  watchKnowledge((outcome) => {
    knowledgeNow = outcome.ok ? outcome.value : null;
    knowledge = Promise.resolve(knowledgeNow);
  });
  let knowledgeRead = false;
  void knowledge.then(() => (knowledgeRead = true));

  const levelOf = (word: string): WordLevel | null | undefined => (levelsNow ? levelsNow.levelOf(word) : undefined);

  return {
    levels: () => levels,
    knowledge: () => knowledge,
    decorate(result) {
      if (!result) return result;
      return {
        ...result,
        readings: result.readings.map((r) => {
          const head = r.entries[0]?.simplified ?? r.word;
          const level = levelOf(head);
          const out = { ...r };
          if (level !== undefined) out.level = level;
          if (knowledgeRead) out.mark = knowledgeNow?.markOf(head)?.mark ?? null;
          return out;
        }),
      };
    },
    async states(words) {
      const k = await knowledge;
      const saved = new Set(await savedAmong([...new Set(words)]).catch(() => [] as string[]));
      return words.map((w) => (k ? k.stateOf(w, saved.has(w)) : stateOf(null, saved.has(w))));
    },
  };
}

/**
 * The handlers, and `study.save` wrapped: saving a word marked known or ignored means the reader is
 * learning it again, so its mark becomes learning (the save has succeeded either way; word states that
 * cannot be read are left alone).
 */
export function learningHandlers(
  ctx: LearningContext,
  save: Handlers['study.save'],
): Pick<Handlers, 'knowledge.mark' | 'knowledge.undo' | 'page.states' | 'word.info' | 'study.save'> {
  return {
    async 'study.save'(req, sender) {
      const result = await save(req, sender);
      const mark = (await ctx.knowledge())?.markOf(req.simplified)?.mark;
      if (mark === 'known' || mark === 'ignored') await markWords([req.simplified], 'learning').catch(() => undefined);
      return result;
    },
    async 'knowledge.mark'({ words, mark, onlyNew }) {
      const saved = onlyNew ? new Set(await savedAmong(words)) : undefined;
      // A store that cannot be read refuses the change with its sentence (UnreadableError).
      return markWords(words, mark, onlyNew ? { onlyNew, saved } : {});
    },
    'knowledge.undo'({ undo }) {
      return undoMarks(undo);
    },
    'page.states'({ words }, sender) {
      void followStates(sender);
      return ctx.states(words);
    },
    async 'word.info'({ words }) {
      const [levels, k] = await Promise.all([ctx.levels(), ctx.knowledge()]);
      return words.map((w) => ({ level: levels ? levels.levelOf(w) : null, mark: k?.markOf(w)?.mark ?? null }));
    },
  };
}

/**
 * Adds levels and states to the words of page texts (page.readings). The frame that asked (`sender`) is
 * told when states change (utils/tab-push.ts); it answers whether it still follows them.
 */
export async function pageWords(
  ctx: LearningContext,
  readings: ReadonlyArray<ReadonlyArray<Omit<PageWord, 'hsk2021' | 'hsk2025' | 'state'>>>,
  sender: Sender = {},
): Promise<PageWord[][]> {
  void followStates(sender);
  const levels = await ctx.levels();
  const distinct = [...new Set(readings.flatMap((ws) => ws.map((w) => w.simplified)))];
  const states = await ctx.states(distinct);
  const stateOfWord = new Map(distinct.map((w, i) => [w, states[i]!]));
  return readings.map((ws) =>
    ws.map((w) => {
      const l = levels?.levelOf(w.simplified);
      return { ...w, hsk2021: l?.hsk2021 ?? null, hsk2025: l?.hsk2025 ?? null, state: stateOfWord.get(w.simplified) ?? 'new' };
    }),
  );
}
