/** SQLite's interaction claims: an upsert that only replaces an expired claim. */
import type Keyv from "keyv";
import type { InteractionClaims } from "../../backend.ts";
import { CLAIM_TTL_MS, claimKeyOf, claimPayload, SWEEP_EVERY_MS } from "../../interaction-claims.ts";
import type { KeyvBetterSqlite } from "./adapter.ts";

/**
 * SQLite commits synchronously with a disk sync each: the claims that arrive within one turn of
 * the event loop (a burst of clicks) are written in one transaction, one sync for all.
 */
export function sqliteClaims(keyv: Keyv, store: KeyvBetterSqlite, now: () => number): InteractionClaims {
  const table = store.opts.table;
  const upsert = store.db.prepare<[string, string, number]>(
    `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
     WHERE coalesce(json_extract(${table}.value, '$.expires'), 0) <= ?`,
  );
  // SQLite compares keys byte by byte, and ";" sorts right after ":": the range is the prefix.
  const prefix = claimKeyOf(keyv, "");
  const sweep = store.db.prepare<[string, string, number]>(
    `DELETE FROM ${table} WHERE key >= ? AND key < ? AND json_extract(value, '$.expires') <= ?`,
  );
  let queue: { id: string; done: (taken: boolean) => void; fail: (error: unknown) => void }[] = [];
  let sweptAt = now();
  const commit = store.db.transaction((batch: typeof queue, at: number) =>
    batch.map(
      (entry) => upsert.run(claimKeyOf(keyv, entry.id), claimPayload(at + CLAIM_TTL_MS), at).changes > 0,
    ),
  );
  const flush = () => {
    const batch = queue;
    queue = [];
    const at = now();
    try {
      const results = commit(batch, at);
      for (const [i, entry] of batch.entries()) entry.done(results[i] === true);
      if (at - sweptAt > SWEEP_EVERY_MS) {
        sweptAt = at;
        sweep.run(prefix, `${prefix.slice(0, -1)};`, at);
      }
    } catch (error) {
      for (const entry of batch) entry.fail(error);
    }
  };
  return {
    claim(id) {
      return new Promise<boolean>((done, fail) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ id, done, fail });
      });
    },
  };
}
