import type { SpanResult } from '../utils/messages';
import type { PinyinDisplay as PinyinMode } from '../utils/settings-schema';
import { PinyinDisplay } from './PinyinDisplay';
import { inOneScript } from '../dictionary/sense-text';

interface Props {
  parts: SpanResult[];
  /** Pinyin as the reader chose to see it; hidden until revealed, the parts show none. */
  pinyin?: PinyinMode;
  pinyinRevealed?: boolean;
}

/** The parts of a compound, each with its pinyin and first gloss. */
export function CardParts({ parts, pinyin = 'marks', pinyinRevealed = false }: Props) {
  const show = pinyin !== 'hidden' || pinyinRevealed;
  return (
    <div class="parts">
      <div class="label">Parts</div>
      <ul>
        {parts.map((p) => {
          const e = p.entries.find((x) => x.definitions.length > 0);
          const gloss = e && inOneScript(e.definitions[0]!, p.word === e.traditional && e.traditional !== e.simplified, p.word);
          return (
            <li class="part">
              <span class="part-word" lang="zh">
                {p.word}
              </span>
              {show ? (
                <>
                  {' '}
                  <PinyinDisplay pinyin={p.pinyin} mode={pinyin === 'hidden' ? 'marks' : pinyin} />
                </>
              ) : null}
              {gloss ? <span class="part-gloss"> {gloss}</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
