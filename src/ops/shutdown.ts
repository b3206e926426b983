/**
 * Work in flight (interactions being answered), so that a shutdown can stop taking new work and
 * wait for what was already taken: every reply already decided is sent before the process exits.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  /** Whether new work is still taken (false once draining has begun). */
  get accepting(): boolean {
    return !this.closed;
  }

  /** How much work is running now. */
  get size(): number {
    return this.running.size;
  }

  /** Tracks `work` until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * Stops taking new work and waits for the running work to settle, at most `limitMs`. Returns
   * how many were still running when the limit came (0: everything finished).
   */
  async drain(limitMs: number): Promise<number> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, limitMs);
    });
    // Work started while waiting (a step a reply triggers) is waited for too.
    const settled = (async () => {
      while (this.running.size > 0) await Promise.allSettled([...this.running]);
    })();
    await Promise.race([settled, limit]);
    clearTimeout(timer);
    return this.running.size;
  }
}
