import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import { LeaseHeldError, shardKeyFromEnv, takeStoreLease } from "../../src/store/lease.ts";
import { openKeyv } from "../../src/store/open.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";

// Issue 18, case 3, per backend (the end-to-end test with real bot processes is test/e2e/lease.test.ts).

const opened: Keyv[] = [];
afterAll(async () => {
  for (const keyv of opened) {
    await keyv.clear().catch(() => {});
    await keyv.disconnect().catch(() => {});
  }
});

describe("the lease key names the shards a process runs", () => {
  it("is 0-0-of-1 unsharded, and differs per shard under the ShardingManager", () => {
    expect(shardKeyFromEnv({})).toBe("0-0-of-1");
    expect(shardKeyFromEnv({ SHARDS: "1", SHARD_COUNT: "2" })).toBe("1-1-of-2");
    expect(shardKeyFromEnv({ SHARDS: "[2,3]", SHARD_COUNT: "4" })).toBe("2-3-of-4");
  });
});

describe("a SQLite lease", () => {
  it("is refused while its holder lives, and taken over when the pid in the lock file is dead", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "quiz-lease-")), "quiz.sqlite");
    const url = `sqlite://${file}`;
    const keyv = openKeyv("memory://");
    // A lock file left by a process that was SIGKILLed: its pid is no longer alive.
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    writeFileSync(`${file}.0-0-of-1.lock`, JSON.stringify({ pid: dead, host: hostname() }));
    const lease = await takeStoreLease(url, keyv, { shard: "0-0-of-1" });
    // This process holds it now; a lock file naming a live other process is refused.
    writeFileSync(`${file}.0-0-of-1.lock`, JSON.stringify({ pid: process.ppid, host: hostname() }));
    await expect(takeStoreLease(url, keyv, { shard: "0-0-of-1" })).rejects.toThrow(LeaseHeldError);
    // Another shard's lease is another file.
    const other = await takeStoreLease(url, keyv, { shard: "1-1-of-2" });
    await other.release();
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
      const first = await takeStoreLease(backend.url, a, { shard: "0-0-of-1", ttlMs: 5_000 });
      await expect(takeStoreLease(backend.url, b, { shard: "0-0-of-1", ttlMs: 5_000 })).rejects.toThrow(
        "Another bot process is already running on this store",
      );
      const otherShard = await takeStoreLease(backend.url, b, { shard: "1-1-of-2", ttlMs: 5_000 });
      await first.release();
      const second = await takeStoreLease(backend.url, b, { shard: "0-0-of-1", ttlMs: 5_000 });
      await second.release();
      await otherShard.release();
    });
  });
}
