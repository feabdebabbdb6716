import { useState } from 'preact/hooks';
import { civicCategoryDescription, civicCategoryLabel } from '../dictionary/civic/categories';
import { DEFAULT_LOOK, type ReadingLook } from '../utils/reading-look';
import type { QueueEntry, SentenceView } from '../utils/review/session';
import { RowPinyin } from './RowPinyin';
import { ToneCharacters } from './ToneCharacters';
import { inOneScript } from '../dictionary/sense-text';

interface Props {
  entry: QueueEntry;
  revealed: boolean;
  /** The reader's pinyin display and tone colours on characters (utils/page-reading.ts). */
  look?: ReadingLook;
}

/** The word's characters, coloured by tone when the reader asks for it. */
function Word({ text, pinyin, look }: { text: string; pinyin: string; look: ReadingLook }) {
  return look.toneOnCharacters ? <ToneCharacters text={text} pinyin={pinyin} /> : text;
}

/** The saved sentence with the word highlighted, or (cloze, before the answer) blanked. */
function Sentence({ view, blank }: { view: SentenceView; blank: boolean }) {
  if (view.start < 0)
    return (
      <p class="review-sentence" lang="zh">
        {view.text}
      </p>
    );
  const word = view.text.slice(view.start, view.end);
  return (
    <p class="review-sentence" lang="zh">
      {view.text.slice(0, view.start)}
      {blank ? (
        <span class="cloze-blank" role="img" aria-label="blank">
          {'\u3000'.repeat(Math.max(2, word.length))}
        </span>
      ) : (
        <mark class="review-word-in-sentence">{word}</mark>
      )}
      {view.text.slice(view.end)}
    </p>
  );
}

/**
 * One review card. Meaning: the word in its sentence, then pinyin, senses and the civic explanation.
 * Cloze: the sentence with the word blanked and the senses as a hint, then the word with its pinyin.
 *
 * The pinyin is on the answer side only, as the reader chose to see it (`look`). Hidden pinyin stays
 * hidden on the answer too, behind a "Pinyin" button (RowPinyin) for when the reader wants the reading;
 * it is not focused, so Space and Enter still rate Good from the rating buttons (once pressed, the
 * button has the focus, and Space presses it as any focused button), and each new card starts with it
 * hidden. Characters are tone-coloured when asked, on the question side too (a word's tones are not
 * what a meaning or cloze card asks).
 */
export function ReviewCard({ entry, revealed, look = DEFAULT_LOOK }: Props) {
  const { item, sentence, template } = entry;
  // Which card's hidden pinyin the reader showed: the next card starts hidden.
  const card = `${template}|${item.simplified}`;
  const [shownFor, setShownFor] = useState<string | null>(null);
  const pinyinShown = revealed && shownFor === card;
  const cloze = template === 'cloze' && sentence !== null && sentence.start >= 0;
  const senses = (
    <ol class="review-senses">
      {item.definitions.map((d) => (
        <li>{inOneScript(d, false, item.simplified)}</li>
      ))}
    </ol>
  );
  return (
    <article class="review-card" data-template={cloze ? 'cloze' : 'meaning'} aria-label={cloze ? 'Cloze card' : 'Meaning card'}>
      <p class="review-kind">{cloze ? 'Which word fills the blank?' : 'What does it mean?'}</p>
      {sentence ? <Sentence view={sentence} blank={cloze && !revealed} /> : null}
      {cloze ? (
        <div class="review-hint">{senses}</div>
      ) : (
        <p class="review-word" lang="zh">
          <Word text={item.simplified} pinyin={item.pinyin} look={look} />
        </p>
      )}
      {revealed ? (
        <section class="review-answer" aria-label="Answer">
          <p class="review-head">
            {cloze ? (
              <span class="review-word" lang="zh">
                <Word text={item.simplified} pinyin={item.pinyin} look={look} />
              </span>
            ) : null}
            {item.traditional && item.traditional !== item.simplified ? (
              <span class="review-trad" lang="zh-Hant">
                {item.traditional}
              </span>
            ) : null}
            <RowPinyin
              pinyin={item.pinyin}
              mode={look.pinyin}
              word={item.simplified}
              revealed={pinyinShown}
              onToggle={() => setShownFor(pinyinShown ? null : card)}
              class="review-pinyin"
            />
          </p>
          {cloze ? null : senses}
          {item.civic ? (
            <div class="civic" data-category={item.civic.category}>
              <span class="civic-badge" title={civicCategoryDescription(item.civic.category)}>
                Civic · {civicCategoryLabel(item.civic.category)}
              </span>
              {item.civic.explanation ? <p class="civic-explanation">{item.civic.explanation}</p> : null}
            </div>
          ) : null}
          {item.notes ? <p class="review-notes">{item.notes}</p> : null}
        </section>
      ) : null}
    </article>
  );
}
