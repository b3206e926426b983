/**
 * Interactions over HTTP with stateless workers (issues 16 and 17 together): three real bot
 * processes in HTTP mode (INTERACTIONS_PORT, no gateway, no shard lease) on one Redis store, and
 * the fake Discord spreading its signed POSTs over them in turn, as a load balancer would.
 *
 * - a burst of simultaneous clicks on one round, spread over the three: each acknowledged, stored
 *   and scored once, the reveal exact;
 * - the worker that started a round is SIGKILLed (and taken out of the rotation, as a balancer's
 *   health check would): another reveals the round on time from the queue and goes on, posting
 *   nothing twice.
 */
import { ApplicationCommandOptionType } from "discord.js";
import type Keyv from "keyv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.ts";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { answerButtons, answersLocked, rightButton, shippedBankOnce, users } from "../helpers/bot.ts";
import { type BotProcess, loggedPort, spawnBotProcess } from "../helpers/bot-process.ts";
import { silentLogger } from "../helpers/game.ts";
import { expectNoViolations } from "../helpers/harness.ts";
import { hasRedisServer, startThrowawayRedis, type ThrowawayRedis } from "../helpers/redis-server.ts";

const SECONDS = 10;
const REVEAL_SECONDS = 2;
const BURST = 150;

interface Worker {
  readonly bot: BotProcess;
  readonly url: string;
}

describe.skipIf(!hasRedisServer())("three HTTP workers behind a balancer, on one Redis store", () => {
  let redis: ThrowawayRedis;
  let fake: FakeDiscord;
  let keyv: Keyv;
  let game: AppContext;
  const workers: Worker[] = [];

  const channel = (i: number) => fake.guilds[0]?.channels[i]?.id ?? "";
  const alive = (w: Worker) => w.bot.child.exitCode === null && w.bot.child.signalCode === null;
  const rotation = () => workers.filter(alive).map((w) => w.url);

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    fake = await FakeDiscord.start({
      strictMentions: true,
      guilds: [{ channels: [{ name: "burst" }, { name: "kill" }] }],
    });
    const bots = [0, 1, 2].map(() =>
      spawnBotProcess({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_PUBLIC_KEY: fake.publicKey,
        INTERACTIONS_PORT: "0",
        STORE_URL: redis.url,
        QUIZ_REVEAL_SECONDS: String(REVEAL_SECONDS),
        CHARTS: "off",
        LOG_LEVEL: "info",
      }),
    );
    for (const bot of bots) {
      const port = await loggedPort(bot, "interactions endpoint listening", 60_000);
      workers.push({ bot, url: `http://127.0.0.1:${port}/interactions` });
    }
    fake.useInteractionsEndpoint(rotation());
    keyv = openKeyv(redis.url);
    game = createAppContext({ bank: await shippedBankOnce(), keyv, logger: silentLogger });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.bot.kill()));
    await keyv?.disconnect();
    await fake?.close();
    await redis?.stop();
  });

  async function startRound(channelId: string, questions: number) {
    const command = fake.slashCommand({
      channelId,
      user: fake.user({ username: `host-${channelId}` }),
      name: "quiz",
      subcommand: "channel",
      options: [
        { name: "questions", type: ApplicationCommandOptionType.Integer, value: questions },
        { name: "seconds", type: ApplicationCommandOptionType.Integer, value: SECONDS },
      ],
    });
    await command.waitForMessage((m) => (m.content ?? "").includes("has started"), 30_000);
    const question = await fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0, 30_000);
    return { command, question, sessionId: answerButtons(question)[0]?.custom_id.split(":")[2] ?? "" };
  }

  const revealedEdit = (questionId: string, timeoutMs: number) =>
    fake.waitForEdit(questionId, answersLocked, timeoutMs);

  it(`takes ${BURST} simultaneous clicks over the three workers: each stored and scored once, the reveal exact`, async () => {
    const bank = await shippedBankOnce();
    const { question, sessionId } = await startRound(channel(0), 1);
    const { button: right } = rightButton(question, bank);
    const wrong = answerButtons(question).find((b) => b.custom_id !== right.custom_id);
    if (!wrong) throw new Error("no wrong option");
    const players = users(fake, BURST, "worker-burst");
    const rightIds = new Set(players.filter((_, i) => i % 3 !== 0).map((p) => p.id));
    const clicks = players.map((user) =>
      fake.clickButton({
        message: question,
        customId: (rightIds.has(user.id) ? right : wrong).custom_id,
        user,
      }),
    );
    await Promise.all(clicks.map((c) => c.waitForMessage((m) => (m.content ?? "").length > 0, 60_000)));
    expect(clicks.filter((c) => c.failed)).toEqual([]);
    expect(new Set(clicks.map((c) => c.endpoint))).toEqual(new Set(workers.map((w) => w.url)));

    const revealed = await revealedEdit(question.id, (SECONDS + 30) * 1000);
    const who = revealed.embeds[1]?.fields?.find((f) => f.name.endsWith("got it right"));
    expect(who?.name).toBe(`${rightIds.size} of ${BURST} players got it right`);

    await fake.waitForMessage(channel(0), (m) => m.embeds[0]?.title === "Final scoreboard", 30_000);
    const state = await game.sessions.get(sessionId);
    expect(Object.keys(state?.tallies ?? {})).toHaveLength(BURST);
    const guildId = fake.guilds[0]?.id ?? "";
    for (const player of players) {
      const score = await game.scores.get(guildId, player.id);
      expect(score?.answered, `answers stored for ${player.username}`).toBe(1);
      expect(score?.correct).toBe(rightIds.has(player.id) ? 1 : 0);
    }
    expectNoViolations(fake);
  }, 120_000);

  it("a round whose worker is SIGKILLed is revealed by another on time and goes on, posting nothing twice", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(1);
    const { command, question } = await startRound(channelId, 2);
    const starter = workers.find((w) => w.url === command.endpoint);
    if (!starter) throw new Error(`no worker at ${command.endpoint}`);
    await starter.bot.kill();
    fake.useInteractionsEndpoint(rotation());

    const { button: right } = rightButton(question, bank);
    const players = users(fake, 4, "worker-survivor");
    const clicks = players.map((user) =>
      fake.clickButton({ message: question, customId: right.custom_id, user }),
    );
    await Promise.all(clicks.map((c) => c.waitForMessage((m) => (m.content ?? "").length > 0, 30_000)));

    const revealed = await revealedEdit(question.id, 2 * SECONDS * 1000);
    const who = revealed.embeds[1]?.fields?.find((f) => f.name.endsWith("got it right"));
    expect(who?.name).toBe("4 of 4 players got it right");
    const second = await fake.waitForMessage(
      channelId,
      (m) => m.id !== question.id && answerButtons(m).length > 0,
      (REVEAL_SECONDS + SECONDS) * 1000,
    );
    expect(second.embeds[0]?.title).toBe("Question 2 of 2");
    await fake.waitForMessage(
      channelId,
      (m) => m.embeds[0]?.title === "Final scoreboard",
      (2 * SECONDS + REVEAL_SECONDS) * 1000,
    );
    const titles = fake.calls
      .filter((c) => c.method === "POST" && c.path === `/channels/${channelId}/messages` && c.status < 300)
      .map((c) => (c.body as { embeds?: { title?: string }[] } | null)?.embeds?.[0]?.title ?? "");
    for (const title of ["Question 1 of 2", "Question 2 of 2", "Final scoreboard"])
      expect(
        titles.filter((t) => t === title),
        title,
      ).toHaveLength(1);
    expectNoViolations(fake);
  }, 90_000);

  it("no worker found a corrupt record or an unhandled rejection on the way", () => {
    for (const { bot } of workers) {
      expect(bot.output()).not.toContain("a stored record is corrupt");
      expect(bot.output()).not.toContain("unhandled promise rejection");
    }
  });
});
