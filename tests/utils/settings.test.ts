import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { enabledItem, toggleEnabled } from '../../utils/settings';

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
