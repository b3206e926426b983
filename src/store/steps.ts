/**
 * Delayed steps (a channel round's reveal, next question, finish; an assignment's deadline) that
 * outlive the process that scheduled them: the interface every backend's step queue provides, and
 * the in-process one (SQLite, memory). See backend.ts for which backend runs which queue.
 *
 * Delivery is at least once. A step id names its step (the caller builds it from, say, session,
 * round and step), so adding a step that is already queued, running or recently done is a no-op;
 * the caller makes a second run harmless (each step re-reads its record and does nothing once it
 * has moved on).
 */
import type { z } from "zod";

/** Steps to run later, each once in effect, by whichever process is alive when it is due. */
export interface StepQueue<T> {
  /** Whether steps are shared by every process on the store (false: in-process timers). */
  readonly distributed: boolean;
  /** Starts taking due steps: `run` is called once per delivery (more than once, rarely: see above). */
  start(run: (data: T) => Promise<void>): Promise<void>;
  /** Runs `data` in `delayMs` under `id`; an id already queued, running or recently done is left as it is. */
  add(id: string, data: T, delayMs: number): Promise<void>;
  /** Removes a step not yet taken (an early step ran instead); one already running is left to finish. */
  remove(id: string): Promise<void>;
  /** Stops taking steps and waits for the ones running here (graceful shutdown); queued ones stay. */
  close(): Promise<void>;
}

/** SQLite's steps: timers in this process (the only one on its database file). */
export function inProcessSteps<T>(): StepQueue<T> {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let run: ((data: T) => Promise<void>) | undefined;
  let closed = false;
  return {
    distributed: false,
    async start(handler) {
      run = handler;
    },
    async add(id, data, delayMs) {
      // After close nothing runs here: the store keeps the round, and the next start resumes it.
      if (closed || timers.has(id)) return;
      const timer = setTimeout(() => {
        timers.delete(id);
        if (!run) return;
        const work = run(data).catch(() => {});
        running.add(work);
        void work.finally(() => running.delete(work));
      }, delayMs);
      timers.set(id, timer);
    },
    async remove(id) {
      clearTimeout(timers.get(id));
      timers.delete(id);
    },
    async close() {
      closed = true;
      run = undefined;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}

/** What opening a step queue needs: the store's namespace, the queue's name, and its steps' schema. */
export interface StepQueueOptions<T> {
  /** The store's namespace: two bots (or two tests) on one server never take each other's steps. */
  readonly namespace: string;
  readonly name: string;
  /** Checks each step's data as it comes back from the server. */
  readonly schema: z.ZodType<T>;
  readonly onError?: (error: unknown) => void;
}
