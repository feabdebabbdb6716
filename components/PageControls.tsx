/**
 * The popup's controls for the tab's page (issue 13, issue 12): "On this site" (on, off, or follow the
 * switch), pinyin over the page, and unknown words coloured on pages, each within two clicks. State and
 * actions are usePageControls.ts; this renders.
 */
import type { PageControlsState } from '../entrypoints/popup/usePageControls';

export function PageControls({ c }: { c: PageControlsState }) {
  const { choice, note, pinyin, unknown, error, actions } = c;
  const inactive = !choice.active;
  return (
    <section class="p-controls" aria-label="This page">
      <div class="p-site">
        <label class="p-site-label">
          On this site
          <select
            aria-label="On this site"
            value={choice.value}
            disabled={choice.site === null || c.busy}
            onChange={(e) => void actions.setSite((e.currentTarget as HTMLSelectElement).value as 'on' | 'off' | 'default')}
          >
            <option value="default">Follow the switch</option>
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
        </label>
        <span class="p-note muted">{note}</span>
      </div>
      <div class="p-toggles">
        <button
          type="button"
          class="p-toggle"
          aria-pressed={pinyin.on}
          disabled={inactive || !pinyin.reachable || pinyin.noChinese || c.busy}
          title={
            inactive
              ? 'Dubao is off on this page'
              : pinyin.noChinese
                ? 'This page has no Chinese text'
                : 'Pinyin above every word of the page (again to take it off)'
          }
          onClick={() => void actions.togglePinyin()}
        >
          Pinyin over the page
        </button>
        <button
          type="button"
          class="p-toggle"
          aria-pressed={unknown.on}
          disabled={c.busy}
          title="Colour the words you do not know yet on every page (new and learning, two colours)"
          onClick={() => void actions.toggleUnknown()}
        >
          Colour unknown words
        </button>
      </div>
      <p class="p-privacy muted">
        {unknown.on
          ? 'While words are coloured, pages can read which of their words you do not know yet.'
          : 'Coloured words can be read by the page: it would learn which words you do not know.'}
        {unknown.on && !unknown.supported ? ' This browser cannot colour words on pages.' : ''}
      </p>
      {error ? (
        <p class="p-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
