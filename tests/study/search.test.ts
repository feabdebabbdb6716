import { describe, expect, it } from 'vitest';
import { makeMatcher } from '../../dictionary/glossary/search';
import { narrows, queryMode, sortStudy, StudySearch, studyMatcher } from '../../utils/study/search';
import { sortItems } from '../../utils/study/sort';
import { syntheticStudyItems } from './synthetic';

const items = syntheticStudyItems(3_000);

/** The study page's rules as they were: the glossary's matcher, plus notes and sentences. */
function before(query: string) {
  const match = makeMatcher(query);
  const q = query.trim().toLowerCase();
  return items.filter(
    (it) => match(it) || (q !== '' && (it.notes.toLowerCase().includes(q) || it.contexts.some((c) => c.sentence.includes(query.trim())))),
  );
}

describe('study search on prepared fields', () => {
  it('finds what the earlier search found, for every kind of query', () => {
    for (const q of ['zheng', 'zhèng', 'zheng4', 'cadre', 'party member', '政府', '会议', 'remember', 'lv', 'x', '']) {
      const want = before(q).map((i) => i.simplified);
      expect(
        items.filter(studyMatcher(q)).map((i) => i.simplified),
        q,
      ).toEqual(want);
      expect(
        new StudySearch(items).search(q).map((i) => i.simplified),
        q,
      ).toEqual(want);
    }
  });

  it('typing on narrows the previous result, and gives the same answer as searching afresh', () => {
    const s = new StudySearch(items);
    for (const seq of [
      ['z', 'zh', 'zhe', 'zhen', 'zheng', 'zhengf', 'zhengfu'],
      ['c', 'ca', 'cad', 'cadr', 'cadre'],
      ['z', 'zh', 'zhè', 'zh', 'zheng4'],
      ['政', '政府', '政'],
    ]) {
      for (const q of seq) expect(s.search(q).length, q).toBe(new StudySearch(items).search(q).length);
    }
    expect(narrows('zh', 'zhe')).toBe(true);
    expect(narrows('zh', 'zhè')).toBe(false); // other rules: searched afresh
    expect(narrows('zhe', 'zh')).toBe(false);
    expect(queryMode('zheng4')).toBe('numbered');
  });

  it('orders as before: newest first, by pinyin, by civic category', () => {
    for (const by of ['date', 'pinyin', 'category'] as const) {
      expect(
        sortStudy(items, by).map((i) => i.simplified),
        by,
      ).toEqual(sortItems(items, by).map((i) => i.simplified));
    }
  });
});
