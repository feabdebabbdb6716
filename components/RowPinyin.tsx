import type { PinyinDisplay as Mode } from '../utils/settings-schema';
import { PinyinDisplay } from './PinyinDisplay';

interface Props {
  /** Tone-marked pinyin, syllables separated by spaces. */
  pinyin: string;
  /** The reader's choice (settings `pinyin`). */
  mode: Mode;
  /** The word it reads, for the hidden button's name ("Show the pinyin of 政府"). */
  word: string;
  /** For 'hidden': whether this row's pinyin is shown (the parent keeps it, its details follow it). */
  revealed: boolean;
  onToggle: () => void;
  class?: string;
}

/**
 * The pinyin of one word in a list (a popup glossary row, a study entry, a review card's answer), as the
 * reader chose to see it: tone marks, tone numbers or zhuyin (PinyinDisplay).
 *
 * Hidden (a reader learning to read without pinyin): not left out, since a list row without it would look
 * broken and the reader sometimes needs one reading; a muted "Pinyin" button stands in its place. It is
 * a real button (Tab reaches it, Enter or Space presses it) that shows this row's pinyin, in tone marks
 * as the hover card does, and hides it again; `aria-expanded` says which. Only that row is shown: the
 * others stay hidden. The state is the page's for as long as the row is drawn (a study entry scrolled
 * far away and back is hidden again), never stored.
 */
export function RowPinyin({ pinyin, mode, word, revealed, onToggle, class: cls }: Props) {
  if (mode !== 'hidden') return <PinyinDisplay pinyin={pinyin} mode={mode} class={cls} />;
  return (
    <button
      type="button"
      class={`pinyin-toggle${revealed ? ' is-revealed' : ''}`}
      aria-expanded={revealed}
      aria-label={revealed ? undefined : `Show the pinyin of ${word}`}
      title={revealed ? 'Hide the pinyin again' : 'Show the pinyin'}
      onClick={onToggle}
    >
      {revealed ? <PinyinDisplay pinyin={pinyin} mode="marks" class={cls} /> : <span class="pinyin-placeholder">Pinyin</span>}
    </button>
  );
}
