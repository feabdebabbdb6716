/**
 * Unknown personal names (赵志勇, 任培军, 杨恒): where the lattice left a surname and the characters after
 * it as lone characters (no dictionary word fits), join them when a name explains them better than
 * separate words do. The test is a log-likelihood ratio:
 *   ln P(a name here) + [cost(surname char) - surnameCost] + Σ [cost(given char) - givenCost]
 * where cost() is the character's cost as a word of running text and surnameCost/givenCost are its costs
 * inside names (both -ln probabilities, from the lexicon).
 */
import type { Segment } from '../types';
import { CharClass, charClass } from './chars';
import type { Lexicon } from './lexicon';
import { costOf } from './lexicon-format';

/** ln P(a two- / three-character name starts at a given word): names are roughly 1 word in 100 of news. */
const PRIOR_TWO = Math.log(0.004);
const PRIOR_THREE = Math.log(0.012);
/** Cost inside given names of a character never seen in one (about a count of 1 in jieba's names). */
const UNSEEN_GIVEN_COST = 12;
/** Lone characters missing from the lexicon cost this as words (as in the segmenter). */
const UNKNOWN_COST = 20;

function charCost(lex: Lexicon, c: number): number {
  const node = lex.first[c]!;
  if (node < 0) return UNKNOWN_COST;
  const cb = lex.costByte[node]!;
  return cb === 255 ? UNKNOWN_COST : lex.costTable[cb]!;
}

/** Gain (in nats) of reading the lone character c as part of a given name rather than as a word. */
function givenGain(lex: Lexicon, c: number): number {
  const g = lex.givenCost[c]!;
  return charCost(lex, c) - (g === 0 ? UNSEEN_GIVEN_COST : costOf(g));
}

function isLoneHan(s: Segment | undefined, norm: Uint16Array): boolean {
  return s !== undefined && s.end - s.start === 1 && charClass[norm[s.start]!] === CharClass.Han;
}

export function joinNames(segments: Segment[], norm: Uint16Array, lex: Lexicon, _rule?: Uint8Array): Segment[] {
  const out: Segment[] = [];
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!;
    const sur = isLoneHan(s, norm) ? lex.surnameCost[norm[s.start]!] : 0;
    const g1 = segments[k + 1];
    if (sur === 0 || g1 === undefined) {
      out.push(s);
      continue;
    }
    const base = charCost(lex, norm[s.start]!) - costOf(sur!);
    let take = 0;
    let bestScore = 0;
    if (isLoneHan(g1, norm)) {
      const gain1 = givenGain(lex, norm[g1.start]!);
      const two = PRIOR_TWO + base + gain1;
      if (two > bestScore) [take, bestScore] = [1, two];
      const g2 = segments[k + 2];
      if (g2 !== undefined && isLoneHan(g2, norm)) {
        const three = PRIOR_THREE + base + gain1 + givenGain(lex, norm[g2.start]!);
        if (three > bestScore) [take, bestScore] = [2, three];
      }
    } else if (g1.end - g1.start === 2 && charClass[norm[g1.start]!] === CharClass.Han) {
      // A two-character given name that happens to be a word (建国, 海燕): compare against that word.
      const a = lex.givenCost[norm[g1.start]!]!;
      const b = lex.givenCost[norm[g1.start + 1]!]!;
      const word = lex.cost(String.fromCharCode(norm[g1.start]!, norm[g1.start + 1]!));
      if (a! > 0 && b! > 0 && word !== null) {
        const three = PRIOR_THREE + base + word - costOf(a) - costOf(b);
        if (three > bestScore) [take, bestScore] = [1, three];
      }
    }
    if (take === 0) {
      out.push(s);
      continue;
    }
    out.push({ start: s.start, end: segments[k + take]!.end });
    k += take;
  }
  return out;
}
