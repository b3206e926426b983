/**
 * A whole class, end to end through the fake Discord: a teacher builds a set of 5, runs it live,
 * assigns it with a due time; three students take it (one finishes, one stops half way, one never
 * starts); a late Start is refused; the teacher reads progress and results, and both CSV files
 * read back cell by cell; a restart during an attempt loses nothing.
 */
import { parse } from "csv-parse/sync";
import { type APIMessage, type APIUser, ApplicationCommandOptionType as T } from "discord.js";
import { describe, expect, it } from "vitest";
import type { Question } from "../../src/bank/question.ts";
import {
  answerButtons,
  buttonsOf,
  optionsOf,
  rightButton,
  runCommand,
  shippedBankOnce,
} from "../helpers/bot.ts";
import { asQuizMaster, expectNoViolations, MEMBER, useHarness } from "../helpers/harness.ts";

const DAY = 24 * 60 * 60 * 1000;

/** The game's clock runs ahead of the wall clock by this much (to pass a due time). */
let ahead = 0;

const h = useHarness({ now: () => Date.now() + ahead, config: { revealSeconds: 1 } });

const text = (m: APIMessage) => `${m.content ?? ""}\n${JSON.stringify(m.embeds)}`;

/** Answers the private question on `message` (right or the first wrong option) and waits for its reveal. */
async function answerPrivately(message: APIMessage, user: APIUser, right: boolean): Promise<APIMessage> {
  const bank = await shippedBankOnce();
  const { button } = rightButton(message, bank);
  const choice = right ? button : answerButtons(message).find((b) => b.custom_id !== button.custom_id);
  if (!choice) throw new Error("no option to choose");
  const click = h.fake.clickButton({ message, customId: choice.custom_id, user });
  await click.response();
  return h.fake.waitForEdit(message.id, (m) => buttonsOf(m).some((b) => b.custom_id.startsWith("v1:next:")));
}

/** Clicks "next" on a private reveal and waits for the next question (or the summary). */
async function next(message: APIMessage, user: APIUser): Promise<APIMessage> {
  const button = buttonsOf(message).find((b) => b.custom_id.startsWith("v1:next:"));
  if (!button) throw new Error("no next button");
  const before = message.embeds[0]?.title;
  await h.fake.clickButton({ message, customId: button.custom_id, user }).response();
  return h.fake.waitForEdit(message.id, (m) => m.embeds[0]?.title !== before && !m.embeds[1]);
}

describe("running a class", () => {
  it("builds a set, runs it live, assigns it, grades it, and exports both CSV files", async () => {
    // The game's clock when the test began: no attempt can have started before it.
    const began = Date.now() + ahead;
    const bank = await shippedBankOnce();
    const teacher = h.fake.user({ username: "teacher" });
    asQuizMaster(h, teacher);
    // Names that a CSV must quote: a comma, quotes, a line break, Korean; and one a spreadsheet would run.
    const students = [
      { name: 'Kim, "Ji-woo"', user: h.fake.user({ username: "s1", globalName: 'Kim, "Ji-woo"' }) },
      { name: "박서준\n(2반)", user: h.fake.user({ username: "s2", globalName: "박서준\n(2반)" }) },
      { name: "=cmd|' /C calc'!A0", user: h.fake.user({ username: "s3", globalName: "=cmd|' /C calc'!A0" }) },
    ];
    const [finisher, halfway, absent] = students;
    if (!finisher || !halfway || !absent) throw new Error("three students");
    for (const s of students) h.fake.member(s.user, { guildId: h.guildId, permissions: MEMBER });

    // /settings time-zone, with autocomplete over the IANA names.
    const zones = await h.fake
      .autocomplete({
        channelId: h.channelId,
        user: teacher,
        name: "settings",
        subcommand: "time-zone",
        focused: { name: "zone", value: "seoul" },
      })
      .response();
    expect(JSON.stringify(zones)).toContain('"Asia/Seoul"');
    const zone = await runCommand(h, {
      user: teacher,
      name: "settings",
      subcommand: "time-zone",
      options: [{ name: "zone", type: T.String, value: "asia/seoul" }],
    });
    expect(zone.reply.content).toContain("Asia/Seoul");

    // A set of 5: one found by searching its text, four by id; then the last moved to the front.
    // Five that show none of each other's answers, so the set plays in exactly the teacher's order.
    const five: Question[] = [];
    for (const q of bank.questions) {
      const clash = five.some((p) => bank.revealsOf(p.id).has(q.id) || bank.revealsOf(q.id).has(p.id));
      if (q.type === "multiple-choice" && !clash && five.length < 5) five.push(q);
    }
    expect(five).toHaveLength(5);
    const made = await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "create",
      options: [{ name: "name", type: T.String, value: "Week 1: leaving" }],
    });
    expect(made.reply.content).toContain('Set "Week 1: leaving" created');
    const setOption = { name: "set", type: T.String, value: "Week 1: leaving" } as const;
    const first = five[0] as Question;
    const search = await h.fake
      .autocomplete({
        channelId: h.channelId,
        user: teacher,
        name: "set",
        subcommand: "add",
        options: [setOption],
        focused: { name: "question", value: first.question.slice(5, 30) },
      })
      .response();
    expect(JSON.stringify(search)).toContain(`"value":"${first.id}"`);
    for (const q of five) {
      const added = await runCommand(h, {
        user: teacher,
        name: "set",
        subcommand: "add",
        options: [setOption, { name: "question", type: T.String, value: q.id }],
      });
      expect(added.reply.content).toContain("Added 1 question to");
    }
    const last = five[4] as Question;
    await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "move",
      options: [
        setOption,
        { name: "question", type: T.String, value: last.id },
        { name: "position", type: T.Integer, value: 1 },
      ],
    });
    await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "move",
      options: [
        setOption,
        { name: "question", type: T.String, value: last.id },
        { name: "position", type: T.Integer, value: 5 },
      ],
    });
    const shown = await runCommand(h, {
      user: finisher.user,
      name: "set",
      subcommand: "show",
      options: [setOption],
    });
    const lines = (shown.reply.embeds[0]?.description ?? "").split("\n");
    expect(lines.map((l) => /`([a-z0-9-]+)`/.exec(l)?.[1])).toEqual(five.map((q) => q.id));
    // A student may look at a set but not change it.
    const refused = await runCommand(h, {
      user: finisher.user,
      name: "set",
      subcommand: "rename",
      options: [setOption, { name: "name", type: T.String, value: "mine now" }],
    });
    expect(refused.reply.content).toContain("quiz master");

    // Live in the channel, in the set's order: every student answers every question right.
    const live = h.fake.slashCommand({
      channelId: h.channelId,
      user: teacher,
      name: "set",
      subcommand: "play",
      options: [setOption, { name: "seconds", type: T.Integer, value: 60 }],
    });
    await live.waitForMessage((m) => (m.content ?? "").includes("has started"));
    let seen = new Set<string>();
    for (const q of five) {
      const question = await h.fake.waitForMessage(
        h.channelId,
        (m) => answerButtons(m).length > 0 && !seen.has(m.id),
      );
      seen = new Set([...seen, question.id]);
      expect(question.embeds[0]?.description?.startsWith(q.question)).toBe(true);
      const { button } = rightButton(question, bank);
      for (const s of students) {
        await h.fake
          .clickButton({ message: question, customId: button.custom_id, user: s.user })
          .waitForMessage((m) => (m.content ?? "").includes("is in"));
      }
      const sessionId = button.custom_id.split(":")[2] as string;
      await h.running.bot.rounds.runNextStepNow(sessionId); // time is up: the reveal
      await h.running.bot.rounds.runNextStepNow(sessionId); // the next question, or the end
    }
    await h.fake.waitForMessage(h.channelId, (m) => m.embeds[0]?.title === "Final scoreboard");

    // The homework: due in three days (server time), one attempt, no late attempts.
    const assigned = await runCommand(h, {
      user: teacher,
      name: "assign",
      options: [setOption, { name: "due", type: T.String, value: "in 3 days" }],
    });
    expect(assigned.reply.content).toContain("(Asia/Seoul, UTC+09:00)");
    const assignmentId = /result:([A-Za-z0-9]+)/.exec(assigned.reply.content ?? "")?.[1] as string;
    const post = await h.fake.waitForMessage(h.channelId, (m) =>
      buttonsOf(m).some((b) => b.custom_id === `v1:asg:${assignmentId}`),
    );
    const due = /<t:(\d+):F>/.exec(post.embeds[0]?.description ?? "")?.[1];
    expect(Number(due)).toBeGreaterThan(Date.now() / 1000 + 3 * 86_400 - 120);
    expect(post.embeds[0]?.description).toMatch(/<t:\d+:R>/);
    const start = `v1:asg:${assignmentId}`;

    // The finisher: 4 right, the 3rd wrong.
    const opened = h.fake.clickButton({ message: post, customId: start, user: finisher.user });
    let quiz = await opened.waitForMessage((m) => answerButtons(m).length > 0);
    expect(opened.isEphemeral(quiz)).toBe(true);
    for (let i = 0; i < 5; i++) {
      quiz = await answerPrivately(quiz, finisher.user, i !== 2);
      quiz = await next(quiz, finisher.user);
    }
    expect(quiz.embeds[0]?.title).toBe("Quiz complete");
    // One attempt only: a second Start, while the assignment is still open, says the attempt is used.
    const again = h.fake.clickButton({ message: post, customId: start, user: finisher.user });
    expect((await again.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "You have used your attempt at this assignment",
    );

    // Half way: two answers (right, wrong), then a restart; the attempt resumes where it stopped.
    const halfOpened = h.fake.clickButton({ message: post, customId: start, user: halfway.user });
    let half = await halfOpened.waitForMessage((m) => answerButtons(m).length > 0);
    half = await answerPrivately(half, halfway.user, true);
    half = await next(half, halfway.user);
    half = await answerPrivately(half, halfway.user, false);
    await h.restart();
    const resumed = h.fake.clickButton({ message: post, customId: start, user: halfway.user });
    const back = await resumed.waitForMessage((m) => answerButtons(m).length > 0);
    expect(back.embeds[0]?.title).toBe("Question 3 of 5");
    expect(text(back)).toContain("going on from question 3");

    // The teacher's progress: one finished, one started, one not started; the average of those who finished.
    const progress = await runCommand(h, {
      user: teacher,
      name: "results",
      subcommand: "show",
      options: [{ name: "result", type: T.String, value: assignmentId }],
    });
    const fields = progress.reply.embeds[0]?.fields ?? [];
    expect(fields[0]?.name).toBe("Progress: 1 finished, 1 started, 1 not started");
    expect(fields[0]?.value).toContain(`Not started: <@${absent.user.id}>`);
    expect(progress.reply.embeds[0]?.description).toContain("Class average: **80%** right (1 finished)");
    const perQuestion = fields.find((f) => f.name === "Accuracy per question")?.value ?? "";
    expect(perQuestion.split("\n")).toEqual([
      `1. \`${five[0]?.id}\`: 100% (2/2)`,
      `2. \`${five[1]?.id}\`: 50% (1/2)`,
      `3. \`${five[2]?.id}\`: 0% (0/1)`,
      `4. \`${five[3]?.id}\`: 100% (1/1)`,
      `5. \`${five[4]?.id}\`: 100% (1/1)`,
    ]);
    // The most missed, with their passages: the 3rd (0 of 1 right), then the 2nd (1 of 2).
    const missed = fields.filter((f) => f.name.startsWith("Most missed"));
    expect(missed.map((f) => f.name)).toEqual([
      "Most missed: 1 of 1 got it wrong",
      "Most missed: 1 of 2 got it wrong",
    ]);
    expect(missed[0]?.value).toContain(`> ${five[2]?.citation.quote.split(/\s+/).slice(0, 4).join(" ")}`);
    expect(missed[1]?.value).toContain(`> ${five[1]?.citation.quote.split(/\s+/).slice(0, 4).join(" ")}`);

    // After the due time: a Start is refused, and the teacher is sent the results once.
    ahead = 3 * DAY + 60_000;
    const late = h.fake.clickButton({ message: post, customId: start, user: absent.user });
    expect((await late.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "This assignment closed",
    );
    expect(await h.running.bot.deadlines.notify(assignmentId)).toBe(true);
    expect(await h.running.bot.deadlines.notify(assignmentId)).toBe(false);
    const dm = await h.fake.waitForMessage(h.fake.dmChannelId(teacher.id), (m) =>
      (m.content ?? "").includes("is due"),
    );
    expect(dm.content).toContain("1 finished, 1 started, 1 not started; class average 80%");

    // Both CSV files, read back with a real parser, cell by cell.
    const shownAgain = await runCommand(h, {
      user: teacher,
      name: "results",
      subcommand: "show",
      options: [{ name: "result", type: T.String, value: assignmentId }],
    });
    expect(shownAgain.reply.attachments.map((a) => a.filename).sort()).toEqual([
      "class-questions.png",
      "class-sources.png",
      `result-${assignmentId}-answers.csv`,
      `result-${assignmentId}-students.csv`,
    ]);
    // The class's accuracy per question and per source, drawn beside the grade book's text.
    expect(shownAgain.reply.embeds.map((e) => e.image?.url).filter(Boolean)).toEqual([
      "attachment://class-questions.png",
      "attachment://class-sources.png",
    ]);
    const file = (name: string) => {
      const found = h.fake.calls.flatMap((c) => c.files).findLast((f) => f.name === name);
      if (!found) throw new Error(`no ${name}`);
      const raw = found.data.toString("utf8");
      expect(raw.startsWith("\uFEFF")).toBe(true);
      return parse(raw, { bom: true, columns: true }) as Record<string, string>[];
    };
    const everyRow = file(`result-${assignmentId}-answers.csv`);
    // Seven answers, and one row for the student who never started (the roster: who has played here).
    expect(everyRow).toHaveLength(8);
    expect(everyRow.filter((r) => r.status === "not started").map((r) => [r.student, r.user_id])).toEqual([
      ["'=cmd|' /C calc'!A0", `="${absent.user.id}"`],
    ]);
    const answers = everyRow.filter((r) => r.status !== "not started");
    const finisherRows = answers.filter((r) => r.user_id === `="${finisher.user.id}"`);
    expect(finisherRows.map((r) => r.student)).toEqual(Array(5).fill('Kim, "Ji-woo"'));
    expect(finisherRows.map((r) => r.question_id)).toEqual(five.map((q) => q.id));
    expect(finisherRows.map((r) => r.question)).toEqual(five.map((q) => q.question));
    expect(finisherRows.map((r) => r.right_answer)).toEqual(five.map((q) => q.answer));
    expect(finisherRows.map((r) => r.correct)).toEqual(["true", "true", "false", "true", "true"]);
    expect(finisherRows[0]?.chosen_answer).toBe(five[0]?.answer);
    expect(finisherRows[2]?.chosen_answer).not.toBe(five[2]?.answer);
    expect(five[2]?.wrong).toContain(finisherRows[2]?.chosen_answer);
    expect(finisherRows[2]?.points).toBe("0");
    expect(Number(finisherRows[0]?.points)).toBeGreaterThan(0);
    for (const r of answers) {
      expect(r.answered_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+09:00$/);
      expect(r.attempt).toBe("1");
      expect(r.late).toBe("false");
    }
    const halfRows = answers.filter((r) => r.user_id === `="${halfway.user.id}"`);
    expect(halfRows.map((r) => [r.student, r.question_id, r.correct])).toEqual([
      ["박서준\n(2반)", five[0]?.id, "true"],
      ["박서준\n(2반)", five[1]?.id, "false"],
    ]);
    const students_ = file(`result-${assignmentId}-students.csv`);
    expect(students_.map((r) => [r.student, r.user_id, r.status, r.right, r.asked, r.attempts])).toEqual([
      ['Kim, "Ji-woo"', `="${finisher.user.id}"`, "finished", "4", "5", "1"],
      ["박서준\n(2반)", `="${halfway.user.id}"`, "started", "1", "5", "1"],
      ["'=cmd|' /C calc'!A0", `="${absent.user.id}"`, "not started", "", "5", "0"],
    ]);
    expect(Number(students_[0]?.points)).toBe(finisherRows.reduce((sum, r) => sum + Number(r.points), 0));
    expect(students_[0]?.mark).toBe(students_[0]?.points);
    expect(students_.map((r) => r.marked_as)).toEqual(["points", "points", "points"]);
    // From the attempt's start (before its first answer) to its last answer, rounded to whole
    // seconds. answered_at shows whole seconds (each up to 1 s early), hence the margins.
    const answeredAt = finisherRows.map((r) =>
      Date.parse((r.answered_at ?? "").replace(" ", "T").replace(" ", "")),
    );
    expect(answeredAt.filter(Number.isNaN)).toEqual([]);
    const firstToLast = Math.max(...answeredAt) - Math.min(...answeredAt);
    const taken = Number(students_[0]?.time_taken_seconds);
    expect(students_[0]?.time_taken_seconds).toMatch(/^\d+$/);
    expect(taken).toBeGreaterThanOrEqual(firstToLast / 1000 - 1);
    expect(taken * 1000).toBeLessThanOrEqual(Math.max(...answeredAt) + 1500 - began);
    // One who started has a time; one who never started has none (a blank, not a zero).
    expect(students_[1]?.time_taken_seconds).toMatch(/^\d+$/);
    expect(students_[2]?.time_taken_seconds).toBe("");

    // The live round is in the grade book too, with the formula-like name made inert.
    const list = await runCommand(h, { user: teacher, name: "results", subcommand: "list" });
    const listed = list.reply.embeds[0]?.description ?? "";
    expect(listed.split("\n")[0]).toContain("Assignment: Week 1: leaving");
    expect(listed.split("\n")[1]).toContain("Channel round: Week 1: leaving");
    const roundId = /`([A-Za-z0-9]+)`$/.exec(listed.split("\n")[1] ?? "")?.[1] as string;
    await runCommand(h, {
      user: teacher,
      name: "results",
      subcommand: "show",
      options: [{ name: "result", type: T.String, value: roundId }],
    });
    const round = file(`result-${roundId}-students.csv`);
    expect(round.map((r) => [r.student, r.right, r.asked, r.status]).sort()).toEqual(
      [
        ['Kim, "Ji-woo"', "5", "5", "finished"],
        ["박서준\n(2반)", "5", "5", "finished"],
        ["'=cmd|' /C calc'!A0", "5", "5", "finished"],
      ].sort(),
    );

    // A student sees only their own results; the grade book is the teacher's.
    const mine = await runCommand(h, { user: halfway.user, name: "results", subcommand: "mine" });
    const own = (mine.reply.embeds[0]?.description ?? "").split("\n");
    expect(own).toEqual([
      expect.stringMatching(/^Assignment: Week 1: leaving · ⏳ 박서준 \\\(2반\\\): 2 of 5 answered, 1 right/),
      expect.stringMatching(/^Channel round: Week 1: leaving · ✅ 박서준 \\\(2반\\\): 5\/5 right/),
    ]);
    const nosy = await runCommand(h, { user: halfway.user, name: "results", subcommand: "list" });
    expect(nosy.reply.content).toContain("quiz master");
    expectNoViolations(h);
  });

  it("refuses a past or unreadable due time, saying what it understood", async () => {
    const teacher = h.fake.user({ username: "teacher2" });
    asQuizMaster(h, teacher);
    const past = await runCommand(h, {
      user: teacher,
      name: "assign",
      options: optionsOf({ set: "Week 1: leaving", due: "2020-01-01 09:00" }),
    });
    expect(past.reply.content).toContain("Wed 2020-01-01 09:00 (Asia/Seoul, UTC+09:00), has already passed");
    const junk = await runCommand(h, {
      user: teacher,
      name: "assign",
      options: optionsOf({ set: "Week 1: leaving", due: "whenever" }),
    });
    expect(junk.reply.content).toContain('I could not read "whenever" as a due time in Asia/Seoul');
    expectNoViolations(h);
  });

  it("lets a member with the quiz-master role stop someone else's round", async () => {
    const admin = h.fake.user({ username: "admin" });
    asQuizMaster(h, admin);
    const role = h.fake.snowflake();
    await runCommand(h, {
      user: admin,
      name: "settings",
      subcommand: "quiz-master-role",
      options: [{ name: "role", type: T.Role, value: role }],
    });
    const host = h.fake.user({ username: "host" });
    h.fake.member(host, { guildId: h.guildId, permissions: MEMBER });
    await runCommand(h, { user: host, name: "quiz", subcommand: "channel" }, (m) =>
      (m.content ?? "").includes("has started"),
    );
    const assistant = h.fake.user({ username: "assistant" });
    h.fake.member(assistant, { guildId: h.guildId, permissions: MEMBER, roles: [role] });
    const stop = await runCommand(h, { user: assistant, name: "quiz", subcommand: "stop" });
    expect(stop.reply.content).toContain("stopped");
    const help = await runCommand(h, { user: host, name: "help" });
    const names = help.reply.embeds[0]?.fields?.map((f) => f.name) ?? [];
    expect(names).toContain("Quiz masters (Manage Server, or the quiz-master role)");
    expect(JSON.stringify(help.reply.embeds)).toContain("/settings quiz-master-role role:<role>");
    expectNoViolations(h);
  });
});
