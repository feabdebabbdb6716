/**
 * Shared shapes of the Dubao core. Pure data: no DOM, no browser.* (see docs/ARCHITECTURE.md).
 * The JSON that the CLI prints (`lookup --json`, `glossary --json`) is derived from these shapes and is a
 * public contract: change it only together with the CLI tests.
 */

/** Civic lexicon categories; labels and order live in dictionary/civic/categories.ts. */
export type CivicCategory =
  | 'party' // party organisation and discipline
  | 'state' // state organs and governance
  | 'personnel' // personnel, ranks and awards
  | 'formulations' // formulations and slogans
  | 'social' // civic and social life
  | 'economy' // economy and development policy
  | 'law' // law, security and dispute resolution
  | 'divisions' // administrative divisions, incl. ethnic-autonomous ones
  | 'military' // the armed forces
  | 'diplomacy' // foreign affairs and international relations
  | 'hktw' // Hong Kong, Macao and Taiwan civic vocabulary
  | 'people'; // office holders in the news, each with their role as of a date

export interface CivicInfo {
  category: CivicCategory;
  /** One to three sentences in our own words. Empty for CC-CEDICT words tagged civic without one. */
  explanation: string;
  /** Parts of a numbered formulation, each an entry of the civic lexicon (simplified). */
  components: string[];
  related: string[];
  /** Year the term entered official use, when known. */
  year: number | null;
}

export interface Classifier {
  simplified: string;
  traditional: string;
  /** Tone marks, e.g. "gè". */
  pinyin: string;
}

/**
 * Where an entry comes from: CC-CEDICT, our civic lexicon, made by rule (numbers, dates, ordinals and
 * families of terms such as 十七大 or 十四五; dictionary/derive), or composed from its parts for a word
 * that no dictionary has (its parts' readings and glosses). The last two are made when looked up.
 */
export type EntrySource = 'cedict' | 'civic' | 'rule' | 'composed';

/** What Dubao's news-sense layer (dictionary/senses) changed in a CC-CEDICT entry. */
export interface SenseRevision {
  /** Indexes in `definitions` of the senses written by us (the others are CC-CEDICT's). */
  added: number[];
  /** True when CC-CEDICT's senses were put in another order (the news sense first). */
  reordered: boolean;
  /** Number of CC-CEDICT senses left out as stale or misleading. */
  dropped: number;
}

export interface DictEntry {
  simplified: string;
  traditional: string;
  /** Tone marks, syllables separated by single spaces: "sān yán sān shí". */
  pinyin: string;
  /** CC-CEDICT's numbered form ("san1 yan2 san1 shi2"); for civic entries derived from the marks. */
  pinyinNumbered: string;
  /** English senses, in dictionary order, with `CL:` parts moved to `classifiers`. */
  definitions: string[];
  classifiers: Classifier[];
  source: EntrySource;
  /** Present for civic lexicon entries, CC-CEDICT words tagged civic and families made by rule. */
  civic: CivicInfo | null;
  /** For entries made by rule or composed: the words it was made from, in order (simplified). */
  parts?: string[];
  /** For CC-CEDICT entries our news-sense layer changed: what it changed. */
  revision?: SenseRevision;
}

/** What a page-glossary row shows of a word (Dictionary.glossaryEntry): one reading, decoded alone. */
export interface GlossaryEntry {
  /** Simplified headword of the word's first entry in `lookup` order (rows are grouped by it). */
  key: string;
  simplified: string;
  traditional: string;
  /** Tone marks. */
  pinyin: string;
  definitions: string[];
  /** Civic info of the first entry of the word that has one (not necessarily this reading's). */
  civic: CivicInfo | null;
  /** Source of the reading shown: 'rule' and 'composed' for words no dictionary has. */
  source?: EntrySource;
}

/** The cheap half of a GlossaryEntry (Dictionary.glossaryHead): what it takes to count and order rows. */
export interface GlossaryHead {
  /** As GlossaryEntry.key. */
  key: string;
  /** Index of the entry the row shows (for Dictionary.glossaryDetail). */
  entry: number;
  /** The senses shard glossaryDetail needs for it. */
  shard: number;
  simplified: string;
  /** Index of the entry whose civic info the row shows; -1: none. */
  civicEntry: number;
  category: CivicCategory | null;
  /**
   * Source of the entry the row shows. 'rule' and 'composed' for a word no dictionary has
   * (dictionary/words.ts): `entry` is then -1 and `word` the form it is made from.
   */
  source: EntrySource;
  word?: string;
}

/** The rest of a GlossaryEntry (Dictionary.glossaryDetail). */
export interface GlossaryDetail {
  traditional: string;
  pinyin: string;
  definitions: string[];
  civic: CivicInfo | null;
}

/** A segment of a text: [start, end) in UTF-16 code units of the input string. */
export interface Segment {
  start: number;
  end: number;
}
