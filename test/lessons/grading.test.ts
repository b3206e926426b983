import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { decideStart } from "../../src/app/lessons/attempts.ts";
import { conflictingPairs } from "../../src/app/lessons/conflicts.ts";
import { idCell, safeText, toCsv } from "../../src/app/lessons/csv.ts";
import { gradeResult, progressOf } from "../../src/app/lessons/grading.ts";
import type { GradeRow, MemberAttempts } from "../../src/records/lessons.ts";

const due = { dueAt: 1_000, allowLate: false, maxAttempts: 2 };
const attempt = (n: number, sessionId: string, startedAt = 0, late = false) => ({
  n,
  sessionId,
  startedAt,
  late,
});

describe("decideStart", () => {
  it("opens a first attempt before the due time, and resumes one in progress", () => {
    expect(decideStart(due, undefined, false, 500)).toEqual({ kind: "start", n: 1, late: false });
    const one = { attempts: [attempt(1, "a")] };
    expect(decideStart(due, one, true, 500)).toEqual({ kind: "resume", attempt: attempt(1, "a") });
    expect(decideStart(due, one, false, 500)).toEqual({ kind: "start", n: 2, late: false });
  });

  it("counts attempts: none past the limit", () => {
    const two = { attempts: [attempt(1, "a"), attempt(2, "b")] };
    expect(decideStart(due, two, false, 500)).toEqual({
      kind: "used-up",
      max: 2,
      dueAt: due.dueAt,
      open: true,
    });
    // Past the due time with late attempts allowed: used up, and no longer open on time.
    const late = { ...due, allowLate: true };
    expect(decideStart(late, two, false, due.dueAt + 1)).toMatchObject({ kind: "used-up", open: false });
  });

  it("is closed after the due time unless late attempts are allowed, which are marked late", () => {
    expect(decideStart(due, undefined, false, 1_000)).toEqual({ kind: "start", n: 1, late: false });
    expect(decideStart(due, undefined, false, 1_001)).toEqual({ kind: "closed", dueAt: 1_000 });
    // Closed means closed: not even an attempt in progress goes on.
    expect(decideStart(due, { attempts: [attempt(1, "a")] }, true, 1_001)).toEqual({
      kind: "closed",
      dueAt: 1_000,
    });
    expect(decideStart({ ...due, allowLate: true }, undefined, false, 5_000)).toEqual({
      kind: "start",
      n: 1,
      late: true,
    });
  });
});

const row = (
  userId: string,
  sessionId: string,
  round: number,
  questionId: string,
  correct: boolean,
  at: number,
): GradeRow => ({
  userId,
  displayName: `name of ${userId}`,
  sessionId,
  round,
  questionId,
  chosen: correct ? "right" : "wrong",
  correct,
  points: correct ? 10 : 0,
  at,
});

describe("gradeResult", () => {
  const result = { questionIds: ["q1", "q2", "q3"], createdAt: 0 };

  it("grades each student's best attempt, the class average of those who finished, and each question", () => {
    const attempts: MemberAttempts[] = [
      { v: 1, userId: "ann", displayName: "Ann", attempts: [attempt(1, "a1", 100), attempt(2, "a2", 1_000)] },
      { v: 1, userId: "bo", displayName: "Bo", attempts: [attempt(1, "b1", 200, true)] },
      { v: 1, userId: "cy", displayName: "Cy", attempts: [attempt(1, "c1", 300)] },
    ];
    const rows = [
      // Ann: 1 of 3, then 3 of 3 (the best counts)
      row("ann", "a1", 0, "q1", true, 110),
      row("ann", "a1", 1, "q2", false, 120),
      row("ann", "a1", 2, "q3", false, 130),
      row("ann", "a2", 0, "q1", true, 1_010),
      row("ann", "a2", 1, "q2", true, 1_020),
      row("ann", "a2", 2, "q3", true, 1_030),
      // Bo: late, 1 of 3 answered
      row("bo", "b1", 0, "q1", false, 210),
    ];
    const book = gradeResult(result, rows, attempts);
    expect(
      book.students.map((s) => [
        s.userId,
        s.right,
        s.answered,
        s.finished,
        s.late,
        s.attempts,
        s.timeTakenMs,
      ]),
    ).toEqual([
      ["ann", 3, 3, true, false, 2, 30],
      ["bo", 0, 1, false, true, 1, 10],
      // Cy opened an attempt and answered nothing: started, not finished.
      ["cy", 0, 0, false, false, 1, null],
    ]);
    expect(book.students[0]?.displayName).toBe("Ann");
    expect(book.classAverage).toBe(1);
    expect(book.questions).toEqual([
      { questionId: "q1", answered: 2, correct: 1, accuracy: 0.5 },
      { questionId: "q2", answered: 1, correct: 1, accuracy: 1 },
      { questionId: "q3", answered: 1, correct: 1, accuracy: 1 },
    ]);
    expect(book.mostMissed.map((q) => q.questionId)).toEqual(["q1"]);
    const progress = progressOf(book, ["ann", "bo", "cy", "dee", "dee"]);
    expect(progress.finished.map((s) => s.userId)).toEqual(["ann"]);
    expect(progress.started.map((s) => s.userId)).toEqual(["bo", "cy"]);
    expect(progress.notStarted).toEqual(["dee"]);
  });

  it("marks an attempt late when it was opened late, or answered after the due time", () => {
    const attempts: MemberAttempts[] = [
      { v: 1, userId: "ann", displayName: "Ann", attempts: [attempt(1, "a1", 100)] },
    ];
    const onTime = gradeResult(result, [row("ann", "a1", 0, "q1", true, 900)], attempts, 1_000);
    expect(onTime.students[0]?.late).toBe(false);
    const leftOpen = gradeResult(
      result,
      [row("ann", "a1", 0, "q1", true, 900), row("ann", "a1", 1, "q2", true, 1_100)],
      attempts,
      1_000,
    );
    expect(leftOpen.students[0]?.late).toBe(true);
  });

  it("grades a channel round from its rows alone, timed from the round's start", () => {
    const book = gradeResult({ ...result, createdAt: 50 }, [
      row("x", "r", 0, "q1", true, 60),
      row("x", "r", 1, "q2", true, 90),
    ]);
    expect(book.students).toMatchObject([
      { userId: "x", right: 2, answered: 2, finished: false, timeTakenMs: 40 },
    ]);
    expect(book.classAverage).toBeNull();
  });
});

describe("CSV for spreadsheets", () => {
  it("round-trips commas, quotes, newlines and Korean, with a BOM; ids stay exact; formulas stay inert", () => {
    const csv = toCsv(
      ["name", "id", "n", "ok"],
      [
        ['Kim, "Ji-woo"', idCell("123456789012345678"), 3, true],
        ["박서준\r\n(2반)", idCell("not-a-snowflake"), 0, false],
        ['=HYPERLINK("http://x")', idCell("=1+1"), -1, false],
        ["+1", idCell("1"), 1.5, true],
      ],
    );
    expect(csv.startsWith("\uFEFFname,id,n,ok\r\n")).toBe(true);
    expect(parse(csv, { bom: true })).toEqual([
      ["name", "id", "n", "ok"],
      ['Kim, "Ji-woo"', '="123456789012345678"', "3", "true"],
      ["박서준\r\n(2반)", "not-a-snowflake", "0", "false"],
      ['\'=HYPERLINK("http://x")', "'=1+1", "-1", "false"],
      ["'+1", '="1"', "1.5", "true"],
    ]);
  });

  it("leaves ordinary text alone", () => {
    expect(safeText("Ji-woo - 2")).toBe("Ji-woo - 2");
    expect(safeText("-2")).toBe("'-2");
    expect(safeText("@here")).toBe("'@here");
  });
});

describe("conflictingPairs", () => {
  it("pairs the questions that conflict, each pair once", () => {
    const links: Record<string, string[]> = { a: ["c"], c: ["a"], d: ["e"], e: ["d"] };
    const conflictsOf = (id: string) => new Set(links[id] ?? []);
    expect(conflictingPairs(["a", "b", "c", "d", "e"], conflictsOf)).toEqual([
      ["a", "c"],
      ["d", "e"],
    ]);
    expect(conflictingPairs(["a", "b"], conflictsOf)).toEqual([]);
  });
});
