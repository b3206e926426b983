/**
 * Two bot processes on one store, as real processes. A second process on the same SQLite file
 * refuses to start; on Redis or PostgreSQL it waits for the shard's lease (up to the lease time,
 * saying who holds it) and then refuses, since its holder keeps renewing it. A bot SIGKILLed and
 * restarted at once takes its dead predecessor's lease over and logs in, without waiting for the
 * lease to expire (SQLite's lock file likewise). A process whose lease is taken over stops (exit 1)
 * rather than answer twice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type KeyvRedis from "@keyv/redis";
import { afterEach, describe, expect, it } from "vitest";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { testBackends, testNamespace, throwawayPostgresDatabase } from "../helpers/backends.ts";
import { hasRedisServer, startThrowawayRedis } from "../helpers/redis-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const REFUSAL = "Another bot process is already running on this store";

interface BotProcess {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

async function scenario(storeUrl: string, env: Record<string, string> = {}) {
  const fake = await FakeDiscord.start({ strictMentions: true });
  cleanups.push(() => fake.close());
  const children: ChildProcess[] = [];
  cleanups.push(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  const start = (extra: Record<string, string> = {}): BotProcess => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: storeUrl,
        LOG_LEVEL: "warn",
        ...env,
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += String(chunk);
    });
    child.stderr?.on("data", (chunk) => {
      output += String(chunk);
    });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, output: () => output, exited };
  };
  /** Whether a running bot answers: a /help round trip. */
  const answers = async () => {
    const help = fake.slashCommand({
      channelId: fake.guilds[0]?.channels[0]?.id ?? "",
      user: fake.user(),
      name: "help",
    });
    await help.waitForMessage((m) => m.embeds.length > 0 || (m.content ?? "").length > 0, 30_000);
    return help.failed === false;
  };
  const kill = async (bot: BotProcess) => {
    bot.child.kill("SIGKILL");
    await bot.exited;
    await fake.waitUntil(() => fake.readyShards.length === 0, 10_000, "the killed bot's shard to go away");
  };
  return { fake, start, answers, kill };
}

describe("two bot processes on one SQLite file", () => {
  it("the second refuses to start while the first runs, and starts once the first is SIGKILLed", async () => {
    const storeUrl = `sqlite://${path.join(tempDir("quiz-lease-"), "quiz.sqlite")}`;
    const { fake, start, answers, kill } = await scenario(storeUrl);
    const first = start();
    await fake.waitForShards(30_000);
    expect(await answers()).toBe(true);

    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(REFUSAL);
    expect(second.output()).toContain(`pid ${first.child.pid}`);

    await kill(first);
    const third = start();
    await fake.waitForShards(30_000);
    expect(await answers()).toBe(true);
    expect(third.child.exitCode).toBeNull();
  }, 90_000);
});

/** Prints a case's numbers, for the closing note. */
function report(what: string, numbers: Record<string, number | string>) {
  console.info(`[lease] ${what}: ${JSON.stringify(numbers)}`);
}

/** How long a lease lasts in these tests: long, so a restart that waited for it could not pass. */
const LEASE_MS = 30_000;

const postgres = (await testBackends()).find((b) => b.name === "postgres");

const sharedStores: readonly (readonly [
  string,
  boolean,
  () => Promise<{ url: string; drop(): Promise<void> }>,
])[] = [
  [
    "Redis",
    hasRedisServer(),
    async () => {
      const server = await startThrowawayRedis();
      return { url: server.url, drop: () => server.stop() };
    },
  ],
  ["PostgreSQL", postgres?.reachable === true, () => throwawayPostgresDatabase(postgres?.url ?? "", "lease")],
];

for (const [name, reachable, openStore] of sharedStores) {
  describe.skipIf(!reachable)(`bot processes on one ${name}`, () => {
    it("a second live process waits for the lease, then refuses; a bot SIGKILLed and restarted at once takes its lease back and logs in", async () => {
      const store = await openStore();
      cleanups.push(() => store.drop());
      const { fake, start, answers, kill } = await scenario(store.url, { STORE_LEASE_MS: String(LEASE_MS) });
      const first = start();
      await fake.waitForShards(30_000);
      expect(await answers()).toBe(true);

      // A second process on the same shard, waiting a short lease time of its own: it says whom it
      // waits for, and refuses once that holder has renewed the lease all along.
      const second = start({ STORE_LEASE_MS: "2000" });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`shard 0 is held by pid ${first.child.pid} on host`);
      expect(second.output()).toContain("waiting for it");
      expect(second.output()).toContain(REFUSAL);
      expect(second.output()).toContain("its holder keeps renewing it");
      expect(first.child.exitCode).toBeNull();
      expect(await answers()).toBe(true);

      // SIGKILL: the lease stays in the store with most of its time left, and nothing renews it.
      await kill(first);
      const restartedAt = Date.now();
      const third = start();
      // Logged in long before the dead process's lease could have expired.
      await fake.waitForShards(LEASE_MS / 2);
      const loginMs = Date.now() - restartedAt;
      expect(third.output()).toContain(
        "took over a shard lease whose holder, a process of this host, is gone",
      );
      expect(await answers()).toBe(true);
      expect(third.child.exitCode).toBeNull();
      report(`${name}: SIGKILL, then a restart at once`, { leaseMs: LEASE_MS, loginMs });
    }, 90_000);
  });
}

describe.skipIf(!hasRedisServer())("a bot process on Redis whose lease is taken over", () => {
  it("stops with exit 1 rather than answer twice", async () => {
    const redis = await startThrowawayRedis();
    cleanups.push(() => redis.stop());
    const namespace = testNamespace();
    // The bot's own namespace is "quiz"; this Redis is the test's own, so nothing else shares it.
    const { fake, start, answers } = await scenario(redis.url, { STORE_LEASE_MS: "4000" });
    const bot = start();
    await fake.waitForShards(30_000);
    expect(await answers()).toBe(true);
    const probe = openKeyv(redis.url, { namespace });
    cleanups.push(() => probe.disconnect());
    const client = await (probe.store as KeyvRedis<unknown>).getClient();

    // Its lease taken over behind its back (as if another host now ran shard 0): it stops, exit 1.
    await client.set("quiz:lease:shard:0", JSON.stringify({ host: "elsewhere", pid: 1, id: "x" }), {
      PX: 60_000,
    });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain("lost a shard lease");
  }, 90_000);
});
