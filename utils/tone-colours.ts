/**
 * Tone colour schemes (settings `toneColors.scheme`): the hues each tradition gives the four tones and
 * the neutral tone, and the palette Dubao draws with in each theme: the scheme's hues darkened (light
 * theme) or lightened (dark theme) just enough to be readable as text, 4.5:1 against the card's surface
 * (utils/colour.ts fitContrast). Pure.
 */
import { contrastRatio, fitContrast } from './colour';
import type { TonePalette, ToneScheme } from './settings-schema';

/** Card surfaces the palettes are fitted to (utils/theme.ts THEMES[..].surface and .bg, the darker/lighter). */
const SURFACES = { light: ['#ffffff', '#fffdf8', '#fbf0ee'], dark: ['#1e2328', '#15181c', '#2d2224'] } as const;

export interface ToneSchemeInfo {
  label: string;
  /** Where the hues come from, for the settings page. */
  note: string;
  /** Tones 1, 2, 3, 4, neutral as the scheme draws them. */
  hues: TonePalette;
}

export const TONE_SCHEMES: Record<Exclude<ToneScheme, 'none' | 'custom'>, ToneSchemeInfo> = {
  standard: {
    label: 'Standard',
    note: 'Red, orange, green, blue, grey: the order of Dummitt’s Chinese Through Tone & Color, MDBG and Zhongwen.',
    hues: ['#d3302f', '#d97a00', '#2e8b2e', '#2a5cc7', '#6d7680'],
  },
  pleco: {
    label: 'Pleco',
    note: 'Red, green, blue, purple, grey: Pleco’s default tone colours.',
    hues: ['#e30000', '#02b31c', '#1510f0', '#8900bf', '#777777'],
  },
  hanping: {
    label: 'Hanping',
    note: 'Blue, green, orange, red, grey: the order of Hanping Chinese Dictionary’s tone colours.',
    hues: ['#1e7be0', '#1f9e47', '#e68a00', '#e0302b', '#808890'],
  },
};

/** `hues` fitted to every surface of a theme (the strictest one decides). */
export function fitPalette(hues: TonePalette, theme: 'light' | 'dark'): TonePalette {
  return hues.map((hex) => {
    let out = hex;
    for (const surface of SURFACES[theme]) out = fitContrast(out, surface, 4.5);
    return out;
  }) as TonePalette;
}

const fitted = new Map<string, TonePalette>();

/**
 * The five colours to draw tones with, or null for 'none' (text colour). A custom palette is drawn as
 * chosen in the light theme (the settings page warns about colours below 4.5:1) and fitted in the dark.
 */
export function tonePalette(scheme: ToneScheme, theme: 'light' | 'dark', custom?: TonePalette): TonePalette | null {
  if (scheme === 'none') return null;
  if (scheme === 'custom') {
    if (!custom) return null;
    return theme === 'light' ? custom : fitPalette(custom, 'dark');
  }
  const key = `${scheme}:${theme}`;
  let p = fitted.get(key);
  if (!p) {
    p = fitPalette(TONE_SCHEMES[scheme].hues, theme);
    fitted.set(key, p);
  }
  return p;
}

/** Colours of a palette that read below 4.5:1 on the light card surface (settings page warning). */
export function lowContrastTones(palette: TonePalette, surface = SURFACES.light[0]): number[] {
  return palette.flatMap((hex, i) => (contrastRatio(hex, surface) < 4.5 ? [i + 1] : []));
}
