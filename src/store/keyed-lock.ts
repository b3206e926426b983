/**
 * Serialises async work per key within this process: read-modify-write of one record never
 * interleaves with another on the same key, so a burst of concurrent answers loses no point.
 * (Across processes, the design makes the shard that owns a guild its only writer.)
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after every earlier `run` on the same key has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nothing else is queued behind this run.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many keys have work queued (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
