/**
 * Tokens that no word list holds: numbers with their units and dates, Latin words and acronyms, and the
 * cost that decides how they compete with dictionary words. All positions are UTF-16 offsets into the
 * normalised text (full-width digits and letters are already ASCII there).
 */
import { CharClass, charClass } from './chars';

/** Cost of a number or Latin token: cheaper than any split of it, dearer than long dictionary words. */
export const DIGIT_TOKEN_COST = 6;
/** Cost of a Chinese-numeral token: about a common word, so 一次性 or 千家万户 still win as words. */
export const HAN_NUMBER_TOKEN_COST = 9;

/** Longest Chinese numeral read as one number (一千二百三十四万五千六百七十八 is 16). */
const MAX_NUMBER = 24;
const HAN_DIGITS = '〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟廿卅';
const MAGNITUDES = '十百千万亿兆';
/** After a number: approximate quantities (三十多, 一百余, 十来). */
const APPROX = '多余来';

/**
 * Units and measure words that stay with their number (3个, 三年级, 二等功, 5公里). Longest first, so the
 * list is tried in order. Dates and times are chained (see DATE_UNITS).
 */
const UNITS = [
  '平方公里',
  '平方千米',
  '平方米',
  '立方米',
  '公里',
  '千米',
  '公斤',
  '千克',
  '小时',
  '分钟',
  '个月',
  '周年',
  '周岁',
  '月份',
  '年度',
  '世纪',
  '年代',
  '年级',
  '万元',
  '亿元',
  '美元',
  '欧元',
  '港元',
  '等功',
  '等奖',
  '星级',
  '多个',
  '多万',
  '多名',
  '余名',
  '余人',
  '人次',
  '架次',
  '余元',
  '年',
  '月',
  '日',
  '号',
  '时',
  '点',
  '分',
  '秒',
  '岁',
  '元',
  '角',
  '个',
  '名',
  '位',
  '次',
  '项',
  '条',
  '届',
  '种',
  '批',
  '件',
  '天',
  '期',
  '家',
  '所',
  '座',
  '台',
  '辆',
  '架',
  '艘',
  '倍',
  '步',
  '层',
  '级',
  '场',
  '轮',
  '篇',
  '部',
  '本',
  '张',
  '只',
  '头',
  '匹',
  '块',
  '片',
  '支',
  '间',
  '套',
  '份',
  '类',
  '米',
  '吨',
  '克',
  '斤',
  '亩',
  '户',
  '人',
  '栋',
  '股',
  '款',
  '例',
  '起',
  '周',
  '季',
  '章',
  '节',
  '版',
  '册',
  '首',
  '组',
  '队',
  '对',
  '双',
  '遍',
  '番',
  '回',
  '度',
  '成',
  '代',
  '票',
  '颗',
  '枚',
  '册',
  '所',
];
/** Units after which another number-with-unit continues the same date or time (2024年5月30日, 10时30分). */
const DATE_UNITS = '年月日号时点分';

const isHanDigit = new Uint8Array(65536);
for (const c of HAN_DIGITS) isHanDigit[c.charCodeAt(0)] = 1;
const isMagnitude = new Uint8Array(65536);
for (const c of MAGNITUDES) isMagnitude[c.charCodeAt(0)] = 1;
const isApprox = new Uint8Array(65536);
for (const c of APPROX) isApprox[c.charCodeAt(0)] = 1;
const isDateUnit = new Uint8Array(65536);
for (const c of DATE_UNITS) isDateUnit[c.charCodeAt(0)] = 1;
/** First unit of each unit, for a quick reject. */
const unitsByFirst = new Map<number, string[]>();
for (const u of UNITS) {
  const list = unitsByFirst.get(u.charCodeAt(0)) ?? [];
  if (!list.includes(u)) list.push(u);
  unitsByFirst.set(u.charCodeAt(0), list);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** End of the unit starting at `i`, or `i` when there is none. */
function unitEnd(t: Uint16Array, i: number, to: number): number {
  if (i >= to) return i;
  const list = unitsByFirst.get(t[i]!);
  if (!list) return i;
  for (const u of list) {
    if (i + u.length > to) continue;
    let k = 1;
    while (k < u.length && t[i + k] === u.charCodeAt(k)) k++;
    if (k === u.length) return i + u.length;
  }
  return i;
}

/** End of an Arabic number at `i` (digits with decimal point, thousands commas, clock colon), or `i`. */
function arabicEnd(t: Uint16Array, i: number, to: number): number {
  let j = i;
  while (j < to && isDigit(t[j]!)) j++;
  if (j === i) return i;
  for (;;) {
    const c = t[j];
    if ((c === 0x2e || c === 0x3a || c === 0xb7) && j + 1 < to && isDigit(t[j + 1]!)) {
      j += 2;
      while (j < to && isDigit(t[j]!)) j++;
    } else if (
      c === 0x2c &&
      j + 3 < to &&
      isDigit(t[j + 1]!) &&
      isDigit(t[j + 2]!) &&
      isDigit(t[j + 3]!) &&
      !(j + 4 < to && isDigit(t[j + 4]!))
    ) {
      j += 4;
    } else {
      return j;
    }
  }
}

/** End of a Chinese numeral at `i` (二十三, 二〇二四, 三点五), or `i`. */
function hanNumberEnd(t: Uint16Array, i: number, to: number): number {
  // Numerals are tried at every numeral position, so a long run (a page of 一一一…) must not cost n².
  to = Math.min(to, i + MAX_NUMBER);
  let j = i;
  while (j < to && isHanDigit[t[j]!]) j++;
  if (j > i && j + 1 < to && t[j]! === 0x70b9 /* 点 */ && isHanDigit[t[j + 1]!] && !isMagnitude[t[j + 1]!]) {
    let k = j + 1;
    while (k < to && isHanDigit[t[k]!] && !isMagnitude[t[k]!]) k++;
    // 三点五 is 3.5, but 三点半 / 三点 stay a clock time: only take the decimal when digits follow.
    j = k;
  }
  return j;
}

/**
 * End of the number token starting at `i` (2024年5月30日, 3.6万人, 30%, 第十次, 二等功, 百分之十二点五), or
 * 0. The segmenter weighs a token that starts with a Han character at HAN_NUMBER_TOKEN_COST, so that it
 * competes with dictionary words (一次性, 千家万户 stay words).
 */
export function numberTokenEnd(t: Uint16Array, i: number, to: number): number {
  const c = t[i]!;
  let j: number;
  let han = false;
  if (isDigit(c)) {
    j = arabicEnd(t, i, to);
    // 5G, 3D, 4K: digits glued to Latin letters are one alphanumeric token.
    if (j < to && isAsciiLetter(t[j]!)) return latinEnd(t, j, to);
  } else if (c === 0x7b2c /* 第 */ && i + 1 < to) {
    j = isDigit(t[i + 1]!) ? arabicEnd(t, i + 1, to) : hanNumberEnd(t, i + 1, to);
    if (j === i + 1) return 0;
    han = true;
  } else if (c === 0x767e /* 百 */ && t[i + 1] === 0x5206 && t[i + 2] === 0x4e4b /* 百分之 */) {
    j = hanNumberEnd(t, i + 3, to);
    if (j === i + 3) return 0;
    return j;
  } else if (isHanDigit[c]!) {
    j = hanNumberEnd(t, i, to);
    han = true;
  } else {
    return 0;
  }
  return numberTail(t, i, j, to, han);
}

function numberTail(t: Uint16Array, start: number, j: number, to: number, han: boolean): number {
  if (!han && j < to && (t[j] === 0x25 /* % */ || t[j] === 0x2030) /* ‰ */) return j + 1;
  // 3.5万, 100多万, 三十多, 十余
  if (j < to && isApprox[t[j]!] && (!han || isMagnitude[t[j - 1]!])) j++;
  if (!han) while (j < to && isMagnitude[t[j]!]) j++;
  // 8万余元: an approximation after the magnitude.
  if (!han && j < to && isApprox[t[j]!] && isMagnitude[t[j - 1]!]) j++;
  const u = unitEnd(t, j, to);
  // A one-character Chinese numeral is left to the dictionary (一, 万一, 一项, 三个) unless a date or a
  // rank follows (五月, 二等功): 一项 is no headword, and the card reads 一 and 项 better apart.
  if (han && j - start < 2 && !(u > j && (isDateUnit[t[u - 1]!] || u - j >= 2))) return 0;
  if (u > j && isDateUnit[t[u - 1]!] && u < to) {
    const next = t[u]!;
    if (isDigit(next) || (isHanDigit[next]! && han)) {
      const k = isDigit(next) ? arabicEnd(t, u, to) : hanNumberEnd(t, u, to);
      const v = unitEnd(t, k, to);
      if (k > u && v > k && isDateUnit[t[v - 1]!]) return numberTailChain(t, v, to, han);
    }
  }
  return u;
}

/** Continues a date or time chain after its first part (the 5月 of 2024年5月30日). */
function numberTailChain(t: Uint16Array, j: number, to: number, han: boolean): number {
  for (;;) {
    if (j >= to) return j;
    const next = t[j]!;
    if (!(isDigit(next) || (han && isHanDigit[next]!))) return j;
    const k = isDigit(next) ? arabicEnd(t, j, to) : hanNumberEnd(t, j, to);
    const v = unitEnd(t, k, to);
    if (k === j || v === k || !isDateUnit[t[v - 1]!]) return j;
    j = v;
  }
}

/** End of a Latin word or acronym at `i` (COVID-19, APEC, iPhone, U.S.), or `i`. */
export function latinEnd(t: Uint16Array, i: number, to: number): number {
  let j = i;
  for (;;) {
    while (j < to && (isAsciiLetter(t[j]!) || isDigit(t[j]!) || (t[j]! >= 0xc0 && charClass[t[j]!] === CharClass.Latin))) j++;
    const c = t[j];
    if (j + 1 < to && (c === 0x2d || c === 0x2e || c === 0x27 || c === 0x26) && (isAsciiLetter(t[j + 1]!) || isDigit(t[j + 1]!))) {
      j++;
      continue;
    }
    // Acronyms with dots keep their final dot: U.S.
    if (c === 0x2e && j - i >= 3 && t[j - 2] === 0x2e) j++;
    return j;
  }
}

export function isHanNumeral(c: number): boolean {
  return isHanDigit[c] === 1;
}
