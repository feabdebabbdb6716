/**
 * Knobs of the lexicon build, in one place so that each choice carries its reason.
 */

/**
 * jieba words that CC-CEDICT lacks are kept from this count up. Below it jieba's list is mostly rare
 * full names (the name rule covers those) and one-off phrases; the cut keeps the zipped asset small.
 */
export const MIN_JIEBA_COUNT = 8;

/** Count given to CC-CEDICT words that jieba's list lacks (jieba's own rare words sit at 2 to 5). */
export const CEDICT_ONLY_COUNT = 3;

/** A civic term costs at most this (a word seen ~ once in 100,000 words)... */
export const CIVIC_MAX_COST = 11.5;
/** ...and at least this much less than any split of its own text, so it is kept whole. */
export const CIVIC_SPLIT_MARGIN = 1;

/** Surnames must start at least this many of jieba's two- and three-character person names. */
export const MIN_SURNAME_COUNT = 20;
/** Characters seen fewer times than this in given names are not given-name characters. */
export const MIN_NAME_CHAR_COUNT = 5;

/** Two-character surnames, added as words so that a name after them is found. */
export const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '令狐', '公孙', '慕容', '尉迟', '长孙', '宇文',
  '司徒', '夏侯', '端木', '独孤', '南宫', '西门', '轩辕', '呼延', '澹台', '公羊', '闻人', '万俟',
];
