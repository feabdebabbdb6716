/**
 * End to end: the reader's settings on the content side (issues 12 and 13), in the built extension
 * (.output/chrome-mv3) in Debian Chromium. Settings are written to storage.sync from the service worker,
 * as the settings page and the popup write them, and open pages must follow without a reload.
 *   npm run build && node --import tsx --test tests/e2e/reader-settings.test.ts
 *
 * Checks: a change reaches an open page (time printed); the card only while Shift is held; a site
 * switched off has no listener on the page and turns on without a reload; the dark and light card meet
 * WCAG AA as drawn (screenshots); the level on the card ("HSK 4" 2025, the other standard, a civic
 * category), K / I / U / Z on the card and in a text field; ← → to the neighbouring words, rebound keys;
 * pinyin as zhuyin, hidden until H, characters coloured by tone; speech without a Chinese voice says so
 * and nothing is spoken unasked; pinyin over the page from its key, with the glossary and the clipboard
 * free of pinyin and the DOM restored. Screenshots: tests/e2e/artifacts/settings-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { hover as hoverIn, nextCard, park as parkIn, pointOf, readCard, shows as showsIn } from './card';
import {
  artifactPath,
  contentWorld,
  launchExtension,
  serveFixtures,
  watchPage,
  within,
  type ContentWorld,
  type ExtensionSession,
  type FixtureServer,
  type PageProblems,
} from './harness';

declare const chrome: {
  storage: {
    sync: { set(v: object): Promise<void>; clear(): Promise<void> };
    local: { get(k: string | null): Promise<Record<string, unknown>>; remove(k: string): Promise<void> };
  };
  tabs: {
    query(q: object): Promise<Array<{ id?: number; url?: string }>>;
    sendMessage(tab: number, msg: unknown, o?: object): Promise<unknown>;
  };
};

let ext: ExtensionSession;
let server: FixtureServer;
let page: Page;
let world: ContentWorld;
let main: Frame;
let problems: PageProblems;

async function worker() {
  return ext.serviceWorker();
}

/** Writes the settings item (and the sites item) as the settings page would, and waits until the page applied it. */
async function setSettings(settings: object, sites: object = { v: 1, hosts: {} }): Promise<number> {
  const before = await world.evaluate(
    main,
    () => (globalThis as unknown as { dubaoProbe: { settingsApplied: { count: number } } }).dubaoProbe.settingsApplied.count,
  );
  const t0 = await within(
    20_000,
    'the service worker did not store the settings in 20 s',
    (await worker()).evaluate(
      async ({ settings, sites }) => {
        const t = Date.now();
        await chrome.storage.sync.set({ settings: { v: 1, ...settings }, sites });
        return t;
      },
      { settings, sites },
    ),
  );
  const at = await world.waitFor(
    main,
    (n) => {
      const a = (globalThis as unknown as { dubaoProbe: { settingsApplied: { count: number; at: number } } }).dubaoProbe.settingsApplied;
      return a.count > n ? performance.timeOrigin + a.at : 0;
    },
    before,
  );
  return at - t0;
}

const hover = (selector: string, word: string, index = 0) => hoverIn(page, world, main, selector, word, index);
const park = () => parkIn(page, world, main);
const shows = () => showsIn(world, main);

/** Text of the card's parts (read in the content world: the card's shadow root is closed). */
function cardText(selector: string): Promise<string[]> {
  return world.evaluate(
    main,
    (sel) => {
      const root = (globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } | null } }).dubaoProbe.card?.shadow;
      return root ? [...root.querySelectorAll(sel)].map((e) => (e.textContent ?? '').trim()) : [];
    },
    selector,
  );
}

async function screenshotCard(name: string): Promise<void> {
  const card = (await readCard(world, main))!;
  const r = card.rect;
  await page.screenshot({
    path: artifactPath(name),
    clip: {
      x: Math.max(0, r.left - 40),
      y: Math.max(0, r.top - 60),
      width: Math.min(1100, r.width + 80),
      height: Math.min(800, r.height + 100),
    },
  });
}

before(async () => {
  ext = await launchExtension();
  server = await serveFixtures();
  page = await ext.context.newPage();
  problems = watchPage(page);
  world = await contentWorld(ext, page);
  await page.goto(server.url('reader-controls.html'));
  main = page.mainFrame();
  await world.waitFor(main, () => (globalThis as unknown as { dubaoProbe?: { active: boolean | null } }).dubaoProbe?.active === true);
});

after(async () => {
  await ext?.close();
  await server?.close();
});

describe('settings on the content side', { timeout: 180_000 }, () => {
  it('reach an open page without a reload', async () => {
    const times: number[] = [];
    for (const size of [16, 14, 18, 14]) times.push(await setSettings({ cardFontSize: size }));
    console.log(
      `# settings change written in the service worker -> applied by an open page: ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
    );
    const card = await hover('#a1', '经济', 0);
    assert.equal(card.headword, '经济');
    await setSettings({ cardFontSize: 20 });
    const font = await world.evaluate(main, () => {
      const root = (globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow;
      return getComputedStyle(root.querySelector('.card')!).fontSize;
    });
    assert.equal(font, '20px', 'the open card follows the new text size');
    await setSettings({});
    await park();
  });

  it('names the words its senses refer to in one script (CC-CEDICT writes “traditional|simplified”)', async () => {
    const card = await hover('#a3', '社保', 0);
    assert.equal(card.headword, '社保');
    assert.ok(card.senses.includes('social insurance (abbr. for 社会保险[shè huì bǎo xiǎn])'), JSON.stringify(card.senses));
    assert.deepEqual(
      card.senses.filter((s) => /\p{Script=Han}\|/u.test(s)),
      [],
      'no pair left',
    );
    await park();
  });

  it('opens cards only while Shift is held when the trigger is Shift', async () => {
    await setSettings({ hoverTrigger: 'shift' });
    await park();
    const before = await shows();
    const { x, y } = await pointOf(main, '#a1', '银行', 1);
    await page.mouse.move(x, y, { steps: 2 });
    await page.waitForTimeout(400);
    assert.equal(await shows(), before, 'no card without Shift');
    // Pressing Shift with the pointer resting on the word opens its card.
    await page.keyboard.down('Shift');
    let card = await nextCard(world, main, before);
    assert.equal(card.headword, '银行');
    await page.keyboard.up('Shift');
    await park();
    // Moving with Shift held opens the card of the word it rests on.
    await page.keyboard.down('Shift');
    const n = await shows();
    const p = await pointOf(main, '#a2', '政策', 0);
    await page.mouse.move(p.x, p.y, { steps: 3 });
    card = await nextCard(world, main, n);
    assert.equal(card.headword, '政策');
    await page.keyboard.up('Shift');
    await setSettings({});
    await park();
  });

  it('does nothing on a site switched off (no listener on the page), and turns on without a reload', async () => {
    const offPage = await ext.context.newPage();
    const offWorld = await contentWorld(ext, offPage);
    // Switched off for 127.0.0.1 before the page loads.
    await (await worker()).evaluate(() => chrome.storage.sync.set({ sites: { v: 1, hosts: { '127.0.0.1': 'off' } } }));
    await offPage.goto(server.url('reader-controls.html'));
    const f = offPage.mainFrame();
    await offWorld.waitFor(f, () => (globalThis as unknown as { dubaoProbe?: { active: boolean | null } }).dubaoProbe?.active === false);
    const off = await offWorld.listeners(f);
    assert.deepEqual(off, { window: [], document: [], root: [] }, 'no listener of Dubao’s on the page');
    const { x, y } = await pointOf(f, '#a1', '经济', 0);
    await offPage.mouse.move(x, y, { steps: 2 });
    await offPage.waitForTimeout(400);
    assert.equal(await showsIn(offWorld, f), 0, 'no card');
    assert.deepEqual(
      await offPage.evaluate(() => [...document.documentElement.children].map((e) => e.tagName)),
      ['HEAD', 'BODY'],
      'nothing added to the page',
    );
    // The site's rule removed: the page follows the switch (on) at once.
    await (await worker()).evaluate(() => chrome.storage.sync.set({ sites: { v: 1, hosts: {} } }));
    await offWorld.waitFor(f, () => (globalThis as unknown as { dubaoProbe: { active: boolean | null } }).dubaoProbe.active === true);
    const on = await offWorld.listeners(f);
    assert.ok(on.window.includes('pointermove') && on.window.includes('keydown'), `listening now: ${JSON.stringify(on)}`);
    const card = await hoverIn(offPage, offWorld, f, '#a1', '经济', 1);
    assert.equal(card.headword, '经济');
    console.log(`# listeners of Dubao on a page: site off ${JSON.stringify(off)}; on ${JSON.stringify(on)}`);
    await offWorld.close();
    await offPage.close();
    await page.bringToFront();
  });

  it('draws the card in the dark and the light theme with WCAG AA contrast (screenshots)', async () => {
    for (const theme of ['dark', 'light'] as const) {
      await setSettings({ theme, toneColors: { scheme: 'standard' } });
      await park();
      await hover('#a2', '党组书记', 1);
      const low = await world.evaluate(main, () => {
        const root = (globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow;
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        const lum = (c: string) => {
          const [r, g, b] = rgb(c).map((v) => {
            const s = v / 255;
            return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          }) as [number, number, number];
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = (a: string, b: string) => {
          const [x, y] = [lum(a), lum(b)];
          return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
        };
        /** The background an element is drawn on: its own, else the nearest ancestor's. */
        const bgOf = (el: Element | null): string => {
          for (let e = el; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
          }
          return 'rgb(255, 255, 255)';
        };
        const out: string[] = [];
        const seen: string[] = [];
        for (const sel of [
          '.headword',
          '.senses li',
          '.meta .level',
          '.meta',
          '.word-state',
          '.keys',
          '.civic-explanation',
          '.civic-badge',
          'button.save',
          '.mark-known',
          '.entry-head .pinyin [class^="tone-"]',
          '.part-gloss',
        ]) {
          const el = root.querySelector(sel);
          if (!el) continue;
          const r = ratio(getComputedStyle(el).color, bgOf(el));
          seen.push(`${sel} ${r.toFixed(2)}`);
          if (r < 4.5) out.push(`${sel}: ${r.toFixed(2)}`);
        }
        const card = root.querySelector('.card')!;
        return { low: out, seen, theme: card.getAttribute('data-dubao-theme'), bg: getComputedStyle(card).backgroundColor };
      });
      assert.equal(low.theme, theme);
      assert.deepEqual(low.low, [], `${theme}: ${low.seen.join(', ')}`);
      if (theme === 'dark') assert.ok(lum255(low.bg) < 0.2, `a dark card: ${low.bg}`);
      await screenshotCard(`settings-card-${theme}.png`);
    }
    await setSettings({});
    await park();
  });

  it('shows the level as “HSK N” with its standard’s year, the frequency band, or the civic category (screenshot)', async () => {
    await hover('#a1', '经济', 0);
    assert.deepEqual(await cardText('.meta .level'), ['HSK 42025']);
    assert.deepEqual(await cardText('.meta .level-year'), ['2025']);
    assert.deepEqual(await cardText('.meta .band'), ['top 1,000']);
    assert.deepEqual(await cardText('.word-state'), ['New']);
    await screenshotCard('settings-card-level.png');
    await setSettings({ hskStandard: 2021 });
    assert.deepEqual(await cardText('.meta .level'), ['HSK 32021'], 'the open card follows the standard');
    await setSettings({});
    await park();
    await hover('#a2', '党组书记', 0);
    assert.deepEqual(await cardText('.meta .level'), ['Party'], 'no HSK level: the civic category');
    await park();
  });

  it('K, I, U and Z mark the word, show it at once, undo; nothing happens while typing in a field', async () => {
    await hover('#a3', '社保', 0);
    const word = (await readCard(world, main))!.headword;
    await page.keyboard.press('k');
    await world.waitFor(
      main,
      () => (globalThis as unknown as { dubaoProbe: { marks: Array<{ ok: boolean }> } }).dubaoProbe.marks.length > 0,
    );
    assert.deepEqual(await cardText('.word-state'), ['Known']);
    assert.deepEqual(await cardText('.mark-status'), ['Marked known.UndoZ']);
    // the word states' buckets (utils/knowledge/store.ts), merged
    const stored = async () => {
      const all = (await (await worker()).evaluate(() => chrome.storage.local.get(null))) as Record<string, unknown>;
      const known: Record<string, number> = {};
      for (const [k, v] of Object.entries(all))
        if (k.startsWith('wordStates/')) Object.assign(known, (JSON.parse(v as string) as { known: object }).known);
      return { known };
    };
    assert.ok(word in ((await stored()).known ?? {}), 'stored as known');
    await page.keyboard.press('z');
    await world.waitFor(
      main,
      () =>
        (globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow.querySelector('.mark-status')
          ?.textContent === 'Undone.',
    );
    assert.deepEqual(await cardText('.word-state'), ['New']);
    assert.ok(!(word in ((await stored()).known ?? {})), 'the undo is stored');
    await page.keyboard.press('i');
    await world.waitFor(
      main,
      () =>
        (globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow.querySelector('.word-state')
          ?.textContent === 'Ignored',
    );
    await world.waitFor(main, () => (globalThis as unknown as { dubaoProbe: { marks: unknown[] } }).dubaoProbe.marks.length >= 2);
    await page.keyboard.press('u');
    await world.waitFor(main, () => (globalThis as unknown as { dubaoProbe: { marks: unknown[] } }).dubaoProbe.marks.length >= 3);
    assert.deepEqual(await cardText('.word-state'), ['New']);
    const marks = await world.evaluate(
      main,
      () =>
        (globalThis as unknown as { dubaoProbe: { marks: Array<{ mark: string; shownMs: number; storedMs: number; ok: boolean }> } })
          .dubaoProbe.marks,
    );
    assert.deepEqual(
      marks.map((m) => [m.mark, m.ok]),
      [
        ['known', true],
        ['ignored', true],
        ['new', true],
      ],
    );
    console.log(
      `# K / I / U on the card: state shown ${marks.map((m) => m.shownMs.toFixed(1)).join(', ')} ms after the key; stored ${marks.map((m) => m.storedMs.toFixed(1)).join(', ')} ms`,
    );
    // In a text field the letters are the reader's: no mark, and the field gets them.
    await park();
    await hover('#a3', '社保', 1);
    await page.focus('#field');
    await page.keyboard.type('kiu');
    assert.equal(await page.inputValue('#field'), 'kiu');
    await page.waitForTimeout(200);
    assert.equal(
      await world.evaluate(main, () => (globalThis as unknown as { dubaoProbe: { marks: unknown[] } }).dubaoProbe.marks.length),
      3,
    );
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await park();
  });

  it('← and → move the card to the neighbouring words; keys follow the reader’s table', async () => {
    await hover('#a1', '推动', 0);
    await page.keyboard.press('ArrowRight');
    await world.waitFor(main, () => (globalThis as unknown as { dubaoProbe: { word: string } }).dubaoProbe.word === '经济');
    await page.keyboard.press('ArrowRight');
    await world.waitFor(main, () => (globalThis as unknown as { dubaoProbe: { word: string } }).dubaoProbe.word === '发展');
    await page.keyboard.press('ArrowLeft');
    await world.waitFor(main, () => (globalThis as unknown as { dubaoProbe: { word: string } }).dubaoProbe.word === '经济');
    assert.equal((await readCard(world, main))!.highlight, '经济', 'the word is marked where the card is');
    // Rebound: L is "next word", and → is the page's again.
    await setSettings({ keys: { nextWord: 'L' } });
    await page.keyboard.press('l');
    await world.waitFor(main, () => (globalThis as unknown as { dubaoProbe: { word: string } }).dubaoProbe.word === '发展');
    const seenByPage = page.evaluate(
      () =>
        new Promise<boolean>((res) =>
          addEventListener('keydown', (e) => res(e.key === 'ArrowRight' && !e.defaultPrevented), { once: true }),
        ),
    );
    await page.keyboard.press('ArrowRight');
    assert.equal(await seenByPage, true, '→ reaches the page once it is not Dubao’s key');
    await setSettings({});
    await park();
  });

  it('shows pinyin as zhuyin, hidden until H, and colours the characters by tone', async () => {
    await setSettings({ pinyin: 'zhuyin' });
    await hover('#a1', '银行', 0);
    assert.deepEqual(await cardText('.entry-head .pinyin'), ['ㄧㄣˊ ㄏㄤˊ']);
    await setSettings({ pinyin: 'hidden' });
    assert.deepEqual(await cardText('.entry-head .pinyin-hidden'), ['Pinyin H']);
    await page.keyboard.press('h');
    await world.waitFor(
      main,
      () =>
        !(globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow.querySelector('.pinyin-hidden'),
    );
    assert.deepEqual(await cardText('.entry-head .pinyin'), ['yín háng']);
    await setSettings({ toneColors: { onCharacters: true } });
    const chars = await world.evaluate(main, () =>
      [
        ...(globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow.querySelectorAll(
          '.headword [class^="tone-"]',
        ),
      ].map((e) => `${e.textContent}${e.className}`),
    );
    assert.deepEqual(chars, ['银tone-2', '行tone-2']);
    await screenshotCard('settings-card-tone-characters.png');
    await setSettings({});
    await park();
  });

  it('speaks only when asked, and says so when no Chinese voice is installed', async () => {
    const asked = () =>
      world.evaluate(main, () => (globalThis as unknown as { dubaoProbe: { speakRequests: number } }).dubaoProbe.speakRequests);
    await hover('#a1', '社区', 0);
    assert.equal(await asked(), 0, 'hovering speaks nothing');
    await page.keyboard.press('a');
    await world.waitFor(
      main,
      () =>
        !!(globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow.querySelector(
          '.speech-message, .speak',
        ),
    );
    assert.equal(await asked(), 1);
    const voices = await (await worker()).evaluate(
      () =>
        new Promise<number>((res) =>
          (
            globalThis as unknown as { chrome: { tts: { getVoices(cb: (v: Array<{ lang?: string }>) => void): void } } }
          ).chrome.tts.getVoices((v) => res(v.filter((x) => /^(zh|cmn|yue)/i.test(x.lang ?? '')).length)),
        ),
    );
    if (voices === 0) {
      await world.waitFor(
        main,
        () =>
          !!(globalThis as unknown as { dubaoProbe: { card: { shadow: ShadowRoot } } }).dubaoProbe.card.shadow.querySelector(
            '.speech-message',
          ),
      );
      assert.match((await cardText('.speech-message'))[0]!, /No Chinese voice is installed on this computer/);
      assert.deepEqual(await cardText('.speak-none'), ['No Chinese voice']);
      console.log('# speech: no Chinese voice here; the card says so');
    } else {
      console.log(`# speech: ${voices} Chinese voice(s) here`);
    }
    await screenshotCard('settings-card-speech.png');
    await park();
  });

  it('puts pinyin over the page with its key, keeps it out of the glossary and the clipboard, and restores the page', async () => {
    await page.bringToFront();
    const before = await page.evaluate(() => document.body.outerHTML);
    const changes = () =>
      world.evaluate(main, () => (globalThis as unknown as { dubaoProbe: { pageChanges: number } }).dubaoProbe.pageChanges);
    const changesBefore = await changes();
    await page.mouse.move(5, 5);
    await page.keyboard.press('Alt+Shift+P');
    await page.waitForFunction(() => document.querySelectorAll('ruby.dubao-ruby').length > 10);
    const readings = await page.evaluate(() =>
      [...document.querySelectorAll('ruby.dubao-ruby')].map((r) => `${r.firstChild!.textContent}(${r.querySelector('rt')!.textContent})`),
    );
    assert.ok(readings.includes('银行(yín háng)'), readings.join(' '));
    await page.screenshot({ path: artifactPath('settings-page-pinyin.png') });
    // The glossary reads the page without the pinyin.
    // (The extension has no "tabs" permission: the tab is found by asking each tab's page for its address.)
    const text = (await (
      await worker()
    ).evaluate(async (u) => {
      for (const tab of await chrome.tabs.query({})) {
        const got = (await chrome.tabs.sendMessage(tab.id!, { dubaoPage: 1, kind: 'text' }, { frameId: 0 }).catch(() => null)) as {
          url?: string;
        } | null;
        if (got?.url === u) return got;
      }
      return null;
    }, page.url())) as { text: string };
    assert.match(text.text, /银行加大信贷支持/);
    assert.doesNotMatch(text.text, /yín|háng|jīng/);
    // Copying a paragraph copies no pinyin.
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url('').replace(/\/$/, '') });
    await page.evaluate(() => {
      const r = document.createRange();
      r.selectNodeContents(document.getElementById('a1')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(r);
    });
    await page.keyboard.press('Control+c');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied.replace(/\s+/g, ''), '今年以来，县里推动经济发展，银行加大信贷支持，社区服务更加便民。');
    await page.evaluate(() => getSelection()!.removeAllRanges());
    // The same key takes it off: the page's DOM is what it was.
    await page.keyboard.press('Alt+Shift+P');
    await page.waitForFunction(() => document.querySelectorAll('ruby').length === 0);
    assert.equal(await page.evaluate(() => document.body.outerHTML), before);
    // Dubao's own ruby, on and off, is no change of the page for the glossary; the page's own change is.
    await page.waitForTimeout(100);
    assert.equal(await changes(), changesBefore, 'pinyin over the page is not taken for a change of the page');
    await page.evaluate(() => document.getElementById('a4')!.append('补记'));
    await world.waitFor(
      main,
      (n) => (globalThis as unknown as { dubaoProbe: { pageChanges: number } }).dubaoProbe.pageChanges > n,
      changesBefore,
    );
    await page.evaluate(() => document.getElementById('a4')!.lastChild!.remove());
  });

  it('the page shows no errors and nothing left the machine', () => {
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(ext.externalRequests, []);
  });
});

function lum255(c: string): number {
  const [r, g, b] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
