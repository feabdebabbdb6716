/**
 * The toolbar popup: the on/off switch, and the glossary of the tab (`?tabId=N`, else the active tab).
 * The tab's content script hands over the article text; the background segments it (dictionary/
 * glossary.ts); the popup only filters and renders the rows it gets back.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { civicCategoryLabel } from '../../dictionary/civic/categories';
import { glossaryKey } from '../../dictionary/glossary/key';
import { isGlossaryView, isEarlierOfPage, viewRow, viewRowIndex, viewRows, type GlossaryListRow as Row, type GlossaryRest, type GlossaryRowDetail, type GlossaryView } from '../../dictionary/glossary/view';
import { glossaryTsv } from '../../dictionary/glossary/export';
import { mainEntry } from '../../dictionary/glossary/rows';
import { makeMatcher } from '../../dictionary/glossary/search';
import { countHan } from '../../dictionary/han';
import type { DictEntry } from '../../dictionary/types';
import { EnabledSwitch } from '../../components/EnabledSwitch';
import { GlossaryHeader } from '../../components/GlossaryHeader';
import { GlossaryRow } from '../../components/GlossaryRow';
import { preparedOfTab, readPrepared } from '../../utils/glossary-store';
import { LIMITS, send, type MessageName, type Payload, type StudySaveRequest } from '../../utils/messages';
import type { PageText } from '../../utils/study/page-protocol';
import { removeWord, watchSavedWords } from '../../utils/study/storage';
import { saveAndCheck } from '../content/save';
import { sentenceAround } from '../content/text';
import { readPage, revealInPage, targetTabId } from './tab';

/** Saves go through saveAndCheck (content/save.ts): a lost reply is checked, errors are sentences. */
const sendToBackground = <K extends MessageName>(name: K, payload: Payload<K>) => send(browser.runtime, name, payload);

type State =
  | { kind: 'loading' }
  | { kind: 'unreachable' }
  | { kind: 'no-chinese'; title: string }
  | { kind: 'error'; message: string }
  | Ready;

interface Ready {
  kind: 'ready';
  tabId: number;
  page: PageText;
  glossary: GlossaryView;
  /**
   * `glossary` is the one prepared for this page a moment earlier (the page changed since): shown at
   * once while the glossary of the page as it is now is made.
   */
  earlier?: boolean;
  /** While an earlier glossary is shown: resolves to the page's current one (or an error). */
  updating?: Promise<State>;
}

type Status = { text: string; error?: boolean } | null;

/** Rows rendered at first (two screens); more as the list is scrolled (a long page has thousands). */
const PAGE = 40;

/** When each step of opening finished (ms since the popup started loading), for the e2e timing report. */
const phases: Record<string, number> = {};
const mark = (name: string) => (phases[name] = Math.round(performance.now()));

async function loadGlossary(): Promise<State> {
  mark('start');
  const tabId = await targetTabId(location.search);
  if (tabId === null) return { kind: 'unreachable' };
  // Wakes the worker (and starts its dictionary loading) while the page text is read. It is needed
  // anyway: for the glossary when none was prepared or the page changed since (known only once the page
  // is read), else for the senses of every row right after the list is shown.
  void send(browser.runtime, 'study.has', { words: [] });
  // The glossary prepared while the page was idle (content/prepare.ts), read while the page is read.
  const prepared = preparedOfTab(tabId).then(async (sent) => {
    const view = sent ? await readPrepared(sent.key) : null;
    return view && sent ? { view, url: sent.url } : null;
  });
  let page: PageText | undefined;
  try {
    page = await readPage(tabId);
  } catch {
    page = undefined;
  }
  mark('pageRead');
  if (!page || typeof page.text !== 'string') return { kind: 'unreachable' };
  if (countHan(page.text) === 0) return { kind: 'no-chinese', title: page.title };
  const text = page.text.slice(0, LIMITS.pageText);
  const read = await prepared;
  mark('preparedRead');
  const ready = (glossary: GlossaryView, updating?: Promise<State>): Ready => ({
    kind: 'ready',
    tabId,
    page: { ...page, text },
    glossary,
    ...(updating ? { earlier: true, updating } : {}),
  });
  // Used as it is if the page still has the text it was made from.
  if (read && read.view.key === glossaryKey(text)) {
    source = 'prepared';
    phases.buildMs = read.view.buildMs ?? -1;
    return ready(read.view);
  }
  const make = () =>
    send(browser.runtime, 'glossary', { text })
      .then((reply): State => {
        mark('glossaryReceived');
        if (!reply.ok) return { kind: 'error', message: reply.error };
        const view: unknown = JSON.parse(reply.value);
        if (!isGlossaryView(view)) return { kind: 'error', message: 'the background sent a glossary this popup cannot read' };
        phases.buildMs = view.buildMs ?? -1;
        phases.segmentMs = view.segmentMs ?? -1;
        if (view.partial) phases.partial = 1;
        return ready(view);
      })
      // (Never rejects: an earlier glossary on screen waits for this one, and so do the clicks on it.)
      .catch((e: unknown): State => ({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
  // The page changed a little since it was prepared (a live page's new paragraph, a clock): its earlier
  // glossary is shown meanwhile, marked as being updated. The current one is asked for once the earlier
  // one is painted: made meanwhile, it would take the machine from the first paint.
  if (read && isEarlierOfPage(read.view, read.url, page.url, text)) {
    source = 'earlier';
    // (At the latest after a second: a page in a background tab gets no animation frames.)
    const made = new Promise<void>((painted) => {
      whenPainted = painted;
      setTimeout(painted, 1_000);
    }).then(make);
    void made.then((s) => (updatedFrom = s.kind === 'ready' ? (s.glossary.kept ? 'kept' : 'built') : ''));
    return ready(read.view, made);
  }
  const state = await make();
  if (state.kind === 'ready') source = state.glossary.kept ? 'kept' : 'built';
  return state;
}

/**
 * Where the glossary came from (for the e2e report): storage.session, the background's memory, made
 * now, or the glossary prepared for the page before its last change (then `updatedFrom` says where the
 * current one came from).
 */
let source: 'prepared' | 'kept' | 'built' | 'earlier' | '' = '';
let updatedFrom: 'kept' | 'built' | '' = '';
/** Called once the first glossary is on screen. */
let whenPainted: () => void = () => {};

/** Started as soon as the module runs, before the first render: the page is read while Preact mounts. */
const loading = loadGlossary().catch((e: unknown): State => ({ kind: 'error', message: String(e) }));

/**
 * Senses, civic explanation and occurrence positions of a row, from the background's copy of the
 * glossary; when the worker was restarted since (it lost it), from the dictionary and a plain search.
 */
async function rowDetail(glossaryKey: string | null, row: Row, text: string): Promise<GlossaryRowDetail> {
  // (No key: the glossary is not the page text's own, its positions would be another text's.)
  const reply = glossaryKey === null ? null : await send(browser.runtime, 'glossary.row', { key: glossaryKey, word: row.simplified });
  if (reply?.ok && reply.value) return reply.value;
  const entries = await send(browser.runtime, 'lookupWord', { word: row.word });
  const main = entries.ok && entries.value.length ? mainEntry(entries.value) : null;
  const civic = entries.ok ? entries.value.find((e) => e.civic)?.civic : null;
  const positions: number[] = [];
  for (let at = text.indexOf(row.word); at >= 0 && positions.length < row.count; at = text.indexOf(row.word, at + 1)) positions.push(at);
  return {
    pinyin: main?.pinyin ?? row.pinyin,
    traditional: main?.traditional ?? row.traditional,
    definitions: main?.definitions ?? row.definitions,
    civic: civic ? { category: civic.category, explanation: civic.explanation } : null,
    positions,
  };
}

function saveRequest(row: Row, detail: GlossaryRowDetail, page: PageText, occurrence: number): StudySaveRequest {
  const at = detail.positions[occurrence] ?? detail.positions[0] ?? 0;
  return {
    simplified: row.simplified,
    // From the background's full row: a row of a partial view has no reading yet.
    traditional: detail.traditional || row.traditional,
    pinyin: detail.pinyin || row.pinyin,
    definitions: detail.definitions.slice(0, LIMITS.definitions),
    civic: detail.civic,
    sentence: sentenceAround(page.text, at, at + row.word.length).slice(0, LIMITS.sentence),
    pageTitle: page.title.slice(0, LIMITS.title),
    url: page.url.slice(0, LIMITS.url),
  };
}

/** The rows the list shows for a filter (a filter finds common words too: "de" is looking for 的). */
function filterRows(rows: Row[], query: string, showCommon: boolean): Row[] {
  const match = makeMatcher(query);
  return rows.filter((r) => (showCommon || !r.common || query.trim() !== '') && match(r));
}

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

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [query, setQuery] = useState('');
  const [showCommon, setShowCommon] = useState(false);
  const [saved, setSaved] = useState<Set<string>>(new Set());
  const [expanded, setExpanded] = useState<Map<string, DictEntry[] | null>>(new Map());
  const [shown, setShown] = useState<Map<string, number>>(new Map());
  const [limit, setLimit] = useState(PAGE);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  /**
   * Every sense of every row, and what a partial view lacks (reply of glossary.senses), asked for once
   * the list is on screen; `key`: the view's.
   */
  const [senses, setSenses] = useState<{ key: string; rest: GlossaryRest } | null>(null);
  const sensesLoading = useRef(new Map<string, Promise<GlossaryRest | null>>());
  /** Row details by view key and word. */
  const details = useRef(new Map<string, Promise<GlossaryRowDetail>>());
  const measured = useRef({ shown: false, updated: false });

  useEffect(() => {
    void loading.then((first) => {
      setState(first);
      if (first.kind !== 'ready' || !first.updating) return;
      void first.updating.then((next) => {
        if (next.kind === 'ready') return setState(next);
        // The earlier glossary stays, said to be earlier.
        setState({ ...first, updating: undefined });
        setStatus({ text: `This list is from a moment ago: ${next.kind === 'error' ? next.message : 'the page could not be read again'}.`, error: true });
      });
    });
    return watchSavedWords(setSaved);
  }, []);

  // Time from opening the popup to the glossary on screen (read by the e2e test; see issue 5's budget):
  // right after the list is in the DOM, wait for the next animation frame (it paints the list) and take
  // the time once that frame is done. When an earlier glossary was shown first, the time to the current
  // one is taken too.
  useLayoutEffect(() => {
    if (state.kind === 'loading') return;
    const current = state.kind !== 'ready' || !state.earlier;
    let which: 'painted' | 'updated';
    if (!measured.current.shown) which = 'painted';
    else if (current && !measured.current.updated) which = 'updated';
    else return;
    measured.current = { shown: true, updated: which === 'updated' };
    mark(which === 'painted' ? 'committed' : 'updateCommitted');
    requestAnimationFrame(() =>
      setTimeout(() => {
        mark(which);
        const data = document.documentElement.dataset;
        if (which === 'painted') {
          data.glossaryMs = String(phases.painted);
          data.glossarySource = source;
          whenPainted();
        } else {
          data.glossaryUpdatedMs = String(phases.updated);
          data.glossaryUpdatedFrom = updatedFrom;
        }
        data.glossaryPhases = JSON.stringify(phases);
        if (state.kind === 'ready' && current) void loadSenses(state.glossary, state.page.text);
      }, 0),
    );
  }, [state]);

  /**
   * The senses of all rows (for the English filter and the TSV copy), and the pinyin and glosses of the
   * rows below the first screen when the view was partial; the first screen does without. A glossary
   * read from storage.session may be one the background no longer has (its worker was stopped since):
   * it is made again from the text, the same rows in the same order.
   */
  const loadSenses = (view: GlossaryView, text: string): Promise<GlossaryRest | null> => {
    let loading = sensesLoading.current.get(view.key);
    if (!loading) {
      loading = (async () => {
        let reply = await send(browser.runtime, 'glossary.senses', { key: view.key });
        // Made in steps: another popup's request (the reader is waiting for that one) goes between them.
        if (reply.ok && reply.value === null && (await send(browser.runtime, 'glossary', { text, inSteps: true })).ok) {
          reply = await send(browser.runtime, 'glossary.senses', { key: view.key });
        }
        const value = reply.ok ? reply.value : null;
        // The rows must be the view's (they are, unless the dictionary changed in between).
        if (!value || value.words.length !== view.word.length || value.words.some((w, i) => w !== view.word[i])) return null;
        setSenses({ key: view.key, rest: value });
        document.documentElement.dataset.glossaryComplete = 'true';
        return value;
      })();
      sensesLoading.current.set(view.key, loading);
    }
    return loading;
  };

  const restOf = (view: GlossaryView) => (senses?.key === view.key ? senses.rest : null);
  const rows = useMemo(() => (state.kind === 'ready' ? viewRows(state.glossary, restOf(state.glossary)) : []), [state, senses]);
  const visible = useMemo(() => filterRows(rows, query, showCommon), [rows, query, showCommon]);
  const commonCount = useMemo(() => rows.filter((r) => r.common).length, [rows]);

  if (state.kind !== 'ready') {
    return (
      <Frame>
        <Message state={state} />
      </Frame>
    );
  }
  const { page, glossary } = state;
  const civic = visible.filter((r) => r.civic);
  const other = visible.filter((r) => !r.civic);
  const civicUnsaved = rows.filter((r) => r.civic && !saved.has(r.simplified));

  /**
   * The glossary an action works on: the page's current one, waited for while an earlier one is shown
   * (its counts and positions are another text's).
   */
  const settled = async (): Promise<Ready> => {
    if (!state.updating) return state;
    const next = await state.updating;
    return next.kind === 'ready' ? next : state;
  };

  /** `row`, as in glossary `s` (null, and the reader told, when the word is no longer on the page). */
  const rowIn = (s: Ready, row: Row): Row | null => {
    if (s.glossary === glossary) return row;
    const i = viewRowIndex(s.glossary, row.simplified);
    if (i < 0) setStatus({ text: `“${row.word}” is no longer on the page.`, error: true });
    return i < 0 ? null : viewRow(s.glossary, i, restOf(s.glossary));
  };

  const detailOf = (s: Ready, row: Row): Promise<GlossaryRowDetail> => {
    const id = `${s.glossary.key}\t${row.simplified}`;
    let d = details.current.get(id);
    if (!d) {
      d = rowDetail(s.earlier ? null : s.glossary.key, row, s.page.text);
      details.current.set(id, d);
    }
    return d;
  };

  const reveal = async (clicked: Row) => {
    const last = shown.get(clicked.simplified);
    const s = await settled();
    const row = rowIn(s, clicked);
    if (!row) return;
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
  };

  const toggleSave = async (clicked: Row) => {
    if (saved.has(clicked.simplified)) {
      try {
        await removeWord(clicked.simplified);
        setStatus({ text: `Removed “${clicked.word}” from the study list.` });
      } catch (e) {
        setStatus({ text: e instanceof Error ? e.message : String(e), error: true });
      }
      return;
    }
    const s = await settled();
    const row = rowIn(s, clicked);
    if (!row) return;
    const r = await saveAndCheck(sendToBackground, saveRequest(row, await detailOf(s, row), s.page, shown.get(row.simplified) ?? 0));
    if (r.saved) setStatus({ text: `Saved “${row.word}” with its sentence.` });
    else setStatus({ text: r.message, error: true });
  };

  const saveCivic = async () => {
    setBusy(true);
    const s = await settled();
    // The rows on screen, unless the current glossary replaced an earlier one meanwhile.
    const todo = s === state ? civicUnsaved : viewRows(s.glossary, restOf(s.glossary)).filter((r) => r.civic && !saved.has(r.simplified));
    let done = 0;
    for (const row of todo) {
      const r = await saveAndCheck(sendToBackground, saveRequest(row, await detailOf(s, row), s.page, 0));
      if (!r.saved) {
        setStatus({ text: `Saved ${done} of ${todo.length} civic terms. ${r.message}`, error: true });
        setBusy(false);
        return;
      }
      done++;
    }
    setStatus({ text: `Saved ${done} civic term${done === 1 ? '' : 's'} to the study list.` });
    setBusy(false);
  };

  const copy = async () => {
    try {
      const s = await settled();
      // Every sense goes into the copy: wait for them if the popup was quicker than the reply.
      const loaded = restOf(s.glossary);
      const rest = loaded ?? (s.earlier ? null : await loadSenses(s.glossary, s.page.text));
      // The rows on screen when they already have every sense; else made again with them.
      const full = s === state && loaded ? visible : filterRows(viewRows(s.glossary, rest), query, showCommon);
      await copyText(glossaryTsv(full, civicCategoryLabel));
      setStatus({ text: `Copied ${full.length} word${full.length === 1 ? '' : 's'} as tab-separated text.` });
    } catch (e) {
      setStatus({ text: `Could not copy: ${e instanceof Error ? e.message : String(e)}`, error: true });
    }
  };

  const toggleDetails = (row: Row) => {
    const next = new Map(expanded);
    if (next.has(row.simplified)) {
      next.delete(row.simplified);
      setExpanded(next);
      return;
    }
    next.set(row.simplified, null);
    setExpanded(next);
    void send(browser.runtime, 'lookupWord', { word: row.word }).then((reply) => {
      setExpanded((cur) => new Map(cur).set(row.simplified, reply.ok ? reply.value : []));
    });
  };

  const renderRow = (row: Row) => (
    <GlossaryRow
      key={row.simplified}
      row={row}
      saved={saved.has(row.simplified)}
      details={expanded.has(row.simplified) ? expanded.get(row.simplified)! : undefined}
      shown={shown.get(row.simplified) ?? null}
      onReveal={() => void reveal(row)}
      onToggleSave={() => void toggleSave(row)}
      onToggleDetails={() => toggleDetails(row)}
    />
  );

  return (
    <Frame title={page.title}>
      <GlossaryHeader
        characters={glossary.characters}
        words={glossary.distinctWords}
        civicTerms={glossary.civicTerms}
        civicUnsaved={civicUnsaved.length}
        busy={busy}
        onSaveCivic={() => void saveCivic()}
        onCopy={() => void copy()}
      />
      <div class="g-filters">
        <input
          type="search"
          class="g-filter"
          aria-label="Filter words"
          placeholder="Filter: 字, pinyin (zhengfu, zhèngfǔ, zheng4fu3) or English"
          value={query}
          onInput={(e) => {
            setQuery((e.currentTarget as HTMLInputElement).value);
            setLimit(PAGE);
          }}
        />
        <label class="g-common">
          <input type="checkbox" checked={showCommon} onChange={(e) => setShowCommon((e.currentTarget as HTMLInputElement).checked)} />
          Show very common words and numbers ({commonCount})
        </label>
      </div>
      <p class="g-status" role="status" data-error={status?.error ? 'true' : undefined}>
        {status?.text ?? (state.updating ? 'The page changed a moment ago: updating this list…' : '')}
      </p>
      {visible.length === 0 ? <p class="muted g-empty">No word matches “{query}”.</p> : null}
      {civic.length > 0 ? (
        <section class="g-section" aria-label="Civic and political terms">
          <h2>
            Civic and political terms <span class="muted">({civic.length})</span>
          </h2>
          <ul class="g-list">{civic.slice(0, limit).map(renderRow)}</ul>
        </section>
      ) : null}
      {other.length > 0 ? (
        <section class="g-section" aria-label="Other words">
          <h2>
            Other words <span class="muted">({other.length})</span>
          </h2>
          <ul class="g-list">{other.slice(0, Math.max(0, limit - civic.length)).map(renderRow)}</ul>
        </section>
      ) : null}
      {visible.length > limit ? <MoreRows left={visible.length - limit} onMore={() => setLimit(limit + PAGE * 5)} /> : null}
    </Frame>
  );
}

/** "Show more", pressed by itself when it scrolls into view. */
function MoreRows({ left, onMore }: { left: number; onMore: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const seen = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onMore());
    seen.observe(el);
    return () => seen.disconnect();
  }, [onMore]);
  return (
    <button type="button" class="g-more" ref={ref} onClick={onMore}>
      Show more ({left.toLocaleString('en-US')} left)
    </button>
  );
}

function Frame({ title, children }: { title?: string; children: preact.ComponentChildren }) {
  return (
    <main class="popup-main">
      <header class="popup-bar">
        <span class="brand">
          <span lang="zh">读报</span> Dubao
        </span>
        <EnabledSwitch />
        <a class="study-link" href="/study.html" target="_blank" rel="noopener">
          Study list
        </a>
      </header>
      {title ? (
        <h1 class="page-title" title={title}>
          {title}
        </h1>
      ) : null}
      {children}
    </main>
  );
}

function Message({ state }: { state: Exclude<State, { kind: 'ready' }> }) {
  switch (state.kind) {
    case 'loading':
      return <p class="muted notice">Reading the page…</p>;
    case 'unreachable':
      // Without the "tabs" permission the popup cannot see a tab's URL, so both causes get one message.
      return (
        <p class="notice" role="alert">
          Dubao can’t read this page. Browsers keep extensions out of their own pages (settings, new tabs,
          chrome:// and about: pages) and out of the extension store. On any other page: if it was open
          before Dubao was installed or updated, reload it and open Dubao again.
        </p>
      );
    case 'no-chinese':
      return (
        <p class="notice" role="alert">
          There is no Chinese text on this page{state.title ? ` (“${state.title}”)` : ''}, so there is no
          glossary to show.
        </p>
      );
    case 'error':
      return (
        <p class="notice" role="alert">
          The glossary could not be made: {state.message}
        </p>
      );
  }
}
