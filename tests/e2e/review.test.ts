/**
 * End to end for the review page (issue 12) in Debian Chromium with the built extension. Run after
 * `npm run build`:
 *   node --import tsx --test tests/e2e/review.test.ts
 *
 * The study list is seeded in storage.local from the test (words and sentences written for it). A saved
 * word is reviewed with the keyboard and the mouse: reveal, the four buttons with their intervals, the
 * rating stored with its next due date, undo. The reader's pinyin display (zhuyin, tone numbers chosen on
 * the settings page while the pages are open, hidden) and tone colours on characters, on the review and
 * study pages. Then 5,000 saved words and 20,000 known words: the page's
 * opening time and its review steps are printed (figures, not asserted). Screenshots:
 * tests/e2e/artifacts/review-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { storedValues } from '../../utils/study/layout';
import type { StudyItem } from '../../utils/study/types';
import { artifactPath, launchExtension, median, percentile, watchPage, type ExtensionSession, type PageProblems } from './harness';

declare const chrome: typeof import('wxt/browser').browser;

let ext: ExtensionSession;
const problems: Array<[string, PageProblems]> = [];

interface Item {
  simplified: string;
  traditional: string;
  pinyin: string;
  definitions: string[];
  civic: { category: string; explanation: string } | null;
  contexts: Array<{ sentence: string; title: string; url: string; savedAt: number }>;
  notes: string;
  savedAt: number;
}

const GAIGE: Item = {
  simplified: '改革',
  traditional: '改革',
  pinyin: 'gǎi gé',
  definitions: ['reform', 'to reform'],
  civic: { category: 'economy', explanation: 'Changing how the economy and the state are run; the word of the reform era since 1978.' },
  contexts: [
    {
      sentence: '这座城市继续推进改革，让企业办事更方便。',
      title: '测试新闻',
      url: 'http://127.0.0.1/news.html',
      savedAt: Date.UTC(2026, 0, 2),
    },
  ],
  notes: '',
  savedAt: Date.UTC(2026, 0, 2),
};

async function seed(data: Record<string, unknown>): Promise<void> {
  const sw = await ext.serviceWorker();
  await sw.evaluate(async (d) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set(d);
  }, data);
}

async function stored<T>(key: string): Promise<T> {
  const sw = await ext.serviceWorker();
  return sw.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key) as Promise<T>;
}

/** Every stored review card, from the buckets of the review state (utils/review/store.ts). */
async function storedCards(): Promise<Record<string, Record<string, Tuple>>> {
  const sw = await ext.serviceWorker();
  const all = (await sw.evaluate(() => chrome.storage.local.get(null))) as Record<string, unknown>;
  const cards: Record<string, Record<string, Tuple>> = {};
  for (const [k, v] of Object.entries(all))
    if (k.startsWith('reviewState/')) Object.assign(cards, (JSON.parse(v as string) as { cards: object }).cards);
  return cards;
}

/** Records, in the page, when the first card appears and how long each key takes to repaint the page. */
const TIMING = `
  window.__review = { firstCard: null, steps: [] };
  let pending = null;
  addEventListener('keydown', (e) => { pending = { key: e.key, at: performance.now() }; }, true);
  new MutationObserver(() => {
    if (window.__review.firstCard === null && document.querySelector('.review-card')) {
      requestAnimationFrame(() => { window.__review.firstCard ??= performance.now(); });
    }
    if (pending) {
      const p = pending; pending = null;
      requestAnimationFrame(() => window.__review.steps.push({ key: p.key, ms: performance.now() - p.at }));
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
`;

async function openReview(): Promise<Page> {
  const page = await ext.context.newPage();
  problems.push(['review.html', watchPage(page)]);
  await page.addInitScript({ content: TIMING });
  await page.goto(`chrome-extension://${ext.extensionId}/review.html`);
  return page;
}

before(async () => {
  ext = await launchExtension({ viewport: { width: 900, height: 720 } });
});

after(async () => {
  await ext?.close();
});

describe('review page', () => {
  it('reviews a saved word: reveal, four buttons with intervals, rating stored with its due date, undo', async () => {
    await seed({ studyList: [GAIGE], studyList$: { v: 2 } });
    const page = await openReview();
    const card = page.locator('.review-card');
    await card.waitFor();
    // the saved sentence with the word highlighted
    assert.equal(await page.locator('.review-word-in-sentence').textContent(), '改革');
    assert.match((await page.locator('.review-sentence').textContent()) ?? '', /推进改革，/);
    assert.equal(await page.locator('.review-answer').count(), 0);
    assert.match((await page.locator('.r-counts').textContent()) ?? '', /New 1 · Learning 0 · Due 0/);
    const show = page.getByRole('button', { name: 'Show answer', exact: true });
    assert.equal(await show.count(), 1);
    await page.screenshot({ path: artifactPath('review-front.png') });

    await page.keyboard.press('Space');
    await page.locator('.review-answer').waitFor();
    assert.equal(await page.locator('.review-pinyin').textContent(), 'gǎi gé');
    assert.deepEqual(await page.locator('.review-senses li').allTextContents(), ['reform', 'to reform']);
    assert.match((await page.locator('.civic-explanation').textContent()) ?? '', /reform era/);
    const intervals: Record<string, string> = {};
    for (const name of ['Again', 'Hard', 'Good', 'Easy']) {
      const b = page.getByRole('button', { name, exact: true });
      assert.equal(await b.count(), 1, `one button named ${name}`);
      intervals[name] = (await b.locator('.r-grade-interval').textContent()) ?? '';
    }
    assert.deepEqual([intervals.Again, intervals.Hard, intervals.Good], ['1m', '6m', '10m']);
    assert.match(intervals.Easy!, /^\d+d$/);
    // the focused button after the reveal is Good, so Space/Enter rate Good
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Good');
    await page.screenshot({ path: artifactPath('review-answer.png') });

    // rate Good with the key 3
    const before = Date.now();
    await page.keyboard.press('3');
    const status = page.locator('.r-status');
    await page.waitForFunction(() => /Next review/.test(document.querySelector('.r-status')?.textContent ?? ''));
    assert.match((await status.textContent()) ?? '', /^改革: Good\. Next review in 10 minutes, today at \d\d:\d\d\./);
    const saved = await waitForCard(page, (c) => c !== null);
    assert.ok(saved, 'the rating is stored');
    const due = saved![0] * 1000;
    assert.ok(due >= before + 9.5 * 60_000 && due <= Date.now() + 10.5 * 60_000, `due in 10 minutes (${new Date(due).toISOString()})`);
    assert.equal(saved![7], 1, 'state learning');
    const shown = /today at (\d\d):(\d\d)/.exec((await status.textContent()) ?? '')!;
    const local = new Date(due);
    assert.equal(`${shown[1]}:${shown[2]}`, `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`);
    // nothing else to review now; the word comes back within the learn-ahead window
    assert.match((await page.locator('.r-counts').textContent()) ?? '', /New 0 · Learning 1 · Due 0/);

    // undo with Z: the card is back, revealed, and storage forgets the rating
    await page.keyboard.press('z');
    await page.waitForFunction(() => /undone/.test(document.querySelector('.r-status')?.textContent ?? ''));
    assert.equal(await page.locator('.review-answer').count(), 1);
    assert.equal(await waitForCard(page, (c) => c === null), null);
    assert.match((await page.locator('.r-counts').textContent()) ?? '', /New 1 · Learning 0 · Due 0/);

    // rate Easy with the mouse: due in days, the date shown is the stored one
    await page.getByRole('button', { name: 'Easy', exact: true }).click();
    await page.waitForFunction(() => /Easy\. Next review in \d+ days?, on /.test(document.querySelector('.r-status')?.textContent ?? ''));
    const easy = await waitForCard(page, (c) => c !== null && c[7] === 2);
    const easyDue = new Date(easy![0] * 1000);
    const text = (await status.textContent()) ?? '';
    const expected = easyDue.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    assert.ok(text.includes(`on ${expected}`), `"${text}" names ${expected}`);
    assert.equal(await page.locator('.r-done').count(), 1);
    assert.match((await page.locator('.r-done').textContent()) ?? '', /Nothing to review now\.The next card is due on /);
    await page.screenshot({ path: artifactPath('review-done.png') });

    // the study list shows the same next review date beside the word, and the review link has nothing due
    const study = await ext.context.newPage();
    problems.push(['study.html', watchPage(study)]);
    await study.goto(`chrome-extension://${ext.extensionId}/study.html`);
    const next = study.locator('.s-item[data-word="改革"] .s-next');
    await next.filter({ hasText: /next review on / }).waitFor();
    assert.equal(
      ((await next.textContent()) ?? '').trim(),
      `· next review on ${easyDue.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}`,
    );
    await study.waitForFunction(() => /Review · nothing due/.test(document.querySelector('.s-review-link')?.textContent ?? ''));
    await study.getByRole('link', { name: /^Review/ }).click();
    await study.waitForURL(/review\.html$/);
    await study.locator('.r-done').waitFor();
    await study.close();
    await page.close();
  });

  it('new cards per day: the number set on the settings page', async () => {
    const words = ['开放', '发展', '稳定'].map((w, i) => ({
      ...GAIGE,
      simplified: w,
      traditional: w,
      civic: null,
      contexts: [{ ...GAIGE.contexts[0]!, sentence: `我们要坚持${w}。` }],
      savedAt: GAIGE.savedAt + i,
    }));
    await seed({ studyList: [GAIGE, ...words], studyList$: { v: 2 } });
    const sw = await ext.serviceWorker();
    await sw.evaluate(() => chrome.storage.sync.set({ settings: { v: 1, newCardsPerDay: 2 } }));
    try {
      const page = await openReview();
      await page.locator('.review-card').waitFor();
      assert.match((await page.locator('.r-counts').textContent()) ?? '', /New 2 · Learning 0 · Due 0/);
      assert.match((await page.locator('.r-help').textContent()) ?? '', /2 new cards a day\./);
      await page.close();
    } finally {
      await sw.evaluate(() => chrome.storage.sync.clear());
    }
  });

  it('a cloze card: the word blanked in its sentence, the senses as a hint, the word on Space', async () => {
    const now = Date.now();
    const day = 86_400_000;
    // the meaning card graduated three days ago and is due in five: the cloze card comes next
    const meaning = [Math.floor((now + 5 * day) / 1000), 8.5, 5.1, 8, 0, 2, 0, 2, Math.floor((now - 3 * day) / 1000), 1];
    await seed({
      studyList: [GAIGE],
      studyList$: { v: 2 },
      reviewState: { v: 1, data: JSON.stringify({ cards: { 改革: { m: meaning } } }) },
    });
    const page = await openReview();
    await page.locator('.review-card[data-template="cloze"]').waitFor();
    const sentence = (await page.locator('.review-sentence').textContent()) ?? '';
    assert.ok(!sentence.includes('改革'), `the word is blanked: ${sentence}`);
    assert.match(sentence, /^这座城市继续推进\u3000+，让企业办事更方便。$/);
    assert.deepEqual(await page.locator('.review-hint li').allTextContents(), ['reform', 'to reform']);
    await page.screenshot({ path: artifactPath('review-cloze.png') });
    await page.keyboard.press('Enter');
    await page.locator('.review-answer').waitFor();
    assert.equal(await page.locator('.review-word-in-sentence').textContent(), '改革');
    assert.equal(await page.locator('.review-answer .review-word').textContent(), '改革');
    await page.screenshot({ path: artifactPath('review-cloze-answer.png') });
    await page.keyboard.press('1');
    const card = await waitForCard(page, () => true, 'c');
    assert.equal(card![7], 1, 'the cloze card is learning after Again');
    await page.close();
  });

  it('a note holding a long link wraps inside the answer; the page never scrolls sideways', async () => {
    const link = `https://www.example.gov.cn/zhengce/content/2026-01/02/content_${'0123456789'.repeat(12)}.htm`;
    await seed({ studyList: [{ ...GAIGE, notes: `See ${link}` }], studyList$: { v: 2 } });
    const page = await openReview();
    await page.locator('.review-card').waitFor();
    await page.keyboard.press('Space');
    await page.locator('.review-notes').waitFor();
    const box = await page.evaluate(() => {
      const card = document.querySelector('.review-card')!.getBoundingClientRect();
      const el = document.querySelector<HTMLElement>('.review-notes')!;
      const notes = el.getBoundingClientRect();
      const root = document.documentElement;
      return {
        notesRight: notes.right,
        cardRight: card.right,
        notesScroll: el.scrollWidth,
        notesWidth: el.clientWidth,
        scroll: root.scrollWidth,
        width: root.clientWidth,
      };
    });
    assert.ok(box.notesRight <= box.cardRight && box.notesScroll <= box.notesWidth, `the note stays in the card: ${JSON.stringify(box)}`);
    assert.ok(box.scroll <= box.width, `no sideways scrolling: ${JSON.stringify(box)}`);
    await page.screenshot({ path: artifactPath('review-long-note.png') });
    await page.close();
  });

  it('a damaged review state is shown as a sentence and left in storage', async () => {
    const bad = { v: 1, data: { cards: { 改革: { m: 'soon' } } } };
    await seed({ studyList: [GAIGE], studyList$: { v: 2 }, reviewState: bad });
    const page = await openReview();
    const alert = page.locator('.r-fatal');
    await alert.waitFor();
    assert.match(
      (await alert.textContent()) ?? '',
      /^Dubao could not read your review schedule \(改革: a card is not a list of ten numbers\)\. Nothing was changed/,
    );
    assert.deepEqual(await stored('reviewState'), bad);
    await page.screenshot({ path: artifactPath('review-unreadable.png') });
    await page.close();
  });

  it('the study and review pages show pinyin as the reader chose (zhuyin, numbers, hidden) and follow a change while open', async () => {
    const sw = await ext.serviceWorker();
    // As the settings page stores them: what differs from the defaults (utils/settings.ts).
    const setSettings = (settings: object) => sw.evaluate((s) => chrome.storage.sync.set({ settings: { v: 1, ...s } }), settings);
    try {
      await seed({ studyList: [GAIGE], studyList$: { v: 2 } });
      await setSettings({ pinyin: 'zhuyin', toneColors: { onCharacters: true } });
      const page = await openReview();
      const study = await ext.context.newPage();
      problems.push(['study.html (pinyin)', watchPage(study)]);
      await study.goto(`chrome-extension://${ext.extensionId}/study.html`);
      const entry = study.locator('.s-item[data-word="改革"]');
      const studyPinyin = entry.locator('.s-head .pinyin');
      await studyPinyin.filter({ hasText: 'ㄍㄞˇ ㄍㄜˊ' }).waitFor({ timeout: 5_000 });
      assert.equal(await studyPinyin.getAttribute('lang'), 'zh-Bopo');
      // 改 third tone, 革 second: each character in its tone's colour.
      await entry.locator('.s-word .tone-3').filter({ hasText: '改' }).waitFor();
      assert.deepEqual(await entry.locator('.s-word span').allTextContents(), ['改', '革']);
      assert.equal(await entry.locator('.s-word .tone-2').textContent(), '革');
      const colours = await entry.evaluate((e) => [...e.querySelectorAll('.s-word span')].map((c) => getComputedStyle(c).color));
      assert.notEqual(colours[0], colours[1], `two tones, two colours: ${colours.join(' ')}`);
      await study.screenshot({ path: artifactPath('study-pinyin-zhuyin.png') });

      await page.bringToFront();
      await page.locator('.review-word .tone-3').filter({ hasText: '改' }).waitFor({ timeout: 5_000 });
      await page.keyboard.press('Space');
      await page.locator('.review-answer').waitFor();
      assert.equal(await page.locator('.review-pinyin').textContent(), 'ㄍㄞˇ ㄍㄜˊ');
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
        'Good',
        'Space and Enter still rate Good',
      );
      await page.screenshot({ path: artifactPath('review-pinyin-zhuyin.png') });

      // Tone numbers, chosen on the settings page while both pages are open: followed without a reload.
      const options = await ext.context.newPage();
      problems.push(['options.html (pinyin)', watchPage(options)]);
      await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
      await options.locator('input[name="pinyin"][value="numbers"]').check();
      await page.locator('.review-pinyin', { hasText: 'gai3 ge2' }).waitFor({ timeout: 5_000 });
      await studyPinyin.filter({ hasText: 'gai3 ge2' }).waitFor({ timeout: 5_000 });
      assert.equal(((await sw.evaluate(() => chrome.storage.sync.get('settings'))).settings as { pinyin?: string }).pinyin, 'numbers');
      await options.close();

      // Hidden, and the characters no longer coloured: a "Pinyin" button per word, shown on demand.
      await setSettings({ pinyin: 'hidden', toneColors: { onCharacters: false } });
      const reviewToggle = page.getByRole('button', { name: 'Show the pinyin of 改革' });
      await reviewToggle.waitFor({ timeout: 5_000 });
      assert.equal(await reviewToggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.locator('.review-answer .pinyin').count(), 0, 'no pinyin drawn');
      assert.equal(await page.locator('.review-word .tone-3').count(), 0, 'characters uncoloured');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Good', 'the focus stays on Good');
      await page.screenshot({ path: artifactPath('review-pinyin-hidden.png') });
      await reviewToggle.click();
      const shown = page.locator('.review-answer button.pinyin-toggle');
      assert.equal(await shown.getAttribute('aria-expanded'), 'true');
      assert.equal(await shown.textContent(), 'gǎi gé', 'shown in tone marks, as the card does');
      // The review goes on: 3 rates Good wherever the focus is.
      await page.keyboard.press('3');
      await page.waitForFunction(() => /^改革: Good\./.test(document.querySelector('.r-status')?.textContent ?? ''));
      assert.ok(await waitForCard(page, (c) => c !== null), 'the rating is stored');

      await study.bringToFront();
      const studyToggle = entry.getByRole('button', { name: 'Show the pinyin of 改革' });
      await studyToggle.waitFor({ timeout: 5_000 });
      assert.equal(await entry.locator('.s-word span').count(), 0, 'characters uncoloured');
      await studyToggle.focus();
      await study.keyboard.press('Enter');
      const studyShown = entry.locator('button.pinyin-toggle');
      await studyShown.filter({ hasText: 'gǎi gé' }).waitFor();
      assert.equal(await studyShown.getAttribute('aria-expanded'), 'true');
      await study.screenshot({ path: artifactPath('study-pinyin-hidden-shown.png') });
      await study.keyboard.press('Enter');
      await studyShown.filter({ hasText: /^Pinyin$/ }).waitFor();
      assert.equal(await studyShown.getAttribute('aria-expanded'), 'false');
      await study.close();
      await page.close();
    } finally {
      await sw.evaluate(() => chrome.storage.sync.clear());
    }
  });

  it('report (figures printed, budgets not asserted): 5,000 saved words and 20,000 known words, opening and review steps', async () => {
    const chars = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + 7 * i));
    const items: Item[] = Array.from({ length: 5000 }, (_, i) => {
      const w = chars[i % 3000]! + chars[(i * 13 + 1) % 3000]!;
      return {
        ...GAIGE,
        simplified: w,
        traditional: w,
        definitions: [`sense ${i}`],
        civic: null,
        contexts: [{ sentence: `报道说${w}的情况正在好转。`, title: '测试', url: `http://127.0.0.1/${i}.html`, savedAt: i }],
        savedAt: i,
      };
    });
    const known: Record<string, number> = {};
    for (let i = 0, n = 0; n < 20_000; i++) {
      const w = chars[i % 3000]! + chars[(i * 7 + 11) % 3000]! + (i >= 9000 ? chars[i % 17]! : '');
      if (known[w] === undefined) n++;
      known[w] = 29_000_000;
    }
    // The study list as this version stores it (buckets of JSON text, utils/study/layout.ts).
    await seed({
      ...storedValues(items as StudyItem[]),
      wordStates: { v: 1, data: JSON.stringify({ known, ignored: {}, learning: {}, new: {} }) },
    });
    const opens: number[] = [];
    const reads: number[] = [];
    let page: Page | null = null;
    for (let run = 0; run < 3; run++) {
      await page?.close();
      page = await openReview();
      await page.locator('.review-card').waitFor();
      await page.waitForFunction(() => (window as unknown as { __review: { firstCard: number | null } }).__review.firstCard !== null);
      opens.push(await page.evaluate(() => (window as unknown as { __review: { firstCard: number } }).__review.firstCard));
      reads.push(await page.evaluate(() => performance.getEntriesByName('dubao-review-read')[0]?.startTime ?? NaN));
    }
    // twenty cards: reveal with Space, rate Good with 3
    for (let i = 0; i < 20; i++) {
      await page!.keyboard.press('Space');
      await page!
        .locator('.review-answer')
        .waitFor({ timeout: 5_000 })
        .catch(async (e: unknown) => {
          await page!.screenshot({ path: artifactPath('review-large-failed.png') });
          throw e;
        });
      await page!.keyboard.press('3');
      await page!.waitForFunction((n) => (window as unknown as { __review: { steps: unknown[] } }).__review.steps.length >= n, 2 * (i + 1));
    }
    const steps = await page!.evaluate(
      () => (window as unknown as { __review: { steps: Array<{ key: string; ms: number }> } }).__review.steps,
    );
    const reveal = steps.filter((s) => s.key === ' ').map((s) => s.ms);
    const rate = steps.filter((s) => s.key === '3').map((s) => s.ms);
    const bytes = await (await ext.serviceWorker()).evaluate(async () => chrome.storage.local.getBytesInUse(null));
    console.log(
      `review page, 5,000 saved words and 20,000 known: first card painted ${median(opens).toFixed(0)} ms after navigation (median of 3; budget 300 ms; ` +
        `the reads from storage.local done at ${median(reads).toFixed(0)} ms), ` +
        `reveal ${median(reveal).toFixed(1)} ms (p95 ${percentile(reveal, 95).toFixed(1)}), rate → next card ${median(rate).toFixed(1)} ms ` +
        `(p95 ${percentile(rate, 95).toFixed(1)}; budget 16 ms), storage.local in use ${(bytes / 1e6).toFixed(2)} MB after 20 ratings (budget 5 MB)`,
    );
    assert.equal(rate.length, 20);
    assert.equal(Object.keys(await storedCards()).length, 20);
    await page!.screenshot({ path: artifactPath('review-large.png') });
    await page!.close();
  });

  it('no page errors, no console errors', () => {
    for (const [name, p] of problems) {
      assert.deepEqual(p.pageErrors, [], `${name}: page errors`);
      assert.deepEqual(p.consoleErrors, [], `${name}: console errors`);
    }
    assert.deepEqual(ext.externalRequests, []);
  });
});

type Tuple = [number, number, number, number, number, number, number, number, number, number];

/** Polls the stored card of 改革 (m: meaning, c: cloze) until `ok` holds; returns it. */
async function waitForCard(page: Page, ok: (c: Tuple | null) => boolean, template: 'm' | 'c' = 'm'): Promise<Tuple | null> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const c = (await storedCards()).改革?.[template] ?? null;
    if (c !== null && template === 'c' && c.length !== 10) throw new Error('bad card');
    if (ok(c) && (template === 'm' || c !== null)) return c;
    if (Date.now() > deadline) throw new Error(`stored card not as expected: ${JSON.stringify(c)}`);
    await page.waitForTimeout(50);
  }
}
