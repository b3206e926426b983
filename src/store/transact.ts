/**
 * The store-level transaction: the guarantee that a read-decide-write of several records is atomic
 * even when other processes (on other machines) write the same records. It is what makes an answer
 * commit correct on Redis and PostgreSQL; the per-process locks and caches above it are only an
 * optimisation there. SQLite keeps its single-process path (KeyedLock + one setMany), since a
 * SQLite file has one writer process by construction (the store lease).
 *
 * The body of a transaction reads records with `tx.read` (in as many steps as it needs: a session
 * first, then the players it names), decides with pure code, and returns the writes. It may run
 * more than once (Redis re-runs it after a conflict), so it must have no effect of its own.
 */
import type { StoreWrite } from "./records.ts";

/** Reads records inside a transaction: what it returns is what the commit is checked (or locked) against. */
export interface TxReader {
  /**
   * The current values of the keys, from the database (absent or expired: no entry).
   * `boardsOf`: guilds whose leaderboards this transaction will update (PostgreSQL takes their
   * shared board locks with the keys' locks, saving a round trip at the commit).
   */
  read(
    keys: readonly string[],
    options?: { boardsOf?: readonly string[] },
  ): Promise<ReadonlyMap<string, unknown>>;
}

/** A player's standing after a commit, for the leaderboards kept in the database. */
export interface BoardEntry {
  readonly guildId: string;
  readonly userId: string;
  /** All-time points (absolute: replaying an entry is harmless). */
  readonly points: number;
  /** The ISO week `weekPoints` belong to. */
  readonly week: string;
  readonly weekPoints: number;
}

/** What a transaction's body decided: the records to write (none: nothing changes), the boards, the result. */
export interface TxDecision<T> {
  readonly writes: readonly StoreWrite[];
  readonly boards?: readonly BoardEntry[];
  readonly result: T;
}

/** Atomic read-decide-write on a store that several processes share. */
export interface Transactions {
  /** Runs `body` and commits its writes atomically, re-running it on a conflict (bounded). */
  transact<T>(body: (tx: TxReader) => Promise<TxDecision<T>>): Promise<T>;
  /** How many attempts this process has had to run again so far (conflicts, deadlocks): for benchmarks and metrics. */
  readonly retries: number;
  /**
   * Whether a read takes locks (PostgreSQL): then a body must read in the same stages as every
   * other body (a session, then its players), or two bodies could wait on each other. An
   * optimistic store (Redis) takes none, so a body may read keys it only guesses it needs.
   */
  readonly readsLock: boolean;
}

/**
 * Thrown when a transaction kept conflicting with other writers until its attempts ran out:
 * nothing of it was written, and the caller's error boundary tells the player to try again
 * (never a silent drop of the answer).
 */
export class TransactionConflictError extends Error {
  constructor(attempts: number) {
    super(
      `the store changed under this commit ${attempts} times in a row (other processes writing the same records): nothing was written`,
    );
    this.name = "TransactionConflictError";
  }
}

/** How many times a transaction is tried before TransactionConflictError. */
export const TRANSACTION_ATTEMPTS = 12;

/**
 * Waits before the next attempt: a random pause that grows with the attempt, so that processes
 * that conflicted once do not collide again in lockstep.
 */
export function conflictPause(attempt: number, random: () => number = Math.random): Promise<void> {
  const ms = Math.min(50, 2 * attempt) * random() + 1;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One stored payload as keyv writes it: `{ value, expires? }` (expires: epoch ms). */
export function payloadOf(write: StoreWrite, now: number): string {
  return JSON.stringify(
    write.ttl === undefined ? { value: write.value } : { value: write.value, expires: now + write.ttl },
  );
}

/**
 * The value of a payload as keyv would return it: undefined if absent or expired. A payload that
 * is not JSON is returned as the store's UnreadableRecord (via `deserialize`), which fails
 * validation above and is moved aside, as for a plain keyv read.
 */
export function valueOfPayload(
  raw: string | null | undefined,
  now: number,
  deserialize: (text: string) => { value?: unknown; expires?: number | null },
): unknown {
  if (raw === null || raw === undefined) return undefined;
  const payload = deserialize(raw);
  if (typeof payload.expires === "number" && payload.expires <= now) return undefined;
  return payload.value;
}
