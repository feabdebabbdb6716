import type { DictEntry } from '../dictionary/types';
import type { Reading } from '../utils/messages';
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
    const classifiers = ordered.flatMap((e) => e.classifiers).filter((c, i, all) => all.findIndex((x) => x.simplified === c.simplified && x.pinyin === c.pinyin) === i);
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
          <p class="muted">Not in the dictionary: read character by character.</p>
        </section>
      ) : (
        groupReadings(reading.entries).map((e) => <CardEntry entry={e} word={reading.word} showOtherScript={!headerOther} />)
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
