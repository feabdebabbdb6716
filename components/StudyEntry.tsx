import { useEffect, useState } from 'preact/hooks';
import { civicCategoryDescription, civicCategoryLabel } from '../dictionary/civic/categories';
import type { WordState } from '../utils/knowledge/model';
import { DEFAULT_LOOK, type ReadingLook } from '../utils/reading-look';
import type { StudyItem } from '../utils/study/types';
import { RowPinyin } from './RowPinyin';
import { ToneCharacters } from './ToneCharacters';
import { inOneScript } from '../dictionary/sense-text';

/** The states a saved word can be given here (a saved word is never "new"). */
export type SavedWordState = Exclude<WordState, 'new'>;

interface Props {
  item: StudyItem;
  /** The word's state (issue 12), or null while the word states are read or cannot be read. */
  state: SavedWordState | null;
  onState: (state: SavedWordState) => void;
  /** When its next review is (ms since the epoch; the earliest of its cards), null: never reviewed; undefined: not known. */
  nextReview?: number | null;
  onNotes: (notes: string) => void;
  onRemove: () => void;
  /** The reader's pinyin display and tone colours on characters (utils/page-reading.ts). */
  look?: ReadingLook;
}

const STATE_NAMES: Record<SavedWordState, string> = { learning: 'Learning', known: 'Known', ignored: 'Ignored' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

function formatDate(ms: number): string {
  return ms > 0 ? dateFormat.format(new Date(ms)) : '';
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "next review today at 10:15", "… on 12 Jan 2026", "not reviewed yet". */
function nextReviewText(due: number | null, state: SavedWordState | null): string {
  if (state === 'known' || state === 'ignored') return `not reviewed (marked ${state})`;
  if (due === null) return 'not reviewed yet';
  const d = new Date(due);
  return new Date().toDateString() === d.toDateString()
    ? `next review today at ${timeFormat.format(d)}`
    : `next review on ${dateFormat.format(d)}`;
}

/**
 * One saved word: what the card showed, the sentences it was met in, and the reader's notes. Its pinyin
 * follows the reader's display (`look`); hidden, it is a "Pinyin" button (RowPinyin). Exports keep their
 * own pinyin format (transfer.ts), whatever is shown here.
 */
export function StudyEntry({ item, state, onState, nextReview, onNotes, onRemove, look = DEFAULT_LOOK }: Props) {
  const [draft, setDraft] = useState(item.notes);
  const [pinyinShown, setPinyinShown] = useState(false);
  // Follow changes made elsewhere (another tab, an import) unless the reader is typing.
  useEffect(() => setDraft(item.notes), [item.notes]);
  useEffect(() => {
    if (draft === item.notes) return;
    const t = setTimeout(() => onNotes(draft), 700);
    return () => clearTimeout(t);
  }, [draft]);

  return (
    <article class="s-item" data-word={item.simplified}>
      <div class="s-head">
        {look.toneOnCharacters ? (
          <ToneCharacters class="s-word" text={item.simplified} pinyin={item.pinyin} />
        ) : (
          <span class="s-word" lang="zh">
            {item.simplified}
          </span>
        )}
        {item.traditional !== item.simplified ? (
          <span class="s-trad" lang="zh" title="traditional">
            {item.traditional}
          </span>
        ) : null}
        <RowPinyin
          pinyin={item.pinyin}
          mode={look.pinyin}
          word={item.simplified}
          revealed={pinyinShown}
          onToggle={() => setPinyinShown(!pinyinShown)}
        />
        <span class="s-date">
          Saved {formatDate(item.savedAt)}
          {nextReview !== undefined ? <span class="s-next"> · {nextReviewText(nextReview, state)}</span> : null}
        </span>
        <select
          class="s-state"
          data-state={state ?? undefined}
          aria-label={`State of ${item.simplified}`}
          title="Known and ignored words are left out of reviews"
          disabled={state === null}
          value={state ?? ''}
          onChange={(e) => onState((e.currentTarget as HTMLSelectElement).value as SavedWordState)}
        >
          {/* No state to show (word states not read yet, or unreadable): no choice looks made. */}
          {state === null ? <option value="">—</option> : null}
          {(Object.keys(STATE_NAMES) as SavedWordState[]).map((s) => (
            <option value={s}>{STATE_NAMES[s]}</option>
          ))}
        </select>
        <button
          type="button"
          class="s-remove"
          aria-label="Remove"
          title={`Remove ${item.simplified} from the study list`}
          onClick={onRemove}
        >
          Remove
        </button>
      </div>
      <div class="s-meaning">
        {item.civic ? (
          <div class="civic" data-category={item.civic.category}>
            <span class="civic-badge" title={civicCategoryDescription(item.civic.category)}>
              Civic · {civicCategoryLabel(item.civic.category)}
            </span>
            {item.civic.explanation ? <p class="civic-explanation">{item.civic.explanation}</p> : null}
          </div>
        ) : null}
        {item.definitions.length ? (
          <ol class="senses">
            {item.definitions.map((d) => (
              <li>{inOneScript(d, false, item.simplified)}</li>
            ))}
          </ol>
        ) : null}
      </div>
      <div class="s-context">
        {item.contexts.length ? (
          <ul class="s-sentences" aria-label="Sentences">
            {item.contexts.map((c) => (
              <li>
                <span lang="zh" class="s-sentence">
                  {c.sentence || '(no sentence)'}
                </span>
                {c.url || c.title ? (
                  <span class="s-source">
                    {c.url && /^https?:/.test(c.url) ? (
                      <a href={c.url} target="_blank" rel="noopener noreferrer" title={c.url}>
                        {c.title || c.url}
                      </a>
                    ) : (
                      c.title || c.url
                    )}
                    {c.savedAt ? ` · ${formatDate(c.savedAt)}` : ''}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No sentence saved.</p>
        )}
        <label class="s-notes">
          <span class="label">Notes</span>
          <textarea
            aria-label={`Notes for ${item.simplified}`}
            value={draft}
            onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}
            onBlur={() => draft !== item.notes && onNotes(draft)}
          />
        </label>
      </div>
    </article>
  );
}
