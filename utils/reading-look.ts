/**
 * How a word's reading is shown on Dubao's own pages (the popup's glossary, the study list, the review
 * page): the look the reader's settings ask for, and the copy of it a page keeps. Pure: no storage, no
 * DOM, so the components that draw it (GlossaryRow, StudyEntry, ReviewCard) import no storage code.
 * utils/page-reading.ts follows the settings and keeps the copy.
 */
import { CHOICES, type PinyinDisplay, type Settings } from './settings-schema';

export interface ReadingLook {
  pinyin: PinyinDisplay;
  /** Colour the characters of a word by the tones of its syllables. */
  toneOnCharacters: boolean;
}

/** The defaults' look (tone marks, characters uncoloured). */
export const DEFAULT_LOOK: ReadingLook = { pinyin: 'marks', toneOnCharacters: false };

/** The look the settings ask for. */
export function readingLook(settings: Settings): ReadingLook {
  return {
    pinyin: settings.pinyin,
    toneOnCharacters: settings.toneColors.onCharacters && settings.toneColors.scheme !== 'none',
  };
}

/** A copy kept earlier, checked (anything else, or nothing: the defaults' look). */
export function lookFromCopy(text: string | null): ReadingLook {
  try {
    const copy = JSON.parse(text ?? 'null') as { pinyin?: unknown; toneOnCharacters?: unknown } | null;
    if (!copy || typeof copy !== 'object') return DEFAULT_LOOK;
    return {
      pinyin: (CHOICES.pinyin as readonly unknown[]).includes(copy.pinyin) ? (copy.pinyin as PinyinDisplay) : DEFAULT_LOOK.pinyin,
      toneOnCharacters: copy.toneOnCharacters === true,
    };
  } catch {
    return DEFAULT_LOOK;
  }
}
