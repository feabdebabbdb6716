import { describe, expect, it } from 'vitest';
import { Lru } from '../../dictionary/lru';

describe('the one LRU', () => {
  it('drops the least recently used beyond its capacity; a read makes a key recent', () => {
    const c = new Lru<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect([...c.keys()]).toEqual(['a', 'c']);
    expect(c.has('b')).toBe(false);
    expect(c.peek('a')).toBe(1);
    c.set('d', 4); // peek did not refresh a
    expect([...c.keys()]).toEqual(['c', 'd']);
  });

  it('holds a total weight, and replaces a value in place', () => {
    const c = new Lru<string, string>(10, (k) => k.length);
    c.set('abcd', 'x');
    c.set('efgh', 'y');
    expect(c.weight).toBe(8);
    c.set('ijkl', 'z');
    expect([...c.keys()]).toEqual(['efgh', 'ijkl']);
    c.set('efgh', 'w');
    expect(c.weight).toBe(8);
    expect([...c.keys()]).toEqual(['ijkl', 'efgh']);
    expect(c.delete('ijkl')).toBe(true);
    expect(c.weight).toBe(4);
    c.clear();
    expect(c.size).toBe(0);
    expect(c.weight).toBe(0);
  });

  it('keeps the newest item even when it alone is over the capacity', () => {
    const c = new Lru<string, number>(3, () => 5);
    c.set('a', 1);
    c.set('b', 2);
    expect([...c.keys()]).toEqual(['b']);
  });

  it('caches undefined-free falsy values', () => {
    const c = new Lru<string, number | null>(2);
    c.set('zero', 0);
    c.set('none', null);
    expect(c.get('zero')).toBe(0);
    expect(c.get('none')).toBeNull();
  });
});
