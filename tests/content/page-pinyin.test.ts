/**
 * Pinyin over the page, DOM shape (linkedom): which text gets ruby, with which reading (the real core
 * answers readTexts, as the background will), what is never touched, and that stop() gives back the
 * page's DOM exactly. Layout, slices, page height and copying are checked in a real browser
 * (tests/e2e/page-pinyin.test.ts).
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAssets, loadNodeCore } from '../../dictionary/cli/node-core';
import type { Core } from '../../dictionary/core';
import { formatPinyin } from '../../dictionary/pinyin-display';
import { readingsOfTexts } from '../../dictionary/readings';
import { PagePinyin } from '../../entrypoints/content/page-pinyin';
import { collectRuns } from '../../entrypoints/content/page-runs';
import { rubyFilters, type ReadTexts } from '../../entrypoints/content/ruby';

let core: Core;
let readTexts: ReadTexts;

beforeAll(async () => {
  await ensureAssets();
  core = await loadNodeCore();
  readTexts = async (texts) => readingsOfTexts(core.dictionary, core.segmenter, texts);
}, 180_000);

function page(body: string): Window {
  const { window } = parseHTML(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`);
  return window as unknown as Window;
}

/** "base(reading)" for each ruby of the page, in order. */
function rubies(win: Window): string[] {
  return [...win.document.querySelectorAll('ruby.dubao-ruby')].map(
    (r) => `${r.firstChild!.textContent}(${r.querySelector('rt')!.textContent})`,
  );
}

describe('pinyin over the page', () => {
  it('puts the reading of each word over it, as the word reads', async () => {
    const win = page('<p>银行行长还款。</p><p>孩子长大了，参观长城。</p>');
    const pp = new PagePinyin(win, { readTexts });
    const report = await pp.start();
    expect(report.outcome).toBe('done');
    expect(rubies(win)).toEqual([
      '银行(yín háng)',
      '行长(háng zhǎng)',
      '还款(huán kuǎn)',
      '孩子(hái zi)',
      '长大(zhǎng dà)',
      '了(le)',
      '参观(cān guān)',
      '长城(Cháng chéng)',
    ]);
    // Punctuation stays plain text between the rubies.
    expect(win.document.querySelector('p')!.textContent).toBe('银行yín háng行长háng zhǎng还款huán kuǎn。');
    expect(report.words).toBe(8);
  });

  it('splits a word across inline elements into its characters’ syllables', async () => {
    const win = page('<p>坚持<a href="#">中国</a>共产党的领导</p>');
    await new PagePinyin(win, { readTexts }).start();
    // 中国共产党 is one word (Zhōng guó Gòng chǎn dǎng): each text node gets its characters' syllables.
    expect(rubies(win)).toEqual(['坚持(jiān chí)', '中国(Zhōng guó)', '共产党(Gòng chǎn dǎng)', '的(de)', '领导(lǐng dǎo)']);
    // The link keeps its text, with its own ruby inside it.
    expect(win.document.querySelector('a')!.querySelector('ruby')).not.toBe(null);
  });

  it('reads a word split over two text nodes with each part’s syllables', async () => {
    const win = page('<p>共产<b>党员</b>要学习</p>');
    const words = (await readTexts(['共产党员要学习']))[0]!.map((w) => '共产党员要学习'.slice(w.start, w.end));
    expect(words[0]).toBe('共产党员');
    await new PagePinyin(win, { readTexts }).start();
    expect(rubies(win).slice(0, 2)).toEqual(['共产(Gòng chǎn)', '党员(dǎng yuán)']);
  });

  it('never touches form fields, buttons, editable areas, code, existing ruby or scripts', async () => {
    const body = [
      '<p>人民</p>',
      '<textarea>人民</textarea>',
      '<input value="人民">',
      '<select><option>人民</option></select>',
      '<button>人民</button>',
      '<div contenteditable="true">人民<span>政府</span></div>',
      '<div contenteditable="">人民</div>',
      '<pre>人民</pre>',
      '<p><code>人民</code></p>',
      '<kbd>人民</kbd>',
      '<ruby>人民<rt>rénmín</rt></ruby>',
      '<script>var s = "人民";</script>',
      '<style>p::after { content: "人民" }</style>',
      '<svg><text>人民</text></svg>',
    ].join('');
    const win = page(body);
    const before = win.document.body.innerHTML;
    await new PagePinyin(win, { readTexts }).start();
    expect(rubies(win)).toEqual(['人民(rén mín)']);
    // Everything but the first paragraph is as it was.
    expect(win.document.body.innerHTML.replace(/^<p>.*?<\/p>/, '')).toBe(before.replace(/^<p>.*?<\/p>/, ''));
  });

  it('does nothing on a page in design mode (an editor)', async () => {
    const win = page('<p>人民</p>');
    (win.document as { designMode: string }).designMode = 'on';
    await new PagePinyin(win, { readTexts }).start();
    expect(rubies(win)).toEqual([]);
  });

  it('restores the DOM exactly on stop(): same nodes, same markup', async () => {
    const html =
      '<article><h1>两学一做</h1><p>坚持<a href="#">中国</a>共产党的领导，<em>全面</em>从严治党。</p><p>GDP增长6.9%</p><ul><li>银行</li></ul></article>';
    const win = page(html);
    const textNodes: Text[] = [];
    const walker = win.document.createTreeWalker(win.document.body, 4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) textNodes.push(n as Text);
    const headBefore = win.document.head.innerHTML;
    const pp = new PagePinyin(win, { readTexts });
    await pp.start();
    expect(win.document.body.innerHTML).not.toBe(html);
    expect(win.document.head.innerHTML).not.toBe(headBefore); // our stylesheet
    pp.stop();
    expect(win.document.body.innerHTML).toBe(html);
    expect(win.document.head.innerHTML).toBe(headBefore);
    // The very same text nodes are back, in the same places.
    const after: Text[] = [];
    const w2 = win.document.createTreeWalker(win.document.body, 4);
    for (let n = w2.nextNode(); n; n = w2.nextNode()) after.push(n as Text);
    expect(after.length).toBe(textNodes.length);
    after.forEach((n, i) => expect(n).toBe(textNodes[i]));
    expect(pp.active).toBe(false);
  });

  it('leaves a page’s own change alone when stopping', async () => {
    const win = page('<p id="a">人民政府</p><p id="b">中国</p>');
    const pp = new PagePinyin(win, { readTexts });
    await pp.start();
    win.document.getElementById('a')!.textContent = '新的内容';
    pp.stop();
    expect(win.document.body.innerHTML).toBe('<p id="a">新的内容</p><p id="b">中国</p>');
  });

  it('annotates only the words the filter keeps: civic terms, or words above a level', async () => {
    const html = '<p>坚持两学一做，推进全面从严治党，发展经济。</p>';
    let win = page(html);
    await new PagePinyin(win, { readTexts, filter: rubyFilters.civic }).start();
    const civic = rubies(win);
    expect(civic).toContain('两学一做(liǎng xué yī zuò)');
    expect(civic).toContain('全面从严治党(quán miàn cóng yán zhì dǎng)');
    expect(civic.some((r) => r.startsWith('经济'))).toBe(false);
    // A made-up level table: 坚持 1, 发展 2, 经济 3; the rest unknown (counts as above every level).
    const levels: Record<string, number> = { 坚持: 1, 发展: 2, 经济: 3, 推进: 2 };
    win = page(html);
    await new PagePinyin(win, { readTexts, filter: rubyFilters.aboveLevel((w) => levels[w] ?? null, 2) }).start();
    const above = rubies(win).map((r) => r.replace(/\(.*/, ''));
    expect(above).toContain('经济');
    expect(above).not.toContain('坚持');
    expect(above).not.toContain('发展');
    expect(above).toContain('两学一做');
  });

  it('shows the reading as the reader chose (zhuyin here), tagged with its script', async () => {
    const win = page('<p>中国人民</p>');
    await new PagePinyin(win, { readTexts, format: (p) => formatPinyin(p, 'zhuyin'), readingLang: 'zh-Bopo' }).start();
    expect(rubies(win)).toEqual(['中国(ㄓㄨㄥ ㄍㄨㄛˊ)', '人民(ㄖㄣˊ ㄇㄧㄣˊ)']);
    const rt = win.document.querySelector('rt')!;
    expect(rt.getAttribute('lang')).toBe('zh-Bopo');
    expect(rt.getAttribute('aria-hidden')).toBe('true');
  });

  it('asks before annotating a long page beyond the first screen, and keeps to it on a no', async () => {
    const para = '<p>市政府今年继续推进老旧小区改造，居民代表在听证会上提出了停车和加装电梯的意见。</p>';
    const asked: number[] = [];
    let win = page(para.repeat(20));
    const report = await new PagePinyin(win, { readTexts, askAbove: 300, confirmWholePage: async (n) => (asked.push(n), false) }).start();
    expect(asked).toEqual([report.hanCharacters]);
    expect(report.hanCharacters).toBeGreaterThan(300);
    expect(report.outcome).toBe('in view');
    // linkedom has no layout: nothing is on screen, so nothing is annotated after the no.
    expect(rubies(win)).toEqual([]);
    win = page(para.repeat(20));
    const yes = await new PagePinyin(win, { readTexts, askAbove: 300, confirmWholePage: async () => true }).start();
    expect(yes.outcome).toBe('done');
    expect(win.document.querySelectorAll('ruby').length).toBe(yes.words);
    expect(yes.words).toBeGreaterThan(200);
    // A short page is not asked about.
    const short: number[] = [];
    await new PagePinyin(page(para), { readTexts, askAbove: 300, confirmWholePage: async (n) => (short.push(n), true) }).start();
    expect(short).toEqual([]);
  });

  it('stops midway when stop() is called, leaving the page as it was', async () => {
    const win = page('<p>中国人民</p>'.repeat(50));
    const html = win.document.body.innerHTML;
    let release!: () => void;
    const slow: ReadTexts = async (texts) => {
      await new Promise<void>((r) => (release = r));
      return readTexts(texts);
    };
    const pp = new PagePinyin(win, { readTexts: slow });
    const done = pp.start();
    await new Promise((r) => setTimeout(r, 10));
    pp.stop();
    release();
    expect((await done).outcome).toBe('stopped');
    expect(win.document.body.innerHTML).toBe(html);
  });

  it('splits a long paragraph over many slices with the same result, and still restores it exactly', async () => {
    const para = `${'<p>坚持<a href="#">中国</a>共产党的领导，推进全面从严治党，发展经济，改善民生。'.repeat(1) + '银行行长还款。'.repeat(40)}</p>`;
    const whole = page(para);
    const r1 = await new PagePinyin(whole, { readTexts }).start();
    // A clock that moves 1 ms each time it is read: a slice ends after about every word.
    let t = 0;
    const sliced = page(para);
    const html = sliced.document.body.innerHTML;
    const pp = new PagePinyin(sliced, { readTexts, sliceMs: 2, now: () => (t += 1) });
    const r2 = await pp.start();
    expect(r2.slices).toBeGreaterThan(50);
    expect(r2.words).toBe(r1.words);
    expect(sliced.document.body.innerHTML).toBe(whole.document.body.innerHTML);
    pp.stop();
    expect(sliced.document.body.innerHTML).toBe(html);
  });

  it('gathers runs across inline elements and splits them at blocks and <br>', () => {
    const win = page('<div>第一段<b>加粗</b>文字<br>第二行<p>段落</p>尾巴<i>English only</i></div>');
    const runs = collectRuns(win.document.body);
    expect(runs.map((r) => r.text)).toEqual(['第一段加粗文字', '第二行', '段落', '尾巴English only']);
  });
});
