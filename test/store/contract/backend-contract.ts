/**
 * The contract every store backend passes (as keyv's own test-suite is for its adapters): one
 * function, `backendContract`, run against each backend by contract.test.ts. What it checks is
 * what backend.ts promises, through the same calls the stores make.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { emptyRecord, type PlayerRecord } from "../../../src/engine/player.ts";
import type { Backend, BackendDriver } from "../../../src/store/backend.ts";
import { openBackend } from "../../../src/store/open.ts";
import { scanPrefix } from "../../../src/store/scan.ts";
import { createStores } from "../../../src/store/stores.ts";
import { silentLogger } from "../../helpers/game.ts";

/** How a contract run opens its backend: a fresh store per namespace, and (shared stores) a second "process" on the same one. */
export interface ContractSubject {
  readonly name: string;
  readonly url: string;
  readonly table?: string;
  /** Whether two Backend instances on one URL and namespace see one store (Redis, PostgreSQL). */
  readonly shared: boolean;
  /** A URL on which nothing answers (a refused connection), for the loud-failure case; none where a store cannot lose a connection. */
  readonly deadUrl?: string;
}

const CounterSchema = z.object({ n: z.number() });

/** Collects a scan into [key, value] pairs, sorted by key. */
async function scanned(keyv: Keyv, prefix: string): Promise<[string, unknown][]> {
  const rows: [string, unknown][] = [];
  for await (const row of scanPrefix(keyv, prefix)) rows.push(row);
  return rows.sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Adds one to each counter in one transaction (a read-decide-write of several keys). */
function increment(backend: Backend, keys: readonly string[]): Promise<void> {
  return backend.transactions.transact(async (tx) => {
    const read = await tx.read(keys);
    return {
      writes: keys.map((key) => ({
        key,
        value: { n: CounterSchema.parse(read.get(key) ?? { n: 0 }).n + 1 },
      })),
      result: undefined,
    };
  });
}

function record(guildId: string, userId: string, points: number, now: number): PlayerRecord {
  return { ...emptyRecord(guildId, userId, now), points, weekPoints: points };
}

export function backendContract(subject: ContractSubject): void {
  const opened: Backend[] = [];
  const open = (namespace: string): Backend => {
    const backend = openBackend(subject.url, { namespace, table: subject.table });
    opened.push(backend);
    return backend;
  };
  const namespace = () => `c${Math.random().toString(36).slice(2, 10)}`;
  afterAll(async () => {
    for (const backend of opened) await backend.keyv.disconnect().catch(() => {});
  });

  describe(`the backend contract on ${subject.name}`, () => {
    it("commits a multi-key transact atomically under contention: no update is lost", async () => {
      const ns = namespace();
      const first = open(ns);
      // Two "processes" on a shared store; one process's concurrent callers elsewhere.
      const second = subject.shared ? open(ns) : first;
      const keys = ["counter:a", "counter:b"];
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          increment(
            i % 2 ? first : second,
            i % 3 === 0 ? keys : i % 3 === 1 ? ["counter:a"] : ["counter:b", "counter:a"],
          ),
        ),
      );
      // a is in every transaction; b in the 16 whose i % 3 is 0 or 2.
      expect(await first.keyv.get("counter:a")).toEqual({ n: 24 });
      expect(await first.keyv.get("counter:b")).toEqual({ n: 16 });
    });

    it("writes what keyv reads: keyv's own key layout and payload, expiry included", async () => {
      const backend = open(namespace());
      await backend.transactions.transact(async () => ({
        writes: [
          { key: "rec:1", value: { kept: true } },
          { key: "rec:2", value: { brief: true }, ttl: 60_000 },
        ],
        result: undefined,
      }));
      expect(await backend.keyv.get("rec:1")).toEqual({ kept: true });
      expect(await backend.keyv.get("rec:2")).toEqual({ brief: true });
      // And what keyv wrote is what a transaction reads.
      await backend.keyv.set("rec:3", { from: "keyv" });
      const read = await backend.transactions.transact(async (tx) => ({
        writes: [],
        result: await tx.read(["rec:3", "rec:none"]),
      }));
      expect(read.get("rec:3")).toEqual({ from: "keyv" });
      expect(read.has("rec:none")).toBe(false);
    });

    it("scans a prefix: its records only, none expired", async () => {
      const backend = open(namespace());
      await backend.keyv.setMany([
        { key: "score:g:u1", value: { p: 1 } },
        { key: "score:g:u2", value: { p: 2 } },
        { key: "score:h:u1", value: { p: 3 } },
        { key: "scorer:g:x", value: { p: 4 } },
      ]);
      await backend.keyv.set("score:g:gone", { p: 5 }, 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await scanned(backend.keyv, "score:g:")).toEqual([
        ["score:g:u1", { p: 1 }],
        ["score:g:u2", { p: 2 }],
      ]);
      expect(await scanned(backend.keyv, "nothing:")).toEqual([]);
    });

    it.skipIf(subject.deadUrl === undefined && subject.name !== "sqlite")(
      "fails a scan loudly when the store cannot be reached: an error, never an empty result",
      async () => {
        if (subject.deadUrl) {
          const dead = openBackend(subject.deadUrl, {
            namespace: namespace(),
            table: subject.table,
            timeoutMs: 500,
          });
          opened.push(dead);
          await expect(scanned(dead.keyv, "score:")).rejects.toThrow();
        } else {
          // SQLite has no connection to lose: a closed database is the nearest failure.
          const backend = open(namespace());
          await backend.keyv.set("score:g:u", { p: 1 });
          await backend.keyv.disconnect();
          await expect(scanned(backend.keyv, "score:")).rejects.toThrow();
        }
      },
    );

    it("ranks a board by points, ties by user id, and ranks this week apart", async () => {
      const backend = open(namespace());
      const now = Date.now();
      const stores = createStores(backend.keyv, { now: () => now, logger: silentLogger });
      const records = new Map(
        [
          record("g", "bob", 30, now),
          record("g", "amy", 30, now),
          record("g", "cat", 50, now),
          record("g", "dan", 10, now),
          record("other", "eve", 99, now),
        ].map((r) => [r.userId, r]),
      );
      for (const [guild, players] of [
        ["g", ["bob", "amy", "cat", "dan"]],
        ["other", ["eve"]],
      ] as const)
        await stores.scores.commit(guild, {
          questionId: "q",
          records: new Map(players.map((id) => [id, records.get(id) as PlayerRecord])),
          histories: new Map(),
        });
      const page = await stores.leaderboards.page("g", "all-time", 0, 10);
      expect(page.total).toBe(4);
      expect(page.rows.map((r) => [r.rank, r.userId, r.points])).toEqual([
        [1, "cat", 50],
        [2, "amy", 30],
        [2, "bob", 30],
        [4, "dan", 10],
      ]);
      expect(await stores.leaderboards.rank("g", "week", "dan")).toEqual({ rank: 4, points: 10 });
      expect(await stores.leaderboards.rank("g", "all-time", "eve")).toBeUndefined();
    });

    it("leases: one holder at a time, renewed by its holder, taken over once expired", async () => {
      const backend = open(namespace());
      const leases = backend.leases;
      if (leases.kind === "per-store") {
        // One process per store: taken, held (the lock file exists), given up, taken again.
        const lease = leases.take();
        const lockFile = `${path.resolve(subject.url.replace(/^sqlite:\/\//, ""))}.lock`;
        expect(existsSync(lockFile)).toBe(true);
        await lease.release();
        expect(existsSync(lockFile)).toBe(false);
        await leases.take().release();
        return;
      }
      const key = `${backend.keyv.namespace}:lease:shard:0`;
      const ttlMs = 1_000;
      const mine = leases.open(JSON.stringify({ pid: 1, host: "a", id: "mine" }), ttlMs);
      const theirs = leases.open(JSON.stringify({ pid: 2, host: "b", id: "theirs" }), ttlMs);
      expect(await mine.take(key)).toEqual({ taken: true });
      const refused = await theirs.take(key);
      expect(refused.taken).toBe(false);
      expect(await mine.renew(key)).toBe("held");
      expect(await theirs.renew(key)).toBe("taken");
      // Left unrenewed past its time, it is free for the next holder, and its old holder learns so.
      await new Promise((resolve) => setTimeout(resolve, ttlMs + 300));
      expect(await theirs.take(key)).toEqual({ taken: true });
      expect(await mine.renew(key)).toBe("taken");
      await theirs.drop(key);
      // Gone from the store: never "taken" (PostgreSQL's renewal, an upsert, takes a free key again).
      expect(["vanished", "held"]).toContain(await mine.renew(key));
    });

    it("runs each due step once: a step added twice under one id runs once, a removed one never", async () => {
      const driver: BackendDriver = open(namespace()).driver;
      const steps = await driver.openSteps(subject.url, {
        namespace: namespace(),
        name: "contract",
        schema: z.object({ n: z.number() }),
      });
      try {
        const ran: number[] = [];
        await steps.start(async (step) => {
          ran.push(step.n);
        });
        await steps.add("s:1", { n: 1 }, 50);
        await steps.add("s:1", { n: 99 }, 0);
        await steps.add("s:2", { n: 2 }, 150);
        await steps.remove("s:2");
        await steps.add("s:3", { n: 3 }, 250);
        const started = Date.now();
        while (!ran.includes(3)) {
          if (Date.now() - started > 15_000) throw new Error("the third step never ran");
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(ran.sort()).toEqual([1, 3]);
      } finally {
        await steps.close();
      }
    });

    it("backs up and restores where it can, and says why where it cannot", async () => {
      const backend = open(namespace());
      const backup = backend.driver.backup;
      if (!backup.supported) {
        expect(backup.reason.length).toBeGreaterThan(20);
        return;
      }
      await backend.keyv.set("score:g:u", { p: 7 });
      const dir = mkdtempSync(path.join(tmpdir(), "quiz-backup-"));
      try {
        const destination = path.join(dir, "copy.sqlite");
        const { pages } = await backup.copy(subject.url, destination);
        expect(pages).toBeGreaterThan(0);
        const restored = openBackend(`sqlite://${destination}`, { namespace: backend.keyv.namespace });
        try {
          expect(await restored.keyv.get("score:g:u")).toEqual({ p: 7 });
        } finally {
          await restored.keyv.disconnect();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
