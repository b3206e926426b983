/**
 * Issue 16, "Done when": three real bot processes (`node --import tsx src/main.ts`, SHARD_LIST 0, 1
 * and 2 of TOTAL_SHARDS 3) on one real store, Redis and then PostgreSQL, against one fake Discord
 * that delivers the guild's interactions to all three in turn (round-robin, not split by shard).
 *
 * - a fourth process asked to run a shard that is held refuses, naming the shard and its holder;
 * - 500 simultaneous clicks on one round, spread over the three processes: each acknowledged, each
 *   stored and scored once, the reveal counts exactly the right answerers, the leaderboard exact;
 * - the process that started a round is SIGKILLed mid-round: another reveals it when its time is
 *   up and posts the next question after the reveal, and nothing is lost or posted twice.
 *
 * Each backend gets a store of its own (a throwaway redis-server, a fresh PostgreSQL database), so
 * the bots can use their default namespace while other test files share the standard servers.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { type APIMessage, ApplicationCommandOptionType } from "discord.js";
import type Keyv from "keyv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.ts";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { testBackends, throwawayPostgresDatabase } from "../helpers/backends.ts";
import { answerButtons, answersLocked, rightButton, shippedBankOnce, users } from "../helpers/bot.ts";
import { type BotProcess, spawnBotProcess, startRestProxy } from "../helpers/bot-process.ts";
import { silentLogger } from "../helpers/game.ts";
import { expectNoViolations } from "../helpers/harness.ts";
import { hasRedisServer, startThrowawayRedis } from "../helpers/redis-server.ts";

const backends = await testBackends();
const postgres = backends.find((b) => b.name === "postgres");

/** A bot process of the fleet, and the shard it was asked to run. */
interface FleetBot extends BotProcess {
  readonly shard: number;
}

const SECONDS = 10;
const REVEAL_SECONDS = 2;
const BURST = 500;

/** One store for a describe block: its URL, and how to throw it away. */
interface FleetStore {
  readonly url: string;
  drop(): Promise<void>;
}

async function redisStore(): Promise<FleetStore> {
  const server = await startThrowawayRedis();
  return { url: server.url, drop: () => server.stop() };
}

async function postgresStore(): Promise<FleetStore> {
  return throwawayPostgresDatabase(postgres?.url ?? "", "fleet");
}

function fleetSuite(
  name: string,
  enabled: boolean,
  openStore: () => Promise<FleetStore>,
  options: { viaRestProxy: boolean },
) {
  const title = `three bot processes on one ${name} store${options.viaRestProxy ? ", their REST through one proxy" : ""}`;
  describe.skipIf(!enabled)(title, () => {
    let proxy: { url: string; child: ChildProcess } | undefined;
    let fake: FakeDiscord;
    let store: FleetStore;
    let keyv: Keyv;
    let game: AppContext;
    const bots: FleetBot[] = [];
    const extra: FleetBot[] = [];

    const start = (shardList: string): FleetBot => ({
      shard: Number(shardList),
      ...spawnBotProcess({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: proxy?.url ?? fake.apiUrl,
        STORE_URL: store.url,
        SHARD_LIST: shardList,
        TOTAL_SHARDS: "3",
        QUIZ_REVEAL_SECONDS: String(REVEAL_SECONDS),
        CHARTS: "off",
        STORE_LEASE_MS: "4000",
        LOG_LEVEL: "warn",
      }),
    });

    const channel = (i: number) => fake.guilds[0]?.channels[i]?.id ?? "";

    beforeAll(async () => {
      store = await openStore();
      fake = await FakeDiscord.start({
        shardCount: 3,
        deliverInteractions: "round-robin",
        strictMentions: true,
        guilds: [
          {
            shardId: 0,
            channels: [{ name: "burst" }, { name: "kill" }, { name: "limit-a" }, { name: "limit-b" }],
          },
        ],
      });
      if (options.viaRestProxy) proxy = await startRestProxy(fake.apiUrl);
      bots.push(start("0"), start("1"), start("2"));
      await fake.waitForShards(60_000);
      keyv = openKeyv(store.url);
      game = createAppContext({ bank: await shippedBankOnce(), keyv, logger: silentLogger });
    }, 90_000);

    afterAll(async () => {
      for (const bot of [...bots, ...extra])
        if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill("SIGKILL");
      await Promise.all([...bots, ...extra].map((b) => b.exited));
      proxy?.child.kill("SIGTERM");
      await keyv?.disconnect();
      await fake?.close();
      await store?.drop();
    });

    it("a fourth process asked for a shard that runs refuses, and says which shard, who holds it and what to do", async () => {
      const second = start("1");
      extra.push(second);
      expect(await second.exited).toBe(1);
      const holder = bots[1]?.child.pid;
      expect(second.output()).toContain(`shard 1 of 3 is held by pid ${holder} on host`);
      expect(second.output()).toContain("SHARD_LIST");
      expect(fake.readyShards).toEqual([0, 1, 2]);
    }, 60_000);

    function sendStartRound(channelId: string, questions: number) {
      const host = fake.user({ username: `host${randomBytes(2).toString("hex")}` });
      return fake.slashCommand({
        channelId,
        user: host,
        name: "quiz",
        subcommand: "channel",
        options: [
          { name: "questions", type: ApplicationCommandOptionType.Integer, value: questions },
          { name: "seconds", type: ApplicationCommandOptionType.Integer, value: SECONDS },
        ],
      });
    }

    async function startRound(
      channelId: string,
      questions: number,
      sent = sendStartRound(channelId, questions),
    ) {
      const command = sent;
      await command.waitForMessage((m) => (m.content ?? "").includes("has started"), 30_000);
      const question = await fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0, 30_000);
      const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
      return { command, question, sessionId };
    }

    const revealedEdit = (questionId: string, timeoutMs: number) =>
      fake.waitForEdit(questionId, answersLocked, timeoutMs);

    it(`takes ${BURST} simultaneous clicks over the three processes: each stored and scored once, the reveal and the leaderboard exact`, async () => {
      const bank = await shippedBankOnce();
      const channelId = channel(0);
      const { question, sessionId } = await startRound(channelId, 1);
      const players = users(fake, BURST, "burst");
      const { button: right } = rightButton(question, bank);
      const wrong = answerButtons(question).find((b) => b.custom_id !== right.custom_id);
      if (!wrong) throw new Error("no wrong option");
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
      // Every process took its share of the clicks.
      expect(new Set(clicks.map((c) => c.shard))).toEqual(new Set([0, 1, 2]));

      const revealed = await revealedEdit(question.id, (SECONDS + 30) * 1000);
      const who = revealed.embeds[1]?.fields?.find((f) => f.name.endsWith("got it right"));
      expect(who?.name).toBe(`${rightIds.size} of ${BURST} players got it right`);
      const named = [...(who?.value ?? "").matchAll(/<@(\d+)>/g)].map((m) => m[1] ?? "");
      expect(named.filter((id) => !rightIds.has(id))).toEqual([]);

      // In the store: every acknowledged answer, each scored once, the session's tallies the same.
      await fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard", 30_000);
      const state = await game.sessions.get(sessionId);
      expect(Object.keys(state?.tallies ?? {})).toHaveLength(BURST);
      const guildId = fake.guilds[0]?.id ?? "";
      let recorded = 0;
      const points = new Map<string, number>();
      for (const player of players) {
        const score = await game.scores.get(guildId, player.id);
        expect(score?.answered, `answers stored for ${player.username}`).toBe(1);
        expect(score?.correct).toBe(rightIds.has(player.id) ? 1 : 0);
        recorded += score?.points ?? 0;
        if ((score?.points ?? 0) > 0) points.set(player.id, score?.points ?? 0);
      }
      const tallied = Object.values(state?.tallies ?? {}).reduce((sum, t) => sum + t.points, 0);
      expect(recorded).toBe(tallied);

      // The leaderboard, read by a process that did not write it all (and by this fresh one), is exact.
      const board = await game.leaderboards.page(guildId, "all-time", 0, 10);
      expect(board.total).toBe(points.size);
      const best = [...points.values()].sort((a, b) => b - a).slice(0, 10);
      expect(board.rows.map((r) => r.points)).toEqual(best);
      for (const row of board.rows) expect(points.get(row.userId)).toBe(row.points);
      expectNoViolations(fake);
    }, 150_000);

    it.skipIf(!options.viaRestProxy)(
      "a global 429 from Discord holds every process's requests at the proxy until it is over, then each is sent once",
      async () => {
        const retryAfter = 2;
        fake.failNext({
          method: "POST",
          route: /^\/channels\/\d+\/messages$/,
          status: 429,
          global: true,
          retryAfter,
        });
        // A round starts on one process, whose question post Discord answers with a global 429;
        // then a round starts on another process (round-robin) while the limit lasts.
        const first = sendStartRound(channel(2), 1);
        const limited = await fake.waitUntil(
          () => fake.calls.find((c) => c.injected && c.status === 429),
          30_000,
          "the injected 429",
        );
        const [a, b] = await Promise.all([startRound(channel(2), 1, first), startRound(channel(3), 1)]);
        expect(a.command.shard).not.toBe(b.command.shard);
        // Nothing but interaction callbacks (which Discord exempts) reached Discord during the
        // global limit: the proxy turned the other process's post away too (429), and each process
        // sent its post again once the limit was over.
        const during = fake.calls.filter(
          (c) =>
            c.at > limited.at &&
            c.at < limited.at + retryAfter * 1000 - 50 &&
            !/^\/interactions\/\d+\/[^/]+\/callback$/.test(c.path),
        );
        expect(during.map((c) => `${c.method} ${c.path}`)).toEqual([]);
        const posts = fake.calls.filter(
          (c) =>
            c.method === "POST" &&
            (c.path === `/channels/${channel(2)}/messages` || c.path === `/channels/${channel(3)}/messages`),
        );
        expect(posts.filter((c) => c.status === 200)).toHaveLength(2);
        // Discord answered one 429 (the injected one): the proxy answered the other process itself,
        // whose post reached Discord only once the limit was over.
        expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(1);
        const second = posts.find((c) => c.path === `/channels/${channel(3)}/messages`);
        expect(second?.at ?? 0).toBeGreaterThanOrEqual(limited.at + retryAfter * 1000 - 50);
      },
      90_000,
    );

    it("a round whose process is SIGKILLed mid-round is revealed by another on time, then goes on; nothing lost or posted twice", async () => {
      const bank = await shippedBankOnce();
      const channelId = channel(1);
      const { command, question } = await startRound(channelId, 2);
      const starter = bots.find((b) => b.shard === command.shard);
      if (!starter) throw new Error(`no bot on shard ${command.shard}`);
      // Three answers acknowledged before the kill: the reveal must count them all.
      const { button: right } = rightButton(question, bank);
      const players = users(fake, 3, "survivor");
      const clicks = players.map((user) =>
        fake.clickButton({ message: question, customId: right.custom_id, user }),
      );
      await Promise.all(clicks.map((c) => c.waitForMessage((m) => (m.content ?? "").length > 0, 30_000)));

      starter.child.kill("SIGKILL");
      await starter.exited;
      await fake.waitUntil(() => !fake.readyShards.includes(starter.shard), 10_000, "the killed shard to go");

      // Revealed when its time is up (it ends SECONDS after it was posted; one question's time of slack).
      const revealed = await revealedEdit(question.id, 2 * SECONDS * 1000);
      const who = revealed.embeds[1]?.fields?.find((f) => f.name.endsWith("got it right"));
      expect(who?.name).toBe("3 of 3 players got it right");
      // The next question comes after the reveal, within one question's time.
      const second = await fake.waitForMessage(
        channelId,
        (m) => m.id !== question.id && answerButtons(m).length > 0,
        (REVEAL_SECONDS + SECONDS) * 1000,
      );
      expect(second.embeds[0]?.title).toBe("Question 2 of 2");
      const final = await fake.waitForMessage(
        channelId,
        (m) => m.embeds[0]?.title === "Final scoreboard",
        (2 * SECONDS + REVEAL_SECONDS) * 1000,
      );
      expect(final.embeds[0]?.title).toBe("Final scoreboard");

      // Each question and the scoreboard were posted once.
      const posted = fake.calls.filter(
        (c) => c.method === "POST" && c.path === `/channels/${channelId}/messages` && c.status < 300,
      );
      const titles = posted.map((c) => {
        const body = c.body as { embeds?: { title?: string }[] } | null;
        return body?.embeds?.[0]?.title ?? "";
      });
      expect(titles.filter((t) => t === "Question 1 of 2")).toHaveLength(1);
      expect(titles.filter((t) => t === "Question 2 of 2")).toHaveLength(1);
      expect(titles.filter((t) => t === "Final scoreboard")).toHaveLength(1);
      const messages: APIMessage[] = [question, second, final];
      expect(new Set(messages.map((m) => m.id)).size).toBe(3);
      expectNoViolations(fake);
    }, 90_000);

    it("no process found a corrupt record or an unhandled rejection in the store on the way", () => {
      for (const bot of [...bots, ...extra]) {
        expect(bot.output(), `the process of shard ${bot.shard}`).not.toContain("a stored record is corrupt");
        expect(bot.output(), `the process of shard ${bot.shard}`).not.toContain(
          "unhandled promise rejection",
        );
      }
    });
  });
}

fleetSuite("Redis", hasRedisServer(), redisStore, { viaRestProxy: true });
fleetSuite("PostgreSQL", postgres?.reachable === true, postgresStore, { viaRestProxy: false });
