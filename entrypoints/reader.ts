/**
 * The content script's entry (reader.js, listed in the manifest's content_scripts by wxt.config.ts; see
 * entrypoints/content/main.ts for why it is not a WXT content-script entrypoint).
 */
import { startContent } from './content/main';

export default defineUnlistedScript(() => {
  void startContent();
});
