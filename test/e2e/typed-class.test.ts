/**
 * Typed answers in a class: an assignment a teacher sets as typed (a typed question with a hint,
 * then a true/false question, which stays a choice), checked in the grade book's answers CSV; and
 * `/review answers:typed`, where a question missed is recalled (in Korean) once it is due.
 */

import { parse } from "csv-parse/sync";
import {
  type APIMessage,
  type APIUser,
  PermissionFlagsBits as P,
  ApplicationCommandOptionType as T,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, buttonsOf, runCommand, startHarness } from "../helpers/bot.ts";
import { loadTypedBank } from "../helpers/typed-bank.ts";

const ADMIN = P.ViewChannel | P.SendMessages | P.ManageGuild;
const DAY = 24 * 60 * 60 * 1000;

let h: BotHarness;
/** The game's clock runs ahead of the wall clock by this much (to make a review due). */
let ahead = 0;

beforeAll(async () => {
  h = await startHarness({ bank: await loadTypedBank(), now: () => Date.now() + ahead });
});

afterAll(async () => {
  await h?.close();
});

function expectNoViolations() {
  expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
}

const button = (message: APIMessage, prefix: string) => {
  const found = buttonsOf(message).find((b) => b.custom_id.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix} button on the message`);
  return found;
};

async function typeAnswer(message: APIMessage, user: APIUser, text: string): Promise<APIMessage> {
  const open = h.fake.clickButton({ message, customId: button(message, "v1:typ:").custom_id, user });
  const modal = await h.fake.waitUntil(() => open.modal(), 5000, "the answer form");
  h.fake.submitModal({ modal, fields: { answer: text } });
  return h.fake.waitForEdit(message.id, (m) => (m.embeds[1]?.title ?? "").length > 0);
}

async function next(message: APIMessage, user: APIUser): Promise<APIMessage> {
  const before = message.embeds[0]?.title;
  h.fake.clickButton({ message, customId: button(message, "v1:next:").custom_id, user });
  return h.fake.waitForEdit(message.id, (m) => m.embeds[0]?.title !== before && !m.embeds[1]);
}

/** The last file of that name the bot uploaded, parsed as CSV. */
function csvRows(name: string): Record<string, string>[] {
  const found = h.fake.calls.flatMap((c) => c.files).findLast((f) => f.name === name);
  if (!found) throw new Error(`no ${name}`);
  return parse(found.data.toString("utf8"), { bom: true, columns: true }) as Record<string, string>[];
}

describe("typed answers in a class", () => {
  it("an assignment set as typed: typed where a question allows it, the hint in the grade book", async () => {
    const teacher = h.fake.user({ username: "teacher" });
    h.fake.member(teacher, { guildId: h.guildId, permissions: ADMIN });
    const set = { name: "set", type: T.String, value: "Typed homework" } as const;
    await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "create",
      options: [{ ...set, name: "name" }],
    });
    for (const id of ["typed-hiding", "typed-tf"]) {
      await runCommand(h, {
        user: teacher,
        name: "set",
        subcommand: "add",
        options: [set, { name: "question", type: T.String, value: id }],
      });
    }
    const assigned = await runCommand(h, {
      user: teacher,
      name: "assign",
      options: [
        set,
        { name: "due", type: T.String, value: "in 3 days" },
        { name: "answers", type: T.String, value: "typed" },
      ],
    });
    const assignmentId = /result:([A-Za-z0-9]+)/.exec(assigned.reply.content ?? "")?.[1] as string;
    const start = `v1:asg:${assignmentId}`;
    const post = await h.fake.waitForMessage(h.channelId, (m) =>
      buttonsOf(m).some((b) => b.custom_id === start),
    );

    const student = h.fake.user({ username: "student", globalName: "Student" });
    const opened = h.fake.clickButton({ message: post, customId: start, user: student });
    let quiz = await opened.waitForMessage((m) =>
      buttonsOf(m).some((b) => b.custom_id.startsWith("v1:typ:")),
    );
    expect(quiz.embeds[0]?.description).toContain("Fill in the blank");
    const hint = h.fake.clickButton({
      message: quiz,
      customId: button(quiz, "v1:hint:").custom_id,
      user: student,
    });
    expect((await hint.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "begins with “1”",
    );
    quiz = await typeAnswer(quiz, student, "약 10만");
    expect(quiz.embeds[1]?.title).toBe("✅ Right! 100,000");
    // Assignments have no speed bonus; the typed bonus pays for the hint.
    expect(quiz.embeds[1]?.footer?.text).toBe("+10 points = 10 easy + 5 typed −5 hint");
    quiz = await next(quiz, student);
    // The true/false question has no typed: form: it is asked with its options (and no hint:
    // removing wrong options would remove the only one).
    expect(buttonsOf(quiz).map((b) => b.label)).toEqual(["A. True", "B. False"]);
    h.fake.clickButton({ message: quiz, customId: button(quiz, "v1:ans:").custom_id, user: student });
    await h.fake.waitForEdit(quiz.id, (m) => (m.embeds[1]?.title ?? "").startsWith("✅"));

    await runCommand(h, {
      user: teacher,
      name: "results",
      subcommand: "show",
      options: [{ name: "result", type: T.String, value: assignmentId }],
    });
    const rows = csvRows(`result-${assignmentId}-answers.csv`).filter((r) => r.student === "Student");
    expect(
      rows.map((r) => [
        r.question_id,
        r.chosen_answer,
        r.correct,
        r.points,
        r.answered_by,
        r.typed_match,
        r.hint,
      ]),
    ).toEqual([
      ["typed-hiding", "약 10만", "true", "10", "typed", "exact", "true"],
      ["typed-tf", "True", "true", "15", "choice", "", "false"],
    ]);
    expectNoViolations();
  });

  it("/review answers:typed recalls a question missed, once it is due", async () => {
    const learner = h.fake.user({ username: "learner" });
    const first = h.fake.slashCommand({
      channelId: h.channelId,
      user: learner,
      name: "quiz",
      subcommand: "solo",
      options: [
        { name: "answers", type: T.String, value: "typed" },
        { name: "topic", type: T.String, value: "river" },
        { name: "questions", type: T.Integer, value: 1 },
      ],
    });
    const asked = await first.waitForMessage((m) => buttonsOf(m).length > 0);
    const missed = await typeAnswer(asked, learner, "the yalu river");
    expect(missed.embeds[1]?.fields?.find((f) => f.name === "You typed: the yalu river")?.value).toBe(
      "“The Yalu River” is one of the options, and it is not the answer.",
    );

    ahead += 2 * DAY;
    const review = h.fake.slashCommand({
      channelId: h.channelId,
      user: learner,
      name: "review",
      options: [{ name: "answers", type: T.String, value: "typed" }],
    });
    const due = await review.waitForMessage((m) => buttonsOf(m).length > 0);
    expect(due.embeds[0]?.description).toContain("Which river do most of them cross at night?");
    const recalled = await typeAnswer(due, learner, "두만강");
    expect(recalled.embeds[1]?.title).toBe("✅ Right! The Tumen River");
    expect(recalled.embeds[1]?.fields?.find((f) => f.name === "You typed: 두만강")?.value).toBe(
      "Accepted: Tumen River",
    );
    expect(await h.game.scores.get(h.guildId, learner.id)).toMatchObject({
      answered: 2,
      correct: 1,
      points: 30,
    });
    expectNoViolations();
  });
});
