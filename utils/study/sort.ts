/** Orders of the study page: newest first, by pinyin (letters, then tones), by civic category. */
import { civicCategoryRank } from '../../dictionary/civic/categories';
import { splitToneMark, tonelessKey } from '../../dictionary/pinyin';
import type { StudyItem } from './types';

export type StudySort = 'date' | 'pinyin' | 'category';

/** "lǜ sè" -> "lvse 43": compare the letters first, the tones only between same-spelled words. */
export function pinyinSortKey(pinyin: string): string {
  let letters = '';
  let tones = '';
  for (const syl of pinyin.toLowerCase().split(/\s+/)) {
    if (!syl || syl === '/') continue;
    letters += tonelessKey(syl);
    tones += String(splitToneMark(syl).mark || 5);
  }
  return `${letters} ${tones}`;
}

export function sortItems(items: readonly StudyItem[], by: StudySort): StudyItem[] {
  const byPinyin = (a: StudyItem, b: StudyItem) => {
    const ka = pinyinSortKey(a.pinyin);
    const kb = pinyinSortKey(b.pinyin);
    return ka < kb ? -1 : ka > kb ? 1 : a.simplified < b.simplified ? -1 : a.simplified > b.simplified ? 1 : 0;
  };
  const rank = (it: StudyItem) => (it.civic ? civicCategoryRank(it.civic.category) : Number.MAX_SAFE_INTEGER);
  const out = [...items];
  if (by === 'date') out.sort((a, b) => b.savedAt - a.savedAt || byPinyin(a, b));
  else if (by === 'pinyin') out.sort(byPinyin);
  else out.sort((a, b) => rank(a) - rank(b) || byPinyin(a, b));
  return out;
}
