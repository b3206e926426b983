/**
 * Issue 30: a live round the host steers. A lobby whose reveal comes the moment its fifth player
 * answers; pause and resume (an answer refused while paused, a stale timer step that does
 * nothing); skip (the points taken back) and end (the podium); the controls refused to a plain
 * member and to a custom_id forged onto another message; double clicks on every control.
 *
 * The rounds last 60 s and reveals 10 minutes, so no timer moves a round on while a test runs:
 * every step here is a click (or a step run on purpose).
 */
import {
  type APIMessage,
  type APIUser,
  PermissionFlagsBits as P,
  Routes,
  ApplicationCommandOptionType as T,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revealRound } from "../../src/app/quiz.ts";
import type { SessionState } from "../../src/engine/session.ts";
import type { FakeDiscord } from "../fake-discord/index.ts";
import {
  answerButtons,
  type BotHarness,
  buttonsOf,
  rightButton,
  shippedBankOnce,
  startHarness,
  users,
} from "../helpers/bot.ts";

const MEMBER = P.ViewChannel | P.SendMessages;
const STALE = "That was already done (the round has moved on): nothing more was changed.";

let h: BotHarness;

beforeAll(async () => {
  h = await startHarness({
    config: { revealSeconds: 600 },
    fake: {
      guilds: [
        {
          channels: [
            { name: "lobby" },
            { name: "pause" },
            { name: "skip" },
            { name: "forged" },
            { name: "double" },
            { name: "gate" },
            { name: "stopped" },
          ],
        },
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

function channel(i: number): string {
  const id = h.fake.guilds[0]?.channels[i]?.id;
  if (!id) throw new Error(`no channel ${i}`);
  return id;
}

type Option = NonNullable<Parameters<FakeDiscord["slashCommand"]>[0]["options"]>[number];

/** Starts `/quiz channel` with live options; resolves with the host's reply and the round's first public message. */
async function startLive(channelId: string, host: APIUser, options: Option[], questions = 2) {
  const start = h.fake.slashCommand({
    channelId,
    user: host,
    memberPermissions: MEMBER,
    name: "quiz",
    subcommand: "channel",
    options: [
      { name: "questions", type: T.Integer, value: questions },
      { name: "seconds", type: T.Integer, value: 60 },
      ...options,
    ],
  });
  await start.waitForMessage((m) => (m.content ?? "").includes("has started"));
  const first = await h.fake.waitForMessage(channelId, (m) => buttonsOf(m).length > 0);
  return { start, first };
}

function controlOf(message: APIMessage | undefined, verb: string) {
  const button = buttonsOf(message).find(
    (b) => b.custom_id.startsWith("v1:ctl:") && b.custom_id.endsWith(`:${verb}`),
  );
  if (!button) throw new Error(`no ${verb} control on the message`);
  return button;
}

function sessionIdOf(message: APIMessage | undefined): string {
  const id = buttonsOf(message)
    .find((b) => b.custom_id.startsWith("v1:ctl:") || b.custom_id.startsWith("v1:ans:"))
    ?.custom_id.split(":")[2];
  if (!id) throw new Error("no session id on the message");
  return id;
}

async function session(id: string): Promise<SessionState> {
  const state = await h.game.sessions.get(id);
  if (!state) throw new Error(`no session ${id}`);
  return state;
}

/** Clicks a control as `user` and waits for the private reply. */
async function clickControl(message: APIMessage | string, verb: string, user: APIUser, permissions?: bigint) {
  const current = typeof message === "string" ? h.fake.message(message) : h.fake.message(message.id);
  const click = h.fake.clickButton({
    message: current?.id ?? "",
    customId: controlOf(current, verb).custom_id,
    user,
    ...(permissions === undefined ? {} : { memberPermissions: permissions }),
  });
  const reply = await click.waitForMessage((m) => (m.content ?? "").length > 0, 15_000);
  expect(click.isEphemeral(reply)).toBe(true);
  return reply.content ?? "";
}

async function answer(message: APIMessage, customId: string, user: APIUser) {
  const click = h.fake.clickButton({ message: message.id, customId, user });
  const reply = await click.waitForMessage((m) => (m.content ?? "").length > 0, 15_000);
  expect(click.isEphemeral(reply)).toBe(true);
  return reply.content ?? "";
}

describe("a lobby", () => {
  it("lists who joined in place (no ping), starts on the host's word, and reveals the moment the fifth player answers", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(0);
    const host = h.fake.user({ username: "teacher" });
    const { first: lobby } = await startLive(channelId, host, [
      { name: "lobby", type: T.Boolean, value: true },
    ]);
    expect(lobby.embeds[0]?.title).toContain("Quiz lobby");
    expect(answerButtons(lobby)).toEqual([]);
    expect(lobby.embeds[0]?.description).toContain("speed bonus on, streak bonus on");
    const sessionId = sessionIdOf(lobby);
    const join = buttonsOf(lobby).find((b) => b.custom_id === `v1:join:${sessionId}`);
    if (!join) throw new Error("no Join button");

    const players = users(h.fake, 5, "pupil");
    for (const player of players) {
      const click = h.fake.clickButton({ message: lobby.id, customId: join.custom_id, user: player });
      const reply = await click.waitForMessage((m) => (m.content ?? "").includes("You are in"));
      expect(click.isEphemeral(reply)).toBe(true);
    }
    // A second Join by the same player changes nothing.
    const again = h.fake.clickButton({
      message: lobby.id,
      customId: join.custom_id,
      user: players[0] as APIUser,
    });
    await again.waitForMessage((m) => (m.content ?? "").includes("already joined"));
    const listed = await h.fake.waitForEdit(lobby.id, (m) => m.embeds[0]?.fields?.[0]?.name === "Joined: 5");
    for (const player of players) expect(listed.embeds[0]?.fields?.[0]?.value).toContain(`<@${player.id}>`);
    expect((await session(sessionId)).live?.lobby?.players).toEqual(players.map((p) => p.id));

    // Start: the lobby closes (no buttons left on it) and the first question is posted.
    expect(await clickControl(lobby, "start", host)).toBe("Started.");
    const closed = await h.fake.waitForEdit(lobby.id, (m) => buttonsOf(m).length === 0);
    expect(closed.content).toBe("The round has started with 5 players.");
    const question = await h.fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0);
    expect(
      buttonsOf(question)
        .filter((b) => b.custom_id.startsWith("v1:ctl:"))
        .map((b) => b.label),
    ).toEqual(["Reveal now", "Pause", "Skip", "End"]);

    // Someone who did not join is refused; nothing stored for them.
    const stranger = h.fake.user({ username: "latecomer" });
    const { button: right } = rightButton(question, bank);
    expect(await answer(question, right.custom_id, stranger)).toContain("joined its lobby");
    expect((await session(sessionId)).answers[stranger.id]).toBeUndefined();

    // Four of five answer: still asking.
    for (const player of players.slice(0, 4))
      expect(await answer(question, right.custom_id, player)).toContain("is in");
    expect((await session(sessionId)).phase).toBe("asking");
    // The fifth answer brings the reveal at once (no timer: the round lasts 60 s).
    expect(await answer(question, right.custom_id, players[4] as APIUser)).toContain("is in");
    const revealed = await h.fake.waitForEdit(question.id, (m) => answerButtons(m).every((b) => b.disabled));
    expect(revealed.embeds[1]?.fields?.some((f) => f.name === "5 of 5 players got it right")).toBe(true);
    const state = await session(sessionId);
    expect(state.phase).toBe("revealed");
    expect(state.roundEndsAt ?? 0).toBeGreaterThan(Date.now());
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

describe("pause and resume", () => {
  it("stops the timer, refuses an answer while paused (told why), ignores the stale timer step, and takes answers again after Resume", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(1);
    const host = h.fake.user({ username: "pauser" });
    const { first: question } = await startLive(channelId, host, []);
    const sessionId = sessionIdOf(question);
    const before = await session(sessionId);

    expect(await clickControl(question, "pause", host)).toBe("Paused: answers wait until you resume.");
    const paused = await h.fake.waitForEdit(question.id, (m) =>
      buttonsOf(m).some((b) => b.custom_id.endsWith(":resume")),
    );
    expect(paused.embeds[0]?.description).toContain("Paused by the host");
    expect(h.running.bot.rounds.hasStep(sessionId)).toBe(false);

    const player = h.fake.user({ username: "eager" });
    const { button: right } = rightButton(question, bank);
    expect(await answer(question, right.custom_id, player)).toBe(
      "The round is paused by its host: your answer was not taken. Answer again once it resumes.",
    );
    expect((await session(sessionId)).answers[player.id]).toBeUndefined();
    expect(await h.game.scores.get(h.guildId, player.id)).toBeUndefined();

    // The close step scheduled before the pause (its version) does nothing, and nor does a timer while paused.
    expect((await revealRound(h.game, sessionId, 0, before.live?.version)).kind).toBe("stale");
    expect((await revealRound(h.game, sessionId, 0, (await session(sessionId)).live?.version)).kind).toBe(
      "stale",
    );
    expect((await session(sessionId)).phase).toBe("asking");

    expect(await clickControl(question, "resume", host)).toBe("Resumed.");
    await h.fake.waitForEdit(question.id, (m) => buttonsOf(m).some((b) => b.custom_id.endsWith(":pause")));
    const resumed = await session(sessionId);
    // The question keeps the time it had left: its end moved on by the pause.
    expect(resumed.roundEndsAt ?? 0).toBeGreaterThanOrEqual(before.roundEndsAt ?? Number.POSITIVE_INFINITY);
    expect(h.running.bot.rounds.hasStep(sessionId)).toBe(true);
    expect(await answer(question, right.custom_id, player)).toContain("is in");
    expect((await session(sessionId)).answers[player.id]?.correct).toBe(true);
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

describe("skip and end", () => {
  it("skip takes the question's points back and posts the next; end posts the podium", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(2);
    const host = h.fake.user({ username: "skipper" });
    const { first: question } = await startLive(channelId, host, [], 3);
    const sessionId = sessionIdOf(question);
    const player = h.fake.user({ username: "scorer" });
    const { button: right } = rightButton(question, bank);
    expect(await answer(question, right.custom_id, player)).toContain("is in");
    expect((await h.game.scores.get(h.guildId, player.id))?.points).toBeGreaterThan(0);

    expect(await clickControl(question, "skip", host)).toBe("Skipped: that question counts for nothing.");
    const skipped = await h.fake.waitForEdit(question.id, (m) => answerButtons(m).every((b) => b.disabled));
    expect(skipped.embeds[0]?.description).toContain("Skipped by the host");
    // No answer given away on a skipped question.
    expect(skipped.embeds.length).toBe(1);
    const record = await h.game.scores.get(h.guildId, player.id);
    expect(record?.points).toBe(0);
    expect(record?.answered).toBe(0);
    const afterSkip = await session(sessionId);
    expect(afterSkip.round).toBe(1);
    expect(afterSkip.tallies[player.id]).toBeUndefined();
    expect(afterSkip.live?.rounds).toEqual([expect.objectContaining({ skipped: true, answered: 0 })]);
    const second = await h.fake.waitForMessage(
      channelId,
      (m) => m.id !== question.id && answerButtons(m).some((b) => !b.disabled),
    );
    const { button: right2 } = rightButton(second, bank);
    expect(await answer(second, right2.custom_id, player)).toContain("is in");

    expect(await clickControl(second, "end", host)).toBe("Ended: the podium is posted.");
    const podium = await h.fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    expect(podium.embeds[0]?.description).toContain(`🥇 <@${player.id}>: 1/1 right`);
    const fields = podium.embeds[0]?.fields ?? [];
    expect(fields.find((f) => f.name === "The class, question by question")?.value).toBe(
      "Q1: skipped\nQ2: 1/1 right",
    );
    expect(fields.find((f) => f.name.startsWith("Most missed"))?.name).toBe("Most missed: Q2");
    expect(podium.attachments.length).toBe(1);
    // The grade book keeps the second question's answer only (the skipped one's row is marked, unlisted).
    expect((await h.game.lessons.gradeRows(sessionId)).map((row) => [row.userId, row.round])).toEqual([
      [player.id, 1],
    ]);
    expect((await session(sessionId)).phase).toBe("finished");
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

describe("who may steer", () => {
  it("refuses every control to a plain member and to a custom_id forged onto another message; a quiz master may", async () => {
    const channelId = channel(3);
    const host = h.fake.user({ username: "owner" });
    const { first: question } = await startLive(channelId, host, []);
    const sessionId = sessionIdOf(question);
    const before = await session(sessionId);
    const member = h.fake.user({ username: "plain" });
    for (const verb of ["next", "pause", "skip", "end"]) {
      expect(await clickControl(question, verb, member, MEMBER)).toContain("Only <@");
    }
    expect(await session(sessionId)).toEqual(before);

    // The host's own Pause, forged onto another bot message in the same channel: refused.
    const carrier = (await h.running.client.rest.post(Routes.channelMessages(channelId), {
      body: {
        content: "carrier",
        components: [
          {
            type: 1,
            components: [
              { type: 2, style: 1, label: "x", custom_id: controlOf(question, "pause").custom_id },
            ],
          },
        ],
        allowed_mentions: { parse: [] },
      },
    })) as APIMessage;
    const forged = h.fake.clickButton({
      message: carrier.id,
      customId: controlOf(question, "pause").custom_id,
      user: host,
    });
    const refused = await forged.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(refused.content).toBe("These controls belong to another message: nothing was changed.");
    expect(await session(sessionId)).toEqual(before);
    expect(h.fake.message(carrier.id)?.content).toBe("carrier");

    // A quiz master (Manage Server) who did not start the round may end it.
    const master = h.fake.user({ username: "master" });
    expect(await clickControl(question, "end", master, MEMBER | P.ManageGuild)).toBe(
      "Ended: the podium is posted.",
    );
    expect((await session(sessionId)).phase).toBe("finished");
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

describe("who may start and resume", () => {
  it("refuses Start and Resume to a plain member, and a Join forged onto another message", async () => {
    const channelId = channel(5);
    const host = h.fake.user({ username: "gatekeeper" });
    const { first: lobby } = await startLive(channelId, host, [
      { name: "lobby", type: T.Boolean, value: true },
    ]);
    const sessionId = sessionIdOf(lobby);
    const member = h.fake.user({ username: "pusher" });
    expect(await clickControl(lobby, "start", member, MEMBER)).toContain("Only <@");
    expect((await session(sessionId)).phase).toBe("lobby");

    const carrier = (await h.running.client.rest.post(Routes.channelMessages(channelId), {
      body: {
        content: "carrier",
        components: [
          { type: 1, components: [{ type: 2, style: 1, label: "x", custom_id: `v1:join:${sessionId}` }] },
        ],
        allowed_mentions: { parse: [] },
      },
    })) as APIMessage;
    const forged = h.fake.clickButton({
      message: carrier.id,
      customId: `v1:join:${sessionId}`,
      user: member,
    });
    expect((await forged.waitForMessage((m) => (m.content ?? "").length > 0)).content).toBe(
      "These controls belong to another message: nothing was changed.",
    );
    expect((await session(sessionId)).live?.lobby?.players).toEqual([]);

    expect(await clickControl(lobby, "start", host)).toBe("Started.");
    const question = await h.fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0);
    expect(await clickControl(question, "pause", host)).toBe("Paused: answers wait until you resume.");
    await h.fake.waitForEdit(question.id, (m) => buttonsOf(m).some((b) => b.custom_id.endsWith(":resume")));
    expect(await clickControl(question, "resume", member, MEMBER)).toContain("Only <@");
    expect((await session(sessionId)).live?.pausedAt).toBeDefined();
    expect(await clickControl(question, "end", host)).toBe("Ended: the podium is posted.");
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

describe("double clicks", () => {
  it("changes the round once for two clicks on each control (start, pause, resume, next, next question, skip, end)", async () => {
    const channelId = channel(4);
    const host = h.fake.user({ username: "double" });
    const { first: lobby } = await startLive(
      channelId,
      host,
      [{ name: "lobby", type: T.Boolean, value: true }],
      3,
    );
    const sessionId = sessionIdOf(lobby);

    /** Clicks the message's control twice at once; one says it is done, the other that it was already done. */
    async function twice(
      messageId: string,
      verb: string,
      done: string,
      /** What the second click may be told: moved on, or (after End) over. */
      already: readonly string[] = [STALE],
    ) {
      const message = h.fake.message(messageId);
      const version = (await session(sessionId)).live?.version ?? -1;
      const customId = controlOf(message, verb).custom_id;
      const clicks = [0, 1].map(() => h.fake.clickButton({ message: messageId, customId, user: host }));
      const replies = await Promise.all(
        clicks.map((c) => c.waitForMessage((m) => (m.content ?? "").length > 0, 15_000)),
      );
      const texts = replies.map((r) => r.content ?? "");
      expect(texts.filter((text) => text === done)).toHaveLength(1);
      expect(already).toContain(texts.find((text) => text !== done));
      expect((await session(sessionId)).live?.version).toBe(version + 1);
    }

    await twice(lobby.id, "start", "Started.");
    const q1 = await h.fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0);
    await twice(q1.id, "pause", "Paused: answers wait until you resume.");
    await h.fake.waitForEdit(q1.id, (m) => buttonsOf(m).some((b) => b.custom_id.endsWith(":resume")));
    await twice(q1.id, "resume", "Resumed.");
    await h.fake.waitForEdit(q1.id, (m) => buttonsOf(m).some((b) => b.custom_id.endsWith(":pause")));
    await twice(q1.id, "next", "Revealed.");
    await h.fake.waitForEdit(
      q1.id,
      (m) => answerButtons(m).every((b) => b.disabled) && buttonsOf(m).length > 5,
    );
    expect((await session(sessionId)).round).toBe(0);
    await twice(q1.id, "next", "On to the next question.");
    const q2 = await h.fake.waitForMessage(channelId, (m) => m.id !== q1.id && answerButtons(m).length > 0);
    expect((await session(sessionId)).round).toBe(1);
    await twice(q2.id, "skip", "Skipped: that question counts for nothing.");
    const q3 = await h.fake.waitForMessage(
      channelId,
      (m) => m.id !== q1.id && m.id !== q2.id && answerButtons(m).length > 0,
    );
    expect((await session(sessionId)).round).toBe(2);
    // The second End finds the round over.
    await twice(q3.id, "end", "Ended: the podium is posted.", [STALE, "This round is over."]);
    await h.fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    // Each question and the podium were posted once.
    const posted = h.fake.messages(channelId);
    expect(posted.filter((m) => m.embeds[0]?.title === "Final scoreboard")).toHaveLength(1);
    expect(posted.filter((m) => answerButtons(m).length > 0)).toHaveLength(3);
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

describe("a lobby stopped before its start", () => {
  it("closes the lobby (no question revealed) when /quiz stop ends it", async () => {
    const channelId = channel(6);
    const host = h.fake.user({ username: "quitter" });
    const { first: lobby } = await startLive(channelId, host, [
      { name: "lobby", type: T.Boolean, value: true },
    ]);
    const stop = h.fake.slashCommand({ channelId, user: host, name: "quiz", subcommand: "stop" });
    await stop.waitForMessage((m) => (m.content ?? "").length > 0);
    const closed = await h.fake.waitForEdit(lobby.id, (m) => buttonsOf(m).length === 0);
    expect(closed.content).toBe("The lobby was closed.");
    expect(closed.embeds).toHaveLength(1);
    const final = await h.fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    expect(final.embeds[0]?.description).toContain("Nobody answered.");
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});
