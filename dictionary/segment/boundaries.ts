/**
 * One repair after the best path: a long word that swallowed the first character of the next word
 * (农业农村部|门 for 农业农村|部门, 人社部|门). Civic terms are made cheap so that they stay whole, which
 * also lets them win such overlaps. When the long word's last character and the lone character after it
 * make a word more common than the lone character itself, the boundary moves left by one and the rest of
 * the long word is segmented again (by the caller's `resegment`). A lone character is usually a word that
the lattice had to take, so a slightly rarer pair still reads better.
 */
import type { Segment } from '../types';
import { CharClass, charClass } from './chars';
import type { Lexicon } from './lexicon';

/** How much rarer (in nats) the pair may be than the lone character: 部门 8.25 against 门 7.4. */
const SHIFT_MARGIN = 1;

export function wordCost(lex: Lexicon, norm: Uint16Array, start: number, end: number): number | null {
  let node = lex.root(norm[start]!);
  for (let i = start + 1; i < end && node >= 0; i++) node = lex.child(node, norm[i]!);
  if (node < 0 || lex.costByte[node] === 255) return null;
  return lex.costTable[lex.costByte[node]!]!;
}

export function shiftSwallowedChars(
  segments: Segment[],
  norm: Uint16Array,
  lex: Lexicon,
  resegment: (start: number, end: number) => Segment[],
): Segment[] {
  let out: Segment[] | null = null;
  for (let k = 0; k < segments.length; k++) {
    const w = segments[k]!;
    const c = segments[k + 1];
    if (
      c !== undefined &&
      w.end - w.start >= 3 &&
      c.end - c.start === 1 &&
      charClass[norm[c.start]!] === CharClass.Han &&
      charClass[norm[w.end - 1]!] === CharClass.Han
    ) {
      const lone = wordCost(lex, norm, c.start, c.end);
      const pair = wordCost(lex, norm, w.end - 1, c.end);
      if (pair !== null && (lone === null || pair < lone + SHIFT_MARGIN) && wordCost(lex, norm, w.start, w.end) !== null) {
        out ??= segments.slice(0, k);
        out.push(...resegment(w.start, w.end - 1), { start: w.end - 1, end: c.end });
        k++;
        continue;
      }
    }
    out?.push(w);
  }
  return out ?? segments;
}
