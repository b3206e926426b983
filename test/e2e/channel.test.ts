import { type APIMessage, PermissionFlagsBits as P } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  answerButtons,
  answersLocked,
  quizCommand,
  rightButton,
  shippedBankOnce,
  startChannelRound,
  users,
} from "../helpers/bot.ts";
import { expectNoViolations, useHarness } from "../helpers/harness.ts";

const h = useHarness({
  fake: {
    guilds: [{ channels: [{ name: "quiz-1" }, { name: "quiz-2" }, { name: "quiz-3" }, { name: "quiz-4" }] }],
  },
});

function channel(i: number): string {
  const id = h.fake.guilds[0]?.channels[i]?.id;
  if (!id) throw new Error(`no channel ${i}`);
  return id;
}

async function startRound(channelId: string, host = h.fake.user({ username: "host" }), questions = 2) {
  return startChannelRound(h, { channelId, host, questions });
}

function sessionIdOf(message: APIMessage): string {
  const id = answerButtons(message)[0]?.custom_id.split(":")[2];
  if (!id) throw new Error("no session id on the message");
  return id;
}

describe("/quiz channel end to end", () => {
  it("takes 50 players' answers at once, reveals with the citation, and accounts for every point", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(0);
    const { question } = await startRound(channelId, undefined, 2);
    const sessionId = sessionIdOf(question);
    const players = users(h.fake, 50);
    const { button: right, question: asked } = rightButton(question, bank);
    const buttons = answerButtons(question);
    // Half answer right, half pick the first wrong option; all at the same moment.
    const wrong = buttons.find((b) => b.custom_id !== right.custom_id);
    if (!wrong) throw new Error("no wrong option");
    const clicks = players.map((user, i) =>
      h.fake.clickButton({ message: question, customId: (i % 2 === 0 ? right : wrong).custom_id, user }),
    );
    const replies = await Promise.all(
      clicks.map((c) => c.waitForMessage((m) => (m.content ?? "").includes("is in"))),
    );
    for (const [i, reply] of replies.entries()) expect(clicks[i]?.isEphemeral(reply)).toBe(true);
    expect(clicks.filter((c) => c.failed)).toEqual([]);

    // Time is up (without waiting out the 60 seconds): the message shows the reveal.
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await h.fake.waitForEdit(question.id, (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5);
    expect(revealed.embeds[1]?.fields?.[4]?.name).toBe("25 of 50 players got it right");
    expect(answersLocked(revealed)).toBe(true);
    expect(revealed.embeds[1]?.fields?.[1]?.name).toBe("The passage");
    // The picks per option in text (for screen readers), the right one marked, and the same as a chart.
    const picks = revealed.embeds[1]?.fields?.[3];
    expect(picks?.name).toBe("Picks per option");
    expect(picks?.value).toContain(`${asked.answer} ✓: 25`);
    expect(picks?.value.match(/: 25$/gm)).toHaveLength(2);
    expect(revealed.attachments.map((a) => a.filename)).toEqual(["picks.png"]);
    expect(revealed.embeds[1]?.image?.url).toBe("attachment://picks.png");
    // Who got it right, each with their points broken down ("+N points = 20 medium + 9 speed").
    expect(revealed.embeds[1]?.fields?.[4]?.value).toMatch(/<@\d+> \+\d+ = \d+ (easy|medium|hard)/);

    // After the reveal, the next question is posted; then the final scoreboard.
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const second = await h.fake.waitForMessage(
      channelId,
      (m) => m.id !== question.id && answerButtons(m).length > 0,
    );
    expect(second.embeds[0]?.title).toBe("Question 2 of 2");
    await h.running.bot.rounds.runNextStepNow(sessionId);
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const final = await h.fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    expect(final.embeds[0]?.fields?.[0]?.value).toContain("…and");

    // Every point the session gave is in the players' records, and vice versa.
    const state = await h.game.sessions.get(sessionId);
    expect(state?.phase).toBe("finished");
    let recorded = 0;
    for (const player of players) recorded += (await h.game.scores.get(h.guildId, player.id))?.points ?? 0;
    const tallied = Object.values(state?.tallies ?? {}).reduce((sum, t) => sum + t.points, 0);
    expect(recorded).toBe(tallied);
    expect(Object.keys(state?.tallies ?? {})).toHaveLength(50);
    expect(recorded).toBeGreaterThanOrEqual(25 * 10);
    expectNoViolations(h);
  });

  it("refuses a second round in the same channel, even two started at once", async () => {
    const channelId = channel(1);
    const a = h.fake.user({ username: "a" });
    const b = h.fake.user({ username: "b" });
    const send = (user: typeof a) =>
      h.fake.slashCommand({ channelId, user, name: "quiz", subcommand: "channel" });
    const [first, second] = [send(a), send(b)];
    const texts = await Promise.all(
      [first, second].map(async (handle) => {
        const reply = await handle.waitForMessage((m) => (m.content ?? "").length > 0);
        return reply.content ?? "";
      }),
    );
    expect(texts.filter((t) => t.includes("has started"))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("already running"))).toHaveLength(1);
    expect(h.fake.messages(channelId).filter((m) => answerButtons(m).length > 0)).toHaveLength(1);
    expectNoViolations(h);
  });

  it("lets only the host or a server manager stop a round", async () => {
    const channelId = channel(2);
    const { host, question } = await startRound(channelId);
    const stranger = h.fake.user({ username: "stranger" });
    const refused = quizCommand(
      h,
      stranger,
      "stop",
      {},
      { channelId: channelId, memberPermissions: P.SendMessages | P.ViewChannel },
    );
    const refusal = await refused.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(refusal.content).toContain("Only");
    expect(refused.isEphemeral(refusal)).toBe(true);
    expect((await h.game.sessions.get(sessionIdOf(question)))?.phase).toBe("asking");

    const stop = h.fake.slashCommand({ channelId, user: host, name: "quiz", subcommand: "stop" });
    await stop.waitForMessage((m) => (m.content ?? "").includes("stopped"));
    await h.fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    expect((await h.game.sessions.get(sessionIdOf(question)))?.endedReason).toBe("stopped");

    // A moderator (Manage Server) may stop someone else's round.
    const next = await startRound(channelId, h.fake.user({ username: "host2" }));
    const moderator = h.fake.user({ username: "mod" });
    const modStop = quizCommand(
      h,
      moderator,
      "stop",
      {},
      { channelId: channelId, memberPermissions: P.SendMessages | P.ViewChannel | P.ManageGuild },
    );
    await modStop.waitForMessage((m) => (m.content ?? "").includes("stopped"));
    expect((await h.game.sessions.get(sessionIdOf(next.question)))?.phase).toBe("finished");
    expectNoViolations(h);
  });

  it("keeps a round going across a restart of the bot: the next click still counts", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(3);
    const { question } = await startRound(channelId);
    const sessionId = sessionIdOf(question);
    const early = h.fake.user({ username: "early" });
    const late = h.fake.user({ username: "late" });
    const { button } = rightButton(question, bank);
    const first = h.fake.clickButton({ message: question, customId: button.custom_id, user: early });
    await first.waitForMessage((m) => (m.content ?? "").includes("is in"));

    await h.restart();

    const after = h.fake.clickButton({ message: question, customId: button.custom_id, user: late });
    await after.waitForMessage((m) => (m.content ?? "").includes("is in"));
    // The restarted bot resumed the round's timer, and still closes it with both answers.
    expect(await h.running.bot.rounds.runNextStepNow(sessionId)).toBe(true);
    const revealed = await h.fake.waitForEdit(question.id, (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5);
    expect(revealed.embeds[1]?.fields?.[4]?.name).toBe("2 of 2 players got it right");
    expect((await h.game.scores.get(h.guildId, early.id))?.correct).toBe(1);
    expect((await h.game.scores.get(h.guildId, late.id))?.correct).toBe(1);
    expectNoViolations(h);
  });
});
