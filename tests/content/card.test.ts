import { describe, expect, it } from 'vitest';
import { groupReadings } from '../../components/Card';
import type { DictEntry } from '../../dictionary/types';

function entry(p: Partial<DictEntry>): DictEntry {
  return {
    simplified: '立法会', traditional: '立法會', pinyin: 'lì fǎ huì', pinyinNumbered: 'li4 fa3 hui4',
    definitions: [], classifiers: [], source: 'cedict', civic: null, ...p,
  };
}

describe('groupReadings', () => {
  it('merges a civic entry and the CC-CEDICT entry of the same reading, civic first, senses deduplicated', () => {
    const civic = { category: 'hktw' as const, explanation: 'The legislature of Hong Kong.', components: [], related: [], year: null };
    const merged = groupReadings([
      entry({ definitions: ['legislative council', 'LegCo'] }),
      entry({ source: 'civic', civic, definitions: ['Legislative Council'] }),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.civic).toBe(civic);
    expect(merged[0]!.definitions).toEqual(['Legislative Council', 'LegCo']);
  });

  it('keeps different readings apart, in dictionary order', () => {
    const out = groupReadings([
      entry({ simplified: '行', traditional: '行', pinyin: 'xíng', definitions: ['to walk'] }),
      entry({ simplified: '行', traditional: '行', pinyin: 'háng', definitions: ['row'] }),
    ]);
    expect(out.map((e) => e.pinyin)).toEqual(['xíng', 'háng']);
  });
});
