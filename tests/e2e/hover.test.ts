/**
 * End to end: the built extension (.output/chrome-mv3) in Debian Chromium, on local news pages written
 * for these tests. The real mouse moves to the coordinates of characters; the card is read from its open
 * shadow root. Run after `npm run build`:  node --import tsx --test tests/e2e/hover.test.ts
 *
 * Prints the warm hover -> painted card latency (median, p95) and the cold first lookup after the
 * service worker was stopped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import {
  artifactPath,
  EXTENSION_DIR,
  launchExtension,
  median,
  percentile,
  serveFixtures,
  watchPage,
  type ExtensionSession,
  type FixtureServer,
  type PageProblems,
} from './harness';

const HOVER_DELAY_MS = 120;
/** The extension API inside the service worker (functions passed to worker.evaluate run there). */
declare const chrome: {
  storage: { local: { set(v: object): Promise<void>; get(k: null): Promise<object> } };
  commands: { getAll(): Promise<Array<{ name: string; shortcut: string }>> };
};

interface CardView {
  visible: boolean;
  headword: string;
  other: string | null;
  pinyin: string[];
  senses: string[];
  civic: string[];
  explanation: string[];
  parts: string[];
  partRows: string[];
  /** What the card says about where an entry comes from (made by rule, composed, Dubao's news senses). */
  notes: string[];
  /** Senses marked as written by Dubao. */
  ours: string[];
  saveLabel: string | null;
  savePressed: string | null;
  saveText: string;
  rect: { left: number; top: number; right: number; bottom: number; width: number; height: number };
  viewport: { width: number; height: number };
  shows: number;
  paintMs: number;
  pointerMs: number;
  inFrame: boolean;
  renderMs: number;
  lookupMs: number;
  highlight: string | null;
  selection: string;
}

/** Viewport coordinates of the `index`-th character of `word` inside `selector` (ruby text skipped). */
async function pointOf(frame: Frame, selector: string, word: string, index: number): Promise<{ x: number; y: number }> {
  const inner = await frame.evaluate(
    ({ selector, word, index }) => {
      const root = document.querySelector(selector);
      if (!root) throw new Error(`no ${selector}`);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement?.closest('rt, rp') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      const pieces: Array<[Text, number]> = [];
      let text = '';
      while (walker.nextNode()) {
        const t = walker.currentNode as Text;
        pieces.push([t, text.length]);
        text += t.data;
      }
      const found = text.indexOf(word);
      if (found < 0) throw new Error(`no ${word} in ${selector}`);
      const at = found + index;
      const [node, start] = pieces.filter(([, s]) => s <= at).pop()!;
      const range = document.createRange();
      range.setStart(node, at - start);
      range.setEnd(node, at - start + 1);
      const r = range.getClientRects()[0]!;
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    },
    { selector, word, index },
  );
  const el = await frame.frameElement().catch(() => null);
  if (!el || frame === frame.page().mainFrame()) return inner;
  const offset = await el.evaluate((f: HTMLElement) => {
    const r = f.getBoundingClientRect();
    return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
  });
  return { x: inner.x + offset.x, y: inner.y + offset.y };
}

/** Bring an element (and the iframe holding it) into the viewport, as a reader scrolling down would. */
async function scrollIntoView(frame: Frame, selector: string): Promise<void> {
  const el = await frame.frameElement().catch(() => null);
  if (el && frame !== frame.page().mainFrame()) await el.evaluate((f: HTMLElement) => f.scrollIntoView({ block: 'nearest' }));
  await frame.evaluate((sel) => document.querySelector(sel)!.scrollIntoView({ block: 'nearest' }), selector);
  await frame.page().waitForTimeout(50);
}

function readCard(frame: Frame): Promise<CardView | null> {
  return frame.evaluate(() => {
    const host = document.querySelector('dubao-card') as HTMLElement | null;
    if (!host || !host.shadowRoot) return null;
    const root = host.shadowRoot;
    const q = (s: string) => [...root.querySelectorAll(s)].map((e) => (e.textContent ?? '').trim());
    const card = root.querySelector('.card');
    const save = root.querySelector('button.save');
    const hl = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights?.get('dubao-word');
    const r = card?.getBoundingClientRect();
    return {
      visible: host.dataset.visible === 'true' && !!card,
      headword: q('.headword')[0] ?? '',
      other: q('.headword-other')[0] ?? null,
      pinyin: q('.entry-head .pinyin'),
      senses: q('.senses li'),
      civic: q('.civic-badge'),
      explanation: q('.civic-explanation'),
      parts: q('.part-word'),
      partRows: q('.part'),
      notes: q('.entry-source'),
      ours: q('.senses li:has(.sense-ours)'),
      saveLabel: save?.getAttribute('aria-label') ?? null,
      savePressed: save?.getAttribute('aria-pressed') ?? null,
      saveText: (save?.textContent ?? '') + ' ' + q('.save-error').join(' '),
      rect: r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height } : { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 },
      viewport: { width: document.documentElement.clientWidth, height: window.innerHeight },
      shows: Number(host.dataset.shows ?? 0),
      paintMs: Number(host.dataset.paintMs ?? NaN),
      pointerMs: Number(host.dataset.pointerMs ?? NaN),
      inFrame: host.dataset.inFrame === 'true',
      renderMs: Number(host.dataset.renderMs ?? NaN),
      lookupMs: Number(host.dataset.lookupMs ?? NaN),
      highlight: hl ? [...hl].map((range) => range.toString()).join('') : null,
      selection: String(getSelection()),
    };
  });
}

async function shows(frame: Frame): Promise<number> {
  return frame.evaluate(() => Number((document.querySelector('dubao-card') as HTMLElement | null)?.dataset.shows ?? 0));
}

/** Move the real mouse onto a character and wait for a new card in that frame. */
async function hover(page: Page, frame: Frame, selector: string, word: string, index = 0): Promise<CardView> {
  await scrollIntoView(frame, selector);
  const before = await shows(frame);
  const { x, y } = await pointOf(frame, selector, word, index);
  await page.mouse.move(x, y, { steps: 2 });
  await frame.waitForFunction(
    (prev) => {
      const h = document.querySelector('dubao-card') as HTMLElement | null;
      return !!h && h.dataset.visible === 'true' && Number(h.dataset.shows ?? 0) > prev;
    },
    before,
    { timeout: 5_000 },
  );
  return (await readCard(frame))!;
}

async function waitHidden(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => (document.querySelector('dubao-card') as HTMLElement | null)?.dataset.visible === 'false', null, {
    timeout: 3_000,
  });
}

/** Park the mouse on an empty spot of the page (the grey margin), which hides any card. */
async function park(page: Page, frame: Frame = page.mainFrame()): Promise<void> {
  await page.mouse.move(5, 790, { steps: 2 });
  const h = await readCard(frame);
  if (h?.visible) await waitHidden(frame);
}

function assertInside(card: CardView): void {
  assert.ok(card.rect.width > 100 && card.rect.height > 40, `card has a size: ${JSON.stringify(card.rect)}`);
  assert.ok(card.rect.left >= 0 && card.rect.top >= 0, 'card starts inside the viewport');
  assert.ok(card.rect.right <= card.viewport.width && card.rect.bottom <= card.viewport.height, 'card ends inside the viewport');
}

let ext: ExtensionSession;
let server: FixtureServer;
const problems: PageProblems[] = [];
const warmLatencies: number[] = [];
const pointerLatencies: number[] = [];

async function open(name: string): Promise<Page> {
  const page = await ext.context.newPage();
  problems.push(watchPage(page));
  await page.goto(server.url(name));
  await page.waitForLoadState('load');
  return page;
}

before(async () => {
  ext = await launchExtension();
  server = await serveFixtures();
});

after(async () => {
  await ext?.close();
  await server?.close();
});

describe('hover card on a simplified news page', () => {
  let page: Page;
  let main: Frame;

  before(async () => {
    page = await open('news-simplified.html');
    main = page.mainFrame();
  });

  it('shows the whole civic term from its first, middle and last character, with pinyin, gloss and badge', async () => {
    for (const index of [0, 1, 3]) {
      await park(page);
      const card = await hover(page, main, '#p1', '综治中心', index);
      assert.equal(card.headword, '综治中心', `character ${index}`);
      assert.deepEqual(card.pinyin, ['zōng zhì zhōng xīn']);
      assert.ok(card.senses.length > 0 && card.senses[0]!.length > 3, 'has an English gloss');
      assert.equal(card.highlight, '综治中心', 'the word is highlighted');
      assert.equal(card.selection, '', 'the page selection is untouched');
    }
    const card = (await readCard(main))!;
    assert.ok(card.civic.some((b) => /Civic/.test(b)), `civic badge: ${card.civic}`);
    assert.ok(card.explanation[0] && card.explanation[0].length > 20, 'civic explanation shown');
    assert.deepEqual(card.parts, ['综', '治', '中心']);
    assertInside(card);
    await page.screenshot({ path: artifactPath('card-simplified-civic.png') });
  });

  it('reads across an inline link: 中国 in <a> plus 共产党 is one word', async () => {
    await park(page);
    let card = await hover(page, main, '#p1', '共产党', 1);
    assert.equal(card.headword, '中国共产党');
    assert.match(card.pinyin[0]!, /^Zhōng guó Gòng chǎn dǎng$/);
    assert.ok(card.senses.some((s) => /Communist Party/i.test(s)), card.senses.join('; '));
    await park(page);
    card = await hover(page, main, '#p1', '中国共产党', 0); // the 中 inside the link
    assert.equal(card.headword, '中国共产党');
    assert.equal(card.highlight, '中国共产党', 'the highlight crosses the link boundary');
  });

  it('steps to shorter and longer readings with keys and buttons, and lists a compound’s parts', async () => {
    await park(page);
    let card = await hover(page, main, '#p2', '党组书记', 1);
    assert.equal(card.headword, '党组书记');
    assert.deepEqual(card.parts, ['党组', '书记']);
    assert.ok(card.partRows.every((row) => /[a-z]{3,}/i.test(row.replace(/^\S+\s+\S+/, ''))), `parts have glosses: ${card.partRows}`);
    await page.keyboard.press('[');
    card = (await readCard(main))!;
    assert.equal(card.headword, '党组');
    assert.equal(card.highlight, '党组');
    await page.keyboard.press('[');
    card = (await readCard(main))!;
    assert.equal(card.headword, '组');
    assert.equal(card.pinyin.length >= 1, true);
    await page.keyboard.press(']');
    assert.equal((await readCard(main))!.headword, '党组');
    // The + button, clicked with the real mouse: the card must stay while the pointer travels to it.
    const { x, y } = await main.evaluate(() => {
      const b = document.querySelector('dubao-card')!.shadowRoot!.querySelector('button[aria-label="Longer reading"]')!;
      const r = b.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(x, y, { steps: 4 });
    await page.mouse.click(x, y);
    card = (await readCard(main))!;
    assert.ok(card.visible, 'card stays open while the pointer is on it');
    assert.equal(card.headword, '党组书记');
  });

  it('finds names, dates and words under ruby text', async () => {
    await park(page);
    let card = await hover(page, main, '#p1', '赵志勇', 2);
    assert.equal(card.headword, '赵志勇');
    // Read as a name (capitals as CC-CEDICT writes names) and said to be one.
    assert.match(card.pinyin.join(' '), /Zhào Zhì yǒng/);
    assert.deepEqual(card.notes, ['Not in the dictionary: read from its characters']);
    assert.match(card.senses[0]!, /^probably a personal name: surname 赵 Zhào/);
    await park(page);
    card = await hover(page, main, '#p1', '2024年5月30日', 4); // the 年
    assert.equal(card.headword, '2024年5月30日');
    await park(page);
    card = await hover(page, main, '#p3', '读报', 1); // 报, inside <ruby> with <rt>bào</rt>
    assert.equal(card.headword, '读报');
    assert.equal(card.highlight, '读报');
  });

  it('shows every reading of a polyphonic character, one block each', async () => {
    await park(page);
    const card = await hover(page, main, '#p3', '介绍了', 2); // 了
    assert.equal(card.headword, '了');
    assert.ok(card.pinyin.includes('le') && card.pinyin.includes('liǎo'), card.pinyin.join(', '));
    // Cross-references inside senses read with tone marks, like everything else on the card.
    assert.ok(card.senses.some((s) => s.includes('不[bù]')), card.senses.join('; '));
    assert.deepEqual(card.senses.filter((s) => /\[[a-z:]+[1-5]( [a-z:]+[1-5])*\]/i.test(s)), []);
    assertInside(card);
    // A card taller than the room on either side is capped (it scrolls) instead of covering the word.
    const { x, y } = await pointOf(main, '#p3', '介绍了', 2);
    const r = card.rect;
    assert.ok(!(x >= r.left && x <= r.right && y >= r.top && y <= r.bottom), `the card covers the word: ${JSON.stringify(r)} at ${x},${y}`);
    await page.screenshot({ path: artifactPath('card-simplified-readings.png') });
  });

  it('hides when the pointer leaves, on Escape and on scroll', async () => {
    await park(page);
    await hover(page, main, '#p2', '乡村振兴', 2);
    await page.mouse.move(1000, 400, { steps: 3 }); // beside the article, no text
    await waitHidden(main);
    assert.equal((await readCard(main))!.highlight, null, 'highlight removed');

    await hover(page, main, '#p2', '乡村振兴', 0);
    await page.keyboard.press('Escape');
    assert.equal((await readCard(main))!.visible, false);

    await park(page);
    await hover(page, main, '#p2', '兜底保障', 1);
    await page.mouse.wheel(0, 40);
    await waitHidden(main);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('works inside a same-origin iframe and on text added after load', async () => {
    await park(page);
    const frame = page.frame({ url: /news-iframe\.html$/ });
    assert.ok(frame, 'iframe loaded');
    const card = await hover(page, frame, '#f1', '基层治理', 2);
    assert.equal(card.headword, '基层治理');
    assert.ok(card.senses.length > 0);
    await page.mouse.move(5, 790, { steps: 3 });
    await waitHidden(frame);

    await main.waitForSelector('#late');
    const late = await hover(page, main, '#late', '综治中心', 3);
    assert.equal(late.headword, '综治中心');
    assert.match(late.pinyin[0]!, /zōng zhì zhōng xīn/);
  });

  it('works in an about:srcdoc iframe (match_about_blank)', async () => {
    await park(page);
    const frame = page.frames().find((f) => f.url() === 'about:srcdoc');
    assert.ok(frame, 'srcdoc frame present');
    const card = await hover(page, frame, '#s1', '居民代表', 1);
    assert.ok(['居民代表', '居民'].includes(card.headword), card.headword);
    await page.mouse.move(5, 790, { steps: 3 });
    await waitHidden(frame);
  });

  it('shows the components of a numbered formulation, and measure words', async () => {
    await park(page);
    let card = await hover(page, main, '#p6', '两学一做', 2);
    assert.equal(card.headword, '两学一做');
    assert.ok(card.civic.length > 0);
    const components = await main.evaluate(() => document.querySelector('dubao-card')!.shadowRoot!.querySelector('.civic-components')?.textContent ?? '');
    assert.match(components, /学党章党规、学系列讲话、做合格党员/);
    await park(page);
    card = await hover(page, main, '#p3', '政策', 0);
    const classifiers = await main.evaluate(() => document.querySelector('dubao-card')!.shadowRoot!.querySelector('.classifiers')?.textContent ?? '');
    assert.match(classifiers, /个\s*gè/);
  });

  it('a quick sweep over several words shows one card, for the word the pointer stops on', async () => {
    await park(page);
    await scrollIntoView(main, '#p1');
    const before = await shows(main);
    const points = [];
    for (const [word, i] of [['县委', 0], ['常委', 1], ['政法委', 2], ['书记', 0], ['赵志勇', 1], ['城关镇', 1]] as const) {
      points.push(await pointOf(main, '#p1', word, i));
    }
    const t0 = Date.now();
    for (const { x, y } of points) {
      await page.mouse.move(x, y);
      await page.waitForTimeout(20); // well inside the hover delay
    }
    const sweepMs = (Date.now() - t0) / points.length;
    await main.waitForFunction((prev) => Number((document.querySelector('dubao-card') as HTMLElement).dataset.shows) > prev, before);
    await page.waitForTimeout(HOVER_DELAY_MS + 200);
    const card = (await readCard(main))!;
    assert.ok(sweepMs < HOVER_DELAY_MS, `the sweep was quick (${sweepMs} ms per word)`);
    assert.equal(card.shows, before + 1, 'no card for the words passed over');
    assert.equal(card.headword, '城关镇');
  });

  it('does nothing on non-Han characters (digits, punctuation)', async () => {
    await park(page);
    const before = await shows(main);
    const { x, y } = await pointOf(main, '#p2', '6.8%', 0);
    await page.mouse.move(x, y, { steps: 2 });
    await page.waitForTimeout(HOVER_DELAY_MS + 300);
    assert.equal(await shows(main), before);
  });

  it('measures warm hover -> painted card latency', async () => {
    const targets: Array<[string, string, number]> = [
      ['#p1', '政法委', 1], ['#p1', '调研', 0], ['#p1', '矛盾纠纷', 2], ['#p2', '人大代表', 1], ['#p2', '任培军', 0],
      ['#p2', '可支配收入', 2], ['#p2', '困难群众', 3], ['#p3', '社区', 0], ['#p3', '政策', 1], ['#p3', '经济', 0],
    ];
    const details: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (const [sel, word, i] of targets) {
        await park(page);
        const card = await hover(page, main, sel, word, i);
        warmLatencies.push(card.paintMs);
        details.push(`${card.paintMs.toFixed(1)}${card.inFrame ? '' : '*'}(${card.renderMs.toFixed(1)})`);
        pointerLatencies.push(card.pointerMs);
      }
    }
    console.log(`per hover: painted ms (work in the frame ms; * = reply arrived after the delay): ${details.join(' ')}`);
    const p50 = median(warmLatencies);
    const p95 = percentile(warmLatencies, 95);
    console.log(
      `warm hover -> painted card (after the ${HOVER_DELAY_MS} ms hover delay), n=${warmLatencies.length}: median ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    );
    console.log(
      `pointer rests on a character -> painted card (the ${HOVER_DELAY_MS} ms delay included): median ${median(pointerLatencies).toFixed(1)} ms, p95 ${percentile(pointerLatencies, 95).toFixed(1)} ms`,
    );
    // The 16 ms budget is reported, not asserted: budgets live in printed figures, not timed tests.
    assert.ok(Number.isFinite(p95) && warmLatencies.length === 40, 'every hover was measured');
  });

  it('measures the cold first lookup after the service worker was stopped', async () => {
    await park(page);
    await ext.stopServiceWorker();
    const t = Date.now();
    const card = await hover(page, main, '#p2', '党组书记', 0);
    const roundTrip = Date.now() - t;
    const worker = await ext.serviceWorker();
    type Stats = { mainMs: number; fetchedMs: Record<string, number>; coreReadyMs: number; firstLookupMs: number; firstLookupWorkMs: number; prepared: number };
    const stats = await worker.evaluate(() => (globalThis as unknown as { dubaoStats: Stats }).dubaoStats);
    assert.equal(card.headword, '党组书记');
    const fetched = Object.entries(stats.fetchedMs).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ');
    console.log(`cold start breakdown (ms since worker start): script running ${stats.mainMs.toFixed(1)}, fetched ${fetched}`);
    console.log(
      `cold start: worker start -> core ready ${stats.coreReadyMs?.toFixed(1)} ms, worker start -> first lookup answered ${stats.firstLookupMs?.toFixed(1)} ms ` +
        `(lookup itself ${stats.firstLookupWorkMs?.toFixed(2)} ms); card painted ${card.paintMs.toFixed(1)} ms after the hover delay; mouse move -> card ${roundTrip} ms; ` +
        `page glossaries prepared by this worker meanwhile: ${stats.prepared}`,
    );
    // The 150 ms budget is reported above, not asserted (timings on a shared 2-core machine vary).
    assert.ok(Number.isFinite(stats.firstLookupMs) && stats.firstLookupMs > 0, 'the restarted worker measured its first lookup');
  });

  it('switched off in the popup: no card, also after a reload; switched on: cards return', async () => {
    await park(page);
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    const toggle = popup.getByRole('switch', { name: 'Enable Dubao' });
    await toggle.waitFor();
    await popup.waitForFunction(() => !(document.querySelector('[role="switch"]') as HTMLInputElement).disabled);
    assert.equal(await toggle.isChecked(), true);
    await toggle.click();
    assert.equal(await toggle.isChecked(), false);
    const worker = await ext.serviceWorker();
    assert.deepEqual(await worker.evaluate(() => chrome.storage.local.get(null).then((all) => (all as { enabled?: boolean }).enabled)), false, 'persisted');

    await page.bringToFront();
    await page.reload();
    await page.waitForLoadState('load');
    await page.waitForTimeout(200);
    const { x, y } = await pointOf(main, '#p1', '综治中心', 1);
    await page.mouse.move(x, y, { steps: 2 });
    await page.waitForTimeout(HOVER_DELAY_MS + 400);
    assert.equal(await shows(main), 0, 'no card while off (after a reload)');
    assert.equal(await page.evaluate(() => document.querySelector('dubao-card')), null, 'not even an element');

    await popup.bringToFront();
    await toggle.click();
    assert.equal(await toggle.isChecked(), true);
    await popup.close();
    await page.bringToFront();
    await park(page);
    const card = await hover(page, main, '#p1', '综治中心', 1);
    assert.equal(card.headword, '综治中心');
  });

  it('renders with the hostile page CSS: visible, own fonts and colours', async () => {
    const card = (await readCard(main))!;
    assert.ok(card.visible);
    const look = await main.evaluate(() => {
      const host = document.querySelector('dubao-card')!;
      const li = host.shadowRoot!.querySelector('.senses li') ?? host.shadowRoot!.querySelector('.card')!;
      const r = host.shadowRoot!.querySelector('.card')!.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { color: getComputedStyle(li).color, font: getComputedStyle(li).fontFamily, onTop: top === host };
    });
    assert.notEqual(look.color, 'rgb(0, 170, 0)');
    assert.doesNotMatch(look.font, /^serif$/);
    assert.ok(look.onTop, 'the card is the topmost element where it is drawn');
  });

  it('saves the word with S and marks it saved', async (t) => {
    await park(page);
    const card = await hover(page, main, '#p2', '人大代表', 1);
    assert.equal(card.saveLabel, 'Save');
    await page.keyboard.press('s');
    await main.waitForFunction(() => {
      const b = document.querySelector('dubao-card')!.shadowRoot!.querySelector('button.save')!;
      return !b.hasAttribute('disabled') && (b.getAttribute('aria-pressed') === 'true' || b.parentElement!.querySelector('.save-error'));
    });
    const after = (await readCard(main))!;
    if (/not available yet/.test(after.saveText)) {
      t.skip('study.save is not wired in the background yet');
      return;
    }
    assert.equal(after.savePressed, 'true', after.saveText);
    const worker = await ext.serviceWorker();
    const stored = JSON.stringify(await worker.evaluate(() => chrome.storage.local.get(null)));
    assert.ok(stored.includes('人大代表'), 'the word is in storage');
    assert.ok(stored.includes('县人大代表任培军'), 'with its sentence');
    // Hovered again later, the word is marked saved from the card's first frame.
    await park(page);
    const again = await hover(page, main, '#p2', '人大代表', 0);
    assert.equal(again.savePressed, 'true', 'a saved word is marked on the card');
  });

  it('the page shows no errors', () => {
    const p = problems[0]!;
    assert.deepEqual(p.pageErrors, []);
    assert.deepEqual(p.consoleErrors, []);
  });
});

describe('hover card on a traditional news page', () => {
  let page: Page;
  let main: Frame;

  before(async () => {
    page = await open('news-traditional.html');
    main = page.mainFrame();
  });

  it('shows Hong Kong civic terms with both scripts', async () => {
    const card = await hover(page, main, '#t1', '立法會', 2);
    assert.equal(card.headword, '立法會');
    assert.equal(card.other, '立法会');
    assert.deepEqual(card.pinyin, ['lì fǎ huì']);
    assert.ok(card.civic.length > 0, 'civic badge');
    assertInside(card);
    await page.screenshot({ path: artifactPath('card-traditional-civic.png') });
  });

  it('reads traditional words, across a link too', async () => {
    await park(page);
    let card = await hover(page, main, '#t1', '經濟', 1);
    assert.equal(card.headword, '經濟');
    assert.equal(card.other, '经济');
    assert.ok(card.senses.some((s) => /econom/i.test(s)), card.senses.join('; '));
    await park(page);
    card = await hover(page, main, '#t2', '區議會', 0);
    assert.equal(card.headword, '區議會');
    await park(page);
    card = await hover(page, main, '#t2', '陳大文', 1);
    assert.equal(card.headword, '陳大文');
    assert.equal(card.other, '陈大文', 'a name the dictionary lacks still shows its simplified form');
    assert.match(card.pinyin.join(' '), /chén dà wén/i);
    await page.screenshot({ path: artifactPath('card-traditional-word.png') });
  });

  it('the page shows no errors', () => {
    const p = problems[problems.length - 1]!;
    assert.deepEqual(p.pageErrors, []);
    assert.deepEqual(p.consoleErrors, []);
  });
});

describe('hover card on words no dictionary has, and on news senses', () => {
  let page: Page;
  let main: Frame;

  before(async () => {
    page = await open('news-made-words.html');
    main = page.mainFrame();
  });

  it('shows a word composed from its parts, labelled so, with the parts', async () => {
    const card = await hover(page, main, '#m1', '做好', 0);
    assert.equal(card.headword, '做好');
    assert.deepEqual(card.pinyin, ['zuò hǎo']);
    assert.deepEqual(card.notes, ['Composed from its parts: no dictionary has this word']);
    assert.match(card.senses[0]!, / \+ well \(done\)$/);
    assert.deepEqual(card.parts, ['做', '好']);
    await page.screenshot({ path: artifactPath('card-composed.png') });
    await park(page);
  });

  it('shows a member of a term family by rule, with its civic explanation', async () => {
    const card = await hover(page, main, '#m1', '十一五期间', 2);
    assert.equal(card.headword, '十一五期间');
    assert.deepEqual(card.notes, ['By rule, from its parts: one of a family of terms']);
    assert.match(card.senses[0]!, /11th Five-Year Plan \(2006–2010\)/);
    assert.ok(card.civic.some((b) => /Economy/.test(b)), card.civic.join());
    assert.match(card.explanation.join(' '), /2006 to 2010/);
    await page.screenshot({ path: artifactPath('card-family-rule.png') });
    await park(page);
  });

  it('shows numbers by rule', async () => {
    const card = await hover(page, main, '#m1', '三百余人', 1);
    assert.equal(card.headword, '三百余人');
    assert.deepEqual(card.notes, ['By rule: a number, date or ordinal']);
    assert.deepEqual(card.senses, ['more than 300 people']);
    await park(page);
  });

  it('says when the news sense comes first by Dubao, and marks a sense Dubao added', async () => {
    let card = await hover(page, main, '#m1', '落实', 0);
    assert.deepEqual(card.notes, ['News sense first: order by Dubao']);
    assert.deepEqual(card.senses.slice(0, 2), ['to implement', 'to carry out']);
    await park(page);
    card = await hover(page, main, '#m2', '意见', 0);
    assert.equal(card.notes[0], 'Senses marked Dubao added for news reading');
    assert.equal(card.ours.length, 1);
    assert.match(card.partRows[0]!, /^意 yì /);
    assert.match(card.ours[0]!, /^guidelines \(an official document titled 关于…的意见\)\s*Dubao$/);
    await page.screenshot({ path: artifactPath('card-news-sense.png') });
    await park(page);
  });

  it('the page shows no errors', () => {
    const p = problems[problems.length - 1]!;
    assert.deepEqual(p.pageErrors, []);
    assert.deepEqual(p.consoleErrors, []);
  });
});

describe('a page without Chinese', () => {
  it('gets no card and no element from the extension', async () => {
    const page = await open('plain-english.html');
    const { x, y } = await pointOf(page.mainFrame(), '#e1', 'county', 2);
    await page.mouse.move(x, y, { steps: 2 });
    await page.waitForTimeout(HOVER_DELAY_MS + 300);
    assert.equal(await page.evaluate(() => document.querySelector('dubao-card')), null);
    await page.close();
  });
});

describe('the built manifest', () => {
  it('runs the content script in all frames, about:blank ones too, and declares the toggle command', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    const cs = manifest.content_scripts[0];
    assert.equal(cs.all_frames, true);
    assert.equal(cs.match_about_blank, true);
    assert.ok(manifest.commands['toggle-enabled'].suggested_key.default);
    assert.deepEqual(manifest.host_permissions ?? [], [], 'no host permissions');
  });

  it('binds the toggle command to its shortcut in the browser', async () => {
    // Headless Chromium does not route key presses to extension commands, so the binding is checked
    // here and the toggle itself (utils/settings.ts toggleEnabled) in tests/utils/settings.test.ts.
    const worker = await ext.serviceWorker();
    const commands = await worker.evaluate(() => chrome.commands.getAll());
    const toggle = commands.find((c) => c.name === 'toggle-enabled');
    assert.equal(toggle?.shortcut, 'Alt+Shift+D');
  });
});

describe('the whole run', () => {
  it('sent no request off the machine', () => {
    assert.deepEqual(ext.externalRequests, []);
  });
});
