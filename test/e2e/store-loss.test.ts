/**
 * Stores that can lose data, with the bot as a real process on throwaway Redis servers: a Redis
 * whose maxmemory-policy evicts keys (allkeys-lru, a common setting) is refused with the reason
 * (with the explicit override it starts, and logs the danger as an error); a Redis wiped under a
 * running bot (as a restart without persistence does) is named as such when the lease vanishes,
 * with no promise that the rounds resume.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fake-discord/index.ts";
import { type BotProcess, spawnBotProcess } from "../helpers/bot-process.ts";
import { hasRedisServer, startThrowawayRedis, type ThrowawayRedis } from "../helpers/redis-server.ts";

describe.skipIf(!hasRedisServer())("a Redis that evicts keys", () => {
  let redis: ThrowawayRedis;
  let fake: FakeDiscord;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    execFileSync("redis-cli", ["-p", String(redis.port), "CONFIG", "SET", "maxmemory-policy", "allkeys-lru"]);
    fake = await FakeDiscord.start();
  });

  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.kill()));
    await fake?.close();
    await redis?.stop();
  });

  const start = (extra: Record<string, string> = {}) => {
    const bot = spawnBotProcess({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: redis.url,
      CHARTS: "off",
      LOG_LEVEL: "info",
      ...extra,
    });
    bots.push(bot);
    return bot;
  };

  it("is refused at start with the reason and the fix", async () => {
    const bot = start();
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain('maxmemory-policy "allkeys-lru"');
    expect(bot.output()).toContain("maxmemory-policy noeviction");
    expect(bot.output()).toContain("STORE_ALLOW_EVICTION=1");
  }, 60_000);

  it("runs with STORE_ALLOW_EVICTION=1, logging the danger as an error", async () => {
    const bot = start({ STORE_ALLOW_EVICTION: "1" });
    await fake.waitUntil(
      () => bot.output().includes("bank and store ready") || bot.child.exitCode !== null,
      60_000,
    );
    const line = bot
      .output()
      .split("\n")
      .find((l) => l.includes("allkeys-lru"));
    expect(line && JSON.parse(line).level).toBe(50);
    await bot.kill();
  }, 60_000);
});

describe.skipIf(!hasRedisServer())("a Redis wiped under a running bot", () => {
  it("stops saying the lease vanished with the store, and promises no resume", async () => {
    const redis = await startThrowawayRedis();
    const fake = await FakeDiscord.start();
    const bot = spawnBotProcess({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: redis.url,
      STORE_LEASE_MS: "1500",
      CHARTS: "off",
      LOG_LEVEL: "info",
    });
    try {
      await fake.waitUntil(() => bot.output().includes("bank and store ready"), 60_000);
      execFileSync("redis-cli", ["-p", String(redis.port), "FLUSHALL"]);
      expect(await bot.exited).toBe(1);
      expect(bot.output()).toContain(
        "it is gone from the store, which was wiped or restarted without persistence",
      );
      expect(bot.output()).not.toContain("another process may be running these shards");
      expect(bot.output()).not.toContain("resume on the next start");
    } finally {
      await bot.kill();
      await fake.close();
      await redis.stop();
    }
  }, 60_000);
});
