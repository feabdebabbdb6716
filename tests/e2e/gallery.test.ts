/**
 * The gallery (tests/e2e/gallery/gallery.tsx, test only, never shipped): every visual state of the card
 * (civic, plain, composed from its parts, made by rule, a news sense, saved, a save error, several
 * readings, a long entry), glossary rows and study entries (also in zhuyin or tone numbers with tone
 * colours on the characters, and with the pinyin hidden), drawn by the real components with the real
 * style sheets and data from the real core, screenshotted in Chromium to tests/e2e/artifacts/gallery.png
 * so that a change in looks is seen.
 *
 * Run:  node --import tsx --test tests/e2e/gallery.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { ensureAssets, loadNodeCore } from '../../dictionary/cli/node-core';
import { glossaryView, viewRows } from '../../dictionary/glossary/view';
import { buildGlossary } from '../../dictionary/glossary/rows';
import { hoverAt } from '../../utils/hover-lookup';
import type { GalleryState } from './gallery/gallery';
import { artifactPath, ROOT, serveFixtures, type FixtureServer } from './harness';

/** The word `word` in `sentence` (written here), hovered at its `at`-th character. */
const STATES: Array<{ title: string; sentence: string; word: string; at?: number; index?: number; save?: GalleryState['save'] }> = [
  { title: 'civic term', sentence: '镇党委开展两学一做学习教育。', word: '两学一做', at: 1 },
  { title: 'plain word', sentence: '他们一起讨论了问题。', word: '讨论' },
  { title: 'composed from its parts', sentence: '各地要做好防汛工作。', word: '做好' },
  { title: 'made by rule', sentence: '共有三百余人参加。', word: '三百余', at: 1 },
  { title: 'news sense', sentence: '要落实各项政策。', word: '落实' },
  { title: 'saved', sentence: '他们一起讨论了问题。', word: '讨论', save: { kind: 'saved' } },
  {
    title: 'save error',
    sentence: '他们一起讨论了问题。',
    word: '讨论',
    save: { kind: 'error', message: 'Dubao could not save this word: the browser’s storage is full.' },
  },
  { title: 'several readings (the shorter one)', sentence: '坚持中国共产党的领导。', word: '共产党', at: 1, index: 0 },
  { title: 'long entry', sentence: '他去打球。', word: '打', index: 0 },
];

let browser: Browser;
let server: FixtureServer;
let dir: string;

before(async () => {
  await ensureAssets();
  const core = await loadNodeCore();
  const cards: GalleryState[] = STATES.map((s) => {
    const result = hoverAt(core, s.sentence, s.sentence.indexOf(s.word) + (s.at ?? 0))!;
    return { title: s.title, result, ...(s.index !== undefined ? { index: s.index } : {}), ...(s.save ? { save: s.save } : {}) };
  });
  const text = '坚持党建引领基层治理，推进河长制。党建工作要落实。';
  const rows = viewRows(glossaryView(buildGlossary(core, text), 'gallery'));
  const row = rows.find((r) => r.civic)!;
  const plainRow = rows.find((r) => !r.civic && !r.common)!;
  const entry = core.words.lookup('党建')[0]!;
  const item = {
    simplified: entry.simplified,
    traditional: entry.traditional,
    pinyin: entry.pinyin,
    definitions: entry.definitions,
    civic: entry.civic ? { category: entry.civic.category, explanation: entry.civic.explanation } : null,
    contexts: [
      { sentence: '坚持党建引领基层治理。', title: 'A page of ours', url: 'http://127.0.0.1/news.html', savedAt: Date.UTC(2026, 11, 1) },
    ],
    notes: 'A note of the reader’s.',
    savedAt: Date.UTC(2026, 11, 1),
  };
  const out = await build({
    entryPoints: [join(ROOT, 'tests/e2e/gallery/gallery.tsx')],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'text' },
    write: false,
  });
  dir = mkdtempSync(join(tmpdir(), 'dubao-gallery-'));
  writeFileSync(join(dir, 'gallery.js'), out.outputFiles[0]!.text);
  writeFileSync(join(dir, 'pages.css'), readFileSync(join(ROOT, 'entrypoints/popup/pages.css'), 'utf8'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dubao gallery</title><link rel="icon" href="data:,"><link rel="stylesheet" href="pages.css">
<style>body{margin:16px;background:#eef1f4} #cards{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start} figure{margin:0;width:440px} figcaption{font:600 13px sans-serif;margin:0 0 6px;color:#333} section{margin-top:20px;max-width:900px;background:#fff;padding:8px}</style></head>
<body class="study"><div id="cards"></div><section><h2>Glossary rows</h2><div id="row"></div></section><section><h2>Study entry</h2><div id="entry"></div></section>
<script>globalThis.__name ??= (f) => f; window.__gallery = ${JSON.stringify({ cards, row, plainRow, item }).replace(/</g, '\\u003c')};</script><script src="gallery.js"></script></body></html>`,
  );
  server = await serveFixtures(dir);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the gallery', () => {
  it('draws every state of the card, a glossary row and a study entry, and is screenshotted', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url('index.html'));
    await page
      .waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 15_000 })
      .catch((e: Error) => {
        throw new Error(`the gallery did not draw: ${errors.join(' | ') || e.message}`);
      });
    const states = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('figure.gallery-card')].map((f) => {
        const root = f.querySelector('div')!.shadowRoot!;
        const q = (s: string) => [...root.querySelectorAll(s)].map((e) => (e.textContent ?? '').trim());
        const card = root.querySelector('.card')!.getBoundingClientRect();
        return {
          title: f.dataset.state!,
          headword: q('.headword')[0] ?? '',
          notes: q('.entry-source'),
          civic: q('.civic-badge'),
          ours: root.querySelectorAll('.sense-ours').length,
          save: q('button.save')[0] ?? '',
          error: q('span.save-error')[0] ?? '',
          senses: q('.senses li').length,
          height: card.height,
          width: card.width,
        };
      }),
    );
    await page.screenshot({ path: artifactPath('gallery.png'), fullPage: true });
    const by = (t: string) => states.find((s) => s.title === t)!;
    assert.equal(states.length, 9);
    assert.ok(by('civic term').civic.length > 0, 'the civic badge');
    assert.ok(
      by('composed from its parts').notes.join(' ').toLowerCase().includes('composed'),
      by('composed from its parts').notes.join(' | '),
    );
    assert.ok(by('made by rule').notes.join(' ').toLowerCase().includes('rule'), by('made by rule').notes.join(' | '));
    assert.ok(by('news sense').ours > 0 || by('news sense').notes.join(' ').includes('Dubao'), 'a sense of ours, said so');
    assert.match(by('saved').save, /^★ Saved/); // (then its key, S)
    assert.match(by('save error').error, /storage is full/, JSON.stringify(by('save error')));
    assert.ok(by('several readings (the shorter one)').headword.length < 3, by('several readings (the shorter one)').headword);
    assert.ok(by('long entry').height > 350, `a long card: ${by('long entry').height} px, ${by('long entry').senses} senses`);
    for (const s of states) assert.ok(s.width > 200 && s.height > 60, `${s.title}: drawn (${s.width}x${s.height})`);
    assert.equal(await page.locator('#row .g-row').count(), 4);
    assert.equal(await page.locator('#entry .s-item').count(), 3);
    // The reader's pinyin display: zhuyin (a bopomofo letter, no tone mark) and tone numbers, the
    // characters coloured one span per character; hidden, a button per row that shows it.
    const rows = page.locator('#row .g-row');
    const entries = page.locator('#entry .s-item');
    assert.match((await rows.nth(2).locator('.g-pinyin').textContent()) ?? '', /^[\u3100-\u312f\u02c7\u02ca\u02cb\u02d9 ]+$/u);
    assert.equal(
      await rows.nth(2).locator('.g-word [class^="tone-"]').count(),
      [...(await rows.nth(2).locator('.g-word').textContent())!].length,
    );
    assert.equal(await rows.nth(0).locator('.g-word [class^="tone-"]').count(), 0, 'uncoloured characters by default');
    assert.match((await entries.nth(1).locator('.s-head .pinyin').textContent()) ?? '', /^([a-zü]+[1-5] ?)+$/);
    for (const hidden of [rows.nth(3), entries.nth(2)]) {
      const button = hidden.locator('button.pinyin-toggle');
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.equal(await button.textContent(), 'Pinyin');
      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      assert.match((await button.textContent()) ?? '', /[āáǎàēéěèīíǐìōóǒòūúǔù]/, 'shown in tone marks');
      await button.click();
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
});
