import { displaySyllables } from '../dictionary/pinyin-display';
import type { PinyinDisplay as Mode } from '../utils/settings-schema';

interface Props {
  /** Tone-marked pinyin, syllables separated by spaces (DictEntry.pinyin). */
  pinyin: string;
  /** The reader's choice (settings `pinyin`). */
  mode: Mode;
  /** For 'hidden': the reader pressed the key (or clicked) to see it. */
  revealed?: boolean;
  /** The key that shows hidden pinyin, as displayed ("H"); null when the reader removed it. */
  revealKey?: string | null;
  onReveal?: () => void;
  class?: string;
}

/**
 * Pinyin as the reader chose to see it: tone marks, tone numbers or zhuyin, one span per syllable with
 * its `tone-N` class (the colours come from the theme's --tone-N), or, when hidden, a button that shows
 * it. The hover card and the settings preview use it, and, through RowPinyin (whose hidden state is a
 * per-row toggle), the popup's glossary, the study list and the review page.
 */
export function PinyinDisplay({ pinyin, mode, revealed = false, revealKey = 'H', onReveal, class: cls }: Props) {
  const base = cls ? `pinyin ${cls}` : 'pinyin';
  if (mode === 'hidden' && !revealed) {
    return (
      <button
        type="button"
        class={`${base} pinyin-hidden`}
        onClick={onReveal}
        title={revealKey ? `Show the pinyin (${revealKey})` : 'Show the pinyin'}
      >
        {revealKey ? (
          <>
            Pinyin <kbd>{revealKey}</kbd>
          </>
        ) : (
          'Pinyin'
        )}
      </button>
    );
  }
  const shown = mode === 'hidden' ? 'marks' : mode;
  const syllables = displaySyllables(pinyin, shown);
  return (
    <span class={base} lang={shown === 'zhuyin' ? 'zh-Bopo' : 'zh-Latn-pinyin'}>
      {syllables.map((s, i) => (
        <>
          {i > 0 ? ' ' : null}
          <span class={`tone-${s.tone}`}>{s.text}</span>
        </>
      ))}
    </span>
  );
}
