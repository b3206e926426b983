/**
 * The grade book on a real store (a SQLite file): class work kept apart from casual rounds, so a
 * member's 500 start/stop rounds leave an assignment listed, offered and in its student's own
 * results, while the rounds they push out are deleted with their answers.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import type Keyv from "keyv";
import { afterEach, describe, expect, it } from "vitest";
import {
  accommodate,
  assignSet,
  openAssignmentsAsking,
  startAttempt,
} from "../../src/app/lessons/assignments.ts";
import {
  listResults,
  myResults,
  recentResults,
  resultDetail,
  startRecordedChannel,
  studentHistory,
} from "../../src/app/lessons/results.ts";
import { addToSet, createSet } from "../../src/app/lessons/sets.ts";
import { setCasualRoundsKept } from "../../src/app/lessons/settings.ts";
import { answer, endSession } from "../../src/app/quiz.ts";
import { closedAssignmentMessage } from "../../src/discord/render/lessons.ts";
import { displayedOptions, type SessionState } from "../../src/engine/session.ts";
import { LESSON_LIMITS } from "../../src/records/lessons.ts";
import { lessonKeys } from "../../src/store/lessons.ts";
import { openKeyv } from "../../src/store/open.ts";
import { scanPrefix } from "../../src/store/scan.ts";
import { makeGame } from "../helpers/game.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const opened: { keyv: Keyv; dir: string }[] = [];

afterEach(async () => {
  for (const { keyv, dir } of opened.splice(0)) {
    await keyv.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A game on a fresh SQLite file (removed after the test). */
function gameOnSqlite() {
  const dir = tempDir("gradebook-");
  const keyv = openKeyv(`sqlite://${path.join(dir, "store.sqlite")}`, { namespace: "gb" });
  opened.push({ keyv, dir });
  return makeGame({ keyv });
}

async function countKeys(keyv: Keyv, prefix: string): Promise<number> {
  let n = 0;
  for await (const _ of scanPrefix(keyv, prefix)) n += 1;
  return n;
}

/** Answers the session's current round right (or wrong) as `userId`. */
async function answerRound(
  ctx: ReturnType<typeof makeGame>,
  state: SessionState,
  userId: string,
  right: boolean,
) {
  const question = ctx.bank.get(state.questionIds[state.round] as string);
  if (!question) throw new Error("no question");
  const options = displayedOptions(state, question);
  const at = options.indexOf(question.answer);
  const choice = right ? at : (at + 1) % options.length;
  return answer(ctx, { sessionId: state.id, round: state.round, userId, choice, displayName: userId });
}

/** A set of `questionIds` assigned by "teacher", due in two days, one attempt. */
async function homework(ctx: ReturnType<typeof makeGame>, questionIds: string[]) {
  const set = await createSet(ctx, { guildId: "g1", userId: "teacher" }, "Homework");
  await addToSet(ctx, "g1", set.id, questionIds);
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
  return assignment;
}

describe("a grade book only its owners empty", () => {
  it("keeps an assignment listed, offered and in the student's results through a member's 500 rounds", async () => {
    const ctx = gameOnSqlite();
    const assignment = await homework(ctx, ["q1", "q2"]);
    const attempt = await startAttempt(ctx, {
      assignmentId: assignment.id,
      guildId: "g1",
      userId: "stu",
      displayName: "Stu",
    });
    if (attempt.kind !== "started") throw new Error("no attempt");
    await answerRound(ctx, attempt.state, "stu", true);

    // A plain member's start/stop loop: 500 casual rounds, answering in the first three.
    const rounds = 500;
    for (let i = 0; i < rounds; i += 1) {
      ctx.clock.advance(1000);
      const started = await startRecordedChannel(ctx, {
        guildId: "g1",
        channelId: "c2",
        userId: "member",
        filter: {},
        count: 1,
        seconds: 20,
      });
      if (!started.started) throw new Error(`round ${i} did not start`);
      if (i < 3) await answerRound(ctx, started.state, "member", true);
      await endSession(ctx, started.state.id, "stopped");
    }

    const firstPage = await listResults(ctx, "g1", 1);
    expect(firstPage.results[0]?.id).toBe(assignment.id);
    expect(firstPage.total).toBe(LESSON_LIMITS.casualRoundsKept + 1);
    expect((await recentResults(ctx, "g1", 100)).map((r) => r.id)).toContain(assignment.id);
    const mine = await myResults(ctx, "g1", "stu");
    expect(mine.map((m) => m.result.id)).toEqual([assignment.id]);
    expect(mine[0]?.student).toMatchObject({ right: 1, answered: 1, asked: 2 });

    // What fell out of the casual index is gone with its answers and the member's list entries.
    expect(await countKeys(ctx.keyv, "result:g1:")).toBe(LESSON_LIMITS.casualRoundsKept + 1);
    expect(await countKeys(ctx.keyv, "grade:")).toBe(1);
    expect(await countKeys(ctx.keyv, "member-result:g1:member:")).toBe(0);
    expect(await studentHistory(ctx, "g1", "member")).toEqual([]);
  }, 120_000);

  it("keeps as many casual rounds as /settings retention says, deleting the rest with their answers", async () => {
    const ctx = gameOnSqlite();
    expect(await setCasualRoundsKept(ctx, "g1", 3)).toBe(LESSON_LIMITS.casualRoundsMin);
    for (let i = 0; i < 15; i += 1) {
      ctx.clock.advance(1000);
      const started = await startRecordedChannel(ctx, {
        guildId: "g1",
        channelId: "c2",
        userId: "member",
        filter: {},
        count: 1,
        seconds: 20,
      });
      if (!started.started) throw new Error("no round");
      await answerRound(ctx, started.state, "member", true);
      await endSession(ctx, started.state.id, "stopped");
    }
    expect((await listResults(ctx, "g1", 1)).total).toBe(LESSON_LIMITS.casualRoundsMin);
    expect(await countKeys(ctx.keyv, "grade:")).toBe(LESSON_LIMITS.casualRoundsMin);
    expect(await countKeys(ctx.keyv, "member-result:g1:member:")).toBe(LESSON_LIMITS.casualRoundsMin);
    expect(await myResults(ctx, "g1", "member")).toHaveLength(5);
  });

  it("gives one student more attempts and a later due time, and grades them on their own terms", async () => {
    const ctx = makeGame();
    const assignment = await homework(ctx, ["q1"]);
    const granted = await accommodate(ctx, {
      guildId: "g1",
      assignmentId: assignment.id,
      userId: "stu",
      attempts: 2,
      due: "in 4 days",
    });
    expect(granted.terms.maxAttempts).toBe(2);
    expect(granted.terms.dueAt).toBeGreaterThan(assignment.dueAt);
    const take = (userId: string) =>
      startAttempt(ctx, { assignmentId: assignment.id, guildId: "g1", userId, displayName: userId });

    const first = await take("stu");
    if (first.kind !== "started") throw new Error("no first attempt");
    await answerRound(ctx, first.state, "stu", false);
    // After the class's due time: closed to the class, open to the student with a later one.
    ctx.clock.advance(3 * 24 * 3600 * 1000);
    expect((await take("other")).kind).toBe("closed");
    const second = await take("stu");
    expect(second).toMatchObject({ kind: "started", n: 2, late: false });
    if (second.kind !== "started") throw new Error("no second attempt");
    await answerRound(ctx, second.state, "stu", true);
    expect((await take("stu")).kind).toBe("used-up");
    const [graded] = (await resultDetail(ctx, "g1", assignment.id, { userIds: ["stu"] })).gradebook.students;
    expect(graded).toMatchObject({ userId: "stu", right: 1, attempts: 2, late: false });
    // Its key stays hidden while the student may still take it.
    expect((await openAssignmentsAsking(ctx, "g1", ["q1"])).map((a) => a.id)).toEqual([assignment.id]);
    const closed = closedAssignmentMessage(granted.assignment, await resultDetail(ctx, "g1", assignment.id));
    expect(closed.components[0]?.components[0]).toMatchObject({ disabled: false });
  });

  it("finds a student's homework kept before members had their own lists", async () => {
    const ctx = makeGame();
    const assignment = await homework(ctx, ["q1"]);
    const row = {
      userId: "old",
      displayName: "Old",
      sessionId: "s-old",
      round: 0,
      questionId: "q1",
      chosen: "x",
      correct: true,
      points: 10,
      at: ctx.clock.time,
    };
    // As an older version wrote it: the answer, and no entry in the member's list.
    await ctx.lessons.commit([{ key: lessonKeys.gradeRow(assignment.id, row), value: row }]);
    expect(await ctx.lessons.memberResults("g1", "old")).toEqual([]);
    expect((await myResults(ctx, "g1", "old")).map((m) => m.result.id)).toEqual([assignment.id]);
  });
});
