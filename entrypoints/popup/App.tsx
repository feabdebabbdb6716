/**
 * The toolbar popup: the on/off switch, and the glossary of the tab (`?tabId=N`, else the active tab).
 * Which glossary, and what its actions do, is useGlossary.ts (and the pure policy.ts); this renders.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { EnabledSwitch } from '../../components/EnabledSwitch';
import { GlossaryHeader } from '../../components/GlossaryHeader';
import { GlossaryRow } from '../../components/GlossaryRow';
import type { GlossaryListRow as Row } from '../../dictionary/glossary/view';
import type { State } from './policy';
import { useGlossary } from './useGlossary';

/** Rows rendered at first (two screens); more as the list is scrolled (a long page has thousands). */
const PAGE = 40;

export function App() {
  const [query, setQuery] = useState('');
  const [showCommon, setShowCommon] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const g = useGlossary(query, showCommon);
  const { state, rows, visible, saved, status, shown, expanded, actions } = g;

  if (state.kind !== 'ready' || !actions) {
    return (
      <Frame>
        <Message state={state as Exclude<State, { kind: 'ready' }>} />
      </Frame>
    );
  }
  const { page, glossary } = state;
  const civic = visible.filter((r) => r.civic);
  const other = visible.filter((r) => !r.civic);
  const commonCount = rows.filter((r) => r.common).length;

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
    />
  );

  return (
    <Frame title={page.title}>
      <GlossaryHeader
        characters={glossary.characters}
        words={glossary.distinctWords}
        civicTerms={glossary.civicTerms}
        civicUnsaved={g.civicUnsaved?.length ?? 0}
        busy={g.busy}
        onSaveCivic={() => void actions.saveCivic()}
        onCopy={() => void actions.copy()}
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
