/**
 * The news-sense layer (dictionary/senses): its parser and applier on hand-made records, the real source
 * file against the real CC-CEDICT, and the shipped dictionary carrying the revised entries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DictEntry } from '../../dictionary/types';
import { applyNewsSenses, parseNewsSenses } from '../../dictionary/senses/news';
import { readNewsSenses } from '../../dictionary/build/load-senses';
import { loadCedictJson } from '../../dictionary/build/dict-sources';
import { readCivicSources } from '../../dictionary/build/load-civic';
import { encodeDictionary } from '../../dictionary/build/encode-dict';
import { Dictionary } from '../../dictionary/reader';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import type { Core } from '../../dictionary/core';
import { loadedWords } from '../civic/checks';
import { marksToNumbered } from '../../dictionary/pinyin';

function entry(simplified: string, pinyin: string, definitions: string[]): DictEntry {
  return {
    simplified,
    traditional: simplified,
    pinyin,
    pinyinNumbered: marksToNumbered(pinyin),
    definitions,
    classifiers: [],
    source: 'cedict',
    civic: null,
  };
}

const SOURCE = `# a comment
落实 | luò shí
lead: to implement ; to carry out
why: leads with "practical".

意见 | yì jiàn
lead: opinion ; guidelines (a document)
why: documents titled 意见 are guidelines.

路线 | lù xiàn
lead: route
drop: political line (old example)
why: a stale example.

重点 | zhòng diǎn
order: first
why: the rare reading comes first.
`;

describe('parseNewsSenses', () => {
  it('reads records: lead, drop, order and why', () => {
    const { records, errors } = parseNewsSenses(SOURCE, 'news.txt');
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.simplified, r.pinyin, r.lead, r.drop, r.first, r.line])).toEqual([
      ['落实', 'luò shí', ['to implement', 'to carry out'], [], false, 2],
      ['意见', 'yì jiàn', ['opinion', 'guidelines (a document)'], [], false, 6],
      ['路线', 'lù xiàn', ['route'], ['political line (old example)'], false, 10],
      ['重点', 'zhòng diǎn', [], [], true, 15],
    ]);
  });

  it('names every malformed record with its line', () => {
    const bad = [
      '落实 luò shí', // no separator
      '',
      '推进 | tuī jìn',
      'lead: to advance', // no why
      '',
      '部署 | bù shǔ',
      'why: nothing to change',
      '',
      '统筹 | tǒng chóu',
      'first: yes', // unknown field
      'lead: to coordinate',
      'why: x',
      '',
      '推进 | tuī jìn',
      'lead: to push',
      'why: twice',
    ].join('\n');
    const { errors } = parseNewsSenses(bad, 'bad.txt');
    expect(errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '1: expected "simplified | pinyin", got "落实 luò shí"',
      '3: "推进": every record says why (why: …)',
      '6: "部署": nothing to change (lead, drop or order: first)',
      '10: expected one of lead, drop, order, why as "field: value", got "first: yes"',
      '14: "推进 tuī jìn" given twice (first at line 3)',
    ]);
  });
});

describe('applyNewsSenses', () => {
  const cedict = () => [
    entry('重点', 'chóng diǎn', ['to recount']),
    entry('落实', 'luò shí', ['practical', 'workable', 'to implement', 'to carry out']),
    entry('意见', 'yì jiàn', ['idea', 'opinion', 'suggestion']),
    entry('路线', 'lù xiàn', ['itinerary', 'route', 'political line (old example)']),
    entry('重点', 'zhòng diǎn', ['main point', 'focus']),
  ];

  it('moves CC-CEDICT senses first, adds ours marked, drops stale ones, puts a reading first', () => {
    const entries = cedict();
    expect(applyNewsSenses(entries, parseNewsSenses(SOURCE, 'news.txt').records)).toEqual([]);
    const get = (w: string, p?: string) => entries.find((e) => e.simplified === w && (!p || e.pinyin === p))!;
    expect(get('落实')).toMatchObject({
      definitions: ['to implement', 'to carry out', 'practical', 'workable'],
      revision: { added: [], reordered: true, dropped: 0 },
    });
    expect(get('意见')).toMatchObject({
      definitions: ['opinion', 'guidelines (a document)', 'idea', 'suggestion'],
      revision: { added: [1], reordered: true, dropped: 0 },
    });
    expect(get('路线')).toMatchObject({ definitions: ['route', 'itinerary'], revision: { added: [], reordered: true, dropped: 1 } });
    // zhòng diǎn now comes before chóng diǎn in the array (the build keeps that order within a headword).
    expect(entries.filter((e) => e.simplified === '重点').map((e) => e.pinyin)).toEqual(['zhòng diǎn', 'chóng diǎn']);
    expect(get('重点', 'zhòng diǎn').revision).toEqual({ added: [], reordered: true, dropped: 0 });
  });

  it('refuses records CC-CEDICT does not support or that change nothing', () => {
    const records = parseNewsSenses(
      [
        '部署 | bù shǔ',
        'lead: to deploy',
        'why: no such entry',
        '',
        '落实 | luò shí',
        'drop: to decide',
        'why: no such sense',
        '',
        '意见 | yì jiàn',
        'lead: idea',
        'why: already first',
      ].join('\n'),
      'x.txt',
    ).records;
    const problems = applyNewsSenses(cedict(), records).map((p) => p.message);
    expect(problems).toEqual([
      '"部署 bù shǔ": CC-CEDICT has 0 entries with this reading (readings: none)',
      '"落实": CC-CEDICT has no sense "to decide" to drop',
      '"意见": changes nothing (the senses are already in this order)',
    ]);
  });

  it('survives encoding: the reader gives the senses unmarked and says what was changed', () => {
    const entries = cedict();
    applyNewsSenses(entries, parseNewsSenses(SOURCE, 'news.txt').records);
    const { bytes, shards } = encodeDictionary(entries);
    const dict = Dictionary.fromBytes(bytes, shards);
    const yijian = dict.lookup('意见')[0]!;
    expect(yijian.definitions).toEqual(['opinion', 'guidelines (a document)', 'idea', 'suggestion']);
    expect(yijian.revision).toEqual({ added: [1], reordered: true, dropped: 0 });
    expect(dict.lookup('路线')[0]!.revision).toEqual({ added: [], reordered: true, dropped: 1 });
    expect(dict.lookup('重点')[0]!.pinyin).toBe('zhòng diǎn');
    expect(dict.glossaryEntry('重点')!.pinyin).toBe('zhòng diǎn');
    expect(dict.glossaryEntry('意见')!.definitions[0]).toBe('opinion');
  });
});

describe('dictionary/senses/news.txt', () => {
  const { records, errors } = readNewsSenses();

  it('parses and applies to CC-CEDICT without a problem', () => {
    expect(errors).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(50);
    expect(applyNewsSenses(loadCedictJson(), records)).toEqual([]);
  });

  it('has no record for a word with a civic entry (its civic gloss comes first anyway)', () => {
    const civic = new Set(readCivicSources().records.map((r) => r.simplified));
    expect(records.filter((r) => civic.has(r.simplified)).map((r) => r.simplified)).toEqual([]);
  });

  it('uses neutral wording', () => {
    expect(records.flatMap((r) => loadedWords(`${r.lead.join(' ; ')} ${r.why}`).map((w) => `${r.simplified}: ${w}`))).toEqual([]);
  });
});

describe('the shipped dictionary', () => {
  let core: Core;
  beforeAll(async () => {
    await ensureAssets(GENERATED_DIR);
    core = await loadNodeCore();
  }, 180_000);

  it('leads with the news sense and says the order is ours', () => {
    const luoshi = core.dictionary.lookup('落实')[0]!;
    expect(luoshi.definitions.slice(0, 2)).toEqual(['to implement', 'to carry out']);
    expect(luoshi.revision?.reordered).toBe(true);
    expect(core.dictionary.lookup('部署')[0]!.definitions[0]).toBe('to plan and arrange (work, measures)');
    expect(core.dictionary.lookup('部署')[0]!.revision?.added).toEqual([0]);
    expect(core.dictionary.lookup('推進')[0]!.definitions[0]).toBe('to advance (work, reform, a project)');
    // The page glossary shows the news reading and sense.
    expect(core.dictionary.glossaryEntry('重点')).toMatchObject({
      pinyin: 'zhòng diǎn',
      definitions: ['important point; main point; focus', expect.any(String), expect.any(String)],
    });
    expect(core.dictionary.glossaryEntry('结果')!.pinyin).toBe('jié guǒ');
    expect(core.dictionary.glossaryEntry('质量')!.definitions[0]).toBe('quality (i.e. degree of excellence)');
  });

  it('leaves entries the layer does not name alone', () => {
    const e = core.dictionary.lookup('发展')[0]!;
    expect(e.revision).toBeUndefined();
    expect(e.definitions[0]).toBe('development');
    const raw = readFileSync(join(GENERATED_DIR, 'dict.bin'));
    expect(raw.length).toBeGreaterThan(0);
  });
});
