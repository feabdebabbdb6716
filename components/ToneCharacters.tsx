import { displaySyllables } from '../dictionary/pinyin-display';

interface Props {
  /** The characters, e.g. the headword. */
  text: string;
  /** Its tone-marked reading; characters take the tones of its syllables in order. */
  pinyin: string;
  class?: string;
}

/**
 * Characters coloured by the tones of their syllables (settings toneColors.onCharacters). Only when the
 * reading has one syllable per character (Han words; not "AA制" or "卡拉OK"): otherwise the text is
 * shown as it is, uncoloured, rather than coloured wrongly.
 */
export function ToneCharacters({ text, pinyin, class: cls }: Props) {
  const chars = [...text];
  const tones = displaySyllables(pinyin, 'marks').map((s) => s.tone);
  if (tones.length !== chars.length || tones.some((t) => t === 0))
    return (
      <span class={cls} lang="zh">
        {text}
      </span>
    );
  return (
    <span class={cls} lang="zh">
      {chars.map((c, i) => (
        <span class={`tone-${tones[i]}`}>{c}</span>
      ))}
    </span>
  );
}
