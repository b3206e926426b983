import { mkdirSync } from "node:fs";
import path from "node:path";
import KeyvPostgres from "@keyv/postgres";
import KeyvRedis from "@keyv/redis";
import KeyvSqlite from "@keyv/sqlite";
import Keyv, { type DeserializedData, type KeyvStoreAdapter } from "keyv";
import { guardedPoolOptions } from "./postgres-pool.ts";
import { deserializeRecord } from "./validated.ts";

/** The default store: a SQLite file in the project's data/ folder, created on first run. */
export const DEFAULT_STORE_URL = "sqlite://data/quiz.sqlite";

/**
 * keyv's SQLite adapter with two fixes that the benchmarks called for (bench/answer-path.ts,
 * bench/leaderboard.ts):
 * - `setMany` writes every entry in one INSERT statement, so in one transaction: all land or
 *   none, with one disk sync. (Without it keyv falls back to a separate transaction per entry.)
 *   Redis (MULTI) and PostgreSQL (one statement) already do this.
 * - `iterator` reads pages of 1,000 rows, each resuming after the last key seen. The adapter's
 *   own reads 10 rows at a time with OFFSET (each query re-reading every row before it) and nests
 *   one generator per page, so a full scan, such as building the leaderboards, was quadratic.
 */
class KeyvSqliteBatched extends KeyvSqlite {
  /** Bound parameters per statement stay far below SQLite's limit of 32,766. */
  private static readonly rowsPerStatement = 10_000;
  private static readonly rowsPerPage = 1_000;

  /** Every entry of a namespace (or of the table), in key order: an index range scan per page. */
  override async *iterator(namespace?: string): AsyncGenerator<[string, string], void> {
    // ";" sorts right after ":", so [namespace:, namespace;) is exactly the namespace's keys.
    const upper = namespace ? `${namespace};` : undefined;
    let lower = namespace ? `${namespace}:` : "";
    let first = true;
    for (;;) {
      const range = `key ${first ? ">=" : ">"} ?${upper === undefined ? "" : " AND key < ?"}`;
      const rows: { key: string; value: string }[] = await this.query(
        `SELECT key, value FROM ${this.opts.table} WHERE ${range} ORDER BY key LIMIT ?`,
        [lower, ...(upper === undefined ? [] : [upper]), KeyvSqliteBatched.rowsPerPage],
      );
      for (const row of rows) yield [row.key, row.value];
      const last = rows.at(-1);
      if (!last || rows.length < KeyvSqliteBatched.rowsPerPage) return;
      lower = last.key;
      first = false;
    }
  }

  /** Writes the entries atomically (per 10,000 entries: callers that need atomicity write few). */
  async setMany(entries: { key: string; value: unknown }[]): Promise<void> {
    for (let at = 0; at < entries.length; at += KeyvSqliteBatched.rowsPerStatement) {
      const chunk = entries.slice(at, at + KeyvSqliteBatched.rowsPerStatement);
      const rows = chunk.map(() => "(?, ?)").join(", ");
      await this.query(
        `INSERT INTO ${this.opts.table} (key, value) VALUES ${rows} ON CONFLICT(key) DO UPDATE SET value=excluded.value`,
        chunk.flatMap((entry) => [entry.key, entry.value]),
      );
    }
  }
}

/** Which keyv backend a STORE_URL names. */
export type StoreBackend = "sqlite" | "redis" | "postgres" | "memory";

/** Reads the backend from a STORE_URL's scheme, or throws a message that says what is accepted. */
export function backendOf(url: string): StoreBackend {
  const scheme = url.split(":", 1)[0]?.toLowerCase();
  switch (scheme) {
    case "sqlite":
      return "sqlite";
    case "redis":
    case "rediss":
      return "redis";
    case "postgres":
    case "postgresql":
      return "postgres";
    case "memory":
      return "memory";
    default:
      throw new Error(
        `STORE_URL "${url}" is not supported: use sqlite://path/to/file.sqlite, redis://host:port or postgres://user@host/db`,
      );
  }
}

/** How long a call to a Redis or PostgreSQL store may take before it counts as unanswered. */
export const STORE_TIMEOUT_MS = 2_000;

/**
 * Thrown when the store does not answer in time (a server paused, restarting or unreachable).
 * The operation may still complete later: callers drop what they cached about it and read afresh.
 */
export class StoreUnavailableError extends Error {
  constructor(operation: string, timeoutMs: number) {
    super(`the store did not answer ${operation} within ${timeoutMs} ms`);
    this.name = "StoreUnavailableError";
  }
}

function timed<T>(operation: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(operation, timeoutMs)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Bounds every call to a networked store. While Redis is paused or restarting, @keyv/redis queues
 * commands and waits (no error), and a PostgreSQL query can wait as long on a dead connection: an
 * interaction would then stay "thinking" forever, and the steps of a channel round would stall.
 * With a bound, the caller gets a StoreUnavailableError that the player is told about, and the
 * next call tries again. Iterators (the scans) are bounded per read.
 */
function withTimeouts(keyv: Keyv, timeoutMs: number): Keyv {
  const calls = ["get", "getMany", "set", "setMany", "delete", "deleteMany", "has", "clear"] as const;
  for (const name of calls) {
    const call = keyv[name] as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(keyv, name, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => timed(name, timeoutMs, call.apply(keyv, args)),
    });
  }
  // At shutdown, a store that does not answer is not waited for (closing Redis waits for replies).
  const disconnect = keyv.disconnect.bind(keyv);
  keyv.disconnect = () => timed("disconnect", timeoutMs, disconnect()).catch(() => {});
  const iterate = keyv.iterator;
  if (iterate) {
    keyv.iterator = async function* (namespace?: string) {
      const pages = iterate(namespace);
      for (;;) {
        const next = await timed("iterator", timeoutMs, pages.next()).catch((error: unknown) => {
          void pages.return(undefined).catch(() => {});
          throw error;
        });
        if (next.done) return;
        yield next.value;
      }
    };
  }
  return keyv;
}

/**
 * Opens the keyv store a STORE_URL names through keyv's official adapters. Errors are thrown,
 * never swallowed: a failed write must reach the caller so that no score is silently lost.
 * Calls to Redis and PostgreSQL are bounded by `timeoutMs` (see withTimeouts).
 */
export function openKeyv(
  url: string = DEFAULT_STORE_URL,
  options: { namespace?: string; table?: string; timeoutMs?: number } = {},
): Keyv {
  const namespace = options.namespace ?? "quiz";
  const table = options.table ?? "keyv";
  let store: KeyvStoreAdapter | Map<string, unknown>;
  switch (backendOf(url)) {
    case "sqlite": {
      const file = url.replace(/^sqlite:\/\//i, "");
      if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      store = new KeyvSqliteBatched({ uri: `sqlite://${file}`, table, busyTimeout: 10_000 });
      break;
    }
    case "redis":
      store = new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true });
      break;
    case "postgres":
      // Full scans (the leaderboards, sessions to resume) read 1,000 rows per query, not 10.
      store = new KeyvPostgres({ uri: url, table, iterationLimit: 1_000, ...guardedPoolOptions });
      break;
    case "memory":
      store = new Map();
      break;
  }
  // Records are plain JSON (validated with zod when read), so the native JSON functions do.
  // keyv's default serializer walks every value in JavaScript to encode Buffers, which we never
  // store; it was a third of the answer path's CPU time. Both read what the default wrote, since
  // no record holds a Buffer or a string starting with ":" (the two things it escapes).
  const keyv = new Keyv({
    store,
    namespace,
    throwOnErrors: true,
    serialize: (data) => JSON.stringify(data),
    // A value that is not JSON is read as an UnreadableRecord, which fails validation and is moved aside.
    deserialize: <Value>(text: string) => deserializeRecord(text) as DeserializedData<Value>,
  });
  const networked = store instanceof KeyvRedis || store instanceof KeyvPostgres;
  return networked ? withTimeouts(keyv, options.timeoutMs ?? STORE_TIMEOUT_MS) : keyv;
}
