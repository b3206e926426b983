/**
 * Faults, end to end through the fake Discord: the store unreachable for a while, the bot killed
 * mid-round, Discord answering 429 and 5xx, the bot losing its permission in a round's channel,
 * and two rounds started in one channel at once. In each, no recorded answer may be lost, no
 * player may see "This interaction failed" (the fake records a violation when the bot misses the
 * 3-second deadline), and nothing may stay stuck. The numbers each test measures are printed
 * (`[faults] ...`) and reported in the README's Reliability section.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { APIMessage, APIUser } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createAppContext } from "../../src/app/context.ts";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord, type InteractionHandle } from "../fake-discord/index.ts";
import {
  answerButtons,
  type BotHarness,
  buttonsOf,
  defaultTransport,
  optionsOf,
  quizCommand,
  rightButton,
  shippedBankOnce,
  startChannelRound,
  users,
} from "../helpers/bot.ts";
import { silentLogger } from "../helpers/game.ts";
import { expectNoViolations, startTestHarness } from "../helpers/harness.ts";
import { hasRedisServer, startThrowawayRedis, type ThrowawayRedis } from "../helpers/redis-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** Whether this is the HTTP run of the end-to-end suite (vitest project "http"). */
const httpRun = defaultTransport() === "http";

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Prints a fault's numbers (the README's Reliability section quotes them). */
function report(fault: string, numbers: Record<string, number | string>) {
  console.info(`[faults] ${fault}: ${JSON.stringify(numbers)}`);
}

const startRound = (
  h: BotHarness,
  host: APIUser,
  options: { questions?: number; seconds?: number; channelId?: string } = {},
) => startChannelRound(h, { host, ...options });

const text = (m: APIMessage) => m.content ?? "";
const isIn = (m: APIMessage) => text(m).includes("is in");
const unreachable = (m: APIMessage) => text(m).includes("not answering");

/** Waits until an async check holds (re-checked every 20 ms). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectClean(h: { fake: FakeDiscord }) {
  expectNoViolations(h);
  expect(h.fake.stillThinking()).toEqual([]);
}

describe.skipIf(!hasRedisServer())("the store is unreachable for a while (Redis paused)", () => {
  it("tells players clearly, loses nothing recorded, and recovers by itself", async () => {
    const server: ThrowawayRedis = await startThrowawayRedis();
    cleanups.push(() => server.stop());
    const h = await startTestHarness({ storeUrl: server.url });
    const bank = await shippedBankOnce();
    const { question, sessionId } = await startRound(h, h.fake.user({ username: "host" }));
    const { button: right } = rightButton(question, bank);
    const click = (user: APIUser) =>
      h.fake.clickButton({ message: question, customId: right.custom_id, user });

    // Four players answer while the store is up.
    const before = users(h.fake, 4, "before");
    await Promise.all(before.map((u) => click(u).waitForMessage(isIn)));

    // The store stops answering (the process is stopped: its data and connections stay).
    server.pause();
    const during = users(h.fake, 3, "during");
    const duringClicks = during.map(click);
    const solo = quizCommand(h, during[0] as APIUser, "solo");
    const told = await Promise.all([...duringClicks, solo].map((c) => c.waitForMessage(unreachable, 15_000)));
    for (const [i, message] of told.entries()) {
      expect(message.content).toMatch(/try again in a moment.*reference `[A-Z0-9]{8}`/);
      expect([...duringClicks, solo][i]?.isEphemeral(message)).toBe(true);
    }

    // The store answers again: the same players click again, and now their answers are in.
    server.resume();
    await Promise.all(during.map((u) => click(u).waitForMessage(isIn)));

    // The store stops once more just as time is up: the round's step fails, and is tried again
    // by itself once the store is back; the reveal then shows every answer.
    server.pause();
    expect(await h.running.bot.rounds.runNextStepNow(sessionId)).toBe(true);
    server.resume();
    const revealed = await h.fake.waitForEdit(
      question.id,
      (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5,
      15_000,
    );
    const everyone = [...before, ...during];
    expect(revealed.embeds[1]?.fields?.[4]?.name).toContain(`${everyone.length} of ${everyone.length}`);
    const state = await h.game.sessions.get(sessionId);
    expect(Object.keys(state?.answers ?? {}).sort()).toEqual(everyone.map((u) => u.id).sort());
    let counted = 0;
    for (const u of everyone) {
      const record = await h.game.scores.get(h.guildId, u.id);
      expect(record?.answered).toBe(1);
      counted += record?.answered ?? 0;
    }

    // And the round goes on: the next question is posted, and a click there counts.
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const second = await h.fake.waitForMessage(
      h.channelId,
      (m) => m.id !== question.id && answerButtons(m).length > 0,
    );
    const later = h.fake.user({ username: "later" });
    const laterButton = answerButtons(second)[0];
    if (!laterButton) throw new Error("no buttons on the second question");
    await h.fake
      .clickButton({ message: second, customId: laterButton.custom_id, user: later })
      .waitForMessage(isIn);
    expect((await h.game.scores.get(h.guildId, later.id))?.answered).toBe(1);
    expectClean(h);
    report("store unreachable", {
      clicksSent: before.length + 2 * during.length + 1,
      acknowledged: before.length + during.length + 1,
      toldUnreachable: told.length,
      playersCounted: counted + 1,
      roundStepRetried: "yes",
    });
  }, 60_000);

  it("starts and stays online while the store is down, and works once it is back", async () => {
    const server: ThrowawayRedis = await startThrowawayRedis();
    cleanups.push(() => server.stop());
    server.pause();
    // Resuming the channel rounds fails at start-up: the bot logs in all the same (exiting would
    // make a supervisor restart it in a loop, each time a new IDENTIFY against Discord's limit).
    const h = await startTestHarness({ storeUrl: server.url });
    const player = h.fake.user({ username: "early" });
    const refused = quizCommand(h, player, "solo");
    expect(text(await refused.waitForMessage(unreachable, 10_000))).toContain("try again in a moment");
    server.resume();
    const solo = quizCommand(h, player, "solo");
    await solo.waitForMessage((m) => answerButtons(m).length > 0, 10_000);
    expectClean(h);
  }, 30_000);
});

// Its bot process is spawned without the harness, on the gateway: on the HTTP run of the suite it
// would repeat the gateway case unchanged (13 s), so it runs once.
describe.skipIf(httpRun)("the bot process is killed (SIGKILL) in the middle of a channel round", () => {
  it("counts every answer acknowledged before the kill, and the restarted bot finishes the round", async () => {
    const fake = await FakeDiscord.start({ strictMentions: true });
    cleanups.push(() => fake.close());
    const storeUrl = `sqlite://${path.join(tempDir("quiz-kill-"), "quiz.sqlite")}`;
    const children: ChildProcess[] = [];
    let logs = "";
    cleanups.push(async () => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    const startProcess = () => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        env: {
          ...process.env,
          DISCORD_TOKEN: fake.token,
          DISCORD_API_URL: fake.apiUrl,
          STORE_URL: storeUrl,
          LOG_LEVEL: "warn",
          QUIZ_REVEAL_SECONDS: "2",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", (chunk) => {
        logs += String(chunk);
      });
      child.stderr?.on("data", (chunk) => {
        logs += String(chunk);
      });
      children.push(child);
      return child;
    };
    const channelId = fake.guilds[0]?.channels[0]?.id ?? "";
    const guildId = fake.guilds[0]?.id ?? "";

    const first = startProcess();
    await fake.waitForShards(30_000);
    const host = fake.user({ username: "host" });
    const start = fake.slashCommand({
      channelId,
      user: host,
      name: "quiz",
      subcommand: "channel",
      options: optionsOf({ questions: 1, seconds: 10 }),
    });
    await start.waitForMessage((m) => text(m).includes("has started"), 10_000);
    const question = await fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0);
    const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
    const buttons = answerButtons(question);

    // Six players answer and are told their answer is in...
    const acknowledged = users(fake, 6, "acked");
    await Promise.all(
      acknowledged.map((user, i) =>
        fake
          .clickButton({ message: question, customId: buttons[i % buttons.length]?.custom_id ?? "", user })
          .waitForMessage(isIn, 10_000),
      ),
    );
    // ...three more click, and the process is killed while their clicks are on the way.
    const inFlight = users(fake, 3, "inflight");
    const inFlightClicks: InteractionHandle[] = inFlight.map((user) =>
      fake.clickButton({ message: question, customId: buttons[0]?.custom_id ?? "", user }),
    );
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    await fake.waitUntil(() => fake.readyShards.length === 0, 10_000, "the killed bot's shard to go away");

    // What the store holds at the moment of the kill (nothing else writes it now).
    const atKill = openKeyv(storeUrl);
    const game = createAppContext({ bank: await shippedBankOnce(), keyv: atKill, logger: silentLogger });
    const session = await game.sessions.get(sessionId);
    const inSession = new Set(Object.keys(session?.answers ?? {}));
    for (const user of acknowledged) {
      expect((await game.scores.get(guildId, user.id))?.answered).toBe(1);
      expect(inSession.has(user.id)).toBe(true);
    }
    let inFlightCounted = 0;
    for (const user of inFlight) {
      // An answer in flight is either wholly there (score and session together) or not at all.
      const answered = (await game.scores.get(guildId, user.id))?.answered ?? 0;
      expect(answered === 1).toBe(inSession.has(user.id));
      inFlightCounted += answered;
    }
    await atKill.disconnect();

    // The bot is started again: it resumes the round, takes a late answer, and closes the
    // question at its time with the reveal, then posts the final scoreboard.
    startProcess();
    await fake.waitForShards(30_000);
    const late = fake.user({ username: "late" });
    await fake
      .clickButton({ message: question, customId: buttons[1]?.custom_id ?? "", user: late })
      .waitForMessage(isIn, 10_000);
    const revealed = await fake.waitForEdit(
      question.id,
      (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5,
      20_000,
    );
    const expected = acknowledged.length + inFlightCounted + 1;
    expect(revealed.embeds[1]?.fields?.[4]?.name, logs).toMatch(new RegExp(`of ${expected} player`));
    await fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard", 10_000);

    // A click on its way when the process died may have been deferred but never answered (the
    // player saw it fail, or "thinking" stay); one that was told "is in" is counted.
    const inFlightAcknowledged = inFlightClicks.filter((c) => c.messages().some(isIn));
    expect(inFlightAcknowledged.length).toBeLessThanOrEqual(inFlightCounted);
    // Only the clicks that were on their way when the process died went unanswered.
    const inFlightIds = new Set(inFlightClicks.map((c) => c.id));
    const others = fake.violations.filter((v) => !v.interactionId || !inFlightIds.has(v.interactionId));
    expect(others, fake.describeViolations()).toEqual([]);
    report("process killed", {
      answersSent: acknowledged.length + inFlight.length + 1,
      acknowledgedBeforeKill: acknowledged.length,
      countedAfterRestart: expected,
      inFlightAtKill: inFlight.length,
      inFlightCounted,
      inFlightAcknowledged: inFlightAcknowledged.length,
    });
  }, 60_000);
});

// Over HTTP the initial responses ride in the HTTP answers, not REST: the callback faults injected
// here would never fire, so this runs on the gateway only (the other faults run on both transports).
describe.skipIf(httpRun)("Discord answers 429 and 5xx", () => {
  it("retries as discord.js allows, and each player still gets the result", async () => {
    const h = await startTestHarness();
    const bank = await shippedBankOnce();
    const player = h.fake.user({ username: "solo" });
    const callback = /^\/interactions\/\d+\/[^/]+\/callback$/;
    const original = /^\/webhooks\/\d+\/[^/]+\/messages\/(@|%40)original$/;

    // A solo quiz: the first defer is rate limited (429), the question's edit fails twice (500, 502).
    h.fake.failNext({ route: callback, status: 429, retryAfter: 0.2 });
    h.fake.failNext({ method: "PATCH", route: original, status: 500 });
    h.fake.failNext({ method: "PATCH", route: original, status: 502 });
    const start = quizCommand(h, player, "solo");
    const asked = await start.waitForMessage((m) => answerButtons(m).length > 0);
    // The answer's defer meets a global rate limit, its reveal a 503.
    h.fake.failNext({ route: /.*/, status: 429, global: true, retryAfter: 0.2 });
    h.fake.failNext({ method: "PATCH", route: original, status: 503 });
    const { button } = rightButton(asked, bank);
    h.fake.clickButton({ message: asked, customId: button.custom_id, user: player });
    await h.fake.waitForEdit(asked.id, (m) => (m.embeds[1]?.title ?? "").startsWith("✅"));
    expect((await h.game.scores.get(h.guildId, player.id))?.answered).toBe(1);

    // A channel round: its question is posted after two 502s; its reveal fails more often than
    // discord.js retries (4 times 500), so the round's own retry shows it a moment later.
    h.fake.failNext({ method: "POST", route: /^\/channels\/\d+\/messages$/, status: 502, times: 2 });
    const { question, sessionId } = await startRound(h, h.fake.user({ username: "host" }));
    const players = users(h.fake, 5, "p");
    const { button: right } = rightButton(question, bank);
    h.fake.failNext({ route: callback, status: 429, retryAfter: 0.1, times: 2 });
    await Promise.all(
      players.map((user) =>
        h.fake.clickButton({ message: question, customId: right.custom_id, user }).waitForMessage(isIn),
      ),
    );
    h.fake.failNext({ method: "PATCH", route: /^\/channels\/\d+\/messages\/\d+$/, status: 500, times: 4 });
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await h.fake.waitForEdit(
      question.id,
      (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5,
      10_000,
    );
    expect(revealed.embeds[1]?.fields?.[4]?.name).toContain("5 of 5");
    for (const user of players) expect((await h.game.scores.get(h.guildId, user.id))?.correct).toBe(1);

    const injected = h.fake.calls.filter((c) => c.injected);
    expect(injected.length).toBe(3 + 2 + 2 + 2 + 4);
    expectClean(h);
    report("429 and 5xx", {
      faultsInjected: injected.length,
      rateLimited: injected.filter((c) => c.status === 429).length,
      serverErrors: injected.filter((c) => c.status >= 500).length,
      answersSent: players.length + 1,
      acknowledged: players.length + 1,
      counted: players.length + 1,
    });
  });
});

describe("the bot loses its permission to post in a running round's channel", () => {
  it("ends the round as failed, tells whoever started it, and lets a new round start once fixed", async () => {
    const h = await startTestHarness({
      fake: { guilds: [{ channels: [{ name: "quiz" }, { name: "other" }] }] },
    });
    const host = h.fake.user({ username: "host" });
    const { question, sessionId } = await startRound(h, host);
    const players = users(h.fake, 3, "p");
    const button = answerButtons(question)[0];
    if (!button) throw new Error("no buttons");
    await Promise.all(
      players.map((user) =>
        h.fake.clickButton({ message: question, customId: button.custom_id, user }).waitForMessage(isIn),
      ),
    );
    // While the round runs, a second one in the same channel is refused.
    const second = quizCommand(h, players[0] as APIUser, "channel");
    expect(text(await second.waitForMessage((m) => text(m).length > 0))).toContain("already running");

    h.fake.denyPermission(h.channelId, "SEND_MESSAGES");
    // Time is up: the reveal is an edit (still allowed); the next question cannot be posted.
    await h.running.bot.rounds.runNextStepNow(sessionId);
    await h.fake.waitForEdit(question.id, (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5);
    await h.running.bot.rounds.runNextStepNow(sessionId);
    await eventually(
      async () => (await h.game.sessions.get(sessionId))?.phase === "finished",
      "the round to end",
    );
    expect((await h.game.sessions.get(sessionId))?.endedReason).toBe("failed");
    expect(await h.running.bot.rounds.runNextStepNow(sessionId)).toBe(false);
    // The host is told by DM why the round ended; the points already scored are kept.
    const dm = await h.fake.waitForMessage(h.fake.dmChannelId(host.id), (m) => text(m).includes("has ended"));
    expect(dm.content).toContain("no longer allowed to post");
    expect(dm.content).toContain(`<#${h.channelId}>`);
    for (const user of players) expect((await h.game.scores.get(h.guildId, user.id))?.answered).toBe(1);

    // No round is left holding the channel: a new one is tried; while the permission is missing
    // its starter is told at once which one (before anything is saved), and nothing stays claimed.
    const retry = quizCommand(h, host, "channel");
    expect(text(await retry.waitForMessage((m) => text(m).length > 0))).toContain(
      "I cannot post here: this channel does not give me **Send Messages**",
    );
    expect(await h.game.sessions.inChannel(h.guildId, h.channelId)).toBeUndefined();
    h.fake.allowPermission(h.channelId, "SEND_MESSAGES");
    const fixed = await startRound(h, host, { questions: 1 });
    expect(fixed.sessionId).not.toBe(sessionId);
    expect(h.fake.messages(h.fake.dmChannelId(host.id))).toHaveLength(1);

    // A host who does not accept DMs finds the notice at their next command instead.
    const shy = h.fake.user({ username: "shy" });
    h.fake.blockDMs(shy.id);
    const otherChannel = h.fake.guilds[0]?.channels[1]?.id ?? "";
    const other = await startRound(h, shy, { channelId: otherChannel });
    h.fake.denyPermission(otherChannel, "VIEW_CHANNEL");
    await h.running.bot.rounds.runNextStepNow(other.sessionId);
    await eventually(
      async () => (await h.game.sessions.get(other.sessionId))?.phase === "finished",
      "the other round to end",
    );
    const help = h.fake.slashCommand({ channelId: h.channelId, user: shy, name: "help" });
    const notice = await help.waitForMessage((m) => text(m).includes("📬"));
    expect(notice.content).toContain("has ended");
    expect(help.isEphemeral(notice)).toBe(true);
    expectClean(h);
    report("permission lost", {
      answersBefore: players.length,
      countedAfter: players.length,
      starterToldByDM: 1,
      starterToldAtNextCommand: 1,
    });
  });
});

describe("two channel rounds started in the same channel at the same moment", () => {
  it("starts exactly one", async () => {
    const h = await startTestHarness();
    const starters = users(h.fake, 5, "starter");
    const handles = starters.map((user) =>
      h.fake.slashCommand({ channelId: h.channelId, user, name: "quiz", subcommand: "channel" }),
    );
    const replies = await Promise.all(handles.map((c) => c.waitForMessage((m) => text(m).length > 0)));
    expect(replies.filter((m) => text(m).includes("has started"))).toHaveLength(1);
    expect(replies.filter((m) => text(m).includes("already running"))).toHaveLength(4);
    expect(h.fake.messages(h.channelId).filter((m) => buttonsOf(m).length > 0)).toHaveLength(1);
    expectClean(h);
    report("simultaneous starts", { started: 1, refused: 4 });
  });
});
