/**
 * Assignment deadlines wait on the step queue, like a channel round's next step (issue 27): the
 * results notice outlives the process that scheduled it and is sent once by a fleet.
 *
 * - SQLite (in-process steps): the bot is restarted before the due time; the new process schedules
 *   the notice again from the store, and sends it once when it is due.
 * - Redis (a BullMQ queue every process takes from): two shards' processes; the one that owns the
 *   server schedules the notice and is restarted before the due time (its replacement re-adds the
 *   same step: a no-op). Whichever process is alive when it is due sends it, once.
 *
 * The due time is a day away by the bot's clock, which the test moves on to a few seconds before
 * it. On Redis the step was queued a day out in real time: the queue the bots get shortens each
 * delay by exactly the jump the clock is about to make, as if that day had passed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type APIMessage,
  type APIUser,
  ApplicationCommandOptionType,
  PermissionFlagsBits as P,
  ShardClientUtil,
} from "discord.js";
import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createAppContext } from "../../src/app/context.ts";
import type { StepQueue } from "../../src/app/steps.ts";
import type { Config } from "../../src/config.ts";
import { type DeadlineStep, DeadlineStepSchema } from "../../src/discord/drivers/assignment-deadlines.ts";
import { type RunningBot, startBot } from "../../src/discord/transport/bot.ts";
import { openKeyv } from "../../src/store/open.ts";
import { openStepQueue } from "../../src/store/step-queue.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { shippedBankOnce } from "../helpers/bot.ts";
import { silentLogger } from "../helpers/game.ts";

const DAY = 24 * 60 * 60 * 1000;
/** How far before the due time the test moves the clock: the notice is due this long after. */
const LEAD_MS = 8_000;
const QUIZ_MASTER = P.ViewChannel | P.SendMessages | P.ManageGuild;

const redis = (await testBackends()).find((b) => b.name === "redis");

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The bots' clock: the wall clock, `ahead` on. */
let ahead = 0;
const now = () => Date.now() + ahead;

/** One bot process as far as the bot is concerned: its own store connection, context and queue. */
interface BotProcess {
  readonly keyv: Keyv;
  readonly running: RunningBot;
}

/** Starts a bot on `storeUrl`; `steps` opens its deadline queue (default: timers in the process). */
async function startProcess(
  config: Config,
  namespace: string,
  options: { shards?: number[]; shardCount?: number; steps?: () => Promise<StepQueue<DeadlineStep>> } = {},
): Promise<BotProcess> {
  const keyv = openKeyv(config.storeUrl, { namespace });
  const app = createAppContext({ bank: await shippedBankOnce(), keyv, logger: silentLogger, now });
  const running = await startBot({
    config,
    app,
    commands,
    logger: silentLogger,
    ...(options.shards ? { shards: options.shards, shardCount: options.shardCount ?? 1 } : {}),
    ...(options.steps ? { deadlineSteps: await options.steps() } : {}),
  });
  const bot = { keyv, running };
  cleanups.push(() => stopProcess(bot));
  return bot;
}

const stopped = new WeakSet<BotProcess>();

/** Stops a bot as a restart would (steps, client, store connection); once, whoever asks first. */
async function stopProcess(bot: BotProcess): Promise<void> {
  if (stopped.has(bot)) return;
  stopped.add(bot);
  await bot.running.stop();
  await bot.keyv.disconnect();
}

/** Makes a one-question set named `title` and assigns it, due in a day; returns the assignment's id. */
async function assignForTomorrow(
  fake: FakeDiscord,
  channelId: string,
  teacher: APIUser,
  title: string,
): Promise<string> {
  const bank = await shippedBankOnce();
  const question = bank.questions.find((q) => q.type === "multiple-choice");
  if (!question) throw new Error("no multiple-choice question");
  const T = ApplicationCommandOptionType;
  const set = { name: "set", type: T.String, value: title } as const;
  const run = (
    name: string,
    subcommand: string | undefined,
    options: { name: string; type: ApplicationCommandOptionType.String; value: string }[],
  ) =>
    fake
      .slashCommand({ channelId, user: teacher, name, ...(subcommand ? { subcommand } : {}), options })
      .waitForMessage((m) => m.embeds.length > 0 || (m.content ?? "").length > 0);
  await run("set", "create", [{ ...set, name: "name" }]);
  await run("set", "add", [set, { name: "question", type: T.String, value: question.id }]);
  const reply = await run("assign", undefined, [set, { name: "due", type: T.String, value: "in 1 day" }]);
  const id = /result:([A-Za-z0-9]+)/.exec(reply.content ?? "")?.[1];
  if (!id) throw new Error(`the assignment was refused: ${reply.content}`);
  return id;
}

/** The teacher's "is due" DMs about the assignment named `title`. */
function noticesOf(fake: FakeDiscord, teacher: APIUser, title: string): APIMessage[] {
  return fake
    .messages(fake.dmChannelId(teacher.id))
    .filter((m) => (m.content ?? "").includes("is due") && (m.content ?? "").includes(title));
}

/** Waits until the store says the notice was sent, then checks that it was sent once. */
async function expectOneNotice(
  fake: FakeDiscord,
  teacher: APIUser,
  bots: readonly BotProcess[],
  assignment: { id: string; title: string },
) {
  const { id, title } = assignment;
  await fake.waitUntil(() => noticesOf(fake, teacher, title).length > 0, 30_000, "the results notice");
  // Marked sent right after the DM (a notice is marked only once delivered).
  const app = bots[0]?.running.bot.app;
  let owed = true;
  for (let i = 0; i < 100 && owed && app; i++) {
    owed = (await app.lessons.unnotifiedAssignments()).some((a) => a.id === id);
    if (owed) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(owed).toBe(false);
  for (const bot of bots) {
    // Already sent: a late step (or a test's call) finds nothing owed.
    expect(await bot.running.bot.deadlines.notify(id)).toBe(false);
  }
  // A duplicate step, were there one, would have run by now (each was due at the same time).
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(noticesOf(fake, teacher, title)).toHaveLength(1);
  expect(fake.violations, fake.describeViolations()).toEqual([]);
}

describe("an assignment's results notice on the step queue", () => {
  it("SQLite: a bot restarted before the due time still sends the notice, once", async () => {
    ahead = 0;
    const fake = await FakeDiscord.start({ strictMentions: true });
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(path.join(tmpdir(), "quiz-deadlines-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const config: Config = {
      discordToken: fake.token,
      discordClientId: fake.applicationId,
      discordApiUrl: fake.apiUrl,
      storeUrl: `sqlite://${path.join(dir, "quiz.sqlite")}`,
      logLevel: "silent",
      defaultQuestions: 1,
      defaultSeconds: 30,
      revealSeconds: 2,
      charts: false,
    };
    const guild = fake.guilds[0];
    const channelId = guild?.channels[0]?.id ?? "";
    const teacher = fake.user({ username: "teacher" });
    fake.member(teacher, { guildId: guild?.id ?? "", permissions: QUIZ_MASTER });

    const first = await startProcess(config, "quiz");
    const id = await assignForTomorrow(fake, channelId, teacher, "Homework");
    // A day passes, less LEAD_MS; the first process (its step a timer a day out) stops now.
    ahead = DAY - LEAD_MS;
    await stopProcess(first);
    expect(noticesOf(fake, teacher, "Homework")).toEqual([]);

    const second = await startProcess(config, "quiz");
    // Not due yet when the new process scheduled it from the store.
    expect(noticesOf(fake, teacher, "Homework")).toEqual([]);
    await expectOneNotice(fake, teacher, [second], { id, title: "Homework" });
  }, 60_000);

  it.skipIf(redis?.reachable !== true)(
    "Redis: two processes share the step; the owner restarted before the due time, the notice is sent once",
    async () => {
      ahead = 0;
      /** The clock jump to come: each delay queued before it is shortened by as much. */
      let jump = DAY - LEAD_MS;
      const namespace = testNamespace();
      const fake = await FakeDiscord.start({
        shardCount: 2,
        strictMentions: true,
        guilds: [{ shardId: 0, name: "The class" }],
      });
      cleanups.push(() => fake.close());
      const config: Config = {
        discordToken: fake.token,
        discordClientId: fake.applicationId,
        discordApiUrl: fake.apiUrl,
        storeUrl: redis?.url ?? "",
        logLevel: "silent",
        defaultQuestions: 1,
        defaultSeconds: 30,
        revealSeconds: 2,
        charts: false,
      };
      const guild = fake.guilds[0];
      const guildId = guild?.id ?? "";
      expect(ShardClientUtil.shardIdForGuildId(guildId, 2)).toBe(0);
      const steps = async (): Promise<StepQueue<DeadlineStep>> => {
        const queue = await openStepQueue(config.storeUrl, {
          namespace,
          name: "assignment-deadlines",
          schema: DeadlineStepSchema,
        });
        return {
          distributed: queue.distributed,
          start: (run) => queue.start(run),
          add: (stepId, step, delayMs) => queue.add(stepId, step, Math.max(0, delayMs - jump)),
          remove: (stepId) => queue.remove(stepId),
          close: () => queue.close(),
        };
      };
      const teacher = fake.user({ username: "teacher" });
      fake.member(teacher, { guildId, permissions: QUIZ_MASTER });

      const owner = await startProcess(config, namespace, { shards: [0], shardCount: 2, steps });
      const other = await startProcess(config, namespace, { shards: [1], shardCount: 2, steps });
      await fake.waitForShards();
      const channelId = guild?.channels[0]?.id ?? "";

      // The owner queues the step, then stops for good before the due time. The other process
      // does not own the server (its resume skips it): only the queue can bring the notice to it.
      const first = { id: await assignForTomorrow(fake, channelId, teacher, "Homework"), title: "Homework" };
      ahead += jump;
      jump = 0;
      await stopProcess(owner);
      expect(noticesOf(fake, teacher, first.title)).toEqual([]);
      await expectOneNotice(fake, teacher, [other], first);

      // Again with both alive at the due time: the owner is restarted before it, and its resume
      // re-adds the queued step (a no-op). One of the two sends the notice.
      const restarted = await startProcess(config, namespace, { shards: [0], shardCount: 2, steps });
      await fake.waitForShards();
      jump = DAY - LEAD_MS;
      const second = { id: await assignForTomorrow(fake, channelId, teacher, "Essay"), title: "Essay" };
      ahead += jump;
      jump = 0;
      await stopProcess(restarted);
      const again = await startProcess(config, namespace, { shards: [0], shardCount: 2, steps });
      cleanups.push(() => again.keyv.clear());
      expect(noticesOf(fake, teacher, second.title)).toEqual([]);
      await expectOneNotice(fake, teacher, [again, other], second);
      // The first notice was not sent again by the processes that started since.
      expect(noticesOf(fake, teacher, first.title)).toHaveLength(1);
    },
    90_000,
  );
});
