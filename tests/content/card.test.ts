import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Card, DEFAULT_CARD_VIEW, groupReadings, headwordForms, type CardProps } from '../../components/Card';
import type { DictEntry } from '../../dictionary/types';
import type { Reading } from '../../utils/messages';

function entry(p: Partial<DictEntry>): DictEntry {
  return {
    simplified: '立法会',
    traditional: '立法會',
    pinyin: 'lì fǎ huì',
    pinyinNumbered: 'li4 fa3 hui4',
    definitions: [],
    classifiers: [],
    source: 'cedict',
    civic: null,
    ...p,
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

// ---------------------------------------------------------------------------------------------------
// The card as the reader's settings and state make it (rendered with Preact into linkedom).

function reading(p: Partial<Reading> = {}): Reading {
  const e = entry({
    simplified: '经济',
    traditional: '經濟',
    pinyin: 'jīng jì',
    pinyinNumbered: 'jing1 ji4',
    definitions: ['economy', 'economic', 'thrifty'],
  });
  return { start: 0, end: 2, word: '经济', pinyin: 'jīng jì', entries: [e], parts: [], ...p };
}

/** Renders the card and returns its root element. */
function draw(props: Partial<CardProps>): Element {
  const { document } = parseHTML('<!doctype html><html><body><div id="m"></div></body></html>');
  (globalThis as { document?: unknown }).document = document;
  const mount = document.getElementById('m')!;
  const noop = () => {};
  render(
    h(Card, { reading: reading(), index: 0, count: 1, onShorter: noop, onLonger: noop, onSave: noop, save: { kind: 'unsaved' }, ...props }),
    mount as unknown as Element,
  );
  return mount.firstElementChild as unknown as Element;
}

const text = (root: Element, sel: string) => [...root.querySelectorAll(sel)].map((e) => e.textContent ?? '');

describe('the card with levels, state and the reader’s view', () => {
  it('shows the level as “HSK N” with the standard’s year, the frequency band and the state', () => {
    const level = { hsk2021: 3, hsk2025: 4, rank: 114, band: 1 } as const;
    let card = draw({ reading: reading({ level }), state: 'new' });
    expect(text(card, '.level')).toEqual(['HSK 42025']);
    expect(text(card, '.level-year')).toEqual(['2025']);
    expect(text(card, '.band')).toEqual(['top 1,000']);
    expect(text(card, '.word-state')).toEqual(['New']);
    card = draw({ reading: reading({ level }), view: { ...DEFAULT_CARD_VIEW, standard: 2021 } });
    expect(text(card, '.level')).toEqual(['HSK 32021']);
    // The chosen list lacks the word: the other one's level, with its own year.
    card = draw({ reading: reading({ level: { hsk2021: 7, hsk2025: null, rank: null, band: null } }) });
    expect(text(card, '.level')).toEqual(['HSK 7–92021']);
    expect(text(card, '.band')).toEqual([]);
  });

  it('shows a civic term’s category where it has no level, and nothing when levels are unknown', () => {
    const civic = { category: 'party' as const, explanation: 'x', components: [], related: [], year: null };
    const r = reading({
      word: '党组书记',
      entries: [entry({ simplified: '党组书记', traditional: '黨組書記', source: 'civic', civic, pinyin: 'dǎng zǔ shū jì' })],
    });
    expect(text(draw({ reading: { ...r, level: { hsk2021: null, hsk2025: null, rank: null, band: null } } }), '.level')).toEqual(['Party']);
    expect(draw({ reading: reading() }).querySelector('.meta')).toBe(null);
  });

  it('marks buttons show the state pressed; the undo is offered once the mark is stored', () => {
    const noop = () => {};
    let card = draw({ state: 'known', onMark: noop, markStatus: { kind: 'done', mark: 'known', undoable: true }, onUndoMark: noop });
    expect(card.querySelector('.mark-known')!.getAttribute('aria-pressed')).toBe('true');
    expect(card.querySelector('.mark-unknown')!.hasAttribute('disabled')).toBe(false);
    expect(text(card, '.mark-status')).toEqual(['Marked known.UndoZ']);
    card = draw({ state: 'new', onMark: noop, markStatus: { kind: 'done', mark: 'known', undoable: false } });
    expect(card.querySelector('.mark-unknown')!.hasAttribute('disabled')).toBe(true);
    expect(card.querySelector('.undo-mark')).toBe(null);
    card = draw({
      state: 'new',
      onMark: noop,
      markStatus: { kind: 'error', message: 'Not marked: Dubao’s background did not answer. Try again.' },
    });
    expect(card.querySelector('.mark-status')!.getAttribute('role')).toBe('alert');
  });

  it('follows the view: senses cut with a “more” button, hidden pinyin, script first, tone-coloured characters', () => {
    let card = draw({ view: { ...DEFAULT_CARD_VIEW, maxSenses: 2 } });
    expect(text(card, '.senses li')).toEqual(['economy', 'economic']);
    expect(text(card, '.more-senses')).toEqual(['1 more sense']);
    card = draw({ view: { ...DEFAULT_CARD_VIEW, pinyin: 'hidden' } });
    expect(text(card, '.pinyin-hidden')).toEqual(['Pinyin H']);
    card = draw({ view: { ...DEFAULT_CARD_VIEW, pinyin: 'hidden' }, pinyinRevealed: true });
    expect(text(card, '.entry-head .pinyin')).toEqual(['jīng jì']);
    card = draw({ view: { ...DEFAULT_CARD_VIEW, pinyin: 'numbers', script: 'traditional', toneOnCharacters: true } });
    expect(text(card, '.entry-head .pinyin')).toEqual(['jing1 ji4']);
    expect(text(card, '.headword')).toEqual(['經濟']);
    expect(text(card, '.headword-other')).toEqual(['经济']);
    expect([...card.querySelectorAll('.headword span')].map((s) => s.getAttribute('class'))).toEqual(['tone-1', 'tone-4']);
    expect(card.getAttribute('aria-label')).toBe('Dubao: 經濟');
  });

  it('the speech button says when no Chinese voice is installed', () => {
    const noop = () => {};
    let card = draw({ onSpeak: noop, speech: { available: null, message: null } });
    expect(text(card, '.speak').map((t) => t.trim())).toEqual(['SpeakA', 'SentenceShift+A']);
    card = draw({ onSpeak: noop, speech: { available: false, message: 'No Chinese voice is installed on this computer.' } });
    expect(text(card, '.speak')).toEqual(['No Chinese voice']);
    expect(text(card, '.speech-message')).toEqual(['No Chinese voice is installed on this computer.']);
  });
});

describe('headwordForms', () => {
  const trad = entry({ simplified: '经济', traditional: '經濟' });
  it('puts the chosen script first, or the page’s form', () => {
    const onSimplifiedPage: Reading = { start: 0, end: 2, word: '经济', pinyin: '', entries: [trad], parts: [] };
    const onTraditionalPage: Reading = { ...onSimplifiedPage, word: '經濟' };
    expect(headwordForms(onSimplifiedPage, 'page')).toEqual({ first: '经济', second: '經濟' });
    expect(headwordForms(onSimplifiedPage, 'traditional')).toEqual({ first: '經濟', second: '经济' });
    expect(headwordForms(onTraditionalPage, 'simplified')).toEqual({ first: '经济', second: '經濟' });
    expect(headwordForms(onTraditionalPage, 'traditional')).toEqual({ first: '經濟', second: '经济' });
  });
});
