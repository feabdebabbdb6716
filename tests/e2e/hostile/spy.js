// A hostile page's view of Dubao (issue 10): everything a page script can observe is recorded in
// window.__spy for the e2e test to read; helpers drive the page as a script would (synthetic events).
(() => {
  const spy = {
    messages: [],
    added: [],
    attributes: [],
    highlights: [],
    sheets: [],
    dataAttributes: [],
    openShadows: [],
    customEvents: [],
    keys: [],
    errors: [],
  };
  window.__spy = spy;
  const text = (v) => {
    try {
      return typeof v === 'string' ? v : JSON.stringify(v);
    } catch {
      return String(v);
    }
  };
  addEventListener('message', (e) => spy.messages.push({ data: text(e.data), origin: e.origin }), true);
  addEventListener('error', (e) => spy.errors.push(String(e.message)));
  const describe = (el) => ({
    tag: el.tagName,
    attributes: [...el.attributes].map((a) => `${a.name}=${a.value}`),
    openShadow: !!el.shadowRoot,
    text: (el.textContent || '').slice(0, 80),
  });
  // From the end of parsing on (the page's own body and paragraphs are not news).
  const watch = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') for (const n of r.addedNodes) if (n.nodeType === 1) spy.added.push(describe(n));
      if (r.type === 'attributes') spy.attributes.push(`${r.target.tagName} ${r.attributeName}=${r.target.getAttribute(r.attributeName)}`);
    }
  });
  document.addEventListener('DOMContentLoaded', () =>
    watch.observe(document.documentElement, { childList: true, subtree: true, attributes: true }),
  );
  const look = () => {
    const reg = window.CSS && CSS.highlights;
    if (reg) for (const [name, hl] of reg) spy.highlights.push(`${name}: ${[...hl].map((r) => r.toString()).join('')}`);
    for (const s of document.adoptedStyleSheets || []) spy.sheets.push([...s.cssRules].map((r) => r.cssText).join(' '));
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes)
        if (a.name.startsWith('data-') && !el.closest('[data-page]')) spy.dataAttributes.push(`${el.tagName} ${a.name}=${a.value}`);
      if (el.shadowRoot && !el.closest('[data-page]')) spy.openShadows.push(`${el.tagName}: ${el.shadowRoot.textContent.slice(0, 80)}`);
    }
  };
  setInterval(look, 25);
  /** Listens for an event name on window and document (a page that knows an extension's event names). */
  window.__listenFor = (name) => {
    for (const t of [window, document]) t.addEventListener(name, (e) => spy.customEvents.push(`${name} ${text(e.detail)}`), true);
  };
  addEventListener('keydown', (e) => spy.keys.push(e.key));
  // ?listen=NAME: listen for an event name from the start (as a page that knows an extension's id would).
  const listen = new URLSearchParams(location.search).get('listen');
  if (listen) window.__listenFor(listen);
  /** Where the `index`-th character of `word` is, in this frame's viewport. */
  window.__pointOf = (selector, word, index) => {
    const root = document.querySelector(selector);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      const at = n.data.indexOf(word);
      if (at < 0) continue;
      const r = document.createRange();
      r.setStart(n, at + index);
      r.setEnd(n, at + index + 1);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    throw new Error(`no ${word}`);
  };
  /**
   * What a page script can do to make Dubao save: a pointermove over a word, then "s" (and "S"),
   * dispatched as events, again and again for `ms` milliseconds.
   */
  window.__drive = async (selector, words, ms) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      for (const word of words) {
        const { x, y } = window.__pointOf(selector, word, 0);
        const target = document.elementFromPoint(x, y) || document.body;
        for (let i = 0; i < 3; i++) {
          target.dispatchEvent(
            new PointerEvent('pointermove', {
              clientX: x,
              clientY: y + i * 0.1,
              bubbles: true,
              composed: true,
              pointerType: 'mouse',
              isPrimary: true,
            }),
          );
          await new Promise((r) => requestAnimationFrame(r));
        }
        await new Promise((r) => setTimeout(r, 300));
        for (const key of ['s', 'S']) {
          document.body.dispatchEvent(new KeyboardEvent('keydown', { key, code: 'KeyS', bubbles: true, composed: true, cancelable: true }));
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  };
})();
