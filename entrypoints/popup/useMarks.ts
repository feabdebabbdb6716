/**
 * Word marks from the popup (issue 12): K / I / U on a glossary row (its buttons, or its keys while the
 * row has the focus) and "I've read this page", each with a one-step undo. Marks go through the
 * background (`knowledge.mark` with `onlyNew` for the page: a word saved or marked meanwhile keeps its
 * state; `knowledge.undo`), and the rows show the change when it comes back through storage
 * (useLearning.ts), so what they show is what is stored.
 */
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { KnowledgeUndo, Mark } from '../../utils/knowledge/model';
import { send } from '../../utils/messages';

export interface MarkStatus {
  text: string;
  error?: boolean;
  /** The change the Undo button reverts (one step: the last change only). */
  undo?: KnowledgeUndo;
}

const DONE: Record<Mark, string> = { known: 'known', ignored: 'ignored', new: 'unknown', learning: 'learning' };
const n = (x: number) => x.toLocaleString('en-US');

export function useMarks() {
  const [status, setStatus] = useState<MarkStatus | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<MarkStatus>) => {
    setBusy(true);
    try {
      setStatus(await fn());
    } finally {
      setBusy(false);
    }
  };

  return {
    status,
    busy,
    /** Marks one word (a row's K, I or U). */
    markWord: (word: string, mark: Mark) =>
      run(async () => {
        const r = await send(browser.runtime, 'knowledge.mark', { words: [word], mark });
        if (!r.ok) return { text: `“${word}” could not be marked: ${r.error}`, error: true };
        if (r.value.changed === 0) return { text: `“${word}” was ${DONE[mark]} already.` };
        return { text: `Marked “${word}” ${DONE[mark]}.`, undo: r.value.undo };
      }),
    /** "I've read this page": the page's words still new become known. */
    readPage: (words: string[]) =>
      run(async () => {
        if (words.length === 0) return { text: 'No word of this page is new to you.' };
        const r = await send(browser.runtime, 'knowledge.mark', { words, mark: 'known', onlyNew: true });
        if (!r.ok) return { text: `The page’s words could not be marked: ${r.error}`, error: true };
        const c = r.value.changed;
        return { text: `Marked ${n(c)} new word${c === 1 ? '' : 's'} of this page known.`, undo: c > 0 ? r.value.undo : undefined };
      }),
    undo: (undo: KnowledgeUndo) =>
      run(async () => {
        const r = await send(browser.runtime, 'knowledge.undo', { undo });
        if (!r.ok) return { text: `Could not undo: ${r.error}`, error: true, undo };
        if (r.value === 0) return { text: 'Nothing to undo: those words were changed again since.' };
        return { text: r.value === 1 ? 'Undone: the word is back as it was.' : `Undone: ${n(r.value)} words are back as they were.` };
      }),
  };
}
