/**
 * Words (dictionary/words.ts): every word the segmenter emits gets a gloss. Numbers, dates and ordinals
 * by rule; other words no dictionary has composed from their parts; names read as names; traditional
 * spellings CC-CEDICT writes with other variant characters found under their simplified form. Then the
 * whole development corpus (when ../shared is there) and a text of ours: no dead ends.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAssets, GENERATED_DIR, loadNodeCore } from '../../dictionary/cli/node-core';
import { REPO } from '../../dictionary/build/dict-sources';
import type { Core } from '../../dictionary/core';
import { coverage } from '../../dictionary/coverage';
import { buildGlossary } from '../../dictionary/glossary/rows';
import { glossaryView, viewRows } from '../../dictionary/glossary/view';
import { englishNumber, hanValue, numberGloss } from '../../dictionary/derive/numbers';

let core: Core;

beforeAll(async () => {
  await ensureAssets(GENERATED_DIR);
  core = await loadNodeCore();
}, 180_000);

describe('numbers by rule (derive/numbers.ts)', () => {
  it('reads Chinese numerals', () => {
    expect(hanValue('三百')).toBe(300);
    expect(hanValue('一百零五')).toBe(105);
    expect(hanValue('十一')).toBe(11);
    expect(hanValue('三万五千')).toBe(35_000);
    expect(hanValue('一万亿')).toBe(1e12);
    expect(hanValue('三三')).toBeNull();
    expect(englishNumber(1.3e12)).toBe('1.3 trillion');
    expect(englishNumber(100_000)).toBe('100,000');
    expect(englishNumber(3)).toBe('three');
  });

  it('glosses counts, approximations, fractions, money, dates and ordinals', () => {
    const cases: Array<[string, string, string[]]> = [
      ['三百余', 'sān bǎi yú', ['more than 300']],
      ['三百余人', 'sān bǎi yú rén', ['more than 300 people']],
      ['两年', 'liǎng nián', ['two years']],
      ['三个月', 'sān gè yuè', ['three months']],
      ['三分之二', 'sān fēn zhī èr', ['two thirds (2/3)']],
      ['十万元', 'shí wàn yuán', ['100,000 yuan']],
      ['1.3万亿斤', '1.3 wàn yì jīn', ['1.3 trillion jin (half a kilogram each)']],
      ['8万余元', '8 wàn yú yuán', ['more than 80,000 yuan']],
      ['2022年', '2022 nián', ['the year 2022']],
      ['二〇二四年', 'èr líng èr sì nián', ['the year 2024']],
      ['2024年5月30日', '2024 nián 5 yuè 30 rì', ['30 May 2024']],
      ['十时三十分', 'shí shí sān shí fēn', ['10:30']],
      ['三十日', 'sān shí rì', ['the 30th (day of a month)', '30 days']],
      ['百分之十二点五', 'bǎi fēn zhī shí èr diǎn wǔ', ['12.5 percent']],
      ['第三次', 'dì sān cì', ['the 3rd time', 'the 3rd (session, congress)']],
      ['第十二条', 'dì shí èr tiáo', ['Article 12']],
      ['第一项', 'dì yī xiàng', ['item 1']],
      ['八十年代', 'bā shí nián dài', ['the 80s (decade)']],
      ['七十周年', 'qī shí zhōu nián', ['70th anniversary', '70 years']],
      ['两个', 'liǎng gè', ['two']],
      ['二等功', 'èr děng gōng', ['2nd-class merit']],
    ];
    for (const [word, pinyin, definitions] of cases) expect(numberGloss(word), word).toEqual({ pinyin, definitions });
    // The page's script decides the reading of 項: a paragraph in Taiwan's laws.
    expect(numberGloss('第一项', true)!.definitions[0]).toMatch(/^paragraph 1 \(of an article of a Taiwan law/);
    // Not numbers: the dictionary's 一 and 十, and a word that only starts with a numeral.
    for (const w of ['一', '十', '一致', '三亚']) expect(numberGloss(w), w).toBeNull();
  });
});

describe('Words.lookup', () => {
  it('gives dictionary words their entries and nothing made', () => {
    const e = core.words.lookup('经济');
    expect(e[0]!.source).toBe('cedict');
    expect(core.words.lookup('abc')).toEqual([]);
  });

  it('makes an entry by rule for number words, in either script', () => {
    expect(core.words.lookup('兩年')).toEqual([
      {
        simplified: '两年',
        traditional: '兩年',
        pinyin: 'liǎng nián',
        pinyinNumbered: 'liang3 nian2',
        definitions: ['two years'],
        classifiers: [],
        source: 'rule',
        civic: null,
        parts: ['两年'],
      },
    ]);
    expect(core.words.lookup('三個月')[0]).toMatchObject({
      simplified: '三个月',
      traditional: '三個月',
      definitions: ['three months'],
      source: 'rule',
    });
  });

  it('composes a word no dictionary has from its parts: readings and glosses, edge characters as affixes', () => {
    const cases: Array<[string, string, string]> = [
      ['做好', 'zuò hǎo', '+ well (done)'],
      ['各项', 'gè xiàng', 'each + item'],
      ['经济社会', 'jīng jì shè huì', 'economy + society'],
      ['本规则', 'běn guī zé', 'this + rule'],
      ['监区长', 'jiān qū zhǎng', '+ district head'],
      ['最長', 'zuì cháng', ''],
      ['网络课堂', 'wǎng luò kè táng', 'network + classroom'],
      ['放在', 'fàng zài', 'to put + at; in; on'],
    ];
    for (const [word, pinyin, gloss] of cases) {
      const [e, ...rest] = core.words.lookup(word);
      expect(rest, word).toEqual([]);
      expect(e, word).toMatchObject({ source: 'composed', pinyin, civic: null });
      expect(e!.definitions[0], word).toContain(gloss);
      expect(e!.parts!.join(''), word).toBe(e!.simplified);
    }
  });

  it('reads a name the segmenter found as a name, and a transliteration as a foreign name', () => {
    expect(core.words.lookup('温克刚')[0]).toMatchObject({
      source: 'composed',
      pinyin: 'Wēn Kè gāng',
      definitions: ['probably a personal name: surname 温 Wēn, given name 克刚 Kègāng'],
    });
    expect(core.words.lookup('布林肯')[0]!.definitions[0]).toMatch(/^probably a foreign name, written by its sound/);
  });

  it('finds a traditional spelling with other variant characters under its simplified headword', () => {
    // CC-CEDICT writes 天文台; Hong Kong's observatory and Taiwan write 天文臺 (the dictionary's own walk
    // accepts variant characters, variants.ts; Words folds the characters the segmenter folds).
    expect(core.dictionary.lookup('天文臺').map((x) => x.traditional)).toEqual(['天文台']);
    const e = core.words.lookup('天文臺');
    expect(e[0]).toMatchObject({ simplified: '天文台', source: 'cedict' });
    expect(core.words.glossaryHead('天文臺')!.simplified).toBe('天文台');
  });

  it('gives no entry for a single character no dictionary has (nothing to compose it from)', () => {
    expect(core.dictionary.lookup('垸')).toEqual([]);
    expect(core.words.lookup('垸')).toEqual([]);
    expect(core.words.glossaryHead('垸')).toBeNull();
  });
});

describe('the page glossary', () => {
  it('lists made words as rows, said to be made, with plain numbers among the very common', () => {
    const text = '各地要做好秋粮收购工作，十一五期间全省新增三百余家企业。做好服务，两年内完成。';
    const g = buildGlossary(core, text);
    const row = (w: string) => g.rows.find((r) => r.word === w);
    expect(row('做好')).toMatchObject({ source: 'composed', count: 2, pinyin: 'zuò hǎo', common: false });
    expect(row('十一五期间')).toMatchObject({ source: 'rule', category: 'economy', common: false });
    expect(row('三百余家')).toMatchObject({ source: 'rule', category: null, common: true });
    const view = glossaryView(g, 'k');
    const rows = viewRows(view);
    expect(rows.find((r) => r.word === '做好')!.made).toBe('composed');
    expect(rows.find((r) => r.word === '十一五期间')!.made).toBe('rule');
    expect(rows.find((r) => r.word === '工作')!.made).toBe('');
    // Every Han word of the text is a row (none is dropped).
    const han = core.segmenter.words(text).filter((w) => /\p{Script=Han}/u.test(w));
    for (const w of han)
      expect(
        g.rows.some((r) => r.forms.includes(w)),
        w,
      ).toBe(true);
  });
});

/** Texts to check for dead ends: the development corpus when it is there, and our own fixture always. */
function texts(): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['tests/fixtures/no-dead-ends.txt', readFileSync(join(REPO, 'tests/fixtures/no-dead-ends.txt'), 'utf8')],
  ];
  const dir = resolve(REPO, '../shared/data/corpus');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.txt'))
      .sort())
      out.push([f, readFileSync(join(dir, f), 'utf8')]);
  }
  return out;
}

describe('no dead ends', () => {
  it('every word the segmenter emits has an entry (our fixture, and all of the dev corpus when present)', () => {
    const all = texts();
    const dead: string[] = [];
    let tokens = 0;
    for (const [name, text] of all) {
      const c = coverage(core, text);
      tokens += c.tokens;
      for (const [w, n] of c.deadEnds) dead.push(`${name}: ${w} ×${n}`);
    }
    expect(tokens).toBeGreaterThan(100);
    expect(dead).toEqual([]);
  }, 300_000);
});
