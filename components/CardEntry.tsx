import type { DictEntry } from '../dictionary/types';
import { CardCivic } from './CardCivic';
import { PinyinText } from './PinyinText';

interface Props {
  entry: DictEntry;
  /** The form the page uses (simplified or traditional): the other one is shown when it differs. */
  word: string;
  /** False when the card's header already shows the other script. */
  showOtherScript?: boolean;
}

/** One reading of a word: pinyin, the other script when different, senses, classifiers, civic badge. */
export function CardEntry({ entry, word, showOtherScript = true }: Props) {
  const other = word === entry.traditional ? entry.simplified : entry.traditional;
  // Measure words in the script of the page's word.
  const traditionalPage = word === entry.traditional && entry.traditional !== entry.simplified;
  return (
    <section class={`entry source-${entry.source}`}>
      <div class="entry-head">
        <PinyinText pinyin={entry.pinyin} />
        {showOtherScript && other !== word ? (
          <span class="other-script" lang="zh" title={word === entry.traditional ? 'simplified' : 'traditional'}>
            {other}
          </span>
        ) : null}
      </div>
      {entry.civic ? <CardCivic civic={entry.civic} /> : null}
      {entry.definitions.length > 0 ? (
        <ol class="senses">
          {entry.definitions.map((d) => (
            <li>{d}</li>
          ))}
        </ol>
      ) : null}
      {entry.classifiers.length > 0 ? (
        <p class="classifiers">
          <span class="label">Measure words: </span>
          {entry.classifiers.map((c, i) => (
            <>
              {i > 0 ? ', ' : null}
              <span lang="zh">{traditionalPage ? c.traditional : c.simplified}</span>{' '}
              <PinyinText pinyin={c.pinyin} />
            </>
          ))}
        </p>
      ) : null}
    </section>
  );
}
