import { describe, expect, it } from 'vitest';
import { applySave, mergeItems, migrateV1, studyKey, unionReadings, validateItem } from '../../utils/study/model';
import type { StudyItemV1 } from '../../utils/study/types';
import { saveReq } from './helpers';

describe('applySave', () => {
  it('adds a new word with everything the card showed and the sentence it came from', () => {
    const { items, outcome } = applySave([], saveReq(), 1000);
    expect(outcome).toBe('added');
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual({
      simplified: '干部',
      traditional: '幹部',
      pinyin: 'gàn bù',
      definitions: ['cadre', 'official in the Communist Party'],
      civic: { category: 'party', explanation: 'A person holding a post in the Party or the state.' },
      contexts: [{ sentence: '正向激励促进干部勇担当善作为。', title: '乌海日报', url: 'http://127.0.0.1/news.html', savedAt: 1000 }],
      notes: '',
      savedAt: 1000,
    });
  });

  it('saving the word again on another sentence adds the sentence, not a duplicate', () => {
    const first = applySave([], saveReq(), 1000).items;
    const { items, outcome } = applySave(first, saveReq({ sentence: '干部队伍建设。', url: 'http://x/2' }), 2000);
    expect(outcome).toBe('sentence-added');
    expect(items).toHaveLength(1);
    expect(items[0]!.contexts.map((c) => c.sentence)).toEqual(['正向激励促进干部勇担当善作为。', '干部队伍建设。']);
    expect(items[0]!.savedAt).toBe(1000);
  });

  it('saving the same sentence twice changes nothing', () => {
    const first = applySave([], saveReq(), 1000).items;
    const again = applySave(first, saveReq(), 2000);
    expect(again.outcome).toBe('unchanged');
    expect(again.items).toEqual(first);
  });

  it('merges the readings of a word saved from the glossary (one reading) and the card (all readings)', () => {
    const glossary = applySave(
      [],
      saveReq({ simplified: '行', traditional: '行', pinyin: 'xíng', definitions: ['to walk'], civic: null }),
      1,
    ).items;
    const { items } = applySave(
      glossary,
      saveReq({ simplified: '行', traditional: '行', pinyin: 'xíng / háng', definitions: ['to walk', 'row'], civic: null }),
      2,
    );
    expect(items).toHaveLength(1);
    expect(items[0]!.pinyin).toBe('xíng / háng');
    expect(items[0]!.definitions).toEqual(['to walk', 'row']);
  });

  it('does not modify the list it was given', () => {
    const first = applySave([], saveReq(), 1000).items;
    const snapshot = structuredClone(first);
    applySave(first, saveReq({ sentence: 'x' }), 2000);
    expect(first).toEqual(snapshot);
  });
});

describe('mergeItems', () => {
  it('adds new words, adds missing sentences and notes to known ones, never duplicates', () => {
    const a = applySave([], saveReq(), 1000).items;
    a[0]!.notes = 'my note';
    const b = applySave([], saveReq({ sentence: '另一句。' }), 500).items;
    b[0]!.notes = 'other note';
    const c = applySave(b, saveReq({ simplified: '党建', traditional: '黨建', pinyin: 'dǎng jiàn' }), 600).items;
    const { items, report } = mergeItems(a, c);
    expect(report).toEqual({ added: 1, updated: 1, unchanged: 0 });
    expect(items.map((i) => i.simplified)).toEqual(['干部', '党建']);
    expect(items[0]!.contexts.map((x) => x.sentence)).toEqual(['另一句。', '正向激励促进干部勇担当善作为。']);
    expect(items[0]!.notes).toBe('my note\nother note');
    expect(items[0]!.savedAt).toBe(500);
    // merging the result into itself is a no-op
    const again = mergeItems(items, items);
    expect(again.report).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(again.items).toEqual(items);
  });
});

describe('migrateV1', () => {
  it('turns flat v1 records into one v2 item per word with all sentences', () => {
    const v1: StudyItemV1[] = [
      {
        word: '干部',
        traditional: '幹部',
        pinyin: 'gàn bù',
        meaning: 'cadre; official',
        sentence: '句一。',
        url: 'u1',
        title: 't1',
        added: 10,
      },
      { word: '干部', pinyin: 'gàn bù', meaning: 'cadre', sentence: '句二。', url: 'u2', added: 20, notes: 'n' },
      { word: '改革', pinyin: 'gǎi gé', meaning: 'reform', added: 30 },
    ];
    const v2 = migrateV1(v1);
    expect(v2).toHaveLength(2);
    expect(v2[0]).toMatchObject({
      simplified: '干部',
      traditional: '幹部',
      definitions: ['cadre', 'official'],
      notes: 'n',
      savedAt: 10,
      civic: null,
    });
    expect(v2[0]!.contexts.map((c) => [c.sentence, c.url])).toEqual([
      ['句一。', 'u1'],
      ['句二。', 'u2'],
    ]);
    expect(v2[1]).toMatchObject({ simplified: '改革', traditional: '改革', contexts: [] });
    for (const it of v2) expect(validateItem(it)).toBeNull();
  });

  it('drops records without a word and survives a non-list', () => {
    expect(migrateV1([{ pinyin: 'x' }, null])).toEqual([]);
    expect(migrateV1('garbage')).toEqual([]);
  });
});

describe('helpers', () => {
  it('studyKey ignores readings and surrounding space', () => {
    expect(studyKey({ simplified: ' 干部 ' })).toBe(studyKey({ simplified: '干部' }));
  });
  it('unionReadings keeps order and drops repeats', () => {
    expect(unionReadings('xíng', 'háng / xíng')).toBe('xíng / háng');
  });
  it('validateItem names the bad field', () => {
    const good = applySave([], saveReq(), 1).items[0]!;
    expect(validateItem(good)).toBeNull();
    expect(validateItem({ ...good, definitions: 'cadre' })).toMatch(/definitions/);
    expect(validateItem({ ...good, civic: { category: 'nonsense', explanation: '' } })).toMatch(/civic/);
    expect(validateItem({ ...good, simplified: '' })).toMatch(/simplified/);
  });
});
