/**
 * The study page (study.html): the saved words with their sentences; search, sort, notes, remove with
 * undo; export (Anki TSV, CSV, JSON backup) and import. All reads and writes go through
 * utils/study/storage.ts; the list follows changes made in other tabs through the storage watcher.
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
import { toAnkiTsv, toCsv, toJsonBackup } from '../../utils/study/export';
import { MAX_IMPORT_BYTES, parseImport, tooBigMessage } from '../../utils/study/import';
import { studyKey } from '../../utils/study/model';
import type { Unreadable } from '../../utils/study/schema';
import { sortStudy, StudySearch } from '../../utils/study/search';
import type { StudySort } from '../../utils/study/sort';
import {
  discardUnreadable,
  importItems,
  loadStudyList,
  migrate,
  removeWord,
  restoreWord,
  setNotes,
  StudyWriteError,
  watchStudyList,
} from '../../utils/study/storage';
import type { StudyItem } from '../../utils/study/types';
import {
  appendLearningFields,
  currentLearningFields,
  importLearningFields,
  type LearningFields,
  type LearningImportReport,
} from '../../utils/learning/backup';
import type { ReadOutcome } from '../../utils/learning/versioned-store';
import type { Knowledge } from '../../utils/knowledge/model';
import { knowledgeStore, markWords, undoMarks } from '../../utils/knowledge/store';
import { dueNow } from '../../utils/review/due';
import type { ReviewState } from '../../utils/review/state';
import { reviewStore } from '../../utils/review/store';
import { watchSettings } from '../../utils/settings';
import { defaultSettings } from '../../utils/settings-schema';
import { Onboarding } from './Onboarding';
import { StoreProblem } from './StoreProblem';

type Message = { text: string; error?: boolean; undo?: () => Promise<void> } | null;

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What the reader is told when a change fails: always a sentence. */
function sentenceOf(e: unknown): string {
  if (e instanceof StudyWriteError) return e.message;
  const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 120);
  return `The study list could not be changed${detail ? ` (“${detail}”)` : ''}. Nothing saved before was lost.`;
}

const STATE_NAMES: Record<SavedWordState, string> = { learning: 'learning', known: 'known', ignored: 'ignored' };

/** What a backup's word states and schedule did to this browser's, in a sentence (empty: none). */
function learningReport(r: LearningImportReport): string {
  const parts: string[] = [];
  if (r.wordStates) {
    const w = r.wordStates;
    parts.push(
      `Word states: ${w.added.toLocaleString('en-US')} added, ${w.updated.toLocaleString('en-US')} updated, ${w.unchanged.toLocaleString('en-US')} kept as they were here.`,
    );
  }
  if (r.review) {
    const v = r.review;
    parts.push(
      `Review schedule: ${plural(v.added, 'card')} added, ${v.updated.toLocaleString('en-US')} updated, ${v.unchanged.toLocaleString('en-US')} kept (reviewed later here).`,
    );
  }
  return parts.join(' ');
}

/** The earliest due time of a word's review cards; null: it has none yet. */
function nextReviewOf(state: ReviewState, word: string): number | null {
  const cards = state.cards.get(word);
  if (!cards) return null;
  const dues = [cards.meaning?.due, cards.cloze?.due].filter((d): d is number => d !== undefined);
  return dues.length ? Math.min(...dues) : null;
}

/** After the frame that paints the current render: the first task after it. */
function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** A list of `n` items is on screen: lists longer than this are read and drawn in steps. */
const FIRST_SCREEN = 60;

interface Loaded {
  /** Readable items by word (the map follows changes made elsewhere). */
  items: StudyItem[];
  /** Null until every bucket is read (after the first screen). */
  total: number | null;
  complete: boolean;
  unreadable: Unreadable[];
  readOnly: string | null;
}

export function App() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
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
  const byWord = useRef(new Map<string, StudyItem>());
  /** Words changed (anywhere) while the list was still being read: their newer state wins over the read. */
  const touched = useRef(new Map<string, StudyItem | null>());
  const typedAt = useRef<number | null>(null);
  const marked = useRef({ first: false, complete: false });

  useEffect(() => {
    let stopped = false;
    let generation = 0;
    const load = () => {
      const mine = ++generation;
      byWord.current = new Map();
      touched.current = new Map();
      loadStudyList(
        (step) => {
          if (stopped || mine !== generation) return;
          // Each step is the list as read so far (the last one, the whole list): it replaces the one before.
          const next = new Map(step.items.map((it) => [studyKey(it), it]));
          for (const [k, it] of touched.current) {
            if (it) next.set(k, it);
            else next.delete(k);
          }
          byWord.current = next;
          if (step.complete) touched.current = new Map();
          setLoaded({
            items: [...next.values()],
            total: step.total,
            complete: step.complete,
            unreadable: step.unreadable,
            readOnly: step.readOnly,
          });
        },
        FIRST_SCREEN,
        64,
        () => new Promise<void>((r) => afterPaint(r)),
      ).catch((e: unknown) => {
        if (stopped) return;
        const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 120);
        setLoadError(
          `The study list could not be read: the browser’s storage did not answer (“${detail}”). Nothing was changed; reload the page to try again.`,
        );
      });
    };
    const unwatch = watchStudyList((change) => {
      if (stopped) return;
      if (change.other) {
        load();
        return;
      }
      for (const [word, item] of change.items) {
        touched.current.set(word, item);
        if (item) byWord.current.set(word, item);
        else byWord.current.delete(word);
      }
      setLoaded((l) => {
        if (!l) return l;
        const added = [...change.items].filter(([w, it]) => it && !l.items.some((x) => studyKey(x) === w)).length;
        const removed = [...change.items].filter(([w, it]) => !it && l.items.some((x) => studyKey(x) === w)).length;
        return { ...l, items: [...byWord.current.values()], total: l.total === null ? null : l.total + added - removed };
      });
    });
    load();
    // An earlier layout, if the background has not moved it yet (the watcher reloads).
    void migrate().catch(() => undefined);
    return () => {
      stopped = true;
      unwatch();
    };
  }, []);

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

  const exportAs = async (kind: 'tsv' | 'csv' | 'json') => {
    const list = sortStudy(items ?? [], 'date').reverse(); // oldest first, as saved
    const day = new Date().toISOString().slice(0, 10);
    if (kind === 'tsv') download(`dubao-anki-${day}.tsv`, toAnkiTsv(list), 'text/tab-separated-values;charset=utf-8');
    else if (kind === 'csv') download(`dubao-study-${day}.csv`, toCsv(list), 'text/csv;charset=utf-8');
    else {
      // The backup carries the word states and the review schedule too (utils/learning/backup.ts); one
      // that cannot be read is left out, and the reader is told.
      let fields: Partial<LearningFields> = {};
      try {
        fields = (await currentLearningFields()).fields;
      } catch {
        // storage did not answer: the study list alone
      }
      download(`dubao-backup-${day}.json`, appendLearningFields(toJsonBackup(list), fields), 'application/json');
      const kept = [fields.wordStates ? 'word states' : null, fields.review ? 'review schedule' : null].filter((x) => x !== null);
      const missing = [fields.wordStates ? null : 'word states', fields.review ? null : 'review schedule'].filter((x) => x !== null);
      setMessage({
        text:
          `Exported ${plural(list.length, 'word')}${kept.length ? ` with your ${kept.join(' and ')}` : ''}.` +
          (missing.length
            ? ` Your ${missing.join(' and ')} could not be read and ${missing.length === 1 ? 'is' : 'are'} not in the backup.`
            : ''),
        error: missing.length > 0,
      });
      return;
    }
    setMessage({ text: `Exported ${plural(list.length, 'word')}.` });
  };

  const exportUnreadable = () => {
    const day = new Date().toISOString().slice(0, 10);
    const body = { format: 'dubao-unreadable', exported: new Date().toISOString(), items: loaded?.unreadable ?? [] };
    download(`dubao-unreadable-${day}.json`, `${JSON.stringify(body, null, 1)}\n`, 'application/json');
  };

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
    if (file.size > MAX_IMPORT_BYTES) {
      // Refused before reading: a huge file need not be loaded to be turned down.
      setMessage({ text: `Nothing was imported from ${file.name}. ${tooBigMessage(file.size)}`, error: true });
      return;
    }
    let parsed: ReturnType<typeof parseImport>;
    try {
      parsed = parseImport(new Uint8Array(await file.arrayBuffer()));
    } catch {
      setMessage({ text: `Nothing was imported from ${file.name}: the file could not be read.`, error: true });
      return;
    }
    if (!parsed.ok) {
      setMessage({ text: `Nothing was imported from ${file.name}. ${parsed.error}`, error: true });
      return;
    }
    const { learning } = parsed;
    if (learning.knowledge || learning.review) {
      // What the backup's states and schedule merge into must be readable: checked before anything is
      // stored, so that the file is imported whole or not at all.
      const [k, v] = await Promise.all([knowledgeStore.inspect(), reviewStore.inspect()]);
      const problem = learning.knowledge && !k.ok ? k.error : learning.review && !v.ok ? v.error : null;
      if (problem) {
        setMessage({
          text: `Nothing was imported from ${file.name}. ${problem.message} Export it or set it aside first (see above).`,
          error: true,
        });
        return;
      }
    }
    let r: Awaited<ReturnType<typeof importItems>>;
    try {
      r = await importItems(parsed.items);
    } catch (e) {
      setMessage({ text: `Nothing was imported from ${file.name}. ${sentenceOf(e)}`, error: true });
      return;
    }
    const words = `${plural(r.added, 'new word')}, ${plural(r.updated, 'word')} updated, ${plural(r.unchanged, 'word')} already there.`;
    try {
      const extra = learning.knowledge || learning.review ? learningReport(await importLearningFields(learning)) : '';
      setMessage({ text: `Imported ${file.name}: ${words}${extra ? ` ${extra}` : ''}` });
    } catch (e) {
      setMessage({
        text: `Imported the words of ${file.name} (${words.replace(/\.$/, '')}), but not its word states and review schedule: ${sentenceOf(e)}`,
        error: true,
      });
    }
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
          <button type="button" onClick={exportUnreadable}>
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
            />
          )}
        />
      )}
      <AboutDubao />
    </main>
  );
}
