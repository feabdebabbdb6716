/**
 * Yielding to the event loop between steps of long work (the glossary in the background, pinyin over the
 * page): scheduler.yield where the browser has it, else a message to ourselves through a
 * MessageChannel. Not setTimeout (clamped to 4 ms after a few nested calls) and not an animation frame
 * (each frame lays out and paints the page again).
 */
/** Where the yield runs: a window or the worker's global scope. */
export type YieldScope = { MessageChannel?: typeof MessageChannel; scheduler?: { yield?: () => Promise<void> } };

export function makeYield(scope: YieldScope = globalThis as YieldScope, { useScheduler = true } = {}): () => Promise<void> {
  const scheduler = useScheduler ? scope.scheduler : undefined;
  if (scheduler?.yield) return () => scheduler.yield!();
  const MC = scope.MessageChannel;
  if (!MC) return () => new Promise((r) => setTimeout(r, 0));
  let channel: MessageChannel | null = null;
  const waiting: Array<() => void> = [];
  return () =>
    new Promise<void>((resolve) => {
      if (!channel) {
        channel = new MC();
        channel.port1.onmessage = () => waiting.shift()?.();
      }
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
}
