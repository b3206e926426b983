/** The grade book: every channel round and assignment as a result, graded, and exported as CSV. */
import { AS_WRITTEN, type QuestionLanguage } from "../../bank/localize.ts";
import type { Question } from "../../bank/question.ts";
import {
  type Assignment,
  type GradeResult,
  type GradeRow,
  isClassWork,
  type MemberAttempts,
} from "../../records/lessons.ts";
import type { AppContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { type ChannelStart, type StartRequest, startChannel } from "../quiz.ts";
import type { Marking } from "../scoring.ts";
import { termsFor } from "./attempts.ts";
import { type Cell, idCell, toCsv } from "./csv.ts";
import {
  attemptsBySession,
  type Gradebook,
  gradeResult,
  isLateAnswer,
  type Progress,
  progressOf,
  type StudentGrade,
  statusOf,
} from "./grading.ts";
import { addToGradeBook } from "./retention.ts";
import { casualRoundsKept } from "./settings.ts";
import { formatWithOffset } from "./time-zone.ts";

/**
 * Starts a channel round and enters it in the grade book (titled by its set, if it has one). A
 * set played by a quiz master is class work, kept apart from the casual rounds anyone can start.
 */
export async function startRecordedChannel(
  ctx: AppContext,
  request: Parameters<typeof startChannel>[1],
  title: string | null = null,
  byQuizMaster = false,
): Promise<ChannelStart> {
  const started = await startChannel(ctx, request);
  if (started.started) {
    const { state } = started;
    await addToGradeBook(
      ctx,
      {
        v: 1,
        id: state.resultId ?? state.id,
        guildId: state.guildId,
        kind: "round",
        title,
        ownerId: state.ownerId,
        channelId: state.channelId,
        createdAt: state.createdAt,
        questionIds: [...state.questionIds],
        classWork: title !== null && byQuizMaster,
      },
      [],
      await casualRoundsKept(ctx, state.guildId),
    );
  }
  return started;
}

export type { StartRequest };

/** Results on one page of `/results list`. */
export const RESULTS_PER_PAGE = 10;

/**
 * Every result of a server from its two indexes: class work first (newest first), then casual
 * rounds (newest first), so a flood of casual rounds never hides an assignment.
 */
async function allResults(ctx: AppContext, guildId: string): Promise<GradeResult[]> {
  const [classIds, casualIds] = await Promise.all([
    ctx.lessons.classResultIds(guildId),
    ctx.lessons.casualResultIds(guildId),
  ]);
  const results = await ctx.lessons.results(guildId, [...new Set([...classIds, ...casualIds])]);
  const newestFirst = (a: GradeResult, b: GradeResult) =>
    b.createdAt - a.createdAt || a.id.localeCompare(b.id);
  return [
    ...results.filter(isClassWork).sort(newestFirst),
    ...results.filter((r) => !isClassWork(r)).sort(newestFirst),
  ];
}

/** A page of the server's results, class work first, newest first (pages count from 1). */
export async function listResults(ctx: AppContext, guildId: string, page: number) {
  const all = await allResults(ctx, guildId);
  const pages = Math.max(1, Math.ceil(all.length / RESULTS_PER_PAGE));
  const at = Math.min(Math.max(1, page), pages);
  const results = all.slice((at - 1) * RESULTS_PER_PAGE, at * RESULTS_PER_PAGE);
  return { results, page: at, pages, total: all.length };
}

/** Results to offer in a menu, at most `limit`: class work first, then casual rounds. */
export async function recentResults(ctx: AppContext, guildId: string, limit: number): Promise<GradeResult[]> {
  return (await allResults(ctx, guildId)).slice(0, limit);
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
  /** Names of the roster's members as the server shows them (for those who have no answer to name them). */
  readonly rosterNames: ReadonlyMap<string, string>;
}

/** Each student's due time (the class's, or a later one granted), or none for a round. */
function dueTimes(assignment: Assignment | undefined): ((userId: string) => number) | undefined {
  return assignment && ((userId) => termsFor(assignment, userId).dueAt);
}

/** Whom a teacher expects: user ids, and their names when they could be listed. */
export interface RosterList {
  readonly userIds: readonly string[];
  readonly names?: ReadonlyMap<string, string> | undefined;
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
  roster: RosterList = { userIds: [] },
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
  const gradebook = gradeResult(result, rows, attempts, dueTimes(assignment), assignment?.marks ?? "points");
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
      roster.userIds.filter((id) => id !== result.ownerId),
    ),
    questions,
    zone,
    rosterNames: roster.names ?? new Map(),
  };
}

/** The members who have played in a server (their score records), at most `limit`: a class list when no role can be listed. */
export async function knownPlayers(ctx: AppContext, guildId: string, limit = 500): Promise<string[]> {
  return ctx.scores.playerIds(guildId, limit);
}

const seconds = (ms: number | null) => (ms === null ? "" : Math.round(ms / 1000));

/** What a mark column holds, as the CSVs say it. */
const MARKED_AS: Record<Marking, string> = { points: "points", accuracy: "accuracy %" };

/** A student's standing as CSV cells, in the order every grade-book CSV uses: status, mark, marked_as, points, right, asked. */
function standingCells(grade: StudentGrade, marking: Marking): Cell[] {
  return [statusOf(grade), grade.mark, MARKED_AS[marking], grade.points, grade.right, grade.asked];
}

/** The roster members with nothing kept, sorted by name: the grade book's "not started" rows. */
function notStartedRows(detail: ResultDetail): { userId: string; name: string }[] {
  return detail.progress.notStarted
    .map((userId) => ({ userId, name: detail.rosterNames.get(userId) ?? "" }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

/** The CSV of every answer: one row per student and question (and attempt); a roster member who never started has one row. */
export function answersCsv(detail: ResultDetail, language: QuestionLanguage = AS_WRITTEN): string {
  const bySession = attemptsBySession(detail.attempts);
  const statusBy = new Map(detail.gradebook.students.map((s) => [s.userId, statusOf(s)]));
  const rows = [...detail.rows].sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId) || a.at - b.at,
  );
  const answered: Cell[][] = rows.map((r) => {
    const attempt = bySession.get(r.sessionId);
    const question = detail.questions.get(r.questionId);
    // The texts in the server's language; the question id and the stored record stay as they are.
    const shown = question && language.question(question);
    return [
      r.displayName,
      idCell(r.userId),
      statusBy.get(r.userId) ?? "started",
      r.questionId,
      shown?.question ?? "",
      question ? language.option(question, r.chosen) : r.chosen,
      shown?.answer ?? "",
      r.correct,
      r.points,
      formatWithOffset(r.at, detail.zone),
      attempt?.n ?? 1,
      isLateAnswer(r, attempt, dueTimes(detail.assignment)?.(r.userId)),
      r.match === undefined ? "choice" : "typed",
      r.match ?? "",
      r.hinted === true,
    ];
  });
  const absent: Cell[][] = notStartedRows(detail).map((s) => [
    s.name,
    idCell(s.userId),
    "not started",
    ...Array<Cell>(12).fill(""),
  ]);
  return toCsv(
    [
      "student",
      "user_id",
      "status",
      "question_id",
      "question",
      "chosen_answer",
      "right_answer",
      "correct",
      "points",
      "answered_at",
      "attempt",
      "late",
      "answered_by",
      "typed_match",
      "hint",
    ],
    [...answered, ...absent],
  );
}

/** The CSV of each student's standing: one row per student of the roster or who took part. */
export function studentsCsv(detail: ResultDetail): string {
  const { marking } = detail.gradebook;
  const graded: Cell[][] = detail.gradebook.students.map((s) => [
    s.displayName,
    idCell(s.userId),
    ...standingCells(s, marking),
    seconds(s.timeTakenMs),
    s.attempts,
  ]);
  const asked = detail.result.questionIds.length;
  const absent: Cell[][] = notStartedRows(detail).map((s) => [
    s.name,
    idCell(s.userId),
    "not started",
    // No mark, points or right answers: nothing was answered (a blank is not a zero).
    "",
    MARKED_AS[marking],
    "",
    "",
    asked,
    "",
    0,
  ]);
  return toCsv(
    [
      "student",
      "user_id",
      "status",
      "mark",
      "marked_as",
      "points",
      "right",
      "asked",
      "time_taken_seconds",
      "attempts",
    ],
    [...graded, ...absent],
  );
}

/** How many of the newest class results a member's history also looks in (for results kept before members' lists existed). */
const LEGACY_CLASS_RESULTS_CHECKED = 50;

/** One student's standing in one result. */
export interface StudentResult {
  readonly result: GradeResult;
  readonly student: StudentGrade;
  readonly marking: Marking;
}

/**
 * A member's standing in every result they have answers kept for, newest first: found through
 * their own list, so however many rounds others play, their work is found.
 */
export async function studentHistory(
  ctx: AppContext,
  guildId: string,
  userId: string,
): Promise<StudentResult[]> {
  const listed = await ctx.lessons.memberResults(guildId, userId);
  // Results kept before members had their own lists are found among the newest class work.
  const classIds = (await ctx.lessons.classResultIds(guildId)).slice(0, LEGACY_CLASS_RESULTS_CHECKED);
  const results = await ctx.lessons.results(guildId, [
    ...new Set([...listed.map((m) => m.resultId), ...classIds]),
  ]);
  const history: StudentResult[] = [];
  for (const result of results) {
    const rows = await ctx.lessons.gradeRowsOf(result.id, userId);
    if (rows.length === 0) continue;
    const assignment = result.kind === "assignment" ? await ctx.lessons.assignment(result.id) : undefined;
    const attempts = assignment
      ? [await ctx.lessons.attempts(result.id, userId)].flatMap((a) => (a ? [a] : []))
      : [];
    const marking = assignment?.marks ?? "points";
    const student = gradeResult(result, rows, attempts, dueTimes(assignment), marking).students[0];
    if (student) history.push({ result, student, marking });
  }
  return history.sort(
    (a, b) => b.result.createdAt - a.result.createdAt || a.result.id.localeCompare(b.result.id),
  );
}

/**
 * A player's own results for `/results mine`: their class work first (newest first, at most
 * `classLimit`), then their newest casual rounds (at most `casualLimit`).
 */
export async function myResults(
  ctx: AppContext,
  guildId: string,
  userId: string,
  classLimit = 10,
  casualLimit = 5,
): Promise<StudentResult[]> {
  const history = await studentHistory(ctx, guildId, userId);
  return [
    ...history.filter((h) => isClassWork(h.result)).slice(0, classLimit),
    ...history.filter((h) => !isClassWork(h.result)).slice(0, casualLimit),
  ];
}

/** The CSV of one student's history: one row per result (round or assignment) they took part in. */
export function studentHistoryCsv(
  student: { userId: string; name: string },
  history: readonly StudentResult[],
  zone: string,
): string {
  return toCsv(
    [
      "student",
      "user_id",
      "when",
      "kind",
      "title",
      "result_id",
      "status",
      "mark",
      "marked_as",
      "points",
      "right",
      "asked",
      "attempts",
    ],
    history.map(({ result, student: grade, marking }) => [
      student.name,
      idCell(student.userId),
      formatWithOffset(result.createdAt, zone),
      result.kind,
      result.title ?? "",
      result.id,
      ...standingCells(grade, marking),
      grade.attempts,
    ]),
  );
}

/**
 * `/results reset`, step one: the whole grade book archived as one CSV (a row per student per
 * result), and a token the confirmation must carry. Nothing is deleted yet.
 */
export async function askResultsReset(ctx: AppContext, guildId: string, userId: string) {
  const results = await allResults(ctx, guildId);
  const zone = await ctx.lessons.timeZone(guildId);
  const rows: Cell[][] = [];
  for (const result of results) {
    const detail = await resultDetail(ctx, guildId, result.id);
    const { marking } = detail.gradebook;
    for (const s of detail.gradebook.students) {
      rows.push([
        result.id,
        result.kind,
        result.title ?? "",
        formatWithOffset(result.createdAt, zone),
        s.displayName,
        idCell(s.userId),
        ...standingCells(s, marking),
        s.attempts,
      ]);
    }
  }
  const csv = toCsv(
    [
      "result_id",
      "kind",
      "title",
      "created_at",
      "student",
      "user_id",
      "status",
      "mark",
      "marked_as",
      "points",
      "right",
      "asked",
      "attempts",
    ],
    rows,
  );
  const token = ctx.newId();
  await ctx.lessons.askReset(guildId, token, userId);
  return { token, csv, count: results.length };
}

/** `/results reset`, step two (the confirmation): deletes the grade book; undefined if the reset expired or was done. */
export function confirmResultsReset(
  ctx: AppContext,
  guildId: string,
  token: string,
): Promise<number | undefined> {
  return ctx.lessons.confirmReset(guildId, token);
}
