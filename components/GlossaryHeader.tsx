interface Props {
  characters: number;
  words: number;
  civicTerms: number;
  civicUnsaved: number;
  busy: boolean;
  onSaveCivic: () => void;
  onCopy: () => void;
}

const n = (x: number) => x.toLocaleString('en-US');
/** "1 civic term", "21 civic terms" (the figure in bold). */
const count = (x: number, one: string, many = `${one}s`) => (
  <>
    <strong>{n(x)}</strong> {x === 1 ? one : many}
  </>
);

/** The page summary and the page-wide actions of the glossary. */
export function GlossaryHeader({ characters, words, civicTerms, civicUnsaved, busy, onSaveCivic, onCopy }: Props) {
  return (
    <section class="g-header" aria-label="Page summary">
      <p class="g-summary">
        {count(characters, 'character')} · {count(words, 'distinct word')} · {count(civicTerms, 'civic term')}
      </p>
      <div class="g-actions">
        <button type="button" onClick={onSaveCivic} disabled={busy || civicUnsaved === 0}>
          {civicTerms > 0 && civicUnsaved === 0 ? 'All civic terms saved' : `Save all civic terms (${civicUnsaved})`}
        </button>
        <button type="button" onClick={onCopy} disabled={words === 0}>
          Copy as TSV
        </button>
      </div>
    </section>
  );
}
