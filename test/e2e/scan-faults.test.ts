import type { APIMessage } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyRecord } from "../../src/engine/player.ts";
import { keys } from "../../src/store/records.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { answerButtons, type BotHarness, runCommand, startHarness } from "../helpers/bot.ts";
import { hasRedisServer, startThrowawayRedis, type ThrowawayRedis } from "../helpers/redis-server.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";

// Issue 18, case 1: a store error during a scan is an error (retried, then the store-unavailable
// message), never an empty result; a failed leaderboard build is retried on the next query; a
// round left unresumed at start-up is retried until it resumes. Faults are real: a TCP proxy in
// front of PostgreSQL cut mid-scan or taken down, and a Redis server stopped.

const PLAYERS = 3_000;
const postgres = (await testBackends()).find((b) => b.name === "postgres");
const postgresPort = Number(new URL(postgres?.url ?? "postgres://127.0.0.1:5432/test").port || 5432);

const text = (m: APIMessage) => `${m.content ?? ""} ${JSON.stringify(m.embeds)}`;
const answered = (m: APIMessage) => (m.content ?? "").length > 0 || m.embeds.length > 0;

async function seed(h: BotHarness) {
  const now = h.game.now();
  const writes = Array.from({ length: PLAYERS }, (_, i) => ({
    key: keys.score(h.guildId, `${1_000_000 + i}`),
    value: { ...emptyRecord(h.guildId, `${1_000_000 + i}`, now), points: 10 + i },
  }));
  for (let at = 0; at < writes.length; at += 500) await h.keyv.setMany(writes.slice(at, at + 500));
}

/** /leaderboard's reply; a scan that keeps failing is retried for several seconds before the reply. */
async function leaderboard(h: BotHarness) {
  const handle = h.fake.slashCommand({
    channelId: h.channelId,
    user: h.fake.user({ username: "viewer" }),
    name: "leaderboard",
  });
  return text(await handle.waitForMessage(answered, 30_000));
}

describe.skipIf(!postgres?.reachable)("PostgreSQL behind a proxy that the test cuts", () => {
  let proxy: TcpProxy;
  let h: BotHarness;

  beforeAll(async () => {
    proxy = await startTcpProxy(postgresPort);
    const url = new URL(postgres?.url ?? "");
    url.port = String(proxy.port);
    h = await startHarness({ storeUrl: url.toString(), namespace: testNamespace() });
    await seed(h);
  });

  afterAll(async () => {
    await h?.keyv.clear().catch(() => {});
    await h?.close();
    await proxy?.close();
  });

  it("a connection cut 234 KB into the first leaderboard scan is retried: all 3,000 players are ranked", async () => {
    const cut = proxy.cutAfter(234_000);
    const shown = await leaderboard(h);
    await cut;
    expect(shown).not.toContain("Nobody has scored yet");
    expect(shown).toContain(`${PLAYERS} ranked players`);
  });

  it("while PostgreSQL is down the player is told the store is unavailable, and the next query after it is back ranks everyone", async () => {
    await h.restart(); // a fresh process: no leaderboard built yet
    proxy.down();
    const during = await leaderboard(h);
    expect(during).toContain("The quiz's database is not answering right now");
    expect(during).not.toContain("Nobody has scored yet");
    proxy.up();
    // The failed build was not cached as empty.
    expect(await leaderboard(h)).toContain(`${PLAYERS} ranked players`);
  });

  it("a round left unresumed at a start while PostgreSQL is down resumes once it is back", async () => {
    const host = h.fake.user({ username: "host" });
    const { reply } = await runCommand(h, { user: host, name: "quiz", subcommand: "channel" }, (m) =>
      (m.content ?? "").includes("has started"),
    );
    expect(reply).toBeDefined();
    const question = await h.fake.waitForMessage(
      h.channelId,
      (m) => m.embeds.length > 0 && answerButtons(m).length > 0,
    );
    const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
    proxy.down();
    await h.restart();
    // The start-up scan failed (its retries too): no round is scheduled yet.
    expect(await h.running.bot.rounds.runNextStepNow(sessionId)).toBe(false);
    proxy.up();
    // The bot keeps trying; once PostgreSQL answers, the round's time-up is scheduled again.
    await h.fake.waitUntil(() => h.running.bot.rounds.hasStep(sessionId), 30_000);
    expect(await h.running.bot.rounds.runNextStepNow(sessionId)).toBe(true);
    await h.fake.waitForEdit(question.id, (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5);
  }, 60_000);
});

describe.skipIf(!hasRedisServer())("a Redis server that the test stops mid-way", () => {
  let redis: ThrowawayRedis;
  let h: BotHarness;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    h = await startHarness({ storeUrl: redis.url, namespace: testNamespace() });
    await seed(h);
  });

  afterAll(async () => {
    await h?.close();
    await redis?.stop();
  });

  it("a scan of a stopped Redis is the store-unavailable message, never an empty leaderboard", async () => {
    await h.restart();
    redis.pause();
    const during = await leaderboard(h);
    expect(during).toContain("The quiz's database is not answering right now");
    expect(during).not.toContain("Nobody has scored yet");
    redis.resume();
    expect(await leaderboard(h)).toContain(`${PLAYERS} ranked players`);
  }, 60_000);
});
