/**
 * End to end: the built extension (.output/chrome-mv3) in Debian Chromium, on local news pages written
 * for these tests. The real mouse moves to the coordinates of characters; the card is read in the content
 * script's world (tests/e2e/card.ts: its shadow root is closed and the page's DOM holds nothing of it). Run after `npm run build`:  node --import tsx --test tests/e2e/hover.test.ts
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
  clickCardButton,
  HOVER_DELAY_MS,
  nextCard,
  hover as hoverIn,
  park as parkIn,
  pointOf,
  readCard as readCardIn,
  scrollIntoView,
  shows as showsIn,
  waitHidden as waitHiddenIn,
  type CardView,
} from './card';
import {
  artifactPath,
  contentWorld,
  EXTENSION_DIR,
  launchExtension,
  median,
  percentile,
  serveFixtures,
  watchPage,
  type ContentWorld,
  type ExtensionSession,
  type FixtureServer,
  type PageProblems,
} from './harness';

/** The extension API inside the service worker (functions passed to worker.evaluate run there). */
declare const chrome: {
  storage: { local: { set(v: object): Promise<void>; get(k: null): Promise<object> } };
  commands: { getAll(): Promise<Array<{ name: string; shortcut: string }>> };
};

/** The content world of each page opened by these tests (the card is read there). */
const worlds = new Map<Page, ContentWorld>();
const worldOf = (page: Page): ContentWorld => {
  const w = worlds.get(page);
  if (!w) throw new Error('page opened without its content world');
  return w;
};
const readCard = (frame: Frame) => readCardIn(worldOf(frame.page()), frame);
const shows = (frame: Frame) => showsIn(worldOf(frame.page()), frame);
const hover = (page: Page, frame: Frame, selector: string, word: string, index = 0) =>
  hoverIn(page, worldOf(page), frame, selector, word, index);
const waitHidden = (frame: Frame) => waitHiddenIn(worldOf(frame.page()), frame);
const park = (page: Page, frame: Frame = page.mainFrame()) => parkIn(page, worldOf(page), frame);

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
  worlds.set(page, await contentWorld(ext, page));
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
    assert.ok(
      card.civic.some((b) => /Civic/.test(b)),
      `civic badge: ${card.civic}`,
    );
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
    assert.ok(
      card.senses.some((s) => /Communist Party/i.test(s)),
      card.senses.join('; '),
    );
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
    assert.ok(
      card.partRows.every((row) => /[a-z]{3,}/i.test(row.replace(/^\S+\s+\S+/, ''))),
      `parts have glosses: ${card.partRows}`,
    );
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
    await clickCardButton(page, worldOf(page), main, 'Longer reading');
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
    assert.ok(
      card.senses.some((s) => s.includes('不[bù]')),
      card.senses.join('; '),
    );
    assert.deepEqual(
      card.senses.filter((s) => /\[[a-z:]+[1-5]( [a-z:]+[1-5])*\]/i.test(s)),
      [],
    );
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
    assert.match(card.components, /学党章党规、学系列讲话、做合格党员/);
    await park(page);
    card = await hover(page, main, '#p3', '政策', 0);
    assert.match(card.classifiers, /个\s*gè/);
  });

  it('a quick sweep over several words shows one card, for the word the pointer stops on', async () => {
    await park(page);
    await scrollIntoView(main, '#p1');
    const before = await shows(main);
    const points = [];
    for (const [word, i] of [
      ['县委', 0],
      ['常委', 1],
      ['政法委', 2],
      ['书记', 0],
      ['赵志勇', 1],
      ['城关镇', 1],
    ] as const) {
      points.push(await pointOf(main, '#p1', word, i));
    }
    const t0 = Date.now();
    for (const { x, y } of points) {
      await page.mouse.move(x, y);
      await page.waitForTimeout(10); // well inside the hover delay (the pointer never rests 50 ms)
    }
    const sweepMs = (Date.now() - t0) / points.length;
    await nextCard(worldOf(page), main, before);
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

  it('report (figures printed, budgets not asserted): warm hover -> painted card latency', async () => {
    const targets: Array<[string, string, number]> = [
      ['#p1', '政法委', 1],
      ['#p1', '调研', 0],
      ['#p1', '矛盾纠纷', 2],
      ['#p2', '人大代表', 1],
      ['#p2', '任培军', 0],
      ['#p2', '可支配收入', 2],
      ['#p2', '困难群众', 3],
      ['#p3', '社区', 0],
      ['#p3', '政策', 1],
      ['#p3', '经济', 0],
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
      `warm hover -> painted card (once the pointer has rested ${HOVER_DELAY_MS} ms), n=${warmLatencies.length}: median ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    );
    console.log(
      `pointer's last move -> painted card (the ${HOVER_DELAY_MS} ms rest included): median ${median(pointerLatencies).toFixed(1)} ms, p95 ${percentile(pointerLatencies, 95).toFixed(1)} ms`,
    );
    // The 16 ms budget is reported, not asserted: budgets live in printed figures, not timed tests.
    assert.ok(Number.isFinite(p95) && warmLatencies.length === 40, 'every hover was measured');
  });

  it('report (figures printed, budgets not asserted): the cold first lookup after the service worker was stopped', async () => {
    await park(page);
    await ext.stopServiceWorker();
    const t = Date.now();
    const card = await hover(page, main, '#p2', '党组书记', 0);
    const roundTrip = Date.now() - t;
    const worker = await ext.serviceWorker();
    type Stats = {
      mainMs: number;
      fetchedMs: Record<string, number>;
      steps: Record<string, number>;
      coreReadyMs: number;
      firstLookupMs: number;
      firstLookupWorkMs: number;
      prepared: number;
    };
    const stats = await worker.evaluate(() => (globalThis as unknown as { dubaoStats: Stats }).dubaoStats);
    assert.equal(card.headword, '党组书记');
    const fetched = Object.entries(stats.fetchedMs)
      .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
      .join(', ');
    const steps = Object.entries(stats.steps)
      .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
      .join(', ');
    console.log(`cold start breakdown (ms since worker start): script running ${stats.mainMs.toFixed(1)}, fetched ${fetched}`);
    console.log(`cold start steps (ms since worker start): ${steps}`);
    // The worker may have been started by something else (the tab closed after stopping it) before the hover came.
    const asked = stats.steps['message lookupAt'];
    if (asked !== undefined) {
      console.log(
        `cold start: first lookupAt arrived ${asked.toFixed(1)} ms after worker start, answered ${(stats.firstLookupMs - asked).toFixed(1)} ms later`,
      );
    }
    console.log(
      `cold start: worker start -> core ready ${stats.coreReadyMs?.toFixed(1)} ms, worker start -> first lookup answered ${stats.firstLookupMs?.toFixed(1)} ms ` +
        `(lookup itself ${stats.firstLookupWorkMs?.toFixed(2)} ms); card painted ${card.paintMs.toFixed(1)} ms after the hover delay; mouse move -> card ${roundTrip} ms; ` +
        `page glossaries prepared by this worker meanwhile: ${stats.prepared}`,
    );
    // Order, not time: levels.bin is asked for only once the first card's lookup was answered.
    const levelsAt = stats.fetchedMs['levels.bin'];
    assert.ok(levelsAt === undefined || levelsAt >= stats.firstLookupMs, 'levels.bin waited for the first answer');
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
    assert.deepEqual(
      await worker.evaluate(() => chrome.storage.local.get(null).then((all) => (all as { enabled?: boolean }).enabled)),
      false,
      'persisted',
    );

    await page.bringToFront();
    await page.reload();
    await page.waitForLoadState('load');
    await page.waitForTimeout(200);
    const { x, y } = await pointOf(main, '#p1', '综治中心', 1);
    await page.mouse.move(x, y, { steps: 2 });
    await page.waitForTimeout(HOVER_DELAY_MS + 400);
    assert.equal(await shows(main), 0, 'no card while off (after a reload)');
    assert.equal(
      await worldOf(page).evaluate(main, () => (globalThis as unknown as { dubaoProbe: { card: unknown } }).dubaoProbe.card),
      null,
      'no card host made',
    );
    assert.deepEqual(
      await page.evaluate(() => [...document.documentElement.children].map((e) => e.tagName)),
      ['HEAD', 'BODY'],
      'not even an element',
    );

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
    const look = card.look;
    assert.notEqual(look.color, 'rgb(0, 170, 0)');
    assert.doesNotMatch(look.font, /^serif$/);
    assert.ok(look.onTop, 'the card is the topmost element where it is drawn');
  });

  it('saves the word with S and marks it saved', async () => {
    await park(page);
    const card = await hover(page, main, '#p2', '人大代表', 1);
    assert.equal(card.saveLabel, 'Save');
    await page.keyboard.press('s');
    await worldOf(page).waitFor(main, () => {
      const b = (globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow.querySelector(
        'button.save',
      )!;
      return !b.hasAttribute('disabled') && (b.getAttribute('aria-pressed') === 'true' || !!b.parentElement!.querySelector('.save-error'));
    });
    const after = (await readCard(main))!;
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
    assert.ok(
      card.senses.some((s) => /econom/i.test(s)),
      card.senses.join('; '),
    );
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
    assert.ok(
      card.civic.some((b) => /Economy/.test(b)),
      card.civic.join(),
    );
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
    assert.equal(
      await worldOf(page).evaluate(page.mainFrame(), () => (globalThis as unknown as { dubaoProbe: { card: unknown } }).dubaoProbe.card),
      null,
    );
    assert.deepEqual(await page.evaluate(() => [...document.documentElement.children].map((e) => e.tagName)), ['HEAD', 'BODY']);
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
    // The content script is a plain listed script (no WXT start-up messages), and no file of the
    // extension is reachable from pages (web_accessible_resources would let a page probe for Dubao).
    assert.deepEqual(cs.js, ['reader.js']);
    assert.equal(manifest.web_accessible_resources, undefined);
    // tts: speech in Chrome goes through chrome.tts in the background (utils/speech-handlers.ts);
    // alarms: the toolbar badge's count at the next due time (utils/review/badge.ts).
    assert.deepEqual(manifest.permissions, ['storage', 'unlimitedStorage', 'tts', 'alarms']);
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
