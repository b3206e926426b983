/**
 * PostgreSQL leases: a row `lease:shard:{id}` of the store's table, taken and refreshed by one
 * atomic upsert that only succeeds while the row is expired or already ours (the server's clock
 * decides).
 */
import { hostname } from "node:os";
import type KeyvPostgres from "@keyv/postgres";
import { z } from "zod";
import type { KeyLeases } from "../../backend.ts";
import { type Holder, holderOf } from "../../lease-holder.ts";

/** The upsert that takes or renews a PostgreSQL lease row: it returns a row only if the lease is ours now. */
function postgresTake(table: string) {
  return `INSERT INTO ${table} (key, value) VALUES ($1, json_build_object('token', $2::text, 'pid', $4::int, 'host', $5::text, 'until', (extract(epoch from clock_timestamp()) * 1000)::bigint + $3::bigint)::text)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
    WHERE (${table}.value::json->>'until')::bigint < (extract(epoch from clock_timestamp()) * 1000)::bigint
       OR ${table}.value::json->>'token' = $2
    RETURNING key`;
}

const PostgresLeaseRowSchema = z.object({
  value: z.string(),
  left_ms: z.coerce.number().nullable(),
});

/** The holder a PostgreSQL lease row names: its token carries the holder's start time too. */
function postgresHolder(value: string): Holder | undefined {
  try {
    const row = z.object({ token: z.string() }).parse(JSON.parse(value));
    return holderOf(row.token) ?? holderOf(value);
  } catch {
    return holderOf(value);
  }
}

export function postgresLeases(store: KeyvPostgres, token: string, ttlMs: number): KeyLeases {
  const { schema, table } = store.opts as { schema: string; table: string };
  const from = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
  const take = async (key: string) =>
    (await store.query(postgresTake(from), [key, token, ttlMs, process.pid, hostname()])).length === 1;
  return {
    async take(key) {
      if (await take(key)) return { taken: true };
      const rows = z
        .array(PostgresLeaseRowSchema)
        .parse(
          await store.query(
            `SELECT value, (value::json->>'until')::bigint - (extract(epoch from clock_timestamp()) * 1000)::bigint AS left_ms FROM ${from} WHERE key = $1`,
            [key],
          ),
        );
      const row = rows[0];
      return {
        taken: false,
        holder: row ? postgresHolder(row.value) : undefined,
        value: row?.value ?? "",
        leftMs: row?.left_ms ?? undefined,
      };
    },
    async renew(key) {
      if (await take(key)) return "held";
      const rows = (await store.query(`SELECT 1 FROM ${from} WHERE key = $1`, [key])) as unknown[];
      return rows.length > 0 ? "taken" : "vanished";
    },
    async drop(key) {
      await store.query(`DELETE FROM ${from} WHERE key = $1 AND value::json->>'token' = $2`, [key, token]);
    },
    async dropIf(key, value) {
      await store.query(`DELETE FROM ${from} WHERE key = $1 AND value = $2`, [key, value]);
    },
  };
}
