/**
 * The grade book's arithmetic, pure: from a result's kept answers (and an assignment's attempts)
 * to each student's score, the class average, the accuracy per question, the most missed, and
 * who has finished, started, or not started.
 */
import type { Attempt, GradeResult, GradeRow, MemberAttempts } from "../../records/lessons.ts";
import { type Marking, markOf } from "../scoring.ts";

/** One student's standing in a result (their best attempt for an assignment). */
export interface StudentGrade {
  readonly userId: string;
  readonly displayName: string;
  readonly points: number;
  readonly right: number;
  readonly answered: number;
  readonly asked: number;
  /** From the attempt's start (or the round's) to the last answer; null before any answer. */
  readonly timeTakenMs: number | null;
  readonly finished: boolean;
  readonly late: boolean;
  readonly attempts: number;
  /** What the grade book shows as their mark: points, or right of asked in % (see Gradebook.marking). */
  readonly mark: number;
}

/** Where a student stands in a result, as the grade book's status column says it. */
export type StudentStatus = "finished" | "started" | "not started" | "late";

/** A graded student's status: late if their counted attempt came late, else finished or started. */
export function statusOf(student: Pick<StudentGrade, "finished" | "late">): StudentStatus {
  if (student.late) return "late";
  return student.finished ? "finished" : "started";
}

/** How one question went. */
export interface QuestionGrade {
  readonly questionId: string;
  readonly answered: number;
  readonly correct: number;
  readonly accuracy: number | null;
}

/** A result graded. */
export interface Gradebook {
  /** What the students' marks are: points, or accuracy (right of asked, %). */
  readonly marking: Marking;
  readonly students: readonly StudentGrade[];
  readonly questions: readonly QuestionGrade[];
  /** The mean of the students' right/asked, over those who finished; null if nobody did. */
  readonly classAverage: number | null;
  /** Questions someone missed, the most missed first (at most 5). */
  readonly mostMissed: readonly QuestionGrade[];
}

/** Where each session's answers belong: its attempt (number, start, late). */
export function attemptsBySession(records: readonly MemberAttempts[]): Map<string, Attempt> {
  const map = new Map<string, Attempt>();
  for (const record of records) for (const attempt of record.attempts) map.set(attempt.sessionId, attempt);
  return map;
}

interface AttemptScore {
  readonly rows: readonly GradeRow[];
  readonly points: number;
  readonly right: number;
  readonly startedAt: number;
  readonly late: boolean;
}

function scoreOf(rows: readonly GradeRow[], startedAt: number, late: boolean): AttemptScore {
  return {
    rows,
    points: rows.reduce((sum, r) => sum + r.points, 0),
    right: rows.filter((r) => r.correct).length,
    startedAt,
    late,
  };
}

/** Whether an answer came late: in an attempt opened late, or after the due time (a quiz left open). */
export function isLateAnswer(
  row: Pick<GradeRow, "at">,
  attempt: Attempt | undefined,
  dueAt: number | undefined,
): boolean {
  return (attempt?.late ?? false) || (dueAt !== undefined && row.at > dueAt);
}

/**
 * Grades a result from its rows; `attempts` and `dueAt` are an assignment's (none for a channel
 * round).
 */
export function gradeResult(
  result: Pick<GradeResult, "questionIds" | "createdAt">,
  rows: readonly GradeRow[],
  attempts: readonly MemberAttempts[] = [],
  /** The due time, or each student's (an accommodation may give one a later one). */
  dueAt?: number | ((userId: string) => number),
  marking: Marking = "points",
): Gradebook {
  const dueOf = (userId: string) => (typeof dueAt === "function" ? dueAt(userId) : dueAt);
  const asked = result.questionIds.length;
  const bySession = attemptsBySession(attempts);
  const names = new Map<string, string>(attempts.map((a) => [a.userId, a.displayName]));
  // rows per student, per session
  const perStudent = new Map<string, Map<string, GradeRow[]>>();
  for (const row of rows) {
    names.set(row.userId, names.get(row.userId) ?? row.displayName);
    const sessions = perStudent.get(row.userId) ?? new Map<string, GradeRow[]>();
    sessions.set(row.sessionId, [...(sessions.get(row.sessionId) ?? []), row]);
    perStudent.set(row.userId, sessions);
  }
  for (const record of attempts) if (!perStudent.has(record.userId)) perStudent.set(record.userId, new Map());

  const counted: AttemptScore[] = [];
  const students: StudentGrade[] = [];
  for (const [userId, sessions] of perStudent) {
    const record = attempts.find((a) => a.userId === userId);
    const scores = [...sessions.entries()].map(([sessionId, sessionRows]) => {
      const attempt = bySession.get(sessionId);
      const late = sessionRows.some((r) => isLateAnswer(r, attempt, dueOf(userId)));
      return scoreOf(sessionRows, attempt?.startedAt ?? result.createdAt, late);
    });
    // An attempt opened but never answered counts as started, with nothing right.
    const latest = record?.attempts.at(-1);
    if (scores.length === 0 && latest) scores.push(scoreOf([], latest.startedAt, latest.late));
    const best = [...scores].sort(
      (a, b) => b.right - a.right || b.points - a.points || a.startedAt - b.startedAt,
    )[0];
    if (!best) continue;
    counted.push(best);
    const last = Math.max(...best.rows.map((r) => r.at));
    students.push({
      userId,
      displayName: names.get(userId) ?? userId,
      mark: markOf(marking, { points: best.points, right: best.right, asked }),
      points: best.points,
      right: best.right,
      answered: best.rows.length,
      asked,
      timeTakenMs: best.rows.length === 0 ? null : last - best.startedAt,
      finished: best.rows.length >= asked,
      late: best.late,
      attempts: record?.attempts.length ?? 1,
    });
  }
  students.sort(
    (a, b) =>
      b.mark - a.mark ||
      b.right - a.right ||
      b.points - a.points ||
      a.displayName.localeCompare(b.displayName),
  );

  const questions = result.questionIds.map((questionId) => {
    const answers = counted.flatMap((c) => c.rows.filter((r) => r.questionId === questionId));
    const correct = answers.filter((r) => r.correct).length;
    return {
      questionId,
      answered: answers.length,
      correct,
      accuracy: answers.length === 0 ? null : correct / answers.length,
    };
  });
  const finished = students.filter((s) => s.finished);
  const classAverage =
    finished.length === 0 ? null : finished.reduce((sum, s) => sum + s.right / s.asked, 0) / finished.length;
  const mostMissed = questions
    .filter((q) => q.answered > q.correct)
    .sort(
      (a, b) => b.answered - b.correct - (a.answered - a.correct) || (a.accuracy ?? 1) - (b.accuracy ?? 1),
    )
    .slice(0, 5);
  return { marking, students, questions, classAverage, mostMissed };
}

/** Who has finished, who has started, and who of the roster has not started. */
export interface Progress {
  readonly finished: readonly StudentGrade[];
  readonly started: readonly StudentGrade[];
  readonly notStarted: readonly string[];
}

/** Splits the students by progress; `roster` is whom the teacher expects (user ids). */
export function progressOf(gradebook: Gradebook, roster: readonly string[]): Progress {
  const seen = new Set(gradebook.students.map((s) => s.userId));
  return {
    finished: gradebook.students.filter((s) => s.finished),
    started: gradebook.students.filter((s) => !s.finished),
    notStarted: [...new Set(roster)].filter((id) => !seen.has(id)),
  };
}
