import { describe, expect, it } from 'vitest';
import type { WordLevel } from '../../dictionary/levels/levels';
import {
  comprehension,
  isPlainNumber,
  learningFilter,
  levelCounts,
  levelGroupLabel,
  readPageWords,
  rowBadge,
  shareText,
  type LearningRow,
} from '../../entrypoints/popup/learning';
import type { WordState } from '../../utils/knowledge/model';

// Rows as the glossary view gives them (only the fields this module reads), our own words.
const row = (simplified: string, count: number, extra: Partial<LearningRow> = {}): LearningRow => ({
  simplified,
  count,
  civic: null,
  common: false,
  made: '',
  ...extra,
});

const rows: LearningRow[] = [
  row('改革', 6, { civic: { category: 'formulations' } }),
  row('政府', 5),
  row('学校', 4),
  row('张三', 3, { made: 'composed' }),
  row('的', 10, { common: true }),
  row('2024年', 7, { made: 'rule', common: true }),
  row('十七大', 2, { made: 'rule', civic: { category: 'party' } }),
];

const states: Record<string, WordState> = {
  改革: 'known',
  政府: 'learning',
  学校: 'new',
  张三: 'ignored',
  的: 'known',
  '2024年': 'new',
  十七大: 'new',
};
const stateOf = (w: string): WordState => states[w] ?? 'new';

const levels: Record<string, WordLevel> = {
  政府: { hsk2021: 3, hsk2025: 4, rank: 300, band: 1 },
  学校: { hsk2021: 1, hsk2025: null, rank: 500, band: 1 },
  的: { hsk2021: 1, hsk2025: 1, rank: 1, band: 1 },
  改革: { hsk2021: null, hsk2025: null, rank: 900, band: 1 },
};
const levelOf = (w: string): WordLevel | null => levels[w] ?? null;

describe('popup learning view', () => {
  it('leaves plain numbers and dates out, never civic terms made by rule', () => {
    expect(rows.filter(isPlainNumber).map((r) => r.simplified)).toEqual(['2024年']);
  });

  it('counts running words: known and ignored occurrences over every occurrence but plain numbers', () => {
    const c = comprehension(rows, stateOf);
    // known 改革 6 + 的 10; ignored 张三 3; learning 政府 5; new 学校 4 + 十七大 2; 2024年 left out.
    expect(c).toEqual({ known: 16, ignored: 3, learning: 5, new: 6, total: 30, share: 19 / 30, words: { new: 2, learning: 1 } });
    expect(shareText(c.share)).toBe('63 %');
  });

  it('counts the distinct words still new and being learnt, each once, as "I\'ve read this page" marks them', () => {
    const c = comprehension(rows, stateOf);
    // new: 学校 (4 times) and 十七大 (twice), 2024年 left out; learning: 政府 (5 times).
    expect(c.words).toEqual({ new: 2, learning: 1 });
    expect(c.words.new).toBe(readPageWords(rows, stateOf).length);
  });

  it('says nothing is known of an empty page, and never rounds up to 100 %', () => {
    expect(comprehension([], stateOf).share).toBeNull();
    expect(shareText(null)).toBe('–');
    expect(shareText(999 / 1000)).toBe('99 %');
    expect(shareText(1)).toBe('100 %');
  });

  it('shows the level of the chosen standard, else the other with its year, else the civic category', () => {
    expect(rowBadge(rows[1]!, levelOf, 2025)).toMatchObject({ kind: 'hsk', level: 4, standard: 2025, text: 'HSK 4' });
    expect(rowBadge(rows[1]!, levelOf, 2021)).toMatchObject({ kind: 'hsk', level: 3, standard: 2021 });
    expect(rowBadge(rows[2]!, levelOf, 2025)).toMatchObject({ kind: 'hsk', level: 1, standard: 2021 });
    expect(rowBadge(rows[0]!, levelOf, 2025)).toMatchObject({ kind: 'civic', category: 'formulations' });
    expect(rowBadge(rows[3]!, levelOf, 2025)).toBeNull();
    // Levels not loaded yet: civic terms still show their category.
    expect(rowBadge(rows[0]!, null, 2025)).toMatchObject({ kind: 'civic' });
    expect(rowBadge(rows[1]!, null, 2025)).toBeNull();
  });

  it('groups words by level for the filter, plain numbers left out', () => {
    const counts = levelCounts(rows, (r) => rowBadge(r, levelOf, 2025));
    expect(counts.get(1)).toBe(2); // 的 (2025), 学校 (2021's level 1: the 2025 list lacks it)
    expect(counts.get(4)).toBe(1);
    expect(counts.get('none')).toBe(3); // 改革, 张三, 十七大
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(rows.length - 1);
    expect(levelGroupLabel(7)).toBe('HSK 7–9');
    expect(levelGroupLabel('none')).toBe('No HSK level');
  });

  it('hides known and ignored words, and narrows to a level', () => {
    const badge = (r: LearningRow) => rowBadge(r, levelOf, 2025);
    const words = (rs: LearningRow[]) => rs.map((r) => r.simplified);
    expect(words(learningFilter(rows, { hideKnown: true, level: null }, stateOf, badge))).toEqual(['政府', '学校', '2024年', '十七大']);
    expect(words(learningFilter(rows, { hideKnown: false, level: 1 }, stateOf, badge))).toEqual(['学校', '的']);
    expect(words(learningFilter(rows, { hideKnown: true, level: 1 }, stateOf, badge))).toEqual(['学校']);
    // States not read: nothing is hidden as known.
    expect(learningFilter(rows, { hideKnown: true, level: null }, null, badge)).toHaveLength(rows.length);
    expect(learningFilter(rows, { hideKnown: false, level: null }, stateOf, badge)).toBe(rows);
  });

  it("marks the page's new words, common ones included, but no plain numbers", () => {
    expect(readPageWords(rows, stateOf)).toEqual(['学校', '十七大']);
    const allNew = () => 'new' as const;
    expect(readPageWords(rows, allNew)).toEqual(['改革', '政府', '学校', '张三', '的', '十七大']);
  });
});
