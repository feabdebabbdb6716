/**
 * The card's home in the page (issue 10: the page must not watch the extension).
 *
 * - The host is a plain <div> (not a custom element: a page could claim any custom element name with
 *   customElements.define and upgrade our host with its own class), appended to <html> when the first
 *   Han character is hovered, with a CLOSED shadow root: page scripts cannot reach the card's content.
 * - The host carries no attribute of the reader's (no word, no state, no timing); its style attribute is
 *   set once and changes only when the page's own zoom changes.
 * - The hovered word is marked by boxes inside the shadow root, not by the CSS Custom Highlight API,
 *   whose registry (CSS.highlights) every page script can read, ranges and all.
 *
 * What a page can still learn: that an element was added to <html> (and that it has a shadow root,
 * since attachShadow on it throws), and, by hit testing (elementFromPoint), that something covers a
 * point while a card is open. Not the word, not the card's content, not the saved state.
 *
 * Placement works in viewport pixels whatever the page does to its root: `html { zoom: 2 }` is undone
 * on the host (its own zoom is the inverse of the root's), and a transformed root (which makes it the
 * containing block of fixed elements: `html { transform: translateZ(0) }` on a scrolled page) is
 * measured: the card is drawn at the origin once, and the offset and scale it lands at are taken out.
 */
import { h, render } from 'preact';
import cardCss from '../../assets/card.css?inline';
import { Card, type CardProps } from '../../components/Card';
import type { Theme, TonePalette, ToneScheme } from '../../utils/settings-schema';
import { themeStylesheet } from '../../utils/theme';
import { markOwn } from './own-nodes';
import { placeCard } from './place';

/** The reader's look for the card: theme (light, dark, system), tone colours, text size. */
export interface Look {
  theme: Theme;
  scheme: ToneScheme;
  custom: TonePalette;
  fontSize: number;
}

/** Inline !important declarations outrank any page rule that targets the host element. */
const HOST_STYLE = [
  'all: initial',
  // `all` leaves these two alone: a right-to-left page would otherwise mirror the (English) card.
  'direction: ltr',
  'unicode-bidi: isolate',
  'position: fixed',
  'top: 0',
  'left: 0',
  'width: 0',
  'height: 0',
  'margin: 0',
  'padding: 0',
  'border: 0',
  'display: block',
  'overflow: visible',
  'visibility: visible',
  'opacity: 1',
  'transform: none',
  'filter: none',
  'clip-path: none',
  'pointer-events: auto',
  'z-index: 2147483647',
];

function hostStyle(zoom: number): string {
  return [...HOST_STYLE, `zoom: ${zoom}`].map((d) => `${d} !important`).join('; ');
}

/** Where the card's coordinates land in the viewport: x_viewport = origin + scale * x_card. */
interface Frame {
  originX: number;
  originY: number;
  scaleX: number;
  scaleY: number;
}

export class CardHost {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly mount: HTMLElement;
  private readonly marks: HTMLElement;
  private readonly themeStyle: HTMLStyleElement;
  private themeCss = '';
  private readonly doc: Document;
  private prerendered: CardProps | null = null;
  private shown = false;
  private zoom = 1;
  /** Text of the word marked on screen (for the e2e probe, which reads it from the extension's side). */
  markedText: string | null = null;

  constructor(doc: Document) {
    this.doc = doc;
    this.host = doc.createElement('div');
    markOwn(this.host);
    this.host.setAttribute('style', hostStyle(1));
    this.root = this.host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = cardCss;
    // The theme's colours (light and dark, WCAG AA) and the card's text size, inside the closed root too.
    this.themeStyle = doc.createElement('style');
    this.themeStyle.textContent = themeStylesheet();
    this.marks = doc.createElement('div');
    this.mount = doc.createElement('div');
    this.root.append(this.themeStyle, style, this.marks, this.mount);
  }

  /**
   * Sets the theme's stylesheet (tone colours for the scheme, light and dark variables) and the text
   * size; the card's root carries data-dubao-theme (Card's `theme` prop), so "system" follows the
   * reader's colour scheme.
   */
  setLook(look: Look): void {
    const css = `${themeStylesheet(look.scheme, look.custom)}\n:host { --card-font-size: ${look.fontSize}px; }`;
    if (css !== this.themeCss) {
      this.themeCss = css;
      this.themeStyle.textContent = css;
    }
  }

  /** The closed shadow root (for the e2e probe in the content script's world; pages cannot reach it). */
  get shadow(): ShadowRoot {
    return this.root;
  }

  /** Attach the (empty) host ahead of the first card, so its stylesheet is ready when it is needed. */
  prepare(): void {
    this.attach();
  }

  private attach(): void {
    if (!this.host.isConnected || this.host.parentNode !== this.doc.documentElement || this.host.nextSibling) {
      // (Again at the end of <html> if the page moved it or added something after it.)
      this.doc.documentElement.append(this.host);
    }
  }

  get visible(): boolean {
    return this.shown;
  }

  /**
   * Render the card for the word made of `ranges` (one per text node) and place it beside the word.
   * Synchronous: called in a requestAnimationFrame callback, the card is painted in that frame.
   * When `props` is what was prerendered, only placing and unhiding the card is left to do.
   */
  show(props: CardProps, ranges: Range[]): void {
    this.attach();
    this.fitZoom();
    if (this.prerendered !== props) render(h(Card, props), this.mount);
    this.prerendered = null;
    this.mount.style.visibility = '';
    const frame = this.frame();
    this.highlight(ranges, frame);
    this.position(ranges[0]!, frame);
    this.shown = true;
  }

  /**
   * Render a card hidden, ahead of the frame that shows it (during the hover delay), so that frame only
   * places it. Only while no card is visible: the one on screen stays as it is until it is replaced.
   */
  prerender(props: CardProps): boolean {
    if (this.shown) return false;
    this.attach();
    this.mount.style.visibility = 'hidden';
    render(h(Card, props), this.mount);
    this.prerendered = props;
    return true;
  }

  /** Drop a prerendered card that will not be shown. */
  discard(): void {
    if (this.shown || !this.prerendered) return;
    render(null, this.mount);
    this.prerendered = null;
  }

  /** Re-render with new props (save state, marks, settings) without moving the card. */
  update(props: CardProps): void {
    if (this.shown) render(h(Card, props), this.mount);
  }

  /** The card's root element while a card is shown (for the e2e probe). */
  get cardElement(): HTMLElement | null {
    return this.shown ? (this.mount.firstElementChild as HTMLElement | null) : null;
  }

  hide(): void {
    this.discard();
    if (!this.shown) return;
    render(null, this.mount);
    this.clearHighlight();
    this.shown = false;
  }

  /** Whether a viewport point is over the card. */
  contains(x: number, y: number): boolean {
    const card = this.mount.firstElementChild;
    if (!card || !this.shown) return false;
    const r = card.getBoundingClientRect();
    return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  }

  /** The card's rectangle in the viewport (null when hidden). */
  cardRect(): DOMRect | null {
    const card = this.mount.firstElementChild;
    return card && this.shown ? card.getBoundingClientRect() : null;
  }

  /** Undo the page's zoom of its root on the host, so the card is drawn at its own size. */
  private fitZoom(): void {
    const root = this.doc.documentElement as HTMLElement & { currentCSSZoom?: number };
    const z = typeof root.currentCSSZoom === 'number' && root.currentCSSZoom > 0 ? root.currentCSSZoom : 1;
    const want = 1 / z;
    if (Math.abs(want - this.zoom) > 1e-6) {
      this.zoom = want;
      this.host.setAttribute('style', hostStyle(want));
    }
  }

  /**
   * Where a card drawn at (0, 0) lands in the viewport, and at what scale. The card is used as the probe
   * (the host has no size): it is put at the origin, measured, and then placed.
   */
  private frame(): Frame {
    const card = this.mount.firstElementChild as HTMLElement | null;
    if (!card) return { originX: 0, originY: 0, scaleX: 1, scaleY: 1 };
    card.style.left = '0px';
    card.style.top = '0px';
    const r = card.getBoundingClientRect();
    // offsetWidth/offsetHeight are whole pixels: a ratio within a few per mille of 1 is no scale at all
    // (taken as one, it would move a card on a long scrolled page by pixels).
    const ratio = (shown: number, own: number) => {
      const k = own > 0 && shown > 0 ? shown / own : 1;
      return Math.abs(k - 1) < 0.01 ? 1 : k;
    };
    return { originX: r.left, originY: r.top, scaleX: ratio(r.width, card.offsetWidth), scaleY: ratio(r.height, card.offsetHeight) };
  }

  private position(range: Range, f: Frame): void {
    const card = this.mount.firstElementChild as HTMLElement | null;
    if (!card) return;
    // A word broken over two lines: stay beside its first line.
    const rects = range.getClientRects();
    const word = rects.length > 0 ? rects[0]! : range.getBoundingClientRect();
    const view = this.doc.defaultView!;
    const vv = view.visualViewport;
    // Viewport size in viewport pixels (documentElement.clientWidth is in the root's zoomed pixels in
    // Chromium, and already in viewport pixels in Firefox: the visual viewport bounds both).
    const root = this.doc.documentElement as HTMLElement & { currentCSSZoom?: number };
    const rootZoom = typeof root.currentCSSZoom === 'number' && root.currentCSSZoom > 0 ? root.currentCSSZoom : 1;
    const width = root.clientWidth ? root.clientWidth * rootZoom : (vv?.width ?? view.innerWidth);
    const height = vv?.height ?? view.innerHeight;
    card.style.maxHeight = '';
    const size = { width: card.offsetWidth * f.scaleX, height: card.offsetHeight * f.scaleY };
    const { left, top, maxHeight } = placeCard({ left: word.left, top: word.top, width: word.width, height: word.height }, size, {
      width: Math.min(width, vv?.width ?? view.innerWidth, view.innerWidth),
      height,
    });
    card.style.left = `${(left - f.originX) / f.scaleX}px`;
    card.style.top = `${(top - f.originY) / f.scaleY}px`;
    if (maxHeight !== null) card.style.maxHeight = `${maxHeight / f.scaleY}px`;
  }

  private highlight(ranges: Range[], f: Frame): void {
    this.clearHighlight();
    for (const r of ranges.flatMap((range) => [...range.getClientRects()])) {
      const box = this.doc.createElement('div');
      box.className = 'mark';
      box.style.cssText = `left:${(r.left - f.originX) / f.scaleX}px;top:${(r.top - f.originY) / f.scaleY}px;width:${r.width / f.scaleX}px;height:${r.height / f.scaleY}px`;
      this.marks.append(box);
    }
    this.markedText = ranges.map((r) => r.toString()).join('');
  }

  private clearHighlight(): void {
    this.marks.replaceChildren();
    this.markedText = null;
  }
}
