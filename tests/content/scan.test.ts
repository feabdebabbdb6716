import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { collectRuns } from '../../entrypoints/content/page-runs';
import { gatherRun, isInlineByTag, PROSE_INLINE_TAGS, positionIn } from '../../entrypoints/content/scan';

function doc(html: string): Document {
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document as unknown as Document;
}

/** The text node that contains `needle`, and the index of `needle` in it. */
function find(d: Document, needle: string): { node: Text; offset: number } {
  const walk = (n: Node): { node: Text; offset: number } | null => {
    if (n.nodeType === 3 && (n as Text).data.includes(needle)) return { node: n as Text, offset: (n as Text).data.indexOf(needle) };
    for (let c = n.firstChild; c; c = c.nextSibling) {
      const r = walk(c);
      if (r) return r;
    }
    return null;
  };
  const r = walk(d.body);
  if (!r) throw new Error(`no ${needle}`);
  return r;
}

describe('gatherRun', () => {
  it('joins text across inline elements into one run', () => {
    const d = doc('<p>坚持<a href="#">中国</a>共产党的<b>领导</b>。</p>');
    const { node, offset } = find(d, '共产党');
    const run = gatherRun(node, offset + 1, isInlineByTag)!;
    expect(run.text).toBe('坚持中国共产党的领导。');
    expect(run.text[run.offset]).toBe('产');
    expect(run.offset).toBe(5);
  });

  it('gives the position inside a link relative to the whole block', () => {
    const d = doc('<p>坚持<a href="#">中国</a>共产党</p>');
    const { node } = find(d, '中国');
    const run = gatherRun(node, 1, isInlineByTag)!;
    expect(run.text).toBe('坚持中国共产党');
    expect(run.offset).toBe(3);
  });

  it('skips ruby annotations but keeps the base text', () => {
    const d = doc('<p>我们<ruby>学<rp>(</rp><rt>xué</rt><rp>)</rp>习<rt>xí</rt></ruby>文件</p>');
    const { node, offset } = find(d, '文件');
    const run = gatherRun(node, offset, isInlineByTag)!;
    expect(run.text).toBe('我们学习文件');
    expect(run.text[run.offset]).toBe('文');
  });

  it('does not read across nested blocks or line breaks', () => {
    const d = doc('<div>标题一<p>第一段落</p>中间文字<br>最后一行</div>');
    const mid = find(d, '中间');
    expect(gatherRun(mid.node, mid.offset, isInlineByTag)!.text).toBe('中间文字');
    const first = find(d, '标题');
    expect(gatherRun(first.node, first.offset, isInlineByTag)!.text).toBe('标题一');
    const last = find(d, '最后');
    expect(gatherRun(last.node, last.offset, isInlineByTag)!.text).toBe('最后一行');
  });

  it('returns null for text inside <rt> or <script>', () => {
    const d = doc('<p><ruby>党<rt>dǎng</rt></ruby></p>');
    const { node } = find(d, 'dǎng');
    expect(gatherRun(node, 0, isInlineByTag)).toBeNull();
  });

  it('reads across the obsolete <acronym> and <strike> of old news pages, as pinyin over the page does', () => {
    for (const tag of ['acronym', 'strike']) {
      const d = doc(`<p>坚持<${tag}>中国</${tag}>共产党的领导</p>`);
      const { node, offset } = find(d, '共产党');
      expect(gatherRun(node, offset, isInlineByTag)!.text, tag).toBe('坚持中国共产党的领导');
    }
  });

  it('uses one list of prose tags with pinyin over the page: a run goes across each of them in both', () => {
    for (const tag of PROSE_INLINE_TAGS) {
      const t = tag.toLowerCase();
      const inner = t === 'wbr' ? '' : '中国';
      const html = t === 'wbr' ? '<p>坚持<wbr>共产党的领导</p>' : `<p>坚持<${t}>${inner}</${t}>共产党的领导</p>`;
      const d = doc(html);
      const { node, offset } = find(d, '共产党');
      const hover = gatherRun(node, offset, isInlineByTag)!.text;
      const pinyin = collectRuns(d.body).map((r) => r.text);
      expect(pinyin, tag).toEqual([hover]);
    }
  });

  it('maps run positions back to text nodes', () => {
    const d = doc('<p>坚持<a href="#">中国</a>共产党</p>');
    const { node, offset } = find(d, '共产党');
    const run = gatherRun(node, offset, isInlineByTag)!;
    const a = positionIn(run, 2);
    expect(a.node.data).toBe('中国');
    expect(a.offset).toBe(0);
    // The end of 中国 resolves to the end of its own node, not the start of the next one.
    const b = positionIn(run, 4, true);
    expect(b.node.data).toBe('中国');
    expect(b.offset).toBe(2);
    const c = positionIn(run, 6);
    expect(c.node.data).toBe('共产党');
    expect(c.offset).toBe(2);
  });
});

describe('slicesOf', () => {
  it('covers the word in each text node it spans, and nothing of the ruby annotation', async () => {
    const { slicesOf } = await import('../../entrypoints/content/scan');
    const d = doc('<p>活动<ruby>读<rt>dú</rt></ruby><ruby>报<rt>bào</rt></ruby>会</p>');
    const { node, offset } = find(d, '活动');
    const run = gatherRun(node, offset, isInlineByTag)!;
    expect(run.text).toBe('活动读报会');
    const slices = slicesOf(run, 2, 4);
    expect(slices.map((r) => [r.node.data, r.from, r.to])).toEqual([
      ['读', 0, 1],
      ['报', 0, 1],
    ]);
  });
});

describe('RunCache', () => {
  it('reuses the run of the same block and notices when its text changes', async () => {
    const { RunCache } = await import('../../entrypoints/content/scan');
    const d = doc('<p id="a">坚持<a href="#">中国</a>共产党</p><p id="b">领导</p>');
    const cache = new RunCache(isInlineByTag);
    const first = find(d, '共产党');
    const r1 = cache.get(first.node, 1)!;
    const link = find(d, '中国');
    const r2 = cache.get(link.node, 1)!;
    expect(r2.pieces).toBe(r1.pieces); // same run, not gathered again
    expect(r2.offset).toBe(3);
    link.node.data = '中华人民共和国';
    const r3 = cache.get(link.node, 1)!;
    expect(r3.text).toBe('坚持中华人民共和国共产党');
    const other = find(d, '领导');
    expect(cache.get(other.node, 0)!.text).toBe('领导');
  });
});
