import { type APIMessage, PermissionFlagsBits as P } from "discord.js";
import pino from "pino";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  answerButtons,
  type BotHarness,
  rightButton,
  runCommand,
  shippedBankOnce,
  startChannelRound,
} from "../helpers/bot.ts";
import { expectNoViolations, useHarness } from "../helpers/harness.ts";

const h = useHarness();
/** A second bot whose chart renderer always fails, with its error logs kept. */
const brokenLogs: { msg?: string; chart?: string }[] = [];
const broken = useHarness({
  logger: pino({ level: "error" }, { write: (line: string) => void brokenLogs.push(JSON.parse(line)) }),
  charts: async () => {
    throw new Error("the renderer is broken");
  },
});

const startRound = (harness: BotHarness, questions: number) => startChannelRound(harness, { questions });

/** Clicks the right (or a wrong) answer for each player and waits until every click is acknowledged. */
async function answerAll(
  harness: BotHarness,
  question: APIMessage,
  picks: { user: { id: string }; right: boolean }[],
) {
  const { button: right } = rightButton(question, await shippedBankOnce());
  const wrong = answerButtons(question).find((b) => b.custom_id !== right.custom_id);
  if (!wrong) throw new Error("no wrong option");
  const clicks = picks.map(({ user, right: isRight }) =>
    harness.fake.clickButton({
      message: question,
      customId: (isRight ? right : wrong).custom_id,
      user: user as never,
    }),
  );
  await Promise.all(clicks.map((c) => c.waitForMessage((m) => (m.content ?? "").includes("is in"))));
}

/** The PNG uploaded under `name` in the last request that carried it, decoded. */
function lastUpload(harness: BotHarness, name: string): PNG {
  const file = harness.fake.calls
    .flatMap((c) => c.files)
    .filter((f) => f.name === name)
    .at(-1);
  if (!file) throw new Error(`no ${name} was uploaded`);
  expect(file.contentType).toBe("image/png");
  return PNG.sync.read(file.data);
}

describe("charts on the bot's messages", () => {
  it("a channel reveal carries the picks chart, the picks in text, and each right player's points with the streak", async () => {
    const { question, sessionId } = await startRound(h, 2);
    const [alice, bob, carol] = ["alice", "bob", "carol"].map((username) => h.fake.user({ username }));
    if (!alice || !bob || !carol) throw new Error("no users");
    await answerAll(h, question, [
      { user: alice, right: true },
      { user: bob, right: true },
      { user: carol, right: false },
    ]);
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await h.fake.waitForEdit(question.id, (m) => m.attachments.length > 0);
    expect(revealed.embeds[1]?.image?.url).toBe("attachment://picks.png");
    expect(revealed.embeds[1]?.fields?.[3]?.value).toMatch(/✓: 2$/m);
    const png = lastUpload(h, "picks.png");
    expect([png.width, png.height]).toEqual([800, 450]);

    // The second round: alice is right again, so her streak (2 in a row) shows in the channel.
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const second = await h.fake.waitForMessage(
      h.channelId,
      (m) => m.id !== question.id && answerButtons(m).length > 0,
    );
    await answerAll(h, second, [
      { user: alice, right: true },
      { user: bob, right: false },
    ]);
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const again = await h.fake.waitForEdit(second.id, (m) => m.attachments.length > 0);
    const right = again.embeds[1]?.fields?.[4]?.value ?? "";
    expect(right).toMatch(
      new RegExp(`^<@${alice.id}> \\+\\d+ = \\d+ (easy|medium|hard) \\+ 5 streak \\(2 in a row\\)`),
    );

    // The final scoreboard: right answers out of the questions asked, beside the points.
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const final = await h.fake.waitForMessage(h.channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    expect(final.embeds[0]?.fields?.[0]?.value).toMatch(
      new RegExp(`<@${alice.id}>: \\d+ points \\(2 of 2 right\\)`),
    );
    expect(final.embeds[0]?.fields?.[0]?.value).toMatch(
      new RegExp(`<@${carol.id}>: 0 points \\(0 of 2 right\\)`),
    );

    // /stats, /leaderboard and /quiz report carry their charts too.
    const { reply: stats } = await runCommand(h, { user: alice, name: "stats" });
    expect(stats.attachments.map((a) => a.filename).sort()).toEqual([
      "accuracy-sources.png",
      "weekly-points.png",
    ]);
    expect(stats.embeds[0]?.image?.url).toBe("attachment://accuracy-sources.png");
    expect(stats.embeds[1]?.image?.url).toBe("attachment://weekly-points.png");
    const { reply: board } = await runCommand(h, { user: bob, name: "leaderboard" });
    expect(board.attachments.map((a) => a.filename)).toEqual(["leaderboard.png"]);
    expect(board.embeds[0]?.description).toContain(`<@${alice.id}>`);
    expect(lastUpload(h, "leaderboard.png").width).toBe(800);
    const { reply: report } = await runCommand(h, {
      user: h.fake.user({ username: "teacher" }),
      memberPermissions: P.ViewChannel | P.SendMessages | P.ManageGuild,
      name: "quiz",
      subcommand: "report",
    });
    expect(report.attachments.map((a) => a.filename).sort()).toEqual([
      "class-questions.png",
      "class-sources.png",
      `quiz-results-${h.guildId}.csv`,
    ]);
    expectNoViolations(h);
  });

  it("a solo reveal breaks the points down", async () => {
    const player = h.fake.user({ username: "solo" });
    const { reply: asked } = await runCommand(
      h,
      { user: player, name: "quiz", subcommand: "solo" },
      (m) => answerButtons(m).length > 0,
    );
    const { button } = rightButton(asked, await shippedBankOnce());
    h.fake.clickButton({ message: asked, customId: button.custom_id, user: player });
    const revealed = await h.fake.waitForEdit(asked.id, (m) => m.embeds.length === 2);
    expect(revealed.embeds[1]?.footer?.text).toMatch(/^\+(10|20|30) points = (10 easy|20 medium|30 hard)/);
  });

  it("when a chart fails to draw, the reveal goes out with all its text, and the failure is logged", async () => {
    const { question, sessionId } = await startRound(broken, 1);
    const player = broken.fake.user({ username: "dana" });
    await answerAll(broken, question, [{ user: player, right: true }]);
    await broken.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await broken.fake.waitForEdit(
      question.id,
      (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5,
    );
    expect(revealed.attachments).toEqual([]);
    expect(revealed.embeds[1]?.image).toBeUndefined();
    expect(revealed.embeds[1]?.fields?.[3]?.value).toMatch(/✓: 1$/m);
    expect(revealed.embeds[1]?.fields?.[4]?.name).toBe("1 of 1 player got it right");
    expect(brokenLogs).toContainEqual(
      expect.objectContaining({ msg: "could not draw a chart: sending the text alone", chart: "picks.png" }),
    );
    const { reply: stats } = await runCommand(broken, { user: player, name: "stats" });
    expect(stats.embeds[0]?.title).toBe("Quiz record");
    expect(stats.attachments).toEqual([]);
    expectNoViolations(broken);
  });
});
