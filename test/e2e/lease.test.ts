/**
 * Issue 18, case 3: two bot processes on one store. A second real process on the same SQLite file
 * or the same Redis refuses to start with a clear message, and starts once the first is SIGKILLed
 * (SQLite: at once, its pid is dead; Redis: once the lease the dead process no longer refreshes
 * has expired). A process whose Redis lease is taken over stops (exit 1) rather than answer twice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type KeyvRedis from "@keyv/redis";
import { afterEach, describe, expect, it } from "vitest";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { testNamespace } from "../helpers/backends.ts";
import { hasRedisServer, startThrowawayRedis } from "../helpers/redis-server.ts";

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
  const start = (): BotProcess => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: storeUrl,
        LOG_LEVEL: "warn",
        ...env,
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
    const storeUrl = `sqlite://${path.join(mkdtempSync(path.join(tmpdir(), "quiz-lease-")), "quiz.sqlite")}`;
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

describe.skipIf(!hasRedisServer())("two bot processes on one Redis", () => {
  it("the second refuses while the first runs, and after a SIGKILL starts once the lease has expired", async () => {
    const redis = await startThrowawayRedis();
    cleanups.push(() => redis.stop());
    const namespace = testNamespace();
    // The bot's own namespace is "quiz"; this Redis is the test's own, so nothing else shares it.
    const { fake, start, answers, kill } = await scenario(redis.url, { STORE_LEASE_MS: "4000" });
    const first = start();
    await fake.waitForShards(30_000);
    expect(await answers()).toBe(true);

    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(REFUSAL);

    await kill(first);
    // The dead process's lease is still there until it expires: nothing refreshes it any more.
    const probe = openKeyv(redis.url, { namespace });
    cleanups.push(() => probe.disconnect());
    const client = await (probe.store as KeyvRedis<unknown>).getClient();
    expect(Number(await client.pTTL("quiz:lease:shard:0"))).toBeGreaterThan(0);
    while (Number(await client.exists("quiz:lease:shard:0")) === 1)
      await new Promise((r) => setTimeout(r, 100));

    const third = start();
    await fake.waitForShards(30_000);
    expect(await answers()).toBe(true);
    expect(third.child.exitCode).toBeNull();

    // Its lease taken over behind its back (as if another host now ran shard 0): it stops, exit 1.
    await client.set("quiz:lease:shard:0", JSON.stringify({ host: "elsewhere", pid: 1, id: "x" }), {
      PX: 60_000,
    });
    expect(await third.exited).toBe(1);
    expect(third.output()).toContain("lost a shard lease");
  }, 90_000);
});
