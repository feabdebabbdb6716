/**
 * Shapes of the study list (issue 5). Pure data: shared by the background (which stores what the hover
 * card saves), the popup, the study page and the export/import code.
 */
import type { CivicCategory } from '../../dictionary/types';

export type { StudySaveRequest } from '../messages';

/** One place where the reader met the word. */
export interface StudyContext {
  /** The sentence around the occurrence, as it stood on the page. */
  sentence: string;
  title: string;
  url: string;
  /** Milliseconds since the epoch. */
  savedAt: number;
}

/** The civic part of the card, as it was shown when the word was saved. */
export interface StudyCivic {
  category: CivicCategory;
  explanation: string;
}

/** A saved word (storage version 2). */
export interface StudyItem {
  simplified: string;
  traditional: string;
  /** Tone marks, syllables separated by spaces, as on the card. */
  pinyin: string;
  /** The senses as shown on the card. */
  definitions: string[];
  civic: StudyCivic | null;
  /** Oldest first; saving the word again on another sentence appends here. */
  contexts: StudyContext[];
  notes: string;
  /** When the word was first saved (ms since the epoch). */
  savedAt: number;
}

/**
 * Storage version 1: a flat record per save (one sentence, the senses joined into one string). Version 2
 * keeps every sentence and the civic explanation; the v1 -> v2 migration in model.ts keeps v1 data and
 * v1 backups usable.
 */
export interface StudyItemV1 {
  word: string;
  traditional?: string;
  pinyin: string;
  meaning: string;
  sentence?: string;
  title?: string;
  url?: string;
  added: number;
  notes?: string;
}
