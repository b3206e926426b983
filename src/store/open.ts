/**
 * The one place that chooses a backend: from a STORE_URL's scheme (and, for a keyv wrapped around
 * an adapter, from the adapter). Everything else asks the backend (backend.ts) what it needs.
 */
import KeyvPostgres from "@keyv/postgres";
import KeyvRedis from "@keyv/redis";
import type Keyv from "keyv";
import type { KeyvStoreAdapter } from "keyv";
import type { Backend, BackendDriver, OpenOptions, StoreBackend } from "./backend.ts";
import { memoryDriver } from "./backends/memory/index.ts";
import { postgresDriver } from "./backends/postgres/index.ts";
import { redisDriver } from "./backends/redis/index.ts";
import { KeyvBetterSqlite } from "./backends/sqlite/adapter.ts";
import { sqliteDriver } from "./backends/sqlite/index.ts";
import { STORE_TIMEOUT_MS, StoreUnreachableError, timed } from "./errors.ts";
import { keyvOver as plainKeyvOver } from "./keyv.ts";
import { registerBackend } from "./registry.ts";

export type { StoreBackend } from "./backend.ts";
export { sqliteFileOf } from "./backends/sqlite/index.ts";
export {
  CONNECTION_FAILURE,
  isStoreWriteFailure,
  STORE_TIMEOUT_MS,
  StoreUnavailableError,
  StoreUnreachableError,
  timed,
} from "./errors.ts";
export { backendFor } from "./registry.ts";

/** The default store: a SQLite file in the project's data/ folder, created on first run. */
export const DEFAULT_STORE_URL = "sqlite://data/quiz.sqlite";

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

const DRIVERS: Readonly<Record<StoreBackend, BackendDriver>> = {
  sqlite: sqliteDriver,
  redis: redisDriver,
  postgres: postgresDriver,
  memory: memoryDriver,
};

/** The driver of the backend a STORE_URL names (or a message that says what is accepted). */
export function driverOf(url: string): BackendDriver {
  return DRIVERS[backendOf(url)];
}

/**
 * Opens the store a STORE_URL names on its backend, through keyv's adapters. Errors are thrown,
 * never swallowed: a failed write must reach the caller so that no score is silently lost. Calls
 * to Redis and PostgreSQL are bounded by `timeoutMs` (see keyv.ts).
 */
export function openBackend(url: string = DEFAULT_STORE_URL, options: OpenOptions = {}): Backend {
  return registerBackend(driverOf(url).open(url, options));
}

/** The keyv of `openBackend` (the stores reach its backend through it: see registry.ts). */
export function openKeyv(url: string = DEFAULT_STORE_URL, options: OpenOptions = {}): Keyv {
  return openBackend(url, options).keyv;
}

/** A keyv over an adapter, with the bot's record serializer (the benchmarks' stores), on the adapter's backend. */
export function keyvOver(store: KeyvStoreAdapter | Map<string, unknown>, namespace = "quiz"): Keyv {
  const keyv = plainKeyvOver(store, namespace);
  const driver: BackendDriver | undefined =
    store instanceof Map
      ? memoryDriver
      : store instanceof KeyvBetterSqlite
        ? sqliteDriver
        : store instanceof KeyvRedis
          ? redisDriver
          : store instanceof KeyvPostgres
            ? postgresDriver
            : undefined;
  if (!driver) throw new Error("keyvOver: this keyv adapter belongs to no backend of src/store/backends");
  registerBackend(driver.over(keyv));
  return keyv;
}
