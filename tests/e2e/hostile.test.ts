/**
 * End to end, issue 10: the page is hostile. Pages written for these tests (tests/e2e/hostile/) try to
 * drive Dubao with their own events, to read what the reader looks up and saves, to find out that Dubao
 * is installed and switch it off, to break the card by claiming its element name, and they put the card
 * in awkward places (fields inside web components, iframes, zoomed or transformed roots, right-to-left
 * text, a dialog of their own that closes on Esc). Every page records what a page script can observe
 * (hostile/spy.js: messages, DOM mutations, attributes, CSS highlights, adopted style sheets, keys).
 *
 * The browser is a parameter (browsers.ts): DUBAO_E2E_BROWSERS=chromium (default). Run after
 * `npm run build`:  node --import tsx --test tests/e2e/hostile.test.ts
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browsersUnderTest, launchBrowser, type ExtensionBrowser, type Tab } from './browsers';
import { HOVER_DELAY_MS, type CardView, type Rect } from './card';
import { artifactPath, ROOT, serveFixtures, type FixtureServer } from './harness';

interface Spy {
  messages: Array<{ data: string; origin: string }>;
  added: Array<{ tag: string; attributes: string[]; openShadow: boolean; text: string }>;
  attributes: string[];
  highlights: string[];
  sheets: string[];
  dataAttributes: string[];
  openShadows: string[];
  customEvents: string[];
  keys: string[];
  errors: string[];
}

declare const window: Window & {
  __spy: Spy;
  __pointOf(selector: string, word: string, index: number): { x: number; y: number };
  __drive(selector: string, words: string[], ms: number): Promise<void>;
};

const HAN = /[\u3400-\u9fff]/;

async function card(tab: Tab, frame?: string): Promise<CardView | null> {
  return (await tab.probe(frame))?.card ?? null;
}

async function showsIn(tab: Tab, frame?: string): Promise<number> {
  return (await tab.probe(frame).catch(() => null))?.shows ?? 0;
}

/** The viewport rectangle of `word` (its first line) in the frame's own viewport. */
function wordRect(tab: Tab, selector: string, word: string, frame?: string): Promise<Rect> {
  return tab.evaluate(
    ({ selector, word }) => {
      const walker = document.createTreeWalker(document.querySelector(selector)!, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const n = walker.currentNode as Text;
        const at = n.data.indexOf(word);
        if (at < 0) continue;
        const r = document.createRange();
        r.setStart(n, at);
        r.setEnd(n, at + word.length);
        const b = r.getClientRects()[0]!;
        return { left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height };
      }
      throw new Error(`no ${word}`);
    },
    { selector, word },
    frame,
  );
}

/** Moves the real mouse onto a character (in a frame, by the frame's name) and waits for a new card. */
async function hover(tab: Tab, selector: string, word: string, index = 0, frame?: string): Promise<CardView> {
  const before = await showsIn(tab, frame);
  const p = await tab.evaluate(({ s, w, i }) => window.__pointOf(s, w, i), { s: selector, w: word, i: index }, frame);
  const o = await tab.frameOffset(frame);
  await tab.mouseMove(p.x + o.x, p.y + o.y);
  await tab.waitProbe((p) => !!p.card?.visible && p.shows > before, frame);
  return (await card(tab, frame))!;
}

async function park(tab: Tab): Promise<void> {
  await tab.mouseMove(2, 2);
  await tab.wait(HOVER_DELAY_MS + 300);
}

function waitSaved(tab: Tab, frame?: string): Promise<unknown> {
  return tab.waitProbe(
    (p) => !!p.card && p.card.saveLabel !== null && !p.card.saveBusy && (p.card.savePressed === 'true' || p.card.saveError),
    frame,
    10_000,
  );
}

const spyOf = (tab: Tab, frame?: string) => tab.evaluate(() => window.__spy, undefined, frame);

/** The words of the study list, whatever the storage layout: any Han text stored. */
async function storedText(b: ExtensionBrowser): Promise<string> {
  return JSON.stringify(await b.storageGet());
}

/** The card beside the word: just below or just above it, aligned with it unless pushed inside the viewport. */
function assertBeside(c: CardView, word: Rect, label: string): void {
  const r = c.rect;
  assert.ok(
    r.left >= 0 && r.top >= 0 && r.right <= c.viewport.width + 0.5 && r.bottom <= c.viewport.height + 0.5,
    `${label}: card inside the viewport ${JSON.stringify(r)} in ${JSON.stringify(c.viewport)}`,
  );
  const below = Math.abs(r.top - (word.bottom + 6)) <= 2;
  const above = Math.abs(r.bottom - (word.top - 6)) <= 2;
  assert.ok(below || above, `${label}: card right below or above the word: card ${JSON.stringify(r)}, word ${JSON.stringify(word)}`);
  assert.ok(
    Math.abs(r.left - word.left) <= 2 || r.right >= c.viewport.width - 9,
    `${label}: card aligned with the word: ${r.left} vs ${word.left}`,
  );
}

/** The marks cover the word (first line). */
function assertMarked(c: CardView, word: Rect, label: string): void {
  assert.ok(c.marks.length > 0, `${label}: the word is marked`);
  const m = c.marks[0]!;
  assert.ok(
    Math.abs(m.left - word.left) <= 1.5 && Math.abs(m.top - word.top) <= 1.5 && Math.abs(m.width - word.width) <= 2,
    `${label}: mark ${JSON.stringify(m)} on word ${JSON.stringify(word)}`,
  );
}

for (const browserName of browsersUnderTest()) {
  describe(`hostile pages (${browserName})`, () => {
    let b: ExtensionBrowser;
    let server: FixtureServer;
    const tabs: Tab[] = [];
    const open = async (path: string) => {
      const tab = await b.open(server.url(path));
      tabs.push(tab);
      return tab;
    };
    /** Card width on a plain page: the size the card must have on zoomed pages too. */
    let plainWidth = 0;

    before(async () => {
      b = await launchBrowser(browserName);
      server = await serveFixtures(join(ROOT, 'tests/e2e/hostile'));
    });

    after(async () => {
      await b?.close();
      await server?.close();
    });

    it('events made by a page script neither show a card nor save a word; the reader’s own pointer does', async () => {
      await b.storageClear();
      const tab = await open('news.html');
      await tab.wait(300);
      await tab.evaluate(() => window.__drive('#a1', ['网格化', '矛盾纠纷', '群众'], 3_000));
      assert.equal(await showsIn(tab), 0, 'no card for synthetic pointer events');
      const stored = await storedText(b);
      assert.ok(!HAN.test(stored), `nothing saved by synthetic keys: ${stored.slice(0, 200)}`);
      // The reader's pointer and key, on the same page: a card, and S saves.
      const c = await hover(tab, '#a1', '矛盾纠纷', 1);
      assert.equal(c.headword, '矛盾纠纷');
      await tab.press('s');
      await waitSaved(tab);
      assert.ok((await storedText(b)).includes('矛盾纠纷'), 'a real S saves');
    });

    it('the page learns nothing: no messages, no attributes, no open shadow root, no CSS highlights, no style sheets', async () => {
      const event = `${b.extensionId}:content:wxt:content-script-started`;
      const tab = await open(`news.html?listen=${encodeURIComponent(event)}`);
      await tab.wait(300);
      const c = await hover(tab, '#a2', '人大代表', 1);
      assert.equal(c.headword, '人大代表');
      await tab.press('s');
      await waitSaved(tab);
      const after = await card(tab);
      assert.equal(after?.savePressed, 'true');
      await tab.press(']');
      await tab.wait(200);
      const spy = await spyOf(tab);
      const seen = await tab.evaluate(() => ({
        customElement: document.querySelector('dubao-card') !== null,
        rootChildren: [...document.documentElement.children]
          .filter((e) => e !== document.head && e !== document.body)
          .map((e) => ({
            tag: e.tagName,
            shadow: e.shadowRoot !== null,
            attributes: [...e.attributes].map((a) => a.name),
            text: e.textContent,
            html: e.innerHTML,
          })),
      }));
      await tab.screenshot(artifactPath('hostile-page-view.png'));
      assert.deepEqual(spy.messages, [], 'no window messages (WXT announced every start with one)');
      assert.deepEqual(spy.customEvents, [], 'no start-up event on document');
      assert.deepEqual(spy.highlights, [], 'no CSS highlight a page can read');
      assert.deepEqual(spy.sheets, [], 'no adopted style sheet');
      assert.deepEqual(spy.dataAttributes, [], 'no data attributes');
      assert.deepEqual(spy.openShadows, [], 'no open shadow root');
      assert.ok(!spy.attributes.some((a) => HAN.test(a) || /data-|word|ms=/i.test(a)), `attribute changes: ${spy.attributes.join(' | ')}`);
      for (const el of spy.added) {
        assert.ok(
          !el.openShadow && !HAN.test(el.text) && !el.attributes.some((a) => HAN.test(a) || a.startsWith('data-')),
          JSON.stringify(el),
        );
      }
      assert.equal(seen.customElement, false);
      for (const el of seen.rootChildren) {
        assert.equal(el.shadow, false, 'the shadow root is closed');
        assert.deepEqual(el.attributes, ['style'], `only a style attribute: ${el.attributes}`);
        assert.equal(`${el.text}${el.html}`, '', 'nothing of the card in the light DOM');
      }
    });

    it('a page that replays WXT’s start-up event or message cannot switch Dubao off', async () => {
      const tab = await open('news.html');
      await tab.wait(300);
      const name = `${b.extensionId}:content:wxt:content-script-started`;
      await tab.evaluate((n) => {
        for (const contentScriptName of ['content', 'reader']) {
          const detail = { contentScriptName, messageId: 'page' };
          document.dispatchEvent(new CustomEvent(n, { detail }));
          window.dispatchEvent(new CustomEvent(n, { detail }));
          window.postMessage({ type: n, ...detail }, '*');
        }
      }, name);
      await tab.wait(300);
      const c = await hover(tab, '#a3', '兜底保障', 2);
      assert.equal(c.headword, '兜底保障');
    });

    it('a page that claimed the element names (customElements.define) does not break the card', async () => {
      const tab = await open('claim.html');
      await tab.wait(300);
      const c = await hover(tab, '#c1', '市政府', 1);
      assert.equal(c.headword, '市政府');
      assert.ok(c.visible);
      await park(tab);
      const again = await hover(tab, '#c1', '贷款', 0);
      assert.equal(again.headword, '贷款');
      assert.deepEqual(tab.problems.pageErrors, []);
      assert.deepEqual((await spyOf(tab)).errors, []);
    });

    for (const mode of ['open', 'closed'] as const) {
      it(`keys typed into a field inside a page’s web component (${mode} shadow root) stay in the field`, async () => {
        await b.storageClear();
        const tab = await open('shadow-input.html');
        await tab.wait(300);
        await tab.evaluate(
          (id) => (document.getElementById(id) as HTMLElement & { input: HTMLInputElement }).input.focus(),
          `${mode}-search`,
        );
        const c = await hover(tab, '#s1', '志愿者', 1);
        assert.equal(c.headword, '志愿者');
        await tab.type('s[]S');
        await tab.press('Escape');
        const value = await tab.evaluate(
          (id) => (document.getElementById(id) as HTMLElement & { input: HTMLInputElement }).input.value,
          `${mode}-search`,
        );
        assert.equal(value, 's[]S', 'every key reached the field');
        const now = (await card(tab))!;
        assert.equal(now.headword, '志愿者', 'the card did not step');
        assert.ok(now.visible, 'Esc in a field is the field’s, not the card’s');
        assert.ok((await spyOf(tab)).keys.includes('Escape'), 'the page got Esc');
        assert.ok(!(await storedText(b)).includes('志愿者'), 'nothing saved');
      });
    }

    it('keys pressed in the top document reach a card open in an iframe (through the extension)', async () => {
      await b.storageClear();
      const tab = await open('frames.html');
      await tab.wait(400);
      const c = await hover(tab, '#f1', '安全生产', 2, 'inner');
      assert.equal(c.headword, '安全生产');
      // The focus is in the top document (nothing was clicked): the keys go there first.
      assert.equal(await tab.evaluate(() => document.hasFocus() && document.activeElement === document.body), true);
      await tab.press('s');
      await waitSaved(tab, 'inner');
      assert.equal((await card(tab, 'inner'))!.savePressed, 'true');
      assert.ok((await storedText(b)).includes('安全生产'), 'saved');
      await tab.press('[');
      await tab.waitProbe((p) => p.word !== '安全生产', 'inner');
      assert.notEqual((await card(tab, 'inner'))!.headword, '安全生产', 'stepped to a shorter reading');
      await tab.press(']');
      await tab.waitProbe((p) => p.word === '安全生产', 'inner');
      const topKeys = (await spyOf(tab)).keys;
      await tab.press('Escape');
      await tab.waitProbe((p) => !p.card?.visible, 'inner');
      assert.ok(!topKeys.includes('s') && !topKeys.includes('['), `the card's keys were not also the page's: ${topKeys}`);
      assert.ok((await tab.probe())!.keysRelayed >= 4);
    });

    it('the card keeps its size and place on a page without zoom (reference)', async () => {
      const tab = await open('layout.html');
      await tab.wait(300);
      const c = await hover(tab, '#l1', '营商环境', 1);
      const w = await wordRect(tab, '#l1', '营商环境');
      assertBeside(c, w, 'plain');
      assertMarked(c, w, 'plain');
      plainWidth = c.rect.width;
    });

    for (const zoom of ['2', '1.25']) {
      it(`html { zoom: ${zoom} }: the card is drawn at its own size, beside the word, inside the viewport`, async () => {
        const tab = await open(`layout.html?zoom=${zoom}`);
        await tab.wait(300);
        const c = await hover(tab, '#l1', '营商环境', 1);
        const w = await wordRect(tab, '#l1', '营商环境');
        await tab.screenshot(artifactPath(`hostile-zoom-${zoom}.png`));
        assert.equal(c.headword, '营商环境');
        assertBeside(c, w, `zoom ${zoom}`);
        assertMarked(c, w, `zoom ${zoom}`);
        assert.ok(Math.abs(c.rect.width - plainWidth) <= plainWidth * 0.1, `card width ${c.rect.width} vs ${plainWidth} unzoomed`);
      });
    }

    it('html { transform: translateZ(0) } on a scrolled page: the card is beside the word, on screen', async () => {
      const tab = await open('layout.html?transform=1');
      await tab.wait(300);
      await tab.evaluate(() => document.getElementById('l2')!.scrollIntoView({ block: 'center' }));
      await tab.wait(200);
      assert.ok((await tab.evaluate(() => window.scrollY)) > 1000, 'scrolled');
      const c = await hover(tab, '#l2', '粮食安全', 0);
      const w = await wordRect(tab, '#l2', '粮食安全');
      await tab.screenshot(artifactPath('hostile-transform.png'));
      assertBeside(c, w, 'transformed root');
      assertMarked(c, w, 'transformed root');
    });

    it('right-to-left paragraphs: the first and the last character of a Chinese run give its card', async () => {
      const tab = await open('rtl.html');
      await tab.wait(300);
      for (const [sel, word] of [
        ['#r1', '人民代表大会'],
        ['#r2', '乡村振兴'],
      ] as const) {
        for (const index of [0, word.length - 1]) {
          await park(tab);
          const c = await hover(tab, sel, word, index);
          assert.equal(c.headword, word, `${word}, character ${index}`);
          assertBeside(c, await wordRect(tab, sel, word), `rtl ${word}`);
          assert.equal(c.look.direction, 'ltr', 'the card is not mirrored by the page’s direction');
        }
      }
      await tab.screenshot(artifactPath('hostile-rtl.png'));
    });

    it('Esc closes the card and otherwise reaches the page; other keys pass through; a closed card stays closed on its word', async () => {
      const tab = await open('dialog.html');
      await tab.wait(300);
      // No card open: the page's dialog closes on Esc.
      await tab.press('Escape');
      assert.equal(await tab.evaluate(() => document.getElementById('dialog')!.hidden), true, 'no card: Esc is the page’s');
      await tab.evaluate(() => void (document.getElementById('dialog')!.hidden = false));
      const c = await hover(tab, '#d1', '门诊', 1);
      assert.equal(c.headword, '门诊');
      await tab.press('x');
      await tab.press('ArrowDown');
      assert.ok((await card(tab))!.visible, 'keys the card does not use leave it open');
      await tab.press('Escape');
      assert.equal((await card(tab))!.visible, false, 'Esc closed the card');
      assert.equal(await tab.evaluate(() => document.getElementById('dialog')!.hidden), false, 'that Esc was the card’s');
      // The pointer moves a little on the same word: the card the reader closed does not come back.
      const p = await tab.evaluate(() => window.__pointOf('#d1', '门诊', 1));
      const before = await showsIn(tab);
      await tab.mouseMove(p.x + 1, p.y + 1);
      await tab.mouseMove(p.x, p.y - 1);
      await tab.wait(HOVER_DELAY_MS + 300);
      assert.equal(await showsIn(tab), before, 'no card again on the closed word');
      await tab.press('Escape');
      assert.equal(await tab.evaluate(() => document.getElementById('dialog')!.hidden), true, 'the next Esc closes the page’s dialog');
      const keys = (await spyOf(tab)).keys;
      assert.ok(keys.includes('x') && keys.includes('ArrowDown'), `the page got the other keys: ${keys}`);
      // Another word: cards again.
      const next = await hover(tab, '#d1', '上班族', 1);
      assert.equal(next.headword, '上班族');
    });

    it('no page error, and no request left the machine', () => {
      for (const t of tabs) assert.deepEqual(t.problems.pageErrors, []);
      assert.deepEqual(b.externalRequests, []);
    });
  });
}
