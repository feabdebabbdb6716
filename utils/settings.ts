/**
 * User settings in extension storage. The on/off switch (`enabledItem`, storage.local) is the oldest;
 * everything else (utils/settings-schema.ts: types, defaults; utils/settings-items.ts: sanitising,
 * migrations) lives in `storage.sync` so it follows the reader to their other machines:
 *   sync:settings  { v, ...fields that differ from the default }
 *   sync:sites     { v, hosts: { host: 'on' | 'off' } }
 * Only what the reader changed is stored. Reads never throw and never break a page: a value that cannot
 * be read is replaced by its default in what the caller gets, reported in `problems`, and kept in
 * storage as it is until the reader changes that setting.
 *
 * Open tabs follow changes without a reload through `watchSettings` (storage.onChanged).
 */
import { storage } from 'wxt/utils/storage';
import {
  checkPatch,
  migrateSettingsItem,
  MIGRATIONS,
  readSettings,
  settingsItemFor,
  sitesItemFor,
  syncItemSize,
  type Checked,
  type ReadSettings,
} from './settings-items';
import {
  changedFields,
  isNestedField,
  SETTINGS_VERSION,
  SYNC_ITEM_LIMIT,
  type Settings,
  type SettingsPatch,
  type SiteMode,
} from './settings-schema';
import { normaliseSite } from './site-rules';

/** Whether the hover card is on. Toggled by the popup switch and the keyboard command. */
export const enabledItem = storage.defineItem<boolean>('local:enabled', {
  fallback: true,
  version: 1,
});

/** Flip the on/off state and return the new value. */
export async function toggleEnabled(): Promise<boolean> {
  const next = !(await enabledItem.getValue());
  await enabledItem.setValue(next);
  return next;
}

export const SETTINGS_KEY = 'sync:settings' as const;
export const SITES_KEY = 'sync:sites' as const;

async function readRaw(): Promise<{ settings: unknown; sites: unknown }> {
  const [a, b] = await storage.getItems([SETTINGS_KEY, SITES_KEY]);
  return { settings: a?.value ?? null, sites: b?.value ?? null };
}

/** Complete settings, with the problems met reading them. Never throws for what storage holds. */
export async function loadSettings(): Promise<ReadSettings> {
  const raw = await readRaw();
  return readSettings(raw.settings, raw.sites);
}

/** The paths a patch touches: "hoverDelayMs", "keys.save", "toneColors.scheme"... */
function touchedPaths(patch: SettingsPatch): Set<string> {
  const out = new Set<string>();
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (isNestedField(field)) {
      for (const k of Object.keys(value as object)) out.add(`${field}.${k}`);
    } else {
      out.add(field);
    }
  }
  return out;
}

/** What a storage error means for the reader, in a sentence. */
function storageError(err: unknown, what: string): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/QUOTA_BYTES/i.test(text)) return `${what} could not be saved: it is larger than browser sync allows.`;
  if (/MAX_WRITE_OPERATIONS/i.test(text))
    return `${what} could not be saved: too many changes in a short time. Wait a minute and try again.`;
  return `${what} could not be saved (the browser said: ${text.slice(0, 200)}).`;
}

/**
 * Applies a change: checked with the same rules as reading (a bad value is refused with a sentence and
 * nothing is written), then stored as differences from the defaults. Returns the new settings.
 */
export async function updateSettings(patch: SettingsPatch): Promise<Checked<Settings>> {
  const raw = await readRaw();
  const current = readSettings(raw.settings, raw.sites).settings;
  const checked = checkPatch(current, patch);
  if (!checked.ok) return checked;
  const item = settingsItemFor(checked.value, raw.settings, touchedPaths(patch));
  if (syncItemSize('settings', item) > SYNC_ITEM_LIMIT)
    return { ok: false, error: 'These settings are too large for browser sync; nothing was changed.' };
  try {
    await storage.setItem(SETTINGS_KEY, item);
  } catch (err) {
    return { ok: false, error: storageError(err, 'The settings') };
  }
  return checked;
}

/** Puts the given fields (all when none are given) back to their defaults. */
export async function resetSettings(fields?: ReadonlyArray<keyof SettingsPatch>): Promise<Checked<Settings>> {
  const raw = await readRaw();
  const base =
    raw.settings && typeof raw.settings === 'object' && !Array.isArray(raw.settings)
      ? { ...(raw.settings as Record<string, unknown>) }
      : {};
  const drop = fields ?? (Object.keys(base).filter((k) => k !== 'v') as Array<keyof SettingsPatch>);
  for (const f of drop) delete base[f];
  try {
    await storage.setItem(SETTINGS_KEY, { ...base, v: Math.max(SETTINGS_VERSION, typeof base.v === 'number' ? base.v : 0) });
  } catch (err) {
    return { ok: false, error: storageError(err, 'The settings') };
  }
  return { ok: true, value: readSettings(base, raw.sites).settings };
}

/**
 * Sets the per-site rule of a site (a host or a page address): on, off, or back to the default. Refused
 * with a sentence for a page that has no site (file:, about:, extension pages) or when the list would
 * outgrow what browser sync stores in one item (about 300 sites).
 */
export async function setSiteMode(siteOrUrl: string, mode: SiteMode | 'default'): Promise<Checked<Record<string, SiteMode>>> {
  const site = normaliseSite(siteOrUrl);
  if (!site) return { ok: false, error: `“${siteOrUrl.slice(0, 80)}” is not a web site Dubao can have a setting for.` };
  const raw = await readRaw();
  const sites = { ...readSettings(null, raw.sites).settings.sites };
  if (mode === 'default') delete sites[site];
  else sites[site] = mode;
  const item = sitesItemFor(sites, raw.sites);
  if (syncItemSize('sites', item) > SYNC_ITEM_LIMIT) {
    return {
      ok: false,
      error: `The per-site list is full (${Object.keys(sites).length - 1} sites, the most browser sync keeps in one place); remove some sites first.`,
    };
  }
  try {
    await storage.setItem(SITES_KEY, item);
  } catch (err) {
    return { ok: false, error: storageError(err, 'The per-site list') };
  }
  return { ok: true, value: sites };
}

export type SettingsListener = (read: ReadSettings, changed: Array<keyof Settings>) => void;

/**
 * Calls `listener` once with the settings as they are (every field in `changed`), then each time they
 * change in storage (from the settings page, the popup, another machine through sync) with the fields
 * that changed (empty when only the problems changed: a stored value became unreadable or readable). One path for the first state and for changes: a content script applies both the same
 * way, and an open tab follows a change without a reload. Returns the function that stops watching
 * (no call comes after it).
 */
export function watchSettings(listener: SettingsListener): () => void {
  let raw: { settings: unknown; sites: unknown } | null = null;
  let last: Settings | null = null;
  let lastProblems = '';
  let stopped = false;
  // Changes that arrive before the first read are applied after it, in order.
  const early: Array<['settings' | 'sites', unknown]> = [];
  const emit = () => {
    if (stopped || !raw) return;
    const read = readSettings(raw.settings, raw.sites);
    const changed = last ? changedFields(last, read.settings) : (Object.keys(read.settings) as Array<keyof Settings>);
    // A value that became unreadable changes no setting (its default stays) but is news for the reader.
    const problems = JSON.stringify(read.problems);
    const news = problems !== lastProblems;
    last = read.settings;
    lastProblems = problems;
    if (changed.length > 0 || news) listener(read, changed);
  };
  const onChange = (key: 'settings' | 'sites') => (value: unknown) => {
    if (!raw) {
      early.push([key, value]);
      return;
    }
    raw = { ...raw, [key]: value ?? null };
    emit();
  };
  const un1 = storage.watch(SETTINGS_KEY, onChange('settings'));
  const un2 = storage.watch(SITES_KEY, onChange('sites'));
  void readRaw().then(
    (r) => {
      raw = r;
      for (const [key, value] of early) raw = { ...raw, [key]: value ?? null };
      emit();
    },
    () => {
      // Storage unavailable (extension context gone): the defaults, so a page still works.
      raw = { settings: null, sites: null };
      emit();
    },
  );
  return () => {
    stopped = true;
    un1();
    un2();
  };
}

/**
 * Writes the `settings` item back in the current version when an older one is stored: called by the
 * background on install and update (one context, once), never by content scripts. Values that cannot
 * be read are kept as they are (readSettings reports them); an item from a newer version is left alone.
 */
export async function migrateStoredSettings(
  migrations: Record<number, (item: Record<string, unknown>) => Record<string, unknown>> = MIGRATIONS,
  target: number = SETTINGS_VERSION,
): Promise<'none' | 'migrated' | 'newer'> {
  const raw = await readRaw();
  const item = raw.settings;
  if (!item || typeof item !== 'object' || Array.isArray(item)) return 'none';
  const v = typeof (item as { v?: unknown }).v === 'number' ? (item as { v: number }).v : 1;
  if (v > target) return 'newer';
  if (v === target) return 'none';
  await storage.setItem(SETTINGS_KEY, migrateSettingsItem(item as Record<string, unknown>, migrations, target));
  return 'migrated';
}
