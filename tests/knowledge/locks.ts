/**
 * A minimal Web Locks stand-in for Node (which has no navigator.locks before v22): exclusive locks by
 * name, granted in request order, as browsers do. Installed on globalThis.navigator so that two module
 * instances (two "contexts" in a test) share it the way a service worker and a page share the browser's.
 */
export function installLocks(): () => void {
  const tails = new Map<string, Promise<unknown>>();
  const locks = {
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const prev = tails.get(name) ?? Promise.resolve();
      const run = prev.then(callback, callback);
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true, writable: true });
  return () => {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete (globalThis as { navigator?: unknown }).navigator;
  };
}
