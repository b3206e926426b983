/**
 * A Map that holds at most `capacity` entries, dropping the least recently used first: a cache
 * whose memory stays bounded however many keys pass through it.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  /** The value for a key (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting moves the key to the young end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores a value, dropping the least recently used entry when over capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Forgets a key. */
  delete(key: K): void {
    this.entries.delete(key);
  }

  /** The values held, least recently used first (reading them does not change their order). */
  values(): IterableIterator<V> {
    return this.entries.values();
  }

  /** How many entries are held. */
  get size(): number {
    return this.entries.size;
  }
}
