/**
 * Background service worker: wiring. It loads the dictionary core once (one `ready` promise; requests
 * wait on it), answers the message table of utils/messages.ts with the handlers of each part (lookups,
 * the page glossary, the study list, the card relay), and toggles the hover card on the keyboard command.
 *
 * MV3 stops idle workers, so every start is a cold start: the core starts loading at the top of main(),
 * in parallel with the wake-up message; utils/timing.ts records how long it took (globalThis.dubaoStats,
 * read by the e2e tests after they stop the worker).
 */
import { browser } from 'wxt/browser';
import { startBadge } from '../utils/review/badge';
import { startFirstRun } from '../utils/knowledge/first-run';
import { startCore, type Core } from '../dictionary/core';
import { cardRelayHandlers } from '../utils/card-relay';
import { firstAnswerGate } from '../utils/first-answer';
import { GlossaryService } from '../utils/glossary-service';
import { hasPrepared, noteTabText, writePrepared } from '../utils/glossary-store';
import { HoverCache } from '../utils/hover-lookup';
import { learningHandlers, startLearning } from '../utils/knowledge/handlers';
import { startTabPush } from '../utils/tab-push';
import { lookupHandlers } from '../utils/lookup-handlers';
import { dispatch } from '../utils/message-dispatch';
import type { Handlers } from '../utils/messages';
import { pageReadingsHandlers } from '../utils/page-readings';
import { migrateStoredSettings, toggleEnabled } from '../utils/settings';
import { speechBackendHere } from '../utils/speech';
import { speechHandlers } from '../utils/speech-handlers';
import { startStudyList, studyHandlers } from '../utils/study/handlers';
import { savedAmong } from '../utils/study/read';
import { workerStats } from '../utils/timing';
import { makeYield } from '../utils/yield';

export default defineBackground(() => {
  const timing = workerStats();

  const fetchBytes = async (name: string): Promise<Uint8Array> => {
    const res = await fetch(browser.runtime.getURL(`/${name}` as '/'));
    if (!res.ok) throw new Error(`cannot read ${name}: ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    timing.fetched(name);
    return bytes;
  };
  // Work the first card does not need (senses shards nobody asked for, levels.bin) waits for its answer.
  const gate = firstAnswerGate();
  const loading = startCore(fetchBytes, { onStep: timing.step, backgroundAfter: gate.opened });
  const ready: Promise<{ core: Core; cache: HoverCache }> = loading.core.then((core) => {
    timing.coreReady();
    return { core, cache: new HoverCache(core) };
  });
  // A failed load is reported to each request; keep it from being an unhandled rejection meanwhile.
  ready.catch(() => {});
  gate.graceAfter(ready);
  // Word levels (after the first answer) and the reader's word marks, for the card and the page (issue 12).
  const learning = startLearning(fetchBytes, gate.opened);

  const glossary = new GlossaryService({
    core: () => ready.then((r) => r.core),
    views: { has: hasPrepared, write: writePrepared, noteTab: noteTabText },
    pause: makeYield(),
    timing: timing.glossary,
  });

  // One table: each part brings its handlers (a new part adds its own here).
  const handlers: Handlers = {
    ...lookupHandlers({
      ready,
      prefetchFor: (text, offset) => loading.prefetchFor(text, offset),
      savedAmong,
      decorate: (result) => learning.decorate(result) ?? result,
      answered: () => gate.answered(),
      looked: timing.lookup,
    }),
    ...glossary.handlers(),
    ...studyHandlers,
    ...cardRelayHandlers(),
    // (wraps study.save: saving a word marked known or ignored makes it learning again)
    ...learningHandlers(learning, studyHandlers['study.save']),
    ...pageReadingsHandlers(ready, learning),
    ...speechHandlers(() => speechBackendHere()),
  };

  // Registered synchronously: a message that wakes the worker is delivered only to listeners added in
  // the first turn of the script.
  browser.runtime.onMessage.addListener((msg: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    timing.step(`message ${String((msg as { name?: unknown } | null)?.name)}`);
    return dispatch(handlers, msg, { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url });
  });

  browser.runtime.onInstalled.addListener(() => void migrateStoredSettings().catch(() => undefined));

  browser.commands?.onCommand.addListener((command) => {
    if (command === 'toggle-enabled') void toggleEnabled();
  });

  startStudyList();
  startTabPush(); // the on/off switch and word-state changes, sent to the tabs (utils/tab-push.ts)

  // The toolbar badge: the review cards due, or "off" while the card is off (utils/review/badge.ts).
  startBadge();
  // On install, the study page opens at "What you know already" (utils/knowledge/first-run.ts).
  startFirstRun();
});
