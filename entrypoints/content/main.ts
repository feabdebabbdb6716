/**
 * Content script: the hover card in every frame (same-origin iframes and about:blank ones included),
 * with the reader's settings applied as they change (utils/settings.ts watchSettings: no reload), pinyin
 * over the page and the unknown-word colouring. The top frame also prepares the page glossary for the
 * popup (prepare.ts) while on, and answers the popup's page requests on or off.
 *
 * Whether Dubao acts on a page: the site's rule in the per-site list, else the on/off switch
 * (utils/site-rules.ts isActiveOn; a frame follows its tab's site). On a page where it does not, nothing
 * listens to the page at all: no pointer, key, scroll or focus listener, no observer; only the extension's
 * own channels (storage.sync changes: the settings; messages from the popup and the background), so that
 * the page turns on without a reload when the reader changes the setting.
 *
 * Nothing here listens to storage.local, whose every change (a K press, a save, a rating) would be copied
 * into every tab and frame: the on/off switch, and the news that word states changed (only to frames that
 * colour unknown words), come from the background (utils/tab-push.ts).
 *
 * Started by entrypoints/reader.ts, a plain script listed in the manifest's content_scripts by
 * wxt.config.ts, rather than a WXT content-script entrypoint: WXT's ContentScriptContext announces
 * every start to the page (`window.postMessage` of "<extension id>:content:wxt:content-script-started",
 * and a CustomEvent of that name on `document`), which tells any page that Dubao is installed, and it
 * stops the script when a page dispatches that event itself (issue 10). This script sends nothing to
 * the page and listens to no page event but the reader's own input.
 */
import { browser } from 'wxt/browser';
import type { CardView } from '../../components/Card';
import { formatPinyin } from '../../dictionary/pinyin-display';
import { isCardRelayMessage } from '../../utils/card-relay';
import { compileBindings, displayBinding, KEY_ACTION_IDS, type KeyAction } from '../../utils/keys';
import { send, type MessageName, type Payload, type Reply, type ReplyValue } from '../../utils/messages';
import { isPageControl, type PageControlReply } from '../../utils/page-controls';
import { isTabPush } from '../../utils/tab-push';
import { enabledItem, watchSettings } from '../../utils/settings';
import type { Settings } from '../../utils/settings-schema';
import { isActiveOn } from '../../utils/site-rules';
import { HoverController } from './hover';
import type { HoverOptions } from './open-card';
import { Notice } from './notice';
import { PagePinyin, type PagePinyinReport } from './page-pinyin';
import { rubyFilters, type RubyFilter } from './ruby';
import { registerPageText } from './page-text';
import { GlossaryPrep } from './prepare';
import { isProbeRequest, probe, probeView, publishProbe } from './probe';
import { WordMarks } from './word-marks';

/** The extension was reloaded or updated: this copy of the script is cut off from it for good. */
function orphaned(): boolean {
  try {
    return !browser.runtime?.id;
  } catch {
    return true;
  }
}

/** When this script stops: what was registered is removed (the `ctx.onInvalidated` of WXT, without its events). */
export class Lifetime {
  private readonly stops: Array<() => void> = [];
  private ended = false;

  get valid(): boolean {
    if (!this.ended && orphaned()) this.end();
    return !this.ended;
  }

  onInvalidated(fn: () => void): void {
    if (this.ended) fn();
    else this.stops.push(fn);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const fn of this.stops.splice(0)) {
      try {
        fn();
      } catch {
        // keep stopping the rest
      }
    }
  }
}

/**
 * The address whose site rule applies to this frame: its tab's (the top document's, when this frame may
 * read it; else the top origin Chromium gives, location.ancestorOrigins), else its own.
 */
export function siteAddress(win: Window): string {
  try {
    const href = win.top?.location.href;
    if (href && !href.startsWith('about:')) return href;
  } catch {
    // a cross-origin frame
  }
  const ancestors = (win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors.item(ancestors.length - 1) ?? win.location.href;
  return win.location.href;
}

/** The hover controller's options from the settings. */
export function hoverOptionsOf(s: Settings): HoverOptions {
  const keys: Partial<Record<KeyAction, string | null>> = {};
  for (const a of KEY_ACTION_IDS) keys[a] = s.keys[a] ? displayBinding(s.keys[a]) : null;
  const view: CardView = {
    pinyin: s.pinyin,
    toneOnCharacters: s.toneColors.onCharacters && s.toneColors.scheme !== 'none',
    script: s.script,
    maxSenses: s.maxSenses,
    standard: s.hskStandard,
    keys,
  };
  return {
    trigger: s.hoverTrigger,
    delayMs: s.hoverDelayMs,
    bindings: compileBindings(s.keys),
    view,
    look: { theme: s.theme, scheme: s.toneColors.scheme, custom: s.toneColors.custom, fontSize: s.cardFontSize },
  };
}

/** Which words pinyin over the page annotates (settings pagePinyin, hskStandard). */
export function rubyFilterOf(s: Settings): RubyFilter {
  switch (s.pagePinyin.filter) {
    case 'level':
      return rubyFilters.aboveHsk(s.hskStandard, s.pagePinyin.level);
    case 'civic':
      return rubyFilters.civic;
    case 'unknown':
      return rubyFilters.unknown;
    default:
      return rubyFilters.all;
  }
}

type AnySend = <K extends MessageName>(name: K, payload: Payload<K>) => Promise<Reply<ReplyValue<K>>>;

export async function startContent(): Promise<void> {
  // XML and SVG documents have no place for an HTML card.
  if (!(document.documentElement instanceof HTMLElement)) return;
  const life = new Lifetime();
  publishProbe();
  const reader = registerPageText(life); // the popup's glossary reads the page through it, card on or off
  const sendBg: AnySend = (name, payload) => {
    if (!life.valid) return Promise.resolve({ ok: false as const, error: 'Extension context invalidated.' });
    return send(browser.runtime, name, payload);
  };
  const notice = new Notice(document);
  probe.notice = notice;
  let settings: Settings | null = null;
  let enabled: boolean | null = null;
  let active = false;
  let pinyin: PagePinyin | null = null;
  let marks: WordMarks | null = null;

  const controller = new HoverController(
    window,
    sendBg,
    {},
    {
      pageAction: (action) => {
        if (action === 'pagePinyin') {
          void setPagePinyin(!pinyin?.active);
          return true;
        }
        if (action === 'nextUnknown' || action === 'previousUnknown') {
          void goToUnknown(action === 'nextUnknown' ? 1 : -1);
          return true;
        }
        return false;
      },
      marksOn: () => marks?.active ?? false,
      marked: (word, state) => marks?.setState(word, state),
    },
  );
  // The glossary made ahead of the popup, in the top frame, while Dubao is on; never for private
  // windows (it would be kept in the browser's memory until the browser quits).
  const prep =
    reader && !browser.extension?.inIncognitoContext
      ? new GlossaryPrep(window, reader, (text) => send(browser.runtime, 'glossary.prepare', { text }))
      : null;

  // ---- pinyin over the page

  const readTexts = async (texts: string[]) => {
    const r = await sendBg('page.readings', { texts });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  const setPagePinyin = async (on: boolean): Promise<void> => {
    if (!on || !active || !settings) {
      if (pinyin?.active) {
        pinyin.stop();
        notice.tell('Pinyin over the page is off.');
      }
      pinyin = null;
      probe.pagePinyin = null;
      return;
    }
    pinyin?.stop();
    const s = settings;
    const mode = s.pinyin === 'hidden' ? 'marks' : s.pinyin;
    const pp = new PagePinyin(window, {
      readTexts,
      filter: rubyFilterOf(s),
      format: (p) => formatPinyin(p, mode),
      readingLang: mode === 'zhuyin' ? 'zh-Bopo' : 'zh-Latn-pinyin',
      confirmWholePage: (n) =>
        notice.ask(
          `This page has ${n.toLocaleString('en-US')} Chinese characters. Pinyin is over what you can see; put it over the whole page too? (Otherwise it follows as you scroll.)`,
          'Whole page',
          'As I scroll',
        ),
    });
    pinyin = pp;
    notice.theme = s.theme;
    const state: { report: PagePinyinReport | null; on: boolean } = { report: null, on: true };
    probe.pagePinyin = state;
    state.report = await pp.start();
  };

  // ---- unknown words coloured on the page

  const setMarks = (s: Settings | null): void => {
    const want = active && s?.unknownWords.mark === true;
    if (!want) {
      marks?.stop();
      marks = null;
      probe.marksView = null;
      return;
    }
    const colours = { newColour: s.unknownWords.newColour, learningColour: s.unknownWords.learningColour };
    if (marks) {
      marks.setColours(colours);
      return;
    }
    const m = new WordMarks(window, {
      readTexts,
      readStates: async (words) => {
        const r = await sendBg('page.states', { words });
        if (!r.ok) throw new Error(r.error);
        return r.value;
      },
      colours,
    });
    marks = m;
    probe.marksView = m;
    void m.start();
  };

  /**
   * Word states or the study list changed anywhere (another tab, the study page): ask the states again,
   * at once (a timer would wait a second or more in a hidden tab, which browsers throttle); pushes that
   * come while a question is out make one more question after it.
   */
  let refreshing = false;
  let refreshAgain = false;
  const statesChanged = (): boolean => {
    if (!marks) return false;
    if (refreshing) {
      refreshAgain = true;
      return true;
    }
    refreshing = true;
    void (async () => {
      try {
        do {
          refreshAgain = false;
          await marks?.refreshStates();
        } while (refreshAgain && marks);
      } finally {
        refreshing = false;
      }
    })();
    return true;
  };

  /** N / P: the next or previous coloured word, brought into view, with its card. */
  const goToUnknown = async (dir: 1 | -1): Promise<void> => {
    const m = marks;
    if (!m) return;
    const range = m.next(controller.shownRange, dir);
    if (!range) {
      notice.tell(dir > 0 ? 'No unknown word after this one on the page.' : 'No unknown word before this one on the page.');
      return;
    }
    const r = range.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) {
      controller.hide();
      range.startContainer.parentElement?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
      // The scroll event (which hides cards) comes with the next frame: open the card after it.
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    }
    controller.openAtRange(range);
  };

  // ---- on, off, and settings

  // An orphaned copy (after an update) stops at the reader's next move, leaving the page as it was.
  const check = () => {
    if (!life.valid) window.removeEventListener('pointermove', check, true);
  };

  const apply = (changed: ReadonlyArray<keyof Settings>): void => {
    if (!settings || enabled === null) return;
    const on = life.valid && isActiveOn(settings.sites, enabled, siteAddress(window));
    controller.configure(hoverOptionsOf(settings));
    notice.theme = settings.theme;
    if (on !== active) {
      active = on;
      if (on) {
        controller.start();
        prep?.start();
        window.addEventListener('pointermove', check, { capture: true, passive: true });
      } else {
        controller.stop();
        prep?.stop();
        void setPagePinyin(false);
        window.removeEventListener('pointermove', check, true);
      }
    }
    setMarks(settings);
    // Pinyin over the page follows a change of its filter or display.
    if (pinyin?.active && changed.some((f) => f === 'pagePinyin' || f === 'pinyin' || f === 'hskStandard')) void setPagePinyin(true);
    probe.active = on;
    probe.settingsApplied = { count: probe.settingsApplied.count + 1, at: performance.now() };
  };

  const unwatchSettings = watchSettings((read, changed) => {
    settings = read.settings;
    apply(changed);
  });

  // Messages from the background (card keys relayed between frames) and from the popup (page controls).
  const onMessage = (msg: unknown): Promise<unknown> | undefined => {
    if (isTabPush(msg)) {
      if (msg.kind === 'states') return Promise.resolve(statesChanged());
      if (msg.on !== enabled) {
        enabled = msg.on;
        apply([]);
      }
      return Promise.resolve(true);
    }
    if (isCardRelayMessage(msg)) {
      if (msg.kind === 'child') {
        controller.setChildCard(msg.open);
        return Promise.resolve(true);
      }
      return Promise.resolve(controller.pressKey(msg.key));
    }
    if (isPageControl(msg)) {
      if (msg.control === 'pagePinyin') {
        if (msg.on !== undefined && msg.on !== (pinyin?.active ?? false)) void setPagePinyin(msg.on);
        const reply: PageControlReply = { on: msg.on ?? pinyin?.active ?? false, available: active };
        return Promise.resolve(reply);
      }
      const reply: PageControlReply = { on: marks?.active ?? false, available: active && (marks?.supported ?? true) };
      return Promise.resolve(reply);
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  // The e2e probe in Firefox (probe.ts): answered to the extension's own pages only, by the frame asked.
  const extensionPages = browser.runtime.getURL('/' as '/');
  const answerProbe = (msg: unknown, sender: { id?: string; url?: string }): Promise<unknown> | undefined => {
    if (!isProbeRequest(msg) || sender.id !== browser.runtime.id || !sender.url?.startsWith(extensionPages)) return undefined;
    // '' asks the top frame; a name asks the frame of that name (an unnamed iframe never answers).
    const top = window === window.top;
    return (msg.frame === '' ? top : !top && msg.frame === window.name) ? Promise.resolve(probeView()) : undefined;
  };
  browser.runtime.onMessage.addListener(answerProbe);

  life.onInvalidated(() => {
    unwatchSettings();
    controller.stop();
    prep?.stop();
    pinyin?.stop();
    marks?.stop();
    notice.close();
    window.removeEventListener('pointermove', check, true);
    try {
      browser.runtime.onMessage.removeListener(onMessage);
      browser.runtime.onMessage.removeListener(answerProbe);
    } catch {
      // the runtime is gone already
    }
  });
  const stored = await enabledItem.getValue();
  // A change pushed while this read was on its way is newer than what it read.
  if (enabled === null) enabled = stored;
  apply([]);
}
