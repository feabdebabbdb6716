import type { SpanResult } from '../utils/messages';
import { PinyinText } from './PinyinText';

interface Props {
  parts: SpanResult[];
}

/** The parts of a compound, each with its pinyin and first gloss. */
export function CardParts({ parts }: Props) {
  return (
    <div class="parts">
      <div class="label">Parts</div>
      <ul>
        {parts.map((p) => {
          const gloss = p.entries.find((e) => e.definitions.length > 0)?.definitions[0];
          return (
            <li class="part">
              <span class="part-word" lang="zh">
                {p.word}
              </span>{' '}
              <PinyinText pinyin={p.pinyin} />
              {gloss ? <span class="part-gloss"> {gloss}</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
