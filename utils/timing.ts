/**
 * Instrumentation, in one named place: the figures the e2e reports print, kept out of the product's code
 * paths. Two kinds:
 *
 * - Extension pages (popup, study page, review page) put named performance marks, `dubao:<name>`, with
 *   a detail; tests/e2e reads them with performance.getEntriesByName. Extension pages are the
 *   extension's own documents: no web page can read their timeline. Never used in content scripts,
 *   whose performance timeline is the page's (the content script's timings live in its probe,
 *   content/probe.ts).
 * - The background keeps `globalThis.dubaoStats` (workerStats below): its start-up and first lookup, and
 *   the steps of the last glossary a popup waited for; the e2e tests read it from the service worker.
 */

/** A named mark on this page's timeline (ms since the page started: its startTime). */
export function mark(name: string, detail?: Record<string, unknown>): void {
  performance.mark(`dubao:${name}`, detail ? { detail } : undefined);
}

/** Runs `fn` once the next frame is painted (the first task after the frame's rendering). */
export function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** The background's figures (read by the e2e tests after stopping and waking the worker). */
export interface WorkerStats {
  /** ms from worker start to the background script's main() (starting the worker and parsing it). */
  mainMs: number;
  /** ms from worker start until all asset bytes were fetched. */
  bytesMs: number | null;
  /** ms from worker start until each asset was fetched. */
  fetchedMs: Record<string, number>;
  /** ms from worker start (performance.timeOrigin) to the core being ready. */
  coreReadyMs: number | null;
  /** ms from worker start to the first time of each start-up step ('dict read', 'lexicon read', 'message lookupAt', ...). */
  steps: Record<string, number>;
  /** ms from worker start to the first lookupAt reply. */
  firstLookupMs: number | null;
  /** ms spent inside the first lookupAt (after the core was ready). */
  firstLookupWorkMs: number | null;
  lookups: number;
  /** Page glossaries prepared ahead of the popup. */
  prepared: number;
  /** Steps of the last glossary made while a popup waited (ms since worker start). */
  lastGlossary: Record<string, number>;
}

/** The worker's figures, published as globalThis.dubaoStats. */
export function workerStats() {
  const stats: WorkerStats = {
    mainMs: performance.now(),
    bytesMs: null,
    fetchedMs: {},
    steps: {},
    coreReadyMs: null,
    firstLookupMs: null,
    firstLookupWorkMs: null,
    lookups: 0,
    prepared: 0,
    lastGlossary: {},
  };
  (globalThis as { dubaoStats?: WorkerStats }).dubaoStats = stats;
  return {
    stats,
    fetched(name: string): void {
      stats.bytesMs = performance.now();
      stats.fetchedMs[name] = stats.bytesMs;
    },
    /** A start-up step (its first time only). */
    step: (name: string): void => {
      stats.steps[name] ??= performance.now();
    },
    coreReady(): void {
      stats.coreReadyMs = performance.now();
    },
    /** Around a lookupAt: call with its start time when it is answered. */
    lookup(started: number): void {
      if (stats.firstLookupMs === null) {
        stats.firstLookupMs = performance.now();
        stats.firstLookupWorkMs = performance.now() - started;
      }
      stats.lookups++;
    },
    /** The glossary hooks (utils/glossary-service.ts). */
    glossary: {
      step: (name: string): void => {
        if (name === 'asked') stats.lastGlossary = {};
        stats.lastGlossary[name] = performance.now();
      },
      prepared(): void {
        stats.prepared++;
      },
    },
  };
}
