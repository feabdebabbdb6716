/**
 * WCAG contrast of a rendered page, as drawn: every visible element with text of its own, its computed
 * text colour against the background it is drawn on (the nearest ancestor with a background colour,
 * translucent ones composited over what is below), with the minimum WCAG 2 AA asks: 4.5:1, or 3:1 for
 * large text (24 px, or 18.66 px bold). Disabled controls are left out (WCAG exempts them), and so is
 * text drawn over an image. Used by the e2e tests of the study and review pages in both themes.
 */
import type { Page } from 'playwright-core';

export interface Contrast {
  /** Tag, classes and the start of the text, to find it. */
  what: string;
  ratio: number;
  min: number;
}

/** The contrast of every text on the page (in the viewport and below it); failures have ratio < min. */
export async function textContrasts(page: Page): Promise<Contrast[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m.length > 3 ? m[3]! : 1];
    };
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const lum = ([r, g, b]: RGBA) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a: RGBA, b: RGBA) => {
      const [x, y] = [lum(a), lum(b)];
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    /** The background an element's text is drawn on; null when an image is under it. */
    const backgroundOf = (el: Element): RGBA | null => {
      const layers: RGBA[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none') return null;
        const c = parse(s.backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let base: RGBA = [255, 255, 255, 1];
      for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i]!, base);
      return base;
    };
    const out: Array<{ what: string; ratio: number; min: number }> = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!own || ['SCRIPT', 'STYLE', 'OPTION', 'TEXTAREA'].includes(el.tagName)) continue;
      const s = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (s.visibility !== 'visible' || box.width === 0 || box.height === 0 || Number(s.opacity) === 0) continue;
      if ((el as HTMLButtonElement).disabled || el.closest('[disabled], .visually-hidden')) continue;
      let faded = false;
      for (let e: Element | null = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) faded = true;
      if (faded) continue;
      const back = backgroundOf(el);
      if (!back) continue;
      const fg = over(parse(s.color), back);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      out.push({
        what: `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} “${text}”`,
        ratio: ratio(fg, back),
        min: large ? 3 : 4.5,
      });
    }
    return out;
  });
}
