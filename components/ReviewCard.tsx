import { civicCategoryDescription, civicCategoryLabel } from '../dictionary/civic/categories';
import type { QueueEntry, SentenceView } from '../utils/review/session';
import { PinyinText } from './PinyinText';

interface Props {
  entry: QueueEntry;
  revealed: boolean;
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
 */
export function ReviewCard({ entry, revealed }: Props) {
  const { item, sentence, template } = entry;
  const cloze = template === 'cloze' && sentence !== null && sentence.start >= 0;
  const senses = (
    <ol class="review-senses">
      {item.definitions.map((d) => (
        <li>{d}</li>
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
          {item.simplified}
        </p>
      )}
      {revealed ? (
        <section class="review-answer" aria-label="Answer">
          <p class="review-head">
            {cloze ? (
              <span class="review-word" lang="zh">
                {item.simplified}
              </span>
            ) : null}
            {item.traditional && item.traditional !== item.simplified ? (
              <span class="review-trad" lang="zh-Hant">
                {item.traditional}
              </span>
            ) : null}
            <PinyinText pinyin={item.pinyin} class="review-pinyin" />
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
