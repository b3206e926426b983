/**
 * `transact` for a store whose commit can check and write in one atomic step (SQLite, in one
 * SQLite transaction; the in-memory Map, in one turn of the event loop; Redis, in one Lua script):
 * optimistic.
 * The body's reads are remembered as the raw payloads read (absent included); the commit checks
 * that every key read still holds exactly that, and only then writes every record, all or none.
 * If anything read has changed (another writer, in this process or, on SQLite, another one on the
 * same file), nothing is written and the body runs again on fresh reads.
 *
 * The payloads are keyv's own (`{"value":…,"expires":…}` under `{namespace}:{key}`), so what a
 * transaction writes reads back through keyv, and what keyv wrote is what a transaction reads.
 */
import type { StoreWrite } from "../records.ts";
import {
  type BoardEntry,
  conflictPause,
  payloadOf,
  TRANSACTION_ATTEMPTS,
  TransactionConflictError,
  type Transactions,
  type TxDecision,
  type TxReader,
  valueOfPayload,
} from "../transact.ts";
import { deserializeRecord } from "../validated.ts";

/** The two operations a compare-and-set store offers, on raw (namespaced) keys. */
export interface CompareAndSetStore {
  /** The stored payloads of raw keys (null: absent). */
  readRaw(rawKeys: readonly string[]): Promise<ReadonlyMap<string, string | null>>;
  /**
   * Writes `writes` (and the board entries, where the store keeps boards) only if every key of
   * `expected` still holds its payload (null: absent); false, with nothing written, if any does
   * not. Atomic: no other write lands between check and writes.
   */
  writeIfUnchanged(
    expected: ReadonlyMap<string, string | null>,
    writes: readonly StoreWrite[],
    boards: readonly BoardEntry[],
  ): boolean | Promise<boolean>;
  /** The raw key of one of the bot's keys (keyv's `{namespace}:{key}`). */
  rawKey(key: string): string;
}

/** Optimistic transactions over a compare-and-set store (see the module comment). */
export class CompareAndSetTransactions implements Transactions {
  retries = 0;
  readonly readsLock = false;

  constructor(private readonly store: CompareAndSetStore) {}

  async transact<T>(body: (tx: TxReader) => Promise<TxDecision<T>>): Promise<T> {
    for (let attempt = 1; attempt <= TRANSACTION_ATTEMPTS; attempt++) {
      // Raw key -> the payload read (null: absent): each key is read once per attempt.
      const seen = new Map<string, string | null>();
      const tx: TxReader = {
        read: async (keys) => {
          const raw = keys.map((key) => this.store.rawKey(key));
          const fresh = [...new Set(raw.filter((key) => !seen.has(key)))];
          if (fresh.length > 0)
            for (const [key, payload] of await this.store.readRaw(fresh)) seen.set(key, payload);
          const now = Date.now();
          const found = new Map<string, unknown>();
          keys.forEach((key, i) => {
            const value = valueOfPayload(seen.get(raw[i] as string), now, deserializeRecord);
            if (value !== undefined) found.set(key, value);
          });
          return found;
        },
      };
      const decision = await body(tx);
      const boards = decision.boards ?? [];
      // Nothing to write: the reads were a consistent answer at the moment they were made.
      if (decision.writes.length === 0 && boards.length === 0) return decision.result;
      if (await this.store.writeIfUnchanged(seen, decision.writes, boards)) return decision.result;
      this.retries++;
      await conflictPause(attempt);
    }
    throw new TransactionConflictError(TRANSACTION_ATTEMPTS);
  }
}

/** The raw keys and keyv payloads of writes, expiry as keyv computes it (the wall clock), so keyv's own reads agree. */
export function payloadsOf(
  writes: readonly StoreWrite[],
  rawKey: (key: string) => string,
): { readonly key: string; readonly payload: string }[] {
  const now = Date.now();
  return writes.map((write) => ({ key: rawKey(write.key), payload: payloadOf(write, now) }));
}
