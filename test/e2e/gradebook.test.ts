/**
 * A grade book a teacher can sign, end to end through the fake Discord: a teacher role, a class
 * role (one student with a Korean client, one whose nickname is a spreadsheet formula, one who
 * never starts), a set played live and then assigned. A student on a streak from the live round
 * gets the same marks for the same answers as one who never played; the CSVs list the whole
 * roster; casual rounds leave the assignment listed; privacy and the answer key follow the
 * server's settings; the post closes at the due time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { type APIMessage, type APIUser, Routes, ApplicationCommandOptionType as T } from "discord.js";
import { describe, expect, it } from "vitest";
import type { Question } from "../../src/bank/question.ts";
import { answerButtons, buttonsOf, rightButton, runCommand, shippedBankOnce } from "../helpers/bot.ts";
import { asQuizMaster, expectNoViolations, MEMBER, useHarness } from "../helpers/harness.ts";

const DAY = 24 * 60 * 60 * 1000;

/** The game's clock runs ahead of the wall clock by this much (to pass a due time). */
let ahead = 0;

const h = useHarness({ now: () => Date.now() + ahead, config: { revealSeconds: 1 } });

const text = (m: APIMessage) => `${m.content ?? ""}\n${JSON.stringify(m.embeds)}`;

/** Answers the private question on `message` (right, or the first wrong option) and waits for its reveal. */
async function answerPrivately(message: APIMessage, user: APIUser, right: boolean, locale?: string) {
  const bank = await shippedBankOnce();
  const { button } = rightButton(message, bank);
  const choice = right ? button : answerButtons(message).find((b) => b.custom_id !== button.custom_id);
  if (!choice) throw new Error("no option to choose");
  await h.fake
    .clickButton({ message, customId: choice.custom_id, user, ...(locale ? { locale } : {}) })
    .response();
  return h.fake.waitForEdit(message.id, (m) => buttonsOf(m).some((b) => b.custom_id.startsWith("v1:next:")));
}

/** Clicks "next" on a private reveal and waits for the next question (or the summary). */
async function next(message: APIMessage, user: APIUser, locale?: string): Promise<APIMessage> {
  const button = buttonsOf(message).find((b) => b.custom_id.startsWith("v1:next:"));
  if (!button) throw new Error("no next button");
  const before = message.embeds[0]?.title;
  await h.fake
    .clickButton({ message, customId: button.custom_id, user, ...(locale ? { locale } : {}) })
    .response();
  return h.fake.waitForEdit(message.id, (m) => m.embeds[0]?.title !== before && !m.embeds[1]);
}

/** Takes an assignment from its post: `rights[i]` says whether question i is answered right. */
async function takeHomework(
  post: APIMessage,
  start: string,
  user: APIUser,
  rights: boolean[],
  locale?: string,
) {
  const opened = h.fake.clickButton({ message: post, customId: start, user, ...(locale ? { locale } : {}) });
  let quiz = await opened.waitForMessage((m) => answerButtons(m).length > 0);
  for (const [i, right] of rights.entries()) {
    quiz = await answerPrivately(quiz, user, right, locale);
    if (i < rights.length - 1 || rights.length === 3) quiz = await next(quiz, user, locale);
  }
  return quiz;
}

/** The last file of that name the bot uploaded, parsed as CSV (BOM checked). */
function csvFile(name: string): { rows: Record<string, string>[]; raw: string } {
  const found = h.fake.calls.flatMap((c) => c.files).findLast((f) => f.name === name);
  if (!found) throw new Error(`no ${name}`);
  const raw = found.data.toString("utf8");
  expect(raw.startsWith("\uFEFF")).toBe(true);
  // For the lead's report: the files as a teacher downloads them, when asked for.
  const out = process.env.GRADEBOOK_CSV_OUT;
  if (out) {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, name), raw);
  }
  return { rows: parse(raw, { bom: true, columns: true }) as Record<string, string>[], raw };
}

describe("a grade book a teacher can sign", () => {
  it("scores homework on its own, lists the whole class, keeps class work, and follows the server's privacy", async () => {
    const bank = await shippedBankOnce();
    h.fake.allowMemberList(); // the bot has the Server Members intent: a role's members can be listed
    const teacherRole = h.fake.snowflake();
    const classRole = h.fake.snowflake();
    const admin = h.fake.user({ username: "admin" });
    asQuizMaster(h, admin);
    const teacher = h.fake.user({ username: "teacher" });
    h.fake.member(teacher, { guildId: h.guildId, permissions: MEMBER, roles: [teacherRole] });
    const student = (username: string, init: { globalName?: string; nick?: string } = {}) => {
      const user = h.fake.user({ username, ...(init.globalName ? { globalName: init.globalName } : {}) });
      h.fake.member(user, {
        guildId: h.guildId,
        permissions: MEMBER,
        roles: [classRole],
        ...(init.nick ? { nick: init.nick } : {}),
      });
      return user;
    };
    const sam = student("sam", { globalName: "Sam" });
    const kim = student("kim", { globalName: "Kim" });
    const jiwoo = student("jiwoo", { globalName: "지우" });
    const formula = student("calc", { nick: "=SUM(A1:A9)" });
    const absent = student("abe", { globalName: "Abe" });
    const outsider = h.fake.user({ username: "outsider" });
    h.fake.member(outsider, { guildId: h.guildId, permissions: MEMBER });

    await runCommand(h, {
      user: admin,
      name: "settings",
      subcommand: "quiz-master-role",
      options: [{ name: "role", type: T.Role, value: teacherRole }],
    });

    // A set of three, played live by the teacher: sam answers every question right (a streak of 3).
    const three: Question[] = bank.questions.filter((q) => q.type === "multiple-choice").slice(5, 8);
    const setOption = { name: "set", type: T.String, value: "Unit 3" } as const;
    await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "create",
      options: [{ name: "name", type: T.String, value: "Unit 3" }],
    });
    for (const q of three) {
      await runCommand(h, {
        user: teacher,
        name: "set",
        subcommand: "add",
        options: [setOption, { name: "question", type: T.String, value: q.id }],
      });
    }
    const live = h.fake.slashCommand({
      channelId: h.channelId,
      user: teacher,
      name: "set",
      subcommand: "play",
      options: [setOption, { name: "seconds", type: T.Integer, value: 60 }],
    });
    await live.waitForMessage((m) => (m.content ?? "").includes("has started"));
    const seen = new Set<string>();
    for (const _ of three) {
      const question = await h.fake.waitForMessage(
        h.channelId,
        (m) => answerButtons(m).length > 0 && !seen.has(m.id),
      );
      seen.add(question.id);
      const { button } = rightButton(question, bank);
      await h.fake
        .clickButton({ message: question, customId: button.custom_id, user: sam })
        .waitForMessage((m) => (m.content ?? "").includes("is in"));
      const sessionId = button.custom_id.split(":")[2] as string;
      await h.running.bot.rounds.runNextStepNow(sessionId);
      await h.running.bot.rounds.runNextStepNow(sessionId);
    }
    await h.fake.waitForMessage(h.channelId, (m) => m.embeds[0]?.title === "Final scoreboard");
    expect((await h.game.scores.get(h.guildId, sam.id))?.streak).toBe(3);

    // Assigned to the class role, due in three days: the post names the role without pinging it.
    const assigned = await runCommand(h, {
      user: teacher,
      name: "assign",
      options: [
        setOption,
        { name: "due", type: T.String, value: "in 3 days" },
        { name: "role", type: T.Role, value: classRole },
      ],
    });
    const assignmentId = /result:([A-Za-z0-9]+)/.exec(assigned.reply.content ?? "")?.[1] as string;
    const start = `v1:asg:${assignmentId}`;
    const post = await h.fake.waitForMessage(h.channelId, (m) =>
      buttonsOf(m).some((b) => b.custom_id === start),
    );
    expect(post.embeds[0]?.description).toContain(`For <@&${classRole}>`);
    expect(post.embeds[0]?.description).not.toContain(`For ${classRole}`);
    expect(post.mention_roles ?? []).toEqual([]);

    // The same answers give the same marks, streak or none: sam (on a streak of 3) and kim (none).
    await takeHomework(post, start, sam, [true, true, true]);
    await takeHomework(post, start, kim, [true, true, true]);
    // The Korean student finishes; the formula-named one answers one question and stops.
    await takeHomework(post, start, jiwoo, [true, false, true], "ko");
    await takeHomework(post, start, formula, [true]);

    // A second Start while the assignment is open says the attempt is used, in each language.
    const again = h.fake.clickButton({ message: post, customId: start, user: sam });
    expect((await again.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "You have used your attempt at this assignment",
    );
    const againKo = h.fake.clickButton({ message: post, customId: start, user: jiwoo, locale: "ko" });
    expect((await againKo.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "응시 기회(1회)를 이미 사용했어요",
    );

    // The grade book: every member of the class role, the not-started one included, by name.
    const shown = await runCommand(h, {
      user: teacher,
      name: "results",
      subcommand: "show",
      options: [{ name: "result", type: T.String, value: assignmentId }],
    });
    expect(shown.reply.embeds[0]?.description).toContain("Marked in points");
    expect(text(shown.reply)).toContain("Class list: the role's members.");
    const students = csvFile(`result-${assignmentId}-students.csv`).rows;
    const byName = new Map(students.map((r) => [r.student, r]));
    expect([...byName.keys()].sort()).toEqual(["'=SUM(A1:A9)", "Abe", "Kim", "Sam", "지우"].sort());
    const samRow = byName.get("Sam");
    const kimRow = byName.get("Kim");
    expect(samRow?.points).toBe(kimRow?.points);
    expect(samRow?.mark).toBe(kimRow?.mark);
    expect(Number(samRow?.points)).toBeGreaterThan(0);
    expect(students.map((r) => [r.student, r.status, r.right, r.asked])).toEqual([
      ["Kim", "finished", "3", "3"],
      ["Sam", "finished", "3", "3"],
      ["지우", "finished", "2", "3"],
      ["'=SUM(A1:A9)", "started", "1", "3"],
      ["Abe", "not started", "", "3"],
    ]);
    expect(byName.get("Abe")?.user_id).toBe(`="${absent.id}"`);
    const answers = csvFile(`result-${assignmentId}-answers.csv`).rows;
    expect(answers.filter((r) => r.status === "not started").map((r) => r.student)).toEqual(["Abe"]);
    const points = (user: APIUser) =>
      answers.filter((r) => r.user_id === `="${user.id}"`).map((r) => r.points);
    expect(points(sam)).toEqual(points(kim));

    // One student's history, rounds and assignments, with a CSV; a student may not ask for it.
    const history = await runCommand(h, {
      user: teacher,
      name: "results",
      subcommand: "student",
      options: [{ name: "user", type: T.User, value: sam.id }],
    });
    expect(history.reply.embeds[0]?.title).toBe("History: Sam");
    const samHistory = csvFile(`student-${sam.id}-history.csv`).rows;
    expect(samHistory.map((r) => [r.student, r.kind, r.title, r.status])).toEqual([
      ["Sam", "assignment", "Unit 3", "finished"],
      ["Sam", "round", "Unit 3", "finished"],
    ]);
    const snooping = await runCommand(h, {
      user: kim,
      name: "results",
      subcommand: "student",
      options: [{ name: "user", type: T.User, value: sam.id }],
    });
    expect(snooping.reply.content).toContain("quiz master");

    // Casual rounds by a member outside the class do not push the assignment out of sight.
    for (let i = 0; i < 3; i++) {
      await runCommand(h, { user: outsider, name: "quiz", subcommand: "channel" }, (m) =>
        (m.content ?? "").includes("has started"),
      );
      await runCommand(h, { user: outsider, name: "quiz", subcommand: "stop" });
    }
    const list = await runCommand(h, { user: teacher, name: "results", subcommand: "list" });
    expect((list.reply.embeds[0]?.description ?? "").split("\n")[0]).toContain("Assignment: Unit 3");
    const offered = await h.fake
      .autocomplete({
        channelId: h.channelId,
        user: teacher,
        name: "results",
        subcommand: "show",
        focused: { name: "result", value: "" },
      })
      .response();
    expect(JSON.stringify(offered)).toContain(`"value":"${assignmentId}"`);
    const mine = await runCommand(h, { user: kim, name: "results", subcommand: "mine" });
    expect((mine.reply.embeds[0]?.description ?? "").split("\n")[0]).toMatch(
      /^Assignment: Unit 3 · ✅ Kim: 3\/3 right/,
    );

    // Privacy: with others' stats kept to quiz masters, a student cannot see a classmate's.
    const privacy = await runCommand(h, {
      user: admin,
      name: "settings",
      subcommand: "privacy",
      options: [{ name: "stats", type: T.String, value: "quiz-masters" }],
    });
    expect(privacy.reply.content).toContain("can be seen by **quiz masters only**");
    const nosy = await runCommand(h, {
      user: kim,
      name: "stats",
      options: [{ name: "user", type: T.User, value: sam.id }],
    });
    expect(nosy.reply.content).toContain("only quiz masters can see another member's stats");
    const own = await runCommand(h, { user: kim, name: "stats" });
    expect(own.reply.embeds.length).toBeGreaterThan(0);
    const teacherView = await runCommand(h, {
      user: teacher,
      name: "stats",
      options: [{ name: "user", type: T.User, value: sam.id }],
    });
    expect(text(teacherView.reply)).not.toContain("Your weakest");

    // The answer key of the open assignment is kept from students, not from the teacher.
    const keyShown = await runCommand(h, {
      user: kim,
      name: "set",
      subcommand: "show",
      options: [setOption],
    });
    expect(keyShown.reply.embeds[0]?.description).toContain(
      "The answers are hidden while this set is assigned",
    );
    for (const q of three) expect(text(keyShown.reply)).not.toContain(q.id);
    const questionShown = await runCommand(h, {
      user: kim,
      name: "question",
      subcommand: "show",
      options: [{ name: "id", type: T.String, value: three[0]?.id ?? "" }],
    });
    expect(questionShown.reply.content).toContain("its answer is shown after the due time");
    expect(text(questionShown.reply)).not.toContain(three[0]?.answer ?? "?");
    const teacherSet = await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "show",
      options: [setOption],
    });
    for (const q of three) expect(text(teacherSet.reply)).toContain(q.id);

    // A set shared with a colleague: its question ids in order, with the key; not for students.
    await runCommand(h, { user: teacher, name: "set", subcommand: "export", options: [setOption] });
    const exported = h.fake.calls.flatMap((c) => c.files).findLast((f) => f.name.startsWith("set-"));
    const setRows = parse(exported?.data.toString("utf8") ?? "", { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(setRows.map((r) => [r.position, r.question_id, r.right_answer])).toEqual(
      three.map((q, i) => [String(i + 1), q.id, q.answer]),
    );
    const studentExport = await runCommand(h, {
      user: kim,
      name: "set",
      subcommand: "export",
      options: [setOption],
    });
    expect(studentExport.reply.content).toContain("quiz master");

    // The public board speaks the server's language, whatever the caller's; then the server hides it.
    await runCommand(h, {
      user: admin,
      name: "settings",
      subcommand: "language",
      options: [{ name: "language", type: T.String, value: "ko" }],
    });
    const board = await runCommand(h, { user: kim, name: "leaderboard" });
    expect(board.reply.embeds[0]?.title).toBe("순위표: 전체 기간");
    await runCommand(h, {
      user: admin,
      name: "settings",
      subcommand: "privacy",
      options: [{ name: "leaderboard", type: T.Boolean, value: false }],
    });
    const hidden = h.fake.slashCommand({ channelId: h.channelId, user: kim, name: "leaderboard" });
    const refusal = await hidden.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(refusal.content).toContain("turned the public leaderboard off");
    expect(hidden.isEphemeral(refusal)).toBe(true);

    // A teacher grants one student a second attempt; a student cannot grant themselves one.
    const accommodation = [
      { name: "result", type: T.String, value: assignmentId },
      { name: "user", type: T.User, value: formula.id },
      { name: "attempts", type: T.Integer, value: 2 },
    ] as const;
    const granted = await runCommand(h, {
      user: teacher,
      name: "results",
      subcommand: "accommodate",
      options: [...accommodation],
    });
    expect(granted.reply.content).toContain(`<@${formula.id}> may take "Unit 3" 2 times in all`);
    const selfGranted = await runCommand(h, {
      user: kim,
      name: "results",
      subcommand: "accommodate",
      options: [...accommodation],
    });
    expect(selfGranted.reply.content).toContain("quiz master");

    // At the due time the post closes: Start disabled, with the class's summary.
    ahead = 3 * DAY + 60_000;
    expect(await h.running.bot.deadlines.notify(assignmentId)).toBe(true);
    const closed = await h.fake.waitForEdit(post.id, (m) => (m.embeds[0]?.title ?? "").includes("(closed)"));
    expect(closed.embeds[0]?.description).toContain("3 finished, 1 started");
    expect(buttonsOf(closed).find((b) => b.custom_id === start)).toMatchObject({
      disabled: true,
      label: "Closed",
    });
    // Discord delivers no click on a disabled button: the fake refuses it as Discord would.
    expect(() => h.fake.clickButton({ message: closed, customId: start, user: absent })).toThrow(
      "is disabled",
    );

    // End of term: the archive first, then a confirmation that only a quiz master's click carries out.
    const reset = await runCommand(h, { user: teacher, name: "results", subcommand: "reset" });
    expect(reset.reply.content).toContain("the archive is attached");
    const archive = csvFile(`grade-book-${h.guildId}-archive.csv`).rows;
    expect(
      archive
        .filter((r) => r.result_id === assignmentId)
        .map((r) => r.student)
        .sort(),
    ).toEqual(["'=SUM(A1:A9)", "Kim", "Sam", "지우"].sort());
    const confirm = buttonsOf(reset.reply).find((b) => b.custom_id.startsWith("v1:rreset:"));
    if (!confirm) throw new Error("no confirmation button");
    // A student puts the confirmation's custom_id on a public message and clicks it: refused.
    const forged = (await h.running.client.rest.post(Routes.channelMessages(h.channelId), {
      body: {
        content: "forged",
        components: [
          { type: 1, components: [{ type: 2, style: 4, label: "x", custom_id: confirm.custom_id }] },
        ],
        allowed_mentions: { parse: [] },
      },
    })) as APIMessage;
    const studentClick = h.fake.clickButton({ message: forged, customId: confirm.custom_id, user: kim });
    expect((await studentClick.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "quiz master",
    );
    const stillThere = await runCommand(h, { user: teacher, name: "results", subcommand: "list" });
    expect(stillThere.reply.embeds[0]?.description).toContain("Assignment: Unit 3");
    // The teacher confirms; a second click finds nothing waiting.
    const done = h.fake.clickButton({ message: reset.reply, customId: confirm.custom_id, user: teacher });
    expect((await done.waitForMessage((m) => (m.content ?? "").length > 0)).content).toMatch(
      /^The grade book is empty: \d+ results deleted\.$/,
    );
    const twice = h.fake.clickButton({ message: reset.reply, customId: confirm.custom_id, user: teacher });
    expect((await twice.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "no longer waiting",
    );
    const emptied = await runCommand(h, { user: teacher, name: "results", subcommand: "list" });
    expect(emptied.reply.embeds[0]?.description).toBe(
      "Nothing yet: channel rounds and assignments appear here.",
    );
    const kimsNow = await runCommand(h, { user: kim, name: "results", subcommand: "mine" });
    expect(kimsNow.reply.embeds[0]?.description).toBe("You have no results kept in this server yet.");
    expectNoViolations(h);
  });
});
