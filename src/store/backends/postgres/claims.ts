/** PostgreSQL's interaction claims: an upsert that only replaces an expired claim. */
import type { InteractionClaims } from "../../backend.ts";
import { CLAIM_TTL_MS, claimPayload, SWEEP_EVERY_MS } from "../../interaction-claims.ts";
import type { PostgresAccess } from "./access.ts";

export function postgresClaims(postgres: PostgresAccess, now: () => number): InteractionClaims {
  const { table, pool } = postgres;
  let sweptAt = now();
  return {
    async claim(id) {
      await postgres.ready();
      const at = now();
      const { rowCount } = await pool.query(
        `INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value
         WHERE coalesce((${table}.value::json->>'expires')::bigint, 0) <= $3`,
        [postgres.rawKey(`interaction:${id}`), claimPayload(at + CLAIM_TTL_MS), at],
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
