import { bandLabel, levelBadge, type HskStandard } from '../dictionary/levels/levels';
import type { DictEntry } from '../dictionary/types';
import type { KeyAction } from '../utils/keys';
import type { Mark, WordState } from '../utils/knowledge/model';
import type { Reading } from '../utils/messages';
import type { PinyinDisplay as PinyinMode, ScriptFirst, Theme } from '../utils/settings-schema';
import { CardEntry } from './CardEntry';
import { CardParts } from './CardParts';
import { PinyinDisplay } from './PinyinDisplay';
import { ToneCharacters } from './ToneCharacters';

export type SaveState = { kind: 'unsaved' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

/** How the reader chose to see the card (settings, utils/settings-schema.ts). */
export interface CardView {
  pinyin: PinyinMode;
  /** Colour the headword's characters by tone (toneColors.onCharacters, and a scheme other than none). */
  toneOnCharacters: boolean;
  script: ScriptFirst;
  /** Senses shown per reading before "more"; 0: all. */
  maxSenses: number;
  /** Which HSK standard's level the card shows. */
  standard: HskStandard;
  /** The keys as shown ("S", "←", "Shift+A"); null or missing: the reader removed that key. */
  keys: Partial<Record<KeyAction, string | null>>;
}

export const DEFAULT_CARD_VIEW: CardView = {
  pinyin: 'marks',
  toneOnCharacters: false,
  script: 'page',
  maxSenses: 0,
  standard: 2025,
  keys: {
    save: 'S',
    shorter: '[',
    longer: ']',
    close: 'Esc',
    known: 'K',
    ignore: 'I',
    unknown: 'U',
    undoMark: 'Z',
    speakWord: 'A',
    speakSentence: 'Shift+A',
    showPinyin: 'H',
    previousWord: '←',
    nextWord: '→',
  },
};

/** What the last K / I / U did (shown with its undo), or its error as a sentence. */
export type MarkStatus =
  | { kind: 'idle' }
  | { kind: 'done'; mark: Mark; undoable: boolean }
  | { kind: 'undone' }
  | { kind: 'error'; message: string };

/** Speech on the card: whether a Chinese voice can speak (null: not known yet), and the last message. */
export interface SpeechState {
  available: boolean | null;
  message: string | null;
}

export interface CardProps {
  /** The reading shown: the word under the pointer, or a shorter/longer one the reader stepped to. */
  reading: Reading;
  /** Position of `reading` among the readings of the span, and how many there are. */
  index: number;
  count: number;
  onShorter: () => void;
  onLonger: () => void;
  onSave: () => void;
  save: SaveState;
  view?: CardView;
  /** data-dubao-theme of the card (the hover card; the settings preview sets it around the card). */
  theme?: Theme;
  /** The reader's state of the word; null or absent: not known (word states unreadable, or not asked). */
  state?: WordState | null;
  markStatus?: MarkStatus;
  /** K, I, U: known, ignored, back to new. */
  onMark?: (mark: 'known' | 'ignored' | 'new') => void;
  onUndoMark?: () => void;
  speech?: SpeechState;
  onSpeak?: (what: 'word' | 'sentence') => void;
  /** For pinyin hidden until a key: the reader asked to see it. */
  pinyinRevealed?: boolean;
  onRevealPinyin?: () => void;
}

/**
 * Entries with the same headword and reading shown as one block: a civic-lexicon entry and the
 * CC-CEDICT entry of the same word become one reading with the civic badge beside the CC-CEDICT senses.
 * Civic entries come first within a block; senses that repeat (ignoring case) are dropped.
 */
export function groupReadings(entries: readonly DictEntry[]): DictEntry[] {
  const groups = new Map<string, DictEntry[]>();
  for (const e of entries) {
    const key = `${e.simplified}\t${e.traditional}\t${e.pinyin}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const ordered = [...group].sort((a, b) => Number(b.source === 'civic') - Number(a.source === 'civic'));
    const seen = new Set<string>();
    const definitions: string[] = [];
    for (const d of ordered.flatMap((e) => e.definitions)) {
      const k = d.toLowerCase();
      if (!seen.has(k)) {
        seen.add(k);
        definitions.push(d);
      }
    }
    const classifiers = ordered
      .flatMap((e) => e.classifiers)
      .filter((c, i, all) => all.findIndex((x) => x.simplified === c.simplified && x.pinyin === c.pinyin) === i);
    return {
      ...ordered[0]!,
      definitions,
      classifiers,
      civic: ordered.find((e) => e.civic)?.civic ?? null,
    };
  });
}

/**
 * The other-script form of the headword when all readings agree on it (else each reading shows its own).
 * A word the dictionary lacks (a name, say) is converted through its parts: 陳大文 -> 陈大文.
 */
function otherScript(reading: Reading): string | null {
  const otherOf = (e: DictEntry, word: string) => (word === e.traditional ? e.simplified : e.traditional);
  if (reading.entries.length === 0) {
    const parts = reading.parts;
    if (parts.length === 0 || parts.some((p) => p.entries.length === 0)) return null;
    if (parts.map((p) => p.word).join('') !== reading.word) return null;
    const form = parts.map((p) => otherOf(p.entries[0]!, p.word)).join('');
    return form !== reading.word ? form : null;
  }
  const forms = new Set(reading.entries.map((e) => otherOf(e, reading.word)));
  if (forms.size !== 1) return null;
  const [form] = forms;
  return form !== reading.word ? form! : null;
}

/** Whether the page's form of a word is its traditional one (for "simplified first" / "traditional first"). */
function pageIsTraditional(reading: Reading, other: string): boolean {
  const e = reading.entries[0];
  if (e) return reading.word === e.traditional && e.traditional !== e.simplified;
  // A word made of parts: the page's form is traditional when each part was its traditional form.
  return reading.parts.every((p) => !p.entries[0] || p.word === p.entries[0].traditional) && other !== reading.word;
}

/**
 * The headword first in the script the reader chose, and the other form beside it (null when there is
 * none): 'page' keeps the page's form first.
 */
export function headwordForms(reading: Reading, script: ScriptFirst): { first: string; second: string | null } {
  const other = otherScript(reading);
  if (!other || script === 'page') return { first: reading.word, second: other };
  const traditionalPage = pageIsTraditional(reading, other);
  const wantTraditional = script === 'traditional';
  return traditionalPage === wantTraditional ? { first: reading.word, second: other } : { first: other, second: reading.word };
}

const STATE_LABELS: Record<WordState, string> = { new: 'New', learning: 'Learning', known: 'Known', ignored: 'Ignored' };
const MARK_DONE: Record<Mark, string> = {
  known: 'Marked known.',
  ignored: 'Ignored.',
  new: 'Marked unknown.',
  learning: 'Marked learning.',
};

function KeyLabel({ k }: { k: string | null | undefined }) {
  return k ? <kbd>{k}</kbd> : null;
}

/** Level ("HSK 3" and the year of its standard, or the civic category), frequency band and state. */
function Meta({ reading, standard, state }: { reading: Reading; standard: HskStandard; state: WordState | null | undefined }) {
  const civic = reading.entries.find((e) => e.civic)?.civic?.category ?? null;
  const badge = levelBadge(reading.level ?? null, civic, standard);
  const band = reading.level?.band ?? null;
  if (!badge && !band && !state) return null;
  return (
    <div class="meta">
      {badge?.kind === 'hsk' ? (
        <span class="level" title={`HSK level in the ${badge.standard === 2025 ? '2025 HSK syllabus' : 'GF0025-2021 standard'}`}>
          {badge.text}
          <span class="level-year">{badge.standard}</span>
        </span>
      ) : badge ? (
        <span class="level level-civic" title="Civic category (no HSK level)">
          {badge.text}
        </span>
      ) : null}
      {band ? (
        <span class="band" title={`Among the ${bandLabel(band).slice(4)} most frequent words`}>
          {bandLabel(band)}
        </span>
      ) : null}
      {state ? (
        <span class="word-state" data-state={state} title="Your state of this word">
          {STATE_LABELS[state]}
        </span>
      ) : null}
    </div>
  );
}

/** The hover card. Stateless: the content script owns the lookup, the save state, marks and speech. */
export function Card(props: CardProps) {
  const { reading, index, count, onShorter, onLonger, onSave, save } = props;
  const view = props.view ?? DEFAULT_CARD_VIEW;
  const keys = view.keys;
  const { first, second } = headwordForms(reading, view.script);
  const headerOther = second !== null || reading.entries.length <= 1;
  const revealed = props.pinyinRevealed ?? false;
  const headPinyin = reading.entries[0]?.pinyin ?? reading.pinyin;
  const status = props.markStatus ?? { kind: 'idle' };
  const state = props.state;
  const speech = props.speech;
  return (
    <div class="card" role="dialog" aria-label={`Dubao: ${first}`} lang="en" data-dubao-theme={props.theme}>
      <header class="head">
        {view.toneOnCharacters ? (
          <ToneCharacters class="headword" text={first} pinyin={headPinyin} />
        ) : (
          <span class="headword" lang="zh">
            {first}
          </span>
        )}
        {second ? (
          <span class="headword-other" lang="zh">
            {second}
          </span>
        ) : null}
        <span class="steps">
          <button
            type="button"
            class="step"
            aria-label="Shorter reading"
            title={`Shorter reading${keys.shorter ? ` (${keys.shorter})` : ''}`}
            disabled={index <= 0}
            onClick={onShorter}
          >
            −
          </button>
          <button
            type="button"
            class="step"
            aria-label="Longer reading"
            title={`Longer reading${keys.longer ? ` (${keys.longer})` : ''}`}
            disabled={index >= count - 1}
            onClick={onLonger}
          >
            +
          </button>
        </span>
      </header>
      <Meta reading={reading} standard={view.standard} state={state} />
      {reading.entries.length === 0 ? (
        <section class="entry no-entry">
          <div class="entry-head">
            <PinyinDisplay
              pinyin={reading.pinyin}
              mode={view.pinyin}
              revealed={revealed}
              revealKey={keys.showPinyin ?? null}
              onReveal={props.onRevealPinyin}
            />
          </div>
          <p class="muted">Not in the dictionary: read character by character.</p>
        </section>
      ) : (
        groupReadings(reading.entries).map((e, i) => (
          <CardEntry
            key={`${reading.word}:${i}`}
            entry={e}
            word={reading.word}
            showOtherScript={!headerOther}
            pinyin={view.pinyin}
            pinyinRevealed={revealed}
            revealKey={keys.showPinyin ?? null}
            onRevealPinyin={props.onRevealPinyin}
            maxSenses={view.maxSenses}
          />
        ))
      )}
      {reading.parts.length > 0 ? <CardParts parts={reading.parts} pinyin={view.pinyin} pinyinRevealed={revealed} /> : null}
      <footer class="foot">
        <button
          type="button"
          class={`save save-${save.kind}`}
          aria-label="Save"
          aria-pressed={save.kind === 'saved'}
          disabled={save.kind === 'saving'}
          onClick={onSave}
        >
          {save.kind === 'saved' ? '★ Saved' : '☆ Save'}
          <KeyLabel k={keys.save} />
        </button>
        {props.onMark ? (
          // biome-ignore lint/a11y/useSemanticElements: a row of buttons; a fieldset would bring its border and legend
          <span class="marks" role="group" aria-label="Your state of this word">
            <button
              type="button"
              class="mark-known"
              aria-label="Known"
              aria-pressed={state === 'known'}
              onClick={() => props.onMark!('known')}
            >
              Known
              <KeyLabel k={keys.known} />
            </button>
            <button
              type="button"
              class="mark-ignore"
              aria-label="Ignore"
              aria-pressed={state === 'ignored'}
              onClick={() => props.onMark!('ignored')}
            >
              Ignore
              <KeyLabel k={keys.ignore} />
            </button>
            <button
              type="button"
              class="mark-unknown"
              aria-label="Unknown"
              disabled={state !== 'known' && state !== 'ignored'}
              onClick={() => props.onMark!('new')}
            >
              Unknown
              <KeyLabel k={keys.unknown} />
            </button>
          </span>
        ) : null}
        {save.kind === 'error' ? <span class="save-error">{save.message}</span> : null}
        {status.kind === 'done' ? (
          <p class="card-message mark-status" role="status">
            {MARK_DONE[status.mark]}
            {status.undoable && props.onUndoMark ? (
              <button type="button" class="undo-mark" aria-label="Undo" onClick={props.onUndoMark}>
                Undo
                <KeyLabel k={keys.undoMark} />
              </button>
            ) : null}
          </p>
        ) : status.kind === 'undone' ? (
          <p class="card-message mark-status" role="status">
            Undone.
          </p>
        ) : status.kind === 'error' ? (
          <p class="card-message mark-status" role="alert" data-error="true">
            {status.message}
          </p>
        ) : null}
        {props.onSpeak ? (
          speech?.available === false ? (
            <span class="speech">
              <button
                type="button"
                class="speak speak-none"
                aria-label="Speak: no Chinese voice is installed"
                title="No Chinese voice is installed on this computer"
                onClick={() => props.onSpeak!('word')}
              >
                No Chinese voice
              </button>
            </span>
          ) : (
            // biome-ignore lint/a11y/useSemanticElements: a row of buttons; a fieldset would bring its border and legend
            <span class="speech" role="group" aria-label="Speak">
              <button type="button" class="speak" aria-label="Speak the word" onClick={() => props.onSpeak!('word')}>
                Speak
                <KeyLabel k={keys.speakWord} />
              </button>
              <button type="button" class="speak" aria-label="Speak the sentence" onClick={() => props.onSpeak!('sentence')}>
                Sentence
                <KeyLabel k={keys.speakSentence} />
              </button>
            </span>
          )
        ) : null}
        <span class="keys">
          {keys.previousWord || keys.nextWord ? (
            <>
              <KeyLabel k={keys.previousWord} /> <KeyLabel k={keys.nextWord} /> words ·{' '}
            </>
          ) : null}
          <KeyLabel k={keys.shorter} /> <KeyLabel k={keys.longer} /> shorter/longer
          {keys.close ? (
            <>
              {' '}
              · <KeyLabel k={keys.close} /> close
            </>
          ) : null}
        </span>
        {speech?.message ? (
          <p class="card-message speech-message" role="alert" data-error="true">
            {speech.message}
          </p>
        ) : null}
      </footer>
    </div>
  );
}
