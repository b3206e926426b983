/**
 * Hostile members, through the real client and the fake Discord: a modified client sends any
 * custom_id on any message it can see. Every button kind the bot makes, forged onto every kind of
 * public message the bot posts, by a plain member and by a quiz master, changes no public message
 * (the answer comes privately).
 */
import {
  type APIMessage,
  type APIUser,
  InteractionResponseType,
  MessageFlags,
  ApplicationCommandOptionType as T,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fake-discord/index.ts";
import {
  answerButtons,
  assignOneQuestion,
  type BotHarness,
  buttonsOf,
  defaultTransport,
  optionsOf,
  runCommand,
  shippedBankOnce,
  startSoloQuiz,
} from "../helpers/bot.ts";
import { type BotProcess, loggedPort, spawnBotProcess } from "../helpers/bot-process.ts";
import { asQuizMaster, expectNoViolations, MEMBER, QUIZ_MASTER, useHarness } from "../helpers/harness.ts";
import { hasRedisServer, startThrowawayRedis, type ThrowawayRedis } from "../helpers/redis-server.ts";

const h = useHarness({
  fake: {
    guilds: [
      { channels: [{ name: "general" }, { name: "limits" }, { name: "locked" }, { name: "pictures" }] },
    ],
  },
  config: { revealSeconds: 1, startLimits: { perMember: 5, perChannel: 4 } },
});

const loading = (m: APIMessage) => ((m.flags ?? 0) & MessageFlags.Loading) !== 0;
const sessionOf = (message: APIMessage) => answerButtons(message)[0]?.custom_id.split(":")[2] as string;

/** Makes a set of one question and assigns it in the harness's channel; returns the assignment id. */
async function assignOne(h: BotHarness, teacher: APIUser, name: string): Promise<string> {
  const { assignmentId } = await assignOneQuestion(h, teacher, { name });
  if (!assignmentId) throw new Error(`the assignment "${name}" was refused`);
  return assignmentId;
}

/** The assignment posts for one assignment in a channel (each has its Start button). */
const postsOf = (h: BotHarness, assignmentId: string) =>
  h.fake
    .messages(h.channelId)
    .filter((m) => buttonsOf(m).some((b) => b.custom_id === `v1:asg:${assignmentId}`));

/** Starts a channel round of one question; returns its question message. */
async function channelRound(user: APIUser, seconds: number, on: BotHarness = h, channelId = on.channelId) {
  const h = on;
  const before = new Set(h.fake.messages(channelId).map((m) => m.id));
  await runCommand(
    h,
    {
      channelId,
      user,
      name: "quiz",
      subcommand: "channel",
      options: optionsOf({ questions: 1, seconds: seconds }),
    },
    (m) => (m.content ?? "").includes("has started"),
  );
  const question = await h.fake.waitForMessage(
    channelId,
    (m) => !before.has(m.id) && answerButtons(m).length > 0,
  );
  return question;
}

describe("buttons forged onto public messages", () => {
  it("change no public message, whoever clicks and whatever the button", async () => {
    const bank = await shippedBankOnce();
    const teacher = h.fake.user({ username: "teacher" });
    asQuizMaster(h, teacher);
    const member = h.fake.user({ username: "member" });
    h.fake.member(member, { guildId: h.guildId, permissions: MEMBER });
    const other = h.fake.user({ username: "other" });
    h.fake.member(other, { guildId: h.guildId, permissions: MEMBER });

    // An assignment's post (a channel message with a Start button).
    const question = bank.questions.find((q) => q.type === "multiple-choice");
    if (!question) throw new Error("no multiple-choice question");
    const assignmentId = await assignOne(h, teacher, "Hostile");
    const assignmentPost = await h.fake.waitForMessage(h.channelId, (m) =>
      buttonsOf(m).some((b) => b.custom_id === `v1:asg:${assignmentId}`),
    );

    // A finished channel round: its reveal (the question message, edited) and its final scoreboard.
    const finished = await channelRound(teacher, 10);
    const finishedSession = sessionOf(finished);
    await h.running.bot.rounds.runNextStepNow(finishedSession);
    const reveal = await h.fake.waitForEdit(finished.id, (m) => m.embeds.length === 2);
    await h.running.bot.rounds.runNextStepNow(finishedSession);
    const scoreboard = await h.fake.waitForMessage(
      h.channelId,
      (m) => m.embeds[0]?.title === "Final scoreboard",
    );
    // A live channel round's question, and the public reply that announced it (the teacher's own).
    const live = await channelRound(teacher, 120);
    const liveSession = sessionOf(live);
    // Public replies to a command: one the member asked for, and one the quiz master asked for
    // (the clicker's own message, for one of them, but never of a forged button's kind).
    const board = await runCommand(h, { user: other, name: "leaderboard" });
    const teachersBoard = await runCommand(h, { user: teacher, name: "leaderboard" });

    const publicMessages: Record<string, APIMessage> = {
      "assignment post": assignmentPost,
      reveal: reveal,
      "final scoreboard": scoreboard,
      "live question": live,
      "member's leaderboard": board.reply,
      "quiz master's leaderboard": teachersBoard.reply,
    };
    for (const [kind, message] of Object.entries(publicMessages))
      expect(
        h.fake.messages(h.channelId).map((m) => m.id),
        kind,
      ).toContain(message?.id);
    const revisions = new Map(
      Object.values(publicMessages).map((m) => [m.id, JSON.stringify(h.fake.messageHistory(m.id))]),
    );

    for (const user of [member, teacher]) {
      // Real ids where the clicker has them (their own solo quiz); made-up ones elsewhere.
      const { question: solo } = await startSoloQuiz(h, user);
      const soloSession = sessionOf(solo);
      const forged = [
        `v1:lb:all-time:0:${user.id}`,
        `v1:lb:week:3:${user.id}`,
        `v1:ans:${soloSession}:0:0`,
        `v1:next:${soloSession}:0`,
        `v1:ans:${liveSession}:0:1`,
        `v1:ans:${finishedSession}:0:1`,
        "v1:qedit",
        `v1:qok:${question.id}`,
        `v1:qno:${question.id}`,
        `v1:rep:${question.id}`,
        "v1:rkeep:nosuchreport",
        "v1:rdis:nosuchreport",
        `v1:asg:${assignmentId}`,
        // Issue 28's kinds: the typed-answer form, the hint, redo, and "Why was I wrong?".
        `v1:typ:${soloSession}:0`,
        `v1:typ:${liveSession}:0`,
        `v1:hint:${soloSession}:0`,
        `v1:hint:${liveSession}:0`,
        `v1:redo:${soloSession}`,
        `v1:redo:${finishedSession}`,
        `v1:why:${finishedSession}:0`,
        `v1:why:${liveSession}:0`,
      ];
      for (const [kind, message] of Object.entries(publicMessages)) {
        for (const customId of forged) {
          const click = h.fake.clickButton({ message, customId, user, forged: true });
          const response = await click.response();
          const label = `${customId} forged onto the ${kind} by ${user.username}`;
          if (response.type === InteractionResponseType.Modal) {
            // A form opened from a forged button, submitted: still nothing public changes.
            if (customId.startsWith("v1:qno:")) {
              const submit = h.fake.submitModal({ modal: click, fields: { reason: "forged" } });
              await submit.waitFor((s) => s.messages().length > 0 || undefined);
            }
            continue;
          }
          // Every other click gets its answer (not a "thinking…") in a message only the clicker sees.
          const answer = await click.waitFor((c) => c.messages().find((m) => !loading(m)), 5_000);
          expect(click.isEphemeral(answer), label).toBe(true);
        }
      }
    }
    for (const message of Object.values(publicMessages))
      expect(JSON.stringify(h.fake.messageHistory(message.id)), message.id).toBe(revisions.get(message.id));
    expect(h.fake.stillThinking()).toEqual([]);
    expectNoViolations(h);
  });
});

const channel = (i: number) => h.fake.guilds[0]?.channels[i]?.id as string;

describe("what members start, and where the bot cannot post", () => {
  it("limits the rounds a member starts and a channel has, says when to try again, and /help states the limits", async () => {
    const limits = channel(1);
    const looper = h.fake.user({ username: "looper" });
    const solo = () =>
      runCommand(h, { channelId: limits, user: looper, name: "quiz", subcommand: "solo" }).then(
        (r) => r.reply,
      );
    for (let i = 0; i < 5; i++) expect((await solo()).embeds.length).toBeGreaterThan(0);
    const refused = await solo();
    expect(refused.content).toContain("You can start 5 rounds an hour");
    expect(refused.content).toMatch(/Try again <t:\d+:R>\./);

    for (let i = 0; i < 5; i++) {
      const starter = h.fake.user({ username: `starter${i}` });
      const { reply } = await runCommand(h, {
        channelId: limits,
        user: starter,
        name: "quiz",
        subcommand: "channel",
      });
      if (i < 4) {
        expect(reply.content).toContain("has started");
        await runCommand(h, { channelId: limits, user: starter, name: "quiz", subcommand: "stop" });
      } else {
        expect(reply.content).toContain("This channel can have 4 public rounds an hour");
        expect(reply.content).toMatch(/<t:\d+:R>/);
      }
    }
    const { reply: help } = await runCommand(h, { channelId: limits, user: looper, name: "help" });
    const field = help.embeds[0]?.fields?.find((f) => f.name === "Limits");
    expect(field?.value).toContain("Each member can start 5 rounds an hour");
    expect(field?.value).toContain("each channel can have 4 public rounds an hour");
    const { reply: korean } = await runCommand(h, {
      channelId: limits,
      user: looper,
      name: "help",
      locale: "ko",
    });
    expect(korean.embeds[0]?.fields?.find((f) => f.name === "제한")?.value).toContain(
      "{perMember}".replace("{perMember}", "5번까지"),
    );
    expectNoViolations(h);
  });

  it("/assign and /quiz channel where the bot cannot post say what is missing, and save nothing", async () => {
    const locked = channel(2);
    h.fake.denyPermission(locked, "SEND_MESSAGES");
    const teacher = h.fake.user({ username: "locked-teacher" });
    asQuizMaster(h, teacher);
    const { reply } = await assignOneQuestion(h, teacher, { name: "Locked", channelId: locked });
    expect(reply.content).toContain("this channel does not give me **Send Messages**");
    expect(reply.content).toContain("Nothing was saved");
    const saved = await h.game.lessons.unnotifiedAssignments();
    expect(saved.filter((a) => a.channelId === locked)).toEqual([]);

    const round = await runCommand(h, {
      channelId: locked,
      user: teacher,
      name: "quiz",
      subcommand: "channel",
    });
    expect(round.reply.content).toContain("**Send Messages**");
    // Nothing is left running: once allowed, a round starts there.
    h.fake.allowPermission(locked, "SEND_MESSAGES");
    const again = await runCommand(h, {
      channelId: locked,
      user: teacher,
      name: "quiz",
      subcommand: "channel",
    });
    expect(again.reply.content).toContain("has started");
    await runCommand(h, { channelId: locked, user: teacher, name: "quiz", subcommand: "stop" });
    expect(
      h.fake.messages(locked).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith("v1:asg:"))),
    ).toEqual([]);
    expectNoViolations(h);
  });

  it("a reveal in a channel that denies Attach Files goes out without its chart, and says so", async () => {
    const pictures = channel(3);
    h.fake.denyPermission(pictures, "ATTACH_FILES");
    const host = h.fake.user({ username: "pictures-host" });
    asQuizMaster(h, host);
    const question = await channelRound(host, 10, h, pictures);
    const player = h.fake.user({ username: "pictures-player" });
    const choice = answerButtons(question)[0]?.custom_id as string;
    await h.fake.clickButton({ message: question, customId: choice, user: player }).response();
    await h.running.bot.rounds.runNextStepNow(sessionOf(question));
    const revealed = await h.fake.waitForEdit(question.id, (m) => m.embeds.length === 2);
    expect(revealed.attachments).toEqual([]);
    expect(`${revealed.content} ${JSON.stringify(revealed.embeds)}`).toContain(
      "this channel does not give me Attach Files",
    );
    expectNoViolations(h);
  });
});

// Replays are an HTTP matter (the gateway delivers each interaction once, over one socket): these
// run their own bot over HTTP, once, in the gateway project.
describe.skipIf(defaultTransport() === "http")("signed deliveries played back", () => {
  const web = useHarness({ transport: "http", config: { revealSeconds: 1 } });

  it("a captured /assign played back within the signature window posts nothing more, even after a restart", async () => {
    const teacher = web.fake.user({ username: "teacher" });
    asQuizMaster(web, teacher);
    const assignmentId = await assignOne(web, teacher, "Replayed");
    const assign = web.fake.slashCommand({
      channelId: web.channelId,
      user: teacher,
      name: "assign",
      options: optionsOf({ set: "Replayed", due: "in 4 days" }),
    });
    await assign.waitForMessage((m) => (m.content ?? "").includes("result:"));
    const second = /result:([A-Za-z0-9]+)/.exec(assign.messages()[0]?.content ?? "")?.[1] as string;
    await web.fake.waitForMessage(web.channelId, (m) =>
      buttonsOf(m).some((b) => b.custom_id === `v1:asg:${second}`),
    );
    const posts = () => postsOf(web, assignmentId).length + postsOf(web, second).length;
    expect(posts()).toBe(2);

    // The same worker gives the first delivery's answer again, and acts on nothing.
    const replayed = await web.fake.replay(assign);
    expect(replayed.status).toBe(200);
    expect(JSON.parse(replayed.text).type).toBe(assign.initialResponse?.type);
    // The store remembers the id: a restarted bot (a new endpoint) refuses it too.
    await web.restart();
    const url = `http://127.0.0.1:${web.running.interactionsPort}/interactions`;
    expect((await web.fake.replay(assign, url)).status).toBe(409);
    const allPosts = web.fake
      .messages(web.channelId)
      .filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith("v1:asg:")));
    expect(allPosts).toHaveLength(2);
    expectNoViolations(web);
  });

  it("the same signed click delivered twice at once: the player is told their answer is in, once", async () => {
    const host = web.fake.user({ username: "host" });
    const question = await channelRound(host, 60, web);
    const player = web.fake.user({ username: "twice" });
    const choice = answerButtons(question)[0]?.custom_id as string;
    const click = web.fake.clickButton({ message: question, customId: choice, user: player });
    const duplicate = web.fake.replay(click);
    const answer = await click.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(answer.content).toContain("is in");
    const copy = await duplicate;
    // The duplicate gets the first delivery's answer (or a refusal), never another one.
    if (copy.status === 200) expect(JSON.parse(copy.text).data?.content).toBe(answer.content);
    else expect(copy.status).toBe(409);
    const session = answerButtons(question)[0]?.custom_id.split(":")[2] as string;
    const state = await web.game.sessions.get(session);
    expect(Object.keys(state?.answers ?? {})).toEqual([player.id]);
    expectNoViolations(web);
  });
});

describe.skipIf(defaultTransport() === "http" || !hasRedisServer())(
  "a replay to another HTTP worker on one Redis store",
  () => {
    let redis: ThrowawayRedis;
    let fake: FakeDiscord;
    const workers: { bot: BotProcess; url: string }[] = [];

    beforeAll(async () => {
      redis = await startThrowawayRedis();
      fake = await FakeDiscord.start({ strictMentions: true });
      const bots = [0, 1].map(() =>
        spawnBotProcess({
          DISCORD_TOKEN: fake.token,
          DISCORD_API_URL: fake.apiUrl,
          DISCORD_PUBLIC_KEY: fake.publicKey,
          INTERACTIONS_PORT: "0",
          STORE_URL: redis.url,
          CHARTS: "off",
          LOG_LEVEL: "info",
        }),
      );
      for (const bot of bots) {
        const port = await loggedPort(bot, "interactions endpoint listening", 60_000);
        workers.push({ bot, url: `http://127.0.0.1:${port}/interactions` });
      }
    }, 90_000);

    afterAll(async () => {
      await Promise.all(workers.map((w) => w.bot.kill()));
      await fake?.close();
      await redis?.stop();
    });

    it("does nothing: the first worker posted the assignment once, the second refuses the copy", async () => {
      const [first, second] = workers;
      if (!first || !second) throw new Error("two workers");
      fake.useInteractionsEndpoint(first.url);
      const channelId = fake.guilds[0]?.channels[0]?.id as string;
      const teacher = fake.user({ username: "teacher" });
      fake.member(teacher, { permissions: QUIZ_MASTER });
      const run = async (input: Omit<Parameters<FakeDiscord["slashCommand"]>[0], "channelId">) => {
        const handle = fake.slashCommand({ channelId, ...input });
        await handle.waitForMessage((m) => (m.content ?? "").length > 0, 15_000);
        return handle;
      };
      const set = { name: "set", type: T.String, value: "Workers" } as const;
      await run({ user: teacher, name: "set", subcommand: "create", options: [{ ...set, name: "name" }] });
      const bank = await shippedBankOnce();
      const question = bank.questions.find((q) => q.type === "multiple-choice")?.id as string;
      await run({
        user: teacher,
        name: "set",
        subcommand: "add",
        options: [set, { name: "question", type: T.String, value: question }],
      });
      const assign = await run({
        user: teacher,
        name: "assign",
        options: [set, { name: "due", type: T.String, value: "in 3 days" }],
      });
      const posts = () =>
        fake.messages(channelId).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith("v1:asg:")));
      await fake.waitUntil(() => posts().length === 1);

      const replayed = await fake.replay(assign, second.url);
      expect(replayed.status).toBe(409);
      // Refused before it reached any handler (nothing was emitted on the second worker).
      expect(posts()).toHaveLength(1);
      await fake.waitUntil(() => second.bot.output().includes("refused an interaction already acted on"));
      expectNoViolations(fake);
    }, 60_000);
  },
);
