import { describe, expect, it } from 'vitest';
import { checkPatch, migrateSettingsItem, readSettings, settingsItemFor, sitesItemFor, syncItemSize } from '../../utils/settings-items';
import { defaultSettings, SYNC_ITEM_LIMIT, type Settings } from '../../utils/settings-schema';
import { isActiveOn, normaliseSite, siteModeFor } from '../../utils/site-rules';

describe('settings defaults', () => {
  it('are complete and what the reader gets when nothing is stored', () => {
    const { settings, problems, storedVersion } = readSettings(undefined, undefined);
    expect(problems).toEqual([]);
    expect(storedVersion).toBe(0);
    expect(settings).toEqual(defaultSettings());
    expect(settings).toMatchObject({
      hoverTrigger: 'always',
      pinyin: 'marks',
      toneColors: { scheme: 'standard', onCharacters: false },
      script: 'page',
      theme: 'system',
      maxSenses: 0,
      sites: {},
      voices: { 'zh-CN': null, 'zh-TW': null, 'zh-HK': null },
      newCardsPerDay: 20,
    });
    // The default delay beats Zhongwen's measured 77 ms from pointer stop to card (issue 13).
    expect(settings.hoverDelayMs).toBeLessThan(77);
  });

  it('store nothing when nothing differs from the default', () => {
    const item = settingsItemFor(defaultSettings(), null, new Set(['hoverDelayMs', 'keys.save', 'theme']));
    expect(item).toEqual({ v: 1 });
  });
});

describe('sanitising on read', () => {
  it('keeps good values and replaces each bad one by its default, with a sentence per problem', () => {
    const { settings, problems } = readSettings(
      {
        v: 1,
        hoverDelayMs: 'fast',
        cardFontSize: 18,
        theme: 'neon',
        maxSenses: 3.5,
        pinyin: 'zhuyin',
        toneColors: { scheme: 'pleco', custom: ['red'], onCharacters: 'yes' },
        keys: { save: 42, shorter: 'Alt+[', speakWord: null, teleport: 'T' },
        voices: { 'zh-TW': 'Mei-Jia', 'zh-HK': 7 },
        newCardsPerDay: -1,
      },
      undefined,
    );
    const d = defaultSettings();
    expect(settings.hoverDelayMs).toBe(d.hoverDelayMs);
    expect(settings.cardFontSize).toBe(18);
    expect(settings.theme).toBe('system');
    expect(settings.maxSenses).toBe(0);
    expect(settings.pinyin).toBe('zhuyin');
    expect(settings.toneColors).toEqual({ scheme: 'pleco', custom: d.toneColors.custom, onCharacters: false });
    expect(settings.keys.save).toBe('S');
    expect(settings.keys.shorter).toBe('Alt+[');
    expect(settings.keys.speakWord).toBe(null);
    expect(settings.voices).toEqual({ 'zh-CN': null, 'zh-TW': 'Mei-Jia', 'zh-HK': null });
    expect(settings.newCardsPerDay).toBe(20);
    expect(problems.map((p) => p.field).sort()).toEqual(
      [
        'hoverDelayMs',
        'keys.save',
        'maxSenses',
        'newCardsPerDay',
        'theme',
        'toneColors.custom',
        'toneColors.onCharacters',
        'voices.zh-HK',
      ].sort(),
    );
    expect(problems.find((p) => p.field === 'hoverDelayMs')!.message).toBe(
      `The stored hover delay ("fast") is not a whole number of milliseconds from 0 to 1000; the default (${d.hoverDelayMs}) is used.`,
    );
    for (const p of problems) expect(p.message).toMatch(/^The stored .*\.$/);
  });

  it('survives any foreign value without throwing', () => {
    for (const junk of ['x', 42, [], [null], true, { v: 'one' }, { keys: 'S' }, { toneColors: [1, 2] }, { sites: 3 }]) {
      const r = readSettings(junk, junk);
      expect(r.settings.keys.save).toBeDefined();
      expect(Object.keys(r.settings).sort()).toEqual(Object.keys(defaultSettings()).sort());
    }
    expect(readSettings('x', null).problems[0]!.message).toContain('what is stored is kept');
  });

  it('reports two actions stored on one key and keeps the key for the first', () => {
    const { settings, problems } = readSettings({ v: 1, keys: { speakWord: 'S' } }, null);
    expect(settings.keys.save).toBe('S');
    expect(settings.keys.speakWord).toBe(null);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('keys.speakWord');
  });

  it('reads an item written by a newer version: what it knows, keeping the rest in storage', () => {
    const stored = { v: 7, hoverDelayMs: 80, wordColours: { known: '#00ff00' }, keys: { save: 'W', flashcards: 'F' } };
    const { settings, problems, storedVersion } = readSettings(stored, null);
    expect(storedVersion).toBe(7);
    expect(problems).toEqual([]);
    expect(settings.hoverDelayMs).toBe(80);
    expect(settings.keys.save).toBe('W');
    // A change made by this version keeps the newer version's fields and members.
    const next: Settings = { ...settings, theme: 'dark', keys: { ...settings.keys, close: 'Q' } };
    const item = settingsItemFor(next, stored, new Set(['theme', 'keys.close']));
    expect(item).toEqual({
      v: 7,
      hoverDelayMs: 80,
      theme: 'dark',
      wordColours: { known: '#00ff00' },
      keys: { save: 'W', flashcards: 'F', close: 'Q' },
    });
  });
});

describe('writing only what changed', () => {
  it('stores differences from the default, nested ones member by member', () => {
    const s = defaultSettings();
    s.hoverDelayMs = 80;
    s.keys.save = 'W';
    s.toneColors.onCharacters = true;
    const item = settingsItemFor(s, null, new Set(['hoverDelayMs', 'keys.save', 'toneColors.onCharacters']));
    expect(item).toEqual({ v: 1, hoverDelayMs: 80, keys: { save: 'W' }, toneColors: { onCharacters: true } });
    // Back to the default: the field leaves storage.
    const back = settingsItemFor(defaultSettings(), item, new Set(['hoverDelayMs', 'keys.save', 'toneColors.onCharacters']));
    expect(back).toEqual({ v: 1 });
  });

  it('keeps a stored value it cannot read until the reader changes that very setting', () => {
    const stored = { v: 1, theme: 'neon', keys: { save: 42 } };
    const read = readSettings(stored, null).settings;
    const s = { ...read, hoverDelayMs: 90 };
    expect(settingsItemFor(s, stored, new Set(['hoverDelayMs']))).toEqual({ v: 1, theme: 'neon', keys: { save: 42 }, hoverDelayMs: 90 });
    expect(settingsItemFor({ ...s, theme: 'dark' }, stored, new Set(['theme']))).toEqual({ v: 1, theme: 'dark', keys: { save: 42 } });
  });

  it('refuses a bad change with a sentence and changes nothing', () => {
    const s = defaultSettings();
    const bad = checkPatch(s, { hoverDelayMs: 5000 });
    expect(bad).toEqual({ ok: false, error: 'Hover delay must be a whole number of milliseconds from 0 to 1000.' });
    expect(checkPatch(s, { theme: 'neon' as never }).ok).toBe(false);
    expect(checkPatch(s, { toneColors: { custom: ['#fff', '#000', '#000', '#000', '#000'] } }).ok).toBe(false);
    const clash = checkPatch(s, { keys: { speakWord: 'S' } });
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.error).toContain('both');
    const good = checkPatch(s, { hoverDelayMs: 60, keys: { speakWord: 'W' }, toneColors: { scheme: 'hanping' } });
    expect(
      good.ok && [good.value.hoverDelayMs, good.value.keys.speakWord, good.value.toneColors.scheme, good.value.toneColors.onCharacters],
    ).toEqual([60, 'W', 'hanping', false]);
    expect(s.hoverDelayMs).toBe(defaultSettings().hoverDelayMs);
  });

  it('stays far under storage.sync’s 8 KB per item with every setting changed', () => {
    const s = defaultSettings();
    s.hoverTrigger = 'shift';
    s.hoverDelayMs = 1000;
    s.pinyin = 'hidden';
    s.toneColors = { scheme: 'custom', custom: ['#111111', '#222222', '#333333', '#444444', '#555555'], onCharacters: true };
    s.keys = Object.fromEntries(Object.keys(s.keys).map((k, i) => [k, `Alt+Ctrl+Meta+Shift+F${(i % 12) + 1}`])) as Settings['keys'];
    s.voices = { 'zh-CN': 'x'.repeat(200), 'zh-TW': 'y'.repeat(200), 'zh-HK': 'z'.repeat(200) };
    const item = settingsItemFor(s, null, new Set(['hoverTrigger', 'hoverDelayMs', 'pinyin', 'toneColors', 'keys', 'voices']));
    expect(syncItemSize('settings', item)).toBeLessThan(SYNC_ITEM_LIMIT / 4);
  });
});

describe('the HSK standard, pinyin over the page and unknown words', () => {
  it('default to 2025, every word, and no colouring', () => {
    const s = defaultSettings();
    expect(s.hskStandard).toBe(2025);
    expect(s.pagePinyin).toEqual({ filter: 'all', level: 3 });
    expect(s.unknownWords.mark).toBe(false);
  });

  it('read good values, and report bad ones member by member with their defaults kept', () => {
    const { settings, problems } = readSettings(
      {
        v: 1,
        hskStandard: 2021,
        pagePinyin: { filter: 'unknown', level: 9 },
        unknownWords: { mark: 'yes', newColour: '#ABCDEF', learningColour: 'blue' },
      },
      null,
    );
    expect(settings.hskStandard).toBe(2021);
    expect(settings.pagePinyin).toEqual({ filter: 'unknown', level: 3 });
    expect(settings.unknownWords).toEqual({ ...defaultSettings().unknownWords, newColour: '#abcdef' });
    expect(problems.map((p) => p.field)).toEqual(['pagePinyin.level', 'unknownWords.mark', 'unknownWords.learningColour']);
    expect(problems[0]!.message).toBe(
      'The stored HSK level for pinyin over the page (9) is not a whole number from 1 to 6; level 3 is used.',
    );
    expect(readSettings({ v: 1, hskStandard: 2024 }, null).problems[0]!.message).toBe(
      'The stored HSK standard (2024) is not 2021 or 2025; the default (2025) is used.',
    );
  });

  it('store a change of one member as that member only, and refuse a bad one', () => {
    const s = defaultSettings();
    const next = checkPatch(s, { unknownWords: { mark: true }, pagePinyin: { filter: 'civic' } });
    expect(next.ok).toBe(true);
    if (!next.ok) return;
    expect(settingsItemFor(next.value, { v: 1 }, new Set(['unknownWords.mark', 'pagePinyin.filter']))).toEqual({
      v: 1,
      unknownWords: { mark: true },
      pagePinyin: { filter: 'civic' },
    });
    const bad = checkPatch(s, { pagePinyin: { level: 0 } });
    expect(bad).toEqual({ ok: false, error: 'HSK level for pinyin over the page must be a whole number from 1 to 6.' });
  });
});

describe('migrations', () => {
  it('run in order from the stored version, on read', () => {
    const migrations = {
      1: ({ hoverDelay, ...rest }: Record<string, unknown>) => ({ ...rest, hoverDelayMs: hoverDelay }),
      2: (item: Record<string, unknown>) => ({ ...item, theme: item.dark === true ? 'dark' : 'light', dark: undefined }),
    };
    expect(migrateSettingsItem({ hoverDelay: 70, dark: true }, migrations, 3)).toEqual({
      v: 3,
      hoverDelayMs: 70,
      theme: 'dark',
      dark: undefined,
    });
    expect(migrateSettingsItem({ v: 2, dark: false }, migrations, 3)).toEqual({ v: 3, theme: 'light', dark: undefined });
    // Nothing to do for the current version, and a newer item is left alone.
    expect(migrateSettingsItem({ v: 3, theme: 'dark' }, migrations, 3)).toEqual({ v: 3, theme: 'dark' });
    expect(migrateSettingsItem({ v: 9, x: 1 }, migrations, 3)).toEqual({ v: 9, x: 1 });
  });

  it('treat an item without a version as version 1', () => {
    expect(readSettings({ hoverDelayMs: 70 }, null).settings.hoverDelayMs).toBe(70);
  });
});

describe('per-site list', () => {
  it('names sites by host, without www. and port', () => {
    expect(normaliseSite('https://www.People.com.cn:8080/n1/index.html')).toBe('people.com.cn');
    expect(normaliseSite('news.ltn.com.tw')).toBe('news.ltn.com.tw');
    expect(normaliseSite('http://127.0.0.1:5000/x')).toBe('127.0.0.1');
    for (const bad of ['', 'file:///home/a.html', 'about:blank', 'chrome-extension://abc/options.html', 'not a site', 'a..b'])
      expect(normaliseSite(bad), bad).toBe(null);
  });

  it('applies a site’s rule to its subdomains unless they have their own', () => {
    const sites = { 'example.com': 'off', 'news.example.com': 'on' } as const;
    expect(siteModeFor(sites, 'https://example.com/')).toBe('off');
    expect(siteModeFor(sites, 'https://www.example.com/a')).toBe('off');
    expect(siteModeFor(sites, 'https://m.example.com/a')).toBe('off');
    expect(siteModeFor(sites, 'https://news.example.com/a')).toBe('on');
    expect(siteModeFor(sites, 'https://a.news.example.com/a')).toBe('on');
    expect(siteModeFor(sites, 'https://notexample.com/')).toBe('default');
    expect(isActiveOn(sites, true, 'https://example.com/')).toBe(false);
    expect(isActiveOn(sites, false, 'https://news.example.com/')).toBe(true);
    expect(isActiveOn(sites, false, 'https://other.org/')).toBe(false);
    expect(isActiveOn(sites, true, 'file:///tmp/a.html')).toBe(true);
  });

  it('reads the stored list, dropping only entries it cannot read', () => {
    const { settings, problems } = readSettings(null, { v: 1, hosts: { 'A.com': 'off', 'b.org': 'maybe', 'x y': 'on', 'c.net': 'on' } });
    expect(settings.sites).toEqual({ 'a.com': 'off', 'c.net': 'on' });
    expect(problems.map((p) => p.field)).toEqual(['sites.b.org', 'sites.x y']);
    expect(sitesItemFor({ 'c.net': 'on', 'a.com': 'off' }, { v: 1, hosts: {}, note: 'kept' })).toEqual({
      v: 1,
      hosts: { 'a.com': 'off', 'c.net': 'on' },
      note: 'kept',
    });
  });
});
