/**
 * A PostgreSQL store reached under keyv, for what keyv cannot do: transactions that hold locks
 * across a read, a decision and a write, and the leaderboard tables. @keyv/postgres keeps its
 * connection pool to itself (and lends no client for a transaction), so this opens a small pool
 * of its own on the same URL, closed with the keyv. Rows are written as keyv writes them: the key
 * `{namespace}:{key}` in keyv's table, the payload `{"value":…,"expires":…}` as text.
 */
import KeyvPostgres from "@keyv/postgres";
import type Keyv from "keyv";
import pg from "pg";
import { CONNECTION_FAILURE, STORE_TIMEOUT_MS, StoreUnavailableError, timed } from "../../errors.ts";

/** A PostgreSQL store reached under keyv. */
export interface PostgresAccess {
  readonly pool: pg.Pool;
  /** keyv's table, quoted ("schema"."table"). */
  readonly table: string;
  /** The leaderboard rows: one per guild, period and player with points. */
  readonly boards: string;
  /** Per guild and period, how many players have each number of points (a rank is a sum over it). */
  readonly histogram: string;
  /** keyv's namespace (boards rows carry it, so namespaces sharing a table stay apart). */
  readonly namespace: string;
  /** The key keyv uses for one of the bot's keys. */
  rawKey(key: string): string;
  /** Resolves once keyv's table and the board tables exist (tried again at the next call after a failure). */
  ready(): Promise<void>;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Connections this process holds for transactions (each holds one only while it runs). */
const TRANSACTION_CONNECTIONS = 8;

/** A constant advisory lock id for creating the board tables. */
const SCHEMA_LOCK = 7_316_402_118;

/** The PostgreSQL access under a keyv over @keyv/postgres, or undefined for any other store. */
export function postgresAccess(keyv: Keyv): PostgresAccess | undefined {
  const store: unknown = keyv.store;
  if (!(store instanceof KeyvPostgres)) return undefined;
  const { uri, schema, table } = store.opts as { uri: string; schema: string; table: string };
  const pool = new pg.Pool({
    connectionString: uri,
    max: TRANSACTION_CONNECTIONS,
    // Idle connections must not keep a finished process (a test, a CLI) alive.
    allowExitOnIdle: true,
    connectionTimeoutMillis: STORE_TIMEOUT_MS,
    query_timeout: STORE_TIMEOUT_MS,
    // A process that stops mid-transaction without closing its socket must not hold locks for long.
    idle_in_transaction_session_timeout: 10_000,
  });
  // A broken idle connection is dropped by the pool; the next query opens a new one (see
  // postgres-pool.ts). A connection that breaks while lent out also emits "error" on its client,
  // which would end the process unheard: the query running on it gets its own error anyway.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const namespace = keyv.namespace ?? "";
  const access: PostgresAccess = {
    pool,
    table: `${quoted(schema)}.${quoted(table)}`,
    boards: `${quoted(schema)}.${quoted(`${table}_boards`)}`,
    histogram: `${quoted(schema)}.${quoted(`${table}_board_points`)}`,
    namespace,
    rawKey: (key) => (namespace ? `${namespace}:${key}` : key),
    ready: () => {
      // A store that was down at start must not stay unusable once it is back: only success is kept.
      creating ??= createTables(store, access, table).catch((error: unknown) => {
        creating = undefined;
        throw error;
      });
      return creating;
    },
  };
  let creating: Promise<void> | undefined;
  // Clearing the namespace clears its board rows too, as it does the sorted sets on Redis.
  const clear = keyv.clear.bind(keyv);
  keyv.clear = async () => {
    await clear();
    await access.ready();
    for (const rows of [access.boards, access.histogram])
      await pool.query(`DELETE FROM ${rows} WHERE namespace = $1`, [namespace]);
  };
  const disconnect = keyv.disconnect.bind(keyv);
  keyv.disconnect = async () => {
    await pool.end().catch(() => {});
    await disconnect();
  };
  return access;
}

/**
 * The error a caller should see for a failed PostgreSQL call: a lost or refused connection, or a
 * call that timed out, is the store being unavailable (the player is told so, and the next call
 * tries again). Any other error (one PostgreSQL answered, or a bug) is kept as it is.
 */
export function storeError(error: unknown, operation: string): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const answered = error instanceof pg.DatabaseError;
  const unavailable = answered
    ? typeof code === "string" && (code.startsWith("08") || code.startsWith("57P"))
    : error instanceof Error &&
      (CONNECTION_FAILURE.test(error.message) || CONNECTION_FAILURE.test(String(code)));
  if (!unavailable) return error;
  const failure = new StoreUnavailableError(operation, STORE_TIMEOUT_MS);
  failure.message = `${failure.message} (${error instanceof Error ? error.message : String(error)})`;
  return failure;
}

async function createTables(store: KeyvPostgres, access: PostgresAccess, table: string): Promise<void> {
  // keyv creates its own table before its first query runs.
  await timed("creating the tables", STORE_TIMEOUT_MS, store.query("SELECT 1"));
  const client = await access.pool.connect();
  try {
    await client.query("BEGIN");
    // Processes creating the tables at the same moment take turns (CREATE IF NOT EXISTS can race).
    await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${access.boards} (
      namespace text NOT NULL,
      guild text NOT NULL,
      period text NOT NULL,
      user_id text COLLATE "C" NOT NULL,
      points integer NOT NULL,
      PRIMARY KEY (namespace, guild, period, user_id)
    )`);
    await client.query(`CREATE INDEX IF NOT EXISTS ${quoted(`${table}_boards_order`)}
      ON ${access.boards} (namespace, guild, period, points DESC, user_id)`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${access.histogram} (
      namespace text NOT NULL,
      guild text NOT NULL,
      period text NOT NULL,
      points integer NOT NULL,
      players integer NOT NULL,
      PRIMARY KEY (namespace, guild, period, points)
    )`);
    await client.query("COMMIT");
    client.release();
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    client.release(true);
    throw error;
  }
}
