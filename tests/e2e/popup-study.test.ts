/**
 * End to end for issue 5: the page glossary in the popup and the study list, in Debian Chromium with the
 * built extension (.output/chrome-mv3). Run after `npm run build`:
 *   node --import tsx --test tests/e2e/popup-study.test.ts
 *
 * The popup is opened as `popup.html?tabId=N` in a tab of its own. Prints the time from opening the
 * popup to the glossary on screen for a 100,000-character page (budget: 300 ms). Screenshots go to
 * tests/e2e/artifacts/popup-*.png and study-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { clickCardButton, readCard } from './card';
import {
  artifactPath,
  contentWorld,
  FIXTURES_DIR,
  launchExtension,
  median,
  ROOT,
  serveFixtures,
  watchPage,
  type ContentWorld,
  type ExtensionSession,
  type FixtureServer,
  type PageProblems,
} from './harness';

let ext: ExtensionSession;
let server: FixtureServer;
let news: Page;
let newsWorld: ContentWorld;
let newsTab: number;
const problems: Array<[string, PageProblems]> = [];

function extUrl(path: string): string {
  return `chrome-extension://${ext.extensionId}/${path}`;
}

/**
 * Tab id of the tab showing `url`: the extension has no "tabs" permission, so tab URLs are hidden from
 * it; the content script of each tab says which page it is on (and so that it is ready).
 */
/** The extension API in extension pages (functions passed to page.evaluate run there). */
declare const chrome: typeof import('wxt/browser').browser;

async function tabIdOf(url: string): Promise<number> {
  return (await helperPage()).evaluate(async (u) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      for (const tab of await chrome.tabs.query({})) {
        try {
          const page = (await chrome.tabs.sendMessage(tab.id!, { dubaoPage: 1, kind: 'text' }, { frameId: 0 })) as { url?: string };
          if (page?.url === u) return tab.id!;
        } catch {
          // no content script in this tab (yet)
        }
      }
      if (Date.now() > deadline) throw new Error(`no ready tab for ${u}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, url);
}

async function allTabIds(): Promise<number[]> {
  return (await helperPage()).evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id!));
}

let helper: Page | null = null;
/** An extension page to call chrome.tabs from (the service worker may be stopped by a test). */
async function helperPage(): Promise<Page> {
  if (!helper) {
    helper = await ext.context.newPage();
    await helper.goto(extUrl('study.html'));
  }
  return helper;
}

/**
 * Waits until the glossary of tab `tabId`'s text was prepared (content/prepare.ts) and kept in
 * storage.session; returns its key. `not`: wait for a key other than this one (the page changed).
 */
async function preparedKey(tabId: number, not: string | null = null): Promise<string> {
  return (await helperPage()).evaluate(
    async ({ tabId, not }) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const got = await chrome.storage.session.get(['glossary.tabs', 'glossary.index']);
        const key = (got['glossary.tabs'] as Array<[number, string]> | undefined)?.find(([t]) => t === tabId)?.[1];
        if (key && key !== not && (got['glossary.index'] as string[] | undefined)?.includes(key)) return key;
        if (Date.now() > deadline) throw new Error(`tab ${tabId} was not prepared: ${JSON.stringify(got['glossary.tabs'])}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    { tabId, not },
  );
}

/**
 * The popup's timing marks (utils/timing.ts: `dubao:<name>` on the popup's own timeline, which no web
 * page can read): ms since the popup started, and the mark's detail; null before it is put.
 */
function markOf(popup: Page, name: string): Promise<{ ms: number; detail: Record<string, unknown> } | null> {
  return popup.evaluate((n) => {
    const m = performance.getEntriesByName(`dubao:${n}`)[0] as PerformanceMark | undefined;
    return m ? { ms: Math.round(m.startTime), detail: (m.detail ?? {}) as Record<string, unknown> } : null;
  }, name);
}

/** Every glossary step the popup marked, ms since it started (with the first paint's figures), as JSON. */
function phasesOf(popup: Page): Promise<string> {
  return popup.evaluate(() => {
    const out: Record<string, unknown> = {};
    for (const m of performance.getEntriesByType('mark') as PerformanceMark[]) {
      if (!m.name.startsWith('dubao:glossary-')) continue;
      out[m.name.slice('dubao:glossary-'.length)] = Math.round(m.startTime);
      if (m.name === 'dubao:glossary-painted' || m.name === 'dubao:glossary-received') Object.assign(out, m.detail);
    }
    return JSON.stringify(out);
  });
}

/** Where the popup's glossary came from: prepared (storage.session), kept (background memory) or built. */
async function sourceOf(popup: Page): Promise<string> {
  return String((await markOf(popup, 'glossary-painted'))?.detail.source ?? '');
}

async function openPopup(tabId: number, viewport = { width: 460, height: 600 }): Promise<Page> {
  const popup = await ext.context.newPage();
  problems.push([`popup ${tabId}`, watchPage(popup)]);
  await popup.setViewportSize(viewport);
  await popup.goto(extUrl(`popup.html?tabId=${tabId}`));
  return popup;
}

async function glossaryShown(popup: Page): Promise<number> {
  await popup.waitForFunction(() => performance.getEntriesByName('dubao:glossary-painted').length > 0, null, { timeout: 20_000 });
  return (await markOf(popup, 'glossary-painted'))!.ms;
}

/**
 * For a popup that showed the glossary prepared before the page's last change (source "earlier"): waits
 * for the page's current glossary on screen; returns ms from opening, and where it came from.
 */
async function glossaryUpdated(popup: Page): Promise<{ ms: number; from: string }> {
  await popup.waitForFunction(() => performance.getEntriesByName('dubao:glossary-updated').length > 0, null, { timeout: 20_000 });
  const m = (await markOf(popup, 'glossary-updated'))!;
  return { ms: m.ms, from: String(m.detail.from ?? '') };
}

interface RowView {
  word: string;
  pinyin: string;
  gloss: string;
  category: string;
  /** The label of a word no dictionary has: "composed" or "by rule" ('' for dictionary words). */
  made: string;
  count: string;
  save: string;
}

function readRows(popup: Page, section: string): Promise<RowView[]> {
  return popup.evaluate((label) => {
    const sec = document.querySelector(`section[aria-label="${label}"]`);
    if (!sec) return [];
    return [...sec.querySelectorAll('.g-row')].map((li) => {
      const t = (s: string) => (li.querySelector(s)?.textContent ?? '').trim();
      return {
        word: t('.g-word'),
        pinyin: t('.g-pinyin'),
        gloss: t('.g-gloss'),
        category: t('.g-cat'),
        made: t('.g-made'),
        count: t('.g-count'),
        save: li.querySelector('.g-save')?.getAttribute('aria-label') ?? '',
      };
    });
  }, section);
}

function pageView(p: Page) {
  return p.evaluate(() => {
    // The glossary's highlight has a random name (content/highlight-name.ts): it is the page's only one here.
    const all = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights;
    const names = all ? [...all.keys()] : [];
    const hl = names.length === 1 ? all!.get(names[0]!) : undefined;
    const ranges = hl ? [...hl] : [];
    const rect = ranges[0]?.getBoundingClientRect();
    return {
      scrollY: Math.round(window.scrollY),
      highlight: ranges.map((r) => r.toString()).join(''),
      highlightTop: rect ? Math.round(rect.top) : null,
      viewport: window.innerHeight,
      selection: String(getSelection()),
      paragraph: ranges[0]?.startContainer.parentElement?.closest('p')?.id ?? null,
      highlightNames: names,
    };
  });
}

/** Move the real mouse onto `word` inside `selector`; wait for the card and return its headword. */
async function hoverWord(p: Page, selector: string, word: string): Promise<string> {
  const point = await p.evaluate(
    ({ selector, word }) => {
      const el = document.querySelector(selector)!;
      el.scrollIntoView({ block: 'center', behavior: 'instant' });
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = (n as Text).data.indexOf(word);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + 1);
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      throw new Error(`no ${word}`);
    },
    { selector, word },
  );
  await p.mouse.move(point.x, point.y, { steps: 3 });
  await newsWorld.waitFor(
    p.mainFrame(),
    () => (globalThis as unknown as { dubaoProbe?: { card: { visible: boolean } | null } }).dubaoProbe?.card?.visible,
    undefined,
    10_000,
  );
  return (await readCard(newsWorld, p.mainFrame()))!.headword;
}

/** Waits until the card in the news page shows `word` as saved. */
function cardSaved(word: string): Promise<unknown> {
  return newsWorld.waitFor(
    news.mainFrame(),
    async (w) => {
      const root = (globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow;
      return (
        root.querySelector('.headword')?.textContent === w && root.querySelector('button.save')?.getAttribute('aria-pressed') === 'true'
      );
    },
    word,
  );
}

interface StudyView {
  count: string;
  items: Array<{ word: string; trad: string; pinyin: string; sentences: string[]; notes: string; civic: string }>;
  message: string;
  messageRole: string | null;
}

function readStudy(p: Page): Promise<StudyView> {
  return p.evaluate(() => {
    const t = (el: Element | null) => (el?.textContent ?? '').trim();
    const msg = document.querySelector('.s-message');
    return {
      count: t(document.querySelector('.s-count')),
      items: [...document.querySelectorAll('.s-item')].map((li) => ({
        word: t(li.querySelector('.s-word')),
        trad: t(li.querySelector('.s-trad')),
        pinyin: t(li.querySelector('.pinyin')),
        sentences: [...li.querySelectorAll('.s-sentence')].map(t),
        notes: (li.querySelector('textarea') as HTMLTextAreaElement | null)?.value ?? '',
        civic: t(li.querySelector('.civic-badge')),
      })),
      message: t(msg),
      messageRole: msg?.getAttribute('role') ?? null,
    };
  });
}

before(async () => {
  // DUBAO_EXT_DIR: a private copy of the build, when others may rebuild .output meanwhile.
  ext = await launchExtension({ extensionDir: process.env.DUBAO_EXT_DIR });
  server = await serveFixtures();
  news = await ext.context.newPage();
  newsWorld = await contentWorld(ext, news);
  problems.push(['news', watchPage(news)]);
  await news.goto(server.url('study-news.html'));
  newsTab = await tabIdOf(server.url('study-news.html'));
});

const extraServers: FixtureServer[] = [];

after(async () => {
  await ext?.close();
  // Closed after the browser: a server waits for its keep-alive connections before it closes.
  for (const s of [server, ...extraServers]) await s?.close();
});

describe('page glossary in the popup', () => {
  it('lists the civic terms first, with pinyin, gloss, count and category, then other words', async () => {
    const popup = await openPopup(newsTab);
    await glossaryShown(popup);
    const civic = await readRows(popup, 'Civic and political terms');
    const other = await readRows(popup, 'Other words');
    assert.ok(civic.length >= 6, `civic rows: ${JSON.stringify(civic)}`);
    assert.ok(other.length > 20);
    const order = await popup.evaluate(() => [...document.querySelectorAll('section.g-section')].map((s) => s.getAttribute('aria-label')));
    assert.deepEqual(order, ['Civic and political terms', 'Other words']);
    const zhili = civic.find((r) => r.word === '基层治理');
    assert.ok(zhili, 'civic row for 基层治理');
    assert.equal(zhili.pinyin, 'jī céng zhì lǐ');
    assert.match(zhili.gloss, /governance/i);
    assert.equal(zhili.category, 'Social');
    assert.equal(zhili.count, '×2');
    assert.ok(
      civic.every((r) => r.category !== '' && r.pinyin !== '' && r.gloss.length > r.category.length),
      JSON.stringify(civic),
    );
    assert.ok(other.every((r) => r.category === ''));
    // Every gloss has room to be read, long terms with long pinyin too (全面从严治党 quán miàn cóng yán zhì dǎng).
    const narrow = await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.g-row')]
        .filter((li) => li.querySelector<HTMLElement>('.g-gloss')!.clientWidth < 80)
        .map((li) => li.dataset.word),
    );
    assert.deepEqual(narrow, []);
    // A long word's pinyin stays in its cell, wrapping between syllables, and never runs under the count,
    // the star or the mark buttons (矛盾纠纷排查化解 máo dùn jiū fēn pái chá huà jiě ran over them).
    const overflowing = await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.g-row')].flatMap((li) => {
        const cell = li.querySelector('.g-text')!.getBoundingClientRect();
        const count = li.querySelector('.g-count')!.getBoundingClientRect();
        const pinyin = li.querySelector('.g-pinyin')!.getBoundingClientRect();
        return pinyin.right > cell.right + 0.5 || pinyin.right > count.left
          ? [`${li.dataset.word} (${Math.round(pinyin.right)} > ${Math.round(count.left)})`]
          : [];
      }),
    );
    assert.deepEqual(overflowing, []);
    // Tone colours: one coloured span per syllable.
    const tones = await popup.evaluate(() =>
      [...document.querySelectorAll('.g-row[data-word="基层治理"] .g-pinyin span')].map((s) => s.className),
    );
    assert.deepEqual(tones, ['tone-1', 'tone-2', 'tone-4', 'tone-3']);
    const summary = (await popup.textContent('.g-summary'))!.replace(/\s+/g, ' ');
    assert.match(summary, /^[\d,]+ characters · [\d,]+ distinct words · \d+ civic terms$/);
    assert.match(summary, new RegExp(`· ${civic.length} civic terms`));
    await popup.screenshot({ path: artifactPath('popup-glossary.png') });
    await popup.close();
  });

  it('is prepared while the page is idle; a page that changed since gets a glossary with its new words', async () => {
    const before = await preparedKey(newsTab);
    let popup = await openPopup(newsTab);
    await glossaryShown(popup);
    assert.equal(await sourceOf(popup), 'prepared');
    const civicBefore = (await readRows(popup, 'Civic and political terms')).map((r) => r.word);
    assert.ok(civicBefore.includes('基层治理') && !civicBefore.includes('新质生产力'), civicBefore.join(' '));
    await popup.close();
    // The page gains a paragraph; the popup opened at once cannot use the prepared glossary.
    await news.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'added-later';
      p.textContent = '下午的座谈会上，企业代表围绕培育新质生产力交流了做法。';
      document.querySelector('article')!.append(p);
    });
    popup = await openPopup(newsTab);
    const shownMs = await glossaryShown(popup);
    // The glossary prepared before the change is shown at once, said to be updating; the page's current
    // one, made now, replaces it.
    assert.equal(await sourceOf(popup), 'earlier');
    const updated = await glossaryUpdated(popup);
    assert.equal(updated.from, 'built');
    assert.ok(updated.ms >= shownMs, `${updated.ms} >= ${shownMs}`);
    assert.equal((await popup.textContent('.g-status'))!.trim(), '');
    const added = (await readRows(popup, 'Civic and political terms')).find((r) => r.word === '新质生产力');
    assert.ok(added, 'the new civic term is listed');
    assert.equal(added.pinyin, 'xīn zhì shēng chǎn lì');
    // Made while the reader waited, only the first screen was described at first; the rest follows.
    assert.equal((await markOf(popup, 'glossary-received'))!.detail.partial, true);
    await popup.waitForFunction(() => performance.getEntriesByName('dubao:glossary-complete').length > 0);
    await popup.getByLabel(/Show very common words/).check();
    // "Show more" also presses itself when it scrolls into view, so a click from here could land on a
    // button that is already gone; press whichever button is there until none is left.
    await popup.waitForFunction(
      () => {
        const more = document.querySelector<HTMLButtonElement>('.g-more');
        more?.click();
        return !more;
      },
      undefined,
      { polling: 50, timeout: 10_000 },
    );
    const everyRow = [...(await readRows(popup, 'Civic and political terms')), ...(await readRows(popup, 'Other words'))];
    assert.ok(everyRow.length > 60, `${everyRow.length} rows`);
    const blank = everyRow.filter((r) => r.pinyin === '' || r.gloss === '');
    assert.deepEqual(blank, [], 'every row has its pinyin and gloss');
    await popup.close();
    // Once the page has settled it is prepared again, new words included.
    const after = await preparedKey(newsTab, before);
    assert.notEqual(after, before);
    popup = await openPopup(newsTab);
    await glossaryShown(popup);
    assert.equal(await sourceOf(popup), 'prepared');
    assert.ok((await readRows(popup, 'Civic and political terms')).some((r) => r.word === '新质生产力'));
    await popup.close();
    await news.evaluate(() => document.getElementById('added-later')!.remove());
  });

  it('prepares nothing while Dubao is off (the popup still makes the glossary), and resumes when it is on', async () => {
    const before = await preparedKey(newsTab);
    const setEnabled = (on: boolean) => helperPage().then((h) => h.evaluate((v) => chrome.storage.local.set({ enabled: v }), on));
    await setEnabled(false);
    await news.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'added-while-off';
      p.textContent = '与此同时，各地继续全面推行河长制。';
      document.querySelector('article')!.append(p);
    });
    // Longer than a changed page waits to be read again (2 s to settle, at most every 5 s).
    await new Promise((r) => setTimeout(r, 7_500));
    const tabs = await (await helperPage()).evaluate(async () => (await chrome.storage.session.get('glossary.tabs'))['glossary.tabs']);
    assert.equal((tabs as Array<[number, string]>).find(([t]) => t === newsTab)?.[1], before, 'nothing was prepared while off');
    const popup = await openPopup(newsTab);
    await glossaryShown(popup);
    assert.equal(await sourceOf(popup), 'earlier');
    assert.equal((await glossaryUpdated(popup)).from, 'built');
    assert.ok((await readRows(popup, 'Civic and political terms')).some((r) => r.word === '河长制'));
    await popup.close();
    await setEnabled(true);
    assert.notEqual(await preparedKey(newsTab, before), before);
    await news.evaluate(() => document.getElementById('added-while-off')!.remove());
  });

  it('while the glossary of the page before its change is shown, a click acts on the page as it is now', async () => {
    const before = await preparedKey(newsTab);
    // The page gains a first paragraph: the first 乡村振兴 is now in it (before, it was in p3).
    await news.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'added-first';
      p.textContent = '开幕式上，代表们首先谈到乡村振兴带来的新变化。';
      document.querySelector('article')!.prepend(p);
    });
    // The worker first makes the glossary of a very long text in one go: the page's current glossary
    // comes late, and the popup shows the earlier one for a good while. (The worker keeps the earlier
    // glossary, positions in the earlier text included: a click must not use those.)
    const helper = await helperPage();
    const long = Array.from({ length: 40_000 }, (_, i) => `第${i}号通知要求，各地要把乡村振兴和基层治理的任务落到实处。`).join('\n');
    const busy = helper.evaluate(
      (text) => chrome.runtime.sendMessage({ dubao: 1, name: 'glossary', payload: { text } }).then(() => 'done'),
      long,
    );
    const popup = await openPopup(newsTab);
    await glossaryShown(popup);
    assert.equal(await sourceOf(popup), 'earlier');
    // Both clicks at once, while the earlier glossary is on screen.
    const clickedEarly = await popup.evaluate(() => {
      const early = performance.getEntriesByName('dubao:glossary-updated').length === 0;
      const row = document.querySelector('.g-row[data-word="乡村振兴"]')!;
      row.querySelector<HTMLElement>('.g-word')!.click();
      row.querySelector<HTMLElement>('.g-save')!.click();
      return early;
    });
    assert.ok(clickedEarly, 'the clicks came before the current glossary (the test set it up so)');
    await popup.locator('.g-row[data-word="乡村振兴"]').getByRole('button', { name: 'Remove', exact: true }).waitFor();
    await glossaryUpdated(popup);
    // The occurrence shown and saved is the first of the page as it is now, in the new paragraph.
    await news.waitForFunction(() =>
      [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].some((h) => h.size),
    );
    assert.equal((await pageView(news)).paragraph, 'added-first');
    const study = await ext.context.newPage();
    await study.goto(extUrl('study.html'));
    await study.waitForSelector('.s-item');
    const saved = (await readStudy(study)).items.find((i) => i.word === '乡村振兴');
    assert.deepEqual(saved?.sentences, ['开幕式上，代表们首先谈到乡村振兴带来的新变化。']);
    await study.close();
    await popup.locator('.g-row[data-word="乡村振兴"]').getByRole('button', { name: 'Remove', exact: true }).click();
    await popup.locator('.g-row[data-word="乡村振兴"]').getByRole('button', { name: 'Save', exact: true }).waitFor();
    await popup.close();
    assert.equal(await busy, 'done');
    // (The changed page is prepared 2 s after the change, and again once the paragraph is gone.)
    const changed = await preparedKey(newsTab, before);
    await news.evaluate(() => {
      document.getElementById('added-first')!.remove();
      (CSS as unknown as { highlights: Map<string, unknown> }).highlights.clear();
    });
    await preparedKey(newsTab, changed);
  });

  it('does not prepare a page with only a few Chinese words; the popup makes its glossary when asked', async () => {
    const page = await ext.context.newPage();
    await page.goto(server.url('english-few-chinese.html'));
    const tab = await tabIdOf(server.url('english-few-chinese.html'));
    // Longer than a page waits before it is prepared (0.15 s, then an idle moment).
    await new Promise((r) => setTimeout(r, 2_500));
    const tabs = await (await helperPage()).evaluate(async () => (await chrome.storage.session.get('glossary.tabs'))['glossary.tabs']);
    assert.equal(
      (tabs as Array<[number, string]>).find(([t]) => t === tab),
      undefined,
    );
    const popup = await openPopup(tab);
    await glossaryShown(popup);
    assert.equal(await sourceOf(popup), 'built');
    assert.deepEqual(
      (await readRows(popup, 'Civic and political terms')).map((r) => r.word),
      ['乡村振兴'],
    );
    await popup.close();
    await page.close();
  });

  it('clicking a word scrolls the page to it and highlights it; clicking again goes to the next one', async () => {
    const popup = await openPopup(newsTab);
    await glossaryShown(popup);
    await news.evaluate(() => window.scrollTo(0, 0));
    const word = popup.locator('.g-row[data-word="乡村振兴"] .g-word');
    await word.click();
    await news.waitForFunction(() => window.scrollY > 800);
    const first = await pageView(news);
    assert.equal(first.highlight, '乡村振兴'); // spans <b>乡村</b>振兴
    assert.equal(first.paragraph, 'p3');
    assert.ok(first.highlightTop! >= 0 && first.highlightTop! < first.viewport, JSON.stringify(first));
    assert.equal(first.selection, '', 'the page selection is left alone');
    assert.ok(
      first.highlightNames.every((n) => !/dubao/i.test(n)),
      `the highlight's name says nothing: ${first.highlightNames}`,
    );
    assert.equal(await popup.textContent('.g-row[data-word="乡村振兴"] .g-count'), '1/2');

    await word.click();
    await news.waitForFunction((y) => window.scrollY > y + 800, first.scrollY);
    const second = await pageView(news);
    assert.equal(second.highlight, '乡村振兴');
    assert.equal(second.paragraph, 'p4');
    assert.ok(second.highlightTop! >= 0 && second.highlightTop! < second.viewport);
    assert.equal(await popup.textContent('.g-row[data-word="乡村振兴"] .g-count'), '2/2');
    console.log(`# reveal: scrollY 0 -> ${first.scrollY} (1st) -> ${second.scrollY} (2nd)`);

    // A third click wraps round to the first occurrence.
    await word.click();
    await news.waitForFunction((y) => window.scrollY < y, second.scrollY);
    assert.equal((await pageView(news)).paragraph, 'p3');
    await popup.close();
  });

  it('filters by characters, pinyin with or without tones, and English; common words are hidden until asked for', async () => {
    const popup = await openPopup(newsTab);
    await glossaryShown(popup);
    const words = async () => await popup.$$eval('.g-row .g-word', (els) => els.map((e) => e.textContent));
    assert.ok(!(await words()).includes('的'), 'very common 的 hidden by default');
    const toggle = popup.getByLabel(/Show very common words/);
    await toggle.check();
    assert.ok((await words()).includes('的'));
    await toggle.uncheck();
    const filter = popup.getByLabel('Filter words');
    for (const [q, want] of [
      ['振兴', '乡村振兴'],
      ['xiangcun', '乡村振兴'],
      ['xiāngcūn', '乡村振兴'],
      ['xiang1cun1', '乡村振兴'],
      ['cadre', '干部'],
    ] as const) {
      await filter.fill(q);
      const got = await words();
      assert.ok(got.includes(want), `${q} -> ${got.join(' ')}`);
      assert.ok(got.length < 10, `${q} narrows the list: ${got.join(' ')}`);
    }
    // Every sense is searched, not only the first one the row shows: they arrive just after the list
    // (glossary.senses), and then the gloss's tooltip lists them all.
    await popup.waitForFunction(() =>
      [...document.querySelectorAll('.g-gloss')].some((e) => (e.getAttribute('title') ?? '').includes('; ')),
    );
    await filter.fill('');
    const probe = await popup.evaluate(() => {
      for (const row of document.querySelectorAll('.g-row')) {
        const senses = (row.querySelector('.g-gloss')?.getAttribute('title') ?? '').split('; ');
        const first = senses[0]!.toLowerCase();
        for (const sense of senses.slice(1)) {
          const w = /[a-z]{8,}/i.exec(sense)?.[0];
          if (w && !first.includes(w.toLowerCase())) return { word: row.querySelector('.g-word')!.textContent!, q: w };
        }
      }
      return null;
    });
    assert.ok(probe, 'a row with a later sense of its own');
    await filter.fill(probe.q);
    assert.ok((await words()).includes(probe.word), `${probe.q} (a later sense) -> ${(await words()).join(' ')}`);
    await filter.fill('zzzzqqq');
    assert.equal((await words()).length, 0);
    assert.match((await popup.textContent('.g-empty'))!, /No word matches/);
    await popup.close();
  });

  it('lists words no dictionary has, labelled composed or by rule; plain numbers with the very common words', async () => {
    const made = await ext.context.newPage();
    await made.goto(server.url('news-made-words.html'));
    const popup = await openPopup(await tabIdOf(server.url('news-made-words.html')));
    await glossaryShown(popup);
    const civic = await readRows(popup, 'Civic and political terms');
    const other = await readRows(popup, 'Other words');
    const plan = civic.find((r) => r.word === '十一五期间');
    assert.ok(plan, `civic rows: ${civic.map((r) => r.word).join(' ')}`);
    assert.equal(plan.made, 'by rule');
    assert.equal(plan.category, 'Economy');
    assert.match(plan.gloss, /11th Five-Year Plan/);
    const zuohao = other.find((r) => r.word === '做好');
    assert.ok(zuohao, `other rows: ${other.map((r) => r.word).join(' ')}`);
    assert.equal(zuohao.made, 'composed');
    assert.equal(zuohao.pinyin, 'zuò hǎo');
    assert.equal(zuohao.count, '×3');
    assert.ok(
      other.every((r) => r.made === '' || r.made === 'composed'),
      'plain numbers are hidden at first',
    );
    await popup.getByLabel(/Show very common words and numbers/).check();
    const all = await readRows(popup, 'Other words');
    const number = all.find((r) => r.word === '三百余人');
    assert.ok(number, `rows: ${all.map((r) => r.word).join(' ')}`);
    assert.equal(number.made, 'by rule');
    assert.equal(number.gloss, 'by rulemore than 300 people');
    await popup.screenshot({ path: artifactPath('popup-glossary-made-words.png') });
    await popup.close();
    await made.close();
  });

  it('works on a traditional page, and says so clearly when a page has no Chinese or cannot be read', async () => {
    const trad = await ext.context.newPage();
    await trad.goto(server.url('news-traditional.html'));
    let popup = await openPopup(await tabIdOf(server.url('news-traditional.html')));
    await glossaryShown(popup);
    const rows = [...(await readRows(popup, 'Civic and political terms')), ...(await readRows(popup, 'Other words'))];
    const pageText = await trad.evaluate(() => document.body.innerText);
    assert.ok(rows.length > 10);
    for (const r of rows.slice(0, 20)) assert.ok(pageText.includes(r.word), `row ${r.word} is written as on the page`);
    assert.ok(
      rows.some((r) => /[們個國來說這對會時發經]/.test(r.word)),
      'traditional forms shown',
    );
    await popup.close();
    await trad.close();

    const english = await ext.context.newPage();
    await english.goto(server.url('plain-english.html'));
    popup = await openPopup(await tabIdOf(server.url('plain-english.html')));
    // Not an error, so not an alert (drawn in the accent red and read out at once): a plain status.
    await popup.waitForSelector('p.notice[role="status"]');
    assert.match((await popup.textContent('p.notice[role="status"]'))!, /no Chinese text on this page/);
    assert.equal(await popup.locator('[role="alert"]').count(), 0);
    // Nothing to put pinyin over: the button says why instead of doing nothing.
    const pinyinButton = popup.getByRole('button', { name: 'Pinyin over the page' });
    await popup.waitForFunction(() => document.querySelector('.p-site select:not([disabled])') !== null);
    assert.equal(await pinyinButton.isDisabled(), true);
    assert.equal(await pinyinButton.getAttribute('title'), 'This page has no Chinese text');
    await popup.close();
    await english.close();

    const known = await allTabIds();
    const internal = await ext.context.newPage();
    await internal.goto('chrome://version');
    const id = (await allTabIds()).find((t) => !known.includes(t))!;
    popup = await openPopup(id);
    await popup.waitForSelector('[role="alert"]');
    assert.match((await popup.textContent('[role="alert"]'))!, /Dubao can’t (run on|read) this page/);
    await popup.screenshot({ path: artifactPath('popup-cannot-run.png') });
    await popup.close();
    await internal.close();
  });
});

describe('study list', () => {
  let backupPath = '';

  it('saves a word from the hover card and one from the glossary; study.html shows both with their sentences', async () => {
    await news.bringToFront();
    assert.equal(await hoverWord(news, '#p2', '干部'), '干部');
    await clickCardButton(news, newsWorld, news.mainFrame(), 'Save');
    await cardSaved('干部');

    const popup = await openPopup(newsTab);
    await glossaryShown(popup);
    // The word saved from the card is marked in the glossary.
    await popup.getByLabel('Filter words').fill('干部');
    await popup.waitForSelector('.g-row.is-saved[data-word="干部"]');
    await popup.getByLabel('Filter words').fill('');
    const row = popup.locator('.g-row[data-word="乡村振兴"]');
    // Show the second occurrence first: the saved sentence is the one around the occurrence shown.
    await row.locator('.g-word').click();
    await row.locator('.g-word').click();
    await row.getByRole('button', { name: 'Save', exact: true }).click();
    await row.getByRole('button', { name: 'Remove', exact: true }).waitFor();
    assert.match((await popup.textContent('[role="status"]'))!, /Saved “乡村振兴”/);
    await popup.screenshot({ path: artifactPath('popup-saved.png') });
    await popup.close();

    const study = await ext.context.newPage();
    problems.push(['study', watchPage(study)]);
    await study.goto(extUrl('study.html'));
    await study.waitForSelector('.s-item');
    const view = await readStudy(study);
    assert.equal(view.count, '2 words');
    const gb = view.items.find((i) => i.word === '干部');
    const xc = view.items.find((i) => i.word === '乡村振兴');
    assert.ok(gb && xc, JSON.stringify(view.items));
    assert.equal(gb.trad, '幹部');
    assert.equal(gb.pinyin, 'gàn bù');
    assert.deepEqual(gb.sentences, ['会议指出，各级干部要增强责任意识，把全面从严治党要求落实到每一个支部。']);
    assert.deepEqual(xc.sentences, ['会议最后强调，乡村振兴是一项长期任务，必须久久为功，一张蓝图绘到底。']);
    assert.match(xc.civic, /Economy/);
    const source = await study.locator('.s-item[data-word="乡村振兴"] .s-source a').getAttribute('href');
    assert.equal(source, server.url('study-news.html'));

    // Notes are kept.
    await study.getByLabel('Notes for 干部').fill('cadre: anyone holding a post');
    await study.getByLabel('Notes for 干部').blur();
    await study.waitForTimeout(300);
    await study.reload();
    await study.waitForSelector('.s-item');
    assert.equal((await readStudy(study)).items.find((i) => i.word === '干部')!.notes, 'cadre: anyone holding a post');

    // Sort by pinyin: gàn bù before xiāng cūn zhèn xīng.
    await study.getByLabel('Sort by').selectOption('pinyin');
    assert.deepEqual(
      (await readStudy(study)).items.map((i) => i.word),
      ['干部', '乡村振兴'],
    );
    await study.getByLabel('Search the study list').fill('revital');
    assert.deepEqual(
      (await readStudy(study)).items.map((i) => i.word),
      ['乡村振兴'],
    );
    await study.getByLabel('Search the study list').fill('');

    // Remove with undo.
    await study.locator('.s-item[data-word="干部"]').getByRole('button', { name: 'Remove' }).click();
    await study.waitForFunction(() => document.querySelector('.s-count')?.textContent?.trim() === '1 word');
    await study.getByRole('button', { name: 'Undo' }).click();
    await study.waitForFunction(() => document.querySelector('.s-count')?.textContent?.trim() === '2 words');
    assert.equal((await readStudy(study)).items.find((i) => i.word === '干部')!.notes, 'cadre: anyone holding a post');

    await study.setViewportSize({ width: 1000, height: 900 });
    await study.screenshot({ path: artifactPath('study-list.png'), fullPage: true });
    await study.close();
  });

  it('saving the same word again from the card adds the new sentence instead of a duplicate', async () => {
    await news.bringToFront();
    // 乡村振兴 is split by <b> here; the card reads across inline elements (else step to the longer reading).
    const head = await hoverWord(news, '#p3', '村');
    if (head !== '乡村振兴') await news.keyboard.press(']');
    await newsWorld.waitFor(
      news.mainFrame(),
      async () => (await Promise.resolve((globalThis as unknown as { dubaoProbe: { word: string } }).dubaoProbe.word)) === '乡村振兴',
    );
    await news.keyboard.press('s');
    await cardSaved('乡村振兴');
    const study = await ext.context.newPage();
    await study.goto(extUrl('study.html'));
    await study.waitForSelector('.s-item');
    const view = await readStudy(study);
    assert.equal(view.count, '2 words');
    assert.deepEqual(view.items.find((i) => i.word === '乡村振兴')!.sentences, [
      '会议最后强调，乡村振兴是一项长期任务，必须久久为功，一张蓝图绘到底。',
      '在乡村振兴方面，会议要求因地制宜发展特色产业，完善农村基础设施，让农民的钱袋子鼓起来。',
    ]);
    await study.close();
  });

  it('exports Anki TSV, CSV and a JSON backup, and re-imports the backup after a word was removed', async () => {
    const study = await ext.context.newPage();
    await study.goto(extUrl('study.html'));
    await study.waitForSelector('.s-item');
    const before = await readStudy(study);
    const grab = async (button: string) => {
      const [download] = await Promise.all([
        study.waitForEvent('download'),
        study.getByRole('button', { name: button, exact: true }).click(),
      ]);
      const path = artifactPath(`study-export-${download.suggestedFilename()}`);
      await download.saveAs(path);
      return { path, name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
    };
    const tsv = await grab('Anki (TSV)');
    assert.match(tsv.name, /^dubao-anki-\d{4}-\d\d-\d\d\.tsv$/);
    const notes = tsv.text
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    assert.equal(notes.length, 2);
    const gb = notes.find((l) => l.startsWith('干部\t'))!.split('\t');
    assert.deepEqual(gb.slice(0, 3), ['干部', '幹部', 'gàn bù']);
    assert.equal(gb.length, 6);
    assert.match(gb[4]!, /各级干部要增强责任意识/);
    assert.match(gb[5]!, new RegExp(`全市基层治理工作会议召开 <${server.url('study-news.html').replace(/[.?]/g, '\\$&')}>`));
    const csv = await grab('CSV');
    assert.ok(csv.text.startsWith('\uFEFFsimplified,traditional,pinyin,meaning,category,explanation,sentence,title,url,notes,saved\r\n'));
    assert.match(csv.text, /"会议最后强调，乡村振兴是一项长期任务，必须久久为功，一张蓝图绘到底。\n在乡村振兴方面/);
    const json = await grab('JSON backup');
    backupPath = json.path;
    assert.equal(JSON.parse(json.text).items.length, 2);

    await study.locator('.s-item[data-word="乡村振兴"]').getByRole('button', { name: 'Remove' }).click();
    await study.waitForFunction(() => document.querySelector('.s-count')?.textContent?.trim() === '1 word');
    await study.getByLabel('Import a JSON backup, CSV or TSV file').setInputFiles(backupPath);
    await study.waitForFunction(() => document.querySelector('.s-count')?.textContent?.trim() === '2 words');
    // the import's message comes once the word states and review schedule it carries are merged too
    await study.waitForFunction(() => /^Imported/.test(document.querySelector('.s-message')?.textContent ?? ''));
    const after = await readStudy(study);
    assert.match(after.message, /1 new word, 0 words updated, 1 word already there/);
    assert.deepEqual(
      after.items.map((i) => [i.word, i.sentences, i.notes]).sort(),
      before.items.map((i) => [i.word, i.sentences, i.notes]).sort(),
    );
    // Importing the TSV export adds nothing new (no duplicates).
    await study.getByLabel('Import a JSON backup, CSV or TSV file').setInputFiles(tsv.path);
    await study.waitForFunction(() => /already there/.test(document.querySelector('.s-message')?.textContent ?? ''));
    assert.equal((await readStudy(study)).count, '2 words');
    await study.close();
  });

  it('a broken file is refused with the line it fails on, and the list does not change', async () => {
    const study = await ext.context.newPage();
    await study.goto(extUrl('study.html'));
    await study.waitForSelector('.s-item');
    const before = await readStudy(study);
    await study.getByLabel('Import a JSON backup, CSV or TSV file').setInputFiles(join(FIXTURES_DIR, 'study-broken-backup.json'));
    await study.waitForSelector('.s-message[role="alert"]');
    const after = await readStudy(study);
    assert.match(after.message, /^Nothing was imported from study-broken-backup\.json\. Line 3: the JSON ends too early/);
    assert.deepEqual(after.items, before.items);
    assert.equal(after.count, before.count);
    await study.screenshot({ path: artifactPath('study-import-error.png') });
    // The list also survives a service-worker restart.
    await ext.stopServiceWorker();
    await study.reload();
    await study.waitForSelector('.s-item');
    assert.deepEqual((await readStudy(study)).items, before.items);
    await study.close();
  });

  it('a change from the study page and a save from a card never overwrite each other (one lock for all writers)', async () => {
    const study = await ext.context.newPage();
    await study.goto(extUrl('study.html'));
    await study.waitForSelector('.s-item');
    const before = (await readStudy(study)).items.length;
    // The study page holds the study list's Web Lock for a while, as its own writes do while they run.
    await study.evaluate(() => {
      void navigator.locks.request('dubao.studyList', () => new Promise((r) => setTimeout(r, 1_500)));
    });
    // A save from a card goes through the background: it waits for the lock instead of writing over.
    const waited = await (await helperPage()).evaluate(async () => {
      const t = performance.now();
      const reply = (await chrome.runtime.sendMessage({
        dubao: 1,
        name: 'study.save',
        payload: {
          simplified: '河长制',
          traditional: '河長制',
          pinyin: 'hé zhǎng zhì',
          definitions: ['river chief system'],
          civic: null,
          sentence: '各地全面推行河长制。',
          pageTitle: 'lock test',
          url: 'http://127.0.0.1/lock-test',
        },
      })) as { ok: boolean };
      return { ok: reply.ok, ms: performance.now() - t };
    });
    assert.ok(waited.ok);
    assert.ok(waited.ms >= 1_000, `the save waited for the lock (${waited.ms.toFixed(0)} ms)`);
    await study.waitForSelector('.s-item[data-word="河长制"]');
    assert.equal((await readStudy(study)).items.length, before + 1);
    await study.locator('.s-item[data-word="河长制"]').getByRole('button', { name: 'Remove' }).click();
    await study.waitForFunction((n) => document.querySelectorAll('.s-item').length === n, before);
    await study.close();
  });
});

describe('report: glossary speed (figures printed, budgets not asserted)', () => {
  it('report: the time to the glossary of a 100,000-character page, prepared or not, worker running or stopped (budget 300 ms); asserts only where each glossary came from', async () => {
    // Real news text makes a realistic vocabulary (about 7,000 distinct words): the MSR test set, read
    // from outside the repository when present (research-only data: never copied into the project).
    const msr = resolve(ROOT, '../shared/data/icwb2/msr_test.utf8');
    let texts: string[];
    let source: string;
    if (existsSync(msr)) {
      const all = readFileSync(msr, 'utf8');
      texts = [all.slice(0, 100_000), all.slice(100_000, 200_000), all.slice(-100_000)];
      source = 'MSR news text';
    } else {
      const own = readFileSync(join(FIXTURES_DIR, 'study-news.html'), 'utf8').replace(/<[^>]+>/g, '');
      const long = own.repeat(Math.ceil(200_000 / own.length));
      texts = [long.slice(0, 100_000), long.slice(50_000, 150_000), long.slice(25_000, 125_000)];
      source = 'the study-news fixture repeated (MSR text not found: fewer distinct words)';
    }
    const dir = mkdtempSync(join(tmpdir(), 'dubao-long-'));
    texts.forEach((text, i) => {
      const paragraphs = text.split('\n').map((l) => `<p>${l.replace(/[<&]/g, ' ')}</p>`);
      writeFileSync(
        join(dir, `long${i}.html`),
        `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>long page ${i}</title><article>${paragraphs.join('\n')}</article>`,
      );
    });
    const long = await serveFixtures(dir);
    extraServers.push(long);
    const setEnabled = (on: boolean) => helperPage().then((h) => h.evaluate((v) => chrome.storage.local.set({ enabled: v }), on));
    const pages: Page[] = [];
    const tabs: number[] = [];
    const load = async (i: number) => {
      const page = await ext.context.newPage();
      await page.goto(long.url(`long${i}.html`));
      pages[i] = page;
      tabs[i] = await tabIdOf(long.url(`long${i}.html`));
    };
    await load(0);
    await load(1);
    const steps: string[] = [];
    let rows = 0;
    interface Opened {
      /** ms from opening to a list on screen. */
      ms: number;
      source: string;
      /** When an earlier glossary was shown first: ms from opening to the page's current one. */
      current?: number;
      currentFrom?: string;
    }
    /** Opens the popup on long page `i`: ms from opening to the glossary on screen (and records its steps). */
    const open = async (i: number, shot: string | null = null): Promise<Opened> => {
      const popup = await openPopup(tabs[i]!);
      const ms = await glossaryShown(popup);
      const from = await sourceOf(popup);
      // (A cold worker takes a while to make the current glossary: the earlier one is still shown.)
      if (shot === 'popup-updating.png') await popup.screenshot({ path: artifactPath(shot) });
      const out: Opened = { ms, source: from };
      if (from === 'earlier') {
        const u = await glossaryUpdated(popup);
        out.current = u.ms;
        out.currentFrom = u.from;
      }
      steps.push(`${from}${out.currentFrom ? ` -> ${out.currentFrom}` : ''}: ${await phasesOf(popup)}`);
      if (from === 'built' || out.currentFrom === 'built') {
        // The background's side of it, on the popup's clock (both clocks count from their own start).
        const popupOrigin = await popup.evaluate(() => performance.timeOrigin);
        const worker = await (await ext.serviceWorker()).evaluate(() => {
          const s = (globalThis as { dubaoStats?: { mainMs: number; coreReadyMs: number | null; lastGlossary: Record<string, number> } })
            .dubaoStats!;
          return {
            origin: performance.timeOrigin,
            started: 0,
            scriptRan: s.mainMs,
            coreReady: s.coreReadyMs ?? NaN,
            glossary: s.lastGlossary,
          };
        });
        const at = (t: number) => Math.round(worker.origin + t - popupOrigin);
        const line = { started: at(worker.started), scriptRan: at(worker.scriptRan), coreReady: at(worker.coreReady) };
        steps.push(
          `  background: ${JSON.stringify({ ...line, ...Object.fromEntries(Object.entries(worker.glossary).map(([k, v]) => [k, at(v)])) })}`,
        );
      }
      const words = await popup.evaluate(() => {
        const m = /([\d,]+) distinct words/.exec(document.querySelector('.g-summary')?.textContent ?? '');
        return m ? Number(m[1]!.replace(/,/g, '')) : 0;
      });
      if (i === 0 && !rows) rows = words;
      if (shot === 'popup-long-page.png') await popup.screenshot({ path: artifactPath(shot) });
      await popup.close();
      return out;
    };
    /** A change to long page `i` (a paragraph added): its text no longer has the prepared glossary's key. */
    let edits = 0;
    const change = (i: number) =>
      pages[i]!.evaluate((n) => {
        const p = document.createElement('p');
        p.textContent = `第${n}次补充说明：会议要求各地抓好落实。`;
        document.querySelector('article')!.append(p);
      }, ++edits);
    const prepared = (i: number) => preparedKey(tabs[i]!);

    // Prepared while the page was idle (the usual case: the reader opens Dubao after reading a while).
    await prepared(0);
    await prepared(1);
    const first = await open(0, 'popup-long-page.png');
    const again: number[] = [];
    for (let i = 0; i < 4; i++) again.push((await open(0)).ms);
    const next = await open(1);
    // The page changed just before the popup opened (a live page): the glossary prepared before the
    // change is shown, and the current one is made while the reader looks at it; the worker segments
    // only the new sentences (it segmented the page before).
    const oldKey = await prepared(1);
    await change(1);
    const changed = await open(1);
    // (Its page is prepared again 2 s later; waited for, so that it does not share the machine with the next.)
    await preparedKey(tabs[1]!, oldKey);
    // MV3 stops idle workers: the prepared glossary is in storage.session, not in the worker.
    await ext.stopServiceWorker();
    const stopped = await open(0);
    // Changed, and the worker stopped (dictionary loading, nothing cached).
    await ext.stopServiceWorker();
    await change(0);
    const changedCold = await open(0, 'popup-updating.png');
    // Nothing prepared: Dubao is switched off (the popup still works), a page opened meanwhile.
    await setEnabled(false);
    await load(2);
    await ext.stopServiceWorker();
    const offCold = await open(2);
    await change(2);
    const offWarm = await open(2);
    await setEnabled(true);

    const verdict = (ms: number) => (ms <= 300 ? 'within' : 'OVER');
    const reopened = median(again);
    const line = (label: string, r: Opened) =>
      `#   ${label.padEnd(54)}${r.ms} ms (${verdict(r.ms)} budget; ${r.source})` +
      (r.current === undefined ? '' : `; the current one ${r.current} ms (${verdict(r.current)}; ${r.currentFrom})`);
    console.log(
      [
        `# GLOSSARY SPEED: pages of ${texts.map((t) => t.length.toLocaleString('en-US')).join(', ')} characters (${source}), ${rows.toLocaleString('en-US')} distinct words on the first; budget 300 ms from opening the popup to the list on screen`,
        `#   prepared while the page was idle (content script -> background in steps -> storage.session):`,
        line('first open of a page', first),
        `#   ${'same page opened again'.padEnd(54)}${again.join(', ')} ms, median ${reopened} ms (${verdict(reopened)} budget)`,
        line('next page', next),
        line('after the worker was stopped', stopped),
        `#   the page changed just before opening (the glossary prepared before the change is shown first):`,
        line('worker running (only the new sentences segmented)', changed),
        line('worker stopped (nothing cached)', changedCold),
        `#   nothing prepared (the hover card switched off: the content script only answers the popup), made while the reader waits:`,
        line('worker stopped (nothing cached)', offCold),
        line('worker running, page changed (its sentences known)', offWarm),
        `#   steps (ms since the popup started loading; buildMs = time the background took to make it, in steps`,
        `#   with pauses for hovers when prepared (segmentMs -1)):`,
        ...steps.map((s) => `#     ${s}`),
      ].join('\n'),
    );
    assert.ok(rows > 1000 || !source.startsWith('MSR'));
    assert.deepEqual([first.source, next.source, stopped.source], ['prepared', 'prepared', 'prepared']);
    assert.deepEqual([changed.source, changedCold.source], ['earlier', 'earlier']);
    assert.deepEqual([changed.currentFrom, changedCold.currentFrom], ['built', 'built']);
    assert.deepEqual([offCold.source, offWarm.source], ['built', 'built']);
    // The figures above are the result; timings on a shared 2-core machine are not asserted.
    assert.ok(Number.isFinite(reopened) && Number.isFinite(changed.current), 'every opening was measured');
    for (const page of pages) await page.close();
  });
});

describe('hygiene', () => {
  it('no page errors, no console errors, no request leaves the machine', () => {
    for (const [name, p] of problems) {
      assert.deepEqual(p.pageErrors, [], `${name}: page errors ${JSON.stringify(p.pageErrors)}`);
      assert.deepEqual(p.consoleErrors, [], `${name}: console errors ${JSON.stringify(p.consoleErrors)}`);
    }
    assert.deepEqual(ext.externalRequests, []);
  });
});
