/**
 * The nodes Dubao itself puts into a page: the card's host, pinyin over the page (ruby, the text around
 * it, its stylesheet), the notice host. Observers of the page (the glossary's page reader, the
 * unknown-word colouring) must not take Dubao's own changes for the page's: a mutation made only of these
 * nodes is ours (`isOwnMutation`). Kept in WeakSets in the content script's world: page scripts cannot
 * read them, and nothing is kept alive by them.
 */

/** Nodes Dubao made: ours for good. */
const OWN = new WeakSet<Node>();
/**
 * The page's own nodes Dubao just took out or put back (a text node replaced by its ruby, and put back
 * when pinyin goes off): ours to move only until this task's mutation observers have seen the move (they
 * run first, as microtasks queued by the move itself), so a later change of the page to the same node is
 * the page's again.
 */
const MOVED = new WeakSet<Node>();

export function markOwn(n: Node): void {
  OWN.add(n);
}

/** Call right AFTER the move: the forgetting is queued behind the observers' notification of it. */
export function markMoved(n: Node): void {
  MOVED.add(n);
  queueMicrotask(() => MOVED.delete(n));
}

/** Whether a mutation is Dubao's own work: every node it adds and removes is one we made or just moved. */
export function isOwnMutation(r: MutationRecord): boolean {
  if (r.type !== 'childList') return OWN.has(r.target);
  const nodes = [...r.addedNodes, ...r.removedNodes];
  return nodes.length > 0 && nodes.every((n) => OWN.has(n) || MOVED.has(n));
}
