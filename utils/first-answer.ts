/**
 * The first card goes first. A cold service worker is usually woken by a hover, and everything it could
 * also do at start (the senses shards nobody asked for yet, levels.bin) shares the fetches and the one
 * thread with that first lookup. So those wait on this gate: it opens once the first `lookupAt` has been
 * answered (its reply computed), or, for a worker woken by something else (the popup's glossary, a page's
 * readings), `graceMs` after the core is ready (or failed to load) with no lookup meanwhile.
 */

/** ms after the core is ready that a worker no hover woke waits before its background work. */
export const FIRST_ANSWER_GRACE_MS = 300;

export interface FirstAnswerGate {
  /** Resolves when the gate opens (never rejects). */
  readonly opened: Promise<void>;
  /** The first lookup has been answered (later calls do nothing). */
  answered(): void;
  /** Opens the gate `graceMs` after `ready` settles, if no answer has opened it before. */
  graceAfter(ready: Promise<unknown>): void;
  /** Whether the gate is open. */
  isOpen(): boolean;
}

type Timer = (fn: () => void, ms: number) => unknown;

export function firstAnswerGate(graceMs = FIRST_ANSWER_GRACE_MS, timer: Timer = (fn, ms) => setTimeout(fn, ms)): FirstAnswerGate {
  let open!: () => void;
  let isOpen = false;
  const opened = new Promise<void>((resolve) => {
    open = () => {
      if (isOpen) return;
      isOpen = true;
      resolve();
    };
  });
  return {
    opened,
    // In a task of its own: the reply is sent before the work it held back starts.
    answered: () => void timer(open, 0),
    graceAfter(ready) {
      const grace = () => void timer(open, graceMs);
      ready.then(grace, grace);
    },
    isOpen: () => isOpen,
  };
}
