/**
 * Colour arithmetic for the themes and tone colours: WCAG 2 relative luminance and contrast ratio, and
 * a way to darken or lighten a colour, keeping its hue, until it reaches a contrast. Pure.
 */

export type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b]
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** WCAG 2.x relative luminance of an sRGB colour. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio, 1 to 21. AA asks 4.5 for text, 3 for large text and UI parts. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * `hex` mixed towards black (on a light background) or white (on a dark one) by the least amount that
 * gives at least `ratio` against `background`; the colour itself when it already does.
 */
export function fitContrast(hex: string, background: string, ratio = 4.5): string {
  if (contrastRatio(hex, background) >= ratio) return hex;
  const towards: Rgb = luminance(background) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  const from = parseHex(hex);
  for (let step = 1; step <= 100; step++) {
    const t = step / 100;
    const mixed = toHex(from.map((c, i) => c + (towards[i]! - c) * t) as Rgb);
    if (contrastRatio(mixed, background) >= ratio) return mixed;
  }
  return toHex(towards);
}
