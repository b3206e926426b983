/**
 * One process per store (per shard): a second `npm start` on the same SQLite file or the same
 * Redis/PostgreSQL would answer the same interactions and drive the same rounds (players told
 * "too late" yet counted, every step posted twice). So a process takes a lease on its store before
 * it logs in, and refuses to start while another live process holds it.
 *
 * - SQLite: a lock file next to the database (`{file}.{shard}.lock`) created exclusively, holding
 *   the holder's pid. It survives SIGKILL, so a file whose pid is no longer alive is stale and
 *   is taken over at once.
 * - Redis: a key `lease:{shard}` set with `SET NX PX` and refreshed by a heartbeat; a dead holder
 *   stops refreshing it, and it expires after the lease time.
 * - PostgreSQL: the same lease as a row of the store's table, taken and refreshed by one atomic
 *   upsert that only succeeds while the row is expired or already ours (the server's clock decides).
 *
 * The shard key is `{first shard}-{last shard}-of-{count}` (0-0-of-1 unsharded), so the processes
 * of `npm run start:sharded`, each with its own shards, do not exclude one another.
 */
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import KeyvPostgres from "@keyv/postgres";
import KeyvRedis from "@keyv/redis";
import type Keyv from "keyv";
import { z } from "zod";
import { backendOf } from "./open.ts";

/** Thrown when another live process holds the store: the message says which, and what to do. */
export class LeaseHeldError extends Error {
  constructor(what: string) {
    super(
      `Another bot process is already running on this store (${what}). Two processes on one store would answer every interaction twice: stop the other one first (or wait for its lease to expire if it was killed).`,
    );
    this.name = "LeaseHeldError";
  }
}

/** A lease held by this process. */
export interface StoreLease {
  /** Stops the heartbeat and gives the lease up (at shutdown). */
  release(): Promise<void>;
}

/** How long a Redis/PostgreSQL lease lasts without a heartbeat (STORE_LEASE_MS, default 15 s). */
export function leaseMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(1_000)
    .max(300_000)
    .safeParse(env.STORE_LEASE_MS || 15_000);
  if (!parsed.success)
    throw new Error("STORE_LEASE_MS must be a whole number of milliseconds from 1000 to 300000");
  return parsed.data;
}

/** The shards this process runs, as the ShardingManager tells it (SHARDS, SHARD_COUNT), or 0 of 1. */
export function shardKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const shards = (env.SHARDS ?? "0").match(/\d+/g)?.map(Number) ?? [0];
  const count = Number(env.SHARD_COUNT ?? 1) || 1;
  return `${Math.min(...shards)}-${Math.max(...shards)}-of-${count}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const LockFileSchema = z.object({ pid: z.number().int().positive(), host: z.string() });

/** SQLite: an exclusive lock file whose holder's pid is checked for liveness. */
function sqliteLease(databaseFile: string, shard: string): StoreLease {
  const lockFile = `${path.resolve(databaseFile)}.${shard}.lock`;
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, "wx");
      writeSync(fd, mine);
      closeSync(fd);
      return {
        async release() {
          try {
            if (readFileSync(lockFile, "utf8") === mine) unlinkSync(lockFile);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder: z.infer<typeof LockFileSchema> | undefined;
    try {
      holder = LockFileSchema.parse(JSON.parse(readFileSync(lockFile, "utf8")));
    } catch {
      holder = undefined; // Unreadable (a crash while writing it): stale.
    }
    if (holder && holder.host === hostname() && holder.pid !== process.pid && isAlive(holder.pid))
      throw new LeaseHeldError(`pid ${holder.pid} holds ${lockFile}`);
    if (holder && holder.host !== hostname())
      throw new LeaseHeldError(
        `${lockFile} was taken on host ${holder.host}; delete it if that bot is stopped`,
      );
    // The holder died (SIGKILL leaves the file): the lease is stale, take it over.
    try {
      unlinkSync(lockFile);
    } catch {
      // Another process removed it first; the exclusive create decides between us.
    }
  }
  throw new LeaseHeldError(`another process took ${lockFile} at the same moment`);
}

/** A lease that a heartbeat keeps alive; `renew` returns false once it was lost to another process. */
function heartbeat(
  ttlMs: number,
  renew: () => Promise<boolean>,
  drop: () => Promise<void>,
  onLost: (error?: unknown) => void,
): StoreLease {
  const timer = setInterval(
    () => {
      renew().then(
        (held) => held || onLost(),
        (error: unknown) => onLost(error),
      );
    },
    Math.floor(ttlMs / 3),
  );
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await drop().catch(() => {});
    },
  };
}

const RENEW_IF_MINE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const DELETE_IF_MINE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** The upsert that takes or renews a PostgreSQL lease row: it returns a row only if the lease is ours now. */
function postgresTake(table: string) {
  return `INSERT INTO ${table} (key, value) VALUES ($1, json_build_object('token', $2::text, 'until', (extract(epoch from clock_timestamp()) * 1000)::bigint + $3::bigint)::text)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
    WHERE (${table}.value::json->>'until')::bigint < (extract(epoch from clock_timestamp()) * 1000)::bigint
       OR ${table}.value::json->>'token' = $2
    RETURNING key`;
}

/**
 * Takes this process's lease on its store, or throws LeaseHeldError. `onLost` is called if a
 * Redis/PostgreSQL lease cannot be renewed (the store unreachable for longer than the lease, or
 * another process took it): the caller should stop, since another process may now be running.
 */
export async function takeStoreLease(
  storeUrl: string,
  keyv: Keyv,
  options: { shard?: string; ttlMs?: number; onLost?: (error?: unknown) => void } = {},
): Promise<StoreLease> {
  const shard = options.shard ?? shardKeyFromEnv();
  const ttlMs = options.ttlMs ?? leaseMsFromEnv();
  const onLost = options.onLost ?? (() => {});
  const token = `${hostname()}:${process.pid}:${randomBytes(6).toString("hex")}`;
  const store: unknown = keyv.store;
  switch (backendOf(storeUrl)) {
    case "memory":
      return { release: async () => {} };
    case "sqlite": {
      const file = storeUrl.replace(/^sqlite:\/\//i, "");
      if (file === ":memory:" || file === "") return { release: async () => {} };
      return sqliteLease(file, shard);
    }
    case "redis": {
      if (!(store instanceof KeyvRedis)) throw new Error("the Redis store is not a @keyv/redis adapter");
      const client = await store.getClient();
      const key = `${keyv.namespace ?? "quiz"}:lease:${shard}`;
      const taken = await client.set(key, token, { NX: true, PX: ttlMs });
      if (taken !== "OK") throw new LeaseHeldError(`${String(await client.get(key))} holds ${key}`);
      return heartbeat(
        ttlMs,
        async () =>
          Number(await client.eval(RENEW_IF_MINE, { keys: [key], arguments: [token, String(ttlMs)] })) === 1,
        async () => void (await client.eval(DELETE_IF_MINE, { keys: [key], arguments: [token] })),
        onLost,
      );
    }
    case "postgres": {
      if (!(store instanceof KeyvPostgres))
        throw new Error("the PostgreSQL store is not a @keyv/postgres adapter");
      const { schema, table } = store.opts as { schema: string; table: string };
      const from = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
      const key = `${keyv.namespace ?? "quiz"}:lease:${shard}`;
      const take = async () => (await store.query(postgresTake(from), [key, token, ttlMs])).length === 1;
      if (!(await take())) {
        const rows = (await store.query(`SELECT value FROM ${from} WHERE key = $1`, [key])) as {
          value: string;
        }[];
        throw new LeaseHeldError(`${rows[0]?.value ?? "another process"} holds ${key}`);
      }
      return heartbeat(
        ttlMs,
        take,
        async () =>
          void (await store.query(`DELETE FROM ${from} WHERE key = $1 AND value::json->>'token' = $2`, [
            key,
            token,
          ])),
        onLost,
      );
    }
  }
}
