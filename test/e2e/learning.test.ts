import { parse } from "csv-parse/sync";
import { PermissionFlagsBits as P } from "discord.js";
import { describe, expect, it } from "vitest";
import { answerButtons, quizCommand, runCommand, shippedBankOnce } from "../helpers/bot.ts";
import { recordAnswerFor } from "../helpers/game.ts";
import { expectNoViolations, useHarness } from "../helpers/harness.ts";

const DAY = 24 * 3600 * 1000;

const h = useHarness();

/** Records answers for a player as if given `daysAgo` days ago (so their cards are due now). */
async function answeredEarlier(
  userId: string,
  answers: { questionId: string; correct: boolean }[],
  daysAgo: number,
) {
  const bank = await shippedBankOnce();
  for (const a of answers) {
    const question = bank.get(a.questionId);
    if (!question) throw new Error(`no question ${a.questionId}`);
    await recordAnswerFor(
      h.game.scores,
      h.guildId,
      userId,
      {
        questionId: a.questionId,
        sourceId: question.citation.source,
        difficulty: question.difficulty,
        correct: a.correct,
      },
      Date.now() - daysAgo * DAY,
    );
  }
}

describe("learning end to end", () => {
  it("/review says when nothing is due, then reviews the due questions with their citations", async () => {
    const bank = await shippedBankOnce();
    const student = h.fake.user({ username: "student" });
    const empty = h.fake.slashCommand({ channelId: h.channelId, user: student, name: "review" });
    expect((await empty.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "Nothing to review yet",
    );

    const [missed, known] = bank.questions.filter((q) => q.citation.section !== undefined);
    if (!missed || !known) throw new Error("not enough questions with sections");
    // The known question was answered right twice (a day ago, then 15 minutes later), which moves
    // its card from learning to review, due in days; the missed one was answered wrong half a day ago.
    await answeredEarlier(student.id, [{ questionId: known.id, correct: true }], 1);
    await answeredEarlier(student.id, [{ questionId: known.id, correct: true }], 1 - 15 / (24 * 60));
    await answeredEarlier(student.id, [{ questionId: missed.id, correct: false }], 0.5);

    // Now the missed question is due again and the known one is not yet.
    const review = h.fake.slashCommand({ channelId: h.channelId, user: student, name: "review" });
    const asked = await review.waitForMessage((m) => answerButtons(m).length > 0);
    expect(asked.embeds[0]?.title).toBe("Question 1 of 1");
    expect(asked.embeds[0]?.description).toBe(missed.question);
    const right = answerButtons(asked).find((b) => b.label.slice(3) === missed.answer);
    if (!right) throw new Error("no right button");
    h.fake.clickButton({ message: asked, customId: right.custom_id, user: student });
    const revealed = await h.fake.waitForEdit(asked.id, (m) => m.embeds.length === 2);
    expect(revealed.embeds[1]?.fields?.[1]?.value).toContain(
      missed.citation.quote.split(/\s+/).slice(0, 5).join(" "),
    );

    // Now nothing is due, and the bot says when the next review is.
    const again = h.fake.slashCommand({ channelId: h.channelId, user: student, name: "review" });
    expect((await again.waitForMessage((m) => (m.content ?? "").length > 0)).content).toMatch(
      /Nothing is due right now\. Your next review is <t:\d+:R>\./,
    );
    expectNoViolations(h);
  });

  it("/stats shows accuracy per section and names the weakest source with the command to practise it", async () => {
    const bank = await shippedBankOnce();
    const learner = h.fake.user({ username: "learner" });
    const state = bank.questions.filter((q) => q.citation.source === "state-dept-2005" && q.citation.section);
    const tvedt = bank.questions.filter((q) => q.citation.source === "tvedt-2018");
    await answeredEarlier(
      learner.id,
      [
        ...state.slice(0, 3).map((q) => ({ questionId: q.id, correct: true })),
        ...tvedt.slice(0, 2).map((q) => ({ questionId: q.id, correct: false })),
      ],
      1,
    );
    const stats = h.fake.slashCommand({ channelId: h.channelId, user: learner, name: "stats" });
    const shown = await stats.waitForMessage((m) => m.embeds.length > 0);
    const fields = shown.embeds[0]?.fields ?? [];
    expect(fields.find((f) => f.name === "By section, weakest first")?.value).toContain("state-dept-2005");
    expect(fields.find((f) => f.name === "To practise")?.value).toContain("/quiz solo source:tvedt-2018");
    expectNoViolations(h);
  });

  it("/quiz report lists the most missed questions with passages and a CSV that reads back", async () => {
    const bank = await shippedBankOnce();
    const target = bank.questions.find((q) => q.citation.source === "seymour-2005");
    if (!target) throw new Error("no question");
    const classmates = [0, 1, 2].map((i) => h.fake.user({ username: `class${i}` }));
    // One of them is still a member of the server, with a nickname there.
    const [stillMember] = classmates;
    if (stillMember) h.fake.member(stillMember, { guildId: h.guildId, nick: "Class Zero" });
    for (const classmate of classmates) {
      await answeredEarlier(classmate.id, [{ questionId: target.id, correct: false }], 1);
    }
    const member = h.fake.user({ username: "pupil" });
    const refused = quizCommand(
      h,
      member,
      "report",
      {},
      { memberPermissions: P.ViewChannel | P.SendMessages },
    );
    expect((await refused.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "Only quiz masters",
    );

    const teacher = h.fake.user({ username: "teacher" });
    const { reply: shown } = await runCommand(h, {
      user: teacher,
      memberPermissions: P.ViewChannel | P.SendMessages | P.ManageGuild,
      name: "quiz",
      subcommand: "report",
    });
    const first = shown.embeds[0]?.fields?.[0];
    expect(first?.name).toMatch(/^1\. Missed \d+ of \d+ times/);
    expect(shown.embeds[0]?.fields?.some((f) => f.value.includes(target.question))).toBe(true);
    const csv = h.fake.calls.flatMap((c) => c.files).find((f) => f.name === `quiz-results-${h.guildId}.csv`);
    if (!csv) throw new Error("no CSV was sent");
    // A spreadsheet's CSV: a BOM, user ids as text a spreadsheet keeps, the question's text, times with an offset.
    const raw = csv.data.toString("utf8");
    expect(raw.startsWith("\uFEFF")).toBe(true);
    const rows = parse(raw, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      "student",
      "user_id",
      "question_id",
      "question",
      "source",
      "section",
      "answered",
      "correct",
      "last_correct",
      "last_answered_at",
    ]);
    const targetRows = rows.filter((r) => r.question_id === target.id);
    expect(targetRows.length).toBeGreaterThanOrEqual(3);
    for (const row of targetRows) {
      expect(row.source).toBe("seymour-2005");
      expect(row.question).toBe(target.question);
      expect(row.user_id).toMatch(/^="\d+"$/);
      expect(row.last_answered_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+00:00$/);
    }
    // Named as the other grade-book CSVs name students: a member by the name the server shows,
    // records of users who are not members left unnamed.
    expect(rows.filter((r) => r.user_id === `="${stillMember?.id}"`).map((r) => r.student)).toContain(
      "Class Zero",
    );
    expect(rows.filter((r) => r.user_id === `="${classmates[1]?.id}"`).map((r) => r.student)).toContain("");
    expectNoViolations(h);
  });
});
