/**
 * A bad day in production, made for real against the fake Discord: Discord failing the class
 * list at an assignment's due time, across a restart (nothing owed to a teacher is lost); the
 * disk under the SQLite store full for longer than a round's retries (the round still ends, and
 * frees its channel, once space is back).
 */
import { execFileSync } from "node:child_process";
import { rmSync, statfsSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type APIUser, ApplicationCommandOptionType as T } from "discord.js";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerButtons,
  answersLocked,
  assignOneQuestion,
  type BotHarness,
  runCommand,
  startHarness,
} from "../helpers/bot.ts";
import { asQuizMaster, expectNoViolations, useHarness } from "../helpers/harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const DAY = 24 * 60 * 60 * 1000;
const MEMBERS = /^\/guilds\/\d+\/members/;

/** The game's clock runs ahead of the wall clock by this much (to pass a due time). */
let ahead = 0;

const h = useHarness({ now: () => Date.now() + ahead });

/** Assigns a one-question set to a role, due in a day; returns the assignment id. */
async function assignToRole(teacher: APIUser, roleId: string): Promise<string> {
  const { assignmentId } = await assignOneQuestion(h, teacher, { name: "Due", due: "in 1 day", roleId });
  if (!assignmentId) throw new Error("the assignment was refused");
  return assignmentId;
}

describe("an assignment's results notice on a bad day", () => {
  it("is not lost when the class list fails at the due time, even across a restart, and arrives once", async () => {
    const teacher = h.fake.user({ username: "teacher" });
    asQuizMaster(h, teacher);
    const assignmentId = await assignToRole(teacher, "1234567890123456789");
    const dms = () =>
      h.fake.messages(h.fake.dmChannelId(teacher.id)).filter((m) => (m.content ?? "").includes("is due"));
    const failedListings = () =>
      h.fake.calls.filter((c) => c.injected && c.method === "GET" && MEMBERS.test(c.path)).length;

    ahead = DAY + 60_000;
    h.fake.failNext({ method: "GET", route: MEMBERS, status: 500, times: 10_000 });
    expect(await h.running.bot.deadlines.notify(assignmentId)).toBe(false);
    expect((await h.game.lessons.unnotifiedAssignments()).map((a) => a.id)).toContain(assignmentId);

    // Restarted while Discord still fails: the new process tries again on its own.
    const before = failedListings();
    await h.restart();
    await h.fake.waitUntil(() => failedListings() > before, 10_000, "a new attempt after the restart");
    expect(dms()).toEqual([]);

    h.fake.clearFaults();
    await h.running.bot.deadlines.notify(assignmentId);
    await h.fake.waitUntil(() => dms().length > 0, 15_000, "the results notice");
    // Marked sent once delivered (right after the DM): then no attempt sends it again.
    let owed = true;
    for (let i = 0; i < 100 && owed; i++) {
      owed = (await h.game.lessons.unnotifiedAssignments()).some((a) => a.id === assignmentId);
      if (owed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(owed).toBe(false);
    expect(await h.running.bot.deadlines.notify(assignmentId)).toBe(false);
    expect(dms()).toHaveLength(1);
    expectNoViolations(h);
  });
});

/** Mounts a small tmpfs (the test runs as root in CI and here); undefined where mounting is not allowed. */
function smallDisk(megabytes: number): string | undefined {
  const dir = tempDir("quiz-full-disk-");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const disk = smallDisk(16);

/** Checks `condition` every 50 ms until it holds (for conditions on the store, read asynchronously). */
async function poll(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Fills a disk: a file as large as its free space (the last bytes up to ENOSPC); returns its path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, "filler");
  const stats = statfsSync(dir);
  try {
    writeFileSync(filler, Buffer.alloc(stats.bavail * stats.bsize));
  } catch {
    // ENOSPC: full, as wanted.
  }
  return filler;
}

describe.skipIf(!disk)("a full disk under the SQLite store", () => {
  const dir = disk as string;
  const logged: string[] = [];
  let full: BotHarness;

  beforeAll(async () => {
    const logger = pino(
      { level: process.env.LOG_LEVEL ?? "warn" },
      {
        write: (line: string) => {
          logged.push(line);
          if (process.env.LOG_LEVEL === "debug") process.stderr.write(line);
        },
      },
    );
    full = await startHarness({
      storeUrl: `sqlite://${path.join(dir, "quiz.sqlite")}`,
      logger,
      config: { charts: false },
      fake: { guilds: [{ channels: [{ name: "quiz-1" }, { name: "quiz-2" }] }] },
      // The round's ten attempts in about a second instead of two and a half minutes.
      roundStepRetryMs: [20, 40, 60, 80, 100, 150],
    });
  });

  afterAll(async () => {
    await full?.close();
    execFileSync("umount", [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a one-question channel round in a channel, and checks that it started. */
  async function startOneQuestionRound(user: APIUser, channelId: string): Promise<void> {
    const { reply } = await runCommand(full, {
      user,
      channelId,
      name: "quiz",
      subcommand: "channel",
      options: [{ name: "questions", type: T.Integer, value: 1 }],
    });
    expect(reply.content).toContain("has started");
  }

  it("tells players their answer was not recorded while the disk is full, and takes it once space is back", async () => {
    const host = full.fake.user({ username: "host" });
    await runCommand(
      full,
      {
        user: host,
        name: "quiz",
        subcommand: "channel",
        options: [{ name: "questions", type: T.Integer, value: 1 }],
      },
      (m) => (m.content ?? "").includes("has started"),
    );
    const question = await full.fake.waitForMessage(full.channelId, (m) => answerButtons(m).length > 0);
    const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] as string;

    const filler = fillDisk(dir);
    const player = full.fake.user({ username: "player" });
    const click = full.fake.clickButton({
      message: question,
      customId: answerButtons(question)[0]?.custom_id as string,
      user: player,
    });
    const told = await click.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(told.content).toContain("was NOT recorded");

    // Space back: the same click is taken (nothing of the failed one was kept).
    unlinkSync(filler);
    const retried = full.fake.clickButton({
      message: question,
      customId: answerButtons(question)[0]?.custom_id as string,
      user: player,
    });
    const taken = await retried.waitForMessage((m) => (m.content ?? "").length > 0, 10_000);
    expect(taken.content).toContain("is in");
    expect(Object.keys((await full.game.sessions.get(sessionId))?.answers ?? {})).toEqual([player.id]);
  }, 60_000);

  it("ends a round whose steps fail past their retries once space is back, and frees its channel", async () => {
    const host = full.fake.user({ username: "host2" });
    // Another channel than the first case's (whose round may still be running).
    const channelId = full.fake.guilds[0]?.channels[1]?.id as string;
    await startOneQuestionRound(host, channelId);
    const question = await full.fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0);
    const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] as string;

    const filler = fillDisk(dir);
    const endFailures = () => logged.filter((l) => /could not end a (failing )?channel round/.test(l)).length;
    // Time is up now: the close step fails on the full disk, is retried ten times, then ending the
    // round fails too, and it is picked up again and again: held past all of that.
    expect(await full.running.bot.rounds.runNextStepNow(sessionId)).toBe(true);
    await full.fake.waitUntil(
      () => endFailures() >= 3,
      20_000,
      "the round picked up again after its retries",
    );
    expect((await full.game.sessions.get(sessionId))?.phase).toBe("asking");

    unlinkSync(filler);
    await poll(
      async () => (await full.game.sessions.get(sessionId))?.phase !== "asking",
      20_000,
      "the round moving on once space is back",
    );
    // The question closes (revealed, or ended as failed with its starter told), and the channel is free.
    await full.fake.waitUntil(
      () => answersLocked(full.fake.message(question.id)),
      20_000,
      "the question closed",
    );
    expect(JSON.stringify(full.fake.message(question.id))).toContain("The round had to end early.");
    await full.fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard", 10_000);
    await poll(
      async () => (await full.game.sessions.inChannel(full.guildId, channelId)) === undefined,
      30_000,
      "the channel freed",
    );
    await startOneQuestionRound(host, channelId);
    // Its starter was told why the round ended.
    const dm = full.fake.messages(full.fake.dmChannelId(host.id)).map((m) => m.content ?? "");
    expect(dm.some((text) => text.includes("had to stop"))).toBe(true);
    expectNoViolations(full);
  }, 90_000);

  it("lets a quiz master's /quiz stop free the channel while the disk is full: stopped once space is back", async () => {
    // The round the previous case started in this channel is running.
    const channelId = full.fake.guilds[0]?.channels[1]?.id as string;
    const running = await full.game.sessions.inChannel(full.guildId, channelId);
    expect(running?.phase).toBe("asking");
    const question = await full.fake.waitForMessage(
      channelId,
      (m) => answerButtons(m)[0]?.custom_id.includes(running?.id as string) ?? false,
    );
    const master = full.fake.user({ username: "master" });
    asQuizMaster(full, master);
    const stop = { user: master, channelId, name: "quiz", subcommand: "stop" } as const;

    const filler = fillDisk(dir);
    const duringFault = await runCommand(full, stop);
    expect(duringFault.reply.flags).toBeTruthy();
    if (full.running.interactionsPort === undefined) {
      // Over the gateway the stop is taken now and saved once the store can.
      expect(duringFault.reply.content).toContain("could not be stopped yet");
      unlinkSync(filler);
    } else {
      // Over HTTP not even the delivery's id can be recorded, so nothing may act on it (it could
      // be a replay): the quiz master is told so, and the same stop works once space is back.
      expect(duringFault.reply.content).toContain("was NOT recorded");
      unlinkSync(filler);
      expect((await runCommand(full, stop)).reply.content).toContain("The round is stopped");
    }
    await poll(
      async () => (await full.game.sessions.inChannel(full.guildId, channelId)) === undefined,
      20_000,
      "the channel freed once space is back",
    );
    expect((await full.game.sessions.get(running?.id as string))?.endedReason).toBe("stopped");
    await full.fake.waitUntil(
      () => answersLocked(full.fake.message(question.id)),
      10_000,
      "the stopped round's question closed",
    );
    const after = await runCommand(full, stop);
    expect(after.reply.content).toContain("No round is running");
    await startOneQuestionRound(master, channelId);
    expectNoViolations(full);
  }, 60_000);

  it("never holds a channel for a round whose record is damaged: /quiz stop says so, and a new round starts", async () => {
    // The round the previous case started in this channel is running; its record is then damaged.
    const channelId = full.fake.guilds[0]?.channels[1]?.id as string;
    const running = await full.game.sessions.inChannel(full.guildId, channelId);
    expect(running?.phase).toBe("asking");
    await full.keyv.set(`session:${running?.id}`, { damaged: true });
    // A restart, so that the round is read from the store (a running bot still has it in memory,
    // and would stop it from there).
    await full.restart();
    const master = full.fake.user({ username: "master2" });
    asQuizMaster(full, master);

    const stopped = await runCommand(full, { user: master, channelId, name: "quiz", subcommand: "stop" });
    expect(stopped.reply.content).toContain("cannot be read");
    await startOneQuestionRound(master, channelId);
    expectNoViolations(full);
  }, 30_000);
});
