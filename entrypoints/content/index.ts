/**
 * Content script: the hover card in every frame (same-origin iframes and about:blank ones included).
 * Follows the `enabled` setting: when off, no listener runs at all.
 */
import { browser } from 'wxt/browser';
import { send, type MessageName, type Payload } from '../../utils/messages';
import { enabledItem } from '../../utils/settings';
import { HoverController } from './hover';
import { registerPageText } from './page-text';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  async main(ctx) {
    // XML and SVG documents have no place for an HTML card.
    if (!(document.documentElement instanceof HTMLElement)) return;
    registerPageText(ctx); // the popup's glossary reads the page through it, card on or off
    const controller = new HoverController(window, <K extends MessageName>(name: K, payload: Payload<K>) =>
      send(browser.runtime, name, payload),
    );
    const apply = (on: boolean) => (on && ctx.isValid ? controller.start() : controller.stop());
    const unwatch = enabledItem.watch((on) => apply(on));
    ctx.onInvalidated(() => {
      unwatch();
      controller.stop();
    });
    apply(await enabledItem.getValue());
  },
});
