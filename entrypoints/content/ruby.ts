/**
 * The ruby of pinyin over the page (page-pinyin.ts): the word each <ruby> carries (as the background
 * reads it), which words get one (the reader's filter), and the ruby's class and stylesheet. The class is
 * also how the page's text runs (page-runs.ts) know Dubao's own ruby and read its base text only.
 * No DOM here; tests/content/page-pinyin.test.ts.
 */

/**
 * A word of a run's text with its reading: dictionary/readings.ts WordReading, and from the background
 * (utils/messages.ts PageWord) its HSK levels and the reader's state of it.
 */
export interface RubyWord {
  start: number;
  end: number;
  /** Tone marks, syllables separated by single spaces. */
  pinyin: string;
  simplified: string;
  civic: string | null;
  hsk2021?: number | null;
  hsk2025?: number | null;
  /** new, learning, known or ignored. */
  state?: string;
}

/** Reads the words of several texts (one message to the background in the extension). */
export type ReadTexts = (texts: string[]) => Promise<RubyWord[][]>;

/** Which words get ruby: all, civic terms, words above an HSK level (the levels module gives `levelOf`). */
export type RubyFilter = (word: RubyWord & { text: string }) => boolean;

export const rubyFilters = {
  all: (() => true) as RubyFilter,
  civic: ((w) => w.civic !== null) as RubyFilter,
  /** Words whose level is above `level` (words without a level count as above every level). */
  aboveLevel:
    (levelOf: (simplified: string) => number | null, level: number): RubyFilter =>
    (w) => {
      const l = levelOf(w.simplified);
      return l === null || l > level;
    },
  /** Words above `level` by the levels the background sent with them, under a standard (the other one when it lacks the word). */
  aboveHsk:
    (standard: 2021 | 2025, level: number): RubyFilter =>
    (w) => {
      const mine = standard === 2025 ? w.hsk2025 : w.hsk2021;
      const other = standard === 2025 ? w.hsk2021 : w.hsk2025;
      const l = mine ?? other ?? null;
      return l === null || l > level;
    },
  /** Words the reader does not know: new or being learnt (not known, not ignored). */
  unknown: ((w) => w.state === undefined || w.state === 'new' || w.state === 'learning') as RubyFilter,
};

/** The class of Dubao's own <ruby> elements. */
export const RUBY_CLASS = 'dubao-ruby';

/**
 * Kept out of the page's layout as far as ruby allows: a small reading (0.5 em) on a line of its own
 * height, in the page's colour, not selectable. `!important` where a page's own ruby rules would hide or
 * restyle it.
 */
export const RUBY_CSS = `
ruby.${RUBY_CLASS} { ruby-position: over !important; ruby-align: center; }
ruby.${RUBY_CLASS} > rt {
  display: ruby-text !important;
  font-size: 0.5em !important;
  line-height: 1 !important;
  /* Neighbouring words' readings do not run together. */
  padding: 0 0.08em;
  font-style: normal; font-weight: normal; letter-spacing: 0; text-transform: none; text-indent: 0;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif;
  opacity: 0.85;
  -webkit-user-select: none !important; user-select: none !important;
}
`;
