/**
 * Knobs of the lexicon build, in one place so that each choice carries its reason.
 */

/**
 * jieba words that CC-CEDICT lacks are kept from this count up. Below it jieba's list is mostly rare
 * full names (the name rule covers those) and one-off phrases; the cut keeps the zipped asset small.
 */
export const MIN_JIEBA_COUNT = 8;

/**
 * Extra cost of a word that only jieba's list has (no CC-CEDICT or civic entry: 时说, 中建). 1 fixed
 * 采访时|说 on the news page; 2 also broke 评优|选先 and 资源型.
 */
export const JIEBA_ONLY_PENALTY = 1;

/** Count given to CC-CEDICT words that jieba's list lacks: the same floor as below. */
export const CEDICT_ONLY_COUNT = 30;
/**
 * Least count of a CC-CEDICT word of two or more characters. jieba's list gives many set phrases a count
 * of 3 on purpose (改革开放, 生态环境, 水土流失), so that they split for search; a reader wants them whole.
 * Measured: floors of 3, 10, 30, 100 gave MSR F1 0.9040, 0.9040, 0.9029, 0.9014, while 30 kept 初心,
 * 事业单位, 副部长, 找不到, 自媒体 whole on the party-building news page; MSR's guideline splits more.
 */
export const CEDICT_MIN_COUNT = 30;

/**
 * A civic term costs at most this (a word seen ~ 50 times in jieba's 60 million)... Cheaper (11.5) kept a
 * few more terms whole next to number tokens but let 市委常委 swallow 常委会's first character
 * (市委常委|会); 14 reads 市委|常委会 and still keeps all but ~4 of 7,800 civic terms whole in our
 * test frames.
 */
export const CIVIC_MAX_COST = 14;
/** ...and at least this much less than any split of its own text, so it is kept whole. */
export const CIVIC_SPLIT_MARGIN = 1;

/** Added to each surname's count of names in jieba's list, so that rare CC-CEDICT surnames count too. */
export const SURNAME_SMOOTHING = 0.5;
/**
 * Cost (as a given-name character) of the characters of our list dictionary/build/given-names.txt: about
 * that of a character seen a few dozen times in jieba's names (淑, 寰 and 颐 were at 11.5 or unseen).
 */
export const GIVEN_EXTRA_COST = 8.5;

/** Characters seen fewer times than this in given names get the reader's default (names.ts). */
export const MIN_NAME_CHAR_COUNT = 1;

/** Two-character surnames, added as words so that a name after them is found. */
export const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '令狐',
  '公孙',
  '慕容',
  '尉迟',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '轩辕',
  '呼延',
  '澹台',
  '公羊',
  '闻人',
  '万俟',
];
