/**
 * A bad day in production, made for real against the fake Discord: Discord failing the class
 * list at an assignment's due time, across a restart (nothing owed to a teacher is lost); the
 * disk under the SQLite store full for longer than a round's retries (the round still ends, and
 * frees its channel, once space is back).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type APIUser, PermissionFlagsBits as P, ApplicationCommandOptionType as T } from "discord.js";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerButtons, type BotHarness, runCommand, shippedBankOnce, startHarness } from "../helpers/bot.ts";

const QUIZ_MASTER = P.ViewChannel | P.SendMessages | P.ManageGuild;
const DAY = 24 * 60 * 60 * 1000;
const MEMBERS = /^\/guilds\/\d+\/members/;

let h: BotHarness;
/** The game's clock runs ahead of the wall clock by this much (to pass a due time). */
let ahead = 0;

beforeAll(async () => {
  h = await startHarness({ now: () => Date.now() + ahead });
});

afterAll(async () => {
  await h?.close();
});

/** Assigns a one-question set to a role, due in a day; returns the assignment id. */
async function assignToRole(teacher: APIUser, roleId: string): Promise<string> {
  const bank = await shippedBankOnce();
  const question = bank.questions.find((q) => q.type === "multiple-choice")?.id as string;
  const set = { name: "set", type: T.String, value: "Due" } as const;
  await runCommand(h, {
    user: teacher,
    name: "set",
    subcommand: "create",
    options: [{ ...set, name: "name" }],
  });
  await runCommand(h, {
    user: teacher,
    name: "set",
    subcommand: "add",
    options: [set, { name: "question", type: T.String, value: question }],
  });
  const { reply } = await runCommand(h, {
    user: teacher,
    name: "assign",
    options: [
      set,
      { name: "due", type: T.String, value: "in 1 day" },
      { name: "role", type: T.Role, value: roleId },
    ],
  });
  return /result:([A-Za-z0-9]+)/.exec(reply.content ?? "")?.[1] as string;
}

describe("an assignment's results notice on a bad day", () => {
  it("is not lost when the class list fails at the due time, even across a restart, and arrives once", async () => {
    const teacher = h.fake.user({ username: "teacher" });
    h.fake.member(teacher, { guildId: h.guildId, permissions: QUIZ_MASTER });
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
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

/** Mounts a small tmpfs (the test runs as root in CI and here); undefined where mounting is not allowed. */
function smallDisk(megabytes: number): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), "quiz-full-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const disk = smallDisk(16);

describe.skipIf(!disk)("a full disk under the SQLite store", () => {
  const dir = disk as string;
  const logged: string[] = [];
  let full: BotHarness;

  beforeAll(async () => {
    const logger = pino({ level: "warn" }, { write: (line: string) => void logged.push(line) });
    full = await startHarness({
      storeUrl: `sqlite://${path.join(dir, "quiz.sqlite")}`,
      logger,
      config: { charts: false },
      // The round's ten attempts in about a second instead of two and a half minutes.
      roundStepRetryMs: [20, 40, 60, 80, 100, 150],
    });
  });

  afterAll(async () => {
    await full?.close();
    execFileSync("umount", [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

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

    // Fill the disk: a file as large as the free space (the last bytes up to ENOSPC).
    const filler = path.join(dir, "filler");
    const free = () => {
      const stats = statfsSync(dir);
      return stats.bavail * stats.bsize;
    };
    try {
      writeFileSync(filler, Buffer.alloc(free()));
    } catch {
      // ENOSPC: full, as wanted.
    }
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
});
