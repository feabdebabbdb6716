/**
 * The first answer's gate (utils/first-answer.ts): what a cold worker holds back for its first card
 * starts once that card's lookup is answered, or a grace period after the core is ready when no hover
 * woke the worker. Timers are fake: this is about order, not time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstAnswerGate } from '../../utils/first-answer';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('firstAnswerGate', () => {
  it('opens in the task after the first answer, not before, without waiting for the grace period', async () => {
    const gate = firstAnswerGate(300);
    const order: string[] = [];
    void gate.opened.then(() => order.push('opened'));
    gate.graceAfter(Promise.resolve());
    await vi.advanceTimersByTimeAsync(10);
    expect(gate.isOpen()).toBe(false);
    gate.answered();
    order.push('reply sent');
    await Promise.resolve();
    expect(gate.isOpen()).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(gate.isOpen()).toBe(true);
    expect(order).toEqual(['reply sent', 'opened']);
    gate.answered(); // later answers change nothing
    await vi.advanceTimersByTimeAsync(1000);
    expect(order).toEqual(['reply sent', 'opened']);
  });

  it('without a hover, opens the grace period after the core is ready', async () => {
    const gate = firstAnswerGate(300);
    let ready!: () => void;
    gate.graceAfter(new Promise<void>((r) => (ready = r)));
    await vi.advanceTimersByTimeAsync(1000);
    expect(gate.isOpen()).toBe(false); // the core is still loading
    ready();
    await vi.advanceTimersByTimeAsync(299);
    expect(gate.isOpen()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(gate.isOpen()).toBe(true);
  });

  it('opens after the grace period when the core failed to load', async () => {
    const gate = firstAnswerGate(50);
    gate.graceAfter(Promise.reject(new Error('no dictionary')));
    await vi.advanceTimersByTimeAsync(50);
    expect(gate.isOpen()).toBe(true);
    await expect(gate.opened).resolves.toBeUndefined();
  });
});
