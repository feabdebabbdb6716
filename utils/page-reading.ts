/**
 * How Dubao's own pages (the popup's glossary, the study list, the review page) show a word's reading:
 * the reader's `pinyin` setting (tone marks, tone numbers, zhuyin, or hidden until asked) and whether
 * the characters are coloured by tone (`toneColors.onCharacters`, which needs a scheme other than none).
 * The tone colours themselves come with the theme (utils/page-theme.ts, entrypoints/popup/theme.ts).
 *
 * Followed as the settings change (watchSettings: storage.onChanged), so a change made on the settings
 * page shows in an open page without a reload. Settings are in storage.sync, which answers after the
 * first paint; so that a reader who hides pinyin does not see it flash by, the extension origin's
 * localStorage (web pages cannot read it) keeps a copy of the last look, used for the first render.
 * The look itself, and the copy's checks, are utils/reading-look.ts (pure).
 */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_LOOK, lookFromCopy, readingLook, type ReadingLook } from './reading-look';
import { watchSettings } from './settings';

const COPY_KEY = 'dubao.pageReading';

function lastLook(): ReadingLook {
  try {
    return lookFromCopy(localStorage.getItem(COPY_KEY));
  } catch {
    return DEFAULT_LOOK;
  }
}

function keepLook(look: ReadingLook): void {
  try {
    localStorage.setItem(COPY_KEY, JSON.stringify(look));
  } catch {
    // storage full or disabled: the page still follows the setting, only its first paint may differ
  }
}

const sameLook = (a: ReadingLook, b: ReadingLook) => a.pinyin === b.pinyin && a.toneOnCharacters === b.toneOnCharacters;

/**
 * The reader's look, the last one kept at first, then the settings as they change. `after`: when to
 * start reading them (the popup: once its glossary is on screen, which the read must not delay).
 */
export function useReadingLook(after: Promise<void> = Promise.resolve()): ReadingLook {
  const [look, setLook] = useState(lastLook);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    void after.then(() => {
      if (!live) return;
      stop = watchSettings(({ settings }) => {
        const next = readingLook(settings);
        keepLook(next);
        setLook((cur) => (sameLook(cur, next) ? cur : next));
      });
    });
    return () => {
      live = false;
      stop?.();
    };
  }, []);
  return look;
}
