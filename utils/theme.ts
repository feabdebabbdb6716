/**
 * The light and dark themes of every Dubao surface (the settings page and the hover card now; popup,
 * study and review pages next), as one table of colours and the stylesheet made from it.
 *
 * `themeStylesheet()` gives CSS custom properties (--ink, --bg, ...) for `:root` and for an element with
 * `data-dubao-theme="light" | "dark" | "system"`; "system" follows `prefers-color-scheme`. Pages call
 * `applyTheme(document, theme)`; the card puts the stylesheet in its shadow root (`:host` is covered) and
 * sets the attribute on its root element.
 *
 * Every pair of colours that is text on a background meets WCAG AA (4.5:1), and borders of controls
 * and the focus ring 3:1; tests/utils/theme.test.ts computes each ratio, and tests/e2e/options.test.ts
 * checks them on the rendered settings page in both themes.
 */
import { tonePalette } from './tone-colours';
import type { Theme, TonePalette, ToneScheme } from './settings-schema';

export interface ThemeColours {
  /** Page background. */
  bg: string;
  /** Background of cards, panels and inputs. */
  surface: string;
  /** Body text. */
  ink: string;
  /** Secondary text (labels, hints). */
  muted: string;
  /** Dividers (decorative, no contrast asked). */
  line: string;
  /** Borders of inputs and buttons: 3:1 against bg and surface. */
  control: string;
  /** Dubao red: headings, badges, errors; text-grade against bg and surface. */
  accent: string;
  /** Text on an accent background (the civic badge). */
  onAccent: string;
  link: string;
  /** Focus ring: 3:1 against bg and surface. */
  focus: string;
  /** Background of the civic explanation (body text on it). */
  civicBg: string;
  /** Background of a saved word's button. */
  savedBg: string;
  /** Word highlight on the page (translucent, drawn under text). */
  highlight: string;
}

export const THEMES: Record<'light' | 'dark', ThemeColours> = {
  light: {
    bg: '#fffdf8',
    surface: '#ffffff',
    ink: '#1d232b',
    muted: '#56616d',
    line: '#dde3ea',
    control: '#7b8794',
    accent: '#a3261b',
    onAccent: '#ffffff',
    link: '#1f55b8',
    focus: '#2f6fb5',
    civicBg: '#fbf0ee',
    savedBg: '#fff3c9',
    highlight: 'rgba(255, 214, 0, 0.35)',
  },
  dark: {
    bg: '#15181c',
    surface: '#1e2328',
    ink: '#e7eaee',
    muted: '#a7b0ba',
    line: '#353c44',
    control: '#7f8a96',
    accent: '#ff8f80',
    onAccent: '#1b1111',
    link: '#8cb6ff',
    focus: '#8cb6ff',
    civicBg: '#2d2224',
    savedBg: '#3b3322',
    highlight: 'rgba(255, 214, 0, 0.28)',
  },
};

/** Pairs (foreground, background, minimum ratio) that each theme must meet; the test walks them. */
export const CONTRAST_PAIRS: ReadonlyArray<[keyof ThemeColours, keyof ThemeColours, number]> = [
  ['ink', 'bg', 4.5],
  ['ink', 'surface', 4.5],
  ['muted', 'bg', 4.5],
  ['muted', 'surface', 4.5],
  ['accent', 'bg', 4.5],
  ['accent', 'surface', 4.5],
  ['onAccent', 'accent', 4.5],
  ['link', 'bg', 4.5],
  ['link', 'surface', 4.5],
  ['ink', 'civicBg', 4.5],
  ['muted', 'civicBg', 4.5],
  ['ink', 'savedBg', 4.5],
  ['control', 'bg', 3],
  ['control', 'surface', 3],
  ['focus', 'bg', 3],
  ['focus', 'surface', 3],
];

function declarations(c: ThemeColours, tones: TonePalette | null): string {
  const lines = [
    `--ink: ${c.ink}`,
    `--muted: ${c.muted}`,
    `--line: ${c.line}`,
    `--bg: ${c.bg}`,
    `--surface: ${c.surface}`,
    `--control: ${c.control}`,
    `--accent: ${c.accent}`,
    `--on-accent: ${c.onAccent}`,
    `--link: ${c.link}`,
    `--focus: ${c.focus}`,
    `--civic-bg: ${c.civicBg}`,
    `--saved-bg: ${c.savedBg}`,
    `--highlight: ${c.highlight}`,
  ];
  // No scheme: tones in the text colour (the classes stay, so the markup does not change). Not
  // `inherit`, which a custom property reads as "the parent's --tone-N" (none at the root: a rule's
  // fallback colour would then show).
  for (let t = 1; t <= 5; t++) lines.push(`--tone-${t}: ${tones ? tones[t - 1] : 'currentColor'}`);
  return lines.map((l) => `  ${l};`).join('\n');
}

/**
 * The theme stylesheet for a tone scheme. Tone colours are the scheme's, fitted to each theme's
 * surface (utils/tone-colours.ts); a custom palette is used as the reader chose it in the light theme
 * and fitted for the dark one.
 */
export function themeStylesheet(scheme: ToneScheme = 'standard', custom?: TonePalette): string {
  const light = declarations(THEMES.light, tonePalette(scheme, 'light', custom));
  const dark = declarations(THEMES.dark, tonePalette(scheme, 'dark', custom));
  const sel = (t: string) => `[data-dubao-theme='${t}']`;
  return [
    `:root, :host, ${sel('light')}, ${sel('system')} {\n${light}\n  color-scheme: light;\n}`,
    `${sel('dark')} {\n${dark}\n  color-scheme: dark;\n}`,
    `@media (prefers-color-scheme: dark) {\n${sel('system')} {\n${dark}\n  color-scheme: dark;\n}\n}`,
  ].join('\n');
}

const STYLE_ID = 'dubao-theme';

/**
 * Sets the theme of an extension page: the attribute on <html> and the stylesheet in <head> (made once,
 * replaced when the tone scheme changes).
 */
export function applyTheme(doc: Document, theme: Theme, scheme: ToneScheme = 'standard', custom?: TonePalette): void {
  doc.documentElement.dataset.dubaoTheme = theme;
  let style = doc.getElementById(STYLE_ID) as HTMLStyleElement | null;
  if (!style) {
    style = doc.createElement('style');
    style.id = STYLE_ID;
    doc.head.prepend(style);
  }
  const css = themeStylesheet(scheme, custom);
  if (style.textContent !== css) style.textContent = css;
}

/** The theme a page shows: the setting, or the system's when it is "system". */
export function resolvedTheme(theme: Theme, prefersDark: boolean): 'light' | 'dark' {
  return theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme;
}
