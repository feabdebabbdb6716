/**
 * Glossaries prepared ahead of the popup (issue 5's 300 ms budget), in `browser.storage.session`: kept in
 * memory by the browser, gone when it quits, readable by the popup but not by content scripts (Chrome's
 * default access level), and still there after MV3 stops the service worker. The background writes a
 * page's GlossaryView under its text's glossaryKey; the popup reads it back by the key of the text it
 * got from the page, so a page that changed since simply misses and is built anew.
 *
 * Storage may hold anything (another version's layout, a half-written value): what is read is checked
 * and anything that fails the check counts as missing. Errors (quota, a browser without
 * storage.session) lose nothing but the head start.
 */
import { browser } from 'wxt/browser';
import { isGlossaryView, type GlossaryView } from '../dictionary/glossary/view';

const PREFIX = 'glossary:';
const INDEX = 'glossary.index';
const TABS = 'glossary.tabs';
/**
 * Tabs whose last prepared text is remembered, the most recent first kept. Closed tabs are not listened
 * for (that would wake the worker, and load the dictionary, each time any tab closes); the browser does
 * not reuse tab ids within a session, so an old entry only takes its place until it is pushed out.
 */
const TABS_KEEP = 50;
/** Pages kept; a 100,000-character page's view is about 0.4 MB, Chrome allows 10 MB in all. */
export const PREPARED_KEEP = 6;

type SessionArea = {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
};

function area(): SessionArea | null {
  return ((browser.storage as unknown as { session?: SessionArea }).session ?? null) as SessionArea | null;
}

/**
 * The prepared view of the text whose glossaryKey is `key`, or null. Views are stored as JSON text: one
 * string crosses from the browser to the popup several times faster than 70,000 little values.
 */
export async function readPrepared(key: string): Promise<GlossaryView | null> {
  const session = area();
  if (!session) return null;
  try {
    const got = (await session.get(PREFIX + key))[PREFIX + key];
    const view: unknown = typeof got === 'string' ? JSON.parse(got) : null;
    return isGlossaryView(view) && view.key === key ? view : null;
  } catch {
    return null;
  }
}

/** True when a view for `key` was written (checks the index only: cheaper than reading the view). */
export async function hasPrepared(key: string): Promise<boolean> {
  const session = area();
  if (!session) return false;
  try {
    const index = (await session.get(INDEX))[INDEX];
    return Array.isArray(index) && index.includes(key);
  } catch {
    return false;
  }
}

/** What a tab sent last to be prepared: its text's key, and the address of the page it was on. */
export interface TabText {
  key: string;
  /** '' when unknown. */
  url: string;
}

/**
 * The text tab `tabId` last sent to be prepared (null: none). The popup reads the prepared view by its
 * key while it reads the page, then checks the page's text has that key.
 */
export async function preparedOfTab(tabId: number): Promise<TabText | null> {
  const session = area();
  if (!session) return null;
  try {
    const e = tabEntries((await session.get(TABS))[TABS]).find(([t]) => t === tabId);
    return e ? { key: e[1], url: e[2] ?? '' } : null;
  } catch {
    return null;
  }
}

/** Notes (key given) or forgets (null) the text tab `tabId` sent last; the newest TABS_KEEP tabs are kept. */
export function noteTabText(tabId: number, key: string | null, url = ''): Promise<boolean> {
  return queued(async (session) => {
    const tabs = tabEntries((await session.get(TABS))[TABS]).filter(([t]) => t !== tabId);
    if (key !== null) tabs.push([tabId, key, url]);
    await session.set({ [TABS]: tabs.slice(-TABS_KEEP) });
  });
}

/**
 * The [tab, key, url] triples stored under TABS, oldest first (a pair, as an earlier version wrote them,
 * has no url); anything else there counts as none.
 */
function tabEntries(raw: unknown): Array<[number, string, string?]> {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (e): e is [number, string, string?] =>
      Array.isArray(e) &&
      (e.length === 2 || (e.length === 3 && typeof e[2] === 'string')) &&
      Number.isInteger(e[0]) &&
      typeof e[1] === 'string',
  );
}

let writing: Promise<unknown> = Promise.resolve();

/**
 * Runs the writes one after another, so that two finishing together cannot lose each other's changes to
 * the index. Resolves to false when the browser refused (quota, no storage.session).
 */
function queued(write: (session: SessionArea) => Promise<void>): Promise<boolean> {
  const run = async (): Promise<boolean> => {
    const session = area();
    if (!session) return false;
    try {
      await write(session);
      return true;
    } catch {
      return false;
    }
  };
  const done = writing.then(run, run);
  writing = done;
  return done;
}

/** Keeps `view` under its key, the newest PREPARED_KEEP pages in all (older ones are removed). */
export function writePrepared(view: GlossaryView): Promise<boolean> {
  return queued(async (session) => {
    const raw = (await session.get(INDEX))[INDEX];
    const index = Array.isArray(raw) ? raw.filter((k): k is string => typeof k === 'string' && k !== view.key) : [];
    index.push(view.key);
    const dropped = index.splice(0, Math.max(0, index.length - PREPARED_KEEP));
    if (dropped.length) await session.remove(dropped.map((k) => PREFIX + k));
    await session.set({ [PREFIX + view.key]: JSON.stringify(view), [INDEX]: index });
  });
}
