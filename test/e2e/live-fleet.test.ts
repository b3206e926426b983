/**
 * Issue 30: the same live round's controls from two bot processes on one store, Redis and then
 * PostgreSQL. Two real processes
 * (`node --import tsx src/main.ts`, SHARD_LIST 0 and 1 of TOTAL_SHARDS 2) take the guild's
 * interactions in turn (round-robin, not split by shard), so each double click reaches both. Every
 * control changes the round once (a store transaction checked against the round's version), and a
 * close step queued before a pause, taken by whichever process, does nothing when it comes due.
 *
 * Each store is one of its own (a throwaway redis-server, a fresh PostgreSQL database), thrown away
 * at the end.
 */
import { type APIMessage, type APIUser, ApplicationCommandOptionType as T } from "discord.js";
import type Keyv from "keyv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.ts";
import { hostControl } from "../../src/app/live.ts";
import type { SessionState } from "../../src/engine/session.ts";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { testBackends, throwawayPostgresDatabase } from "../helpers/backends.ts";
import { answerButtons, buttonsOf, rightButton, shippedBankOnce } from "../helpers/bot.ts";
import { type BotProcess, spawnBotProcess } from "../helpers/bot-process.ts";
import { silentLogger } from "../helpers/game.ts";
import { hasRedisServer, startThrowawayRedis } from "../helpers/redis-server.ts";

const SECONDS = 10;
const STALE = "That was already done (the round has moved on): nothing more was changed.";

const postgres = (await testBackends()).find((b) => b.name === "postgres");

/** A store of one describe block: its URL, and how to throw it away. */
interface LiveStore {
  readonly url: string;
  drop(): Promise<void>;
}

async function redisStore(): Promise<LiveStore> {
  const server = await startThrowawayRedis();
  return { url: server.url, drop: () => server.stop() };
}

function postgresStore(): Promise<LiveStore> {
  return throwawayPostgresDatabase(postgres?.url ?? "", "livefleet");
}

function liveFleet(name: string, enabled: boolean, openStore: () => Promise<LiveStore>) {
  describe.skipIf(!enabled)(`a live round's controls from two bot processes on ${name}`, () => {
    let store: LiveStore;
    let fake: FakeDiscord;
    let keyv: Keyv;
    let game: AppContext;
    const bots: BotProcess[] = [];

    beforeAll(async () => {
      store = await openStore();
      fake = await FakeDiscord.start({
        shardCount: 2,
        deliverInteractions: "round-robin",
        strictMentions: true,
        guilds: [{ shardId: 0, channels: [{ name: "live" }] }],
      });
      for (const shard of ["0", "1"])
        bots.push(
          spawnBotProcess({
            DISCORD_TOKEN: fake.token,
            DISCORD_API_URL: fake.apiUrl,
            STORE_URL: store.url,
            SHARD_LIST: shard,
            TOTAL_SHARDS: "2",
            QUIZ_REVEAL_SECONDS: "60",
            CHARTS: "off",
            // Debug: the log says whether the close step queued before the pause ran (and did nothing).
            LOG_LEVEL: "debug",
          }),
        );
      await fake.waitForShards(60_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${bots.map((bot) => bot.output()).join("\n---\n")}`);
      });
      keyv = openKeyv(store.url);
      game = createAppContext({ bank: await shippedBankOnce(), keyv, logger: silentLogger });
    }, 90_000);

    afterAll(async () => {
      await Promise.all(bots.map((bot) => bot.kill()));
      await keyv?.disconnect();
      await fake?.close();
      await store?.drop();
    });

    const channelId = () => fake.guilds[0]?.channels[0]?.id ?? "";

    async function session(id: string): Promise<SessionState> {
      const state = await game.sessions.get(id);
      if (!state) throw new Error(`no session ${id}`);
      return state;
    }

    function control(message: APIMessage | undefined, verb: string): string {
      const button = buttonsOf(message).find(
        (b) => b.custom_id.startsWith("v1:ctl:") && b.custom_id.endsWith(`:${verb}`),
      );
      if (!button) throw new Error(`no ${verb} control`);
      return button.custom_id;
    }

    async function reply(handle: ReturnType<FakeDiscord["clickButton"]>): Promise<string> {
      const message = await handle.waitForMessage((m) => (m.content ?? "").length > 0, 20_000);
      expect(handle.isEphemeral(message)).toBe(true);
      return message.content ?? "";
    }

    /** Two clicks at once on one control (one reaches each process): done once, and the other told so. */
    async function twice(sessionId: string, messageId: string, verb: string, host: APIUser, done: string) {
      const version = (await session(sessionId)).live?.version ?? -1;
      const customId = control(fake.message(messageId), verb);
      const texts = await Promise.all(
        [0, 1].map(() => reply(fake.clickButton({ message: messageId, customId, user: host }))),
      );
      expect(texts.filter((text) => text === done)).toHaveLength(1);
      expect([STALE, "This round is over."]).toContain(texts.find((text) => text !== done));
      expect((await session(sessionId)).live?.version).toBe(version + 1);
    }

    it("changes the round once per double click; a timer step from before a pause does nothing", async () => {
      const bank = await shippedBankOnce();
      const host = fake.user({ username: "fleet-host" });
      const start = fake.slashCommand({
        channelId: channelId(),
        user: host,
        name: "quiz",
        subcommand: "channel",
        options: [
          { name: "questions", type: T.Integer, value: 1 },
          { name: "seconds", type: T.Integer, value: SECONDS },
          { name: "lobby", type: T.Boolean, value: true },
        ],
      });
      await start.waitForMessage((m) => (m.content ?? "").includes("has started"), 30_000);
      const lobby = await fake.waitForMessage(channelId(), (m) => buttonsOf(m).length > 0, 30_000);
      const sessionId = control(lobby, "start").split(":")[2] ?? "";
      const players = [0, 1, 2].map((i) => fake.user({ username: `fleet-${i}` }));
      for (const player of players)
        expect(
          await reply(
            fake.clickButton({ message: lobby.id, customId: `v1:join:${sessionId}`, user: player }),
          ),
        ).toContain("You are in");
      expect((await session(sessionId)).live?.lobby?.players).toHaveLength(3);

      await twice(sessionId, lobby.id, "start", host, "Started.");
      const question = await fake.waitForMessage(channelId(), (m) => answerButtons(m).length > 0, 30_000);
      await twice(sessionId, question.id, "pause", host, "Paused: answers wait until you resume.");
      const { button: right } = rightButton(question, bank);
      expect(
        await reply(
          fake.clickButton({ message: question.id, customId: right.custom_id, user: players[0] as APIUser }),
        ),
      ).toContain("paused by its host");

      await twice(sessionId, question.id, "resume", host, "Resumed.");
      await fake.waitForEdit(
        question.id,
        (m) => buttonsOf(m).some((b) => b.custom_id.endsWith(":pause")),
        20_000,
      );

      // The process that resumed queued the question's close step (BullMQ, for its 10 s). A third
      // process, this test's own, pauses the round through the store: it has no step to remove, so
      // the step stays queued, comes due, is taken by one of the bots, and does nothing.
      const version = (await session(sessionId)).live?.version ?? -1;
      expect((await hostControl(game, { sessionId, version, verb: "pause" })).kind).toBe("changed");
      const closeStep = `"step":"${sessionId}.0.close.0.v${version}"`;
      const ran = () =>
        bots.some((bot) =>
          bot
            .output()
            .split("\n")
            .some((line) => line.includes(closeStep) && line.includes("channel round step running")),
        );
      const deadline = Date.now() + (SECONDS + 20) * 1000;
      while (!ran() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      expect(ran()).toBe(true);
      // Let that step finish, then look: still paused on its question, never revealed.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const paused = await session(sessionId);
      expect(paused.phase).toBe("asking");
      expect(paused.live?.pausedAt).toBeDefined();
      expect(answerButtons(fake.message(question.id)).some((b) => b.disabled)).toBe(false);
      expect((await hostControl(game, { sessionId, version: version + 1, verb: "resume" })).kind).toBe(
        "changed",
      );

      for (const player of players)
        expect(
          await reply(fake.clickButton({ message: question.id, customId: right.custom_id, user: player })),
        ).toContain("is in");
      // The third answer closed the lobby's round: revealed once, whichever process took it.
      const revealed = await fake.waitForEdit(
        question.id,
        (m) => answerButtons(m).every((b) => b.disabled),
        20_000,
      );
      expect(revealed.embeds[1]?.fields?.some((f) => f.name === "3 of 3 players got it right")).toBe(true);

      await twice(sessionId, question.id, "next", host, "On to the next question.");
      await fake.waitForMessage(channelId(), (m) => m.embeds[0]?.title === "Final scoreboard", 20_000);
      const posted = fake.messages(channelId());
      expect(posted.filter((m) => m.embeds[0]?.title === "Final scoreboard")).toHaveLength(1);
      expect(posted.filter((m) => answerButtons(m).length > 0)).toHaveLength(1);
      const final = await session(sessionId);
      expect(final.phase).toBe("finished");
      for (const player of players) expect(final.tallies[player.id]?.correct).toBe(1);
      expect(fake.violations, fake.describeViolations()).toEqual([]);
      for (const bot of bots) {
        expect(bot.output()).not.toContain("a stored record is corrupt");
        expect(bot.output()).not.toContain("unhandled promise rejection");
      }
    }, 120_000);
  });
}

liveFleet("Redis", hasRedisServer(), redisStore);
liveFleet("PostgreSQL", postgres?.reachable === true, postgresStore);
