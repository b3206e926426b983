import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import {
  LeaseHeldError,
  LeaseLostError,
  type LeaseWait,
  managerShardsFromEnv,
  takeShardLeases,
} from "../../src/store/lease.ts";
import { processStart } from "../../src/store/lease-holder.ts";
import { backendFor, openKeyv } from "../../src/store/open.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { hasRedisServer, startThrowawayRedis } from "../helpers/redis-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** Resolves once `check` holds (polled), or rejects after `timeoutMs` saying what was awaited. */
async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Makes `token`'s holder hold a shard's lease, whoever held it (through the backend's own lease
 * calls, as another process would: a held lease is compare-and-deleted, then taken).
 */
async function plantLease(keyv: Keyv, shard: number, token: string, ttlMs: number): Promise<void> {
  const provider = backendFor(keyv).leases;
  if (provider.kind !== "per-key") throw new Error("not a store with a lease per shard");
  const key = `${keyv.namespace}:lease:shard:${shard}`;
  const leases = provider.open(token, ttlMs);
  const first = await leases.take(key);
  if (first.taken) return;
  await leases.dropIf(key, first.value);
  if (!(await leases.take(key)).taken) throw new Error("the lease was taken again meanwhile");
}

/** Writes another holder into a shard's lease, behind this process's back, as a process that took it over would. */
function takeOver(keyv: Keyv, shard: number): Promise<void> {
  return plantLease(keyv, shard, JSON.stringify({ host: "elsewhere", pid: 1, id: "someone-else" }), 60_000);
}

// Issue 18, case 3, per backend (the end-to-end test with real bot processes is test/e2e/lease.test.ts).

const opened: Keyv[] = [];
afterAll(async () => {
  for (const keyv of opened) {
    await keyv.clear().catch(() => {});
    await keyv.disconnect().catch(() => {});
  }
});

describe("the shards a process runs under the ShardingManager", () => {
  it("are shard 0 of 1 unsharded, and the manager's SHARDS of SHARD_COUNT otherwise", () => {
    expect(managerShardsFromEnv({})).toEqual({ shards: [0], total: 1 });
    expect(managerShardsFromEnv({ SHARDS: "1", SHARD_COUNT: "2" })).toEqual({ shards: [1], total: 2 });
    expect(managerShardsFromEnv({ SHARDS: "[2,3]", SHARD_COUNT: "4" })).toEqual({ shards: [2, 3], total: 4 });
  });
});

/** A plan whose held leases are refused at once (waiting for a holder is tested on its own). */
const plan = (shards: number[], total: number) => ({ plan: { shards, total }, ttlMs: 5_000, waitMs: 0 });

/** The pid of a process that has ended: a holder SIGKILLed before it could release its lease. */
const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid;

/** Writes a lease held by `holder` into the store, as that process would have taken it. */
function writeLease(keyv: Keyv, shard: number, holder: object, ttlMs: number): Promise<void> {
  return plantLease(keyv, shard, JSON.stringify({ ...holder, id: "earlier" }), ttlMs);
}

describe("a SQLite lease", () => {
  it("is refused while its holder lives, and taken over when the pid in the lock file is dead", async () => {
    const file = path.join(tempDir("quiz-lease-"), "quiz.sqlite");
    const url = `sqlite://${file}`;
    // The lease is the store's backend's: a keyv on this SQLite file.
    const keyv = openKeyv(url);
    // A lock file left by a process that was SIGKILLed: its pid is no longer alive.
    const dead = deadPid();
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: dead, host: hostname() }));
    const lease = await takeShardLeases(url, keyv, plan([0], 1));
    // This process holds it now; a lock file naming a live other process is refused.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.ppid, host: hostname() }));
    await expect(takeShardLeases(url, keyv, plan([0], 1))).rejects.toThrow(LeaseHeldError);
    // One process per file, whatever its shards: another shard is refused too.
    await expect(takeShardLeases(url, keyv, plan([1], 2))).rejects.toThrow(`pid ${process.ppid}`);
    await lease.release();
    await keyv.disconnect();
  });
});

for (const backend of (await testBackends()).filter((b) => b.shared)) {
  describe.skipIf(!backend.reachable)(`a ${backend.name} lease`, () => {
    it("is refused while held, taken again once released, and per shard", async () => {
      const namespace = testNamespace();
      const a = backend.open(namespace);
      const b = backend.open(namespace);
      opened.push(a, b);
      const first = await takeShardLeases(backend.url, a, plan([0], 1));
      await expect(takeShardLeases(backend.url, b, plan([0], 1))).rejects.toThrow(
        "Another bot process is already running on this store",
      );
      const second = await takeShardLeases(backend.url, b, plan([1], 2));
      await first.release();
      const third = await takeShardLeases(backend.url, b, plan([0], 1));
      await third.release();
      await second.release();
    });

    it("excludes overlapping shard lists, all or none, and names the shard and its holder", async () => {
      const namespace = testNamespace();
      const a = backend.open(namespace);
      const b = backend.open(namespace);
      opened.push(a, b);
      const first = await takeShardLeases(backend.url, a, plan([0, 1], 4));
      const refused = takeShardLeases(backend.url, b, plan([1, 2], 4));
      await expect(refused).rejects.toThrow(
        `shard 1 of 4 is held by pid ${process.pid} on host ${hostname()}`,
      );
      await expect(refused).rejects.toThrow("SHARD_LIST");
      // Refused on shard 1, it did not keep shard 2: a third process can take 2 and 3.
      const other = await takeShardLeases(backend.url, b, plan([2, 3], 4));
      await other.release();
      await first.release();
    });

    it("is taken over at once from a dead pid of this host, or from a reused pid, never from a live one", async () => {
      const namespace = testNamespace();
      const a = backend.open(namespace);
      opened.push(a);
      const takeovers: unknown[] = [];
      const options = { ...plan([0], 1), ttlMs: 60_000, onTakeover: (t: unknown) => takeovers.push(t) };
      // SIGKILLed a moment ago: its lease has a minute left, and nothing will renew it.
      const killed = { pid: deadPid(), host: hostname() };
      await writeLease(a, 0, killed, 60_000);
      const lease = await takeShardLeases(backend.url, a, options);
      expect(takeovers).toEqual([{ shard: 0, holder: killed }]);
      await lease.release();
      // A live pid that started at another time than the holder did: the holder's pid was reused.
      const reused = { pid: process.ppid, host: hostname(), start: "1" };
      expect(processStart(process.ppid)).not.toBe("1");
      await writeLease(a, 0, reused, 60_000);
      const again = await takeShardLeases(backend.url, a, options);
      expect(takeovers).toHaveLength(2);
      await again.release();
      // The parent is alive and started when it says: not taken over; nor a dead pid on another host.
      for (const live of [
        { pid: process.ppid, host: hostname(), start: processStart(process.ppid) },
        { pid: deadPid(), host: "elsewhere" },
      ]) {
        await writeLease(a, 0, live, 60_000);
        await expect(takeShardLeases(backend.url, a, options)).rejects.toThrow(`pid ${live.pid}`);
      }
      expect(takeovers).toHaveLength(2);
    });

    it("waits for a live holder's lease, saying who holds it and until when, and takes it once released", async () => {
      const namespace = testNamespace();
      const a = backend.open(namespace);
      const b = backend.open(namespace);
      opened.push(a, b);
      const first = await takeShardLeases(backend.url, a, { ...plan([0], 1), ttlMs: 10_000 });
      const waits: LeaseWait[] = [];
      const second = takeShardLeases(backend.url, b, {
        plan: { shards: [0], total: 1 },
        ttlMs: 10_000,
        onWait: (wait) => waits.push(wait),
      });
      await eventually(() => waits.length > 0, 5_000, "the second process to wait");
      expect(waits[0]).toMatchObject({ shard: 0, holder: { pid: process.pid, host: hostname() } });
      expect(waits[0]?.until.getTime()).toBeGreaterThan(Date.now());
      await first.release();
      await (await second).release();
      expect(waits).toHaveLength(1);
    });

    it("refuses a lease its live holder keeps renewing after waiting a whole lease time", async () => {
      const namespace = testNamespace();
      const a = backend.open(namespace);
      const b = backend.open(namespace);
      opened.push(a, b);
      const first = await takeShardLeases(backend.url, a, { ...plan([0], 1), ttlMs: 1_500 });
      const waits: LeaseWait[] = [];
      await expect(
        takeShardLeases(backend.url, b, {
          plan: { shards: [0], total: 1 },
          ttlMs: 1_500,
          onWait: (wait) => waits.push(wait),
        }),
      ).rejects.toThrow("its holder keeps renewing it");
      expect(waits).toHaveLength(1);
      await first.release();
    });

    it("takes a lease another host stopped renewing once it expires, without waiting for more", async () => {
      const namespace = testNamespace();
      const a = backend.open(namespace);
      opened.push(a);
      await writeLease(a, 0, { pid: 4242, host: "elsewhere" }, 1_000);
      const waits: LeaseWait[] = [];
      const lease = await takeShardLeases(backend.url, a, {
        plan: { shards: [0], total: 1 },
        ttlMs: 30_000,
        onWait: (wait) => waits.push(wait),
      });
      expect(waits).toHaveLength(1);
      expect(waits[0]?.holder).toMatchObject({ host: "elsewhere" });
      await lease.release();
    });

    it("is lost, once, when another process has taken it over, and the holder is told", async () => {
      const namespace = testNamespace();
      const a = backend.open(namespace);
      opened.push(a);
      const lost: unknown[] = [];
      const lease = await takeShardLeases(backend.url, a, {
        ...plan([0], 1),
        ttlMs: 1_000,
        onLost: (error) => lost.push(error),
      });
      await takeOver(a, 0);
      await eventually(() => lost.length > 0, 5_000, "the lease to be lost");
      // Found taken (not vanished) at a renewal, and reported once though the beats go on.
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(LeaseLostError);
      expect((lost[0] as LeaseLostError).reason).toBe("taken");
      await lease.release();
    });
  });
}

describe.skipIf(!hasRedisServer())("a Redis lease when the store stalls", () => {
  it("survives a stall shorter than the lease, and is lost after a whole lease time without a renewal", async () => {
    const redis = await startThrowawayRedis();
    const keyv = openKeyv(redis.url, { namespace: testNamespace() });
    const lost: unknown[] = [];
    try {
      const lease = await takeShardLeases(redis.url, keyv, {
        ...plan([0], 1),
        ttlMs: 3_000,
        onLost: (error) => lost.push(error),
      });
      // A blip of about a third of the lease: renewals wait, then succeed; nothing is lost.
      redis.pause();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      redis.resume();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(lost).toEqual([]);
      // A stall past the lease time: the process must stop holding it.
      redis.pause();
      await eventually(() => lost.length > 0, 8_000, "the lease to be lost while the store stalls");
      redis.resume();
      expect(lost).toHaveLength(1);
      await lease.release();
    } finally {
      redis.resume();
      await keyv.disconnect().catch(() => {});
      await redis.stop();
    }
  }, 30_000);
});
