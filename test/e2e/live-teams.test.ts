/**
 * Issue 30, teams: two teams by role and a random split of a lobby, with the teams' scores (the
 * mean of their members' points) on each reveal, on the podium and on the server's team
 * leaderboard (all-time and this week); solo scores still recorded per player. Also team talk
 * (the answer buttons open after it) and this round's scoring choices, stated on its message.
 * Bonuses are off where points are compared, so every figure is exact.
 */
import { type APIMessage, type APIUser, ApplicationCommandOptionType as T } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCORING } from "../../src/engine/scoring.ts";
import type { SessionState } from "../../src/engine/session.ts";
import type { FakeDiscord } from "../fake-discord/index.ts";
import {
  answerButtons,
  type BotHarness,
  buttonsOf,
  rightButton,
  runCommand,
  shippedBankOnce,
  startHarness,
} from "../helpers/bot.ts";
import { FakeClock } from "../helpers/game.ts";

let h: BotHarness;
/** The bot's clock: fixed, moved on by hand (team talk is passed by moving it). */
const clock = new FakeClock();

beforeAll(async () => {
  h = await startHarness({
    now: clock.now,
    config: { revealSeconds: 600 },
    fake: {
      guilds: [
        { roles: ["Red", "Blue"], channels: [{ name: "roles" }, { name: "random" }, { name: "talk" }] },
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

function role(name: string): string {
  const id = h.fake.guilds[0]?.roles.find((r) => r.name === name)?.id;
  if (!id) throw new Error(`no role ${name}`);
  return id;
}

type Option = NonNullable<Parameters<FakeDiscord["slashCommand"]>[0]["options"]>[number];
const NO_BONUSES: Option[] = [
  { name: "speed", type: T.Boolean, value: false },
  { name: "streak", type: T.Boolean, value: false },
];

async function startLive(channelId: string, host: APIUser, options: Option[], questions = 1) {
  const start = h.fake.slashCommand({
    channelId,
    user: host,
    name: "quiz",
    subcommand: "channel",
    options: [
      { name: "questions", type: T.Integer, value: questions },
      { name: "seconds", type: T.Integer, value: 60 },
      ...options,
    ],
  });
  await start.waitForMessage((m) => (m.content ?? "").includes("has started"));
  return h.fake.waitForMessage(channelId, (m) => buttonsOf(m).length > 0);
}

function sessionIdOf(message: APIMessage): string {
  const id = buttonsOf(message)[0]?.custom_id.split(":")[2];
  if (!id) throw new Error("no session id");
  return id;
}

async function session(id: string): Promise<SessionState> {
  const state = await h.game.sessions.get(id);
  if (!state) throw new Error(`no session ${id}`);
  return state;
}

async function click(messageId: string, customId: string, user: APIUser): Promise<string> {
  const handle = h.fake.clickButton({ message: messageId, customId, user });
  const reply = await handle.waitForMessage((m) => (m.content ?? "").length > 0, 15_000);
  expect(handle.isEphemeral(reply)).toBe(true);
  return reply.content ?? "";
}

function control(message: APIMessage | undefined, verb: string): string {
  const id = buttonsOf(message).find(
    (b) => b.custom_id.startsWith("v1:ctl:") && b.custom_id.endsWith(`:${verb}`),
  );
  if (!id) throw new Error(`no ${verb} control`);
  return id.custom_id;
}

function fieldOf(message: APIMessage | undefined, name: string): string | undefined {
  for (const embed of message?.embeds ?? []) {
    const field = embed.fields?.find((f) => f.name === name);
    if (field) return field.value;
  }
  return undefined;
}

const TEAMS = "Teams (mean points per member)";

describe("teams by role", () => {
  it("scores each team as its members' mean, on the reveal, the podium and the team leaderboard", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(0);
    const host = h.fake.user({ username: "coach" });
    const red = role("Red");
    const blue = role("Blue");
    const question = await startLive(channelId, host, [
      { name: "teams", type: T.String, value: `<@&${red}> <@&${blue}>` },
      ...NO_BONUSES,
    ]);
    expect(question.embeds[0]?.description).toContain("speed bonus off, streak bonus off");
    const sessionId = sessionIdOf(question);
    const { button: right, question: asked } = rightButton(question, bank);
    const wrong = answerButtons(question).find((b) => b.custom_id !== right.custom_id)?.custom_id ?? "";
    const base = SCORING.basePoints[asked.difficulty];
    // Red: two right. Blue: one right, one wrong, so its mean is half Red's whatever its size.
    const member = (name: string, roleId: string) => {
      const user = h.fake.user({ username: name });
      h.fake.member(user, { roles: [roleId] });
      return user;
    };
    const reds = [member("red-1", red), member("red-2", red)];
    const blues = [member("blue-1", blue), member("blue-2", blue)];
    const solo = h.fake.user({ username: "no-team" });
    for (const user of [...reds, blues[0] as APIUser, solo])
      expect(await click(question.id, right.custom_id, user)).toContain("is in");
    expect(await click(question.id, wrong, blues[1] as APIUser)).toContain("is in");
    const teams = (await session(sessionId)).live?.teams ?? [];
    expect(teams.find((t) => t.roleId === red)?.members).toEqual(reds.map((u) => u.id));
    expect(teams.find((t) => t.roleId === blue)?.members).toEqual(blues.map((u) => u.id));

    await h.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await h.fake.waitForEdit(question.id, (m) => fieldOf(m, TEAMS) !== undefined);
    expect(fieldOf(revealed, TEAMS)).toBe(
      `1. <@&${red}>: ${base} (2 players)\n2. <@&${blue}>: ${base / 2} (2 players)`,
    );

    // Next after the reveal: the last question, so the podium.
    const next = h.fake.clickButton({
      message: question.id,
      customId: control(revealed, "next"),
      user: host,
    });
    await next.waitForMessage((m) => (m.content ?? "").length > 0);
    const podium = await h.fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    expect(fieldOf(podium, TEAMS)).toBe(fieldOf(revealed, TEAMS));
    // Solo scores still recorded for each player, a team or not.
    for (const user of [...reds, solo])
      expect((await h.game.scores.get(h.guildId, user.id))?.points).toBe(base);
    expect((await h.game.scores.get(h.guildId, blues[1]?.id ?? ""))?.answered).toBe(1);

    for (const period of ["all-time", "week"]) {
      const { reply } = await runCommand(h, {
        user: host,
        name: "leaderboard",
        options: [
          { name: "teams", type: T.Boolean, value: true },
          { name: "period", type: T.String, value: period },
        ],
      });
      expect(reply.embeds[0]?.description).toBe(
        `1. <@&${red}>: ${base} points in 1 round\n2. <@&${blue}>: ${base / 2} points in 1 round`,
      );
    }
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

describe("teams split at random from the lobby", () => {
  it("splits four players into two teams of two, shown on the reveal and the podium, and added to the board", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(1);
    const host = h.fake.user({ username: "mixer" });
    const lobby = await startLive(channelId, host, [
      { name: "random-teams", type: T.Integer, value: 2 },
      ...NO_BONUSES,
    ]);
    expect(lobby.embeds[0]?.description).toContain("Teams: 2, drawn at random when the round starts.");
    const sessionId = sessionIdOf(lobby);
    const players = [0, 1, 2, 3].map((i) => h.fake.user({ username: `mixed-${i}` }));
    for (const player of players)
      expect(await click(lobby.id, `v1:join:${sessionId}`, player)).toContain("You are in");
    expect(await click(lobby.id, control(h.fake.message(lobby.id), "start"), host)).toBe("Started.");
    const state = await session(sessionId);
    const teams = state.live?.teams ?? [];
    expect(teams.map((t) => t.name)).toEqual(["Red", "Blue"]);
    expect(teams.map((t) => t.members.length)).toEqual([2, 2]);
    expect(teams.flatMap((t) => t.members).sort()).toEqual(players.map((p) => p.id).sort());

    const question = await h.fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0);
    const { button: right, question: asked } = rightButton(question, bank);
    const base = SCORING.basePoints[asked.difficulty];
    const wrong = answerButtons(question).find((b) => b.custom_id !== right.custom_id)?.custom_id ?? "";
    // Red all right, Blue one right: the reveal comes with the fourth answer (a lobby).
    const [redA, redB] = teams[0]?.members ?? [];
    const [blueA, blueB] = teams[1]?.members ?? [];
    const user = (id: string | undefined) => players.find((p) => p.id === id) as APIUser;
    for (const id of [redA, redB, blueA]) await click(question.id, right.custom_id, user(id));
    await click(question.id, wrong, user(blueB));
    const revealed = await h.fake.waitForEdit(question.id, (m) => fieldOf(m, TEAMS) !== undefined);
    expect(fieldOf(revealed, TEAMS)).toBe(`1. Red: ${base} (2 players)\n2. Blue: ${base / 2} (2 players)`);
    await click(question.id, control(revealed, "next"), host);
    const podium = await h.fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    expect(fieldOf(podium, TEAMS)).toBe(fieldOf(revealed, TEAMS));
    const { reply } = await runCommand(h, {
      user: host,
      name: "leaderboard",
      options: [{ name: "teams", type: T.Boolean, value: true }],
    });
    expect(reply.embeds[0]?.description).toContain(`Red: ${base} points in 1 round`);
    expect(reply.embeds[0]?.description).toContain(`Blue: ${base / 2} points in 1 round`);
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });
});

describe("team talk and this round's scoring", () => {
  it("shows the question with its buttons closed during team talk, refuses a forged early answer, then opens them", async () => {
    const bank = await shippedBankOnce();
    const channelId = channel(2);
    const host = h.fake.user({ username: "talker" });
    const question = await startLive(channelId, host, [
      { name: "team-talk", type: T.Integer, value: 30 },
      { name: "speed", type: T.Boolean, value: false },
    ]);
    expect(answerButtons(question).every((b) => b.disabled)).toBe(true);
    expect(question.embeds[0]?.description).toContain("Team talk: the answer buttons open <t:");
    expect(question.embeds[0]?.description).toContain("speed bonus off, streak bonus on");
    const sessionId = sessionIdOf(question);
    const { button: right, question: asked } = rightButton(question, bank);
    const player = h.fake.user({ username: "too-soon" });
    const early = h.fake.clickButton({
      message: question.id,
      customId: right.custom_id,
      user: player,
      forged: true,
    });
    const refused = await early.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(refused.content).toContain("Team talk first: the answers open <t:");
    expect((await session(sessionId)).answers[player.id]).toBeUndefined();

    // Team talk over: the clock passes it, its step runs, the buttons open.
    clock.advance(30_000);
    await h.running.bot.rounds.runNextStepNow(sessionId);
    await h.fake.waitForEdit(question.id, (m) => answerButtons(m).every((b) => !b.disabled));
    expect(await click(question.id, right.custom_id, player)).toContain("is in");
    // No speed bonus this round: a right answer earns its base, with the streak bonus of a first answer (none).
    expect((await session(sessionId)).answers[player.id]?.points).toBe(SCORING.basePoints[asked.difficulty]);
    expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
  });

  it("states the live options in /help", async () => {
    const { reply } = await runCommand(h, { user: h.fake.user({ username: "reader" }), name: "help" });
    const live = reply.embeds[0]?.fields?.find((f) => f.name === "Scoring")?.value ?? "";
    expect(live).toContain("**Live rounds**: ");
    expect(live).toContain("`speed` and `streak`");
    expect(live).toContain("Skip (the question counts for nothing)");
  });
});
