import { shareText, type Comprehension } from '../entrypoints/popup/learning';
import { plural } from '../utils/plural';

interface Props {
  /** Null while the reader's word states are not read (or cannot be). */
  comprehension: Comprehension | null;
  /** New words "I've read this page" would mark known. */
  newWords: number;
  busy: boolean;
  /** Why the states cannot be shown (unreadable store), in a sentence. */
  problem: string | null;
  onReadPage: () => void;
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The page against what the reader knows (issue 12): the comprehension share (running words known or
 * ignored, as entrypoints/popup/learning.ts counts them) and "I've read this page" (its result and undo
 * are in the popup's status line).
 */
export function PageLearning(p: Props) {
  const c = p.comprehension;
  const detail = c
    ? `Of ${n(c.total)} running words (numbers and dates not counted): ${n(c.known)} known, ${n(c.ignored)} ignored, ${n(c.learning)} learning, ${n(c.new)} new. Known and ignored words count as understood. Distinct words: ${n(c.words.new)} new, ${n(c.words.learning)} learning.`
    : '';
  return (
    <section class="g-learning" aria-label="What you know of this page">
      <div class="g-know">
        <span class="g-share" title={detail}>
          {c ? (
            <>
              You know <strong>{shareText(c.share)}</strong> of this page
              <span class="muted">
                {' '}
                · {plural(c.words.new, 'new word')}
                {c.words.learning ? ` · ${n(c.words.learning)} learning` : ''}
              </span>
            </>
          ) : p.problem ? null : (
            <span class="muted">Reading what you know…</span>
          )}
        </span>
        <button
          type="button"
          class="g-read"
          onClick={p.onReadPage}
          disabled={!c || p.busy || p.newWords === 0}
          title="Mark every word of this page that is still new as known (with undo)"
        >
          I’ve read this page
        </button>
      </div>
      {p.problem ? (
        <p class="g-problem" role="alert">
          {p.problem} Word states are not shown; the study list page can export them and set them aside.
        </p>
      ) : null}
    </section>
  );
}
