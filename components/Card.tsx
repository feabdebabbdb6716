import type { Reading, SpanResult } from '../utils/messages';
import { CardEntry } from './CardEntry';
import { CardParts } from './CardParts';
import { PinyinText } from './PinyinText';

export type SaveState = { kind: 'unsaved' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

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
}

/** The other-script form of the headword when all readings agree on it (else each reading shows its own). */
function otherScript(reading: SpanResult): string | null {
  const forms = new Set(
    reading.entries.map((e) => (reading.word === e.traditional ? e.simplified : e.traditional)),
  );
  if (forms.size !== 1) return null;
  const [form] = forms;
  return form !== reading.word ? form! : null;
}

/** The hover card. Stateless: the content script owns the lookup and the save state. */
export function Card({ reading, index, count, onShorter, onLonger, onSave, save }: CardProps) {
  const other = otherScript(reading);
  const headerOther = other !== null || reading.entries.length <= 1;
  return (
    <div class="card" role="dialog" aria-label={`Dubao: ${reading.word}`} lang="en">
      <header class="head">
        <span class="headword" lang="zh">
          {reading.word}
        </span>
        {other ? (
          <span class="headword-other" lang="zh">
            {other}
          </span>
        ) : null}
        <span class="steps">
          <button type="button" class="step" aria-label="Shorter reading" title="Shorter reading ([)" disabled={index <= 0} onClick={onShorter}>
            −
          </button>
          <button type="button" class="step" aria-label="Longer reading" title="Longer reading (])" disabled={index >= count - 1} onClick={onLonger}>
            +
          </button>
        </span>
      </header>
      {reading.entries.length === 0 ? (
        <section class="entry no-entry">
          <div class="entry-head">
            <PinyinText pinyin={reading.pinyin} />
          </div>
          <p class="muted">Not in the dictionary.</p>
        </section>
      ) : (
        reading.entries.map((e) => <CardEntry entry={e} word={reading.word} showOtherScript={!headerOther} />)
      )}
      {reading.parts.length > 0 ? <CardParts parts={reading.parts} /> : null}
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
        </button>
        {save.kind === 'error' ? <span class="save-error">{save.message}</span> : null}
        <span class="keys">
          <kbd>[</kbd> <kbd>]</kbd> shorter/longer · <kbd>S</kbd> save · <kbd>Esc</kbd> close
        </span>
      </footer>
    </div>
  );
}
