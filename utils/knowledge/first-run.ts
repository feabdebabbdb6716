/**
 * First run (issue 12's onboarding): when Dubao is installed (not on updates), the background opens the
 * study page at "What you know already" (study.html#start), where the reader can mark the words they
 * know by HSK level, by frequency or from a file. Afterwards the same section is one click away on the
 * study page. Opening a tab needs no permission.
 */
import { browser } from 'wxt/browser';

export const FIRST_RUN_PATH = '/study.html#start';

/** Registers the listener (in the first turn of the worker's script, as every event listener). */
export function startFirstRun(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    void browser.tabs.create({ url: browser.runtime.getURL(FIRST_RUN_PATH as '/') }).catch(() => undefined);
  });
}
