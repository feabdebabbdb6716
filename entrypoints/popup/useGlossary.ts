/**
 * The popup's glossary as a hook: opens it (policy.ts decides which one), swaps in the current one when
 * an earlier one was shown, loads every row's senses once the list is on screen, and offers the actions
 * of the list (show a word in the page, save, save the civic terms, copy, details). App.tsx renders.
 *
 * Timing goes to utils/timing.ts marks (`dubao:glossary-painted` with where the glossary came from, and
 * `dubao:glossary-updated`, `dubao:glossary-complete`): the popup is the extension's own page, no web
 * page can read its timeline; tests/e2e/popup-study.test.ts reads them.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { civicCategoryLabel } from '../../dictionary/civic/categories';
import { glossaryTsv } from '../../dictionary/glossary/export';
import {
  viewRows,
  type GlossaryListRow as Row,
  type GlossaryRest,
  type GlossaryRowDetail,
  type GlossaryView,
} from '../../dictionary/glossary/view';
import type { DictEntry } from '../../dictionary/types';
import { send, type MessageName, type Payload } from '../../utils/messages';
import { removeWord } from '../../utils/study/storage';
import { watchSavedWords } from '../../utils/study/watch';
import { afterPaint, mark } from '../../utils/timing';
import { saveAndCheck } from '../content/save';
import {
  filterRows,
  loadSenses,
  openGlossary,
  rowDetail,
  rowIn,
  saveRequest,
  savedCivicText,
  settled,
  type Ready,
  type State,
} from './policy';
import { readPage, revealInPage, targetTabId } from './tab';
import { preparedOfTab, readPrepared } from '../../utils/glossary-store';
import { plural } from '../../utils/plural';

/** Saves go through saveAndCheck (content/save.ts): a lost reply is checked, errors are sentences. */
const toBackground = <K extends MessageName>(name: K, payload: Payload<K>) => send(browser.runtime, name, payload);

export type Status = { text: string; error?: boolean } | null;

/** Called once the first glossary is on screen (the current one is asked for after an earlier one is painted). */
let whenPainted: () => void = () => {};
/** Resolves once the first glossary (or the popup's message) is on screen: what can wait, waits for it. */
export const painted = new Promise<void>((resolve) => {
  whenPainted = resolve;
  // (At the latest after a second: a page in a background tab gets no animation frames.)
  setTimeout(resolve, 1_000);
});

/** Started as soon as the module runs, before the first render: the page is read while Preact mounts. */
mark('glossary-start');
const opening: Promise<State> = targetTabId(location.search).then(
  (tabId) => {
    // Wakes the worker (and starts its dictionary loading) while the page text is read: it is needed
    // anyway, for the glossary or for the senses of every row right after the list is shown.
    void send(browser.runtime, 'study.has', { words: [] });
    return openGlossary({
      tabId,
      readPage,
      prepared: async (tab) => {
        const sent = await preparedOfTab(tab);
        const view = sent ? await readPrepared(sent.key) : null;
        return view && sent ? { view, url: sent.url } : null;
      },
      ask: (text) => toBackground('glossary', { text }),
      painted,
      step: (name, detail) => mark(name, detail),
    });
  },
  () => ({ kind: 'unreachable' }) as State,
);

const details = {
  row: (key: string, word: string) => toBackground('glossary.row', { key, word }),
  lookupWord: (word: string) => toBackground('lookupWord', { word }),
};

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Some browsers refuse the async clipboard in a popup without a fresh gesture; the old way works.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('the browser refused to copy');
  }
}

export function useGlossary(query: string, showCommon: boolean) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [saved, setSaved] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<Map<string, number>>(new Map());
  const [expanded, setExpanded] = useState<Map<string, DictEntry[] | null>>(new Map());
  /** Every sense of every row, and what a partial view lacks (reply of glossary.senses); `key`: the view's. */
  const [senses, setSenses] = useState<{ key: string; rest: GlossaryRest } | null>(null);
  const sensesLoading = useRef(new Map<string, Promise<GlossaryRest | null>>());
  /** Row details by view key and word. */
  const detailCache = useRef(new Map<string, Promise<GlossaryRowDetail>>());
  const measured = useRef({ shown: false, updated: false });

  useEffect(() => {
    void opening.then((first) => {
      setState(first);
      if (first.kind !== 'ready' || !first.updating) return;
      void first.updating.then((next) => {
        if (next.kind === 'ready') return setState(next);
        // The earlier glossary stays, said to be earlier.
        setState({ ...first, updating: undefined });
        setStatus({
          text: `This list is from a moment ago: ${next.kind === 'error' ? next.message : 'the page could not be read again'}.`,
          error: true,
        });
      });
    });
    return watchSavedWords(setSaved);
  }, []);

  const restOf = (view: GlossaryView) => (senses?.key === view.key ? senses.rest : null);

  const sensesOf = (view: GlossaryView, text: string): Promise<GlossaryRest | null> => {
    let loading = sensesLoading.current.get(view.key);
    if (!loading) {
      loading = loadSenses(
        // Made again in steps when needed: another popup's request (the reader waits for that one) goes between.
        { senses: (key) => toBackground('glossary.senses', { key }), remake: (t) => toBackground('glossary', { text: t, inSteps: true }) },
        view,
        text,
      ).then((rest) => {
        if (rest) {
          setSenses({ key: view.key, rest });
          mark('glossary-complete');
        }
        return rest;
      });
      sensesLoading.current.set(view.key, loading);
    }
    return loading;
  };

  // Time from opening the popup to the glossary on screen (issue 5's budget): once the list is in the
  // DOM, the next frame paints it. When an earlier glossary was shown first, the time to the current one
  // is taken too. Every sense is asked for once the current glossary is painted.
  useLayoutEffect(() => {
    if (state.kind === 'loading') return;
    const current = state.kind !== 'ready' || !state.earlier;
    let which: 'painted' | 'updated';
    if (!measured.current.shown) which = 'painted';
    else if (current && !measured.current.updated) which = 'updated';
    else return;
    measured.current = { shown: true, updated: which === 'updated' };
    afterPaint(() => {
      if (which === 'painted') {
        const g = state.kind === 'ready' ? state.glossary : null;
        mark('glossary-painted', {
          source: state.kind === 'ready' ? state.source : state.kind,
          buildMs: g?.buildMs ?? -1,
          segmentMs: g?.segmentMs ?? -1,
          partial: g?.partial === true,
        });
        whenPainted();
      } else mark('glossary-updated', { from: state.kind === 'ready' ? state.source : state.kind });
      if (state.kind === 'ready' && current) void sensesOf(state.glossary, state.page.text);
    });
  }, [state]);

  const rows = useMemo(() => (state.kind === 'ready' ? viewRows(state.glossary, restOf(state.glossary)) : []), [state, senses]);
  const visible = useMemo(() => filterRows(rows, query, showCommon), [rows, query, showCommon]);

  if (state.kind !== 'ready') return { state, rows, visible, saved, status, busy, shown, expanded, actions: null };

  const detailOf = (s: Ready, row: Row): Promise<GlossaryRowDetail> => {
    const id = `${s.glossary.key}\t${row.simplified}`;
    let d = detailCache.current.get(id);
    if (!d) {
      d = rowDetail(details, s.earlier ? null : s.glossary.key, row, s.page.text);
      detailCache.current.set(id, d);
    }
    return d;
  };

  /** The current glossary and `clicked` in it (null, and the reader told, when the word is gone). */
  const current = async (clicked: Row): Promise<{ s: Ready; row: Row } | null> => {
    const s = await settled(state);
    const row = rowIn(s, state.glossary, clicked, restOf(s.glossary));
    if (!row) setStatus({ text: `“${clicked.word}” is no longer on the page.`, error: true });
    return row ? { s, row } : null;
  };

  const civicUnsaved = rows.filter((r) => r.civic && !saved.has(r.simplified));

  const actions = {
    async reveal(clicked: Row) {
      const last = shown.get(clicked.simplified);
      const got = await current(clicked);
      if (!got) return;
      const { s, row } = got;
      const index = last === undefined ? 0 : (last + 1) % row.count;
      setShown((cur) => new Map(cur).set(row.simplified, index));
      // Unknown position (-1): the content script searches for occurrence `index` of the word itself.
      const at = (await detailOf(s, row)).positions[index] ?? -1;
      try {
        const r = await revealInPage(s.tabId, at, at >= 0 ? s.page.text.slice(at, at + row.word.length) : row.word, index);
        if (!r.found) setStatus({ text: `Could not find “${row.word}” on the page any more (did it change?).`, error: true });
      } catch {
        setStatus({ text: 'The page is no longer reachable (was it closed or reloaded?).', error: true });
      }
    },

    async toggleSave(clicked: Row) {
      if (saved.has(clicked.simplified)) {
        try {
          await removeWord(clicked.simplified);
          setStatus({ text: `Removed “${clicked.word}” from the study list.` });
        } catch (e) {
          setStatus({ text: e instanceof Error ? e.message : String(e), error: true });
        }
        return;
      }
      const got = await current(clicked);
      if (!got) return;
      const { s, row } = got;
      const r = await saveAndCheck(toBackground, saveRequest(row, await detailOf(s, row), s.page, shown.get(row.simplified) ?? 0));
      setStatus(r.saved ? { text: `Saved “${row.word}” with its sentence.` } : { text: r.message, error: true });
    },

    async saveCivic() {
      setBusy(true);
      const s = await settled(state);
      // The rows on screen, unless the current glossary replaced an earlier one meanwhile.
      const todo = s === state ? civicUnsaved : viewRows(s.glossary, restOf(s.glossary)).filter((r) => r.civic && !saved.has(r.simplified));
      let done = 0;
      for (const row of todo) {
        const r = await saveAndCheck(toBackground, saveRequest(row, await detailOf(s, row), s.page, 0));
        if (!r.saved) {
          setStatus({ text: savedCivicText(done, todo.length, r.message), error: true });
          setBusy(false);
          return;
        }
        done++;
      }
      setStatus({ text: savedCivicText(done, todo.length, null) });
      setBusy(false);
    },

    /** Copies the rows shown: `keep` is the list's own filter on top of the search (known words hidden, a level). */
    async copy(keep: (rows: Row[]) => Row[] = (rows) => rows) {
      try {
        const s = await settled(state);
        // Every sense goes into the copy: wait for them if the popup was quicker than the reply.
        const loaded = restOf(s.glossary);
        const rest = loaded ?? (s.earlier ? null : await sensesOf(s.glossary, s.page.text));
        // The rows on screen when they already have every sense; else made again with them.
        const full = keep(s === state && loaded ? visible : filterRows(viewRows(s.glossary, rest), query, showCommon));
        await copyText(glossaryTsv(full, civicCategoryLabel));
        setStatus({ text: `Copied ${plural(full.length, 'word')} (the rows shown) as tab-separated text.` });
      } catch (e) {
        setStatus({ text: `Could not copy: ${e instanceof Error ? e.message : String(e)}`, error: true });
      }
    },

    toggleDetails(row: Row) {
      const next = new Map(expanded);
      if (next.has(row.simplified)) {
        next.delete(row.simplified);
        setExpanded(next);
        return;
      }
      next.set(row.simplified, null);
      setExpanded(next);
      void toBackground('lookupWord', { word: row.word }).then((reply) => {
        setExpanded((cur) => new Map(cur).set(row.simplified, reply.ok ? reply.value : []));
      });
    },
  };

  return { state, rows, visible, saved, status, busy, shown, expanded, civicUnsaved, actions };
}
