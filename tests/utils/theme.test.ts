import { describe, expect, it } from 'vitest';
import { contrastRatio, fitContrast, luminance, parseHex } from '../../utils/colour';
import { CONTRAST_PAIRS, resolvedTheme, THEMES, themeStylesheet } from '../../utils/theme';
import { lowContrastTones, TONE_SCHEMES, tonePalette } from '../../utils/tone-colours';

describe('contrast arithmetic', () => {
  it('matches WCAG’s reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // #777777 on white is the well-known 4.48:1, just under AA.
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(luminance('#808080')).toBeCloseTo(0.2159, 3);
  });

  it('darkens or lightens a colour only as far as the contrast asks', () => {
    const orange = '#d97a00';
    expect(contrastRatio(orange, '#ffffff')).toBeLessThan(4.5);
    const fitted = fitContrast(orange, '#ffffff');
    expect(contrastRatio(fitted, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(fitted, '#ffffff')).toBeLessThan(4.8);
    // Still orange: channels keep their order (red > green > blue).
    const [r, g, b] = parseHex(fitted);
    expect(r > g && g > b).toBe(true);
    expect(fitContrast('#1d232b', '#ffffff')).toBe('#1d232b');
    expect(contrastRatio(fitContrast('#2a5cc7', '#15181c'), '#15181c')).toBeGreaterThanOrEqual(4.5);
  });
});

describe('themes', () => {
  for (const name of ['light', 'dark'] as const) {
    it(`${name}: every text colour meets WCAG AA (4.5:1), control borders and focus 3:1`, () => {
      const t = THEMES[name];
      const failing = CONTRAST_PAIRS.filter(([fg, bg, min]) => contrastRatio(t[fg], t[bg]) < min).map(
        ([fg, bg]) => `${fg} on ${bg}: ${contrastRatio(t[fg], t[bg]).toFixed(2)}`,
      );
      expect(failing).toEqual([]);
    });

    it(`${name}: tone colours of every scheme read at 4.5:1 on the card`, () => {
      const t = THEMES[name];
      for (const scheme of ['standard', 'pleco', 'hanping'] as const) {
        const palette = tonePalette(scheme, name)!;
        for (const [i, hex] of palette.entries()) {
          for (const surface of [t.surface, t.bg, t.civicBg]) {
            expect(contrastRatio(hex, surface), `${scheme} tone ${i + 1} ${hex} on ${surface}`).toBeGreaterThanOrEqual(4.5);
          }
        }
      }
    });
  }

  it('keeps each scheme’s hues recognisable (the fitted colour is the nearest readable one)', () => {
    for (const [scheme, info] of Object.entries(TONE_SCHEMES) as Array<[keyof typeof TONE_SCHEMES, (typeof TONE_SCHEMES)['standard']]>) {
      const light = tonePalette(scheme, 'light')!;
      for (const [i, hex] of info.hues.entries()) {
        const [r0, g0, b0] = parseHex(hex);
        const [r1, g1, b1] = parseHex(light[i]!);
        // Mixing towards black scales the channels together: their order does not change.
        const order = (a: number[]) => [0, 1, 2].sort((x, y) => a[y]! - a[x]!).join('');
        if (Math.max(r0, g0, b0) - Math.min(r0, g0, b0) > 30) expect(order([r1, g1, b1])).toBe(order([r0, g0, b0]));
      }
    }
  });

  it('gives no colours for “none” and draws a custom palette as chosen in the light theme', () => {
    expect(tonePalette('none', 'light')).toBe(null);
    const custom = ['#ff0000', '#00aa00', '#0000ff', '#aa00aa', '#999999'] as [string, string, string, string, string];
    expect(tonePalette('custom', 'light', custom)).toEqual(custom);
    expect(tonePalette('custom', 'dark', custom)!.every((hex) => contrastRatio(hex, THEMES.dark.surface) >= 4.5)).toBe(true);
    // Pure red is 4.0:1 on white, #00aa00 2.9:1, #999999 2.8:1.
    expect(lowContrastTones(custom)).toEqual([1, 2, 5]);
  });

  it('makes one stylesheet with both themes and “system” following the system', () => {
    const css = themeStylesheet('pleco');
    expect(css).toContain(`--bg: ${THEMES.light.bg}`);
    expect(css).toContain(`--bg: ${THEMES.dark.bg}`);
    expect(css).toContain("[data-dubao-theme='dark']");
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{\s*\[data-dubao-theme='system'\]/);
    expect(css).toContain(`--tone-1: ${tonePalette('pleco', 'light')![0]}`);
    expect(themeStylesheet('none')).toContain('--tone-1: currentColor');
  });
});

describe('the theme a page shows', () => {
  it('is the setting, or the system’s preference when the setting is "system"', () => {
    expect(resolvedTheme('light', true)).toBe('light');
    expect(resolvedTheme('dark', false)).toBe('dark');
    expect(resolvedTheme('system', true)).toBe('dark');
    expect(resolvedTheme('system', false)).toBe('light');
  });
});
