/**
 * The review page (review.html): spaced repetition over the study list (issue 12). Reads the study list
 * through utils/study/read.ts and watch.ts, the review state and the word states through their stores; each rating
 * is shown at once and stored after (one Web Lock per store, shared with every other context).
 *
 * Keyboard: Space or Enter shows the answer, then rates Good; 1–4 rate Again, Hard, Good, Easy; Z (or U,
 * or Ctrl+Z) undoes the last rating. Nothing happens while focus is in a field.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ReviewCard } from '../../components/ReviewCard';
import { knowledgeStore } from '../../utils/knowledge/store';
import { useReadingLook } from '../../utils/page-reading';
import type { Knowledge } from '../../utils/knowledge/model';
import { describeInterval, formatInterval, GRADE_NAMES, GRADES, previewRatings, type Grade } from '../../utils/review/scheduler';
import { nextEntry, nextWait, ReviewSession, type Answer, type QueueEntry } from '../../utils/review/session';
import { reviewStore, revertAnswer, saveAnswer } from '../../utils/review/store';
import { readNewPerDay } from '../../utils/review/settings';
import { readStudyList } from '../../utils/study/read';
import { watchStudyList, type StudyChange } from '../../utils/study/watch';
import type { StudyItem } from '../../utils/study/types';
import { plural } from '../../utils/plural';

type Status = { text: string; error?: boolean; undo?: boolean } | null;

function when(due: number, now: number): string {
  const d = new Date(due);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const date = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  return sameDay ? `today at ${time}` : `on ${date}`;
}

function editable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** The list after a change made anywhere: changed words replaced in place; anything else, read again. */
async function applyChange(items: readonly StudyItem[], change: StudyChange): Promise<StudyItem[]> {
  if (change.other) return (await readStudyList()).items;
  const next = items
    .filter((it) => !change.items.has(it.simplified))
    .concat([...change.items.values()].filter((it): it is StudyItem => it !== null));
  return next.sort((a, b) => a.savedAt - b.savedAt);
}

/** The four reads the page opens with. */
function readAll() {
  return Promise.all([
    readStudyList().then((snapshot) => snapshot.items),
    reviewStore.inspect(),
    knowledgeStore.inspect(),
    readNewPerDay(),
  ]);
}

let opening: ReturnType<typeof readAll> | null = null;

/**
 * Starts the page's reads. main.tsx calls it before the first render: the effect below would start them
 * only after the first paint.
 */
export function prefetch(): void {
  opening ??= readAll();
}

/** The reads `prefetch` started (taken once), else new ones. */
function startReads(): ReturnType<typeof readAll> {
  const p = opening ?? readAll();
  opening = null;
  return p;
}

export function App() {
  const session = useRef<ReviewSession | null>(null);
  const look = useReadingLook();
  const [ready, setReady] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [revealed, setRevealedState] = useState(false);
  /**
   * What keys act on, updated at once (state and effects lag a render behind): a key pressed right after
   * a rating must see the next card, hidden, never the card just rated.
   */
  const live = useRef<{ revealed: boolean; entry: QueueEntry | null }>({ revealed: false, entry: null });
  const setRevealed = (v: boolean) => {
    live.current.revealed = v;
    setRevealedState(v);
  };
  const [status, setStatus] = useState<Status>(null);
  const [empty, setEmpty] = useState(false);
  const pending = useRef(0);
  const items = useRef<StudyItem[]>([]);
  /** Ratings and undos made on this page (a read started before one is stale). */
  const answers = useRef(0);
  const showButton = useRef<HTMLButtonElement>(null);
  const goodButton = useRef<HTMLButtonElement>(null);

  const refresh = () => {
    setNow(Date.now());
    setVersion((v) => v + 1);
  };

  useEffect(() => {
    let stopped = false;
    const stops: Array<() => void> = [];
    void (async () => {
      const [list, review, knowledge, perDay] = await startReads();
      // For the e2e figures: when the four reads were done (the study list's is most of it).
      performance.mark('dubao-review-read');
      if (stopped) return;
      if (!review.ok) {
        setFatal(review.error.message);
        return;
      }
      const notices: string[] = [];
      let known: Knowledge | null = null;
      if (knowledge.ok) known = knowledge.value;
      else notices.push(`${knowledge.error.message} Words you marked known are reviewed like the others meanwhile.`);
      if (perDay.problem) notices.push(perDay.problem);
      setNotice(notices.join(' ') || null);
      const skip = (w: string) => {
        const s = known?.stateOf(w);
        return s === 'known' || s === 'ignored';
      };
      items.current = list;
      session.current = new ReviewSession(list, review.value, { newPerDay: perDay.value, skip });
      setEmpty(list.length === 0);
      setReady(true);
      refresh();
      stops.push(
        watchStudyList((change: StudyChange) => {
          void applyChange(items.current, change).then((next) => {
            if (stopped) return;
            items.current = next;
            session.current?.update(next);
            setEmpty(next.length === 0);
            refresh();
          });
        }),
        reviewStore.watch(() => {
          // Another tab rated a card, or our own write came back. While this page has writes in flight
          // (or rates during the read) its session is ahead of storage: the write's own event follows.
          if (pending.current > 0) return;
          const seq = answers.current;
          void reviewStore.inspect().then((r) => {
            if (r.ok && pending.current === 0 && answers.current === seq) {
              session.current?.update(items.current, r.value);
              refresh();
            }
          });
        }),
        knowledgeStore.watch((r) => {
          if (r.ok) {
            known = r.value;
            refresh();
          }
        }),
      );
    })().catch((e: unknown) => setFatal(e instanceof Error ? e.message : String(e)));
    // Cards in learning come due by the minute.
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      stopped = true;
      clearInterval(timer);
      for (const s of stops) s();
    };
  }, []);

  const queue = useMemo(() => (session.current ? session.current.queue(now) : null), [version, now, ready]);
  const entry: QueueEntry | null = queue ? nextEntry(queue, now) : null;
  live.current.entry = entry;
  const previews = useMemo(() => (entry ? previewRatings(entry.card, now) : null), [entry?.word, entry?.template, version, now]);

  useEffect(() => {
    (revealed ? goodButton : showButton).current?.focus();
  }, [revealed, entry?.word, entry?.template]);

  const store = (p: Promise<unknown>) => {
    pending.current++;
    p.catch((e: unknown) => setStatus({ text: e instanceof Error ? e.message : String(e), error: true })).finally(() => {
      pending.current--;
    });
  };

  const answer = (grade: Grade) => {
    const s = session.current;
    const current = live.current.entry;
    if (!s || !current || !live.current.revealed) return;
    live.current.entry = null;
    const t = Date.now();
    const a: Answer = s.answer(current, grade, t);
    answers.current++;
    setRevealed(false);
    setStatus({
      text: `${a.word}: ${GRADE_NAMES[grade]}. Next review ${describeInterval(a.after.due - t)}, ${when(a.after.due, t)}.`,
      undo: true,
    });
    refresh();
    store(saveAnswer(a));
  };

  const undo = () => {
    const s = session.current;
    const a = s?.undo();
    if (!a) return;
    answers.current++;
    setRevealed(true);
    setStatus({ text: `Rating of ${a.word} undone.` });
    refresh();
    store(
      revertAnswer(a).then((ok) => {
        if (!ok) setStatus({ text: `${a.word} was reviewed again in another tab; that later rating stays.`, error: true });
      }),
    );
  };

  const actions = useRef({ answer, undo });
  actions.current = { answer, undo };

  useEffect(() => {
    // Space and Enter act on keydown (pressing the focused button, else showing the answer or rating
    // Good); the keyup that would press a button a second time is swallowed.
    let swallow: string | null = null;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || editable(e.target) || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if ((e.key === 'z' || e.key === 'Z') && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        actions.current.undo();
        return;
      }
      if (e.ctrlKey || e.metaKey || target?.tagName === 'A') return;
      if (e.key === 'z' || e.key === 'u') {
        e.preventDefault();
        actions.current.undo();
      } else if (e.key === ' ' || e.key === 'Enter') {
        e.preventDefault();
        swallow = e.key;
        if (e.repeat) return;
        if (target?.tagName === 'BUTTON') (target as HTMLButtonElement).click();
        else if (!live.current.entry) return;
        else if (!live.current.revealed) setRevealed(true);
        else actions.current.answer(3);
      } else if (live.current.revealed && ['1', '2', '3', '4'].includes(e.key)) {
        e.preventDefault();
        actions.current.answer(Number(e.key) as Grade);
      }
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (swallow !== null && e.key === swallow) {
        e.preventDefault();
        swallow = null;
      }
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('keyup', onKeyUp);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('keyup', onKeyUp);
    };
  }, []);

  const counts = queue ? { fresh: queue.fresh.length, learning: queue.learning.length, review: queue.review.length } : null;

  return (
    <main class="review-main">
      <header class="r-top">
        <h1>
          <span lang="zh">读报</span> Review
        </h1>
        {counts ? (
          <p class="r-counts">
            <span class="r-new">New {counts.fresh}</span> · <span class="r-learning">Learning {counts.learning}</span> ·{' '}
            <span class="r-due">Due {counts.review}</span>
          </p>
        ) : null}
        <a class="r-study" href="/study.html">
          Study list
        </a>
      </header>
      {notice ? (
        <p class="r-notice" role="alert">
          {notice}
        </p>
      ) : null}
      {fatal ? (
        <div class="r-fatal" role="alert">
          <p>{fatal}</p>
          <button
            type="button"
            onClick={() =>
              void reviewStore.setAside().then((key) => {
                if (key) location.reload();
              })
            }
          >
            Keep the unreadable schedule aside and start a new one
          </button>
        </div>
      ) : !ready ? (
        <p class="muted">Loading…</p>
      ) : empty ? (
        <p class="r-empty">
          Your study list is empty. Save words with S (or ☆) on the hover card, or from the page glossary in the toolbar popup, then come
          back here to review them.
        </p>
      ) : entry && previews ? (
        <section class="r-card-area" aria-label="Card">
          <ReviewCard entry={entry} revealed={revealed} look={look} />
          {revealed ? (
            // biome-ignore lint/a11y/useSemanticElements: a row of buttons; a fieldset would bring its border and legend
            <div class="r-rate" role="group" aria-label="Rate how well you knew it">
              {GRADES.map((g) => {
                const due = previews[g].due;
                return (
                  <button
                    type="button"
                    class={`r-grade r-grade-${g}`}
                    ref={g === 3 ? goodButton : undefined}
                    aria-label={GRADE_NAMES[g]}
                    aria-describedby={`r-iv-${g}`}
                    onClick={() => answer(g)}
                  >
                    <span class="r-grade-name">{GRADE_NAMES[g]}</span>
                    <span class="r-grade-interval" aria-hidden="true">
                      {formatInterval(due - now)}
                    </span>
                    <span id={`r-iv-${g}`} class="visually-hidden">
                      next review {describeInterval(due - now)}
                    </span>
                    {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a kbd is not focusable; the key is said by the button's name */}
                    <kbd aria-hidden="true">{g}</kbd>
                  </button>
                );
              })}
            </div>
          ) : (
            <div class="r-show">
              <button type="button" ref={showButton} onClick={() => setRevealed(true)}>
                Show answer
              </button>
              <span class="r-keys muted">Space</span>
            </div>
          )}
        </section>
      ) : queue ? (
        <section class="r-done" aria-label="Done for now">
          <p>Nothing to review now.</p>
          {nextWait(queue) !== null ? <p>The next card is due {when(nextWait(queue)!, now)}.</p> : null}
          <p class="muted">
            New cards today: {queue.newToday} of {queue.newPerDay}
            {queue.newToday >= queue.newPerDay ? ' (the daily limit)' : ''}.
          </p>
        </section>
      ) : null}
      <p class="r-status" role={status?.error ? 'alert' : 'status'} data-error={status?.error ? 'true' : undefined}>
        {status?.text ?? ''}
        {status?.undo && session.current?.canUndo ? (
          <button type="button" class="r-undo" onClick={undo}>
            Undo
          </button>
        ) : null}
      </p>
      <p class="r-help muted">
        Keys: Space shows the answer, 1 Again · 2 Hard · 3 Good · 4 Easy, Z undoes the last rating.
        {queue ? ` ${plural(queue.newPerDay, 'new card')} a day.` : ''}
      </p>
    </main>
  );
}
