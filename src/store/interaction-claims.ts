/**
 * Interaction ids already taken, so that each interaction acts once. Discord sends an interaction
 * once, but a signed HTTP delivery is valid for 30 s (its timestamp window), so a captured request
 * played back, to this worker or another, must change nothing. The first process to record an id
 * in the store acts on it; every later delivery of that id finds it taken.
 *
 * Each id is kept CLAIM_TTL_MS (well past the 30 s window), written as keyv writes a record with an
 * expiry, with one atomic set-if-absent per backend: Redis `SET NX PX`; PostgreSQL and SQLite an
 * upsert that only replaces an expired claim. Expired claims are swept now and then.
 */
import type Keyv from "keyv";
import { postgresAccess } from "./postgres-access.ts";
import { redisAccess } from "./redis-access.ts";
import { KeyvBetterSqlite } from "./sqlite.ts";

/** How long a claimed interaction id is remembered: past Discord's 30 s signature window, with margin. */
export const CLAIM_TTL_MS = 5 * 60 * 1000;

/** How often expired claims are deleted (Redis expires its own). */
const SWEEP_EVERY_MS = 60 * 1000;

/** Records interaction ids, each once. */
export interface InteractionClaims {
  /** True the first time an id is claimed (within CLAIM_TTL_MS), false for every later claim; throws if the store does not answer. */
  claim(id: string): Promise<boolean>;
}

const keyOf = (keyv: Keyv, id: string) => `${keyv.namespace ?? "quiz"}:interaction:${id}`;
const payload = (expires: number) => JSON.stringify({ value: true, expires });

/** The claims on the store under `keyv`, for whichever backend it is. */
export function interactionClaims(keyv: Keyv, now: () => number): InteractionClaims {
  const redis = redisAccess(keyv);
  if (redis)
    return {
      async claim(id) {
        const key = redis.rawKey(`interaction:${id}`);
        const expires = payload(now() + CLAIM_TTL_MS);
        return (await redis.command(["SET", key, expires, "NX", "PX", String(CLAIM_TTL_MS)])) === "OK";
      },
    };
  const postgres = postgresAccess(keyv);
  if (postgres) return postgresClaims(postgres, now);
  if (keyv.store instanceof KeyvBetterSqlite) return sqliteClaims(keyv, keyv.store, now);
  const claims = inMemory.get(keyv) ?? memoryClaims(now);
  inMemory.set(keyv, claims);
  return claims;
}

/** One set of claims per in-memory store, however many times it is asked for. */
const inMemory = new WeakMap<Keyv, InteractionClaims>();

/** In one process only (the in-memory store of tests and the terminal quiz). */
function memoryClaims(now: () => number): InteractionClaims {
  const claimed = new Map<string, number>();
  let sweptAt = now();
  return {
    async claim(id) {
      const at = now();
      if (at - sweptAt > SWEEP_EVERY_MS) {
        sweptAt = at;
        for (const [key, expires] of claimed) if (expires <= at) claimed.delete(key);
      }
      const expires = claimed.get(id);
      if (expires !== undefined && expires > at) return false;
      claimed.set(id, at + CLAIM_TTL_MS);
      return true;
    },
  };
}

/**
 * SQLite commits synchronously with a disk sync each: the claims that arrive within one turn of
 * the event loop (a burst of clicks) are written in one transaction, one sync for all.
 */
function sqliteClaims(keyv: Keyv, store: KeyvBetterSqlite, now: () => number): InteractionClaims {
  const table = store.opts.table;
  const upsert = store.db.prepare<[string, string, number]>(
    `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
     WHERE coalesce(json_extract(${table}.value, '$.expires'), 0) <= ?`,
  );
  // SQLite compares keys byte by byte, and ";" sorts right after ":": the range is the prefix.
  const prefix = keyOf(keyv, "");
  const sweep = store.db.prepare<[string, string, number]>(
    `DELETE FROM ${table} WHERE key >= ? AND key < ? AND json_extract(value, '$.expires') <= ?`,
  );
  let queue: { id: string; done: (taken: boolean) => void; fail: (error: unknown) => void }[] = [];
  let sweptAt = now();
  const commit = store.db.transaction((batch: typeof queue, at: number) =>
    batch.map((entry) => upsert.run(keyOf(keyv, entry.id), payload(at + CLAIM_TTL_MS), at).changes > 0),
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

function postgresClaims(
  postgres: NonNullable<ReturnType<typeof postgresAccess>>,
  now: () => number,
): InteractionClaims {
  const { table, pool } = postgres;
  let sweptAt = now();
  return {
    async claim(id) {
      await postgres.ready();
      const at = now();
      const { rowCount } = await pool.query(
        `INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value
         WHERE coalesce((${table}.value::json->>'expires')::bigint, 0) <= $3`,
        [postgres.rawKey(`interaction:${id}`), payload(at + CLAIM_TTL_MS), at],
      );
      if (at - sweptAt > SWEEP_EVERY_MS) {
        sweptAt = at;
        const prefix = postgres.rawKey("interaction:");
        // Not waited for: a sweep that fails is tried again a minute later. (A prefix compared as
        // is: a range of keys would depend on the database's collation.)
        void pool
          .query(
            `DELETE FROM ${table} WHERE left(key, $1) = $2 AND (value::json->>'expires')::bigint <= $3`,
            [prefix.length, prefix, at],
          )
          .catch(() => {});
      }
      return rowCount === 1;
    },
  };
}
