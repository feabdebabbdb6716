/**
 * Background service worker: loads the dictionary core once (one `ready` promise; requests wait on it),
 * answers the message table of utils/messages.ts, and toggles the hover card on the keyboard command.
 *
 * MV3 stops idle workers, so every start is a cold start: the core starts loading at the top of main(),
 * in parallel with the wake-up message, and `globalThis.dubaoStats` records how long it took (read by
 * the e2e test after it stops the worker).
 */
import { browser } from 'wxt/browser';
import { startCore, type Core } from '../dictionary/core';
import { dispatch, type Handlers } from '../utils/messages';
import { HoverCache } from '../utils/hover-lookup';
import { enabledItem, toggleEnabled } from '../utils/settings';
import { buildGlossary, FIRST_SCREEN_ROWS, firstScreen, type PageGlossary } from '../dictionary/glossary/rows';
import { buildGlossaryInSteps, describeLoaded, describeRest } from '../dictionary/glossary/steps';
import { glossaryRest, glossaryView, rowDetail, type GlossaryView } from '../dictionary/glossary/view';
import { glossaryKey } from '../dictionary/glossary/key';
import { PieceCache, segmentText } from '../dictionary/glossary/pieces';
import { hasPrepared, noteTabText, writePrepared } from '../utils/glossary-store';
import type { GlossaryHead } from '../dictionary/types';
import { startStudyList, studyHandlers } from '../utils/study/handlers';
import { cardRelayHandlers } from '../utils/card-relay';

interface Stats {
  /** ms from worker start to this script's main() (the cost of starting the worker and parsing it). */
  mainMs: number;
  /** ms from worker start until all asset bytes were fetched. */
  bytesMs: number | null;
  /** ms from worker start until each asset was fetched. */
  fetchedMs: Record<string, number>;
  /** ms from worker start (performance.timeOrigin) to the core being ready. */
  coreReadyMs: number | null;
  /** ms from worker start to the first lookupAt reply. */
  firstLookupMs: number | null;
  /** ms spent inside the first lookupAt (after the core was ready). */
  firstLookupWorkMs: number | null;
  lookups: number;
  /** Page glossaries prepared ahead of the popup. */
  prepared: number;
  /** Steps of the last glossary made while a popup waited (ms since worker start), for the e2e report. */
  lastGlossary: Record<string, number>;
}

interface KeptGlossary {
  text: string;
  glossary: PageGlossary;
  view: GlossaryView;
  /** Settles when every row is described (the view is then whole). */
  complete: Promise<void>;
}

/**
 * Lets queued messages (a hover) run between two steps of a prepared glossary: scheduler.yield where
 * the browser has it, else a message to ourselves (setTimeout would be clamped to 4 ms after a few).
 */
let channel: MessageChannel | null = null;
const waiting: Array<() => void> = [];
function pause(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(0);
  });
}

export default defineBackground(() => {
  const stats: Stats = { mainMs: performance.now(), bytesMs: null, fetchedMs: {}, coreReadyMs: null, firstLookupMs: null, firstLookupWorkMs: null, lookups: 0, prepared: 0, lastGlossary: {} };
  (globalThis as { dubaoStats?: Stats }).dubaoStats = stats;

  const fetchBytes = async (name: string): Promise<Uint8Array> => {
    const res = await fetch(browser.runtime.getURL(`/${name}` as '/'));
    if (!res.ok) throw new Error(`cannot read ${name}: ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    stats.bytesMs = performance.now();
    stats.fetchedMs[name] = stats.bytesMs;
    return bytes;
  };
  const loading = startCore(fetchBytes);
  const ready: Promise<{ core: Core; cache: HoverCache }> = loading.core.then((core) => {
    stats.coreReadyMs = performance.now();
    return { core, cache: new HoverCache(core) };
  });
  // A failed load is reported to each request; keep it from being an unhandled rejection meanwhile.
  ready.catch(() => {});

  /** Dictionary lookups of the words of earlier glossaries, reused by the next one (see buildGlossary). */
  const glossaryLookups = new Map<string, GlossaryHead | null>();
  /** Segments of the sentences of earlier glossaries (a changed page is segmented where it is new). */
  const pieces = new PieceCache();
  /** The full glossaries of the last few pages, by their text's glossaryKey (oldest first). */
  const glossaries = new Map<string, KeptGlossary>();
  /** Glossaries being made, by key: a popup that asks for one being prepared waits for it. */
  const building = new Map<string, Promise<KeptGlossary>>();
  /** Keys of glossaries being made in steps that a popup now waits for. */
  const urgent = new Set<string>();

  /**
   * The glossary of `text`: kept, being made, or made now. `inSteps`: made with pauses for hovers (a
   * prepare at page load); the popup's own request is made in one go, the reader is waiting for it.
   * Either way the view is also kept in storage.session for the next popup (utils/glossary-store.ts).
   */
  /** The glossary of `text` made earlier and still kept (then the most recently used), or null. */
  const keptGlossary = (text: string, key: string): KeptGlossary | null => {
    const kept = glossaries.get(key);
    if (!kept || kept.text !== text) return null;
    glossaries.delete(key);
    glossaries.set(key, kept);
    return kept;
  };

  const glossaryOf = (text: string, key: string, inSteps: boolean): Promise<KeptGlossary> => {
    const kept = keptGlossary(text, key);
    if (kept) return Promise.resolve(kept);
    const pending = building.get(key);
    if (pending) {
      if (!inSteps) urgent.add(key);
      return pending;
    }
    const made = (async () => {
      const steps: Record<string, number> = inSteps ? {} : (stats.lastGlossary = { asked: performance.now() });
      const { core } = await ready;
      const t = performance.now();
      steps.building = t;
      if (glossaryLookups.size > 100_000) glossaryLookups.clear();
      let glossary: PageGlossary;
      let segmentMs = -1;
      if (inSteps) {
        // Once the popup asks for it, the reader is waiting: no more pauses.
        glossary = await buildGlossaryInSteps(core, text, glossaryLookups, () => (urgent.has(key) ? Promise.resolve() : pause()), pieces);
      } else {
        const segments = segmentText(core.segmenter, text, pieces);
        segmentMs = Math.round(performance.now() - t);
        steps.segmented = performance.now();
        // The reader is waiting: rows are counted and ordered from dictionary heads (no senses shard
        // needed), and only the rows of the popup's first screen are described now.
        glossary = buildGlossary(core, text, glossaryLookups, segments, 0);
        steps.counted = performance.now();
        await describeLoaded(core, glossary, firstScreen(glossary.rows, FIRST_SCREEN_ROWS));
      }
      glossary.buildMs = Math.round(performance.now() - t);
      steps.described = performance.now();
      const entry: KeptGlossary = { text, glossary, view: { ...glossaryView(glossary, key), segmentMs }, complete: Promise.resolve() };
      // The other rows after the reply, in steps; then the view is whole and kept for the next popup.
      entry.complete = pause()
        .then(() => describeRest(core, glossary, pause))
        .then(() => {
          if (entry.view.partial) entry.view = { ...glossaryView(glossary, key), segmentMs };
          void writePrepared(entry.view);
        })
        .catch(() => {});
      glossaries.set(key, entry);
      for (const old of glossaries.keys()) if (glossaries.size > 4) glossaries.delete(old);
      return entry;
    })();
    building.set(key, made);
    const forget = () => {
      building.delete(key);
      urgent.delete(key);
    };
    made.then(forget, forget);
    return made;
  };

  /**
   * Page texts to prepare, one per tab (a newer text of the same tab replaces one still waiting), made
   * one at a time in the background: a page's content script sends its text once the page is idle.
   */
  const toPrepare = new Map<number, { text: string; key: string }>();
  let preparing = false;
  const prepareNext = async (): Promise<void> => {
    if (preparing) return;
    preparing = true;
    try {
      for (let next = toPrepare.entries().next(); !next.done; next = toPrepare.entries().next()) {
        const [tab, { text, key }] = next.value;
        toPrepare.delete(tab);
        if (keptGlossary(text, key) || (await hasPrepared(key))) continue;
        try {
          await glossaryOf(text, key, true);
          stats.prepared++;
        } catch {
          // The dictionary failed to load: the popup will say so when it is opened.
        }
      }
    } finally {
      preparing = false;
    }
  };

  const handlers: Handlers = {
    async lookupAt({ text, offset }) {
      loading.prefetchFor(text, offset);
      const { core, cache } = await ready;
      const t = performance.now();
      const result = await core.run(() => cache.at(text, offset));
      if (stats.firstLookupMs === null) {
        stats.firstLookupMs = performance.now();
        stats.firstLookupWorkMs = performance.now() - t;
      }
      stats.lookups++;
      return result;
    },
    async lookupWord({ word }) {
      const { core } = await ready;
      return core.run(() => core.words.lookup(word));
    },
    // The page glossary and the study list (issue 5).
    async glossary({ text, inSteps }) {
      const key = glossaryKey(text);
      const known = keptGlossary(text, key);
      if (known) return JSON.stringify({ ...known.view, kept: true });
      const json = JSON.stringify((await glossaryOf(text, key, inSteps === true)).view);
      if (!inSteps) stats.lastGlossary.replied = performance.now();
      return json;
    },
    'glossary.prepare'({ text }, sender) {
      const tab = sender.tabId ?? -1;
      const key = glossaryKey(text);
      toPrepare.set(tab, { text, key });
      if (tab >= 0) void noteTabText(tab, key, sender.url ?? '');
      void prepareNext();
      return null;
    },
    async 'glossary.senses'({ key }) {
      const kept = glossaries.get(key);
      if (!kept) return null;
      await kept.complete;
      return glossaryRest(kept.glossary);
    },
    async 'glossary.row'({ key, word }) {
      const kept = glossaries.get(key);
      if (!kept) return null;
      await kept.complete;
      return rowDetail(kept.glossary, word);
    },
    ...studyHandlers,
    ...cardRelayHandlers(),
  };

  // Registered synchronously: a message that wakes the worker is delivered only to listeners added in
  // the first turn of the script.
  browser.runtime.onMessage.addListener((msg: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    return dispatch(handlers, msg, { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url });
  });

  browser.commands?.onCommand.addListener((command) => {
    if (command === 'toggle-enabled') void toggleEnabled();
  });

  startStudyList();

  // The toolbar badge says when the card is off.
  const showState = (on: boolean) => void browser.action?.setBadgeText({ text: on ? '' : 'off' }).catch(() => {});
  void enabledItem.getValue().then(showState);
  enabledItem.watch(showState);
});
