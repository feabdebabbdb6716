import { describe, expect, it } from 'vitest';
import { plural } from '../../utils/plural';

describe('plural', () => {
  it('says one in the singular and every other count in the plural, with thousands separated', () => {
    expect(plural(1, 'word')).toBe('1 word');
    expect(plural(0, 'word')).toBe('0 words');
    expect(plural(2, 'new card')).toBe('2 new cards');
    expect(plural(12345, 'word')).toBe('12,345 words');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
  });
});
