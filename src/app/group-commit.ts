import { KeyedLock } from "../lib/keyed-lock.ts";

/** A caller waiting for its group's result. */
interface Waiting {
  readonly item: unknown;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: calls for one key (a session) that arrive while the previous group for that key
 * is being handled are queued, then handled together by one `run` with all their items (one
 * write for a channel round's burst of clicks instead of one each). `run` returns one result per
 * item, in order; a failure fails every item of that group.
 */
export class GroupCommit {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly turns = new KeyedLock();

  /** Adds an item to the key's next group, and resolves with its own result. */
  submit<I, R>(key: string, item: I, run: (items: readonly I[]) => Promise<readonly R[]>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const entry = { item, resolve: resolve as (result: unknown) => void, reject };
      const queued = this.waiting.get(key);
      if (queued) {
        queued.push(entry);
        return;
      }
      const group: Waiting[] = [entry];
      this.waiting.set(key, group);
      void this.turns.run(key, async () => {
        // The clicks of one socket read arrive in one go: waiting for the end of this turn of the
        // event loop (no timer, no added delay to speak of) takes them all into this group, so a
        // burst is a few large commits rather than a first commit of one click and many small ones.
        await new Promise<void>((resolve) => setImmediate(resolve));
        // From here on, later callers start the next group (which waits for this one).
        this.waiting.delete(key);
        try {
          const results = await run(group.map((w) => w.item as I));
          for (const [i, w] of group.entries()) w.resolve(results[i]);
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      });
    });
  }
}
