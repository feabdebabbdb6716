/**
 * The review page's setting, new cards per day (default 20), read from the reader's settings
 * (utils/settings.ts, storage.sync: the settings page shows it under Review). Round one kept it in
 * storage.local ("reviewNewPerDay") with no page to set it; that key is no longer read.
 */
import { loadSettings, updateSettings } from '../settings';

/**
 * The setting as a number. A stored value that cannot be used is left in storage and reported in
 * `problem` (a sentence); the default applies meanwhile.
 */
export async function readNewPerDay(): Promise<{ value: number; problem?: string }> {
  const { settings, problems } = await loadSettings();
  const problem = problems.find((p) => p.field === 'newCardsPerDay' || p.field === 'settings');
  return problem ? { value: settings.newCardsPerDay, problem: problem.message } : { value: settings.newCardsPerDay };
}

/** Sets it (a whole number from 0 to 500); refused with a sentence otherwise. */
export async function setNewPerDay(n: number): Promise<void> {
  const r = await updateSettings({ newCardsPerDay: n });
  if (!r.ok) throw new Error(r.error);
}
