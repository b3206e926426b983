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

  /**
   * Waits for the key and holds it until the returned release is called (for a unit of work that
   * loads, decides elsewhere, and commits, with no callback in between). Release exactly once.
   */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Holds several keys, taken in key order (so two holders sharing keys cannot deadlock). */
  async acquireAll(keys: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key));
    } catch (error) {
      for (const release of releases.reverse()) release();
      throw error;
    }
    return () => {
      for (const release of releases.reverse()) release();
    };
  }

  /** How many keys have work queued (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
