/**
 * Review settings (the settings page will show them; issue 12 round two). Only what the reader changed is
 * stored; a stored value that cannot be used is reported and left alone.
 */
import { storage } from 'wxt/utils/storage';

export const NEW_PER_DAY_DEFAULT = 20;
export const NEW_PER_DAY_MAX = 9999;

/** New cards per day (default 20). */
export const newPerDayItem = storage.defineItem<unknown>('local:reviewNewPerDay', { fallback: NEW_PER_DAY_DEFAULT, version: 1 });

/**
 * The setting as a number. A stored value that is not a whole number from 0 to 9999 is left in storage
 * and reported in `problem`; the default applies meanwhile.
 */
export async function readNewPerDay(): Promise<{ value: number; problem?: string }> {
  const raw = await newPerDayItem.getValue();
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= NEW_PER_DAY_MAX) return { value: raw };
  return {
    value: NEW_PER_DAY_DEFAULT,
    problem: `The stored number of new cards per day (${JSON.stringify(raw)}) is not a whole number from 0 to ${NEW_PER_DAY_MAX}; ${NEW_PER_DAY_DEFAULT} applies until it is set again.`,
  };
}

export async function setNewPerDay(n: number): Promise<void> {
  if (!Number.isInteger(n) || n < 0 || n > NEW_PER_DAY_MAX) throw new Error(`New cards per day must be a whole number from 0 to ${NEW_PER_DAY_MAX}.`);
  await newPerDayItem.setValue(n);
}
