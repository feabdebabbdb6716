/**
 * The popup's theme (issue 13): the reader's setting, light, dark or the system's, with their tone
 * colours (utils/theme.ts, WCAG AA in both). Settings are in storage.sync, which answers after the first
 * paint; so that a dark popup does not flash white, the extension origin's localStorage (web pages cannot
 * read it) keeps a copy of the last theme and tone scheme, applied before the first render (the same copy
 * the study and review pages keep), then the setting as it changes.
 *
 * The theme's stylesheet is moved after the page's own, so that it wins over any rule of the same weight
 * there (pages.css's light colours are for pages without a theme).
 */
import { watchSettings } from '../../utils/settings';
import { CHOICES, type Theme, type TonePalette, type ToneScheme } from '../../utils/settings-schema';
import { applyTheme } from '../../utils/theme';

const COPY_KEY = 'dubao.pageTheme';

function put(doc: Document, theme: Theme, scheme: ToneScheme, custom?: TonePalette): void {
  applyTheme(doc, theme, scheme, custom);
  const style = doc.getElementById('dubao-theme');
  if (style && style !== doc.head.lastElementChild) doc.head.append(style);
}

function lastCopy(): { theme: Theme; scheme: ToneScheme } {
  try {
    const copy = JSON.parse(localStorage.getItem(COPY_KEY) ?? 'null') as { theme?: unknown; scheme?: unknown } | null;
    const theme = (CHOICES.theme as readonly unknown[]).includes(copy?.theme) ? (copy!.theme as Theme) : 'system';
    const scheme = (CHOICES.toneScheme as readonly unknown[]).includes(copy?.scheme) ? (copy!.scheme as ToneScheme) : 'standard';
    return { theme, scheme };
  } catch {
    return { theme: 'system', scheme: 'standard' };
  }
}

/**
 * Applies the last theme now and follows the setting from `after` on (the popup: once its glossary is on
 * screen, so that reading the settings does not delay it).
 */
export async function followPopupTheme(doc: Document = document, after: Promise<void> = Promise.resolve()): Promise<void> {
  const first = lastCopy();
  put(doc, first.theme, first.scheme);
  await after;
  watchSettings(({ settings }) => {
    put(doc, settings.theme, settings.toneColors.scheme, settings.toneColors.custom);
    try {
      localStorage.setItem(COPY_KEY, JSON.stringify({ theme: settings.theme, scheme: settings.toneColors.scheme }));
    } catch {
      // storage full or disabled: the popup still follows the setting, only its first paint may differ
    }
  });
}
