/**
 * Numbers, ordinals, dates and quantities glossed by rule: 三百余, 两年, 第三次, 第十二条, 第一項, 三分之二,
 * 十万元, 1.3万亿斤, 2022年, 三個月, 百分之十二点五, 2024年5月30日. The segmenter emits these as one token
 * (segment/rules.ts) or as a word of its lexicon (一批, 两个); no dictionary lists them all.
 *
 * Works on the segmenter's normalised text (traditional folded to simplified, full-width digits to ASCII),
 * so 兩年 and 两年 read alike; `traditional` says which script the page used where the gloss differs
 * (第一項 in Taiwan's laws is a paragraph, 第一项 in the mainland's an item).
 */
import { type Unit, UNITS, unitAt } from './number-units';

/** One reading of a number word: pinyin (tone marks, one token per syllable or digit run) and English. */
export interface NumberGloss {
  pinyin: string;
  definitions: string[];
}

const HAN_VALUE: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  壹: 1,
  贰: 2,
  叁: 3,
  肆: 4,
  伍: 5,
  陆: 6,
  柒: 7,
  捌: 8,
  玖: 9,
};
const SMALL_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNIT: Record<string, number> = { 万: 1e4, 亿: 1e8, 兆: 1e12 };
const SPECIAL: Record<string, number> = { 廿: 20, 卅: 30 };

/** Pinyin of the characters a number word may hold (tone marks as in CC-CEDICT, no tone sandhi). */
export const NUMERAL_PINYIN: Readonly<Record<string, string>> = {
  〇: 'líng',
  零: 'líng',
  一: 'yī',
  二: 'èr',
  两: 'liǎng',
  三: 'sān',
  四: 'sì',
  五: 'wǔ',
  六: 'liù',
  七: 'qī',
  八: 'bā',
  九: 'jiǔ',
  十: 'shí',
  百: 'bǎi',
  千: 'qiān',
  万: 'wàn',
  亿: 'yì',
  兆: 'zhào',
  廿: 'niàn',
  卅: 'sà',
  壹: 'yī',
  贰: 'èr',
  叁: 'sān',
  肆: 'sì',
  伍: 'wǔ',
  陆: 'liù',
  柒: 'qī',
  捌: 'bā',
  玖: 'jiǔ',
  拾: 'shí',
  佰: 'bǎi',
  仟: 'qiān',
  点: 'diǎn',
  第: 'dì',
  多: 'duō',
  余: 'yú',
  来: 'lái',
  分: 'fēn',
  之: 'zhī',
  几: 'jǐ',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SMALL_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** 1 -> "1st", 22 -> "22nd", 13 -> "13th". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix ?? 'th'}`;
}

/** 300 -> "300", 36000 -> "36,000", 1.3e12 -> "1.3 trillion", 5e8 -> "500 million", 3 -> "three". */
export function englishNumber(v: number, words = true): string {
  if (words && Number.isInteger(v) && v >= 0 && v <= 10) return SMALL_WORDS[v]!;
  const scales: Array<[number, string]> = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ];
  for (const [scale, name] of scales) {
    if (Math.abs(v) >= scale) return `${trim(v / scale)} ${name}`;
  }
  if (Number.isInteger(v)) return String(v).replace(/\B(?=(\d{3})+$)/g, ',');
  return trim(v);
}

function trim(v: number): string {
  return String(Math.round(v * 1e4) / 1e4);
}

interface Parsed {
  value: number;
  /** End of the number in the word. */
  end: number;
  /** Written digit by digit (二〇二四, 2024): a year when a 年 follows. */
  digitByDigit: boolean;
  /** Pinyin tokens of the number. */
  pinyin: string[];
}

/** The number at `at` in a normalised word: Arabic (1.3, 2,000), Chinese (二十三, 二〇二四, 三点五), mixed (1.3万亿). */
function parseNumber(w: string, at: number): Parsed | null {
  const arabic = /^\d+(?:,\d{3})*(?:\.\d+)?/.exec(w.slice(at));
  let value: number;
  let end: number;
  let digitByDigit = false;
  const pinyin: string[] = [];
  if (arabic) {
    value = Number(arabic[0].replace(/,/g, ''));
    end = at + arabic[0].length;
    digitByDigit = !arabic[0].includes('.') && !arabic[0].includes(',');
    pinyin.push(arabic[0]);
  } else {
    let j = at;
    while (j < w.length && (w[j]! in HAN_VALUE || w[j]! in SMALL_UNIT || w[j]! in BIG_UNIT || w[j]! in SPECIAL)) j++;
    if (j === at) return null;
    const run = w.slice(at, j);
    // Digit by digit (二〇二四, 一九九七): only digits, at least two, a zero among them or three or more.
    if (/^[〇零一二三四五六七八九]{2,}$/.test(run) && (/[〇零]/.test(run) || run.length >= 3)) {
      value = Number([...run].map((c) => HAN_VALUE[c]).join(''));
      digitByDigit = true;
    } else {
      const v = hanValue(run);
      if (v === null) return null;
      value = v;
    }
    for (const c of run) pinyin.push(NUMERAL_PINYIN[c]!);
    end = j;
    // 三点五: a decimal (digits only after 点).
    if (w[end] === '点' && end + 1 < w.length && /[〇零一二三四五六七八九]/.test(w[end + 1]!)) {
      let k = end + 1;
      while (k < w.length && /[〇零一二三四五六七八九]/.test(w[k]!)) k++;
      value = Number(`${value}.${[...w.slice(end + 1, k)].map((c) => HAN_VALUE[c]).join('')}`);
      for (const c of w.slice(end, k)) pinyin.push(NUMERAL_PINYIN[c]!);
      end = k;
    }
  }
  // Magnitudes after an Arabic number: 3.6万, 1.3万亿.
  if (arabic) {
    let scale = 1;
    while (end < w.length && w[end]! in BIG_UNIT) {
      scale *= BIG_UNIT[w[end]!]!;
      pinyin.push(NUMERAL_PINYIN[w[end]!]!);
      end++;
    }
    if (scale > 1) {
      value *= scale;
      digitByDigit = false;
    }
  }
  return { value, end, digitByDigit, pinyin };
}

/** Value of a Chinese numeral in standard form (三万五千, 一百零五, 十一), or null. */
export function hanValue(run: string): number | null {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const c of run) {
    if (c in HAN_VALUE) {
      if (digit > 0 && HAN_VALUE[c] !== 0) return null; // two digits in a row: not standard form
      digit = HAN_VALUE[c]!;
      if (digit === 0) digit = -1;
    } else if (c in SPECIAL) {
      section += SPECIAL[c]!;
      digit = -1;
    } else if (c in SMALL_UNIT) {
      section += (digit < 0 ? 1 : digit) * SMALL_UNIT[c]!;
      digit = -1;
    } else if (c in BIG_UNIT) {
      const scale = BIG_UNIT[c]!;
      const value = section + Math.max(digit, 0);
      // 万亿: the 亿 scales what came before it, 万 included.
      total = value === 0 && total > 0 ? total * scale : (total + value) * scale;
      section = 0;
      digit = -1;
    } else return null;
  }
  return total + section + Math.max(digit, 0);
}

function fill(template: string, n: number): string {
  return template.replace(/\{nth\}/g, ordinal(n)).replace(/\{n\}/g, String(n));
}

/** "three years", "300-odd people", "100,000 yuan": a count with its unit. */
function countPhrase(value: number, unit: Unit | null, approx: string, unitWord: string): string {
  const money = unitWord === '万元' ? 1e4 : unitWord === '亿元' ? 1e8 : 1;
  const v = value * money;
  let number = englishNumber(v);
  if (approx === '多' || approx === '余') number = `more than ${number}`;
  else if (approx === '来') number = `about ${number}`;
  if (!unit || unit.count[0] === '') return number;
  const noun = v === 1 && !approx ? unit.count[0] : unit.count[1];
  return noun.startsWith('-') ? `${number}${noun}` : `${number} ${noun}`;
}

/**
 * The rule reading of a normalised word, or null when it is no number word. `traditional`: the page wrote
 * it in traditional characters.
 */
export function numberGloss(w: string, traditional = false): NumberGloss | null {
  if (w === '') return null;
  // 百分之十二点五, 三分之二.
  const pct = /^百分之(.+)$/.exec(w);
  if (pct) {
    const n = parseNumber(pct[1]!, 0);
    if (!n || n.end !== pct[1]!.length) return null;
    return { pinyin: ['bǎi fēn zhī', ...n.pinyin].join(' '), definitions: [`${englishNumber(n.value, false)} percent`] };
  }
  const frac = /^(.+?)分之(.+)$/.exec(w);
  if (frac) {
    const d = parseNumber(frac[1]!, 0);
    const n = parseNumber(frac[2]!, 0);
    if (!d || !n || d.end !== frac[1]!.length || n.end !== frac[2]!.length || d.value === 0) return null;
    return { pinyin: [...d.pinyin, 'fēn zhī', ...n.pinyin].join(' '), definitions: [fractionEnglish(n.value, d.value)] };
  }
  const pinyin: string[] = [];
  let at = 0;
  let ordinalWord = false;
  if (w[0] === '第') {
    ordinalWord = true;
    pinyin.push('dì');
    at = 1;
  }
  const n = parseNumber(w, at);
  if (!n) return null;
  pinyin.push(...n.pinyin);
  at = n.end;
  if (w[at] === '%' && at + 1 === w.length && !ordinalWord) {
    return { pinyin: [...pinyin, 'bǎi fēn zhī'].join(' '), definitions: [`${englishNumber(n.value, false)} percent`] };
  }
  let approx = '';
  if ('多余来'.includes(w[at] ?? '\0') && at < w.length) {
    approx = w[at]!;
    pinyin.push(NUMERAL_PINYIN[approx]!);
    at++;
    // 8万余元: the approximation after a magnitude.
  }
  // A date or time chain: 2024年5月30日, 10时30分.
  if (!ordinalWord && !approx) {
    const date = dateGloss(w, n, pinyin);
    if (date) return date;
  }
  const unitWord = unitAt(w, at);
  const unit = unitWord ? UNITS[unitWord]! : null;
  if (unitWord) {
    pinyin.push(unit!.pinyin);
    at += unitWord.length;
  }
  if (at !== w.length) return null;
  if (ordinalWord) {
    if (!Number.isInteger(n.value) || approx) return null;
    const template = (traditional && unit?.ordinalTraditional) || unit?.ordinal;
    const english = template
      ? fill(template, n.value)
      : unit
        ? `the ${ordinal(n.value)} (${unit.count[0] || 'one'})`
        : `the ${ordinal(n.value)} | number ${n.value}`;
    return { pinyin: pinyin.join(' '), definitions: english.split(' | ') };
  }
  if (!unit && !approx && n.pinyin.length === 1 && !/\d/.test(w)) return null; // 一, 十: the dictionary's
  const definitions: string[] = [];
  if (unitWord === '年' && n.digitByDigit && n.value >= 1000) definitions.push(`the year ${n.value}`);
  else if (unitWord === '月' && !approx && Number.isInteger(n.value) && n.value >= 1 && n.value <= 12)
    definitions.push(MONTHS[n.value - 1]!, `${englishNumber(n.value)} months`);
  else if ((unitWord === '日' || unitWord === '号') && !approx && Number.isInteger(n.value) && n.value >= 1 && n.value <= 31) {
    definitions.push(`the ${ordinal(n.value)} (day of a month)`);
    if (unitWord === '日') definitions.push(countPhrase(n.value, unit, approx, unitWord));
  } else if (unitWord === '年代' && n.value >= 10 && n.value <= 90 && n.value % 10 === 0) definitions.push(`the ${n.value}s (decade)`);
  else if (unitWord === '世纪' && !approx)
    definitions.push(`the ${ordinal(n.value)} century`, countPhrase(n.value, unit, approx, unitWord));
  else if (unitWord === '周年' && !approx)
    definitions.push(`${ordinal(n.value)} anniversary`, countPhrase(n.value, unit, approx, unitWord));
  else if (unitWord === '成' && !approx && n.value <= 10) definitions.push(`${n.value * 10} percent`);
  else if (unitWord === '年级' && !approx) definitions.push(`grade ${n.value}`);
  else if (unit?.plain && !approx) definitions.push(fill(unit.plain, n.value));
  else definitions.push(countPhrase(n.value, unit, approx, unitWord ?? ''));
  if (unitWord === '号' && definitions.length === 1 && !approx) definitions.push(`number ${n.value}`);
  return { pinyin: pinyin.join(' '), definitions };
}

function fractionEnglish(num: number, den: number): string {
  const names: Record<number, [string, string]> = {
    2: ['half', 'halves'],
    3: ['third', 'thirds'],
    4: ['quarter', 'quarters'],
    5: ['fifth', 'fifths'],
    6: ['sixth', 'sixths'],
    8: ['eighth', 'eighths'],
    10: ['tenth', 'tenths'],
  };
  const name = names[den];
  if (name && Number.isInteger(num) && num >= 1 && num <= 10)
    return `${englishNumber(num)} ${num === 1 ? name[0] : name[1]} (${num}/${den})`;
  return `${englishNumber(num, false)}/${englishNumber(den, false)}`;
}

/** 2024年5月30日 -> "30 May 2024", 5月30日 -> "30 May", 10时30分 -> "10:30". */
function dateGloss(w: string, first: Parsed, pinyin: string[]): NumberGloss | null {
  const parts: Array<{ value: number; unit: string; digitByDigit: boolean }> = [];
  let at = first.end;
  let n: Parsed | null = first;
  const tokens = [...pinyin];
  for (;;) {
    const u = ['年', '月', '日', '号', '时', '点', '分'].find((x) => w.startsWith(x, at));
    if (!u) return null;
    tokens.push(UNITS[u]!.pinyin);
    parts.push({ value: n.value, unit: u, digitByDigit: n.digitByDigit });
    at += 1;
    if (at === w.length) break;
    n = parseNumber(w, at);
    if (!n) return null;
    tokens.push(...n.pinyin);
    at = n.end;
  }
  if (parts.length < 2) return null;
  const get = (u: string) => parts.find((p) => p.unit === u);
  const units = parts.map((p) => p.unit).join('');
  const y = get('年');
  const m = get('月');
  const d = get('日') ?? get('号');
  if (['年月', '年月日', '月日', '年月号', '月号'].includes(units)) {
    if (m && (m.value < 1 || m.value > 12)) return null;
    if (d && (d.value < 1 || d.value > 31)) return null;
    const out = [d ? String(d.value) : '', m ? MONTHS[m.value - 1]! : '', y ? String(y.value) : ''].filter(Boolean).join(' ');
    return { pinyin: tokens.join(' '), definitions: [out] };
  }
  const h = get('时') ?? get('点');
  const min = get('分');
  if (h && min && parts.length === 2) {
    return { pinyin: tokens.join(' '), definitions: [`${h.value}:${String(min.value).padStart(2, '0')}`] };
  }
  return null;
}
