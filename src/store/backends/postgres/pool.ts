import type { EventEmitter } from "node:events";

/**
 * pg-pool options that keep a broken idle connection from crashing the process. When PostgreSQL
 * drops a connection that is idle in the pool (a restart, a network cut), pg-pool emits "error" on
 * the pool, and an EventEmitter with no "error" listener throws: the bot would exit. @keyv/postgres
 * creates the pool out of reach, but pg-pool calls its `log` option as a method of the pool, on its
 * first connection already, so that is where a listener is added. The pool has already dropped the
 * broken client by then, the next query opens a new one, and a query that was running gets its own
 * error (which the caller sees); so the pool's event needs no more handling than being heard.
 */
export const guardedPoolOptions = {
  log(this: EventEmitter) {
    if (this.listenerCount("error") === 0) this.on("error", () => {});
  },
} as const;
