/**
 * Content script: the hover card in every frame (same-origin iframes and about:blank ones included).
 * Follows the `enabled` setting: when off, no listener runs at all. The top frame also prepares the page
 * glossary for the popup (prepare.ts) while on, and answers the popup's page requests on or off.
 */
import { browser } from 'wxt/browser';
import { send, type MessageName, type Payload } from '../../utils/messages';
import { enabledItem } from '../../utils/settings';
import { HoverController } from './hover';
import { registerPageText } from './page-text';
import { GlossaryPrep } from './prepare';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  async main(ctx) {
    // XML and SVG documents have no place for an HTML card.
    if (!(document.documentElement instanceof HTMLElement)) return;
    const reader = registerPageText(ctx); // the popup's glossary reads the page through it, card on or off
    const controller = new HoverController(window, <K extends MessageName>(name: K, payload: Payload<K>) =>
      send(browser.runtime, name, payload),
    );
    // The glossary made ahead of the popup, in the top frame, while Dubao is on; never for private
    // windows (it would be kept in the browser's memory until the browser quits).
    const prep =
      reader && !browser.extension?.inIncognitoContext
        ? new GlossaryPrep(window, reader, (text) => send(browser.runtime, 'glossary.prepare', { text }))
        : null;
    const apply = (on: boolean) => {
      if (on && ctx.isValid) {
        controller.start();
        prep?.start();
      } else {
        controller.stop();
        prep?.stop();
      }
    };
    const unwatch = enabledItem.watch((on) => apply(on));
    ctx.onInvalidated(() => {
      unwatch();
      controller.stop();
      prep?.stop();
    });
    apply(await enabledItem.getValue());
  },
});
