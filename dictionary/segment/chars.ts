/**
 * Character classes for segmentation, one table lookup per UTF-16 code unit.
 */
import { HAN_BMP_RANGES } from '../han';

export const enum CharClass {
  Other = 0,
  Han = 1,
  Digit = 2,
  Latin = 3,
  Space = 4,
  Punct = 5,
  /** A high or low surrogate: the pair is handled as one character. */
  Surrogate = 6,
}

export const charClass = new Uint8Array(65536);
(() => {
  const set = (from: number, to: number, cls: CharClass) => charClass.fill(cls, from, to + 1);
  // Everything that is not a letter, digit, Han or space is punctuation for our purposes.
  set(0x21, 0x2f, CharClass.Punct);
  set(0x3a, 0x40, CharClass.Punct);
  set(0x5b, 0x60, CharClass.Punct);
  set(0x7b, 0x7e, CharClass.Punct);
  set(0xa1, 0xbf, CharClass.Punct);
  set(0x2000, 0x206f, CharClass.Punct); // general punctuation: dashes, quotes, ellipsis
  set(0x3000, 0x303f, CharClass.Punct); // CJK symbols and punctuation
  set(0xfe30, 0xfe4f, CharClass.Punct);
  set(0xff01, 0xff0f, CharClass.Punct);
  set(0xff1a, 0xff20, CharClass.Punct);
  set(0xff3b, 0xff40, CharClass.Punct);
  set(0xff5b, 0xff65, CharClass.Punct);
  set(0x25a0, 0x25ff, CharClass.Punct); // geometric shapes: □ ■ ○ ●, used as bylines and bullets
  set(0x2460, 0x24ff, CharClass.Punct); // enclosed numbers ① ②
  set(0x30, 0x39, CharClass.Digit);
  set(0xff10, 0xff19, CharClass.Digit);
  set(0x41, 0x5a, CharClass.Latin);
  set(0x61, 0x7a, CharClass.Latin);
  set(0xc0, 0x24f, CharClass.Latin);
  charClass[0xd7] = CharClass.Punct;
  charClass[0xf7] = CharClass.Punct;
  set(0x391, 0x3c9, CharClass.Latin); // Greek letters in science news
  set(0xff21, 0xff3a, CharClass.Latin);
  set(0xff41, 0xff5a, CharClass.Latin);
  for (const [first, last] of HAN_BMP_RANGES) set(first, last, CharClass.Han); // dictionary/han.ts (with 〇)
  set(0xd800, 0xdfff, CharClass.Surrogate);
  for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x3000, 0x200b, 0xfeff]) charClass[c] = CharClass.Space;
  set(0x2000, 0x200a, CharClass.Space);
  charClass[0x2028] = CharClass.Space;
  charClass[0x2029] = CharClass.Space;
  charClass[0x202f] = CharClass.Space;
  charClass[0x205f] = CharClass.Space;
})();

/**
 * Full-width ASCII (Ｆ, ９, ％) folds to ASCII so that one lexicon key serves both. Traditional-only
 * characters fold to simplified through the lexicon's own map (Lexicon.normaliser).
 */
export function baseNormaliser(): Uint16Array {
  const map = new Uint16Array(65536);
  for (let i = 0; i < 65536; i++) map[i] = i;
  // Letters, digits, ％ and ． only: the full-width comma and colon stay Chinese punctuation.
  for (let c = 0xff10; c <= 0xff19; c++) map[c] = c - 0xfee0;
  for (let c = 0xff21; c <= 0xff3a; c++) map[c] = c - 0xfee0;
  for (let c = 0xff41; c <= 0xff5a; c++) map[c] = c - 0xfee0;
  map[0xff05] = 0x25;
  map[0xff0e] = 0x2e;
  return map;
}
