/**
 * User settings, each a typed storage item with its default. Only values the user changed are stored
 * (WXT removes nothing by itself, but reading a missing key returns the fallback).
 */
import { storage } from 'wxt/utils/storage';

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
