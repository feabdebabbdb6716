/**
 * What counts as a Han character, in one place: the CJK Unified Ideographs and their extension A, the
 * compatibility ideographs, the ideographs outside the Basic Multilingual Plane (extensions B to H,
 * U+20000–U+323AF) and 〇 (U+3007, written inside Chinese numerals: 二〇二四年). Everything that asks
 * "is this Chinese?" (the hover, the glossary, the segmenter's character classes, imports, word lists)
 * asks here. Pure; tests/dictionary/han.test.ts.
 */

/** The Han ranges of the Basic Multilingual Plane, [first, last] inclusive (the segmenter's table is built from them). */
export const HAN_BMP_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3007, 0x3007],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];

/** The astral Han range: extensions B to H. */
const ASTRAL_FIRST = 0x20000;
const ASTRAL_LAST = 0x323af;

export function isHanCodePoint(cp: number): boolean {
  if (cp < 0x3007) return false;
  if (cp <= 0xffff)
    return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || cp === 0x3007;
  return cp >= ASTRAL_FIRST && cp <= ASTRAL_LAST;
}

/** Whether the character starting at `index` of `s` is Han (a surrogate pair is read whole). */
export function isHanAt(s: string, index: number): boolean {
  const cp = s.codePointAt(index);
  return cp !== undefined && isHanCodePoint(cp);
}

/** Whether `s` has a Han character. */
export function hasHan(s: string): boolean {
  return countHan(s, 1) > 0;
}

/** Whether `s` is not empty and every character of it is Han. */
export function isAllHan(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    if (!isHanCodePoint(cp)) return false;
    if (cp > 0xffff) i++;
  }
  return true;
}

/**
 * Han characters in `s` (up to `limit`), counted without making a string of each: several times faster
 * than a global match on a long page, and it runs on every page and popup.
 */
export function countHan(s: string, limit = Infinity): number {
  let n = 0;
  for (let i = 0; i < s.length && n < limit; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) {
        i++;
        if (cp >= ASTRAL_FIRST && cp <= ASTRAL_LAST) n++;
      }
    } else if (isHanCodePoint(c)) n++;
  }
  return n;
}
