import { civicCategoryDescription, civicCategoryLabel } from '../dictionary/civic/categories';
import type { GlossaryListRow as Row } from '../dictionary/glossary/view';
import type { DictEntry } from '../dictionary/types';
import { CardEntry } from './CardEntry';
import { PinyinText } from './PinyinText';

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
}

/** One word of the page glossary; expanding it shows what the hover card shows. */
export function GlossaryRow({ row, saved, details, shown, onReveal, onToggleSave, onToggleDetails }: Props) {
  const expanded = details !== undefined;
  const where = shown === null ? `Show “${row.word}” on the page` : `Show the next “${row.word}” on the page`;
  return (
    <li class={`g-row${saved ? ' is-saved' : ''}${row.civic ? ' is-civic' : ''}`} data-word={row.simplified}>
      <div class="g-line">
        <button type="button" class="g-expand" aria-label="Details" aria-expanded={expanded} onClick={onToggleDetails}>
          {expanded ? '▾' : '▸'}
        </button>
        <button type="button" class="g-word" lang="zh" title={where} aria-label={`${row.word}: ${where.toLowerCase()}`} onClick={onReveal}>
          {row.word}
        </button>
        <span class="g-text">
          <PinyinText pinyin={row.pinyin} class="g-pinyin" />
          <span class="g-gloss" title={row.definitions.join('; ')}>
            {row.civic ? (
              <span class="g-cat" data-category={row.civic.category} title={civicCategoryDescription(row.civic.category)}>
                {civicCategoryLabel(row.civic.category)}
              </span>
            ) : null}
            {row.made ? (
              <span
                class={`g-made g-made-${row.made}`}
                title={row.made === 'rule' ? 'Glossed by rule (no dictionary lists it)' : 'Composed from its parts: no dictionary has this word'}
              >
                {row.made === 'rule' ? 'by rule' : 'composed'}
              </span>
            ) : null}
            {row.gloss}
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
      </div>
      {expanded ? (
        <div class="g-details">
          {details === null ? <p class="muted">Loading…</p> : details.map((e) => <CardEntry entry={e} word={row.word} />)}
        </div>
      ) : null}
    </li>
  );
}
