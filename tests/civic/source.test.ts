import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { formatSourceError, headwordTokens, parseCivicSource, parseCivicTags, pinyinProblem } from '../../dictionary/civic/source';
import { loadCivic, readCivicSources } from '../../dictionary/build/load-civic';
import { CIVIC_CATEGORIES, CIVIC_CATEGORY_IDS, civicCategoryLabel, isCivicCategory } from '../../dictionary/civic/categories';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const MALFORMED = fixture('civic-malformed');
const CONTENT = fixture('civic-content');

/** Errors as "basename:line: message" so the assertions do not depend on the working directory. */
function errorsOf(dir: string): string[] {
  return readCivicSources(dir).errors.map((e) => formatSourceError({ ...e, file: e.file.split('/').pop()! }));
}

describe('parseCivicSource', () => {
  it('reads a full record, joining continuation lines and splitting senses and lists', () => {
    const text = [
      '# comment',
      '',
      '三严三实 | 三嚴三實 | sān yán sān shí',
      'gloss: Three Stricts and Three Earnests ; a code for officials',
      'explain: A first sentence that goes on',
      '  over a second line. Another sentence.',
      'parts: 严以修身, 严以用权，严以律己',
      'related: 两学一做',
      'year: 2014',
      '',
    ].join('\n');
    const { records, errors } = parseCivicSource(text, 'x.txt', 'formulations');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      {
        simplified: '三严三实',
        traditional: '三嚴三實',
        pinyin: 'sān yán sān shí',
        gloss: ['Three Stricts and Three Earnests', 'a code for officials'],
        explanation: 'A first sentence that goes on over a second line. Another sentence.',
        components: ['严以修身', '严以用权', '严以律己'],
        related: ['两学一做'],
        year: 2014,
        category: 'formulations',
        file: 'x.txt',
        line: 3,
      },
    ]);
  });

  it('accepts CRLF line ends and decomposed tone marks (normalised to NFC)', () => {
    const text = '党委 | 黨委 | da\u030Cng we\u030Ci\r\ngloss: party committee\r\nexplain: A test.\r\n';
    const { records, errors } = parseCivicSource(text, 'x.txt', 'party');
    expect(errors).toEqual([]);
    expect(records[0]!.pinyin).toBe('dǎng wěi');
  });

  it('reports each malformed record of the fixture with its file and line', () => {
    const errors = errorsOf(MALFORMED);
    expect(errors).toEqual(
      expect.arrayContaining([
        'party.txt:7: pinyin "dǎng yuán dà" has 3 syllable(s) but "党员大会" needs 4 (one per Han character)',
        'party.txt:11: headword line must be "simplified | traditional | pinyin", got "支部书记 | 支部書記 zhī bù shū jì"',
        'party.txt:15: "组织生活会": missing gloss',
        'party.txt:18: "民主评议": missing explanation (explain:)',
        'party.txt:20: "民主评议": year must be four digits, got "twenty"',
        'party.txt:22: pinyin "dang3" for 党: use tone marks, not tone numbers',
        'party.txt:29: unknown field "source" (known: gloss, explain, parts, related, year)',
        'party.txt:34: field "gloss" given twice in the record started at line 31',
        'party.txt:36: missing blank line before this record (after the record at line 31)',
        'party.txt:40: traditional "黨章程" has 3 characters but simplified "党章" has 2',
        'party.txt:43: "党章": parts lists the headword itself',
        'party.txt:43: "党章": parts lists "党章" twice',
      ]),
    );
  });

  it('still parses the record after a missing blank line', () => {
    const { records } = readCivicSources(MALFORMED);
    expect(records.find((r) => r.simplified === '党性')?.line).toBe(36);
  });

  it('keeps valid records and drops the broken ones', () => {
    const { records } = readCivicSources(MALFORMED);
    const words = records.map((r) => r.simplified);
    expect(words).toContain('党小组');
    expect(words).not.toContain('党员大会');
    expect(words).not.toContain('组织生活会');
    expect(words).not.toContain('党费');
  });

  it('rejects Latin text, spaces and stray symbols in headwords', () => {
    const bad = 'party congress | 黨代會 | dǎng dài huì\ngloss: x\nexplain: y.\n';
    expect(parseCivicSource(bad, 'x.txt', 'party').errors[0]!.message).toMatch(/simplified headword "party congress" must be Han/);
    const sym = '党代会! | 黨代會! | dǎng dài huì\ngloss: x\nexplain: y.\n';
    expect(parseCivicSource(sym, 'x.txt', 'party').errors.length).toBeGreaterThan(0);
  });

  it('reports an empty sense and an empty list field', () => {
    const text = '党纪 | 黨紀 | dǎng jì\ngloss: party discipline ;  ; rules\nexplain: A test.\nrelated:\n';
    const msgs = parseCivicSource(text, 'x.txt', 'party').errors.map(formatSourceError);
    expect(msgs).toEqual([
      'x.txt:2: "党纪": empty sense in gloss (senses are separated by " ; ")',
      'x.txt:4: "党纪": empty related: field (leave it out instead)',
    ]);
  });
});

describe('pinyin shape', () => {
  it('counts one syllable per Han character and one token per Latin/digit run', () => {
    expect(headwordTokens('5G网络')).toEqual(['5G', '网', '络']);
    expect(headwordTokens('马克思·列宁')).toEqual(['马', '克', '思', '列', '宁']);
    expect(pinyinProblem('5G网络', '5G wǎng luò')).toBeNull();
    expect(pinyinProblem('5G网络', 'wǔ wǎng luò')).toMatch(/should be "5G"/);
    expect(pinyinProblem('5G网络', 'wǔ jī wǎng luò')).toMatch(/4 syllable\(s\) but "5G网络" needs 3/);
    expect(pinyinProblem('党委', 'dǎng  wěi')).toMatch(/single spaces/);
    expect(pinyinProblem('党委', 'Dǎng wěi')).toMatch(/lower case/);
    expect(pinyinProblem('党委', 'dǎng wěì')).toMatch(/more than one tone mark/);
    expect(pinyinProblem('党委', 'dǎng-wěi')).toMatch(/1 syllable\(s\) but "党委" needs 2/);
    expect(pinyinProblem('党委', 'dǎng wei!')).toMatch(/not a pinyin syllable/);
  });
});

describe('parseCivicTags', () => {
  it('reads word<TAB>category lines and reports bad lines by number', () => {
    const { records, errors } = parseCivicTags('# c\n干部\tpersonnel\n党委 party\n纪委\tpolitics\n\n书记\tparty\n', 't.txt');
    expect(records.map((r) => [r.word, r.category, r.line])).toEqual([
      ['干部', 'personnel', 2],
      ['书记', 'party', 6],
    ]);
    expect(errors.map(formatSourceError)).toEqual([
      't.txt:3: expected "word<TAB>category", got "党委 party"',
      't.txt:4: unknown category "politics" for "纪委"',
    ]);
  });
});

describe('loadCivic', () => {
  it('throws an error naming file:line for every problem, including duplicates and unknown category files', () => {
    expect(() => loadCivic(MALFORMED)).toThrow(/party\.txt:7: pinyin/);
    const errors = errorsOf(MALFORMED);
    expect(errors).toEqual(
      expect.arrayContaining([
        'culture.txt:1: file name "culture.txt" is not a category id (known: party, state, personnel, formulations, economy, social, law, divisions, military, diplomacy, hktw, people)',
        'tags.txt:5: tag "干部" listed twice (first at line 2)',
      ]),
    );
    expect(errors.some((e) => /^state\.txt:3: duplicate headword "党小组" \(first at .*party\.txt:3\)$/.test(e))).toBe(true);
    expect(errors.some((e) => /^state\.txt:11: duplicate headword "乡政府" \(first at .*state\.txt:7\)$/.test(e))).toBe(true);
  });

  it('returns entries in the shape the build uses, ordered by category then file order', () => {
    const { entries, tags } = loadCivic(CONTENT);
    expect(entries[0]).toEqual({
      simplified: '党组',
      traditional: '黨組',
      pinyin: 'dǎng zhǔ',
      definitions: ["leading party members' group"],
      civic: { category: 'party', explanation: 'Test record: 组 has no reading zhǔ.', components: [], related: [], year: null },
    });
    const categories = entries.map((e) => e.civic.category);
    expect(categories.indexOf('formulations')).toBeGreaterThan(categories.lastIndexOf('party'));
    const two = entries.find((e) => e.simplified === '两学一做')!;
    expect(two.civic.components).toEqual(['学党章党规', '学系列讲话', '做合格党员']);
    expect(two.civic.year).toBe(2016);
    expect(tags).toEqual([
      { word: '干部', category: 'personnel' },
      { word: '党组', category: 'party' },
      { word: '组织部长', category: 'personnel' },
    ]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(loadCivic(CONTENT))).toBe(JSON.stringify(loadCivic(CONTENT)));
  });
});

describe('categories', () => {
  it('labels every category id exactly once', () => {
    expect(new Set(CIVIC_CATEGORY_IDS).size).toBe(12);
    expect(CIVIC_CATEGORIES.every((c) => c.label.length > 0 && c.description.length > 0)).toBe(true);
    expect(civicCategoryLabel('hktw')).toBe('HK · Macao · Taiwan');
    expect(isCivicCategory('party')).toBe(true);
    expect(isCivicCategory('culture')).toBe(false);
  });
});
