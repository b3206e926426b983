import { mkdirSync } from "node:fs";
import path from "node:path";
import KeyvPostgres from "@keyv/postgres";
import KeyvRedis from "@keyv/redis";
import KeyvSqlite from "@keyv/sqlite";
import Keyv, { type KeyvStoreAdapter } from "keyv";

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
 * Opens the keyv store a STORE_URL names through keyv's official adapters. Errors are thrown,
 * never swallowed: a failed write must reach the caller so that no score is silently lost.
 */
export function openKeyv(
  url: string = DEFAULT_STORE_URL,
  options: { namespace?: string; table?: string } = {},
): Keyv {
  const namespace = options.namespace ?? "quiz";
  const table = options.table ?? "keyv";
  let store: KeyvStoreAdapter | Map<string, unknown>;
  switch (backendOf(url)) {
    case "sqlite": {
      const file = url.replace(/^sqlite:\/\//i, "");
      if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      store = new KeyvSqlite({ uri: `sqlite://${file}`, table, busyTimeout: 10_000 });
      break;
    }
    case "redis":
      store = new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true });
      break;
    case "postgres":
      store = new KeyvPostgres({ uri: url, table });
      break;
    case "memory":
      store = new Map();
      break;
  }
  return new Keyv({ store, namespace, throwOnErrors: true });
}
