import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type ElementKind, walkText } from '../../entrypoints/content/walk';

function walk(html: string, kind: (tag: string) => ElementKind, stopAt?: string): string[] {
  const { document } = parseHTML(`<html><body><main>${html}</main></body></html>`);
  const out: string[] = [];
  walkText(document.querySelector('main')!, (el) => kind(el.tagName.toUpperCase()), {
    text(t) {
      out.push(t.data);
      return t.data === stopAt;
    },
    edge(el, entering) {
      out.push(`${entering ? '<' : '</'}${el.tagName.toLowerCase()}>`);
    },
  });
  return out;
}

const byTag = (tag: string): ElementKind =>
  tag === 'SCRIPT' ? 'skip' : tag === 'BR' || tag === 'TEXTAREA' ? 'break' : tag === 'P' || tag === 'DIV' ? 'block' : 'inline';

describe('the one DOM text walker', () => {
  it('gives the text nodes in document order, with the edges of blocks and breaks', () => {
    expect(walk('坚持<a>党建</a>引领<p>基层<b>治理</b></p>尾<br>后<script>x</script><textarea>不读</textarea>完', byTag)).toEqual([
      '坚持',
      '党建',
      '引领',
      '<p>',
      '基层',
      '治理',
      '</p>',
      '尾',
      '<br>',
      '后',
      '<textarea>',
      '完',
    ]);
  });

  it('ends an empty block at once, and nested blocks in order', () => {
    expect(walk('<div>a<div></div><p>b</p></div>c', byTag)).toEqual(['<div>', 'a', '<div>', '</div>', '<p>', 'b', '</p>', '</div>', 'c']);
  });

  it('stops when the visitor says so', () => {
    expect(walk('一<b>二</b>三<p>四</p>', byTag, '二')).toEqual(['一', '二']);
  });

  it('walks a page nested 20,000 elements deep (no recursion)', () => {
    const deep = `${'<span>'.repeat(20_000)}深${'</span>'.repeat(20_000)}`;
    expect(walk(deep, byTag)).toEqual(['深']);
  });
});
