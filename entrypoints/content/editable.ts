/**
 * Whether a key event is the reader typing into a field (hover.ts leaves such keys to the page), also
 * inside a page's web components and closed shadow roots.
 */

type ShadowOpener = (el: Element) => ShadowRoot | null;

/**
 * The shadow root of an element, closed ones included: extension content scripts may look inside
 * (Chromium: chrome.dom.openOrClosedShadowRoot; Firefox: element.openOrClosedShadowRoot).
 */
function shadowOf(el: Element): ShadowRoot | null {
  try {
    const chromeDom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: ShadowOpener } } }).chrome?.dom;
    if (typeof chromeDom?.openOrClosedShadowRoot === 'function') return chromeDom.openOrClosedShadowRoot(el);
    const firefox = (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
    if (firefox !== undefined) return firefox;
  } catch {
    // not an element that can host a shadow root
  }
  return el.shadowRoot;
}

/**
 * Whether a key event is typing into a field: any editable element on its composed path (an <input>
 * inside a page's web component is retargeted to the component's host, but composedPath still lists
 * it), or, for closed shadow roots (which composedPath does not enter), the element focused inside.
 */
export function isEditableEvent(e: Event, doc: Document): boolean {
  for (const t of e.composedPath()) if (isEditable(t)) return true;
  let el: Element | null = doc.activeElement;
  for (let depth = 0; el && depth < 32; depth++) {
    if (isEditable(el)) return true;
    el = shadowOf(el)?.activeElement ?? null;
  }
  return false;
}

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true;
}
