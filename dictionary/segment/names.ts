/**
 * Unknown personal names (赵志勇, 任培军, 杨恒, 李家超): after the best path, a surname and the one or two
 * characters after it become one segment when a name explains them better than the words the path used.
 * Two costs are compared (both -ln probabilities):
 *   as words: the sum of the costs of the segments that cover the span (杨|恒, or 李家|超);
 *   as a name: -ln P(a name of this length here) + surname cost + Σ given-name character costs,
 * with the surname and given-name costs from the lexicon (jieba's person names). The span is covered by
 * Han segments of one or two characters, so a name never swallows numbers or long words.
 *
 * A name may also cut a two-character word at either end when the character left over is a word of its
 * own, paying that word's cost and a little more: 有|余文乐 (the path read 有余|文乐), 卢小飞 after 于|宁. And a one-character word whose character is also a surname (和, 过, 与) does not start a
 * name when the name after it reads better: 和|林世雄, 问过|聂德权.
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
/**
 * Extra cost of a name that cuts a word of the path in two: such a cut must be clearly better. Cutting
 * the word before the name (有余|文乐 -> 有|余文乐) costs less than the word after it (陈飞|先是 stays).
 */
const CUT_BEFORE_COST = 1;
const CUT_AFTER_COST = 2;

/** Function words that never stand in a given name (玄宗|与|肃宗, not 宗与肃). */
const NOT_GIVEN = new Set([...'的了与及或是在着把被'].map((c) => c.charCodeAt(0)));

function givenCost(lex: Lexicon, c: number): number {
  if (NOT_GIVEN.has(c)) return Infinity;
  const g = lex.givenCost[c]!;
  return g === 0 ? UNSEEN_GIVEN_COST : costOf(g);
}

function isShortHan(s: Segment | undefined, norm: Uint16Array): s is Segment {
  if (s === undefined || s.end - s.start > 2) return false;
  for (let i = s.start; i < s.end; i++) if (charClass[norm[i]!] !== CharClass.Han) return false;
  return true;
}

interface Candidate {
  /** words cost - (name cost + leftovers): > 0 when the name reads better. */
  gain: number;
  /** Name [start, end), and the last segment index it touches. */
  start: number;
  end: number;
  last: number;
}

/** The best name that starts in segment k (at its first character, or its second when it has two). */
function bestAt(segments: Segment[], k: number, norm: Uint16Array, lex: Lexicon, costs: Float64Array): Candidate | null {
  const s = segments[k];
  if (s === undefined || s.end - s.start > 2) return null;
  // Most segments hold no surname: the quick way out.
  if (lex.surnameCost[norm[s.start]!] === 0 && (s.end - s.start === 1 || lex.surnameCost[norm[s.start + 1]!] === 0)) return null;
  if (!isShortHan(s, norm)) return null;
  let best: Candidate | null = null;
  for (let a = s.start; a < s.end; a++) {
    const sur = lex.surnameCost[norm[a]!]!;
    if (sur === 0) continue;
    const longest = 3;
    // A name from the second character leaves the first as a word of its own.
    const prefix = a > s.start ? lex.spanCost(norm, s.start, a) + CUT_BEFORE_COST : 0;
    let wordsCost = 0;
    let given = costOf(sur);
    for (let j = k; j < segments.length && j < k + 3; j++) {
      const g = segments[j]!;
      if (!isShortHan(g, norm)) break;
      if (costs[j]! < 0) costs[j] = lex.spanCost(norm, g.start, g.end);
      wordsCost += costs[j]!;
      // The name ends at g's end, or inside g after its first character (the rest a word of its own).
      for (let b = Math.max(g.start + 1, a + 2); b <= g.end; b++) {
        const length = b - a;
        if (length > longest) break;
        let nameGiven = given;
        for (let i = Math.max(g.start, a + 1); i < b; i++) nameGiven += givenCost(lex, norm[i]!);
        const suffix = b < g.end ? lex.spanCost(norm, b, g.end) + CUT_AFTER_COST : 0;
        const prior = length === 2 ? NAME_TWO_COST : NAME_THREE_COST;
        const nameCost = prior + nameGiven + prefix + suffix;
        const gain = wordsCost - nameCost;
        // A name inside one segment is that segment (the path has it already): not a new candidate.
        if (j === k && a === s.start && b === s.end) continue;
        if (gain > 0 && (!best || gain > best.gain)) best = { gain, start: a, end: b, last: j };
      }
      for (let i = Math.max(g.start, a + 1); i < g.end; i++) given += givenCost(lex, norm[i]!);
      if (g.end - a >= longest) break;
    }
  }
  return best;
}

export function joinNames(segments: Segment[], norm: Uint16Array, lex: Lexicon): Segment[] {
  const out: Segment[] = [];
  // Each segment's cost as a word, computed when first needed.
  const costs = new Float64Array(segments.length).fill(-1);
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!;
    const here = bestAt(segments, k, norm, lex, costs);
    if (!here) {
      out.push(s);
      continue;
    }
    // A one-character word (和, 过, 与) that could start a name gives way to a better name right after it.
    if (s.end - s.start === 1 && here.start === s.start) {
      const next = bestAt(segments, k + 1, norm, lex, costs);
      if (next && next.gain > here.gain) {
        out.push(s);
        continue;
      }
    }
    if (here.start > s.start) out.push({ start: s.start, end: here.start });
    out.push({ start: here.start, end: here.end });
    const last = segments[here.last]!;
    if (here.end < last.end) out.push({ start: here.end, end: last.end });
    k = here.last;
  }
  return out;
}
