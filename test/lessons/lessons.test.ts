import { describe, expect, it } from "vitest";
import { UserError } from "../../src/app/errors.ts";
import { assignSet, startAttempt } from "../../src/app/lessons/assignments.ts";
import { resultDetail } from "../../src/app/lessons/results.ts";
import {
  addMatching,
  addToSet,
  createSet,
  moveInSet,
  playableQuestions,
  renameSet,
  setEntries,
} from "../../src/app/lessons/sets.ts";
import { answer } from "../../src/app/quiz.ts";
import { Bank } from "../../src/bank/bank.ts";
import type { Question } from "../../src/bank/question.ts";
import { displayedOptions } from "../../src/engine/session.ts";
import { LESSON_LIMITS } from "../../src/records/lessons.ts";
import { lessonKeys } from "../../src/store/lessons.ts";
import { makeGame, makeTestBank } from "../helpers/game.ts";

const scope = { guildId: "g1", userId: "teacher" };

describe("question sets", () => {
  it("builds, reorders and renames a set; refuses duplicates, unknown questions and overfilling", async () => {
    const ctx = makeGame({ bank: makeTestBank(40) });
    const set = await createSet(ctx, scope, "  Week   1 ");
    expect(set.name).toBe("Week 1");
    await expect(createSet(ctx, scope, "week 1")).rejects.toThrow('There is already a set called "week 1"');
    await expect(addToSet(ctx, "g1", set.id, ["nope"])).rejects.toBeInstanceOf(UserError);
    const added = await addToSet(ctx, "g1", set.id, ["q1", "q2", "q1"]);
    expect(added).toMatchObject({ added: ["q1", "q2"], alreadyIn: 1, full: 0, conflicts: [] });
    expect((await moveInSet(ctx, "g1", set.id, "q2", 1)).questionIds).toEqual(["q2", "q1"]);
    expect((await renameSet(ctx, "g1", set.id, "Week 2")).name).toBe("Week 2");
    const all = await addMatching(ctx, "g1", set.id, {});
    expect(all.added).toHaveLength(LESSON_LIMITS.questionsPerSet - 2);
    expect(all.full).toBe(40 - LESSON_LIMITS.questionsPerSet);
    await expect(addToSet(ctx, "g1", set.id, ["q39"])).rejects.toThrow("the most a set holds");
  });

  it("names the questions that give each other away (the bank's exclusion groups) as they are added", async () => {
    const plain = makeTestBank(4);
    const q = plain.questions;
    const bank = new Bank(plain.corpus, [
      { ...(q[0] as Question), fact: "f" },
      { ...(q[1] as Question), fact: "f" },
      ...q.slice(2),
    ]);
    const ctx = makeGame({ bank });
    const set = await createSet(ctx, scope, "Facts");
    expect((await addToSet(ctx, "g1", set.id, ["q0", "q2"])).conflicts).toEqual([]);
    expect((await addToSet(ctx, "g1", set.id, ["q1"])).conflicts).toEqual([["q0", "q1"]]);
  });

  it("says which questions were disabled and plays the rest", async () => {
    const ctx = makeGame();
    const set = await createSet(ctx, scope, "Lesson");
    await addToSet(ctx, "g1", set.id, ["q1", "q2", "q3"]);
    await ctx.community.updateSettings("g1", (s) => ({ ...s, disabledQuestions: ["q2"] }));
    ctx.banks.invalidate("g1");
    expect((await setEntries(ctx, "g1", ["q1", "q2", "q3", "gone"])).map((e) => e.status)).toEqual([
      "ok",
      "disabled",
      "ok",
      "removed",
    ]);
    const { questions, skipped } = await playableQuestions(ctx, "g1", ["q1", "q2", "q3", "gone"]);
    expect(questions.map((q) => q.id)).toEqual(["q1", "q3"]);
    expect(skipped).toEqual(["q2", "gone"]);
  });

  it("moves a corrupt set record aside and starts afresh", async () => {
    const ctx = makeGame();
    await ctx.keyv.set(lessonKeys.sets("g1"), { v: 1, sets: "not a list" });
    expect(await ctx.lessons.sets("g1")).toEqual([]);
    await ctx.quarantine.idle();
    expect(await ctx.keyv.get(lessonKeys.sets("g1"))).toBeUndefined();
    expect(await ctx.keyv.get(`corrupt:${lessonKeys.sets("g1")}:${ctx.clock.time}`)).toEqual({
      v: 1,
      sets: "not a list",
    });
  });
});

describe("assignments", () => {
  async function assigned() {
    const ctx = makeGame();
    const set = await createSet(ctx, scope, "Homework");
    await addToSet(ctx, "g1", set.id, ["q1", "q2"]);
    const { assignment } = await assignSet(ctx, {
      guildId: "g1",
      channelId: "c1",
      userId: "teacher",
      set: "homework",
      due: "in 2 days",
      attempts: 1,
      allowLate: false,
      roleId: null,
      locale: "en",
    });
    return { ctx, assignment };
  }

  it("opens one attempt for a double click, and keeps each answer exactly once with its score", async () => {
    const { ctx, assignment } = await assigned();
    const input = { assignmentId: assignment.id, guildId: "g1", userId: "stu", displayName: "Stu" };
    const [a, b] = await Promise.all([startAttempt(ctx, input), startAttempt(ctx, input)]);
    expect([a.kind, b.kind].sort()).toEqual(["resumed", "started"]);
    const state = a.kind === "started" ? a.state : b.kind === "started" ? b.state : undefined;
    if (!state) throw new Error("no attempt");
    expect((await ctx.lessons.attempts(assignment.id, "stu"))?.attempts).toHaveLength(1);
    const question = ctx.bank.get(state.questionIds[0] as string);
    if (!question) throw new Error("no question");
    const right = displayedOptions(state, question).indexOf(question.answer);
    const click = { sessionId: state.id, round: 0, userId: "stu", choice: right, displayName: "Stu" };
    await Promise.all([answer(ctx, click), answer(ctx, click)]);
    const rows = await ctx.lessons.gradeRows(assignment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: "stu",
      displayName: "Stu",
      correct: true,
      chosen: question.answer,
    });
    expect(rows[0]?.points).toBe((await ctx.scores.get("g1", "stu"))?.points);
    const detail = await resultDetail(ctx, "g1", assignment.id, { userIds: ["stu", "other"] });
    expect(detail.progress.started.map((s) => s.userId)).toEqual(["stu"]);
    expect(detail.progress.notStarted).toEqual(["other"]);
  });

  it("refuses a Start after the due time", async () => {
    const { ctx, assignment } = await assigned();
    ctx.clock.advance(2 * 24 * 60 * 60 * 1000 + 1);
    expect(
      await startAttempt(ctx, {
        assignmentId: assignment.id,
        guildId: "g1",
        userId: "late",
        displayName: "L",
      }),
    ).toEqual({
      kind: "closed",
      dueAt: assignment.dueAt,
    });
    // An assignment of another server is not found from this one.
    expect(
      (await startAttempt(ctx, { assignmentId: assignment.id, guildId: "g2", userId: "x", displayName: "X" }))
        .kind,
    ).toBe("gone");
  });
});
