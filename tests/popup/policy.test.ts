/**
 * The popup's glossary policy (entrypoints/popup/policy.ts) without a browser: which glossary is shown
 * (prepared, kept, built, or earlier and then current), what an action waits for, where a row's detail
 * comes from, what a save sends, and the senses of every row.
 */
import { describe, expect, it } from 'vitest';
import { glossaryKey } from '../../dictionary/glossary/key';
import { viewRows, type GlossaryRest, type GlossaryRowDetail, type GlossaryView } from '../../dictionary/glossary/view';
import type { DictEntry } from '../../dictionary/types';
import {
  filterRows,
  loadSenses,
  savedCivicText,
  openGlossary,
  rowDetail,
  rowIn,
  saveRequest,
  settled,
  type OpenDeps,
  type Ready,
  type State,
} from '../../entrypoints/popup/policy';
import type { Reply } from '../../utils/messages';

const TEXT = '坚持党建引领基层治理。党建工作要落实。'.repeat(3);
const URL = 'http://127.0.0.1/news.html';

function view(text: string, words: string[], extra: Partial<GlossaryView> = {}): GlossaryView {
  const n = words.length;
  return {
    key: glossaryKey(text),
    characters: [...text].length,
    distinctWords: n,
    civicTerms: 1,
    word: words,
    simplified: words.map(() => ''),
    traditional: words.map(() => ''),
    pinyin: words.map(() => 'x'),
    gloss: words.map((w) => `gloss of ${w}`),
    count: words.map(() => 2),
    category: words.map((_, i) => (i === 0 ? 'party' : '')),
    common: [],
    otherForms: words.map(() => ''),
    ...extra,
  };
}

function deps(over: Partial<OpenDeps> & { page?: { text: string; url?: string } | null }) {
  const asked: string[] = [];
  const steps: string[] = [];
  let paint: () => void = () => {};
  const painted = new Promise<void>((r) => (paint = r));
  const page = over.page === undefined ? { text: TEXT, url: URL } : over.page;
  const d: OpenDeps = {
    tabId: 5,
    readPage: async () => (page ? { text: page.text, url: page.url ?? URL, title: 'A page' } : undefined),
    prepared: async () => null,
    ask: async (text) => (asked.push(text), { ok: true, value: JSON.stringify(view(text, ['党建', '引领'])) }),
    painted,
    step: (n) => void steps.push(n),
    ...over,
  };
  return { d, asked, steps, paint: () => paint() };
}

describe('which glossary the popup opens', () => {
  it('uses the prepared view as it is when the page still has its text, asking the background nothing', async () => {
    const prepared = view(TEXT, ['党建']);
    const { d, asked } = deps({ prepared: async () => ({ view: prepared, url: URL }) });
    const s = (await openGlossary(d)) as Ready;
    expect(s.source).toBe('prepared');
    expect(s.glossary).toBe(prepared);
    expect(asked).toEqual([]);
  });

  it('asks the background when none was prepared, and says whether it was kept or built', async () => {
    const { d, asked } = deps({});
    const s = (await openGlossary(d)) as Ready;
    expect(s.source).toBe('built');
    expect(asked).toEqual([TEXT]);
    const kept = deps({ ask: async (t) => ({ ok: true, value: JSON.stringify({ ...view(t, ['党建']), kept: true }) }) });
    expect(((await openGlossary(kept.d)) as Ready).source).toBe('kept');
  });

  it('shows the earlier view of a page that changed a little, and asks for the current one only once it is painted', async () => {
    const before = TEXT.slice(0, -3);
    const earlier = view(before, ['党建']);
    const { d, asked, paint } = deps({ prepared: async () => ({ view: earlier, url: `${URL}#top` }) });
    const s = (await openGlossary(d)) as Ready;
    expect(s.source).toBe('earlier');
    expect(s.earlier).toBe(true);
    expect(s.glossary).toBe(earlier);
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual([]); // not before the earlier one is on screen
    paint();
    const next = (await s.updating!) as Ready;
    expect(asked).toEqual([TEXT]);
    expect(next.source).toBe('built');
    expect(next.glossary.key).toBe(glossaryKey(TEXT));
    // An action waits for the current glossary.
    expect(await settled(s)).toBe(next);
  });

  it('does not stand a view of another address or another article in for the page', async () => {
    const other = deps({ prepared: async () => ({ view: view('别的文章。'.repeat(2), ['文章']), url: URL }) });
    expect(((await openGlossary(other.d)) as Ready).source).toBe('built');
    const elsewhere = deps({ prepared: async () => ({ view: view(TEXT.slice(0, -3), ['党建']), url: 'http://127.0.0.1/other.html' }) });
    expect(((await openGlossary(elsewhere.d)) as Ready).source).toBe('built');
  });

  it('says when the page cannot be read, has no Chinese, or the glossary cannot be made (in a sentence)', async () => {
    expect(await openGlossary(deps({ tabId: null }).d)).toEqual({ kind: 'unreachable' });
    expect(await openGlossary(deps({ page: null }).d)).toEqual({ kind: 'unreachable' });
    expect(await openGlossary(deps({ readPage: () => Promise.reject(new Error('no content script')) }).d)).toEqual({ kind: 'unreachable' });
    expect(await openGlossary(deps({ page: { text: 'English only' } }).d)).toEqual({
      kind: 'no-chinese',
      title: 'A page',
      tabId: 5,
      url: URL,
    });
    const refused = deps({ ask: async () => ({ ok: false, error: 'cannot read dict.bin: 404' }) });
    expect(await openGlossary(refused.d)).toEqual({ kind: 'error', message: 'cannot read dict.bin: 404' });
    const garbled = deps({ ask: async () => ({ ok: true, value: '{"key":1}' }) });
    expect(((await openGlossary(garbled.d)) as { message: string }).message).toMatch(/cannot read/);
  });

  it('keeps the earlier glossary when the current one cannot be made', async () => {
    const earlier = view(TEXT.slice(0, -3), ['党建']);
    const { d, paint } = deps({
      prepared: async () => ({ view: earlier, url: URL }),
      ask: async () => ({ ok: false, error: 'the worker stopped' }),
    });
    const s = (await openGlossary(d)) as Ready;
    paint();
    expect(((await s.updating!) as State).kind).toBe('error');
    expect(await settled(s)).toBe(s);
  });
});

describe('rows, details and saves', () => {
  const v = view(TEXT, ['党建', '引领']);
  const rows = viewRows(v);

  it('finds a clicked row in the current glossary, or says it is gone', () => {
    const ready = { kind: 'ready', tabId: 1, page: { text: TEXT, url: URL, title: '' }, glossary: v, source: 'built' } as Ready;
    expect(rowIn(ready, v, rows[0]!, null)).toBe(rows[0]);
    const next = { ...ready, glossary: view(TEXT, ['引领']) };
    expect(rowIn(next, v, rows[1]!, null)?.word).toBe('引领');
    expect(rowIn(next, v, rows[0]!, null)).toBeNull();
  });

  it('takes a row’s detail from the background’s copy, else from the dictionary and a search of the text', async () => {
    const detail: GlossaryRowDetail = {
      pinyin: 'dǎng jiàn',
      traditional: '黨建',
      definitions: ['party building'],
      civic: null,
      positions: [2, 11],
    };
    const fromCopy = await rowDetail(
      { row: async () => ({ ok: true, value: detail }), lookupWord: async () => ({ ok: true, value: [] }) },
      v.key,
      rows[0]!,
      TEXT,
    );
    expect(fromCopy).toBe(detail);
    const entry = {
      simplified: '党建',
      traditional: '黨建',
      pinyin: 'dǎng jiàn',
      definitions: ['party building'],
      civic: { category: 'party', explanation: 'ours' },
    } as unknown as DictEntry;
    const asked: string[] = [];
    const lost = await rowDetail(
      { row: async (k) => (asked.push(k), { ok: true, value: null }), lookupWord: async () => ({ ok: true, value: [entry] }) },
      v.key,
      rows[0]!,
      TEXT,
    );
    expect(asked).toEqual([v.key]);
    expect(lost).toEqual({
      pinyin: 'dǎng jiàn',
      traditional: '黨建',
      definitions: ['party building'],
      civic: { category: 'party', explanation: 'ours' },
      positions: [2, 11],
    });
    // No key (an earlier glossary's positions are another text's): the background's copy is not asked.
    asked.length = 0;
    await rowDetail(
      { row: async (k) => (asked.push(k), { ok: true, value: null }), lookupWord: async () => ({ ok: true, value: [] }) },
      null,
      rows[0]!,
      TEXT,
    );
    expect(asked).toEqual([]);
  });

  it('saves the sentence of the occurrence shown, with the full row’s reading', () => {
    const detail: GlossaryRowDetail = {
      pinyin: 'dǎng jiàn',
      traditional: '黨建',
      definitions: ['party building'],
      civic: null,
      positions: [2, 11],
    };
    const req = saveRequest(rows[0]!, detail, { text: TEXT, url: URL, title: 'A page' }, 1);
    expect(req).toMatchObject({
      simplified: '党建',
      traditional: '黨建',
      pinyin: 'dǎng jiàn',
      sentence: '党建工作要落实。',
      pageTitle: 'A page',
      url: URL,
    });
  });

  it('hides very common rows unless asked or filtered for', () => {
    const withCommon = viewRows({ ...v, common: [1] });
    expect(filterRows(withCommon, '', false).map((r) => r.word)).toEqual(['党建']);
    expect(filterRows(withCommon, '', true).map((r) => r.word)).toEqual(['党建', '引领']);
    expect(filterRows(withCommon, '引', false).map((r) => r.word)).toEqual(['引领']);
  });

  it('loads every sense, making the glossary again when the background lost it, and refuses rows that are not the view’s', async () => {
    const rest: GlossaryRest = {
      words: ['党建', '引领'],
      senses: [['party building'], ['to lead']],
      pinyin: ['', ''],
      traditional: ['', ''],
    };
    let have = false;
    const remade: string[] = [];
    const got = await loadSenses(
      {
        senses: async (): Promise<Reply<GlossaryRest | null>> => ({ ok: true, value: have ? rest : null }),
        remake: async (t) => ((have = true), remade.push(t), { ok: true, value: '{}' }),
      },
      v,
      TEXT,
    );
    expect(remade).toEqual([TEXT]);
    expect(got).toBe(rest);
    const other = await loadSenses(
      { senses: async () => ({ ok: true, value: { ...rest, words: ['别的', '词'] } }), remake: async () => ({ ok: true, value: '' }) },
      v,
      TEXT,
    );
    expect(other).toBeNull();
  });
});

describe('savedCivicText', () => {
  it('says how many civic terms were saved, in the singular for one', () => {
    expect(savedCivicText(1, 1, null)).toBe('Saved 1 civic term to the study list.');
    expect(savedCivicText(3, 3, null)).toBe('Saved 3 civic terms to the study list.');
  });

  it('says how far it got when a save failed, the total in the singular for one', () => {
    const why = 'Dubao could not save this word: the browser’s storage is full.';
    expect(savedCivicText(0, 1, why)).toBe(`Saved 0 of 1 civic term. ${why}`);
    expect(savedCivicText(2, 5, why)).toBe(`Saved 2 of 5 civic terms. ${why}`);
  });
});
