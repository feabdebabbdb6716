import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  enabledItem,
  loadSettings,
  migrateStoredSettings,
  resetSettings,
  setSiteMode,
  toggleEnabled,
  updateSettings,
  watchSettings,
} from '../../utils/settings';
import { syncItemSize } from '../../utils/settings-items';
import { defaultSettings, SYNC_ITEM_LIMIT } from '../../utils/settings-schema';

describe('enabled setting', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is on by default and stores nothing until changed', async () => {
    expect(await enabledItem.getValue()).toBe(true);
    expect(await fakeBrowser.storage.local.get('enabled')).toEqual({});
  });

  it('toggles and persists in storage.local (what the keyboard command does)', async () => {
    expect(await toggleEnabled()).toBe(false);
    expect(await fakeBrowser.storage.local.get('enabled')).toEqual({ enabled: false });
    expect(await enabledItem.getValue()).toBe(false);
    expect(await toggleEnabled()).toBe(true);
    expect(await enabledItem.getValue()).toBe(true);
  });

  it('tells watchers (the content scripts) about a change', async () => {
    const seen: boolean[] = [];
    const unwatch = enabledItem.watch((v) => seen.push(v));
    await enabledItem.setValue(false);
    await enabledItem.setValue(true);
    unwatch();
    expect(seen).toEqual([false, true]);
  });
});

describe('settings in storage.sync', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the defaults from empty storage and writes only what changed', async () => {
    const { settings, problems } = await loadSettings();
    expect(problems).toEqual([]);
    expect(settings).toEqual(defaultSettings());
    const r = await updateSettings({ hoverDelayMs: 70, keys: { save: 'W' } });
    expect(r.ok).toBe(true);
    expect(await fakeBrowser.storage.sync.get('settings')).toEqual({ settings: { v: 1, hoverDelayMs: 70, keys: { save: 'W' } } });
    expect((await loadSettings()).settings.keys.save).toBe('W');
  });

  it('refuses a bad change with a sentence and leaves storage as it was', async () => {
    await updateSettings({ theme: 'dark' });
    const r = await updateSettings({ hoverDelayMs: -5, theme: 'light' });
    expect(r).toEqual({ ok: false, error: 'Hover delay must be a whole number of milliseconds from 0 to 1000.' });
    expect(await fakeBrowser.storage.sync.get('settings')).toEqual({ settings: { v: 1, theme: 'dark' } });
  });

  it('keeps a corrupted value in storage, reports it, and still gives usable settings', async () => {
    await fakeBrowser.storage.sync.set({ settings: { v: 1, cardFontSize: 'huge', theme: 'dark' }, sites: 'oops' });
    const { settings, problems } = await loadSettings();
    expect(settings.cardFontSize).toBe(14);
    expect(settings.theme).toBe('dark');
    expect(problems.map((p) => p.field)).toEqual(['cardFontSize', 'sites']);
    await updateSettings({ hoverTrigger: 'alt' });
    expect(await fakeBrowser.storage.sync.get(['settings', 'sites'])).toEqual({
      settings: { v: 1, cardFontSize: 'huge', theme: 'dark', hoverTrigger: 'alt' },
      sites: 'oops',
    });
  });

  it('sets, changes and clears a site’s rule, refusing pages without a site', async () => {
    expect((await setSiteMode('https://www.example.com/a', 'off')).ok).toBe(true);
    expect((await setSiteMode('news.example.org', 'on')).ok).toBe(true);
    expect((await loadSettings()).settings.sites).toEqual({ 'example.com': 'off', 'news.example.org': 'on' });
    expect((await setSiteMode('example.com', 'default')).ok).toBe(true);
    expect(await fakeBrowser.storage.sync.get('sites')).toEqual({ sites: { v: 1, hosts: { 'news.example.org': 'on' } } });
    const bad = await setSiteMode('file:///tmp/x.html', 'off');
    expect(bad.ok).toBe(false);
  });

  it('refuses a site once the list would outgrow one sync item', async () => {
    const hosts: Record<string, 'off'> = {};
    for (let i = 0; syncItemSize('sites', { v: 1, hosts }) < SYNC_ITEM_LIMIT - 40; i++) hosts[`site-number-${i}.example.com`] = 'off';
    await fakeBrowser.storage.sync.set({ sites: { v: 1, hosts } });
    const r = await setSiteMode('one-more-site-with-a-long-name.example.com', 'off');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^The per-site list is full \(\d+ sites/);
  });

  it('tells a watcher the current settings first, then each change with the fields that changed', async () => {
    await updateSettings({ theme: 'dark' });
    const seen: Array<[string, string[]]> = [];
    const unwatch = watchSettings((read, changed) => seen.push([read.settings.theme, changed]));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]![1]).toContain('theme');
    await updateSettings({ theme: 'light' });
    await setSiteMode('example.com', 'off');
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen.slice(1)).toEqual([
      ['light', ['theme']],
      ['light', ['sites']],
    ]);
    unwatch();
    await updateSettings({ theme: 'dark' });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(3);
  });

  it('tells a watcher when a stored value becomes unreadable, though no setting changes', async () => {
    const seen: Array<[string[], string[]]> = [];
    const unwatch = watchSettings((read, changed) => seen.push([changed, read.problems.map((p) => p.field)]));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await fakeBrowser.storage.sync.set({ settings: { v: 1, theme: 'neon' } });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual([[], ['theme']]);
    unwatch();
  });

  it('migrates an older item once, from the background, keeping what it cannot read', async () => {
    // As a version 2 would: hoverDelay (a made-up old name) becomes hoverDelayMs.
    const migrations = { 1: ({ hoverDelay, ...rest }: Record<string, unknown>) => ({ ...rest, hoverDelayMs: hoverDelay }) };
    await fakeBrowser.storage.sync.set({ settings: { hoverDelay: 90, theme: 'neon' } });
    expect(await migrateStoredSettings(migrations, 2)).toBe('migrated');
    expect(await fakeBrowser.storage.sync.get('settings')).toEqual({ settings: { v: 2, hoverDelayMs: 90, theme: 'neon' } });
    expect(await migrateStoredSettings(migrations, 2)).toBe('none');
    await fakeBrowser.storage.sync.set({ settings: { v: 5, hoverDelayMs: 90 } });
    expect(await migrateStoredSettings(migrations, 2)).toBe('newer');
    expect(await migrateStoredSettings()).toBe('newer');
  });

  it('resets chosen fields, or all of them', async () => {
    await updateSettings({ theme: 'dark', hoverDelayMs: 90 });
    await resetSettings(['theme']);
    expect(await fakeBrowser.storage.sync.get('settings')).toEqual({ settings: { v: 1, hoverDelayMs: 90 } });
    await resetSettings();
    expect((await loadSettings()).settings).toEqual(defaultSettings());
  });
});
