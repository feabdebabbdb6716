/**
 * Families of civic terms that no list can hold in full, recognised by pattern so that the segmenter
 * keeps them whole and the glossing side (dictionary/derive/families.ts) can explain them from their
 * parts. The same matcher serves both: the segmenter offers each match as one more edge of its lattice
 * (so a match still competes with the words around it), and Words reads a word's structure from it.
 *
 *   congresses    十七大, 党的十九大, 中共二十大, 第十五次全国代表大会
 *   plenums       五中全会, 十六届五中全会, 十九届中央委员会第六次全体会议, 二十届中央纪委三次全会
 *   NPC / CPPCC   十四届全国人大三次会议, 第十四届全国人民代表大会常务委员会第十次会议, 十四届全国政协
 *   five-year plans  十一五, 十二五, 十四五 (规划 / 计划 / 期间 / 时期 after them: 十一五期间)
 *   强国          X强国, X a field of policy (科技强国, 航天强国)
 *   思想          习近平X思想 (习近平经济思想, 习近平法治思想)
 *   laws          中华人民共和国X法, 反X法 (反外国制裁法), X保护法 and the like (个人信息保护法)
 *   HK titles     X署署长, X处处长, X局局长, X司司长, and X署副署长 …
 *
 * Everything works on the segmenter's normalised code units (traditional folded to simplified, full-width
 * digits to ASCII), so 十四屆全國人大三次會議 and 房屋署署長 match like their simplified forms. The word lists
 * the open families are made of (强国 fields, law endings and leads, plan suffixes) are in family-words.ts.
 */
import { CharClass, charClass } from './chars';
import type { Lexicon } from './lexicon';
import { LAW_ENDINGS, LAW_LEADS, PLAN_SUFFIXES, POWER_FIELDS } from './family-words';
import { NO_WORD } from './lexicon-format';

export const enum Family {
  Congress = 1,
  Plenum = 2,
  DisciplinePlenum = 3,
  Npc = 4,
  Cppcc = 5,
  FiveYearPlan = 6,
  Power = 7,
  XiThought = 8,
  Law = 9,
  Title = 10,
}

/**
 * A match: [start, end) of the normalised text, its family and two small numbers whose meaning depends
 * on the family (see the matchers: the congress number, the plenum number, the plan's suffix …).
 */
export type FamilySink = (start: number, end: number, kind: Family, n: number, m: number) => void;

/**
 * Cost of a family edge in the lattice (-ln probability, as a word's). Numbered families are so specific
 * that they win over any split; the open ones (强国, 法, titles) pay more, so that the words around them
 * can still win where the pattern is a coincidence.
 */
export function familyCost(kind: Family, n: number): number {
  switch (kind) {
    case Family.Power:
      return 9;
    case Family.XiThought:
      return 8;
    case Family.Law:
      return n === 0 ? 7 : 11;
    case Family.Title:
      return 9;
    default:
      return 6;
  }
}

/** 《, before a law's name: an X保护法 right after it has a clear start. */
const BOOK_OPEN = '《'.charCodeAt(0);

/** Conjunctions and particles that never stand inside a law's name. */
const JOINERS = new Uint8Array(65536);
for (const c of '和与及或的并、') JOINERS[c.charCodeAt(0)] = 1;

const DIGIT = new Int8Array(65536);
for (const [i, c] of [...'一二三四五六七八九'].entries()) DIGIT[c.charCodeAt(0)] = i + 1;
DIGIT['两'.charCodeAt(0)] = 2;
const TEN = '十'.charCodeAt(0);

const code = (s: string) => s.charCodeAt(0);
const C = {
  da: code('大'),
  di: code('第'),
  jie: code('届'),
  ci: code('次'),
  wu: code('五'),
  zhong: code('中'),
  dang: code('党'),
  qiang: code('强'),
  guo: code('国'),
  si: code('思'),
  xiang: code('想'),
  fa: code('法'),
  fan: code('反'),
  zhang: code('长'),
  fu: code('副'),
  de: code('的'),
  gong: code('共'),
};
const TITLE_UNITS = new Set([...'署处局司'].map(code));

/**
 * First code units that may start a numbered family (see prefixFamilies): 1 = a numeral, 2 = 第, 3 = 党
 * or 中 (党的, 中共). Most text has many of them, so findFamilies looks one or two units ahead first.
 */
const PREFIX_TRIGGER = new Uint8Array(65536);
for (const c of '一二三四五六七八九十两') PREFIX_TRIGGER[code(c)] = 1;
PREFIX_TRIGGER[code('第')] = 2;
PREFIX_TRIGGER[code('党')] = 3;
PREFIX_TRIGGER[code('中')] = 3;
/** What may follow a numeral in a family: 大 (十七大), 届, 次 (第十五次), 五 (十一五), 中 (五中全会), or another numeral. */
const AFTER_NUMERAL = new Uint8Array(65536);
for (const c of '大届次五中一二三四五六七八九十两') AFTER_NUMERAL[code(c)] = 1;
/** Code units that may end a family (see suffixFamilies), with the unit that must come before it (0: any). */
const SUFFIX_TRIGGER = new Uint16Array(65536).fill(0xffff);
SUFFIX_TRIGGER[code('国')] = code('强');
SUFFIX_TRIGGER[code('想')] = code('思');
SUFFIX_TRIGGER[code('法')] = 0;
SUFFIX_TRIGGER[code('长')] = 0;

// Scratch results of smallNumber (no allocation in the hot loop).
let numEnd = 0;
let numValue = 0;

/** A number from 1 to 99 in standard form (七, 十七, 二十, 二十五) at i: sets numEnd/numValue; false if none. */
function smallNumber(t: Uint16Array, i: number, to: number): boolean {
  let j = i;
  let v: number;
  if (j < to && DIGIT[t[j]!]! > 0) {
    const d = DIGIT[t[j++]!]!;
    if (j < to && t[j] === TEN) {
      j++;
      v = d * 10;
      if (j < to && DIGIT[t[j]!]! > 0) v += DIGIT[t[j++]!]!;
    } else v = d;
  } else if (j < to && t[j] === TEN) {
    j++;
    v = 10;
    if (j < to && DIGIT[t[j]!]! > 0) v += DIGIT[t[j++]!]!;
  } else return false;
  numEnd = j;
  numValue = v;
  return true;
}

/** End of the literal `s` at i, or -1. */
function lit(t: Uint16Array, i: number, to: number, s: string): number {
  if (i + s.length > to) return -1;
  for (let k = 0; k < s.length; k++) if (t[i + k] !== s.charCodeAt(k)) return -1;
  return i + s.length;
}

/** The first literal of `options` at i: its end, and its index in lastOption; -1 if none. */
let lastOption = -1;
function litAny(t: Uint16Array, i: number, to: number, options: readonly string[]): number {
  for (let k = 0; k < options.length; k++) {
    const e = lit(t, i, to, options[k]!);
    if (e >= 0) {
      lastOption = k;
      return e;
    }
  }
  return -1;
}

/** True when t[s, e) is a word of the lexicon. */
function isWord(lex: Lexicon, t: Uint16Array, s: number, e: number): boolean {
  if (e <= s) return false;
  let node = lex.root(t[s]!);
  for (let i = s + 1; i < e && node >= 0; i++) node = lex.child(node, t[i]!);
  return node >= 0 && lex.costByte[node] !== NO_WORD;
}

/**
 * True when a word of the lexicon starts before `at` and ends after `at + 1`: the unit at `at` is inside
 * it, not at its end (the 法 of 民法典 or 人民法院), so no family may end there.
 */
function insideWord(lex: Lexicon, t: Uint16Array, at: number, from: number, to: number): boolean {
  for (let j = Math.max(from, at - 6); j < at; j++) {
    let node = lex.root(t[j]!);
    let k = j + 1;
    for (; k <= at && node >= 0; k++) node = lex.child(node, t[k]!);
    // node is now the prefix t[j, at + 1); a word that goes on past it holds `at` inside.
    for (; k < to && node >= 0; k++) {
      node = lex.child(node, t[k]!);
      if (node >= 0 && lex.costByte[node] !== NO_WORD) return true;
    }
  }
  return false;
}

function allHan(t: Uint16Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (charClass[t[i]!] !== CharClass.Han) return false;
  return true;
}

/** True when t[s, e) splits into words of the lexicon of at least two code units each. */
function splitsIntoWords(lex: Lexicon, t: Uint16Array, s: number, e: number): boolean {
  if (e - s < 2 || e - s > 16) return false;
  const ok = new Uint8Array(e - s + 1);
  ok[e - s] = 1;
  for (let i = e - 2; i >= s; i--) {
    let node = lex.root(t[i]!);
    for (let j = i + 1; j < e && node >= 0; j++) {
      node = lex.child(node, t[j]!);
      if (node < 0) break;
      if (j + 1 - i >= 2 && lex.costByte[node] !== NO_WORD && ok[j + 1 - s]) {
        ok[i - s] = 1;
        break;
      }
    }
  }
  return ok[0] === 1;
}

const NPC_BODIES = ['全国人民代表大会', '全国人大', '全国人民政治协商会议', '全国政协'] as const;
const STANDING = ['常务委员会', '常委会'] as const;

/** Families that start at i with a number, 第, 党的 or 中共. */
function prefixFamilies(t: Uint16Array, i: number, from: number, to: number, sink: FamilySink): void {
  // Never from inside a number (the 五次全国代表大会 of 第十五次全国代表大会).
  if (i > from && (DIGIT[t[i - 1]!]! > 0 || t[i - 1] === TEN || t[i - 1] === C.di)) return;
  let p = i;
  let prefixed = false;
  const c0 = t[i]!;
  if (c0 === C.dang || c0 === C.zhong) {
    const e = litAny(t, i, to, ['党的', '中共']);
    if (e < 0) return;
    p = e;
    prefixed = true;
  }
  let di = false;
  if (t[p] === C.di) {
    di = true;
    p++;
  }
  if (!smallNumber(t, p, to)) return;
  const n = numValue;
  const after = numEnd;
  const next = after < to ? t[after]! : 0;
  // Congresses: 十七大 (11-29 alone; any number after 党的 / 中共), 第十五次全国代表大会.
  if (next === C.da && !di && (prefixed || (n >= 11 && n <= 29))) sink(i, after + 1, Family.Congress, n, 0);
  {
    const e = lit(t, after, to, '次全国代表大会');
    if (e >= 0) sink(i, e, Family.Congress, n, 0);
  }
  if (next === C.jie) {
    const q = after + 1;
    // 十六届五中全会, 十九届中央委员会第六次全体会议, 二十届中央纪委三次全会.
    if (smallNumber(t, q, to) && numValue <= 9) {
      const m = numValue;
      const e = lit(t, numEnd, to, '中全会');
      if (e >= 0) sink(i, e, Family.Plenum, n, m);
    }
    let r = lit(t, q, to, '中央委员会');
    if (r >= 0) {
      if (t[r] === C.di) r++;
      if (smallNumber(t, r, to)) {
        const m = numValue;
        const e = litAny(t, numEnd, to, ['次全体会议', '次全会']);
        if (e >= 0) sink(i, e, Family.Plenum, n, m);
      }
    }
    r = litAny(t, q, to, ['中央纪律检查委员会', '中央纪委', '中纪委']);
    if (r >= 0) {
      if (t[r] === C.di) r++;
      if (smallNumber(t, r, to)) {
        const m = numValue;
        const e = litAny(t, numEnd, to, ['次全体会议', '次全会']);
        if (e >= 0) sink(i, e, Family.DisciplinePlenum, n, m);
      }
    }
    // 十四届全国人大, 十四届全国人大常委会, 十四届全国人大三次会议, 第十四届全国人民代表大会常务委员会第十次会议.
    r = litAny(t, q, to, NPC_BODIES);
    if (r >= 0) {
      const kind = lastOption < 2 ? Family.Npc : Family.Cppcc;
      let standing = 0;
      const s = litAny(t, r, to, STANDING);
      if (s >= 0) {
        r = s;
        standing = 100;
      }
      let session = 0;
      let end = r;
      let k = r;
      if (t[k] === C.di) k++;
      if (smallNumber(t, k, to) && t[numEnd] === C.ci) {
        const m = numValue;
        const e = litAny(t, numEnd + 1, to, ['全体会议', '会议']);
        if (e >= 0) {
          session = m;
          end = e;
        }
      }
      sink(i, end, kind, n, standing + session);
    }
  }
  // 五中全会 (no term): the plenum's number alone, 1-9.
  if (!di && !prefixed && n <= 9 && lit(t, after, to, '中全会') >= 0) sink(i, after + 3, Family.Plenum, 0, n);
  // Five-year plans: 十一五 … 十六五 alone; 六五 … 十六五 with 规划 / 计划 / 期间 / 时期 after them.
  if (!di && !prefixed && next === C.wu && n >= 6 && n <= 16) {
    const base = after + 1;
    const e = litAny(t, base, to, PLAN_SUFFIXES);
    if (e >= 0) sink(i, e, Family.FiveYearPlan, n, lastOption + 1);
    else if (n >= 11 && !(base < to && DIGIT[t[base]!]! > 0) && t[base] !== TEN) sink(i, base, Family.FiveYearPlan, n, 0);
  }
}

/** Families that end at `end` (exclusive) with 强国, 思想, 法 or a title (…长). */
function suffixFamilies(t: Uint16Array, last: number, from: number, to: number, lex: Lexicon, sink: FamilySink, whole: boolean): void {
  const c = t[last]!;
  if (c === C.guo && last - 1 >= from && t[last - 1] === C.qiang) {
    // X强国, X one of POWER_FIELDS.
    const a = last - 1;
    for (let len = 2; len <= 6 && a - len >= from; len++) {
      if (POWER_FIELDS[String.fromCharCode(...t.subarray(a - len, a))] !== undefined) sink(a - len, last + 1, Family.Power, len, 0);
    }
  } else if (c === C.xiang && last - 1 >= from && t[last - 1] === C.si) {
    // 习近平X思想: X one or two words, 1-8 code units.
    const a = last - 1;
    for (let s = a - 4; s >= from && s >= a - 11; s--) {
      if (lit(t, s, to, '习近平') >= 0 && allHan(t, s + 3, a)) {
        if (splitsIntoWords(lex, t, s + 3, a) || isWord(lex, t, s + 3, a)) sink(s, last + 1, Family.XiThought, a - s - 3, 0);
        break;
      }
    }
  } else if (c === C.fa) {
    const end = last + 1;
    // 中华人民共和国民法典, 最高人民法院: this 法 is inside a word.
    if (insideWord(lex, t, last, from, to)) return;
    // 中华人民共和国X法: X 1-14 Han code units, no conjunction in it (宪法和法律 is two things).
    for (let s = last - 8; s >= from && s >= last - 21; s--) {
      if (charClass[t[s]!] !== CharClass.Han || charClass[t[s + 7]!] !== CharClass.Han || JOINERS[t[s + 7]!]) break;
      if (lit(t, s, to, '中华人民共和国') >= 0) {
        sink(s, end, Family.Law, 0, 0);
        break;
      }
    }
    // 反X法: X words of two code units or more, and 反 not the start of a word of X (反对, 反映).
    for (let s = last - 3; s >= from && s >= last - 10; s--) {
      if (charClass[t[s]!] !== CharClass.Han) break;
      if (t[s] !== C.fan) continue;
      let joins = false;
      for (let k = s + 2; k <= Math.min(last, s + 4); k++) if (isWord(lex, t, s, k)) joins = true;
      if (!joins && splitsIntoWords(lex, t, s + 1, last)) sink(s, end, Family.Law, 1, 0);
    }
    // X保护法 …: one of LAW_ENDINGS before 法, with one to three words before it that start right after 《
    // or one of LAW_LEADS (or at the start of a word looked at alone).
    for (let e = last - 2; e >= last - 6 && e > from; e--) {
      if (!LAW_ENDINGS.has(String.fromCharCode(...t.subarray(e, last)))) continue;
      for (let s = e - 2; s >= from && s >= e - 10; s--) {
        if (charClass[t[s]!] !== CharClass.Han) break;
        const before = s > from ? t[s - 1]! : 0;
        const clear =
          (s === from && whole) ||
          before === BOOK_OPEN ||
          LAW_LEADS.has(String.fromCharCode(before)) ||
          (s - 2 >= from && LAW_LEADS.has(String.fromCharCode(t[s - 2]!, before)));
        if (!clear) continue;
        if (splitsIntoWords(lex, t, s, e)) sink(s, end, Family.Law, 2, 0);
        break;
      }
    }
  } else if (c === C.zhang && last - 2 >= from) {
    // X署署长 / X署副署长 (and 处, 局, 司): X a word, or X署 a word.
    const unit = t[last - 1]!;
    let a = last - 2;
    let deputy = 0;
    if (t[a] === C.fu && a - 1 >= from) {
      deputy = 1;
      a--;
    }
    if (!TITLE_UNITS.has(unit) || t[a] !== unit) return;
    // t[a] is the unit closing the department's name (房屋署), the title follows it; X has two code units at
    // least (各局局长 is "each bureau's head").
    for (let s = a - 2; s >= from && s >= a - 8; s--) {
      if (charClass[t[s]!] !== CharClass.Han) break;
      if (isWord(lex, t, s, a) || isWord(lex, t, s, a + 1)) sink(s, last + 1, Family.Title, unit, deputy);
    }
  }
}

/**
 * Every family match in t[from, to), in no particular order. `whole`: t[from, to) is one word looked at
 * alone (Words), so a match may start at `from` without the context some families need before them.
 */
export function findFamilies(t: Uint16Array, from: number, to: number, lex: Lexicon, sink: FamilySink, whole = false): void {
  for (let i = from; i < to; i++) {
    const c = t[i]!;
    const p = PREFIX_TRIGGER[c]!;
    if (p !== 0) {
      const next = i + 1 < to ? t[i + 1]! : 0;
      if (p === 1 ? AFTER_NUMERAL[next] : p === 2 ? PREFIX_TRIGGER[next] === 1 : next === C.de || next === C.gong) {
        prefixFamilies(t, i, from, to, sink);
      }
    }
    const s = SUFFIX_TRIGGER[c]!;
    if (s !== 0xffff) {
      // 长 ends a title only after a department unit (署署长, 处副处长).
      if (s === 0 ? c !== C.zhang || TITLE_UNITS.has(t[i - 1]!) : i > from && t[i - 1] === s)
        suffixFamilies(t, i, from, to, lex, sink, whole);
    }
  }
}

/** The family of a whole word (normalised code units), the match's numbers, or null. */
export function familyOf(t: Uint16Array, lex: Lexicon): { kind: Family; n: number; m: number } | null {
  let found: { kind: Family; n: number; m: number } | null = null;
  findFamilies(
    t,
    0,
    t.length,
    lex,
    (start, end, kind, n, m) => {
      if (start === 0 && end === t.length && !found) found = { kind, n, m };
    },
    true,
  );
  return found;
}
