/**
 * The card's home in the page: a <dubao-card> element with an OPEN shadow root holding the Preact card
 * and its stylesheet, plus the word highlight (CSS Custom Highlight API, or boxes in the shadow root where
 * the API is missing). Nothing here touches the page's selection or its text nodes.
 */
import { h, render } from 'preact';
import cardCss from '../../assets/card.css?inline';
import { Card, type CardProps } from '../../components/Card';
import { placeCard } from './place';

const HIGHLIGHT = 'dubao-word';
/** Inline !important declarations outrank any page rule that targets the host element. */
const HOST_STYLE = [
  'all: initial',
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
  'z-index: 2147483647',
]
  .map((d) => `${d} !important`)
  .join('; ');

type HighlightRegistry = { set(name: string, h: unknown): void; delete(name: string): void };
type HighlightCtor = new (...ranges: Range[]) => unknown;

export class CardHost {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly mount: HTMLElement;
  private readonly marks: HTMLElement;
  private readonly doc: Document;
  private highlightStyled = false;
  private prerendered: CardProps | null = null;

  constructor(doc: Document) {
    this.doc = doc;
    this.host = doc.createElement('dubao-card');
    this.host.setAttribute('style', HOST_STYLE);
    this.host.dataset.visible = 'false';
    this.root = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = cardCss;
    this.marks = doc.createElement('div');
    this.mount = doc.createElement('div');
    this.root.append(style, this.marks, this.mount);
  }

  /** Attach the (empty) host ahead of the first card, so its stylesheet is ready when it is needed. */
  prepare(): void {
    this.attach();
  }

  private attach(): void {
    if (!this.host.isConnected) this.doc.documentElement.append(this.host);
  }

  get visible(): boolean {
    return this.host.dataset.visible === 'true';
  }

  /**
   * Render the card for the word made of `ranges` (one per text node) and place it beside the word.
   * Synchronous: called in a requestAnimationFrame callback, the card is painted in that frame.
   * When `props` is what was prerendered, only placing and unhiding the card is left to do.
   */
  show(props: CardProps, ranges: Range[]): void {
    this.attach();
    if (this.prerendered !== props) render(h(Card, props), this.mount);
    this.prerendered = null;
    this.mount.style.visibility = '';
    this.highlight(ranges);
    this.position(ranges[0]!);
    this.host.dataset.visible = 'true';
  }

  /**
   * Render a card hidden, ahead of the frame that shows it (during the hover delay), so that frame only
   * places it. Only while no card is visible: the one on screen stays as it is until it is replaced.
   */
  prerender(props: CardProps): boolean {
    if (this.visible) return false;
    this.attach();
    this.mount.style.visibility = 'hidden';
    render(h(Card, props), this.mount);
    this.prerendered = props;
    return true;
  }

  /** Drop a prerendered card that will not be shown. */
  discard(): void {
    if (this.visible || !this.prerendered) return;
    render(null, this.mount);
    this.prerendered = null;
  }

  /** Re-render with new props (save state) without moving the card. */
  update(props: CardProps): void {
    if (this.visible) render(h(Card, props), this.mount);
  }

  hide(): void {
    this.discard();
    if (!this.visible) return;
    render(null, this.mount);
    this.clearHighlight();
    this.host.dataset.visible = 'false';
  }

  /** Whether a viewport point is over the card. */
  contains(x: number, y: number): boolean {
    const card = this.mount.firstElementChild;
    if (!card) return false;
    const r = card.getBoundingClientRect();
    return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  }

  private position(range: Range): void {
    const card = this.mount.firstElementChild as HTMLElement | null;
    if (!card) return;
    // A word broken over two lines: stay beside its first line.
    const rects = range.getClientRects();
    const word = rects.length > 0 ? rects[0]! : range.getBoundingClientRect();
    const view = this.doc.defaultView!;
    card.style.maxHeight = '';
    const { left, top, maxHeight } = placeCard(
      { left: word.left, top: word.top, width: word.width, height: word.height },
      { width: card.offsetWidth, height: card.offsetHeight },
      { width: this.doc.documentElement.clientWidth || view.innerWidth, height: view.innerHeight },
    );
    card.style.left = `${left}px`;
    card.style.top = `${top}px`;
    if (maxHeight !== null) card.style.maxHeight = `${maxHeight}px`;
  }

  private highlight(ranges: Range[]): void {
    this.clearHighlight();
    const view = this.doc.defaultView as (Window & { Highlight?: HighlightCtor; CSS?: { highlights?: HighlightRegistry } }) | null;
    const registry = view?.CSS?.highlights;
    if (view?.Highlight && registry) {
      if (!this.highlightStyled) {
        // A constructed sheet styles ::highlight() without adding a node to the page.
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(`::highlight(${HIGHLIGHT}) { background-color: rgba(255, 205, 0, 0.45); color: inherit; }`);
        this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, sheet];
        this.highlightStyled = true;
      }
      registry.set(HIGHLIGHT, new view.Highlight(...ranges));
      return;
    }
    for (const r of ranges.flatMap((range) => [...range.getClientRects()])) {
      const box = this.doc.createElement('div');
      box.className = 'mark';
      box.style.cssText = `left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
      this.marks.append(box);
    }
  }

  private clearHighlight(): void {
    const view = this.doc.defaultView as (Window & { CSS?: { highlights?: HighlightRegistry } }) | null;
    view?.CSS?.highlights?.delete(HIGHLIGHT);
    this.marks.replaceChildren();
  }
}
