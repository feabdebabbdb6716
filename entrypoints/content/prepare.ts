/**
 * Prepares the page glossary before the reader opens the popup (issue 5: 300 ms from opening the popup
 * to the list, for a 100,000-character page). Once the page has loaded and the browser is idle, the top
 * frame reads the article text (the same PageReader the popup asks) and sends it to the background,
 * which makes the glossary in small steps and keeps it in storage.session. The popup then finds it by
 * the key of the text it reads; if the page changed since, the keys differ and the popup has it made.
 *
 * Pages that change (live blogs, single-page sites) are read again 2 s after their changes stop, or 10 s
 * after the first change when they never stop (a ticking clock), at most every 5 s, and only while the
 * tab is visible; the text is sent only when it differs from the last
 * one sent. Runs only while Dubao is on (the popup still works when it is off: it makes the glossary
 * when asked). Texts over LIMITS.preparedText characters are left to the popup, and so are pages with
 * little or no Chinese (MIN_HAN).
 */
import { countHan } from '../../dictionary/han';
import { glossaryKey } from '../../dictionary/glossary/key';
import { LIMITS } from '../../utils/messages';
import type { PageReader } from './page-text';

/**
 * After load (the content script runs at document_idle), then the browser's next idle moment: the page's
 * own work goes first, yet a reader who opens the popup a second after the page appeared finds the
 * glossary made or being made, and the worker awake (its dictionary loaded) for the first hover.
 */
export const FIRST_DELAY_MS = 150;
/** After the page's last change. */
export const SETTLE_MS = 2_000;
/** Between two readings of a changing page. */
export const MIN_INTERVAL_MS = 5_000;
/**
 * The longest a change waits to be read when the page keeps changing (a clock or a counter that ticks
 * every second would otherwise put the reading off for ever, and the popup would always find the
 * glossary of the page as it first loaded).
 */
export const MAX_WAIT_MS = 10_000;
/**
 * Pages with fewer Han characters are not prepared: an English page that quotes a Chinese name should
 * not wake the worker and load the dictionary, and a glossary this small is made in a few milliseconds
 * when the popup asks.
 */
export const MIN_HAN = 100;

export type SendPrepare = (text: string) => Promise<unknown>;

type IdleWindow = Window & {
  requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number;
  cancelIdleCallback?: (id: number) => void;
};

export class GlossaryPrep {
  private timer: number | null = null;
  private idle: number | null = null;
  private unwatch: (() => void) | null = null;
  private lastKey: string | null = null;
  private lastRun = -Infinity;
  /** When the oldest change not read yet happened (null: none waiting). */
  private changedSince: number | null = null;
  private running = false;

  constructor(
    private readonly win: IdleWindow,
    private readonly reader: PageReader,
    private readonly send: SendPrepare,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unwatch = this.reader.onChange(() => {
      this.changedSince ??= performance.now();
      this.schedule(SETTLE_MS);
    });
    this.win.document.addEventListener('visibilitychange', this.onVisibility);
    this.schedule(FIRST_DELAY_MS);
  }

  stop(): void {
    this.running = false;
    this.unwatch?.();
    this.unwatch = null;
    this.win.document.removeEventListener('visibilitychange', this.onVisibility);
    this.cancel();
  }

  private readonly onVisibility = () => {
    if (this.win.document.visibilityState === 'visible') this.schedule(FIRST_DELAY_MS);
  };

  private cancel(): void {
    if (this.timer !== null) this.win.clearTimeout(this.timer);
    if (this.idle !== null) this.win.cancelIdleCallback?.(this.idle);
    this.timer = null;
    this.idle = null;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.cancel();
    const now = performance.now();
    const settle = this.changedSince === null ? delay : Math.min(delay, this.changedSince + MAX_WAIT_MS - now);
    const wait = Math.max(0, settle, this.lastRun + MIN_INTERVAL_MS - now);
    this.timer = this.win.setTimeout(() => {
      this.timer = null;
      if (this.win.requestIdleCallback) this.idle = this.win.requestIdleCallback(() => this.run(), { timeout: 1_000 });
      else this.run();
    }, wait);
  }

  /** Reads the page and sends its text if it is new. */
  private run(): void {
    this.idle = null;
    if (!this.running || this.win.document.visibilityState === 'hidden') return;
    this.lastRun = performance.now();
    this.changedSince = null;
    const text = this.reader.text().text.slice(0, LIMITS.pageText);
    if (text.length > LIMITS.preparedText || countHan(text) < MIN_HAN) return;
    const key = glossaryKey(text);
    if (key === this.lastKey) return;
    this.lastKey = key;
    // Nothing to do on failure: the popup makes the glossary itself when none was prepared.
    this.send(text).catch(() => {});
  }
}
