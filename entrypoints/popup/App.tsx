/**
 * The toolbar popup: the on/off switch, the controls for the tab's page (site rule, pinyin over the page,
 * unknown words coloured), and the glossary of the tab (`?tabId=N`, else the active tab) with what the
 * reader knows of it. Which glossary, and what its actions do, is useGlossary.ts (and the pure
 * policy.ts); the reader's settings, marks and levels useLearning.ts; marks useMarks.ts; the page's
 * controls usePageControls.ts; the learning view's rules learning.ts. This renders.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EnabledSwitch } from '../../components/EnabledSwitch';
import { GlossaryHeader } from '../../components/GlossaryHeader';
import { GlossaryRow, type RowMark } from '../../components/GlossaryRow';
import { HideKnown, LevelSelect } from '../../components/LearningFilters';
import { PageControls } from '../../components/PageControls';
import { PageLearning } from '../../components/PageLearning';
import type { GlossaryListRow as Row } from '../../dictionary/glossary/view';
import type { LevelBadge } from '../../dictionary/levels/levels';
import { actionForEvent, compileBindings, displayBinding } from '../../utils/keys';
import { useReadingLook } from '../../utils/page-reading';
import type { WordState } from '../../utils/knowledge/model';
import { comprehension, learningFilter, levelCounts, readPageWords, rowBadge, type LevelGroup } from './learning';
import type { State } from './policy';
import { painted, useGlossary } from './useGlossary';
import { useLearning } from './useLearning';
import { useMarks } from './useMarks';
import { usePageControls } from './usePageControls';

/** Rows rendered at first (two screens); more as the list is scrolled (a long page has thousands). */
const PAGE = 40;

const KEY_MARKS = { known: 'known', ignore: 'ignored', unknown: 'new' } as const;

export function App() {
  const [query, setQuery] = useState('');
  const [showCommon, setShowCommon] = useState(false);
  const [hideKnown, setHideKnown] = useState(false);
  const [level, setLevel] = useState<LevelGroup | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const g = useGlossary(query, showCommon);
  const { state, rows, visible, saved, status, shown, expanded, actions } = g;
  const reader = useLearning(painted);
  // The reader's pinyin display, followed from the paint on (the last one kept draws the first rows).
  const look = useReadingLook(painted);
  const { settings, knowledge, levels } = reader;
  const marks = useMarks();
  const [latest, setLatest] = useState<'glossary' | 'marks'>('glossary');
  useEffect(() => void (status && setLatest('glossary')), [status]);
  useEffect(() => void (marks.status && setLatest('marks')), [marks.status]);
  const tab =
    state.kind === 'ready'
      ? { id: state.tabId, url: state.page.url }
      : state.kind === 'no-chinese'
        ? { id: state.tabId, url: state.url }
        : null;
  const controls = usePageControls(tab?.id ?? null, tab?.url ?? null, settings, reader.enabled, state.kind === 'no-chinese');

  const standard = settings?.hskStandard ?? 2025;
  const stateOf = useMemo(
    () => (knowledge.kind === 'ok' ? (w: string): WordState => knowledge.knowledge.stateOf(w, saved.has(w)) : null),
    [knowledge, saved],
  );
  // (Rows show HSK levels only: a civic term's category is its own badge. Nothing before the levels are read.)
  const badges = useMemo(
    () => new Map(levels ? rows.map((r) => [r.simplified, rowBadge(r, (w) => levels.levelOf(w), standard)] as const) : []),
    [rows, levels, standard],
  );
  const badgeOf = (r: Row): LevelBadge | null => badges.get(r.simplified) ?? null;
  const listed = useMemo(
    () => learningFilter(visible, { hideKnown, level }, stateOf, badgeOf),
    [visible, hideKnown, level, stateOf, badges],
  );
  const known = useMemo(() => (stateOf ? comprehension(rows, stateOf) : null), [rows, stateOf]);
  const newWords = useMemo(() => (stateOf ? readPageWords(rows, stateOf) : []), [rows, stateOf]);
  const counts = useMemo(() => (levels ? levelCounts(visible, badgeOf) : null), [visible, badges]);
  const compiled = useMemo(() => compileBindings(settings?.keys ?? {}), [settings?.keys]);
  const keyLabels = useMemo(() => {
    const k = settings?.keys;
    const label = (b: string | null | undefined) => (b ? displayBinding(b) : undefined);
    return k ? { known: label(k.known), ignored: label(k.ignore), new: label(k.unknown) } : {};
  }, [settings?.keys]);

  if (state.kind !== 'ready' || !actions) {
    return (
      <Frame controls={controls}>
        <Message state={state as Exclude<State, { kind: 'ready' }>} />
      </Frame>
    );
  }
  const { page, glossary } = state;
  const civic = listed.filter((r) => r.civic);
  const other = listed.filter((r) => !r.civic);
  const commonCount = rows.filter((r) => r.common).length;

  const filterProps = {
    counts,
    level,
    hideKnown,
    statesRead: stateOf !== null,
    onLevel: setLevel,
    onHideKnown: setHideKnown,
  };
  const mark = (row: Row, m: RowMark) => void marks.markWord(row.simplified, m);
  /** A row's keys: the reader's K / I / U / Z / S (the key table), and ↑ ↓ to the previous / next row. */
  const onRowKey = (row: Row) => (e: KeyboardEvent) => {
    const action = actionForEvent(e, compiled, { cardOpen: true });
    if (action === 'known' || action === 'ignore' || action === 'unknown') {
      mark(row, KEY_MARKS[action]);
      // The row is about to be hidden: the focus goes on to the next one (as reading down the list).
      if (hideKnown && action !== 'unknown') focusRow(e, 1);
    } else if (action === 'undoMark' && marks.status?.undo) void marks.undo(marks.status.undo);
    else if (action === 'save') void actions.toggleSave(row);
    else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !e.altKey && !e.ctrlKey && !e.metaKey)
      focusRow(e, e.key === 'ArrowDown' ? 1 : -1);
    else return;
    e.preventDefault();
  };

  const renderRow = (row: Row) => (
    <GlossaryRow
      key={row.simplified}
      row={row}
      saved={saved.has(row.simplified)}
      details={expanded.has(row.simplified) ? expanded.get(row.simplified)! : undefined}
      shown={shown.get(row.simplified) ?? null}
      onReveal={() => void actions.reveal(row)}
      onToggleSave={() => void actions.toggleSave(row)}
      onToggleDetails={() => actions.toggleDetails(row)}
      badge={badgeOf(row)}
      state={stateOf ? stateOf(row.simplified) : null}
      onMark={knowledge.kind === 'ok' ? (m) => mark(row, m) : undefined}
      keys={keyLabels}
      onKeyDown={onRowKey(row)}
      look={look}
    />
  );

  return (
    <Frame title={page.title} controls={controls}>
      <GlossaryHeader
        characters={glossary.characters}
        words={glossary.distinctWords}
        civicTerms={glossary.civicTerms}
        civicUnsaved={g.civicUnsaved?.length ?? 0}
        busy={g.busy}
        onSaveCivic={() => void actions.saveCivic()}
        onCopy={() => void actions.copy((r) => learningFilter(r, { hideKnown, level }, stateOf, badgeOf))}
      />
      <PageLearning
        comprehension={known}
        newWords={newWords.length}
        busy={marks.busy}
        problem={knowledge.kind === 'unreadable' ? knowledge.message : reader.levelsError}
        onReadPage={() => void marks.readPage(newWords)}
      />
      <div class="g-filters">
        <div class="g-filter-line">
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
          <LevelSelect {...filterProps} />
        </div>
        <div class="g-filter-line">
          <HideKnown {...filterProps} />
          <label class="g-common">
            <input type="checkbox" checked={showCommon} onChange={(e) => setShowCommon((e.currentTarget as HTMLInputElement).checked)} />
            Show very common words and numbers ({commonCount})
          </label>
        </div>
      </div>
      {/* One status line: the glossary's last message or the last mark's (with its undo), whichever came last. */}
      <p class="g-status" role="status" data-error={(latest === 'marks' ? marks.status?.error : status?.error) ? 'true' : undefined}>
        {latest === 'marks' && marks.status ? (
          <>
            {marks.status.text}
            {marks.status.undo ? (
              <button type="button" class="g-undo" onClick={() => void marks.undo(marks.status!.undo!)} disabled={marks.busy}>
                Undo
              </button>
            ) : null}
          </>
        ) : (
          (status?.text ?? (state.updating ? 'The page changed a moment ago: updating this list…' : ''))
        )}
      </p>
      {listed.length === 0 ? (
        <p class="muted g-empty">{query ? `No word matches “${query}”.` : 'No word left to show with these filters.'}</p>
      ) : null}
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
      {listed.length > limit ? <MoreRows left={listed.length - limit} onMore={() => setLimit(limit + PAGE * 5)} /> : null}
    </Frame>
  );
}

/** Moves the focus to the row `step` rows away from the one of the event (in the order on screen). */
function focusRow(e: KeyboardEvent, step: number) {
  const from = (e.currentTarget as HTMLElement).closest('.g-row');
  const rows = [...document.querySelectorAll<HTMLElement>('.g-row')];
  const next = rows[rows.indexOf(from as HTMLElement) + step];
  next?.focus();
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

function Frame({
  title,
  controls,
  children,
}: {
  title?: string;
  controls: ReturnType<typeof usePageControls>;
  children: preact.ComponentChildren;
}) {
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
        <a class="study-link" href="/review.html" target="_blank" rel="noopener">
          Review
        </a>
      </header>
      {controls ? <PageControls c={controls} /> : null}
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
          Dubao can’t read this page. Browsers keep extensions out of their own pages (settings, new tabs, chrome:// and about: pages) and
          out of the extension store. On any other page: if it was open before Dubao was installed or updated, reload it and open Dubao
          again.
        </p>
      );
    case 'no-chinese':
      return (
        // Not an error: said plainly (an alert is drawn in the accent red and read out at once).
        <p class="muted notice" role="status">
          There is no Chinese text on this page{state.title ? ` (“${state.title}”)` : ''}, so there is no glossary to show.
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
