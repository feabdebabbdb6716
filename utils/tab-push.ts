/**
 * What the content scripts learn of storage.local, pushed by the background instead of read from storage
 * events (issue 12's follow-up). A context that listens to `storage.local.onChanged` (or to
 * `storage.onChanged`) is handed the new value of every key any `set` changed: with one listener in every
 * tab and frame, each K press, study-list save or review rating was copied into every page of the
 * browser. So the content script listens to no storage.local event at all (settings come from
 * `storage.sync.onChanged`, a few hundred bytes), and the background, which follows storage.local anyway,
 * sends each tab only what it needs:
 *
 *   on/off switch changed        {dubaoPush: 1, kind: 'enabled', on}  to every tab (all its frames)
 *   word states or the saved     {dubaoPush: 1, kind: 'states'}       to the frames that asked for word
 *   words changed                                                     states (`page.states`: the unknown
 *                                                                     words are coloured there), which ask again
 *
 * The frames that asked are kept in storage.session too (the worker may be stopped between a page's
 * question and the next change); a frame that no longer answers is forgotten. Messages from the
 * background reach a content script from nowhere else (a page cannot send them).
 */
import { browser } from 'wxt/browser';

export type TabPushMessage = { dubaoPush: 1; kind: 'enabled'; on: boolean } | { dubaoPush: 1; kind: 'states' };

export function isTabPush(msg: unknown): msg is TabPushMessage {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  if (m.dubaoPush !== 1) return false;
  return (m.kind === 'enabled' && typeof m.on === 'boolean') || m.kind === 'states';
}

/** storage.local keys whose change changes a word's state: the word states (buckets, marker, the earlier
 * single value) and the study list's index of saved words (a saved word is learning). */
export function changesStates(key: string): boolean {
  return (
    key === 'wordStates' || key === 'wordStates$' || key.startsWith('wordStates/') || key.startsWith('studyWords/') || key === 'studyList$'
  );
}

const ENABLED_KEY = 'enabled';
const FRAMES_KEY = 'statePush.frames';

type StorageChange = { newValue?: unknown };
interface TabsLike {
  query(q: object): Promise<Array<{ id?: number }>>;
  sendMessage(tabId: number, msg: unknown, options?: { frameId: number }): Promise<unknown>;
}
interface AreaLike {
  get(k: string): Promise<Record<string, unknown>>;
  set(v: object): Promise<void>;
}
interface LocalLike {
  onChanged: { addListener(l: (changes: Record<string, StorageChange>) => void): void };
}

let frames: Set<string> | null = null;
let loading: Promise<Set<string>> | null = null;
let sessionArea: AreaLike | undefined;

function registry(): Promise<Set<string>> {
  if (frames) return Promise.resolve(frames);
  loading ??= (async () => {
    const kept = sessionArea ? ((await sessionArea.get(FRAMES_KEY).catch(() => ({}))) as Record<string, unknown>)[FRAMES_KEY] : undefined;
    const set = new Set(Array.isArray(kept) ? kept.filter((x): x is string => typeof x === 'string') : []);
    frames ??= set;
    return frames;
  })();
  return loading;
}

function keep(set: Set<string>): void {
  void sessionArea?.set({ [FRAMES_KEY]: [...set] }).catch(() => undefined);
}

/** The background notes a frame that asked for word states: it is told when they change. */
export async function followStates(sender: { tabId?: number; frameId?: number } | undefined): Promise<void> {
  if (sender?.tabId === undefined || sender.tabId < 0) return;
  const set = await registry();
  const id = `${sender.tabId}:${sender.frameId ?? 0}`;
  if (set.has(id)) return;
  set.add(id);
  keep(set);
}

/**
 * Starts the pushes (the background, in the first turn of its script so that a storage change wakes it).
 * Returns a function that resolves once the pushes of the changes seen so far were sent (tests).
 */
export function startTabPush(
  tabs: TabsLike = browser.tabs as unknown as TabsLike,
  local: LocalLike = browser.storage.local as unknown as LocalLike,
  session: AreaLike | undefined = browser.storage?.session as unknown as AreaLike | undefined,
): () => Promise<void> {
  sessionArea = session;
  frames = null;
  loading = null;
  let sent: Promise<unknown> = Promise.resolve();
  local.onChanged.addListener((changes) => {
    const keys = Object.keys(changes);
    if (keys.includes(ENABLED_KEY)) {
      const on = changes[ENABLED_KEY]!.newValue !== false;
      const msg: TabPushMessage = { dubaoPush: 1, kind: 'enabled', on };
      sent = Promise.all([
        sent,
        tabs
          .query({})
          .then((all) =>
            Promise.all(all.map((t) => (t.id === undefined ? undefined : tabs.sendMessage(t.id, msg).catch(() => undefined)))),
          ),
      ]);
    }
    if (keys.some(changesStates)) {
      const msg: TabPushMessage = { dubaoPush: 1, kind: 'states' };
      sent = Promise.all([
        sent,
        registry().then(async (set) => {
          const gone: string[] = [];
          await Promise.all(
            [...set].map(async (id) => {
              const [tab, frame] = id.split(':').map(Number) as [number, number];
              const answered = await tabs.sendMessage(tab, msg, { frameId: frame }).catch(() => false);
              if (answered !== true) gone.push(id);
            }),
          );
          if (gone.length) {
            for (const id of gone) set.delete(id);
            keep(set);
          }
        }),
      ]);
    }
  });
  return () => sent.then(() => undefined);
}
