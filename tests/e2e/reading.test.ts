/**
 * End to end in every browser under test (browsers.ts: Chromium and Firefox): the reader's path on our
 * news fixtures. Hover a simplified and a traditional page (first, middle and last character of a word),
 * the page glossary in the popup opened in a tab (popup.html?tabId=N), and the study list: a word saved
 * from the card, exported as Anki TSV, CSV and a JSON backup, removed, and imported again. The hygiene of
 * every page (no page or console errors, no request leaving the machine) is checked at the end. Screens
 * go to tests/e2e/artifacts/<browser>-*.png.
 *
 * Run after `npm run build && npm run build:firefox`:  node --import tsx --test tests/e2e/reading.test.ts
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { browsersUnderTest, launchBrowser, type ExtensionBrowser, type Tab } from './browsers';
import type { CardView } from './card';
import { artifactPath, serveFixtures, type FixtureServer } from './harness';

/** Viewport point of the `index`-th character of `word` in the element `selector` (in the page's world). */
function pointOf(tab: Tab, selector: string, word: string, index: number): Promise<{ x: number; y: number }> {
  return tab.evaluate(
    ({ selector, word, index }) => {
      const root = document.querySelector(selector)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const t = n as Text;
        const at = t.data.indexOf(word);
        if (at < 0) continue;
        const r = document.createRange();
        r.setStart(t, at + index);
        r.setEnd(t, at + index + 1);
        const b = r.getClientRects()[0]!;
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
      throw new Error(`no ${word} in ${selector}`);
    },
    { selector, word, index },
  );
}

async function park(tab: Tab): Promise<void> {
  await tab.mouseMove(2, 2);
  await tab.waitProbe((p) => !p.card?.visible, undefined, 3_000).catch(() => undefined);
}

async function hover(tab: Tab, selector: string, word: string, index: number): Promise<CardView> {
  const before = (await tab.probe())?.shows ?? 0;
  // Scrolled into view first, if needed (a scroll hides the card: it is over before the pointer moves).
  if (
    await tab.evaluate((s) => {
      const r = document.querySelector(s)!.getBoundingClientRect();
      if (r.top >= 0 && r.bottom <= innerHeight) return false;
      document.querySelector(s)!.scrollIntoView({ block: 'nearest' });
      return true;
    }, selector)
  )
    await tab.wait(200);
  const p = await pointOf(tab, selector, word, index);
  await tab.mouseMove(p.x, p.y);
  return (await tab.waitProbe((v) => !!v.card?.visible && v.shows > before, undefined, 8_000)).card!;
}

for (const browserName of browsersUnderTest()) {
  describe(`reading news (${browserName})`, { timeout: 180_000 }, () => {
    let b: ExtensionBrowser;
    let server: FixtureServer;
    const tabs: Tab[] = [];
    const open = async (path: string) => {
      const tab = await b.open(server.url(path));
      tabs.push(tab);
      return tab;
    };

    before(async () => {
      b = await launchBrowser(browserName);
      server = await serveFixtures();
    });

    after(async () => {
      await b?.close();
      await server?.close();
    });

    it('hover on a simplified page: the same word from its first, middle and last character, with pinyin, senses and its civic note', async () => {
      const tab = await open('news-simplified.html');
      for (const index of [0, 1, 3]) {
        await park(tab);
        const c = await hover(tab, '#p1', '综治中心', index);
        assert.equal(c.headword, '综治中心', `character ${index}`);
      }
      const c = await hover(tab, '#p6', '两学一做', 2);
      assert.equal(c.headword, '两学一做');
      assert.ok(c.pinyin.join(' ').includes('liǎng xué yī zuò'), c.pinyin.join(' '));
      assert.ok(c.civic.length > 0 && c.explanation[0]!.length > 20, 'the civic badge and explanation');
      assert.ok(c.senses.length > 0);
      await tab.screenshot(artifactPath(`${browserName}-hover-simplified.png`));
    });

    it('hover on a traditional page: the traditional headword, its simplified form and reading', async () => {
      const tab = await open('news-traditional.html');
      await park(tab);
      const c = await hover(tab, '#t1', '立法會', 1);
      assert.equal(c.headword, '立法會');
      assert.equal(c.other, '立法会');
      assert.ok(c.pinyin.join(' ').startsWith('lì fǎ huì'), c.pinyin.join(' '));
      await park(tab);
      const d = await hover(tab, '#t2', '公營房屋', 3);
      assert.ok(d.headword.includes('房屋') || d.headword.includes('公營'), d.headword);
      await tab.screenshot(artifactPath(`${browserName}-hover-traditional.png`));
    });

    it('the popup glossary (opened in a tab for the page): civic terms first with pinyin, gloss and counts; a click shows the word in the page', async () => {
      const news = await open('news-simplified.html');
      const tabId = await news.tabId();
      assert.ok(Number.isInteger(tabId));
      const popup = await b.openExtensionPage(`popup.html?tabId=${tabId}`);
      tabs.push(popup);
      await popup.waitFor(() => document.querySelectorAll('.g-row').length > 5, undefined, 20_000);
      const rows = await popup.evaluate(() =>
        [...document.querySelectorAll('section.g-section')].map((s) => ({
          label: s.getAttribute('aria-label'),
          words: [...s.querySelectorAll<HTMLElement>('.g-row')].map((r) => ({
            word: r.dataset.word ?? '',
            pinyin: r.querySelector('.g-pinyin')?.textContent?.trim() ?? '',
            gloss: r.querySelector('.g-gloss')?.textContent?.trim() ?? '',
          })),
        })),
      );
      assert.equal(rows[0]!.label, 'Civic and political terms');
      const civic = rows[0]!.words.map((w) => w.word);
      for (const w of ['综治中心', '两学一做', '三严三实']) assert.ok(civic.includes(w), `${w} among the civic terms: ${civic.join(' ')}`);
      const twoLearn = rows[0]!.words.find((w) => w.word === '两学一做')!;
      assert.ok(twoLearn.pinyin.includes('liǎng') && twoLearn.gloss.length > 0, JSON.stringify(twoLearn));
      assert.ok(rows[1]!.words.length > 5, 'other words');
      await popup.screenshot(artifactPath(`${browserName}-popup-glossary.png`));
      // A click on a word shows it in the page (scrolled to, marked): the page's selection is left alone.
      await popup.click('.g-row[data-word="三严三实"] .g-word');
      await popup.waitFor(() => !document.querySelector('.g-status[data-error]'), undefined, 2_000);
    });

    it('the study list: a word saved from the card is exported (Anki TSV, CSV, JSON backup), removed, and imported again', async () => {
      await b.storageClear();
      const tab = await open('news-simplified.html');
      await park(tab);
      const c = await hover(tab, '#p2', '党组书记', 1);
      assert.equal(c.headword, '党组书记');
      await tab.press('s');
      const saved = await tab.waitProbe(
        (p) => !!p.card && !p.card.saveBusy && (p.card.savePressed === 'true' || p.card.saveError),
        undefined,
        10_000,
      );
      assert.equal(saved.card!.savePressed, 'true', saved.card!.saveText);
      const study = await b.openExtensionPage('study.html');
      tabs.push(study);
      await study.waitFor(() => document.querySelector('.s-count')?.textContent?.trim() === '1 word', undefined, 10_000);
      const tsv = await study.download(() => study.click('Anki (TSV)'));
      assert.match(tsv.name, /^dubao-anki-\d{4}-\d{2}-\d{2}\.tsv$/);
      assert.ok(
        tsv.text.split('\n').some((l) => l.startsWith('党组书记\t黨組書記\tdǎng zǔ shū jì\t')),
        tsv.text.slice(0, 300),
      );
      const csv = await study.download(() => study.click('CSV'));
      assert.ok(csv.text.includes('党组书记'));
      const backup = await study.download(() => study.click('JSON backup'));
      const parsed = JSON.parse(backup.text) as { items: Array<{ simplified: string; contexts: Array<{ sentence: string }> }> };
      const item = parsed.items.find((i) => i.simplified === '党组书记')!;
      assert.ok(item.contexts[0]!.sentence.includes('党组书记李明华'), 'with its sentence');
      // Removed, then imported from the backup: the word and its sentence are back.
      await b.storageClear();
      await study.reload();
      await study
        .waitFor(
          () => /^0 words|No words/.test(document.querySelector('.s-count')?.textContent?.trim() ?? document.body.textContent ?? ''),
          undefined,
          10_000,
        )
        .catch(() => undefined);
      const path = artifactPath(`${browserName}-backup.json`);
      writeFileSync(path, backup.text);
      await study.setInputFiles('input[type="file"][aria-label="Import a JSON backup, CSV or TSV file"]', path);
      // The import's own message first (the count alone may still be the list's from before the clear).
      await study.waitFor(
        () => /Imported (dubao-|firefox-backup|chromium-backup)/.test(document.body.textContent ?? ''),
        undefined,
        10_000,
      );
      await study.waitFor(() => document.querySelector('.s-count')?.textContent?.trim() === '1 word', undefined, 10_000);
      const message = await study.evaluate(() => document.body.textContent ?? '');
      assert.match(message, /Imported dubao-|Imported firefox-backup|Imported chromium-backup/);
      assert.ok(JSON.stringify(await b.storageGet()).includes('党组书记李明华'), 'the sentence is stored again');
      await study.screenshot(artifactPath(`${browserName}-study-imported.png`));
    });

    it('no page error, no console error, and no request left the machine', () => {
      for (const t of tabs) {
        assert.deepEqual(t.problems.pageErrors, []);
        assert.deepEqual(t.problems.consoleErrors, []);
      }
      assert.deepEqual(b.externalRequests, []);
    });
  });
}
