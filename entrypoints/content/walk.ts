/**
 * The one DOM text walker of the content script: the text nodes under an element in document order,
 * with the edges of blocks, walked without recursion (a page can nest elements thousands deep). The
 * hover's run around the pointer (scan.ts), the glossary's page text (page-text.ts) and the runs of pinyin
 * over the page and the unknown-word colours (page-runs.ts) each say how an element counts; this walks.
 * DOM only; tests/content/walk.test.ts.
 */

/**
 * How an element counts: 'inline' (its text is walked as part of the run around it), 'block' (walked,
 * with a block edge before and after), 'break' (an edge, its content not walked: a <br>, a field, a
 * nested block read as its own run), 'skip' (neither walked nor an edge: scripts, styles, hidden parts).
 */
export type ElementKind = 'inline' | 'block' | 'break' | 'skip';

export interface WalkVisitor {
  /** A text node; returning true stops the walk. */
  text(node: Text): unknown;
  /** An edge: a block starts (`entering`) or ends, or a break; returning true stops the walk. */
  edge?(el: Element, entering: boolean): unknown;
}

/** Walks the text under `root` (root itself is not classified). Says whether a visitor stopped it. */
export function walkText(root: Node, kind: (el: Element) => ElementKind, visit: WalkVisitor): boolean {
  let n: Node | null = root.firstChild;
  while (n) {
    let enter = false;
    if (n.nodeType === 3) {
      if (visit.text(n as Text) === true) return true;
    } else if (n.nodeType === 1) {
      const el = n as Element;
      const k = kind(el);
      if (k === 'break') {
        if (visit.edge?.(el, true) === true) return true;
      } else if (k === 'block') {
        if (visit.edge?.(el, true) === true) return true;
        if (el.firstChild) enter = true;
        else if (visit.edge?.(el, false) === true) return true;
      } else if (k === 'inline') enter = el.firstChild !== null;
    }
    if (enter) {
      n = n.firstChild!;
      continue;
    }
    // The next sibling, else up (ending the blocks left) to an ancestor that has one.
    for (;;) {
      if (n.nextSibling) {
        n = n.nextSibling;
        break;
      }
      const up: Node | null = n.parentNode;
      if (!up || up === root) return false;
      n = up;
      if (n.nodeType === 1 && kind(n as Element) === 'block' && visit.edge?.(n as Element, false) === true) return true;
    }
  }
  return false;
}
