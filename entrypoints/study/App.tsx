/**
 * The study page (study.html): the saved words with their sentences; search, sort, notes, remove with
 * undo; export (Anki TSV, CSV, JSON backup) and import. All reads and writes go through
 * utils/study/storage.ts and read.ts; the list follows changes made in other tabs through watch.ts
 * (useStudyList.ts). Export and import are transfer.ts; the sentences shared by both, words.ts.
 *
 * Large lists (issue 10): the newest words are read and drawn first, the rest follow in slices; the list
 * draws only the items near the viewport (VirtualList); search and sort run on fields prepared once per
 * item (utils/study/search.ts). What storage holds but Dubao cannot read is kept and announced, with a
 * way to export it or discard it. Timings for the e2e report are performance entries of this page
 * (dubao:study-first-screen, dubao:study-complete, dubao:study-search), never written to a web page.
 *
 * The learning loop (issue 12): a link to the review page with the cards due now (the badge's count,
 * utils/review/badge.ts), "What you know already" (Onboarding.tsx), each word's state (learning, known,
 * ignored; known and ignored words are left out of reviews), and word states and review schedule in the
 * JSON backup. Word states or a schedule Dubao cannot read are shown with a way to export them or set
 * them aside (StoreProblem.tsx), never replaced.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AboutDubao } from '../../components/AboutDubao';
import { StudyEntry, type SavedWordState } from '../../components/StudyEntry';
import { VirtualList } from '../../components/VirtualList';
import { studyKey } from '../../utils/study/model';
import { sortStudy, StudySearch } from '../../utils/study/search';
import type { StudySort } from '../../utils/study/sort';
import { discardUnreadable, removeWord, restoreWord, setNotes } from '../../utils/study/storage';
import type { StudyItem } from '../../utils/study/types';
import type { ReadOutcome } from '../../utils/learning/versioned-store';
import type { Knowledge } from '../../utils/knowledge/model';
import { knowledgeStore, markWords, undoMarks } from '../../utils/knowledge/store';
import { dueNow } from '../../utils/review/due';
import type { ReviewState } from '../../utils/review/state';
import { reviewStore } from '../../utils/review/store';
import { useReadingLook } from '../../utils/page-reading';
import { watchSettings } from '../../utils/settings';
import { defaultSettings } from '../../utils/settings-schema';
import { Onboarding } from './Onboarding';
import { StoreProblem } from './StoreProblem';
import { download, exportStudyList, exportUnreadable, importStudyFile } from './transfer';
import { afterPaint, useStudyList } from './useStudyList';
import { plural } from '../../utils/plural';
import { sentenceOf, type Message } from './words';

const STATE_NAMES: Record<SavedWordState, string> = { learning: 'learning', known: 'known', ignored: 'ignored' };

/** The earliest due time of a word's review cards; null: it has none yet. */
function nextReviewOf(state: ReviewState, word: string): number | null {
  const cards = state.cards.get(word);
  if (!cards) return null;
  const dues = [cards.meaning?.due, cards.cloze?.due].filter((d): d is number => d !== undefined);
  return dues.length ? Math.min(...dues) : null;
}

export function App() {
  const { loaded, loadError } = useStudyList();
  const look = useReadingLook();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<StudySort>('date');
  const [message, setMessage] = useState<Message>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [knowledge, setKnowledge] = useState<ReadOutcome<Knowledge> | null>(null);
  const [review, setReview] = useState<ReadOutcome<ReviewState> | null>(null);
  const [newPerDay, setNewPerDay] = useState(defaultSettings().newCardsPerDay);
  const [now, setNow] = useState(() => Date.now());
  const [stateFilter, setStateFilter] = useState<'all' | SavedWordState>('all');
  /** Set once the first screen is painted: the learning stores are read after it (see below). */
  const [afterFirst, setAfterFirst] = useState(false);
  const typedAt = useRef<number | null>(null);
  const marked = useRef({ first: false, complete: false });

  // Word states, review schedule and the daily limit of new cards, followed as they change anywhere.
  // Read once the first screen is painted: 20,000 word states take some 30 ms to check, which the
  // first screen (the newest words) does not wait for; their state selects are enabled a moment later.
  useEffect(() => {
    if (!afterFirst) return;
    let stopped = false;
    void knowledgeStore.inspect().then(
      (r) => !stopped && setKnowledge(r),
      () => undefined,
    );
    void reviewStore.inspect().then(
      (r) => !stopped && setReview(r),
      () => undefined,
    );
    const stops = [
      knowledgeStore.watch((r) => setKnowledge(r)),
      reviewStore.watch((r) => setReview(r)),
      watchSettings(({ settings }) => setNewPerDay(settings.newCardsPerDay)),
    ];
    // Learning cards come due by the minute.
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => {
      stopped = true;
      for (const s of stops) s();
      clearInterval(timer);
    };
  }, [afterFirst]);

  const items = loaded?.items ?? null;
  const sorted = useMemo(() => (items ? sortStudy(items, sort) : []), [items, sort]);
  // Search fields are prepared with the list (in the slices it is read in), not on the first keystroke.
  const searcher = useMemo(() => new StudySearch(sorted), [sorted]);
  const found = useMemo(() => searcher.search(query), [searcher, query]);
  const known = knowledge?.ok ? knowledge.value : null;
  const stateOf = (it: StudyItem): SavedWordState | null => (known ? (known.stateOf(studyKey(it), true) as SavedWordState) : null);
  const shown = useMemo(
    () => (stateFilter === 'all' || !known ? found : found.filter((it) => known.stateOf(studyKey(it), true) === stateFilter)),
    [found, stateFilter, known],
  );
  // The cards the review page offers now (the toolbar badge counts the same), once the list is whole.
  const due = useMemo(
    () => (loaded?.complete && review?.ok ? dueNow(loaded.items, review.value, known, newPerDay, now) : null),
    [loaded, review, known, newPerDay, now],
  );

  // Timings, as performance entries of this page (read by the e2e report).
  useEffect(() => {
    if (!loaded) return;
    if (!marked.current.first) {
      marked.current.first = true;
      afterPaint(() => {
        performance.mark('dubao:study-first-screen');
        setAfterFirst(true);
      });
    }
    if (loaded.complete && !marked.current.complete) {
      marked.current.complete = true;
      afterPaint(() => performance.mark('dubao:study-complete', { detail: { items: loaded.items.length } }));
    }
  }, [loaded]);
  useEffect(() => {
    const t = typedAt.current;
    if (t === null) return;
    typedAt.current = null;
    afterPaint(() =>
      performance.measure('dubao:study-search', { start: t, end: performance.now(), detail: { query, shown: shown.length } }),
    );
  }, [shown]);

  const fail = (e: unknown) => setMessage({ text: sentenceOf(e), error: true });

  const remove = async (item: StudyItem) => {
    try {
      const removed = await removeWord(studyKey(item));
      if (removed) setMessage({ text: `Removed ${item.simplified}.`, undo: () => undo(removed) });
    } catch (e) {
      fail(e);
    }
  };

  const changeState = async (item: StudyItem, state: SavedWordState) => {
    try {
      const r = await markWords([studyKey(item)], state);
      if (!r.changed) return;
      const effect = state === 'learning' ? 'it is reviewed again' : 'it is left out of reviews';
      setMessage({
        text: `${item.simplified} is ${STATE_NAMES[state]} now: ${effect}.`,
        undo: async () => {
          await undoMarks(r.undo);
          setMessage({ text: `${item.simplified} is back as it was.` });
        },
      });
    } catch (e) {
      setMessage({ text: (e instanceof Error ? e.message : String(e)).split('\n')[0]!, error: true });
    }
  };

  const undo = async (item: StudyItem) => {
    try {
      await restoreWord(item);
      setMessage({ text: `${item.simplified} is back.` });
    } catch (e) {
      fail(e);
    }
  };

  const exportAs = async (kind: 'tsv' | 'csv' | 'json') => setMessage(await exportStudyList(kind, items ?? []));

  const discard = async () => {
    setConfirmDiscard(false);
    const which = loaded?.unreadable ?? [];
    try {
      await discardUnreadable(which);
      setMessage({ text: `Discarded ${plural(which.length, 'unreadable item')}.` });
    } catch (e) {
      fail(e);
    }
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setMessage(await importStudyFile(file));
  };

  const unreadable = loaded?.unreadable ?? [];
  const complete = loaded?.complete ?? false;
  const count = !loaded
    ? ''
    : complete
      ? plural(loaded.items.length, 'word')
      : loaded.total === null
        ? `${plural(loaded.items.length, 'word')} so far (reading the rest…)`
        : `${plural(loaded.total, 'word')} (reading ${loaded.items.length.toLocaleString('en-US')}…)`;

  return (
    <main>
      <header class="s-top">
        <h1>
          <span lang="zh">读报</span> Study list
        </h1>
        <span class="s-count" aria-live="polite">
          {count}
          {loaded && (query.trim() || stateFilter !== 'all') ? ` · ${shown.length.toLocaleString('en-US')} shown` : ''}
        </span>
        <a class="s-review-link" href="/review.html" title="Review the study list with spaced repetition">
          Review
          {due ? <span class="s-due">{due.due ? ` · ${due.due.toLocaleString('en-US')} due` : ' · nothing due'}</span> : null}
        </a>
      </header>
      <Onboarding knowledge={knowledge} />
      <div class="s-tools">
        <input
          type="search"
          aria-label="Search the study list"
          placeholder="Search: 字, pinyin (zhengfu, zhèngfǔ), English, notes"
          value={query}
          onInput={(e) => {
            typedAt.current = e.timeStamp || performance.now();
            setQuery((e.currentTarget as HTMLInputElement).value);
          }}
        />
        <label>
          Sort by{' '}
          <select aria-label="Sort by" value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as StudySort)}>
            <option value="date">date saved (newest first)</option>
            <option value="pinyin">pinyin</option>
            <option value="category">civic category</option>
          </select>
        </label>
        <label>
          Show{' '}
          <select
            aria-label="Show words by state"
            value={stateFilter}
            disabled={!known}
            onChange={(e) => setStateFilter((e.currentTarget as HTMLSelectElement).value as 'all' | SavedWordState)}
          >
            <option value="all">all words</option>
            <option value="learning">learning</option>
            <option value="known">known</option>
            <option value="ignored">ignored</option>
          </select>
        </label>
      </div>
      <div class="s-transfer">
        <span class="label">Export</span>
        <button
          type="button"
          disabled={!complete}
          onClick={() => void exportAs('tsv')}
          title="Fields: simplified, traditional, pinyin, meaning, sentence, source"
        >
          Anki (TSV)
        </button>
        <button type="button" disabled={!complete} onClick={() => void exportAs('csv')}>
          CSV
        </button>
        <button type="button" disabled={!complete} onClick={() => void exportAs('json')}>
          JSON backup
        </button>
        <span class="label">Import</span>
        <label class="file-label">
          JSON, CSV or TSV file…
          <input
            type="file"
            aria-label="Import a JSON backup, CSV or TSV file"
            disabled={!!loaded?.readOnly}
            accept=".json,.csv,.tsv,.txt,application/json,text/csv,text/tab-separated-values,text/plain"
            onChange={(e) => void importFile(e.currentTarget as HTMLInputElement)}
          />
        </label>
      </div>
      <details class="s-anki">
        <summary>Importing the Anki file</summary>
        <ol>
          <li>In Anki, choose File › Import and pick the .tsv file Dubao saved.</li>
          <li>
            Check that the fields map in order to your note type (Simplified, Traditional, Pinyin, Meaning, Sentence, Source); Anki 2.1.55
            and later read this from the file’s header.
          </li>
          <li>
            Choose the deck and press Import. Importing the file again later updates notes instead of duplicating them when the first field
            matches.
          </li>
        </ol>
      </details>
      {loaded?.readOnly ? (
        <p class="s-notice" role="alert">
          {loaded.readOnly}
        </p>
      ) : null}
      {unreadable.length > 0 ? (
        <div class="s-notice s-unreadable" role="alert">
          <p>
            Dubao could not read {plural(unreadable.length, 'saved item')} in its storage (damaged, or written by another program).{' '}
            {unreadable.length === 1 ? 'It is' : 'They are'} kept as {unreadable.length === 1 ? 'it was' : 'they were'}: export{' '}
            {unreadable.length === 1 ? 'it' : 'them'} to look at, or discard {unreadable.length === 1 ? 'it' : 'them'}.
          </p>
          <button type="button" onClick={() => exportUnreadable(unreadable)}>
            Export unreadable items
          </button>
          {confirmDiscard ? (
            <>
              <button type="button" class="danger" onClick={() => void discard()}>
                Discard {plural(unreadable.length, 'item')} for good
              </button>
              <button type="button" onClick={() => setConfirmDiscard(false)}>
                Keep them
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmDiscard(true)}>
              Discard…
            </button>
          )}
        </div>
      ) : null}
      {knowledge && !knowledge.ok ? (
        <StoreProblem
          store={knowledgeStore}
          error={knowledge.error}
          raw={knowledge.raw}
          meanwhile="Until then, word states cannot be changed, reviews include every saved word, and JSON backups are made without them."
          fileWord="word-states"
          afresh="your word states start afresh."
          download={download}
          onDone={(text, error) => setMessage({ text, error })}
        />
      ) : null}
      {review && !review.ok ? (
        <StoreProblem
          store={reviewStore}
          error={review.error}
          raw={review.raw}
          meanwhile="Until then, the review page cannot store ratings, and JSON backups are made without it."
          fileWord="review-schedule"
          afresh="your review schedule starts afresh (the words stay in your study list)."
          download={download}
          onDone={(text, error) => setMessage({ text, error })}
        />
      ) : null}
      <p class="s-message" role={message?.error ? 'alert' : 'status'} data-error={message?.error ? 'true' : undefined}>
        {message?.text ?? ''}
        {message?.undo ? (
          <button
            type="button"
            class="s-undo"
            onClick={() => {
              const u = message.undo!;
              setMessage(null);
              void u().catch(fail);
            }}
          >
            Undo
          </button>
        ) : null}
      </p>
      {loadError ? (
        <p class="s-empty" role="alert">
          {loadError}
        </p>
      ) : !loaded || (!complete && loaded.items.length === 0) ? (
        <p class="muted">Loading…</p>
      ) : loaded.items.length === 0 && complete ? (
        <p class="s-empty muted">
          {unreadable.length
            ? 'No word Dubao can read is saved.'
            : 'No words yet. Save words with the ☆ button on the hover card (or the S key), or from the page glossary in the toolbar popup.'}
        </p>
      ) : shown.length === 0 ? (
        <p class="s-empty muted">
          {query.trim() ? `No saved word matches “${query}”` : `No saved word is ${stateFilter}`}
          {query.trim() && stateFilter !== 'all' ? ` among the ${stateFilter} ones` : ''}
          {complete ? '' : ' among those read so far'}.
        </p>
      ) : (
        <VirtualList
          class="s-list"
          label="Saved words"
          items={shown}
          estimate={170}
          keyOf={(it) => it.simplified}
          render={(it) => (
            <StudyEntry
              item={it}
              state={stateOf(it)}
              onState={(state) => void changeState(it, state)}
              nextReview={review?.ok ? nextReviewOf(review.value, studyKey(it)) : undefined}
              onNotes={(notes) => void setNotes(studyKey(it), notes).catch(fail)}
              onRemove={() => void remove(it)}
              look={look}
            />
          )}
        />
      )}
      <AboutDubao />
    </main>
  );
}
