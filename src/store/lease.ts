/**
 * One process per shard: a second `npm start` on the same SQLite file or the same
 * Redis/PostgreSQL would answer the same interactions and drive the same rounds (players told
 * "too late" yet counted, every step posted twice). So a process takes a lease on its store before
 * it logs in, and does not start while another live process holds it.
 *
 * - SQLite: a lock file next to the database (`{file}.lock`) created exclusively, holding
 *   the holder's pid. It survives SIGKILL, so a file whose pid is no longer alive is stale and
 *   is taken over at once.
 * - Redis: a key `lease:shard:{id}` set with `SET NX PX` and refreshed by a heartbeat; a dead holder
 *   stops refreshing it, and it expires after the lease time.
 * - PostgreSQL: the same lease as a row of the store's table, taken and refreshed by one atomic
 *   upsert that only succeeds while the row is expired or already ours (the server's clock decides).
 *
 * SQLite is one process per database file. On Redis and PostgreSQL each shard id has its own lease
 * (`lease:shard:{id}`), so the processes of `npm run start:sharded` or of several hosts, each with
 * its own SHARD_LIST, share one store, and two given the same shard exclude each other.
 *
 * Every lease names its holder (host, pid, the pid's start time: see lease-holder.ts). A lease
 * whose holder was a process of this host that is gone (killed, crashed) is taken over at once,
 * so a supervisor's immediate restart logs in without waiting for the lease to expire; one held
 * by a live process or another host is waited for, up to the lease time, then refused.
 */
import { randomBytes } from "node:crypto";
import type Keyv from "keyv";
import { z } from "zod";
import type { Renewal } from "./backend.ts";
import { describeHolder, type Holder, holderIsGone, thisProcess } from "./lease-holder.ts";
import { backendFor } from "./registry.ts";

export type { Renewal } from "./backend.ts";

/** Thrown when another live process holds the store or one of our shards: the message says which, and what to do. */
export class LeaseHeldError extends Error {
  constructor(
    what: string,
    advice = "Two processes on one store would answer every interaction twice: stop the other one first (or wait for its lease to expire if it was killed).",
  ) {
    super(`Another bot process is already running on this store (${what}). ${advice}`);
    this.name = "LeaseHeldError";
  }
}

/** The shards one process runs: their ids, and how many shards the whole bot has. */
export interface ShardPlan {
  readonly shards: readonly number[];
  readonly total: number;
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

/** The shards discord.js's ShardingManager gave this process (SHARDS, SHARD_COUNT), or shard 0 of 1. */
export function managerShardsFromEnv(env: NodeJS.ProcessEnv = process.env): ShardPlan {
  const shards = (env.SHARDS ?? "0").match(/\d+/g)?.map(Number) ?? [0];
  const total = Number(env.SHARD_COUNT ?? 1) || 1;
  return { shards, total };
}

/**
 * A lease that a heartbeat keeps alive, renewed every third of its time. It is lost, and `onLost`
 * called once, when a renewal finds it taken (`renew` returns false: it expired and another
 * process may hold it), or when no renewal has succeeded for a whole lease time (the store
 * unreachable or stalled: the lease has expired in the store by now). A failed renewal alone is
 * retried at the next beat, so a store blip shorter than the lease loses nothing.
 */
function heartbeat(
  ttlMs: number,
  renew: () => Promise<Renewal>,
  drop: () => Promise<void>,
  onLost: (error?: unknown) => void,
): StoreLease {
  // When the last successful renewal was sent: the lease runs until then + ttlMs at the latest.
  let renewedAt = Date.now();
  let lost = false;
  const lose = (error?: unknown) => {
    if (lost) return;
    lost = true;
    clearInterval(timer);
    onLost(error);
  };
  const timer = setInterval(
    () => {
      if (Date.now() - renewedAt >= ttlMs)
        return lose(new Error(`the lease could not be renewed for ${ttlMs} ms`));
      const sentAt = Date.now();
      renew().then(
        (renewal) => {
          if (renewal === "held") renewedAt = Math.max(renewedAt, sentAt);
          else lose(new LeaseLostError(renewal));
        },
        () => {
          // Retried at the next beat; lost once a whole lease time has gone without a renewal.
        },
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

/** Why a lease was lost: the message says what happened and never promises what the store cannot keep. */
export class LeaseLostError extends Error {
  constructor(readonly reason: Exclude<Renewal, "held">) {
    super(
      reason === "taken"
        ? "the shard lease is held by another process"
        : "the shard lease is gone from the store (it was wiped, or restarted without persistence): what was running there is lost",
    );
    this.name = "LeaseLostError";
  }
}

/** What a refused process is told: the shard, who holds it, and what to do about it. */
function shardHeld(
  shard: number,
  plan: ShardPlan,
  holder: Holder | undefined,
  waitedMs: number,
): LeaseHeldError {
  const waited =
    waitedMs > 0 ? ` (waited ${Math.ceil(waitedMs / 1000)} s: its holder keeps renewing it)` : "";
  return new LeaseHeldError(
    `shard ${shard} of ${plan.total} is held by ${describeHolder(holder)}${waited}`,
    `A shard run by two processes would answer its interactions twice, so this one will not start. Give this host other shards (SHARD_LIST, of TOTAL_SHARDS=${plan.total}), or stop that process.`,
  );
}

/** A shard found held by a live process (or one on another host): who holds it, and until when unless renewed. */
export interface LeaseWait {
  readonly shard: number;
  readonly holder: Holder | undefined;
  readonly until: Date;
  /** How long this process waits for it at most before it gives up. */
  readonly waitMs: number;
}

/** How often a held lease is asked for again while waiting for it. */
const RETRY_MS = 250;

/**
 * Takes this process's leases, or throws LeaseHeldError. On SQLite that is one lease for the
 * database file (one process per file, whatever its shards). On Redis/PostgreSQL it is one lease
 * per shard id (`lease:shard:{id}`), taken all or none, so processes with different shards share
 * one store and two processes given overlapping shards exclude each other. A shard whose holder
 * is a dead process of this host (a crash, a SIGKILL) is taken over at once; one held by a live
 * process or another host is waited for, up to `waitMs` (default the lease time), with `onWait`
 * told who holds it and until when; `onTakeover` is told of every lease taken from a dead holder.
 * `onLost` is called once if a Redis/PostgreSQL lease is lost (found taken, or not renewed for a
 * whole lease time): the caller should stop, since another process may now run that shard.
 */
export async function takeShardLeases(
  /** Unused: the lease is the backend's (kept for the callers' signature). */
  _storeUrl: string,
  keyv: Keyv,
  options: {
    plan?: ShardPlan;
    ttlMs?: number;
    waitMs?: number;
    onWait?: (wait: LeaseWait) => void;
    onTakeover?: (takeover: { shard: number; holder: Holder }) => void;
    onLost?: (error?: unknown) => void;
  } = {},
): Promise<StoreLease> {
  const plan = options.plan ?? managerShardsFromEnv();
  const ttlMs = options.ttlMs ?? leaseMsFromEnv();
  const waitMs = options.waitMs ?? ttlMs;
  const onLost = options.onLost ?? (() => {});
  // The holder's host, pid and start time travel in the lease itself, so a refused process can
  // name them and a restarted one can tell its dead predecessor from a live process.
  const token = JSON.stringify({ ...thisProcess(), id: randomBytes(6).toString("hex") });
  const provider = backendFor(keyv).leases;
  if (provider.kind === "per-store") return provider.take();
  const leases = provider.open(token, ttlMs);
  const keyOf = (shard: number) => `${keyv.namespace ?? "quiz"}:lease:shard:${shard}`;
  const held: string[] = [];
  const dropAll = async () => {
    await Promise.all(held.map((key) => leases.drop(key).catch(() => {})));
  };

  /** Takes one shard's lease: at once, from a dead holder, or after waiting for a live one. */
  const acquire = async (shard: number) => {
    const key = keyOf(shard);
    const startedAt = Date.now();
    let deadline: number | undefined;
    for (let takeovers = 0; ; ) {
      const result = await leases.take(key);
      if (result.taken) return;
      // Bounded: a holder that reappears at every attempt is someone racing us, so wait instead.
      if (result.holder && takeovers < 3 && holderIsGone(result.holder)) {
        takeovers++;
        await leases.dropIf(key, result.value);
        options.onTakeover?.({ shard, holder: result.holder });
        continue;
      }
      const now = Date.now();
      if (deadline === undefined) {
        const leftMs = Math.min(Math.max(result.leftMs ?? ttlMs, 0), ttlMs);
        // Until the lease runs out (a holder that stopped renewing it), and one retry past that.
        deadline = startedAt + Math.min(waitMs, leftMs + RETRY_MS);
        if (now < deadline)
          options.onWait?.({
            shard,
            holder: result.holder,
            until: new Date(now + leftMs),
            waitMs: deadline - now,
          });
      }
      if (now >= deadline) throw shardHeld(shard, plan, result.holder, now - startedAt);
      const pause = Math.min(RETRY_MS, deadline - now);
      await new Promise((resolve) => setTimeout(resolve, pause));
      // The shards already taken are kept alive while this one is waited for.
      if (!(await Promise.all(held.map((k) => leases.renew(k)))).every(Boolean))
        throw new Error(
          "a shard lease taken moments ago was taken by another process while waiting for the next",
        );
    }
  };

  // In ascending order, so two processes asking for overlapping shards meet on the lowest first.
  for (const shard of [...new Set(plan.shards)].sort((a, b) => a - b)) {
    try {
      await acquire(shard);
    } catch (error) {
      await dropAll();
      throw error;
    }
    held.push(keyOf(shard));
  }
  return heartbeat(
    ttlMs,
    async () => {
      const renewals = await Promise.all(held.map((key) => leases.renew(key)));
      return renewals.find((r) => r === "vanished") ?? renewals.find((r) => r === "taken") ?? "held";
    },
    dropAll,
    onLost,
  );
}
