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
import { buildGlossary, glossaryView, rowDetail, type GlossaryView, type PageGlossary } from '../dictionary/glossary';
import type { GlossaryEntry } from '../dictionary/types';
import { studyHandlers } from '../utils/study/handlers';

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
}

export default defineBackground(() => {
  const stats: Stats = { mainMs: performance.now(), bytesMs: null, fetchedMs: {}, coreReadyMs: null, firstLookupMs: null, firstLookupWorkMs: null, lookups: 0 };
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
  const glossaryLookups = new Map<string, GlossaryEntry | null>();
  /** The full glossaries of the last few pages, by the id their view carries, with their text. */
  const glossaries = new Map<number, { text: string; glossary: PageGlossary; view: GlossaryView }>();
  let glossaryId = 0;

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
      return core.run(() => core.dictionary.lookup(word));
    },
    // The page glossary and the study list (issue 5).
    async glossary({ text }) {
      // The popup opened again on an unchanged page: the glossary made last time (kept for 4 pages).
      for (const kept of glossaries.values()) if (kept.text === text) return { ...kept.view, buildMs: 0, segmentMs: 0 };
      const { core } = await ready;
      const t = performance.now();
      if (glossaryLookups.size > 100_000) glossaryLookups.clear();
      // Segmented once: a run that meets a senses shard not loaded yet waits for it and builds again.
      const segments = core.segmenter.segment(text);
      const segmentMs = Math.round(performance.now() - t);
      const glossary = await core.run(() => buildGlossary(core, text, glossaryLookups, segments));
      glossary.buildMs = Math.round(performance.now() - t);
      const id = ++glossaryId;
      const view = { ...glossaryView(glossary, id), segmentMs };
      glossaries.set(id, { text, glossary, view });
      for (const old of glossaries.keys()) if (glossaries.size > 4) glossaries.delete(old);
      return view;
    },
    'glossary.senses'({ id }) {
      return glossaries.get(id)?.glossary.rows.map((r) => r.definitions) ?? null;
    },
    'glossary.row'({ id, word }) {
      const kept = glossaries.get(id);
      return kept ? rowDetail(kept.glossary, word) : null;
    },
    ...studyHandlers,
  };

  // Registered synchronously: a message that wakes the worker is delivered only to listeners added in
  // the first turn of the script.
  browser.runtime.onMessage.addListener((msg: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    return dispatch(handlers, msg, { tabId: sender.tab?.id, url: sender.url });
  });

  browser.commands?.onCommand.addListener((command) => {
    if (command === 'toggle-enabled') void toggleEnabled();
  });

  // The toolbar badge says when the card is off.
  const showState = (on: boolean) => void browser.action?.setBadgeText({ text: on ? '' : 'off' }).catch(() => {});
  void enabledItem.getValue().then(showState);
  enabledItem.watch(showState);
});
