/**
 * "What you know already" on the study page (issue 12's onboarding): mark as known every word of HSK
 * levels 1 to N (2021 or 2025 lists), the N most frequent words, or the words of a file (one word a line,
 * or an Anki export: utils/knowledge/onboarding.ts says what is read and why). Open by itself on the
 * first run (study.html#start, which the background opens when Dubao is installed, or while the reader
 * has marked no word), and any time from its summary line.
 *
 * Words in the study list and words marked ignored keep their state (markWords' onlyNew); each step
 * can be undone at once (undoMarks: a word changed again since keeps its later state).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LEVELS_ASSET, Levels, type HskLevel, type HskStandard } from '../../dictionary/levels/levels';
import type { Knowledge, KnowledgeUndo } from '../../utils/knowledge/model';
import { knownFromFrequency, knownFromHsk, MAX_KNOWN_FILE_BYTES, parseKnownWordsFile } from '../../utils/knowledge/onboarding';
import { markWords, undoMarks } from '../../utils/knowledge/store';
import { savedWordSet } from '../../utils/study/read';
import { plural } from '../../utils/plural';

let levelsLoad: Promise<Levels> | null = null;

/** levels.bin, read once per page (about 250 kB). */
function loadLevels(): Promise<Levels> {
  levelsLoad ??= fetch(browser.runtime.getURL(`/${LEVELS_ASSET}` as '/'))
    .then((r) => {
      if (!r.ok) throw new Error(`${LEVELS_ASSET} answered ${r.status}`);
      return r.arrayBuffer();
    })
    .then((b) => Levels.fromBytes(new Uint8Array(b)));
  levelsLoad.catch(() => (levelsLoad = null));
  return levelsLoad;
}

const LEVEL_NAMES: Record<HskLevel, string> = { 1: '1', 2: '2', 3: '3', 4: '4', 5: '5', 6: '6', 7: '7–9' };
const STANDARD_NAMES: Record<HskStandard, string> = { 2025: 'HSK 2025 syllabus', 2021: 'HSK 3.0 standard (GF0025-2021)' };

type Status = { text: string; error?: boolean; undo?: KnowledgeUndo } | null;

/** Remembered when the reader closes the section, so that it stays closed (this page's localStorage). */
const CLOSED_KEY = 'dubao.onboardingClosed';

function sentenceOf(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
  return /^Dubao could not/.test(text) ? text : `Nothing was marked: ${text}`;
}

interface Props {
  /** The word states as read (null while reading; not ok: unreadable, then nothing can be marked). */
  knowledge: { ok: true; value: Knowledge } | { ok: false } | null;
}

export function Onboarding({ knowledge }: Props) {
  const details = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const [levels, setLevels] = useState<Levels | null>(null);
  const [levelsError, setLevelsError] = useState<string | null>(null);
  const [standard, setStandard] = useState<HskStandard>(2025);
  const [upTo, setUpTo] = useState<HskLevel>(3);
  const [top, setTop] = useState(2000);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const decided = useRef(false);

  // First run: open by itself (study.html#start, or no word marked yet and not closed before).
  useEffect(() => {
    if (decided.current || !knowledge) return;
    decided.current = true;
    let closed = false;
    try {
      closed = localStorage.getItem(CLOSED_KEY) === '1';
    } catch {
      // no localStorage: treated as never closed
    }
    const first = location.hash === '#start' || (knowledge.ok && knowledge.value.size === 0 && !closed);
    if (first && details.current) details.current.open = true;
  }, [knowledge]);

  // The levels (about 250 kB) are read when the section is open, once the page is idle: on the first
  // run the study list is being read at the same time.
  useEffect(() => {
    if (!open || levels) return;
    let stopped = false;
    const read = () =>
      loadLevels().then(
        (l) => !stopped && setLevels(l),
        (e: unknown) =>
          !stopped &&
          setLevelsError(
            `Dubao could not read its word levels (${e instanceof Error ? e.message : String(e)}); marking by HSK level or frequency is not possible now.`,
          ),
      );
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
    if (idle) idle(() => void read(), { timeout: 1000 });
    else setTimeout(() => void read(), 200);
    return () => {
      stopped = true;
    };
  }, [open]);

  const hskWords = useMemo(() => (levels ? knownFromHsk(levels, standard, upTo) : null), [levels, standard, upTo]);
  const disabled = busy || !knowledge || !knowledge.ok;

  const mark = async (words: string[], what: string) => {
    setBusy(true);
    try {
      const saved = await savedWordSet();
      const r = await markWords(words, 'known', { onlyNew: true, saved });
      const left = words.length - r.changed;
      setStatus({
        text:
          `Marked ${plural(r.changed, 'word')} known (${what})` +
          (left
            ? `; ${plural(left, 'other')} ${left === 1 ? 'was' : 'were'} known, ignored or in your study list already and ${left === 1 ? 'keeps its' : 'keep their'} state`
            : '') +
          '.',
        undo: r.changed ? r.undo : undefined,
      });
    } catch (e) {
      setStatus({ text: sentenceOf(e), error: true });
    } finally {
      setBusy(false);
    }
  };

  const undo = async (u: KnowledgeUndo) => {
    setBusy(true);
    try {
      const n = await undoMarks(u);
      setStatus({ text: `Undone: ${plural(n, 'word')} ${n === 1 ? 'is' : 'are'} back as ${n === 1 ? 'it was' : 'they were'}.` });
    } catch (e) {
      setStatus({ text: sentenceOf(e), error: true });
    } finally {
      setBusy(false);
    }
  };

  const fromFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_KNOWN_FILE_BYTES) {
      setStatus({
        text: `Nothing was marked: ${file.name} is ${(file.size / 1e6).toFixed(1)} MB; Dubao reads word lists up to 20 MB.`,
        error: true,
      });
      return;
    }
    let r: ReturnType<typeof parseKnownWordsFile>;
    try {
      r = parseKnownWordsFile(new Uint8Array(await file.arrayBuffer()));
    } catch {
      setStatus({ text: `Nothing was marked: ${file.name} could not be read.`, error: true });
      return;
    }
    if (!r.ok) {
      setStatus({ text: `Nothing was marked from ${file.name}. ${r.error}`, error: true });
      return;
    }
    const notes: string[] = [];
    if (r.young) notes.push(`${plural(r.young, 'card')} with an interval under 21 days left out`);
    if (r.skippedCount)
      notes.push(`${plural(r.skippedCount, 'line')} without a Chinese word skipped (the first on line ${r.skipped[0]![0]})`);
    await mark(
      r.words,
      `${file.name}, read as ${r.format === 'word list' ? 'a word list' : r.format === 'Anki notes' ? 'Anki notes' : 'a table with intervals'}${notes.length ? `; ${notes.join(', ')}` : ''}`,
    );
  };

  const counts = knowledge?.ok ? knowledge.value.counts() : null;

  return (
    <details
      ref={details}
      class="s-onboard"
      id="start"
      onToggle={(e) => {
        const isOpen = (e.currentTarget as HTMLDetailsElement).open;
        setOpen(isOpen);
        if (!isOpen && decided.current) {
          try {
            localStorage.setItem(CLOSED_KEY, '1');
          } catch {
            // not remembered: it may open again next time
          }
        }
      }}
    >
      <summary>
        <span class="s-onboard-title">What you know already</span>
        {counts ? (
          <span class="muted">
            {' '}
            · {plural(counts.known, 'word')} marked known{counts.ignored ? `, ${counts.ignored.toLocaleString('en-US')} ignored` : ''}
          </span>
        ) : null}
      </summary>
      <p>
        Tell Dubao which words you know, so that reviews leave them out (and, with unknown words coloured on pages, so do the colours).
        Words in your study list and words you marked ignored keep their state, and every step can be undone.
      </p>
      {knowledge && !knowledge.ok ? (
        <p class="muted">Your word states cannot be read (see above); nothing can be marked until that is settled.</p>
      ) : null}
      {levelsError ? <p role="alert">{levelsError}</p> : null}
      <div class="s-onboard-row">
        <label>
          I know HSK levels 1 to{' '}
          <select
            aria-label="Highest HSK level I know"
            value={upTo}
            onChange={(e) => setUpTo(Number((e.currentTarget as HTMLSelectElement).value) as HskLevel)}
          >
            {([1, 2, 3, 4, 5, 6, 7] as HskLevel[]).map((l) => (
              <option value={l}>{LEVEL_NAMES[l]}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          of the{' '}
          <select
            aria-label="HSK standard"
            value={standard}
            onChange={(e) => setStandard(Number((e.currentTarget as HTMLSelectElement).value) as HskStandard)}
          >
            {([2025, 2021] as HskStandard[]).map((s) => (
              <option value={s}>{STANDARD_NAMES[s]}</option>
            ))}
          </select>
        </label>{' '}
        <button
          type="button"
          disabled={disabled || !hskWords}
          onClick={() => hskWords && void mark(hskWords, `HSK levels 1–${LEVEL_NAMES[upTo]}, ${standard} list`)}
        >
          Mark {hskWords ? plural(hskWords.length, 'word') : 'them'} known
        </button>
      </div>
      <div class="s-onboard-row">
        <label>
          I know the{' '}
          <input
            type="number"
            aria-label="How many of the most frequent words I know"
            min={100}
            max={levels?.rankedCount ?? 30_000}
            step={500}
            value={top}
            onInput={(e) => setTop(Math.floor(Number((e.currentTarget as HTMLInputElement).value)) || 0)}
          />{' '}
          most frequent words
        </label>{' '}
        <button
          type="button"
          disabled={disabled || !levels || top < 1}
          onClick={() =>
            levels &&
            void mark(
              knownFromFrequency(levels, top),
              `the ${Math.min(top, levels.rankedCount).toLocaleString('en-US')} most frequent words`,
            )
          }
        >
          Mark them known
        </button>
      </div>
      <div class="s-onboard-row">
        <label class="file-label">
          Import known words from a file…
          <input
            type="file"
            aria-label="Import known words from a file"
            disabled={disabled}
            accept=".txt,.tsv,.csv,text/plain,text/tab-separated-values,text/csv"
            onChange={(e) => void fromFile(e.currentTarget as HTMLInputElement)}
          />
        </label>{' '}
        <span class="muted">
          One word a line, or from Anki: in the Browse window search <code>prop:ivl&gt;=21</code> (cards you know, an interval of 21 days or
          more), select them all and export “Notes in Plain Text” with “Selected notes only”.
        </span>
      </div>
      <p class="s-onboard-status" role={status?.error ? 'alert' : 'status'} data-error={status?.error ? 'true' : undefined}>
        {status?.text ?? ''}
        {status?.undo ? (
          <button type="button" class="s-undo" disabled={busy} onClick={() => void undo(status.undo!)}>
            Undo
          </button>
        ) : null}
      </p>
    </details>
  );
}
