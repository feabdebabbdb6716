/** The word-knowledge model (utils/knowledge/model.ts): states, bulk marks, undo, merge, stored form. */
import { describe, expect, it } from 'vitest';
import {
  applyMarks,
  applyUndo,
  cleanWord,
  decodeKnowledge,
  encodeKnowledge,
  Knowledge,
  mergeKnowledge,
  minuteOf,
} from '../../utils/knowledge/model';

const T0 = Date.UTC(2026, 0, 5, 9, 30);

describe('word states', () => {
  it('new, learning from the study list, and marks', () => {
    let k = Knowledge.empty();
    expect(k.stateOf('经济')).toBe('new');
    expect(k.stateOf('经济', true)).toBe('learning');
    k = applyMarks(k, ['经济'], 'known', T0).knowledge;
    expect(k.stateOf('经济')).toBe('known');
    expect(k.stateOf('经济', true)).toBe('known');
    k = applyMarks(k, ['张三'], 'ignored', T0).knowledge;
    expect(k.stateOf('张三')).toBe('ignored');
    // U: back to unknown — a saved word is then learning again, an unsaved one new.
    k = applyMarks(k, ['经济', '张三'], 'new', T0).knowledge;
    expect(k.stateOf('经济')).toBe('new');
    expect(k.stateOf('经济', true)).toBe('learning');
    expect(k.markOf('经济')).toEqual({ mark: 'new', at: minuteOf(T0) });
  });

  it('bulk marks count only real changes; words are cleaned and deduplicated', () => {
    const k0 = applyMarks(Knowledge.empty(), ['的'], 'known', T0).knowledge;
    const r = applyMarks(k0, ['的', ' 是 ', '是', '在', '', 'a b', '和'.repeat(40)], 'known', T0 + 60_000);
    expect(r.changed).toBe(2);
    expect(r.knowledge.markOf('的')!.at).toBe(minuteOf(T0)); // kept its time
    expect(r.knowledge.stateOf('是')).toBe('known');
    expect(cleanWord(' 干部\u0301 ')).toBe('干部\u0301'.normalize('NFC'));
    expect(applyMarks(Knowledge.empty(), ['经济'], 'new', T0).changed).toBe(0);
  });

  it('"I\'ve read this page" marks only the new words: known, ignored and saved ones stay', () => {
    let k = applyMarks(Knowledge.empty(), ['张三'], 'ignored', T0).knowledge;
    k = applyMarks(k, ['发展'], 'learning', T0).knowledge;
    const r = applyMarks(k, ['经济', '张三', '发展', '干部', '群众'], 'known', T0, { onlyNew: true, saved: new Set(['干部']) });
    expect(r.changed).toBe(2);
    expect(['经济', '张三', '发展', '干部', '群众'].map((w) => r.knowledge.stateOf(w, w === '干部'))).toEqual([
      'known',
      'ignored',
      'learning',
      'learning',
      'known',
    ]);
  });

  it('undo restores each word as it was, unless it was changed again since', () => {
    let k = applyMarks(Knowledge.empty(), ['经济'], 'ignored', T0).knowledge;
    const r = applyMarks(k, ['经济', '发展', '群众'], 'known', T0 + 120_000);
    k = r.knowledge;
    // 群众 changed again in another context before the undo
    k = applyMarks(k, ['群众'], 'ignored', T0 + 240_000).knowledge;
    const u = applyUndo(k, r.undo);
    expect(u.reverted).toBe(2);
    expect(u.knowledge.markOf('经济')).toEqual({ mark: 'ignored', at: minuteOf(T0) });
    expect(u.knowledge.markOf('发展')).toBeUndefined();
    expect(u.knowledge.stateOf('群众')).toBe('ignored');
    // undoing twice changes nothing more
    expect(applyUndo(u.knowledge, r.undo).reverted).toBe(0);
  });

  it('the undo is plain data (it can travel in a message)', () => {
    const { undo } = applyMarks(Knowledge.empty(), ['经济'], 'known', T0);
    expect(JSON.parse(JSON.stringify(undo))).toEqual(undo);
  });
});

describe('merge of a backup', () => {
  it('adds what this browser lacks; for a word both have, the later mark wins', () => {
    let local = applyMarks(Knowledge.empty(), ['经济', '发展'], 'known', T0).knowledge;
    local = applyMarks(local, ['发展'], 'new', T0 + 600_000).knowledge; // set back to unknown later
    let backup = applyMarks(Knowledge.empty(), ['发展', '群众'], 'known', T0 + 60_000).knowledge;
    backup = applyMarks(backup, ['经济'], 'ignored', T0 + 300_000).knowledge;
    const { knowledge, report } = mergeKnowledge(local, backup);
    expect(report).toEqual({ added: 1, updated: 1, unchanged: 1 });
    expect(knowledge.stateOf('群众')).toBe('known');
    expect(knowledge.stateOf('经济')).toBe('ignored'); // the backup's mark is later
    expect(knowledge.stateOf('发展')).toBe('new'); // the reader's later "unknown" is not undone
    expect(mergeKnowledge(knowledge, knowledge).report).toEqual({ added: 0, updated: 0, unchanged: 3 });
  });
});

describe('stored form', () => {
  it('round-trips and stays compact: 20,000 known words in well under 5 MB', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 2000), 0x4e00 + Math.floor(i / 2000) * 7 + 3));
    const k = applyMarks(Knowledge.empty(), words, 'known', T0).knowledge;
    expect(k.size).toBe(20_000);
    const data = encodeKnowledge(k);
    const json = JSON.stringify(data);
    expect(new TextEncoder().encode(json).length).toBeLessThan(1_000_000);
    const back = decodeKnowledge(JSON.parse(json));
    expect(back.ok && back.value.size).toBe(20_000);
    expect(back.ok && back.value.stateOf(words[12_345]!)).toBe('known');
  });

  it('names what is wrong with bad data', () => {
    const bad = (d: unknown) => {
      const r = decodeKnowledge(d);
      return r.ok ? null : r.problem;
    };
    expect(bad([])).toMatch(/not an object/);
    expect(bad({ known: { 经济: 1 }, mastered: {} })).toMatch(/unknown word state "mastered"/);
    expect(bad({ known: [] })).toMatch(/"known" is not an object/);
    expect(bad({ known: { 经济: 'yesterday' } })).toMatch(/time of 经济/);
    expect(bad({ known: { 经济: 1 }, ignored: { 经济: 2 } })).toMatch(/经济 is both known and ignored/);
    expect(bad({ known: { ' 经济': 1 } })).toMatch(/is not a word/);
    expect(bad({ known: { '\uF900': 1 } })).toMatch(/is not a word/); // a compatibility ideograph: not NFC
    expect(bad({ known: { 经济: 1 } })).toBeNull();
    expect(bad({})).toBeNull();
  });
});
