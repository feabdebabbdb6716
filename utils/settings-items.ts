/**
 * The reader's settings as storage.sync holds them, and back: how the two stored items are read (sanitised
 * and migrated) and written (only what differs from the default), and how a change is checked before it
 * is written. Pure: no storage, no DOM (utils/settings.ts does the storing; the settings are declared in
 * utils/settings-schema.ts, the rules of each value are in utils/settings-check.ts).
 *
 * Stored shape (storage.sync, two items, see docs/ARCHITECTURE.md):
 *   settings: { v: 1, ...fields that differ from the default }   (nested objects: only changed members)
 *   sites:    { v: 1, hosts: { "example.com": "off", ... } }     (the per-site list; grows, so apart)
 *
 * Reading never throws and never lets a bad value through: each field is checked on its own; a value
 * that is missing takes the default silently, one that is there but cannot be read (wrong type, out of
 * range, unknown choice) takes the default and is reported as a sentence (`problems`). Writing changes
 * only the fields written and keeps every other stored field as it was, including ones this version
 * cannot read (a newer Dubao synced from another machine may have written them): nothing of the
 * reader's is dropped by a read.
 */
import { actionLabel, conflicts, displayBinding } from './keys';
import { isRecord, patchMessage, readField, readMessage, show, type Report } from './settings-check';
import {
  defaultSettings,
  FIELD_NAMES,
  isNestedField,
  same,
  SETTINGS_VERSION,
  STORED_FIELDS,
  type Settings,
  type SettingsPatch,
  type SiteMode,
} from './settings-schema';
import { normaliseSite } from './site-rules';

// ---------------------------------------------------------------------------------------------------
// Reading

export interface SettingsProblem {
  /** Which setting: a field name, or "keys.save", "sites.example.com"... */
  field: string;
  /** One sentence for the reader. */
  message: string;
}

export interface ReadSettings {
  settings: Settings;
  /** What was stored but could not be used (the default was used instead); empty when all is well. */
  problems: SettingsProblem[];
  /** Version of the stored `settings` item (0: nothing stored). Newer than ours: read what we know. */
  storedVersion: number;
}

type Migration = (stored: Record<string, unknown>) => Record<string, unknown>;
/**
 * MIGRATIONS[n] turns a version-n `settings` item into version n+1 (pure, on read; the background writes
 * the result back once, see settings.ts `migrateStoredSettings`). Version 1 is the first.
 * Example for a future version 2 that renames hoverDelay to hoverDelayMs:
 *   1: ({ hoverDelay, ...rest }) => (hoverDelay === undefined ? rest : { ...rest, hoverDelayMs: hoverDelay })
 */
export const MIGRATIONS: Record<number, Migration> = {};

/** The `settings` item migrated to SETTINGS_VERSION (an item from a newer version is left as it is). */
export function migrateSettingsItem(
  raw: Record<string, unknown>,
  migrations: Record<number, Migration> = MIGRATIONS,
  target = SETTINGS_VERSION,
): Record<string, unknown> {
  let v = typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v >= 1 ? raw.v : 1;
  let out = raw;
  while (v < target) {
    const step = migrations[v];
    if (step) out = step(out);
    v++;
    out = { ...out, v };
  }
  return out;
}

/**
 * Reads what `storage.sync` holds (`settingsItem`, `sitesItem`: the raw values, any type) into complete
 * settings. Never throws.
 */
export function readSettings(settingsItem: unknown, sitesItem: unknown): ReadSettings {
  const settings = defaultSettings();
  const problems: SettingsProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  let storedVersion = 0;

  if (settingsItem !== undefined && settingsItem !== null) {
    if (!isRecord(settingsItem)) {
      problem(
        'settings',
        `The stored settings (${show(settingsItem)}) are not a set of settings; the defaults are used, and what is stored is kept.`,
      );
    } else {
      storedVersion = typeof settingsItem.v === 'number' ? settingsItem.v : 1;
      const item = migrateSettingsItem(settingsItem);
      for (const field of STORED_FIELDS) {
        if (!(field in item) || item[field] === undefined) continue;
        readField(settings, field, item[field], (b) => problem(b.field, readMessage(b)));
      }
      // Two actions on one key (rebind never stores that; a hand-edited or foreign item may): the key
      // stays with the first action in table order, the second has none until the reader picks one.
      for (const [first, second, key] of conflicts(settings.keys)) {
        problem(
          `keys.${second}`,
          `${displayBinding(key)} is stored as the key of both “${actionLabel(first)}” and “${actionLabel(second)}”; it is kept for the first, and the second has no key.`,
        );
        settings.keys[second] = null;
      }
    }
  }

  if (sitesItem !== undefined && sitesItem !== null) {
    const hosts = isRecord(sitesItem) && isRecord(sitesItem.hosts) ? sitesItem.hosts : null;
    if (!hosts) {
      problem(
        'sites',
        `The stored per-site list (${show(sitesItem)}) cannot be read; every site follows the default, and what is stored is kept.`,
      );
    } else {
      for (const [host, mode] of Object.entries(hosts)) {
        const site = normaliseSite(host);
        if (!site) problem(`sites.${host}`, `“${show(host)}” in the per-site list is not a site name; it is ignored.`);
        else if (mode !== 'on' && mode !== 'off')
          problem(`sites.${host}`, `The per-site setting of ${site} (${show(mode)}) is neither on nor off; the site follows the default.`);
        else settings.sites[site] = mode;
      }
    }
  }
  return { settings, problems, storedVersion };
}

// ---------------------------------------------------------------------------------------------------
// Writing

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Checks a patch field by field with the same rules as reading; the first bad value is refused with a
 * sentence (the settings page shows it), nothing is half-applied. Keys must not conflict with the
 * resulting table (use keys.ts `rebind` to get a message naming the other action).
 */
export function checkPatch(current: Settings, patch: SettingsPatch): Checked<Settings> {
  const next: Settings = structuredClone(current);
  const errors: string[] = [];
  const report: Report = (b) => errors.push(patchMessage(b));
  for (const field of STORED_FIELDS) {
    const value = (patch as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (isNestedField(field)) {
      if (!isRecord(value)) return { ok: false, error: `The ${FIELD_NAMES[field]} must be given as a set of values.` };
      readField(next, field, { ...(value as object) }, report);
    } else {
      readField(next, field, value, report);
    }
  }
  if (errors.length > 0) return { ok: false, error: errors[0]! };
  const bad = conflicts(next.keys);
  if (bad.length > 0) {
    const [a, b, key] = bad[0]!;
    return { ok: false, error: `${key} would be the key for both “${actionLabel(a)}” and “${actionLabel(b)}”.` };
  }
  return { ok: true, value: next };
}

/**
 * The new `settings` item for `next`: the stored item with the fields the reader changed (`touched`:
 * "hoverDelayMs", or "keys" / "keys.save" for a whole nested field or one member) written as their
 * difference from the default (dropped when equal). Every other stored value stays exactly as it was,
 * also one this version cannot read or does not know (a newer version's): nothing is lost by a write.
 */
export function settingsItemFor(next: Settings, storedItem: unknown, touched: ReadonlySet<string>): Record<string, unknown> {
  const base = isRecord(storedItem) ? migrateSettingsItem(storedItem) : {};
  const defaults = defaultSettings();
  const out: Record<string, unknown> = { ...base, v: Math.max(SETTINGS_VERSION, typeof base.v === 'number' ? base.v : 0) };
  for (const field of STORED_FIELDS) {
    const value: unknown = next[field];
    const def: unknown = defaults[field];
    if (isRecord(value) && isRecord(def)) {
      const storedSub = isRecord(base[field]) ? (base[field] as Record<string, unknown>) : null;
      // A nested field stored as something else than an object is replaced only when changed as a whole.
      if (base[field] !== undefined && !storedSub && !touched.has(field)) continue;
      const sub: Record<string, unknown> = { ...(storedSub ?? {}) };
      for (const k of Object.keys(def)) {
        if (!touched.has(field) && !touched.has(`${field}.${k}`)) continue;
        if (same(value[k], def[k])) delete sub[k];
        else sub[k] = value[k];
      }
      if (Object.keys(sub).length > 0) out[field] = sub;
      else delete out[field];
    } else {
      if (!touched.has(field)) continue;
      if (same(value, def)) delete out[field];
      else out[field] = value;
    }
  }
  return out;
}

/** The `sites` item for a host list; unknown members of the stored item are kept. */
export function sitesItemFor(sites: Record<string, SiteMode>, storedItem: unknown): Record<string, unknown> {
  const base = isRecord(storedItem) ? storedItem : {};
  const hosts: Record<string, SiteMode> = {};
  for (const host of Object.keys(sites).sort()) hosts[host] = sites[host]!;
  return { ...base, v: 1, hosts };
}

/** Bytes storage.sync counts for an item (its key plus its JSON), to stay under SYNC_ITEM_LIMIT. */
export function syncItemSize(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}
