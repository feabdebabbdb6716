/**
 * The card's senses (CardEntry, drawn by Preact into linkedom) name the words they refer to in the
 * script of the page's word: CC-CEDICT's "traditional|simplified" pairs are cut to one form.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { CardEntry } from '../../components/CardEntry';
import type { DictEntry } from '../../dictionary/types';

const entry: DictEntry = {
  simplified: '电话',
  traditional: '電話',
  pinyin: 'diàn huà',
  pinyinNumbered: 'dian4 hua4',
  definitions: ['telephone', 'as in 打電話|打电话[dǎ diàn huà]'],
  classifiers: [],
  source: 'cedict',
  civic: null,
};

function senses(word: string): string[] {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const root = document.getElementById('root') as unknown as Element;
  render(h(CardEntry, { entry, word }), root);
  return [...root.querySelectorAll('.senses li')].map((li) => li.textContent!.trim());
}

describe('CardEntry senses', () => {
  it('on a simplified page: the simplified form of the word referred to', () => {
    expect(senses('电话')).toEqual(['telephone', 'as in 打电话[dǎ diàn huà]']);
  });

  it('on a traditional page: the traditional form', () => {
    expect(senses('電話')).toEqual(['telephone', 'as in 打電話[dǎ diàn huà]']);
  });
});
