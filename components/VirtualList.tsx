import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T) => ComponentChildren;
  /** Height of an item not measured yet (px). */
  estimate: number;
  /** Pixels rendered beyond the viewport above and below. */
  overscan?: number;
  class?: string;
  label?: string;
}

/** First index i with offsets[i] > y (offsets ascending, offsets[0] = 0). */
function firstAfter(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A list of thousands of items of different heights in a page that scrolls as a whole: only the items
 * near the viewport are in the DOM, between two spacers that stand for the rest. Heights are measured
 * once an item is drawn (and again when it changes size, e.g. a note grows) and estimated before.
 * The browser's scroll anchoring keeps the items in view still while estimates above them become
 * measurements. Find-in-page sees only the items drawn; the study page's search box searches them all.
 */
export function VirtualList<T>({ items, keyOf, render, estimate, overscan = 600, class: cls, label }: Props<T>) {
  const listRef = useRef<HTMLUListElement>(null);
  const heights = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [view, setView] = useState({ top: 0, bottom: typeof window === 'undefined' ? 1000 : window.innerHeight });

  const offsets = useMemo(() => {
    const out = new Float64Array(items.length + 1);
    const h = heights.current;
    for (let i = 0; i < items.length; i++) out[i + 1] = out[i]! + (h.get(keyOf(items[i]!)) ?? estimate);
    return out;
  }, [items, version, estimate]);

  // The part of the list inside the viewport, in the list's own coordinates.
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const el = listRef.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top;
      setView((v) => {
        const next = { top: -top, bottom: -top + window.innerHeight };
        return Math.abs(next.top - v.top) < 1 && Math.abs(next.bottom - v.bottom) < 1 ? v : next;
      });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule, { passive: true });
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  const total = offsets[items.length]!;
  const start = Math.max(0, firstAfter(offsets, view.top - overscan) - 1);
  const end = Math.min(items.length, firstAfter(offsets, view.bottom + overscan));
  const shown = items.slice(start, end);

  // Heights of what was drawn, as the browser lays it out (a ResizeObserver reports each new item, and
  // again when one changes size); a change re-computes the offsets. No layout is forced here.
  const observer = useRef<ResizeObserver | null>(null);
  const observed = useRef(new Set<Element>());
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    observer.current ??= new ResizeObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const li = e.target as HTMLElement;
        const key = li.dataset.vkey;
        const h = li.offsetHeight;
        if (key !== undefined && h > 0 && heights.current.get(key) !== h) {
          heights.current.set(key, h);
          changed = true;
        }
      }
      if (changed) setVersion((v) => v + 1);
    });
    const ro = observer.current;
    const now = new Set<Element>(el.children);
    for (const li of observed.current) {
      if (!now.has(li)) {
        ro.unobserve(li);
        observed.current.delete(li);
      }
    }
    for (const li of now) {
      if (!observed.current.has(li)) {
        ro.observe(li);
        observed.current.add(li);
      }
    }
  });
  useEffect(() => () => observer.current?.disconnect(), []);

  return (
    <ul
      ref={listRef}
      class={cls}
      aria-label={label}
      style={{ paddingTop: `${offsets[start]}px`, paddingBottom: `${total - offsets[end]!}px` }}
    >
      {shown.map((it) => {
        const key = keyOf(it);
        return (
          <li key={key} data-vkey={key} class="v-row">
            {render(it)}
          </li>
        );
      })}
    </ul>
  );
}
