/**
 * SQLite: one process per database file (the lease is a lock file), so the process that writes is
 * the one that schedules and ranks. Records through keyv in @keyv/sqlite's table layout (files
 * written by every earlier version open unchanged); `transact` checks and writes in one SQLite
 * transaction, so it holds even against a second connection (a backup, the terminal quiz).
 */

import type Keyv from "keyv";
import type { KeyvStoreAdapter } from "keyv";
import type { Backend, BackendDriver, InteractionClaims } from "../../backend.ts";
import { keyvOver } from "../../keyv.ts";
import { Leaderboards } from "../../leaderboards.ts";
import { inProcessSteps } from "../../steps.ts";
import { CompareAndSetTransactions, payloadsOf } from "../compare-and-set.ts";
import { backupSqlite, KeyvBetterSqlite } from "./adapter.ts";
import { sqliteClaims } from "./claims.ts";
import { sqliteLease } from "./lease.ts";

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

function sqliteBackend(keyv: Keyv): Backend {
  const adapter = keyv.store as unknown;
  if (!(adapter instanceof KeyvBetterSqlite))
    throw new Error("the SQLite store is not a KeyvBetterSqlite adapter");
  const namespace = keyv.namespace ?? "";
  const rawKey = (key: string) => (namespace ? `${namespace}:${key}` : key);
  const file = adapter.opts.url.replace(/^sqlite:\/\//i, "");
  let claims: InteractionClaims | undefined;
  return {
    driver: sqliteDriver,
    keyv,
    transactions: new CompareAndSetTransactions({
      rawKey,
      readRaw: async (keys) => adapter.readRaw(keys),
      // Boards are ranked in memory here (the stores tell them of each commit).
      writeIfUnchanged: (expected, writes) => adapter.writeIfUnchanged(expected, payloadsOf(writes, rawKey)),
    }),
    rows(prefix) {
      // The adapter's iterator takes a narrower namespace as an index range ([ns:, ns;)).
      if (!prefix.endsWith(":"))
        throw new Error(`a SQLite store is scanned by prefixes ending in ":", not "${prefix}"`);
      return adapter.iterator(rawKey(prefix).slice(0, -1));
    },
    networked: false,
    boards: (context) => new Leaderboards(keyv, context.now, context.reportCorrupt, context.onScanRetry),
    claims(now) {
      claims ??= sqliteClaims(keyv, adapter, now);
      return claims;
    },
    leases: {
      kind: "per-store",
      // A database that is not a file has no second process to keep out.
      take: () => (file === ":memory:" || file === "" ? { release: async () => {} } : sqliteLease(file)),
    },
    evictionPolicy: async () => undefined,
  };
}

export const sqliteDriver: BackendDriver = {
  name: "sqlite",
  shared: false,
  open(url, options = {}) {
    // keyv's adapter type says get() returns deserialized data, but keyv hands adapters (and
    // reads back from them) the serialized string, which is what this one stores.
    const adapter = new KeyvBetterSqlite(sqliteFileOf(url), { table: options.table ?? "keyv" });
    return sqliteBackend(keyvOver(adapter as unknown as KeyvStoreAdapter, options.namespace ?? "quiz"));
  },
  over: (keyv) => sqliteBackend(keyv),
  // One process per file: the process that schedules a step is the one that runs it; after a
  // restart the bot's `resume` schedules again.
  openSteps: async () => inProcessSteps(),
  backup: {
    supported: true,
    source: sqliteFileOf,
    async copy(storeUrl, destination) {
      const source = sqliteFileOf(storeUrl);
      return { source, pages: await backupSqlite(source, destination) };
    },
  },
};
