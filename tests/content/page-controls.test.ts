/**
 * The content side's pure parts and DOM logic (linkedom): unknown-word colouring (word-marks.ts) with a
 * stand-in for the CSS Custom Highlight API (Highlight, StaticRange, CSS.highlights; the real one is
 * tested in Chromium, tests/e2e/unknown-words.test.ts), and the settings as the hover controller and
 * pinyin over the page take them (main.ts). The glossary's page reader with ruby on the page (it reads no
 * pinyin, and Dubao's own ruby is no change of the page) is checked in Chromium, whose mutation records
 * and tree walkers this DOM does not reproduce: tests/e2e/reader-settings.test.ts.
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAssets, loadNodeCore } from '../../dictionary/cli/node-core';
import type { Core } from '../../dictionary/core';
import { readingsOfTexts } from '../../dictionary/readings';
import { hoverOptionsOf, rubyFilterOf, siteAddress } from '../../entrypoints/content/main';
import { PagePinyin } from '../../entrypoints/content/page-pinyin';
import { WordMarks } from '../../entrypoints/content/word-marks';
import { markErrorSentence } from '../../entrypoints/content/card-actions';
import type { WordState } from '../../utils/knowledge/model';
import type { PageWord } from '../../utils/messages';
import { defaultSettings } from '../../utils/settings-schema';

let core: Core;

beforeAll(async () => {
  await ensureAssets();
  core = await loadNodeCore();
}, 180_000);

/** A linkedom page with a stand-in for the highlight API: ranges as [text, node] pairs. */
function page(body: string) {
  const { window } = parseHTML(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`);
  class StaticRangeStub {
    startContainer: Node;
    startOffset: number;
    endContainer: Node;
    endOffset: number;
    constructor(init: { startContainer: Node; startOffset: number; endContainer: Node; endOffset: number }) {
      this.startContainer = init.startContainer;
      this.startOffset = init.startOffset;
      this.endContainer = init.endContainer;
      this.endOffset = init.endOffset;
    }
  }
  class HighlightStub extends Set<StaticRangeStub> {
    priority = 0;
  }
  const registry = new Map<string, HighlightStub>();
  const w = window as unknown as Record<string, unknown>;
  w.StaticRange = StaticRangeStub;
  w.Highlight = HighlightStub;
  w.CSS = { highlights: registry };
  w.CSSStyleSheet = class {
    css = '';
    replaceSync(t: string) {
      this.css = t;
    }
  };
  if (!w.crypto) Object.defineProperty(w, 'crypto', { value: globalThis.crypto });
  (window.document as unknown as { adoptedStyleSheets: unknown[] }).adoptedStyleSheets = [];
  const coloured = () =>
    Object.fromEntries(
      [...registry].map(([name, h]) => [name, [...h].map((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset))]),
    ) as Record<string, string[]>;
  return { win: window as unknown as Window, registry, coloured };
}

/** readTexts answered by the real core, with states from a table (the rest new). */
function reader(states: Record<string, WordState>) {
  const asked: string[][] = [];
  return {
    asked,
    readTexts: async (texts: string[]): Promise<PageWord[][]> => {
      asked.push(texts);
      return readingsOfTexts(core.dictionary, core.segmenter, texts).map((ws) =>
        ws.map((w) => ({ ...w, hsk2021: null, hsk2025: null, state: states[w.simplified] ?? 'new' })),
      );
    },
    readStates: async (words: string[]) => words.map((w) => states[w] ?? 'new'),
  };
}

const colours = { newColour: '#ffc933', learningColour: '#5aaeff' };

describe('unknown words coloured on the page', () => {
  it('colours new and learning words in two highlights; neighbouring words of a colour share a range', async () => {
    const p = page('<p id="a">银行加大信贷支持，社区服务。</p>');
    const r = reader({ 加大: 'known', 社区: 'learning' });
    const marks = new WordMarks(p.win, { ...r, colours });
    const report = await marks.start();
    expect(report.outcome).toBe('done');
    const { new: n, learning: l } = marks.names;
    expect(n).toMatch(/^[a-z]{6}$/);
    expect(p.coloured()).toEqual({ [n]: ['银行', '信贷支持', '服务'], [l]: ['社区'] });
    expect(marks.counts()).toEqual({ new: 4, learning: 1, ranges: 4 });
    // The stylesheet of the two highlights, adopted by the document (no element added).
    const sheets = (p.win.document as unknown as { adoptedStyleSheets: Array<{ css: string }> }).adoptedStyleSheets;
    expect(sheets).toHaveLength(1);
    expect(sheets[0]!.css).toContain(`::highlight(${n}) { background-color: #ffc93366; }`);
  });

  it('a state set on a card moves the word to its colour or takes it away; stop leaves nothing', async () => {
    const p = page('<p>银行加大信贷支持，社区服务。</p>');
    const marks = new WordMarks(p.win, { ...reader({ 加大: 'known' }), colours });
    await marks.start();
    const { new: n, learning: l } = marks.names;
    marks.setState('信贷', 'learning');
    expect(p.coloured()).toEqual({ [n]: ['银行', '支持', '社区服务'], [l]: ['信贷'] });
    marks.setState('银行', 'known');
    marks.setState('加大', 'new');
    expect(p.coloured()[n]).toEqual(['加大', '支持', '社区服务']);
    marks.stop();
    expect(p.registry.size).toBe(0);
    expect((p.win.document as unknown as { adoptedStyleSheets: unknown[] }).adoptedStyleSheets).toEqual([]);
    expect(p.win.document.body.innerHTML).toBe('<p>银行加大信贷支持，社区服务。</p>');
  });

  it('asks the states again after a change elsewhere, and does not ask for text it has read', async () => {
    const p = page('<p>银行加大信贷支持。</p><p>银行加大信贷支持。</p>');
    const states: Record<string, WordState> = {};
    const r = reader(states);
    const marks = new WordMarks(p.win, { ...r, colours });
    await marks.start();
    expect(r.asked).toEqual([['银行加大信贷支持。']]);
    states.支持 = 'known';
    await marks.refreshStates();
    expect(p.coloured()[marks.names.new]).toEqual(['银行加大信贷', '银行加大信贷']);
  });

  it('colours the base text under Dubao’s own ruby, never the pinyin', async () => {
    const p = page('<p>银行加大信贷支持。</p>');
    const pp = new PagePinyin(p.win, { readTexts: async (t) => readingsOfTexts(core.dictionary, core.segmenter, t) });
    await pp.start();
    const marks = new WordMarks(p.win, { ...reader({}), colours });
    await marks.start();
    const ranges = [...p.registry.get(marks.names.new)!];
    expect(ranges.map((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset))).toEqual(['银行', '加大', '信贷', '支持']);
    expect(ranges.every((r) => (r.startContainer.parentNode as Element).tagName === 'RUBY')).toBe(true);
  });
});

describe('settings on the content side', () => {
  it('give the controller its trigger, delay, keys as shown and the card’s look', () => {
    const s = defaultSettings();
    s.hoverTrigger = 'alt';
    s.hoverDelayMs = 80;
    s.keys.nextWord = null;
    s.toneColors.onCharacters = true;
    s.toneColors.scheme = 'none';
    s.theme = 'dark';
    const o = hoverOptionsOf(s);
    expect([o.trigger, o.delayMs, o.view.keys.previousWord, o.view.keys.nextWord, o.view.keys.close]).toEqual([
      'alt',
      80,
      '←',
      null,
      'Esc',
    ]);
    expect(o.view.toneOnCharacters).toBe(false); // no tone colours at all
    expect(o.look).toEqual({ theme: 'dark', scheme: 'none', custom: s.toneColors.custom, fontSize: 14 });
    expect(o.bindings.some((b) => b.action === 'nextWord')).toBe(false);
  });

  it('pick the words pinyin over the page annotates', () => {
    const w = (p: Partial<PageWord>) => ({
      start: 0,
      end: 2,
      pinyin: '',
      simplified: '经济',
      civic: null,
      hsk2021: 3,
      hsk2025: 4,
      state: 'new',
      text: '经济',
      ...p,
    });
    const s = defaultSettings();
    s.pagePinyin = { filter: 'level', level: 3 };
    expect(rubyFilterOf(s)(w({}))).toBe(true); // 2025: level 4 > 3
    s.hskStandard = 2021;
    expect(rubyFilterOf(s)(w({}))).toBe(false); // 2021: level 3
    expect(rubyFilterOf(s)(w({ hsk2021: null, hsk2025: null }))).toBe(true); // in neither list
    s.pagePinyin.filter = 'unknown';
    expect([rubyFilterOf(s)(w({ state: 'known' })), rubyFilterOf(s)(w({ state: 'learning' }))]).toEqual([false, true]);
    s.pagePinyin.filter = 'civic';
    expect([rubyFilterOf(s)(w({})), rubyFilterOf(s)(w({ civic: 'party' }))]).toEqual([false, true]);
  });

  it('apply a frame the rule of its tab’s site', () => {
    const frame = (top: string | null, own: string, ancestors: string[] = []) =>
      ({
        location: { href: own, ancestorOrigins: { length: ancestors.length, item: (i: number) => ancestors[i] ?? null } },
        get top() {
          if (top === null) throw new Error('cross-origin');
          return { location: { href: top } };
        },
      }) as unknown as Window;
    expect(siteAddress(frame('https://news.example.com/a', 'about:srcdoc'))).toBe('https://news.example.com/a');
    expect(siteAddress(frame(null, 'https://video.other.net/embed', ['https://news.example.com']))).toBe('https://news.example.com');
    expect(siteAddress(frame(null, 'https://video.other.net/embed'))).toBe('https://video.other.net/embed');
  });

  it('say in a sentence why a mark was not stored', () => {
    expect(markErrorSentence('Could not establish connection. Receiving end does not exist.')).toBe(
      'Not marked: Dubao’s background did not answer. Try again.',
    );
    expect(
      markErrorSentence('Dubao could not save your word states: the browser storage for Dubao is full. Nothing saved before was lost.'),
    ).toMatch(/^Dubao could not save/);
    expect(markErrorSentence('TypeError: x is undefined')).toBe('Not marked: something went wrong in Dubao. Try again.');
  });
});
