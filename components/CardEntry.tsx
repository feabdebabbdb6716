import { useState } from 'preact/hooks';
import type { DictEntry } from '../dictionary/types';
import type { PinyinDisplay as PinyinMode } from '../utils/settings-schema';
import { CardCivic } from './CardCivic';
import { PinyinDisplay } from './PinyinDisplay';
import { inOneScript } from '../dictionary/sense-text';

interface Props {
  entry: DictEntry;
  /** The form the page uses (simplified or traditional): the other one is shown when it differs. */
  word: string;
  /** False when the card's header already shows the other script. */
  showOtherScript?: boolean;
  /** Pinyin as the reader chose to see it (settings `pinyin`). */
  pinyin?: PinyinMode;
  pinyinRevealed?: boolean;
  revealKey?: string | null;
  onRevealPinyin?: () => void;
  /** Senses shown before a "more" button; 0: all. */
  maxSenses?: number;
}

/**
 * What the card says about where an entry comes from, when it is not simply a dictionary's: made by rule,
 * composed from its parts (no dictionary has the word), or senses ordered or added by Dubao's news layer.
 */
export function sourceNote(entry: DictEntry): string | null {
  if (entry.source === 'composed') {
    return entry.definitions[0]?.startsWith('probably a ')
      ? 'Not in the dictionary: read from its characters'
      : 'Composed from its parts: no dictionary has this word';
  }
  if (entry.source === 'rule') {
    return entry.civic ? 'By rule, from its parts: one of a family of terms' : 'By rule: a number, date or ordinal';
  }
  if (entry.revision) {
    if (entry.revision.reordered || entry.revision.dropped > 0) return 'News sense first: order by Dubao';
    return 'Senses marked Dubao added for news reading';
  }
  return null;
}

/** One reading of a word: pinyin, the other script when different, senses, classifiers, civic badge. */
export function CardEntry({
  entry,
  word,
  showOtherScript = true,
  pinyin = 'marks',
  pinyinRevealed = false,
  revealKey = 'H',
  onRevealPinyin,
  maxSenses = 0,
}: Props) {
  const [allSenses, setAllSenses] = useState(false);
  const other = word === entry.traditional ? entry.simplified : entry.traditional;
  const cut = maxSenses > 0 && !allSenses && entry.definitions.length > maxSenses;
  const senses = cut ? entry.definitions.slice(0, maxSenses) : entry.definitions;
  // Classifiers' pinyin follows the reader's display; hidden until revealed, it is left out.
  const smallPinyin = pinyin !== 'hidden' || pinyinRevealed;
  // Measure words, and the words senses refer to, in the script of the page's word.
  const traditionalPage = word === entry.traditional && entry.traditional !== entry.simplified;
  const note = sourceNote(entry);
  const added = new Set(entry.revision?.added ?? []);
  return (
    <section class={`entry source-${entry.source}`}>
      <div class="entry-head">
        <PinyinDisplay pinyin={entry.pinyin} mode={pinyin} revealed={pinyinRevealed} revealKey={revealKey} onReveal={onRevealPinyin} />
        {showOtherScript && other !== word ? (
          <span class="other-script" lang="zh" title={word === entry.traditional ? 'simplified' : 'traditional'}>
            {other}
          </span>
        ) : null}
      </div>
      {note ? (
        <p class={`entry-source entry-source-${entry.source}`} title={entry.parts ? `Made from: ${entry.parts.join(' + ')}` : undefined}>
          {note}
        </p>
      ) : null}
      {entry.civic ? <CardCivic civic={entry.civic} /> : null}
      {senses.length > 0 ? (
        <ol class="senses">
          {senses.map((d, i) => (
            <li>
              {inOneScript(d, traditionalPage, word)}
              {added.has(i) ? (
                <span class="sense-ours" title="A sense Dubao added for news reading">
                  {' '}
                  Dubao
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {cut ? (
        <button type="button" class="more-senses" onClick={() => setAllSenses(true)}>
          {entry.definitions.length - maxSenses} more {entry.definitions.length - maxSenses === 1 ? 'sense' : 'senses'}
        </button>
      ) : null}
      {entry.classifiers.length > 0 ? (
        <p class="classifiers">
          <span class="label">Measure words: </span>
          {entry.classifiers.map((c, i) => (
            <>
              {i > 0 ? ', ' : null}
              <span lang="zh">{traditionalPage ? c.traditional : c.simplified}</span>
              {smallPinyin ? (
                <>
                  {' '}
                  <PinyinDisplay pinyin={c.pinyin} mode={pinyin === 'hidden' ? 'marks' : pinyin} />
                </>
              ) : null}
            </>
          ))}
        </p>
      ) : null}
    </section>
  );
}
