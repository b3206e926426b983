/**
 * Scale-out: two shards on one shared Redis store. First as two Clients in this process (each
 * `startBot` with `shards: [i], shardCount: 2`, each with its own game context, caches and
 * leaderboards, as two processes would have), then through `npm run start:sharded` itself: the
 * real ShardingManager spawning src/main.ts once per shard.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { type APIMessage, type APIUser, ApplicationCommandOptionType } from "discord.js";
import type Keyv from "keyv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { type AppContext, createAppContext, randomId } from "../../src/app/context.ts";
import type { Config } from "../../src/config.ts";
import { type RunningBot, startBot } from "../../src/discord/transport/bot.ts";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { answerButtons, buttonsOf, rightButton, shippedBankOnce } from "../helpers/bot.ts";
import { silentLogger } from "../helpers/game.ts";
import { expectNoViolations } from "../helpers/harness.ts";
import {
  freePort,
  hasRedisServer,
  startThrowawayRedis,
  type ThrowawayRedis,
} from "../helpers/redis-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const redis = (await testBackends()).find((b) => b.name === "redis");
const redisReachable = redis?.reachable === true;

/** One shard's process, as far as the bot is concerned: its own store connection, caches and timers. */
interface ShardProcess {
  keyv: Keyv;
  game: AppContext;
  running: RunningBot;
}

describe.skipIf(!redisReachable)("two shards in one process, on a shared Redis store", () => {
  let fake: FakeDiscord;
  const namespace = testNamespace();
  const shards: ShardProcess[] = [];
  let config: Config;

  /** Starts shard `i`; its session ids start with `p{i}`, so every session says which process made it. */
  async function startShard(i: number): Promise<ShardProcess> {
    const keyv = openKeyv(redis?.url ?? "", { namespace });
    const game = createAppContext({
      bank: await shippedBankOnce(),
      keyv,
      logger: silentLogger,
      newId: () => `p${i}${randomId()}`,
    });
    const running = await startBot({
      config,
      app: game,
      commands,
      logger: silentLogger,
      shards: [i],
      shardCount: 2,
    });
    return { keyv, game, running };
  }

  async function stopShard(shard: ShardProcess) {
    await shard.running.stop();
    await shard.keyv.disconnect();
  }

  const guild = (i: number) => {
    const found = fake.guilds[i];
    if (!found) throw new Error(`no guild ${i}`);
    return { guildId: found.id, channelId: found.channels[0]?.id ?? "" };
  };
  const shard = (i: number) => {
    const found = shards[i];
    if (!found) throw new Error(`no shard ${i}`);
    return found;
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start({
      shardCount: 2,
      strictMentions: true,
      guilds: [
        { shardId: 0, name: "Guild on shard 0" },
        { shardId: 1, name: "Guild on shard 1" },
      ],
    });
    config = {
      discordToken: fake.token,
      discordClientId: fake.applicationId,
      discordApiUrl: fake.apiUrl,
      storeUrl: redis?.url ?? "",
      logLevel: "silent",
      defaultQuestions: 2,
      defaultSeconds: 60,
      revealSeconds: 2,
    };
    shards.push(await startShard(0), await startShard(1));
    await fake.waitForShards();
  });

  afterAll(async () => {
    await shards[0]?.keyv.clear();
    for (const s of shards) await stopShard(s);
    await fake?.close();
  });

  /** Plays a solo quiz of `count` questions to its end, answering right; returns the session id. */
  async function playSolo(i: number, user: APIUser, count: number): Promise<string> {
    const bank = await shippedBankOnce();
    const start = fake.slashCommand({
      channelId: guild(i).channelId,
      user,
      name: "quiz",
      subcommand: "solo",
      options: [{ name: "questions", type: ApplicationCommandOptionType.Integer, value: count }],
    });
    let message = await start.waitForMessage((m) => answerButtons(m).length > 0);
    const sessionId = answerButtons(message)[0]?.custom_id.split(":")[2] ?? "";
    for (let round = 0; round < count; round++) {
      const { button, question } = rightButton(message, bank);
      fake.clickButton({ message, customId: button.custom_id, user });
      message = await fake.waitForEdit(
        message.id,
        (m) =>
          (m.embeds[0]?.description ?? "").startsWith(question.question) &&
          (m.embeds[1]?.title ?? "").startsWith("✅"),
        15_000,
      );
      const next = buttonsOf(message).find((b) => b.custom_id.startsWith("v1:next:"));
      if (!next) throw new Error("no next button");
      const before = message.embeds[0]?.title;
      fake.clickButton({ message, customId: next.custom_id, user });
      message = await fake.waitForEdit(message.id, (m) => m.embeds[0]?.title !== before, 15_000);
    }
    return sessionId;
  }

  async function leaderboard(i: number, user: APIUser): Promise<APIMessage> {
    const board = fake.slashCommand({ channelId: guild(i).channelId, user, name: "leaderboard" });
    return board.waitForMessage((m) => m.embeds.length > 0);
  }

  it("routes each guild to its own shard's process, and both write scores and sessions to the shared store", async () => {
    const alice = fake.user({ username: "alice" });
    const bob = fake.user({ username: "bob" });
    expect(fake.shardOf(guild(0).guildId)).toBe(0);
    expect(fake.shardOf(guild(1).guildId)).toBe(1);
    // Each process sees only its own shard's guild.
    expect([...shard(0).running.client.guilds.cache.keys()]).toEqual([guild(0).guildId]);
    expect([...shard(1).running.client.guilds.cache.keys()]).toEqual([guild(1).guildId]);

    const [aliceSession, bobSession] = await Promise.all([playSolo(0, alice, 2), playSolo(1, bob, 3)]);
    // The session ids say which process started each quiz: the shard that owns the guild.
    expect(aliceSession.startsWith("p0")).toBe(true);
    expect(bobSession.startsWith("p1")).toBe(true);

    // Whichever process reads the shared store sees both guilds' records, each in its own guild.
    for (const reader of [shard(0), shard(1)]) {
      const fresh = createAppContext({
        bank: await shippedBankOnce(),
        keyv: reader.keyv,
        logger: silentLogger,
      });
      expect(await fresh.scores.get(guild(0).guildId, alice.id)).toMatchObject({ answered: 2, correct: 2 });
      expect(await fresh.scores.get(guild(1).guildId, bob.id)).toMatchObject({ answered: 3, correct: 3 });
      expect(await fresh.scores.get(guild(1).guildId, alice.id)).toBeUndefined();
      expect((await fresh.sessions.get(aliceSession))?.phase).toBe("finished");
      expect((await fresh.sessions.get(bobSession))?.phase).toBe("finished");
    }
    expectNoViolations(fake);
  });

  it("keeps each guild's leaderboard exact, in the process that owns it and in the other one", async () => {
    const carol = fake.user({ username: "carol" });
    const dave = fake.user({ username: "dave" });
    // Both leaderboards are built (one scan each) before more answers arrive on both shards.
    const first = await Promise.all([leaderboard(0, carol), leaderboard(1, dave)]);
    expect(first[0]?.embeds[0]?.footer?.text).toMatch(/(^|\D)1 ranked player/);
    expect(first[1]?.embeds[0]?.footer?.text).toMatch(/(^|\D)1 ranked player/);

    await Promise.all([playSolo(0, carol, 1), playSolo(1, dave, 2)]);
    const [boardA, boardB] = await Promise.all([leaderboard(0, carol), leaderboard(1, dave)]);
    expect(boardA.embeds[0]?.footer?.text).toMatch(/(^|\D)2 ranked player/);
    expect(boardB.embeds[0]?.footer?.text).toMatch(/(^|\D)2 ranked player/);
    expect(boardA.embeds[0]?.description).toContain(`<@${carol.id}>`);
    expect(boardA.embeds[0]?.description).not.toContain(`<@${dave.id}>`);
    expect(boardB.embeds[0]?.description).toContain(`<@${dave.id}>`);
    expect(boardB.embeds[0]?.description).not.toContain(`<@${carol.id}>`);

    // On Redis the boards are sorted sets in the store, written by every commit: each process reads
    // the other shard's guild exactly too (no ranking in memory to go stale).
    const own0 = await shard(0).game.leaderboards.page(guild(0).guildId, "all-time", 0, 10);
    const other0 = await shard(0).game.leaderboards.page(guild(1).guildId, "all-time", 0, 10);
    const own1 = await shard(1).game.leaderboards.page(guild(1).guildId, "all-time", 0, 10);
    expect(own0.total).toBe(2);
    expect(other0).toEqual(own1);
    expect(own1.total).toBe(2);
    // The owner's ranking agrees with the records in the store.
    for (const row of own1.rows) {
      expect((await shard(0).game.scores.get(guild(1).guildId, row.userId))?.points).toBe(row.points);
    }
    expectNoViolations(fake);
  });

  it("runs a channel round in each guild at once; a restarted shard resumes only its own guild's round", async () => {
    const bank = await shippedBankOnce();
    const hosts = [fake.user({ username: "hostA" }), fake.user({ username: "hostB" })];
    const questions = await Promise.all(
      [0, 1].map(async (i) => {
        const start = fake.slashCommand({
          channelId: guild(i).channelId,
          user: hosts[i] as APIUser,
          name: "quiz",
          subcommand: "channel",
          options: [{ name: "questions", type: ApplicationCommandOptionType.Integer, value: 2 }],
        });
        await start.waitForMessage((m) => (m.content ?? "").includes("has started"));
        return fake.waitForMessage(guild(i).channelId, (m) => answerButtons(m).length > 0);
      }),
    );
    const sessions = questions.map((q) => answerButtons(q)[0]?.custom_id.split(":")[2] ?? "");
    expect(sessions[0]?.startsWith("p0")).toBe(true);
    expect(sessions[1]?.startsWith("p1")).toBe(true);

    // Ten players per guild answer right, all at once.
    const players = [0, 1].map((i) =>
      Array.from({ length: 10 }, (_, k) => fake.user({ username: `g${i}p${k}` })),
    );
    const clicks = [0, 1].flatMap((i) => {
      const question = questions[i] as APIMessage;
      const { button } = rightButton(question, bank);
      return (players[i] ?? []).map((user) =>
        fake.clickButton({ message: question, customId: button.custom_id, user }),
      );
    });
    await Promise.all(clicks.map((c) => c.waitForMessage((m) => (m.content ?? "").includes("is in"))));

    // Shard 1's process restarts mid-round (both rounds are running).
    const restarted = shard(1);
    await stopShard(restarted);
    shards[1] = await startShard(1);
    await fake.waitForShards();
    // It resumed guild 1's round and not guild 0's, which shard 0's process still drives.
    expect(await shard(1).running.bot.rounds.runNextStepNow(sessions[0] ?? "")).toBe(false);
    for (const i of [0, 1]) {
      expect(await shard(i).running.bot.rounds.runNextStepNow(sessions[i] ?? "")).toBe(true);
      const revealed = await fake.waitForEdit(
        (questions[i] as APIMessage).id,
        (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5,
        15_000,
      );
      expect(revealed.embeds[1]?.fields?.[4]?.name).toContain("10 of 10");
    }
    // Each round goes on to its next question, posted once, by its own shard.
    for (const i of [0, 1]) {
      await shard(i).running.bot.rounds.runNextStepNow(sessions[i] ?? "");
      await fake.waitForMessage(
        guild(i).channelId,
        (m) => m.id !== (questions[i] as APIMessage).id && answerButtons(m).length > 0,
      );
      expect(fake.messages(guild(i).channelId).filter((m) => answerButtons(m).length > 0)).toHaveLength(2);
    }
    for (const i of [0, 1]) {
      for (const player of players[i] ?? []) {
        expect((await shard(i).game.scores.get(guild(i).guildId, player.id))?.correct).toBe(1);
        expect(await shard(i).game.scores.get(guild(1 - i).guildId, player.id)).toBeUndefined();
      }
    }
    expectNoViolations(fake);
  });
});

/** The first of `count` consecutive ports free on 127.0.0.1 (shard N listens on HEALTH_PORT + N). */
async function consecutiveFreePorts(count: number): Promise<number> {
  for (;;) {
    const first = await freePort();
    if (first + count - 1 > 65_535) continue;
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => canListen(first + i + 1)));
    if (rest.every(Boolean)) return first;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** A shard's /readyz report once it answers 200 (asked again for up to 20 s). */
async function readyOn(port: number): Promise<unknown> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (answer?.status === 200) return answer.json();
    if (Date.now() > deadline)
      throw new Error(`no shard ready on port ${port}: ${answer?.status ?? "no answer"}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!hasRedisServer())(
  "npm run start:sharded: the ShardingManager, one process per shard",
  () => {
    let fake: FakeDiscord;
    let server: ThrowawayRedis;
    let manager: ChildProcess | undefined;
    let output = "";

    beforeAll(async () => {
      fake = await FakeDiscord.start({
        shardCount: 2,
        strictMentions: true,
        guilds: [{ shardId: 0 }, { shardId: 1 }],
      });
      server = await startThrowawayRedis();
    });

    afterAll(async () => {
      // The manager's process group (manager and shards), in case the test stopped half way.
      if (manager?.pid !== undefined && manager.exitCode === null) {
        try {
          process.kill(-manager.pid, "SIGKILL");
        } catch {}
      }
      await server?.stop();
      await fake?.close();
    });

    function runSharded(env: Record<string, string>): ChildProcess {
      const child = spawn(process.execPath, ["--import", "tsx", "src/shard.ts"], {
        env: { ...process.env, LOG_LEVEL: "warn", ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      child.stdout?.on("data", (chunk) => {
        output += String(chunk);
      });
      child.stderr?.on("data", (chunk) => {
        output += String(chunk);
      });
      return child;
    }

    const exitOf = (child: ChildProcess) =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.once("exit", (code) => resolve(code));
      });

    it("refuses to start on a SQLite store, which the shards could not share", async () => {
      const file = path.join(tempDir("quiz-shard-"), "quiz.sqlite");
      output = "";
      const child = runSharded({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: `sqlite://${file}`,
      });
      expect(await exitOf(child)).toBe(1);
      expect(output).toContain("they must share one store");
      expect(output).toContain("redis://");
      expect(fake.readyShards).toEqual([]);
    });

    it("refuses a SHARD_LIST, which is for npm start on each host, not for the manager", async () => {
      output = "";
      const child = runSharded({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: server.url,
        SHARD_LIST: "0",
        TOTAL_SHARDS: "2",
      });
      expect(await exitOf(child)).toBe(1);
      expect(output).toContain("SHARD_LIST is for `npm start` on each host");
      expect(fake.readyShards).toEqual([]);
    });

    it("starts one process per shard on Redis; each answers its own guild; SIGTERM stops them all", async () => {
      output = "";
      manager = runSharded({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: server.url,
        QUIZ_REVEAL_SECONDS: "2",
      });
      await fake.waitForShards(60_000);
      const bank = await shippedBankOnce();
      const players = fake.guilds.map((_, i) => fake.user({ username: `sharded${i}` }));
      await Promise.all(
        fake.guilds.map(async (g, i) => {
          const user = players[i] as APIUser;
          const start = fake.slashCommand({
            channelId: g.channels[0]?.id ?? "",
            user,
            name: "quiz",
            subcommand: "solo",
          });
          const message = await start.waitForMessage((m) => answerButtons(m).length > 0, 15_000);
          const { button } = rightButton(message, bank);
          fake.clickButton({ message, customId: button.custom_id, user });
          await fake.waitForEdit(message.id, (m) => (m.embeds[1]?.title ?? "").startsWith("✅"), 15_000);
          const board = fake.slashCommand({ channelId: g.channels[0]?.id ?? "", user, name: "leaderboard" });
          const shown = await board.waitForMessage((m) => m.embeds.length > 0, 15_000);
          expect(shown.embeds[0]?.description).toContain(`<@${user.id}>`);
          expect(shown.embeds[0]?.footer?.text).toMatch(/(^|\D)1 ranked player/);
        }),
      );
      // Both guilds' scores are in the one store the shards share.
      const keyv = openKeyv(server.url);
      try {
        const game = createAppContext({ bank, keyv, logger: silentLogger });
        for (const [i, g] of fake.guilds.entries()) {
          expect(await game.scores.get(g.id, (players[i] as APIUser).id)).toMatchObject({
            answered: 1,
            correct: 1,
          });
        }
      } finally {
        await keyv.disconnect();
      }
      expectNoViolations(fake);

      manager.kill("SIGTERM");
      expect(await exitOf(manager)).toBe(0);
      await fake.waitUntil(() => fake.readyShards.length === 0, 10_000, "every shard to disconnect");
    }, 90_000);

    it("with HEALTH_PORT, each shard serves health and metrics on HEALTH_PORT + its id; a shard that fails before it is ready, or is killed, is started again (taking its lease back) while the others run on", async () => {
      output = "";
      const base = await consecutiveFreePorts(2);
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(base + 1, "127.0.0.1", resolve));
      // A lease far longer than the test waits: a restarted shard can only be back by taking it over.
      manager = runSharded({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: server.url,
        HEALTH_PORT: String(base),
        STORE_LEASE_MS: "120000",
        LOG_LEVEL: "info",
      });
      // Shard 1's port is taken by someone else: it fails before it is ready, again and again,
      // and the manager and shard 0 carry on.
      await fake.waitUntil(
        () => output.includes("a shard failed to become ready"),
        60_000,
        "shard 1 to fail",
      );
      expect(output).toContain(`HEALTH_PORT: port ${base + 1} on 127.0.0.1 is already in use`);
      expect(await readyOn(base)).toMatchObject({ ok: true, shards: [0] });
      expect(manager.exitCode).toBeNull();
      // The port freed, the next start succeeds.
      await new Promise((resolve) => blocker.close(resolve));
      await fake.waitForShards(60_000);
      const pids: number[] = [];
      for (const shard of [0, 1]) {
        const ready = await readyOn(base + shard);
        expect(ready, output).toMatchObject({
          ok: true,
          gateway: "connected",
          store: "reachable",
          shards: [shard],
        });
        const metrics = await (await fetch(`http://127.0.0.1:${base + shard}/metrics`)).text();
        expect(metrics).toContain(`quiz_build_info{`);
        expect(metrics).toMatch(
          new RegExp(`^process_resident_memory_bytes\\{shard="${shard}"\\} [1-9]`, "m"),
        );
        const live = (await (await fetch(`http://127.0.0.1:${base + shard}/livez`)).json()) as {
          pid: number;
        };
        pids.push(live.pid);
      }
      expect(new Set(pids).size).toBe(2);

      // Shard 1's process is killed: the manager starts it again; the new process takes the dead
      // one's lease over at once and logs in, while shard 0 and the manager keep running.
      process.kill(pids[1] as number, "SIGKILL");
      await fake.waitUntil(() => !fake.readyShards.includes(1), 10_000, "shard 1 to go away");
      await fake.waitForShards(60_000);
      const back = await readyOn(base + 1);
      expect(back).toMatchObject({ ok: true, shards: [1] });
      const again = (await (await fetch(`http://127.0.0.1:${base + 1}/livez`)).json()) as { pid: number };
      expect(again.pid).not.toBe(pids[1]);
      expect(output).toContain("shard died: starting it again after a pause");
      expect(output).toContain("took over a shard lease whose holder, a process of this host, is gone");
      expect(manager.exitCode).toBeNull();
      const first = (await (await fetch(`http://127.0.0.1:${base}/livez`)).json()) as { pid: number };
      expect(first.pid).toBe(pids[0]);
      expect(output).not.toContain("EADDRINUSE");

      manager.kill("SIGTERM");
      expect(await exitOf(manager)).toBe(0);
      await fake.waitUntil(() => fake.readyShards.length === 0, 10_000, "every shard to disconnect");
    }, 120_000);
  },
);
