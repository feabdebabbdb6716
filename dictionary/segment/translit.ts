/**
 * Foreign names written phonetically (布林肯, 泽连斯基, 卡斯帕罗夫): the path leaves them in pieces
 * (布|林肯, 卡斯|帕罗|夫) because no word list holds every transliteration. A run of short Han segments
 * made only of characters that transliteration tables use, three characters or more, becomes one
 * segment when that reading costs less than the words the path used (same test as names.ts).
 *
 * The character set is ours: the characters that standard transliteration of foreign names keeps using
 * (斯 for -s, 尔 for -r, 克 for k...), leaving out those that are common words on their own (的, 在...).
 */
import type { Segment } from '../types';
import { CharClass, charClass } from './chars';
import type { Lexicon } from './lexicon';

const TRANSLIT =
  '阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕边宾波伯博布查采茨达戴丹道德登迪蒂丁杜顿多俄厄恩法凡菲费芬丰弗福' +
  '盖甘冈戈格根古瓜圭哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康柯科克肯库奎拉莱赖兰朗劳勒雷蕾黎里利莉' +
  '廉列林琳卢鲁路伦罗洛马玛迈麦曼梅门蒙米密敏明莫姆穆纳娜奈南内尼涅宁纽努诺欧帕潘佩彭皮珀普奇乔切丘' +
  '萨塞赛桑瑟森沙莎什舍圣施史舒丝斯松苏索塔泰坦汤特滕提图托瓦万旺威韦维温沃乌伍西希锡谢辛休雅亚扬耶伊' +
  '英尤约泽扎詹兹佐夫默齐连朔尔丽娃琼露黛芙茜薇妮琪契柴敦措策彻楚';

const inSet = new Uint8Array(65536);

/** True when every code unit of `word` is one that transliterations of foreign names use. */
export function isTransliterationText(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (!inSet[word.charCodeAt(i)]) return false;
  return word.length > 0;
}
for (const c of TRANSLIT) inSet[c.charCodeAt(0)] = 1;

/** -ln P(a transliterated name starts at a given word) and the cost of each of its characters. */
const NAME_COST = -Math.log(0.003);
const CHAR_COST = 4.5;
const MAX_LENGTH = 8;

function isTranslitPiece(s: Segment, norm: Uint16Array): boolean {
  if (s.end - s.start > 3) return false;
  for (let i = s.start; i < s.end; i++) {
    const c = norm[i]!;
    if (!inSet[c] || charClass[c] !== CharClass.Han) return false;
  }
  return true;
}

export function joinTransliterations(segments: Segment[], norm: Uint16Array, lex: Lexicon): Segment[] {
  const out: Segment[] = [];
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!;
    if (!isTranslitPiece(s, norm)) {
      out.push(s);
      continue;
    }
    // The longest run of pieces starting here that reads better as one name; at least two pieces.
    let take = -1;
    let wordsCost = 0;
    for (let j = k; j < segments.length; j++) {
      const g = segments[j]!;
      if (!isTranslitPiece(g, norm) || g.end - s.start > MAX_LENGTH) break;
      wordsCost += lex.spanCost(norm, g.start, g.end);
      const length = g.end - s.start;
      if (j > k && length >= 3 && NAME_COST + CHAR_COST * length < wordsCost) take = j;
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
