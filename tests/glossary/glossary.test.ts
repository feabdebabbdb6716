import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAssets, loadNodeCore } from '../../dictionary/cli/node-core';
import { countHan } from '../../dictionary/han';
import type { Core } from '../../dictionary/core';
import { buildGlossary, firstScreen, COMMON_COST, mainEntry, type GlossaryRow } from '../../dictionary/glossary/rows';
import { describeRest } from '../../dictionary/glossary/steps';
import { glossaryRest, isGlossaryView, glossaryView, rowDetail, viewRows, type GlossaryRest } from '../../dictionary/glossary/view';
import { glossaryKey } from '../../dictionary/glossary/key';
import { glossaryTsv, toGlossaryJson } from '../../dictionary/glossary/export';
import { makeMatcher } from '../../dictionary/glossary/search';

let core: Core;
beforeAll(async () => {
  await ensureAssets();
  core = await loadNodeCore();
}, 300_000);

// Our own test paragraph: civic terms (党建, 高质量发展, 基层治理) among everyday words.
const SIMPLIFIED =
  '今年以来,我们坚持党建引领基层治理,推动高质量发展。社区干部走访群众,了解群众的困难。' +
  '党建工作和基层治理相互促进,群众的获得感不断增强。';
// The same paragraph in traditional characters.
const TRADITIONAL =
  '今年以來,我們堅持黨建引領基層治理,推動高質量發展。社區幹部走訪群眾,了解群眾的困難。' +
  '黨建工作和基層治理相互促進,群眾的獲得感不斷增強。';

function row(rows: GlossaryRow[], simplified: string): GlossaryRow {
  const r = rows.find((x) => x.simplified === simplified);
  if (!r) throw new Error(`no row for ${simplified}: ${rows.map((x) => x.simplified).join(' ')}`);
  return r;
}

describe('buildGlossary', () => {
  it('lists civic terms first, each with pinyin, glosses, count and category', () => {
    const g = buildGlossary(core, SIMPLIFIED);
    const firstPlain = g.rows.findIndex((r) => !r.civic);
    expect(g.civicTerms).toBeGreaterThanOrEqual(3);
    expect(firstPlain).toBe(g.civicTerms);
    expect(g.rows.slice(firstPlain).every((r) => !r.civic)).toBe(true);
    const zhili = row(g.rows, '基层治理');
    expect(zhili).toMatchObject({ word: '基层治理', count: 2, pinyin: 'jī céng zhì lǐ' });
    expect(zhili.civic?.category).toBe('social');
    expect(zhili.definitions[0]).toMatch(/governance/);
    expect(row(g.rows, '高质量发展').civic?.category).toBe('economy');
    // The plain word 群众 (the masses) is not civic and comes after every civic term.
    expect(g.rows.indexOf(row(g.rows, '群众'))).toBeGreaterThanOrEqual(g.civicTerms);
    // Civic rows are ordered by how often they occur.
    const civicCounts = g.rows.slice(0, g.civicTerms).map((r) => r.count);
    expect(civicCounts).toEqual([...civicCounts].sort((a, b) => b - a));
  });

  it('counts every occurrence and records where each one starts', () => {
    const g = buildGlossary(core, SIMPLIFIED);
    const qunzhong = row(g.rows, '群众');
    expect(qunzhong.count).toBe(3);
    expect(qunzhong.positions).toHaveLength(3);
    for (const p of qunzhong.positions) expect(SIMPLIFIED.slice(p, p + 2)).toBe('群众');
    expect(qunzhong.positions).toEqual([...qunzhong.positions].sort((a, b) => a - b));
  });

  it('summarises the page: Han characters, distinct words, civic terms', () => {
    const g = buildGlossary(core, SIMPLIFIED);
    expect(g.characters).toBe([...SIMPLIFIED].filter((c) => /\p{Script=Han}/u.test(c)).length);
    expect(g.distinctWords).toBe(g.rows.length);
    expect(new Set(g.rows.map((r) => r.simplified)).size).toBe(g.rows.length);
  });

  it('marks very common words (never civic terms) so the popup can hide them', () => {
    const g = buildGlossary(core, SIMPLIFIED);
    expect(row(g.rows, '的').common).toBe(true);
    expect(row(g.rows, '我们').common).toBe(true);
    expect(row(g.rows, '困难').common).toBe(false);
    for (const r of g.rows) {
      if (r.civic) expect(r.common).toBe(false);
      const cost = core.segmenter.commonness(r.word);
      if (!r.civic && cost !== null) expect(r.common).toBe(cost < COMMON_COST);
    }
  });

  it('gives a traditional page the same vocabulary, shown in the page’s own characters', () => {
    const s = buildGlossary(core, SIMPLIFIED);
    const t = buildGlossary(core, TRADITIONAL);
    const key = (g: typeof s) => g.rows.map((r) => [r.simplified, r.count, r.civic?.category ?? null]);
    expect(key(t).slice(0, t.civicTerms)).toEqual(key(s).slice(0, s.civicTerms));
    expect(row(t.rows, '基层治理').word).toBe('基層治理');
    expect(row(t.rows, '群众')).toMatchObject({ word: '群眾', count: 3 });
    for (const p of row(t.rows, '群众').positions) expect(TRADITIONAL.slice(p, p + 2)).toBe('群眾');
  });

  it('merges simplified and traditional spellings of one word on a mixed page', () => {
    const g = buildGlossary(core, '党建很重要。黨建很重要。');
    expect(row(g.rows, '党建')).toMatchObject({ count: 2, forms: ['党建', '黨建'] });
  });

  it('shows an ordinary reading rather than a proper noun', () => {
    const g = buildGlossary(core, '这是一个新的开始。');
    expect(row(g.rows, '新').pinyin).toBe('xīn');
  });

  it('decodes each word with glossaryEntry, which picks what lookup + mainEntry pick', () => {
    const text = `${SIMPLIFIED + TRADITIONAL}这是一个新的开始。党建很重要。黨建很重要。乾隆皇帝在北京。台湾、臺灣、香港、澳門。`;
    const forms = new Set(core.segmenter.segment(text).map((s) => text.slice(s.start, s.end)));
    for (const extra of ['新', '后', '後', '干', '幹', '乾', '发', '發', '里', '裡', '面', '麵', '张', '李', '两学一做']) forms.add(extra);
    for (const form of forms) {
      const entries = core.dictionary.lookup(form);
      const got = core.dictionary.glossaryEntry(form);
      if (!entries.length) {
        expect(got, form).toBeNull();
        continue;
      }
      const main = mainEntry(entries);
      expect(got, form).toEqual({
        key: entries[0]!.simplified,
        simplified: main.simplified,
        traditional: main.traditional,
        pinyin: main.pinyin,
        definitions: main.definitions,
        civic: entries.find((e) => e.civic)?.civic ?? null,
      });
    }
  });

  it('sends the popup a view it turns back into the same rows, the rest on request', () => {
    const text = `${SIMPLIFIED}党建很重要。黨建很重要。`;
    const g = buildGlossary(core, text);
    const view = glossaryView(g, glossaryKey(text));
    expect(isGlossaryView(view)).toBe(true);
    expect(view).toMatchObject({
      key: glossaryKey(text),
      characters: g.characters,
      distinctWords: g.distinctWords,
      civicTerms: g.civicTerms,
    });
    const cut = (r: GlossaryRow, definitions: string[]) => ({
      word: r.word,
      forms: r.forms,
      simplified: r.simplified,
      traditional: r.traditional,
      pinyin: r.pinyin,
      gloss: r.definitions[0] ?? '',
      definitions,
      count: r.count,
      civic: r.civic ? { category: r.civic.category } : null,
      common: r.common,
      made: r.source === 'rule' || r.source === 'composed' ? r.source : '',
    });
    // Before glossary.senses has answered, a row has its first sense only; after, all of them.
    expect(viewRows(view)).toEqual(g.rows.map((r) => cut(r, r.definitions.slice(0, 1))));
    const senses = JSON.parse(JSON.stringify(glossaryRest(g))) as GlossaryRest;
    expect(viewRows(JSON.parse(JSON.stringify(view)), senses)).toEqual(g.rows.map((r) => cut(r, r.definitions)));
    expect(row(g.rows, '党建').forms).toEqual(['党建', '黨建']);
    const zhili = row(g.rows, '基层治理');
    expect(rowDetail(g, '基层治理')).toEqual({
      pinyin: 'jī céng zhì lǐ',
      traditional: '基層治理',
      definitions: zhili.definitions,
      civic: { category: 'social', explanation: zhili.civic!.explanation },
      positions: zhili.positions,
    });
    expect(zhili.civic!.explanation.length).toBeGreaterThan(10);
    // The popup's TSV copy from view rows with every sense is the TSV of the full rows.
    const label = (c: string) => c.toUpperCase();
    expect(glossaryTsv(viewRows(view, senses), label)).toBe(glossaryTsv(g.rows, label));
    expect(glossaryTsv(g.rows, label).split('\n')[0]).toBe('Word\tTraditional\tPinyin\tMeaning\tCount\tCategory');
    expect(rowDetail(g, '不在这里')).toBeNull();
  });

  it('can describe only the first screen: the same rows and order, the others described later to the same result', async () => {
    const text = `${(SIMPLIFIED + TRADITIONAL).repeat(2)}会议还研究了营商环境、河长制和一网通办等工作。`;
    const full = buildGlossary(core, text);
    const part = buildGlossary(core, text, new Map(), undefined, 5);
    expect(part.rows.map((r) => [r.word, r.count, r.category, r.common])).toEqual(
      full.rows.map((r) => [r.word, r.count, r.category, r.common]),
    );
    const described = part.rows.filter((r) => r.described);
    expect(described.map((r) => r.word)).toEqual(firstScreen(full.rows, 5).map((i) => full.rows[i]!.word));
    expect(described).toHaveLength(5);
    const bare = part.rows.find((r) => !r.described)!;
    expect([bare.pinyin, bare.traditional, bare.definitions, bare.civic]).toEqual(['', '', [], null]);
    // The popup is told the view is partial; its rows say nothing false meanwhile (blank, not wrong).
    const view = glossaryView(part, glossaryKey(text));
    expect(view.partial).toBe(true);
    expect(isGlossaryView(JSON.parse(JSON.stringify(view)))).toBe(true);
    const i = part.rows.indexOf(bare);
    expect([view.pinyin[i], view.gloss[i]]).toEqual(['', '']);
    expect(view.category).toEqual(glossaryView(full, 'k').category);
    let pauses = 0;
    await describeRest(core, part, async () => void pauses++);
    expect(pauses).toBeGreaterThan(0);
    expect(part).toEqual(full);
    expect(glossaryView(part, 'k').partial).toBeUndefined();
    // The rest filled into the partial view gives the rows of the whole one.
    expect(viewRows(view, glossaryRest(part))).toEqual(viewRows(glossaryView(full, 'k'), glossaryRest(full)));
  });

  it('counts Han characters: BMP, extension A, compatibility and astral ones; not punctuation, Latin or symbols', () => {
    expect(countHan('党建2024年,ABC。㐀豈𠀀𪜀䷀')).toBe(7); // 党 建 年 㐀 豈 𠀀 𪜀; not the hexagram ䷀
    expect(countHan('')).toBe(0);
    expect(countHan('\ud840')).toBe(0); // a lone surrogate is no character
    const regex = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/g;
    const text = `${SIMPLIFIED + TRADITIONAL} mixed 𠀀 text 123 `.repeat(50);
    expect(countHan(text)).toBe(text.match(regex)!.length);
  });

  it('has no rows for text without Chinese', () => {
    expect(buildGlossary(core, 'Only English here, 2026.')).toEqual({
      rows: [],
      heads: [],
      characters: 0,
      distinctWords: 0,
      civicTerms: 0,
    });
    expect(buildGlossary(core, '')).toEqual({ rows: [], heads: [], characters: 0, distinctWords: 0, civicTerms: 0 });
  });

  it('the JSON contract has exactly word, pinyin, definitions, count, civic and (since issue 9) source', () => {
    const json = toGlossaryJson(buildGlossary(core, SIMPLIFIED).rows);
    expect(Object.keys(json[0]!)).toEqual(['word', 'pinyin', 'definitions', 'count', 'civic', 'source']);
    expect(Object.keys(json[0]!.civic!)).toEqual(['category', 'explanation']);
    expect(json.find((r) => r.word === '群众')?.civic).toBeNull();
  });

  it('counts every occurrence on a 100,000-character page (its time: npm run bench, and the e2e glossary report)', () => {
    const page = SIMPLIFIED.repeat(Math.ceil(100_000 / SIMPLIFIED.length)).slice(0, 100_000);
    const g = buildGlossary(core, page);
    const once = buildGlossary(core, SIMPLIFIED);
    const repeats = page.split(SIMPLIFIED).length - 1;
    expect(row(g.rows, '群众').count).toBeGreaterThanOrEqual(row(once.rows, '群众').count * repeats);
  });
});

describe('makeMatcher (filter box)', () => {
  const item = { simplified: '政府', traditional: '政府', pinyin: 'zhèng fǔ', definitions: ['government'], forms: ['政府'] };
  const lv = { simplified: '绿色', traditional: '綠色', pinyin: 'lǜ sè', definitions: ['green'] };
  const cases: Array<[string, typeof item | typeof lv, boolean]> = [
    ['政', item, true],
    ['政府', item, true],
    ['府政', item, false],
    ['綠', lv, true],
    ['zhengfu', item, true],
    ['zheng fu', item, true],
    ['Zheng', item, true],
    ['zhèngfǔ', item, true],
    ['zhēngfǔ', item, false],
    ['zheng4fu3', item, true],
    ['zheng1', item, false],
    ['lv', lv, true],
    ['lü4', lv, true],
    ['govern', item, true],
    ['GOVERNMENT', item, true],
    ['overn', item, false],
    ['', item, true],
  ];
  for (const [q, target, want] of cases) {
    it(`${JSON.stringify(q)} ${want ? 'matches' : 'does not match'} ${target.simplified}`, () => {
      expect(makeMatcher(q)(target)).toBe(want);
    });
  }
});
