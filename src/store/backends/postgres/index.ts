/**
 * PostgreSQL: a store several processes share (one lease per shard). Records through
 * @keyv/postgres (rows `{namespace}:{key}` of keyv's table, as always); `transact` takes advisory
 * locks and writes in one SQL transaction; the leaderboards are tables beside keyv's; the step
 * queue is BullMQ's PostgreSQL backend in the same database.
 */
import KeyvPostgres from "@keyv/postgres";
import type Keyv from "keyv";
import type { Backend, BackendDriver, InteractionClaims } from "../../backend.ts";
import { STORE_TIMEOUT_MS } from "../../errors.ts";
import { keyvOver, withTimeouts } from "../../keyv.ts";
import { postgresAccess } from "./access.ts";
import { PostgresBoards } from "./boards.ts";
import { postgresClaims } from "./claims.ts";
import { postgresLeases } from "./lease.ts";
import { guardedPoolOptions } from "./pool.ts";
import { postgresRows } from "./scan.ts";
import { postgresSteps } from "./steps.ts";
import { PostgresTransactions } from "./transactions.ts";

function postgresBackend(keyv: Keyv): Backend {
  const store = keyv.store as unknown;
  const access = postgresAccess(keyv);
  if (!(store instanceof KeyvPostgres) || !access)
    throw new Error("the PostgreSQL store is not a @keyv/postgres adapter");
  const namespace = keyv.namespace ?? "";
  let claims: InteractionClaims | undefined;
  return {
    driver: postgresDriver,
    keyv,
    transactions: new PostgresTransactions(access),
    rows(prefix) {
      const full = namespace ? `${namespace}:${prefix}` : prefix;
      return postgresRows(store, full, `${full.replace(/[%_\\]/g, "\\$&")}%`);
    },
    networked: true,
    boards: (context) => new PostgresBoards(access, context.now, context.reportCorrupt),
    claims(now) {
      claims ??= postgresClaims(access, now);
      return claims;
    },
    leases: { kind: "per-key", open: (token, ttlMs) => postgresLeases(store, token, ttlMs) },
    evictionPolicy: async () => undefined,
  };
}

export const postgresDriver: BackendDriver = {
  name: "postgres",
  shared: true,
  open(url, options = {}) {
    // Full scans (the leaderboards, sessions to resume) read 1,000 rows per query, not 10.
    const store = new KeyvPostgres({
      uri: url,
      table: options.table ?? "keyv",
      iterationLimit: 1_000,
      ...guardedPoolOptions,
    });
    const keyv = withTimeouts(
      keyvOver(store, options.namespace ?? "quiz"),
      options.timeoutMs ?? STORE_TIMEOUT_MS,
    );
    return postgresBackend(keyv);
  },
  over: (keyv) => postgresBackend(keyv),
  openSteps: postgresSteps,
  backup: {
    supported: false,
    reason:
      "a PostgreSQL server snapshots itself: use `pg_dump` (one consistent snapshot of the database, keyv's table and the board tables with it)",
  },
};
