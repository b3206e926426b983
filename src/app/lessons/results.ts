/** The grade book: every channel round and assignment as a result, graded, and exported as CSV. */
import type { Question } from "../../bank/question.ts";
import type { Assignment, GradeResult, GradeRow, MemberAttempts } from "../../store/lessons.ts";
import type { AppContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { type ChannelStart, type StartRequest, startChannel } from "../quiz.ts";
import { idCell, toCsv } from "./csv.ts";
import {
  attemptsBySession,
  type Gradebook,
  gradeResult,
  isLateAnswer,
  type Progress,
  progressOf,
} from "./grading.ts";
import { formatWithOffset } from "./time-zone.ts";

/** Starts a channel round and enters it in the grade book (titled by its set, if it has one). */
export async function startRecordedChannel(
  ctx: AppContext,
  request: Parameters<typeof startChannel>[1],
  title: string | null = null,
): Promise<ChannelStart> {
  const started = await startChannel(ctx, request);
  if (started.started) {
    const { state } = started;
    await ctx.lessons.addResult({
      v: 1,
      id: state.resultId ?? state.id,
      guildId: state.guildId,
      kind: "round",
      title,
      ownerId: state.ownerId,
      channelId: state.channelId,
      createdAt: state.createdAt,
      questionIds: [...state.questionIds],
    });
  }
  return started;
}

export type { StartRequest };

/** Results on one page of `/results list`. */
export const RESULTS_PER_PAGE = 10;

/** A page of the server's results, newest first (pages count from 1). */
export async function listResults(ctx: AppContext, guildId: string, page: number) {
  const ids = await ctx.lessons.resultIds(guildId);
  const pages = Math.max(1, Math.ceil(ids.length / RESULTS_PER_PAGE));
  const at = Math.min(Math.max(1, page), pages);
  const results = await ctx.lessons.results(
    guildId,
    ids.slice((at - 1) * RESULTS_PER_PAGE, at * RESULTS_PER_PAGE),
  );
  return { results, page: at, pages, total: ids.length };
}

/** The server's most recent results, newest first. */
export async function recentResults(ctx: AppContext, guildId: string, limit: number): Promise<GradeResult[]> {
  return ctx.lessons.results(guildId, (await ctx.lessons.resultIds(guildId)).slice(0, limit));
}

/** The role an assignment was given to (its class), or null. */
export async function assignedRole(
  ctx: AppContext,
  guildId: string,
  resultId: string,
): Promise<string | null> {
  const assignment = await ctx.lessons.assignment(resultId);
  return assignment?.guildId === guildId ? assignment.roleId : null;
}

/** A result with everything its screen and its CSV files need. */
export interface ResultDetail {
  readonly result: GradeResult;
  readonly assignment: Assignment | undefined;
  readonly rows: readonly GradeRow[];
  readonly attempts: readonly MemberAttempts[];
  readonly gradebook: Gradebook;
  readonly progress: Progress;
  readonly questions: ReadonlyMap<string, Question>;
  readonly zone: string;
}

/**
 * A result graded. `roster` is whom the teacher expects (a role's members when they could be
 * listed, else the members who have played in this server): those not in it who took part are
 * graded too, and those in it who did not are "not started".
 */
export async function resultDetail(
  ctx: AppContext,
  guildId: string,
  resultId: string,
  roster: readonly string[] = [],
): Promise<ResultDetail> {
  const result = await ctx.lessons.result(guildId, resultId);
  if (!result) throw new UserError("lessons.error.noResult", { id: resultId.slice(0, 40) });
  const [assignment, rows, zone, { bank }] = await Promise.all([
    result.kind === "assignment" ? ctx.lessons.assignment(result.id) : Promise.resolve(undefined),
    ctx.lessons.gradeRows(result.id),
    ctx.lessons.timeZone(guildId),
    ctx.banks.of(guildId),
  ]);
  const attempts = result.kind === "assignment" ? await ctx.lessons.allAttempts(result.id) : [];
  const gradebook = gradeResult(result, rows, attempts, assignment?.dueAt);
  const questions = new Map<string, Question>();
  for (const id of result.questionIds) {
    const q = bank.get(id);
    if (q) questions.set(id, q);
  }
  return {
    result,
    assignment,
    rows,
    attempts,
    gradebook,
    progress: progressOf(
      gradebook,
      roster.filter((id) => id !== result.ownerId),
    ),
    questions,
    zone,
  };
}

/** The members who have played in a server (their score records), at most `limit`: a class list when no role can be listed. */
export async function knownPlayers(ctx: AppContext, guildId: string, limit = 500): Promise<string[]> {
  return ctx.scores.playerIds(guildId, limit);
}

const seconds = (ms: number | null) => (ms === null ? "" : Math.round(ms / 1000));

/** The CSV of every answer: one row per student and question (and attempt). */
export function answersCsv(detail: ResultDetail): string {
  const bySession = attemptsBySession(detail.attempts);
  const rows = [...detail.rows].sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId) || a.at - b.at,
  );
  return toCsv(
    [
      "student",
      "user_id",
      "question_id",
      "question",
      "chosen_answer",
      "right_answer",
      "correct",
      "points",
      "answered_at",
      "attempt",
      "late",
    ],
    rows.map((r) => {
      const attempt = bySession.get(r.sessionId);
      const question = detail.questions.get(r.questionId);
      return [
        r.displayName,
        idCell(r.userId),
        r.questionId,
        question?.question ?? "",
        r.chosen,
        question?.answer ?? "",
        r.correct,
        r.points,
        formatWithOffset(r.at, detail.zone),
        attempt?.n ?? 1,
        isLateAnswer(r, attempt, detail.assignment?.dueAt),
      ];
    }),
  );
}

/** The CSV of each student's standing: one row per student. */
export function studentsCsv(detail: ResultDetail): string {
  return toCsv(
    ["student", "user_id", "score", "right", "asked", "time_taken_seconds", "finished", "attempts", "late"],
    detail.gradebook.students.map((s) => [
      s.displayName,
      idCell(s.userId),
      s.points,
      s.right,
      s.asked,
      seconds(s.timeTakenMs),
      s.finished,
      s.attempts,
      s.late,
    ]),
  );
}

/** A player's own standing in the server's recent results (players see only their own). */
export async function myResults(ctx: AppContext, guildId: string, userId: string, limit = 10) {
  const { results } = await listResults(ctx, guildId, 1);
  const mine = [];
  for (const result of results.slice(0, limit)) {
    const rows = await ctx.lessons.gradeRowsOf(result.id, userId);
    if (rows.length === 0) continue;
    const attempts =
      result.kind === "assignment"
        ? [await ctx.lessons.attempts(result.id, userId)].flatMap((a) => (a ? [a] : []))
        : [];
    const dueAt = result.kind === "assignment" ? (await ctx.lessons.assignment(result.id))?.dueAt : undefined;
    const student = gradeResult(result, rows, attempts, dueAt).students[0];
    if (student) mine.push({ result, student });
  }
  return mine;
}
