/**
 * Content script: the hover card in every frame (same-origin iframes and about:blank ones included).
 * Follows the `enabled` setting: when off, no listener runs at all. The top frame also prepares the page
 * glossary for the popup (prepare.ts) while on, and answers the popup's page requests on or off.
 *
 * Started by entrypoints/reader.ts, a plain script listed in the manifest's content_scripts by
 * wxt.config.ts, rather than a WXT content-script entrypoint: WXT's ContentScriptContext announces
 * every start to the page (`window.postMessage` of "<extension id>:content:wxt:content-script-started",
 * and a CustomEvent of that name on `document`), which tells any page that Dubao is installed, and it
 * stops the script when a page dispatches that event itself (issue 10). This script sends nothing to
 * the page and listens to no page event but the reader's own input.
 */
import { browser } from 'wxt/browser';
import { isCardRelayMessage } from '../../utils/card-relay';
import { send, type MessageName, type Payload } from '../../utils/messages';
import { enabledItem } from '../../utils/settings';
import { HoverController } from './hover';
import { registerPageText } from './page-text';
import { GlossaryPrep } from './prepare';
import { isProbeRequest, probeView, publishProbe } from './probe';

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

export async function startContent(): Promise<void> {
  // XML and SVG documents have no place for an HTML card.
  if (!(document.documentElement instanceof HTMLElement)) return;
  const life = new Lifetime();
  publishProbe();
  const reader = registerPageText(life); // the popup's glossary reads the page through it, card on or off
  const controller = new HoverController(window, <K extends MessageName>(name: K, payload: Payload<K>) => {
    if (!life.valid) return Promise.resolve({ ok: false as const, error: 'Extension context invalidated.' });
    return send(browser.runtime, name, payload);
  });
  // The glossary made ahead of the popup, in the top frame, while Dubao is on; never for private
  // windows (it would be kept in the browser's memory until the browser quits).
  const prep =
    reader && !browser.extension?.inIncognitoContext
      ? new GlossaryPrep(window, reader, (text) => send(browser.runtime, 'glossary.prepare', { text }))
      : null;
  const apply = (on: boolean) => {
    if (on && life.valid) {
      controller.start();
      prep?.start();
    } else {
      controller.stop();
      prep?.stop();
    }
  };
  // Card keys relayed between the frames of this tab (utils/card-relay.ts): from the background only.
  const relay = (msg: unknown): Promise<boolean> | undefined => {
    if (!isCardRelayMessage(msg)) return undefined;
    if (msg.kind === 'child') {
      controller.setChildCard(msg.open);
      return Promise.resolve(true);
    }
    return Promise.resolve(controller.pressKey(msg.key));
  };
  browser.runtime.onMessage.addListener(relay);
  // The e2e probe in Firefox (probe.ts): answered to the extension's own pages only, by the frame asked.
  const extensionPages = browser.runtime.getURL('/' as '/');
  const answerProbe = (msg: unknown, sender: { id?: string; url?: string }): Promise<unknown> | undefined => {
    if (!isProbeRequest(msg) || sender.id !== browser.runtime.id || !sender.url?.startsWith(extensionPages)) return undefined;
    // '' asks the top frame; a name asks the frame of that name (an unnamed iframe never answers).
    const top = window === window.top;
    return (msg.frame === '' ? top : !top && msg.frame === window.name) ? Promise.resolve(probeView()) : undefined;
  };
  browser.runtime.onMessage.addListener(answerProbe);
  const unwatch = enabledItem.watch((on) => apply(on));
  life.onInvalidated(() => {
    unwatch();
    controller.stop();
    prep?.stop();
    try {
      browser.runtime.onMessage.removeListener(relay);
      browser.runtime.onMessage.removeListener(answerProbe);
    } catch {
      // the runtime is gone already
    }
  });
  // An orphaned copy (after an update) stops at the reader's next move, leaving the page as it was.
  const check = () => {
    if (!life.valid) window.removeEventListener('pointermove', check, true);
  };
  window.addEventListener('pointermove', check, { capture: true, passive: true });
  apply(await enabledItem.getValue());
}
