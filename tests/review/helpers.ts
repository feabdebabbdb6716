import type { StudyItem } from '../../utils/study/types';

/** A study item as the study list stores it; sentences written for these tests. */
export function item(simplified: string, over: Partial<StudyItem> = {}): StudyItem {
  return {
    simplified,
    traditional: simplified,
    pinyin: 'pīn yīn',
    definitions: [`meaning of ${simplified}`],
    civic: null,
    contexts: [{ sentence: `我们今天学习${simplified}这个词。`, title: '测试', url: 'http://127.0.0.1/t.html', savedAt: 1 }],
    notes: '',
    savedAt: 1,
    ...over,
  };
}

/** Monday 5 January 2026, 10:00 local time: a fixed clock. */
export const T0 = new Date(2026, 0, 5, 10, 0, 0).getTime();
export const MIN = 60_000;
export const DAY = 86_400_000;
