import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';

const generated = resolve(__dirname, 'assets/generated');

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Static files (icons) live under assets/ with the rest of the project's assets.
  publicDir: 'assets/public',
  // No display on CI and dev machines here: the dev server builds, a person loads .output/chrome-mv3.
  webExt: { disabled: true },
  manifest: ({ browser }) => ({
    name: 'Dubao 读报',
    description: 'Hover dictionary, page glossary and study list for Chinese news.',
    // unlimitedStorage (Chromium; no prompt): the study list of a heavy reader (30,000 words with their
    // sentences) is more than the 10 MB storage.local allows otherwise. Firefox's limit is IndexedDB's.
    // "tts": chrome.tts for speaking words (utils/speech.ts). Firefox has no chrome.tts and speaks with
    // speechSynthesis, which needs no permission.
    // "alarms": the toolbar badge's count of review cards is updated when the next card comes due
    // without keeping the worker awake (utils/review/badge.ts).
    permissions: browser === 'firefox' ? ['storage', 'alarms'] : ['storage', 'unlimitedStorage', 'tts', 'alarms'],
    // options_ui (options.html, opened in a tab) is declared by WXT from entrypoints/options/index.html
    // (its manifest.open_in_tab meta); the built manifest is checked by tests/e2e/options.test.ts.
    // The content script (entrypoints/reader.ts) is listed here rather than made a WXT content-script
    // entrypoint, whose start-up messages would tell every page that Dubao is installed and let a page
    // switch it off (entrypoints/content/main.ts).
    content_scripts: [{ matches: ['<all_urls>'], js: ['reader.js'], all_frames: true, match_about_blank: true, run_at: 'document_idle' }],
    // The hover card's on/off switch from the keyboard (entrypoints/background.ts).
    commands: {
      'toggle-enabled': {
        suggested_key: { default: 'Alt+Shift+D' },
        description: 'Turn the Dubao hover card on or off',
      },
    },
    // Firefox wants an add-on id, and a statement that nothing is collected: nothing leaves the machine.
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'dubao@dubao-reader.org', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
  hooks: {
    // Derived dictionary assets (npm run build:dict) ship at the extension root.
    'build:publicAssets': (_wxt, files) => {
      if (!existsSync(generated)) return;
      for (const name of readdirSync(generated).sort()) {
        if (name.endsWith('.bin')) files.push({ absoluteSrc: resolve(generated, name), relativeDest: name });
      }
    },
  },
});
