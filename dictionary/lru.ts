/**
 * The one least-recently-used cache (a Map keeps insertion order: a hit moves its key to the end, the
 * oldest go first). Each value has a weight (1 by default; the glossary's piece cache weighs a piece by
 * its length), and the cache holds at most `capacity` in all. Used by the hover cache, the segmenter's
 * block cache, made words, the glossary's pieces, the background's kept glossaries and the words of the
 * page's runs coloured by word state (content/word-marks.ts).
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private total = 0;

  constructor(
    readonly capacity: number,
    private readonly weigh: (key: K, value: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Sum of the weights held. */
  get weight(): number {
    return this.total;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined || this.map.has(key)) {
      this.map.delete(key);
      this.map.set(key, v as V);
    }
    return v;
  }

  /** The value without making it more recent. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Keeps `value` as the most recently used, then drops the least recently used beyond the capacity. */
  set(key: K, value: V): void {
    this.delete(key);
    this.map.set(key, value);
    this.total += this.weigh(key, value);
    for (const [k, v] of this.map) {
      if (this.total <= this.capacity || k === key) break;
      this.map.delete(k);
      this.total -= this.weigh(k, v);
    }
  }

  delete(key: K): boolean {
    if (!this.map.has(key)) return false;
    this.total -= this.weigh(key, this.map.get(key) as V);
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  /** Keys, least recently used first. */
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}
