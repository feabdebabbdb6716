/**
 * A small notice at the bottom of the page, for what Dubao has to ask or tell outside a card: "this
 * page is long: pinyin over all of it?", "pinyin over the page is off". Built like the card's home
 * (card-host.ts, issue 10): a plain <div> on <html> with a CLOSED shadow root, its style attribute the
 * only thing on it; its buttons act on trusted clicks only. Themed like the card.
 */
import { themeStylesheet } from '../../utils/theme';
import type { Theme } from '../../utils/settings-schema';
import { markOwn } from './own-nodes';

const HOST_STYLE = [
  'all: initial',
  'direction: ltr',
  'unicode-bidi: isolate',
  'position: fixed',
  'right: 16px',
  'bottom: 16px',
  'z-index: 2147483647',
  'display: block',
  'margin: 0',
  'padding: 0',
  'border: 0',
  'transform: none',
  'visibility: visible',
  'opacity: 1',
  'pointer-events: auto',
]
  .map((d) => `${d} !important`)
  .join('; ');

const CSS = `
.notice {
  box-sizing: border-box; max-width: min(380px, calc(100vw - 32px)); padding: 10px 12px;
  font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif;
  color: var(--ink); background: var(--surface); border: 1px solid var(--line); border-top: 3px solid var(--accent);
  border-radius: 6px; box-shadow: 0 6px 24px rgba(20, 30, 40, 0.18);
}
.notice p { margin: 0 0 8px; }
.notice p:last-child { margin: 0; }
.buttons { display: flex; gap: 8px; justify-content: flex-end; }
button { font: inherit; color: var(--ink); background: var(--surface); border: 1px solid var(--control); border-radius: 4px; padding: 2px 10px; cursor: pointer; }
button.primary { border-width: 2px; font-weight: 600; }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
`;

export class Notice {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private body: HTMLElement | null = null;
  private timer = 0;
  private settle: ((answer: boolean) => void) | null = null;
  theme: Theme = 'system';

  constructor(private readonly doc: Document) {}

  private mount(): HTMLElement {
    if (!this.host) {
      this.host = this.doc.createElement('div');
      markOwn(this.host);
      this.host.setAttribute('style', HOST_STYLE);
      this.root = this.host.attachShadow({ mode: 'closed' });
      const style = this.doc.createElement('style');
      style.textContent = `${themeStylesheet()}\n${CSS}`;
      this.body = this.doc.createElement('div');
      this.body.className = 'notice';
      this.body.setAttribute('role', 'alertdialog');
      this.root.append(style, this.body);
    }
    this.body!.dataset.dubaoTheme = this.theme;
    if (!this.host.isConnected) this.doc.documentElement.append(this.host);
    return this.body!;
  }

  /** Asks a yes/no question; resolves false when dismissed, replaced or closed. */
  ask(text: string, yes: string, no: string): Promise<boolean> {
    this.close();
    const body = this.mount();
    const p = this.doc.createElement('p');
    p.textContent = text;
    const buttons = this.doc.createElement('div');
    buttons.className = 'buttons';
    const make = (label: string, answer: boolean, primary: boolean) => {
      const b = this.doc.createElement('button');
      b.type = 'button';
      b.textContent = label;
      if (primary) b.className = 'primary';
      b.addEventListener('click', (e) => {
        if (e.isTrusted) this.answer(answer);
      });
      return b;
    };
    buttons.append(make(no, false, false), make(yes, true, true));
    body.replaceChildren(p, buttons);
    return new Promise((resolve) => (this.settle = resolve));
  }

  /** Tells something for a few seconds. */
  tell(text: string, ms = 3_000): void {
    this.close();
    const body = this.mount();
    const p = this.doc.createElement('p');
    p.textContent = text;
    body.replaceChildren(p);
    this.timer = window.setTimeout(() => this.close(), ms);
  }

  private answer(value: boolean): void {
    const s = this.settle;
    this.settle = null;
    this.close();
    s?.(value);
  }

  /** What the notice says now (for the e2e probe), or null when none is shown. */
  get text(): string | null {
    return this.host?.isConnected ? (this.body?.textContent ?? null) : null;
  }

  /** The notice's buttons (for the e2e probe, which clicks them with the real mouse). */
  get buttons(): HTMLButtonElement[] {
    return this.host?.isConnected && this.root ? [...this.root.querySelectorAll('button')] : [];
  }

  close(): void {
    window.clearTimeout(this.timer);
    this.timer = 0;
    const s = this.settle;
    this.settle = null;
    s?.(false);
    this.host?.remove();
  }
}
