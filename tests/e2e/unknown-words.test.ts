/**
 * End to end: unknown words coloured on the page (issue 12), in the built extension in Debian Chromium.
 *   npm run build && node --import tsx --test tests/e2e/unknown-words.test.ts
 *
 * Turned on through its setting (the popup's toggle comes with the popup's round). Checks: the words
 * the reader does not know are in two highlights with random names (read from the page's own world: a
 * page can see them, as docs/ARCHITECTURE.md says); K on a card takes a word's colour away on this page
 * and in another tab; text added later and text under pinyin over the page is coloured; N and P go to
 * the next and previous unknown word with its card; an iframe colours its own text; turning it off
 * leaves the page exactly as it was. Prints the main-thread time of colouring a 20,000-character page.
 * Screenshots: tests/e2e/artifacts/unknown-words-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { hover as hoverIn, park as parkIn } from './card';
import {
  artifactPath,
  contentWorld,
  launchExtension,
  ROOT,
  serveFixtures,
  watchPage,
  type ContentWorld,
  type ExtensionSession,
  type FixtureServer,
  type PageProblems,
} from './harness';

declare const chrome: { storage: { sync: { set(v: object): Promise<void> } } };

const CORPUS = join(ROOT, '../shared/data/corpus');

/** Paragraphs written for this test (used when the corpus is absent). */
const OWN_PARAGRAPHS = [
  '本报讯 近日，县委召开常委会议，研究部署乡村振兴和基层治理工作。会议强调，要把群众的急难愁盼问题放在心上，推动各项政策落地见效。',
  '会议指出，今年以来全县经济运行总体平稳，农村居民人均可支配收入稳步增长，银行信贷支持小微企业的力度持续加大。',
  '在城关镇综治中心，工作人员介绍了矛盾纠纷多元化解的做法：群众反映的问题当天登记、限时办结，做到小事不出村、大事不出镇。',
  '镇党委书记表示，下一步将继续加强基层干部队伍建设，长期坚持调查研究，让干部在为民服务中长本领、长才干。',
];

/** About `chars` Han characters: corpus text when present (read here, never copied), else ours. */
function paragraphs(chars: number): { list: string[]; source: string } {
  const count = (t: string) => t.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (existsSync(CORPUS)) {
    const out: string[] = [];
    let n = 0;
    for (const f of readdirSync(CORPUS)
      .filter((x) => x.endsWith('.txt') && x.startsWith('prc-'))
      .sort()) {
      for (const line of readFileSync(join(CORPUS, f), 'utf8').split('\n')) {
        const t = line.trim();
        if (t.length < 20) continue;
        out.push(t);
        n += count(t);
        if (n >= chars) return { list: out, source: `../shared/data/corpus (${f} …)` };
      }
    }
  }
  const out: string[] = [];
  for (let n = 0; n < chars; ) {
    const p = OWN_PARAGRAPHS[out.length % OWN_PARAGRAPHS.length]!;
    out.push(p);
    n += count(p);
  }
  return { list: out, source: 'paragraphs written for this test' };
}

let ext: ExtensionSession;
let server: FixtureServer;
let articles: FixtureServer;
let dir: string;
let page: Page;
let world: ContentWorld;
let main: Frame;
let problems: PageProblems;
let pristine: string;
// (Screenshots keep the caret as it is: Playwright's default hides it by writing style="" on the focused field.)

async function setMarks(on: boolean): Promise<void> {
  const w = await ext.serviceWorker();
  await w.evaluate((mark) => chrome.storage.sync.set({ settings: { v: 1, unknownWords: { mark } } }), on);
}

/**
 * The highlights as the PAGE sees them (its own world): name -> the text of each range (StaticRanges
 * within one text node; neighbouring words of one colour share a range).
 */
function pageHighlights(p: Page | Frame): Promise<Array<[string, string[]]>> {
  return p.evaluate(() =>
    [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights].map(
      ([name, h]) => [name, [...h].map((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset))] as [string, string[]],
    ),
  );
}

/** All coloured text, stretches separated by "|". */
async function colouredText(p: Page | Frame): Promise<string> {
  return (await pageHighlights(p)).flatMap(([, texts]) => texts).join('|');
}

/** In the page: whether some range of the highlights covers `word` (or, with `not`, none does). */
function pageHas({ word, not }: { word: string; not?: boolean }): boolean {
  const found = [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()]
    .flatMap((h) => [...h])
    .some((r) => (r.startContainer as Text).data.slice(r.startOffset, r.endOffset).includes(word));
  return not ? !found : found;
}

async function waitColoured(w: ContentWorld, f: Frame): Promise<void> {
  await w.waitFor(
    f,
    () =>
      (globalThis as unknown as { dubaoProbe: { marksView: { report: { outcome: string } | null } | null } }).dubaoProbe.marksView?.report
        ?.outcome === 'done',
    undefined,
    15_000,
  );
}

before(
  async () => {
    ext = await launchExtension();
    server = await serveFixtures();
    dir = mkdtempSync(join(tmpdir(), 'dubao-marks-'));
    const article = paragraphs(20_000);
    console.log(`# article: ${article.source}`);
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    writeFileSync(
      join(dir, 'article.html'),
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>长文</title><style>body{margin:0;font:16px/1.8 "WenQuanYi Micro Hei",sans-serif}main{max-width:720px;margin:0 auto;padding:24px}</style></head><body><main>${article.list.map((p) => `<p>${esc(p)}</p>`).join('\n')}</main></body></html>`,
    );
    writeFileSync(
      join(dir, 'long.html'),
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>更长的文</title><style>body{margin:0;font:16px/1.8 "WenQuanYi Micro Hei",sans-serif}main{max-width:720px;margin:0 auto;padding:24px}</style></head><body><main>${paragraphs(
        36_000,
      )
        .list.map((p) => `<p>${esc(p)}</p>`)
        .join('\n')}</main></body></html>`,
    );
    articles = await serveFixtures(dir);
    page = await ext.context.newPage();
    problems = watchPage(page);
    world = await contentWorld(ext, page);
    await page.goto(server.url('reader-controls.html'));
    main = page.mainFrame();
    await world.waitFor(main, () => (globalThis as unknown as { dubaoProbe?: { active: boolean | null } }).dubaoProbe?.active === true);
    // The body: the card's host (an empty <div> on <html>, issue 10) is added by the first card.
    pristine = await page.evaluate(() => document.body.outerHTML);
  },
  { timeout: 60_000 },
);

after(async () => {
  await ext?.close();
  await server?.close();
  await articles?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('unknown words on the page', { timeout: 180_000 }, () => {
  it('colours the words the reader does not know, in two highlights with names that say nothing (screenshot)', async () => {
    await setMarks(true);
    await waitColoured(world, main);
    const hl = await pageHighlights(page);
    assert.equal(hl.length, 2, 'two highlights, readable by the page');
    for (const [name] of hl) assert.match(name, /^[a-z]{6}$/, 'a random name');
    const text = await colouredText(page);
    for (const w of ['经济', '银行', '社区', '政策']) assert.ok(text.includes(w), `${w} is coloured: ${text}`);
    const counts = await world.evaluate(main, () =>
      (globalThis as unknown as { dubaoProbe: { marksView: { counts(): Record<string, number> } } }).dubaoProbe.marksView.counts(),
    );
    console.log(`# coloured on the test page: ${counts.new} new words in ${counts.ranges} ranges`);
    assert.equal(await page.evaluate(() => document.body.outerHTML), pristine, 'no element or attribute added');
    await page.screenshot({ path: artifactPath('unknown-words-page.png'), caret: 'initial' });
  });

  it('K on a card takes the word’s colour away at once, here and in another tab', async () => {
    const other = await ext.context.newPage();
    const otherWorld = await contentWorld(ext, other);
    await other.goto(server.url('reader-controls.html'));
    await waitColoured(otherWorld, other.mainFrame());
    assert.ok((await colouredText(other)).includes('经济'));
    await page.bringToFront();
    await hoverIn(page, world, main, '#a1', '经济', 0);
    await page.keyboard.press('k');
    await page.waitForFunction(pageHas, { word: '经济', not: true });
    const after = await colouredText(page);
    assert.ok(after.includes('银行') && after.includes('发展'), `other words keep their colour: ${after}`);
    await parkIn(page, world, main);
    await page.screenshot({ path: artifactPath('unknown-words-after-known.png'), caret: 'initial' });
    // The other tab hears of the change through storage and asks the states again.
    await other.waitForFunction(pageHas, { word: '经济', not: true }, { timeout: 5_000 });
    await otherWorld.close();
    await other.close();
    await page.bringToFront();
  });

  it('colours text added later, and the words under pinyin over the page', async () => {
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'late';
      p.textContent = '新的消息：全县推进乡村振兴。';
      document.querySelector('main')!.append(p);
    });
    await page.waitForFunction(pageHas, { word: '乡村振兴' }, { timeout: 5_000 });
    await page.mouse.move(5, 5);
    await page.keyboard.press('Alt+Shift+P');
    await page.waitForFunction(() => document.querySelectorAll('ruby.dubao-ruby').length > 10);
    // Ruby replaced the text nodes: the colours follow the new ones, and never cover the pinyin.
    await page.waitForFunction(
      () => {
        const ranges = [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()].flatMap((h) => [...h]);
        return ranges.some(
          (r) =>
            r.startContainer.isConnected &&
            (r.startContainer as Text).data.slice(r.startOffset, r.endOffset) === '银行' &&
            r.startContainer.parentElement?.closest('ruby.dubao-ruby'),
        );
      },
      undefined,
      { timeout: 5_000 },
    );
    const inRt = await page.evaluate(
      () =>
        [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()]
          .flatMap((h) => [...h])
          .filter((r) => r.startContainer.parentElement?.closest('rt')).length,
    );
    assert.equal(inRt, 0, 'no colour on the pinyin');
    await page.screenshot({ path: artifactPath('unknown-words-under-pinyin.png'), caret: 'initial' });
    await page.keyboard.press('Alt+Shift+P');
    await page.waitForFunction(() => document.querySelectorAll('ruby').length === 0);
    await page.waitForFunction(() =>
      [...(CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights.values()]
        .flatMap((h) => [...h])
        .some(
          (r) =>
            r.startContainer.parentElement?.id === 'a1' &&
            (r.startContainer as Text).data.slice(r.startOffset, r.endOffset).includes('银行'),
        ),
    );
    await page.evaluate(() => document.getElementById('late')!.remove());
  });

  it('N and P go to the next and previous unknown word and open its card', async () => {
    await parkIn(page, world, main);
    await page.evaluate(() => window.scrollTo(0, 0));
    const order = await world.evaluate(main, () => {
      const m = (globalThis as unknown as { dubaoProbe: { marksView: { next(r: Range | null, d: number): Range | null } } }).dubaoProbe
        .marksView;
      const out: string[] = [];
      let r = m.next(null, 1);
      for (let i = 0; r && i < 4; i++) {
        out.push(r.toString());
        r = m.next(r, 1);
      }
      return out;
    });
    const word = () => world.evaluate(main, () => (globalThis as unknown as { dubaoProbe: { word: string } }).dubaoProbe.word);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const before = await world.evaluate(main, () => (globalThis as unknown as { dubaoProbe: { shows: number } }).dubaoProbe.shows);
      await page.keyboard.press('n');
      await world.waitFor(
        main,
        (n) => (globalThis as unknown as { dubaoProbe: { shows: number; card: { visible: boolean } } }).dubaoProbe.shows > n,
        before,
      );
      seen.push(await word());
    }
    assert.deepEqual(seen, order.slice(0, 3), `N follows the coloured words in page order: ${order.join(' ')}`);
    const before = await world.evaluate(main, () => (globalThis as unknown as { dubaoProbe: { shows: number } }).dubaoProbe.shows);
    await page.keyboard.press('p');
    await world.waitFor(main, (n) => (globalThis as unknown as { dubaoProbe: { shows: number } }).dubaoProbe.shows > n, before);
    assert.equal(await word(), order[1]);
    await parkIn(page, world, main);
  });

  it('colours the text of an iframe as the hover card reads it', async () => {
    const news = await ext.context.newPage();
    const newsWorld = await contentWorld(ext, news);
    await news.goto(server.url('news-simplified.html'));
    const frame = news.frame({ url: /news-iframe\.html$/ })!;
    await newsWorld.waitFor(
      frame,
      () => (globalThis as unknown as { dubaoProbe?: { active: boolean | null } }).dubaoProbe?.active === true,
    );
    await waitColoured(newsWorld, frame);
    const inFrame = await colouredText(frame);
    assert.ok(inFrame.length > 6, `words coloured in the frame: ${inFrame}`);
    await newsWorld.close();
    await news.close();
    await page.bringToFront();
  });

  it('measures colouring a 20,000-character page (printed, not asserted)', async () => {
    const long = await ext.context.newPage();
    const longWorld = await contentWorld(ext, long);
    await long.goto(articles.url('article.html'));
    await waitColoured(longWorld, long.mainFrame());
    // Once more, measured: off, then on again with the page's words already read once by the background.
    const cdp = await ext.context.newCDPSession(long);
    await cdp.send('Performance.enable');
    const task = async () =>
      ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
    await setMarks(false);
    await longWorld.waitFor(
      long.mainFrame(),
      () => (globalThis as unknown as { dubaoProbe: { marksView: unknown } }).dubaoProbe.marksView === null,
    );
    await long.waitForTimeout(300);
    const t0 = await task();
    await setMarks(true);
    await waitColoured(longWorld, long.mainFrame());
    await long.waitForTimeout(300);
    const t1 = await task();
    const r = await longWorld.evaluate(
      long.mainFrame(),
      () => (globalThis as unknown as { dubaoProbe: { marksView: { report: Record<string, number> } } }).dubaoProbe.marksView.report,
    );
    const counts = await longWorld.evaluate(long.mainFrame(), () =>
      (globalThis as unknown as { dubaoProbe: { marksView: { counts(): Record<string, number> } } }).dubaoProbe.marksView.counts(),
    );
    console.log(
      `# unknown words on a ${r.hanCharacters}-character page: ${counts.new} new + ${counts.learning} learning words in ${counts.ranges} ranges; our script ${r.firstScreenMainMs!.toFixed(1)} ms to the first screen, ` +
        `${r.totalMainMs!.toFixed(1)} ms in all, in ${r.slices} slices (longest ${r.longestSliceMs!.toFixed(1)} ms); wall clock ${r.firstScreenMs!.toFixed(0)} ms to the first screen, ${r.totalMs!.toFixed(0)} ms in all ` +
        `(the background segments the text meanwhile); renderer main thread in all (script, style, paint): ${(t1 - t0).toFixed(1)} ms`,
    );
    assert.ok(r.hanCharacters! >= 19_000 && counts.new! > 1000, 'the whole page was coloured');
    await longWorld.close();
    await long.close();
    await page.bringToFront();
  });

  it('pinyin over a page of more than 30,000 characters asks first, in a notice at the page’s foot (screenshot)', async () => {
    const long = await ext.context.newPage();
    const longWorld = await contentWorld(ext, long);
    await long.goto(articles.url('long.html'));
    const f = long.mainFrame();
    await longWorld.waitFor(f, () => (globalThis as unknown as { dubaoProbe?: { active: boolean | null } }).dubaoProbe?.active === true);
    await long.mouse.move(5, 5);
    await long.keyboard.press('Alt+Shift+P');
    const question = (await longWorld.waitFor(
      f,
      () => (globalThis as unknown as { dubaoProbe: { notice: { text: string | null } } }).dubaoProbe.notice.text,
      undefined,
      15_000,
    ))!;
    assert.match(question, /^This page has [\d,]+ Chinese characters\. Pinyin is over what you can see; put it over the whole page too\?/);
    const firstScreen = await long.evaluate(() => document.querySelectorAll('ruby.dubao-ruby').length);
    await long.screenshot({ path: artifactPath('page-pinyin-long-question.png'), caret: 'initial' });
    // The reader clicks "Whole page" (with the real mouse: the notice acts on trusted clicks only).
    const at = await longWorld.evaluate(f, () => {
      const b = (globalThis as unknown as { dubaoProbe: { notice: { buttons: HTMLButtonElement[] } } }).dubaoProbe.notice.buttons.find(
        (x) => x.textContent === 'Whole page',
      )!;
      const r = b.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await long.mouse.click(at.x, at.y);
    await longWorld.waitFor(
      f,
      () =>
        (globalThis as unknown as { dubaoProbe: { pagePinyin: { report: { outcome: string } | null } | null } }).dubaoProbe.pagePinyin
          ?.report?.outcome === 'done',
      undefined,
      60_000,
    );
    const all = await long.evaluate(() => document.querySelectorAll('ruby.dubao-ruby').length);
    assert.ok(all > firstScreen * 5, `the whole page: ${firstScreen} words on the first screen, ${all} in all`);
    await longWorld.close();
    await long.close();
    await page.bringToFront();
  });

  it('turning it off leaves the page exactly as it was', async () => {
    await setMarks(false);
    await page.waitForFunction(() => (CSS as unknown as { highlights: Map<string, unknown> }).highlights.size === 0);
    assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);
    assert.equal(await page.evaluate(() => document.body.outerHTML), pristine);
  });

  it('the page shows no errors and nothing left the machine', () => {
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(ext.externalRequests, []);
  });
});
