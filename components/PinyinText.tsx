import { tonesOfMarked } from '../dictionary/pinyin';

interface Props {
  /** Tone-marked pinyin, syllables separated by spaces. */
  pinyin: string;
  class?: string;
}

/** Pinyin with one span per syllable, coloured by tone through the `tone-N` classes (assets/card.css). */
export function PinyinText({ pinyin, class: cls }: Props) {
  const syllables = tonesOfMarked(pinyin);
  return (
    <span class={cls ? `pinyin ${cls}` : 'pinyin'} lang="zh-Latn-pinyin">
      {syllables.map((s, i) => (
        <>
          {i > 0 ? ' ' : null}
          <span class={`tone-${s.tone}`}>{s.text}</span>
        </>
      ))}
    </span>
  );
}
