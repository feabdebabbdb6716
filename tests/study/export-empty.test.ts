import { describe, expect, it } from 'vitest';
import { exportStudyList } from '../../entrypoints/study/transfer';

describe('exporting an empty study list', () => {
  it('writes no empty Anki or CSV file, and says why in a sentence', async () => {
    for (const kind of ['tsv', 'csv'] as const) {
      const m = await exportStudyList(kind, []);
      expect(m.text).toBe('Your study list is empty: save words from the card first, then export them.');
      expect(m.error).toBeUndefined();
    }
  });
});
