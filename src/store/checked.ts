/**
 * Read, then write only if unchanged: how the application changes records without the store
 * calling back into it. The caller reads records (`readChecked`), decides with its own rules, and
 * commits its writes with `commitIfUnchanged`, a store transaction that reads the same keys again
 * and writes only if every one still holds what was read; on `false` (another writer got there
 * first) the caller reads and decides again.
 */
import { isDeepStrictEqual } from "node:util";
import type Keyv from "keyv";
import type { StoreWrite } from "./records.ts";
import type { BoardEntry, Transactions } from "./transact.ts";

/** Records as read: every key and the value found (undefined: absent or expired). */
export type ReadSet = ReadonlyMap<string, unknown>;

/** Reads keys in one batch, as keyv reads them. */
export async function readChecked(keyv: Keyv, keys: readonly string[]): Promise<Map<string, unknown>> {
  const values = await keyv.getMany<unknown>([...keys]);
  return new Map(keys.map((key, i) => [key, values[i]]));
}

/**
 * Writes `writes` (and the board entries) in one atomic transaction if every key of `read` still
 * holds what was read; false, with nothing written, if any changed. `boardsOf`: the guilds whose
 * boards the commit updates (PostgreSQL locks them with the keys).
 */
export function commitIfUnchanged(
  transactions: Transactions,
  read: ReadSet,
  writes: readonly StoreWrite[],
  options: { readonly boards?: readonly BoardEntry[]; readonly boardsOf?: readonly string[] } = {},
): Promise<boolean> {
  const keys = [...read.keys()];
  return transactions.transact(async (tx) => {
    const now = await tx.read(keys, options.boardsOf ? { boardsOf: options.boardsOf } : undefined);
    for (const key of keys)
      if (!isDeepStrictEqual(now.get(key), read.get(key))) return { writes: [], result: false };
    return { writes, ...(options.boards ? { boards: options.boards } : {}), result: true };
  });
}
