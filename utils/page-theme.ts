/**
 * The theme of Dubao's own pages (the study list and the review page; the settings page applies it
 * itself): the reader's setting, light, dark or the system's, with their tone colours (utils/theme.ts).
 *
 * The setting is in storage.sync, which answers after the first paint; so that a dark page does not
 * flash white, the page's own localStorage (the extension's origin, which web pages cannot read) keeps a
 * copy of the last theme and scheme, applied before the first render, then the setting as it changes.
 */
import { watchSettings } from './settings';
import { CHOICES, type Theme, type ToneScheme } from './settings-schema';
import { applyTheme } from './theme';

const COPY_KEY = 'dubao.pageTheme';

function lastTheme(): { theme: Theme; scheme: ToneScheme } {
  try {
    const copy = JSON.parse(localStorage.getItem(COPY_KEY) ?? 'null') as { theme?: unknown; scheme?: unknown } | null;
    const theme = (CHOICES.theme as readonly unknown[]).includes(copy?.theme) ? (copy!.theme as Theme) : 'system';
    const scheme = (CHOICES.toneScheme as readonly unknown[]).includes(copy?.scheme) ? (copy!.scheme as ToneScheme) : 'standard';
    return { theme, scheme };
  } catch {
    return { theme: 'system', scheme: 'standard' };
  }
}

/** Applies the theme now and follows the setting; returns the function that stops following. */
export function followTheme(doc: Document = document): () => void {
  const first = lastTheme();
  applyTheme(doc, first.theme, first.scheme);
  return watchSettings(({ settings }) => {
    applyTheme(doc, settings.theme, settings.toneColors.scheme, settings.toneColors.custom);
    try {
      localStorage.setItem(COPY_KEY, JSON.stringify({ theme: settings.theme, scheme: settings.toneColors.scheme }));
    } catch {
      // storage full or disabled: the page still follows the setting, only the first paint may differ
    }
  });
}
