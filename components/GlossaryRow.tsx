import { civicCategoryDescription, civicCategoryLabel } from '../dictionary/civic/categories';
import type { GlossaryListRow as Row } from '../dictionary/glossary/view';
import type { LevelBadge } from '../dictionary/levels/levels';
import type { DictEntry } from '../dictionary/types';
import { useState } from 'preact/hooks';
import type { WordState } from '../utils/knowledge/model';
import { DEFAULT_LOOK, type ReadingLook } from '../utils/reading-look';
import { CardEntry } from './CardEntry';
import { RowPinyin } from './RowPinyin';
import { ToneCharacters } from './ToneCharacters';
import { inOneScript } from '../dictionary/sense-text';

/** The marks a row's buttons set (K, I, U on the card). */
export type RowMark = 'known' | 'ignored' | 'new';

const STATE_LABELS: Record<WordState, string> = { new: 'New', learning: 'Learning', known: 'Known', ignored: 'Ignored' };

interface Props {
  row: Row;
  saved: boolean;
  /** Entries of the expanded row (null while they load); undefined when the row is collapsed. */
  details: DictEntry[] | null | undefined;
  /** Occurrence shown last (0-based), or null before the first click. */
  shown: number | null;
  onReveal: () => void;
  onToggleSave: () => void;
  onToggleDetails: () => void;
  /** "HSK 3" (with its standard's year) or the civic category; null: none (or levels not read yet). */
  badge?: LevelBadge | null;
  /** The reader's state of the word; null while it is not known (or cannot be read). */
  state?: WordState | null;
  /** Known / ignore / unknown buttons (absent: no buttons). `keys`: their keys, shown on the buttons. */
  onMark?: (mark: RowMark) => void;
  keys?: Partial<Record<RowMark, string>>;
  /** Keys pressed while the row (or one of its buttons) has the focus. */
  onKeyDown?: (e: KeyboardEvent) => void;
  /** The reader's pinyin display and tone colours on characters (utils/page-reading.ts). */
  look?: ReadingLook;
}

/**
 * One word of the page glossary; expanding it shows what the hover card shows. Its pinyin and its
 * details' follow the reader's display (`look`); hidden pinyin is a "Pinyin" button per row (RowPinyin),
 * and once the reader shows it, the details show it too.
 */
export function GlossaryRow({
  row,
  saved,
  details,
  shown,
  onReveal,
  onToggleSave,
  onToggleDetails,
  badge,
  state,
  onMark,
  keys,
  onKeyDown,
  look = DEFAULT_LOOK,
}: Props) {
  const [pinyinShown, setPinyinShown] = useState(false);
  const expanded = details !== undefined;
  // Senses name the words they refer to in the script of the page's word.
  const traditional = row.word === row.traditional && row.traditional !== row.simplified;
  const where = shown === null ? `Show “${row.word}” on the page` : `Show the next “${row.word}” on the page`;
  const markButton = (mark: RowMark, letter: string, label: string) => (
    <button
      type="button"
      class="g-mark"
      data-mark={mark}
      aria-label={`${label}: ${row.word}`}
      title={`${label}${keys?.[mark] ? ` (key ${keys[mark]})` : ''}`}
      onClick={() => onMark!(mark)}
    >
      {keys?.[mark] ?? letter}
    </button>
  );
  return (
    <li
      class={`g-row${saved ? ' is-saved' : ''}${row.civic ? ' is-civic' : ''}`}
      data-word={row.simplified}
      data-state={state ?? undefined}
      tabIndex={onKeyDown ? -1 : undefined}
      onKeyDown={onKeyDown}
    >
      <div class="g-line">
        <button type="button" class="g-expand" aria-label="Details" aria-expanded={expanded} onClick={onToggleDetails}>
          {expanded ? '▾' : '▸'}
        </button>
        <button type="button" class="g-word" lang="zh" title={where} aria-label={`${row.word}: ${where.toLowerCase()}`} onClick={onReveal}>
          {look.toneOnCharacters ? <ToneCharacters text={row.word} pinyin={row.pinyin} /> : row.word}
        </button>
        <span class="g-text">
          <RowPinyin
            pinyin={row.pinyin}
            mode={look.pinyin}
            word={row.word}
            revealed={pinyinShown}
            onToggle={() => setPinyinShown(!pinyinShown)}
            class="g-pinyin"
          />
          {badge?.kind === 'hsk' ? (
            <span class="g-level" title={`HSK level in the ${badge.standard === 2025 ? '2025 HSK syllabus' : 'GF0025-2021 standard'}`}>
              {badge.text}
              <span class="g-level-year">{badge.standard}</span>
            </span>
          ) : null}
          {state ? (
            <span class="g-state" data-state={state} title="Your state of this word">
              {STATE_LABELS[state]}
            </span>
          ) : null}
          <span class="g-gloss" title={row.definitions.map((d) => inOneScript(d, traditional, row.word)).join('; ')}>
            {row.civic ? (
              <span class="g-cat" data-category={row.civic.category} title={civicCategoryDescription(row.civic.category)}>
                {civicCategoryLabel(row.civic.category)}
              </span>
            ) : null}
            {row.made ? (
              <span
                class={`g-made g-made-${row.made}`}
                title={
                  row.made === 'rule' ? 'Glossed by rule (no dictionary lists it)' : 'Composed from its parts: no dictionary has this word'
                }
              >
                {row.made === 'rule' ? 'by rule' : 'composed'}
              </span>
            ) : null}
            {inOneScript(row.gloss, traditional, row.word)}
          </span>
        </span>
        <span class="g-count" title={`${row.count} on this page`}>
          {shown === null ? `×${row.count}` : `${shown + 1}/${row.count}`}
        </span>
        <button
          type="button"
          class="g-save"
          aria-label={saved ? 'Remove' : 'Save'}
          title={saved ? 'In your study list: click to remove' : 'Save to the study list'}
          aria-pressed={saved}
          onClick={onToggleSave}
        >
          {saved ? '★' : '☆'}
        </button>
        {onMark ? (
          <span class="g-marks">
            {markButton('known', 'K', 'Mark known')}
            {markButton('ignored', 'I', 'Ignore')}
            {markButton('new', 'U', 'Mark unknown')}
          </span>
        ) : null}
      </div>
      {expanded ? (
        <div class="g-details">
          {details === null ? (
            <p class="muted">Loading…</p>
          ) : (
            details.map((e) => (
              <CardEntry
                entry={e}
                word={row.word}
                pinyin={look.pinyin}
                pinyinRevealed={pinyinShown}
                revealKey={null}
                onRevealPinyin={() => setPinyinShown(true)}
              />
            ))
          )}
        </div>
      ) : null}
    </li>
  );
}
