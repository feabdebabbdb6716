/**
 * Unknown personal names (赵志勇, 任培军, 杨恒, 李家超): after the best path, a surname and the one or two
 * characters after it become one segment when a name explains them better than the words the path used.
 * Two costs are compared (both -ln probabilities):
 *   as words: the sum of the costs of the segments that cover the span (杨|恒, or 李家|超);
 *   as a name: -ln P(a name of this length here) + surname cost + Σ given-name character costs,
 * with the surname and given-name costs from the lexicon (jieba's person names). The span must start and
 * end on segment boundaries and be covered by Han segments of one or two characters, so a name never cuts
 * a word of the path in two and never swallows numbers or long words.
 */
import type { Segment } from '../types';
import { CharClass, charClass } from './chars';
import type { Lexicon } from './lexicon';
import { costOf } from './lexicon-format';

/**
 * -ln P(a two- / three-character name starts at a given word): names are roughly 1 word in 100 of news.
 * Three-character names are the commoner kind, but the character after a name is often a verb (宋军|捧着,
 * 红心|映): a prior only 1.5x the two-character one makes the third character prove itself.
 */
const NAME_TWO_COST = -Math.log(0.004);
const NAME_THREE_COST = -Math.log(0.006);
/** Cost inside given names of a character never seen in one (rarer than any seen: jieba's count 1 ≈ 11.7). */
const UNSEEN_GIVEN_COST = 14;


function givenCost(lex: Lexicon, c: number): number {
  const g = lex.givenCost[c]!;
  return g === 0 ? UNSEEN_GIVEN_COST : costOf(g);
}

function isShortHan(s: Segment | undefined, norm: Uint16Array): s is Segment {
  if (s === undefined || s.end - s.start > 2) return false;
  for (let i = s.start; i < s.end; i++) if (charClass[norm[i]!] !== CharClass.Han) return false;
  return true;
}

export function joinNames(segments: Segment[], norm: Uint16Array, lex: Lexicon): Segment[] {
  const out: Segment[] = [];
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!;
    const sur = isShortHan(s, norm) ? lex.surnameCost[norm[s.start]!]! : 0;
    if (sur === 0) {
      out.push(s);
      continue;
    }
    // Try the spans that end on a boundary within the next segments: [s.start, s.start + 2 or 3).
    let take = -1;
    let bestGain = 0;
    let wordsCost = 0;
    let given = costOf(sur);
    for (let j = k; j < segments.length && j < k + 3; j++) {
      const g = segments[j]!;
      if (!isShortHan(g, norm)) break;
      const length = g.end - s.start;
      if (length > 3) break;
      wordsCost += lex.spanCost(norm, g.start, g.end);
      for (let i = Math.max(g.start, s.start + 1); i < g.end; i++) given += givenCost(lex, norm[i]!);
      if (length < 2 || j === k) continue;
      const nameCost = (length === 2 ? NAME_TWO_COST : NAME_THREE_COST) + given;
      if (wordsCost - nameCost > bestGain) {
        bestGain = wordsCost - nameCost;
        take = j;
      }
    }
    if (take < 0) {
      out.push(s);
      continue;
    }
    out.push({ start: s.start, end: segments[take]!.end });
    k = take;
  }
  return out;
}
