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

/** The page summary and the page-wide actions of the glossary. */
export function GlossaryHeader({ characters, words, civicTerms, civicUnsaved, busy, onSaveCivic, onCopy }: Props) {
  return (
    <section class="g-header" aria-label="Page summary">
      <p class="g-summary">
        <strong>{n(characters)}</strong> characters · <strong>{n(words)}</strong> distinct words · <strong>{n(civicTerms)}</strong> civic
        terms
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
