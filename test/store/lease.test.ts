import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import KeyvPostgres from "@keyv/postgres";
import KeyvRedis from "@keyv/redis";
import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import {
  LeaseHeldError,
  LeaseLostError,
  managerShardsFromEnv,
  takeShardLeases,
} from "../../src/store/lease.ts";
import { openKeyv } from "../../src/store/open.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { hasRedisServer, startThrowawayRedis } from "../helpers/redis-server.ts";

/** Resolves once `check` holds (polled), or rejects after `timeoutMs` saying what was awaited. */
async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Writes another holder into a shard's lease, behind the store's back, as a process that took it over would. */
async function takeOver(keyv: Keyv, shard: number): Promise<void> {
  const key = `${keyv.namespace}:lease:shard:${shard}`;
  const other = JSON.stringify({ host: "elsewhere", pid: 1, id: "someone-else" });
  const store: unknown = keyv.store;
  if (store instanceof KeyvRedis) {
    await (await store.getClient()).set(key, other, { PX: 60_000 });
    return;
  }
  if (!(store instanceof KeyvPostgres)) throw new Error("not a Redis or PostgreSQL store");
  const { schema, table } = store.opts as { schema: string; table: string };
  const until = Date.now() + 60_000;
  await store.query(`UPDATE "${schema}"."${table}" SET value = $2 WHERE key = $1`, [
    key,
    JSON.stringify({ token: other, pid: 1, host: "elsewhere", until }),
  ]);
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

const plan = (shards: number[], total: number) => ({ plan: { shards, total }, ttlMs: 5_000 });

describe("a SQLite lease", () => {
  it("is refused while its holder lives, and taken over when the pid in the lock file is dead", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "quiz-lease-")), "quiz.sqlite");
    const url = `sqlite://${file}`;
    const keyv = openKeyv("memory://");
    // A lock file left by a process that was SIGKILLed: its pid is no longer alive.
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: dead, host: hostname() }));
    const lease = await takeShardLeases(url, keyv, plan([0], 1));
    // This process holds it now; a lock file naming a live other process is refused.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.ppid, host: hostname() }));
    await expect(takeShardLeases(url, keyv, plan([0], 1))).rejects.toThrow(LeaseHeldError);
    // One process per file, whatever its shards: another shard is refused too.
    await expect(takeShardLeases(url, keyv, plan([1], 2))).rejects.toThrow(`pid ${process.ppid}`);
    await lease.release();
  });
});

for (const backend of (await testBackends()).filter((b) => b.name !== "sqlite")) {
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
