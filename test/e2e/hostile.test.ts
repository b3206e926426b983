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
  PermissionFlagsBits as P,
  ApplicationCommandOptionType as T,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerButtons,
  type BotHarness,
  buttonsOf,
  runCommand,
  shippedBankOnce,
  startHarness,
  startSoloQuiz,
} from "../helpers/bot.ts";

const QUIZ_MASTER = P.ViewChannel | P.SendMessages | P.ManageGuild;
const MEMBER = P.ViewChannel | P.SendMessages;

let h: BotHarness;

beforeAll(async () => {
  h = await startHarness({ config: { revealSeconds: 1 } });
});

afterAll(async () => {
  await h?.close();
});

function expectNoViolations() {
  expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
}

const loading = (m: APIMessage) => ((m.flags ?? 0) & MessageFlags.Loading) !== 0;
const sessionOf = (message: APIMessage) => answerButtons(message)[0]?.custom_id.split(":")[2] as string;

/** Starts a channel round of one question; returns its question message. */
async function channelRound(user: APIUser, seconds: number) {
  const before = new Set(h.fake.messages(h.channelId).map((m) => m.id));
  await runCommand(
    h,
    {
      user,
      name: "quiz",
      subcommand: "channel",
      options: [
        { name: "questions", type: T.Integer, value: 1 },
        { name: "seconds", type: T.Integer, value: seconds },
      ],
    },
    (m) => (m.content ?? "").includes("has started"),
  );
  const question = await h.fake.waitForMessage(
    h.channelId,
    (m) => !before.has(m.id) && answerButtons(m).length > 0,
  );
  return question;
}

describe("buttons forged onto public messages", () => {
  it("change no public message, whoever clicks and whatever the button", async () => {
    const bank = await shippedBankOnce();
    const teacher = h.fake.user({ username: "teacher" });
    h.fake.member(teacher, { guildId: h.guildId, permissions: QUIZ_MASTER });
    const member = h.fake.user({ username: "member" });
    h.fake.member(member, { guildId: h.guildId, permissions: MEMBER });
    const other = h.fake.user({ username: "other" });
    h.fake.member(other, { guildId: h.guildId, permissions: MEMBER });

    // An assignment's post (a channel message with a Start button).
    await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "create",
      options: [{ name: "name", type: T.String, value: "Hostile" }],
    });
    const question = bank.questions.find((q) => q.type === "multiple-choice");
    if (!question) throw new Error("no multiple-choice question");
    await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "add",
      options: [
        { name: "set", type: T.String, value: "Hostile" },
        { name: "question", type: T.String, value: question.id },
      ],
    });
    const assigned = await runCommand(h, {
      user: teacher,
      name: "assign",
      options: [
        { name: "set", type: T.String, value: "Hostile" },
        { name: "due", type: T.String, value: "in 3 days" },
      ],
    });
    const assignmentId = /result:([A-Za-z0-9]+)/.exec(assigned.reply.content ?? "")?.[1] as string;
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
    expectNoViolations();
  });
});
