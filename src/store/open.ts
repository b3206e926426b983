import KeyvPostgres from "@keyv/postgres";
import KeyvRedis from "@keyv/redis";
import Keyv, { type DeserializedData, type KeyvStoreAdapter } from "keyv";
import { guardedPoolOptions } from "./postgres-pool.ts";
import { KeyvBetterSqlite } from "./sqlite.ts";
import { deserializeRecord } from "./validated.ts";

/** The default store: a SQLite file in the project's data/ folder, created on first run. */
export const DEFAULT_STORE_URL = "sqlite://data/quiz.sqlite";

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

/**
 * The file a sqlite:// STORE_URL names, or a message saying why it names none. An empty path
 * (`sqlite://`) or `:memory:` would run on a database that is gone at the next start (issue 18,
 * case 7), so the bot's store must be a file.
 */
export function sqliteFileOf(url: string): string {
  const file = url.replace(/^sqlite:\/\//i, "");
  if (file.trim() === "" || file === ":memory:" || file.startsWith("file::memory:"))
    throw new Error(
      `STORE_URL "${url}" names no file: a SQLite store must be a file, such as sqlite://data/quiz.sqlite (scores in a temporary database would be lost at the next start)`,
    );
  return file;
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

/** Bounds a call to a networked store: a StoreUnavailableError once `timeoutMs` has passed. */
export function timed<T>(operation: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(operation, timeoutMs)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** How a client reports a connection lost, refused or timed out (node-postgres gives these no SQLSTATE). */
export const CONNECTION_FAILURE =
  /connection terminated|connection error|timeout|not queryable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/i;

/**
 * A call that failed because the connection did (refused, cut, timed out) is the store being
 * unavailable: the player is told so, and the next call tries again. An error the server answered
 * with, or a bug, is kept as it is.
 */
function unavailableIfDisconnected(error: unknown, operation: string): unknown {
  if (error instanceof StoreUnavailableError || !(error instanceof Error)) return error;
  if ("severity" in error) return error; // the server answered (a PostgreSQL error): not a lost connection
  const code = (error as { code?: unknown }).code;
  if (!CONNECTION_FAILURE.test(error.message) && !CONNECTION_FAILURE.test(String(code))) return error;
  const failure = new StoreUnavailableError(operation, STORE_TIMEOUT_MS);
  failure.message = `${failure.message} (${error.message})`;
  return failure;
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
      value: (...args: unknown[]) =>
        timed(name, timeoutMs, call.apply(keyv, args)).catch((error: unknown) => {
          throw unavailableIfDisconnected(error, name);
        }),
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
    case "sqlite":
      // keyv's adapter type says get() returns deserialized data, but keyv hands adapters (and
      // reads back from them) the serialized string, which is what this one stores.
      store = new KeyvBetterSqlite(sqliteFileOf(url), { table }) as unknown as KeyvStoreAdapter;
      break;
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
  const keyv = keyvOver(store, namespace);
  const networked = store instanceof KeyvRedis || store instanceof KeyvPostgres;
  return networked ? withTimeouts(keyv, options.timeoutMs ?? STORE_TIMEOUT_MS) : keyv;
}
/** A keyv over an adapter, with the bot's record serializer (also used by the benchmarks' stores). */
export function keyvOver(store: KeyvStoreAdapter | Map<string, unknown>, namespace = "quiz"): Keyv {
  // Records are plain JSON (validated with zod when read), so the native JSON functions do.
  // keyv's default serializer walks every value in JavaScript to encode Buffers, which we never
  // store; it was a third of the answer path's CPU time. Both read what the default wrote, since
  // no record holds a Buffer or a string starting with ":" (the two things it escapes).
  return new Keyv({
    store,
    namespace,
    throwOnErrors: true,
    serialize: (data) => JSON.stringify(data),
    // A value that is not JSON is read as an UnreadableRecord, which fails validation and is moved aside.
    deserialize: <Value>(text: string) => deserializeRecord(text) as DeserializedData<Value>,
  });
}

/** Thrown at start when the store does not answer: its message says which store and why. */
export class StoreUnreachableError extends Error {
  override name = "StoreUnreachableError";
}

/** A STORE_URL without its password, for messages and logs. */
export function redactedStoreUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

/**
 * Reads one key to learn whether the store answers, trying again every `retryMs` until `waitMs`
 * has passed (a database that starts at the same time as the bot); then throws an error that
 * names the store and what went wrong (issue 18, case 8: no silent start on an unreachable or
 * misnamed PostgreSQL or Redis).
 */
export async function waitForStore(
  keyv: Keyv,
  url: string,
  options: { waitMs: number; retryMs?: number; onRetry?: (error: unknown) => void },
): Promise<void> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      await timed("get", STORE_TIMEOUT_MS, keyv.get("startup:probe"));
      return;
    } catch (error) {
      if (Date.now() + (options.retryMs ?? 1_000) > deadline) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new StoreUnreachableError(
          `The store at ${redactedStoreUrl(url)} is not reachable: ${reason}\nCheck STORE_URL (host, port, database name, user) and that the server is running.`,
        );
      }
      options.onRetry?.(error);
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1_000));
    }
  }
}

/** SQLite's errors for a write that cannot be made: the disk full, an I/O error, a read-only file. */
export function isStoreWriteFailure(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return (
    typeof code === "string" &&
    (code === "SQLITE_FULL" || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_READONLY"))
  );
}
