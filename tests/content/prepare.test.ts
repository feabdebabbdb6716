import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIRST_DELAY_MS, GlossaryPrep, MAX_WAIT_MS, MIN_INTERVAL_MS, SETTLE_MS } from '../../entrypoints/content/prepare';
import type { PageReader } from '../../entrypoints/content/page-text';

/** A page whose text the test changes; `change()` is what the MutationObserver reports. */
function fakePage(initial: string) {
  let text = initial;
  const listeners = new Set<() => void>();
  const visibility = { state: 'visible' as DocumentVisibilityState };
  const shown = new Set<() => void>();
  const reader = {
    text: () => ({ text, title: 't', url: 'https://example.test/' }),
    onChange(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as PageReader;
  const win = {
    setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
    clearTimeout: (id: number) => clearTimeout(id),
    document: {
      get visibilityState() {
        return visibility.state;
      },
      addEventListener: (_: string, l: () => void) => shown.add(l),
      removeEventListener: (_: string, l: () => void) => shown.delete(l),
    },
  } as unknown as Window;
  const sent: string[] = [];
  const prep = new GlossaryPrep(win, reader, async (t) => void sent.push(t));
  return {
    prep,
    sent,
    visibility,
    show() {
      visibility.state = 'visible';
      for (const l of shown) l();
    },
    change(next: string) {
      text = next;
      for (const l of listeners) l();
    },
  };
}

const para = (n: number) => `第${n}段：各地区各部门坚持以人民为中心，扎实推进基层治理和乡村振兴，切实保障和改善民生。`.repeat(3);

describe('GlossaryPrep (when the content script sends the page text to be prepared)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the text once shortly after start, and not again while it is unchanged', () => {
    const page = fakePage(para(1));
    page.prep.start();
    vi.advanceTimersByTime(FIRST_DELAY_MS + 1);
    expect(page.sent).toEqual([para(1)]);
    page.change(para(1)); // a mutation that leaves the text as it was
    vi.advanceTimersByTime(MIN_INTERVAL_MS + SETTLE_MS);
    expect(page.sent).toHaveLength(1);
  });

  it('reads a changed page once the changes have stopped for a while', () => {
    const page = fakePage(para(1));
    page.prep.start();
    vi.advanceTimersByTime(MIN_INTERVAL_MS);
    page.change(para(1) + para(2));
    vi.advanceTimersByTime(SETTLE_MS - 100);
    expect(page.sent).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(page.sent).toEqual([para(1), para(1) + para(2)]);
  });

  it('reads a page that never stops changing within MAX_WAIT_MS of its first change, and keeps doing so', () => {
    const page = fakePage(para(1));
    page.prep.start();
    vi.advanceTimersByTime(MIN_INTERVAL_MS);
    // A clock on the page ticks every second: the changes never stop for SETTLE_MS.
    let n = 1;
    const tick = () => page.change(`${para(1)}更新于${++n}秒前`);
    for (let t = 0; t < MAX_WAIT_MS + 1_000; t += 1_000) {
      tick();
      vi.advanceTimersByTime(1_000);
    }
    expect(page.sent.length).toBe(2);
    expect(page.sent[1]).toMatch(/更新于\d+秒前$/);
    for (let t = 0; t < 3 * MAX_WAIT_MS; t += 1_000) {
      tick();
      vi.advanceTimersByTime(1_000);
    }
    // Read about every MAX_WAIT_MS, never more often than MIN_INTERVAL_MS.
    expect(page.sent.length).toBeGreaterThanOrEqual(4);
    expect(page.sent.length).toBeLessThanOrEqual(2 + (3 * MAX_WAIT_MS) / MIN_INTERVAL_MS);
  });

  it('does not read a hidden tab, and reads it when it is shown again', () => {
    const page = fakePage(para(1));
    page.visibility.state = 'hidden';
    page.prep.start();
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(page.sent).toEqual([]);
    page.show();
    vi.advanceTimersByTime(FIRST_DELAY_MS + 1);
    expect(page.sent).toEqual([para(1)]);
  });

  it('sends nothing for a page with little Chinese, and nothing after stop', () => {
    const page = fakePage('An English page that quotes 习近平 once.');
    page.prep.start();
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(page.sent).toEqual([]);
    page.prep.stop();
    page.change(para(4));
    vi.advanceTimersByTime(MAX_WAIT_MS * 2);
    expect(page.sent).toEqual([]);
  });
});
