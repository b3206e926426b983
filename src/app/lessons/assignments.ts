/**
 * Homework: a set assigned to a channel with a due time in the server's time zone. Each member
 * takes it as a private solo quiz; their attempts and answers are kept for the grade book.
 */

import { createSession, isLastRound, type QuizMode, type SessionState } from "../../engine/session.ts";
import type { Locale } from "../../i18n/index.ts";
import { type Assignment, LESSON_LIMITS, type MemberAttempts } from "../../records/lessons.ts";
import { untilCommitted } from "../commit-retry.ts";
import type { AppContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { attemptRules, type Marking, serverScoring } from "../scoring.ts";
import { decideStart, latestDue, termsFor } from "./attempts.ts";
import { parseDue } from "./due.ts";
import { addToGradeBook } from "./retention.ts";
import { playableQuestions, requireSet } from "./sets.ts";

/** What an assignment is made from. */
export interface AssignRequest {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly set: string;
  readonly due: string;
  readonly attempts: number;
  readonly allowLate: boolean;
  readonly roleId: string | null;
  readonly locale: Locale;
  /** How it is marked; null: as the server's `/settings scoring` says. */
  readonly marks?: Marking | null | undefined;
  /** Typed answers where a question allows it, or choices (the default). */
  readonly mode?: QuizMode | undefined;
}

/**
 * Reads a due time in the server's zone, or refuses it with what was understood, told in `locale`
 * (the language of whoever typed it).
 */
export async function readDue(ctx: AppContext, guildId: string, text: string, locale: Locale = "en") {
  const zone = await ctx.lessons.timeZone(guildId);
  const due = parseDue(text, zone, ctx.now(), locale);
  switch (due.kind) {
    case "ok":
      return { at: due.at, understood: due.understood, zone };
    case "past":
      throw new UserError("lessons.error.duePast", { understood: due.understood });
    case "no-such-time":
      throw new UserError("lessons.error.dueNoSuchTime", { understood: due.understood, zone });
    case "unparseable":
      throw new UserError("lessons.error.dueUnparseable", { typed: text.slice(0, 60), zone });
  }
}

/** Assigns a set: the assignment and its grade-book entry are written in one atomic batch. */
export async function assignSet(ctx: AppContext, request: AssignRequest) {
  const set = await requireSet(ctx, request.guildId, request.set);
  const due = await readDue(ctx, request.guildId, request.due, request.locale);
  const { questions, skipped, leftOut } = await playableQuestions(ctx, request.guildId, set.questionIds);
  const attempts = Math.min(LESSON_LIMITS.maxAttempts, Math.max(1, Math.trunc(request.attempts)));
  const now = ctx.now();
  const marks = request.marks ?? (await serverScoring(ctx, request.guildId)).marks;
  const assignment: Assignment = {
    v: 1,
    id: ctx.newId(),
    guildId: request.guildId,
    channelId: request.channelId,
    setId: set.id,
    title: set.name,
    questionIds: questions.map((q) => q.id),
    ownerId: request.userId,
    createdAt: now,
    dueAt: due.at,
    maxAttempts: attempts,
    allowLate: request.allowLate,
    roleId: request.roleId,
    messageId: null,
    notifiedAt: null,
    locale: request.locale,
    marks,
    ...(request.mode ? { mode: request.mode } : {}),
  };
  await addToGradeBook(
    ctx,
    {
      v: 1,
      id: assignment.id,
      guildId: assignment.guildId,
      kind: "assignment",
      title: set.name,
      ownerId: request.userId,
      channelId: request.channelId,
      createdAt: now,
      questionIds: assignment.questionIds,
      classWork: true,
    },
    [ctx.lessons.assignmentWrite(assignment)],
  );
  return { assignment, understood: due.understood, skipped, leftOut };
}

/** Records which message shows an assignment's Start button. */
export async function attachAssignmentMessage(ctx: AppContext, assignmentId: string, messageId: string) {
  await untilCommitted<undefined>(async () => {
    const { value: assignment, read } = await ctx.lessons.assignmentChecked(assignmentId);
    if (!assignment) return { committed: true, result: undefined };
    const saved = await ctx.lessons.commitIfUnchanged(read, [
      ctx.lessons.assignmentWrite({ ...assignment, messageId }),
    ]);
    return saved ? { committed: true, result: undefined } : { committed: false };
  });
}

/** A Start click: a new attempt, the one in progress, or why neither. */
export type AttemptStart =
  | {
      readonly kind: "started";
      readonly state: SessionState;
      readonly n: number;
      readonly late: boolean;
      readonly skipped: number;
    }
  | { readonly kind: "resumed"; readonly state: SessionState; readonly n: number }
  | { readonly kind: "closed"; readonly dueAt: number }
  | { readonly kind: "used-up"; readonly max: number; readonly dueAt: number; readonly open: boolean }
  | { readonly kind: "gone" };

/**
 * Opens (or resumes) a member's attempt. Committed only if the member's attempts record is
 * unchanged, so a double click (on one process or two) opens one attempt; the attempt and its
 * session are written in one atomic batch, so an attempt never exists without its session (and
 * survives a restart with it).
 */
export async function startAttempt(
  ctx: AppContext,
  input: {
    readonly assignmentId: string;
    readonly guildId: string;
    readonly userId: string;
    readonly displayName: string;
  },
): Promise<AttemptStart> {
  // The member's attempts record is what two clicks (on one process or two) would both change:
  // the new attempt is committed only if it is unchanged, else this reads and decides again.
  return untilCommitted<AttemptStart>(async () => {
    const assignment = await ctx.lessons.assignment(input.assignmentId);
    if (!assignment || assignment.guildId !== input.guildId)
      return { committed: true, result: { kind: "gone" } };
    const { value: record, read } = await ctx.lessons.attemptsChecked(assignment.id, input.userId);
    const latest = record?.attempts.at(-1);
    const session = latest ? await ctx.sessions.get(latest.sessionId) : undefined;
    // An attempt whose last question is answered is done, even before its summary is shown.
    const inProgress =
      session !== undefined &&
      session.phase !== "finished" &&
      !(session.phase === "revealed" && isLastRound(session));
    const now = ctx.now();
    const decision = decideStart(termsFor(assignment, input.userId), record, inProgress, now);
    if (decision.kind === "closed" || decision.kind === "used-up")
      return { committed: true, result: decision };
    if (decision.kind === "resume") {
      const resumed: AttemptStart = session
        ? { kind: "resumed", state: session, n: decision.attempt.n }
        : { kind: "gone" };
      return { committed: true, result: resumed };
    }
    const { questions, skipped, leftOut } = await playableQuestions(
      ctx,
      assignment.guildId,
      assignment.questionIds,
    );
    const id = ctx.newId();
    const state = createSession(
      {
        id,
        kind: "solo",
        guildId: assignment.guildId,
        channelId: assignment.channelId,
        ownerId: input.userId,
        seed: `${id}:${now}`,
        filter: {},
        questions,
        locale: assignment.locale,
        resultId: assignment.id,
        scoring: attemptRules(await serverScoring(ctx, assignment.guildId)),
        mode: assignment.mode,
      },
      now,
    );
    const next: MemberAttempts = {
      v: 1,
      userId: input.userId,
      displayName: input.displayName,
      attempts: [
        ...(record?.attempts ?? []),
        { n: decision.n, sessionId: id, startedAt: now, late: decision.late },
      ],
    };
    const writes = [ctx.sessions.writeOf(state), ctx.lessons.attemptsWrite(assignment.id, next)];
    if (!(await ctx.lessons.commitIfUnchanged(read, writes))) return { committed: false };
    // Left out for showing another's answer (the bank changed since it was assigned) counts as skipped.
    const left = skipped.length + leftOut.length;
    return {
      committed: true,
      result: { kind: "started", state, n: decision.n, late: decision.late, skipped: left },
    };
  });
}

/**
 * An assignment whose results are owed to its teacher now: past its due time and not yet sent.
 * Nothing is marked here: the notice is marked sent (markNoticeSent) only once it was delivered.
 */
export async function dueNotice(ctx: AppContext, assignmentId: string): Promise<Assignment | undefined> {
  const assignment = await ctx.lessons.assignment(assignmentId);
  if (!assignment || assignment.notifiedAt !== null || ctx.now() <= assignment.dueAt) return undefined;
  return assignment;
}

/**
 * The assignment whose results its teacher is still owed, due or not yet (a deadline step checks
 * the due time by this process's clock); undefined once sent, or if the assignment is gone.
 */
export async function unsentNotice(ctx: AppContext, assignmentId: string): Promise<Assignment | undefined> {
  const assignment = await ctx.lessons.assignment(assignmentId);
  return assignment && assignment.notifiedAt === null ? assignment : undefined;
}

/** Marks an assignment's results as delivered to its teacher; false if they already were. */
export async function markNoticeSent(ctx: AppContext, assignmentId: string): Promise<boolean> {
  return untilCommitted<boolean>(async () => {
    const { value: assignment, read } = await ctx.lessons.assignmentChecked(assignmentId);
    if (!assignment || assignment.notifiedAt !== null) return { committed: true, result: false };
    const next = ctx.lessons.assignmentWrite({ ...assignment, notifiedAt: ctx.now() });
    return (await ctx.lessons.commitIfUnchanged(read, [next]))
      ? { committed: true, result: true }
      : { committed: false };
  });
}

/** Assignments whose teacher has not had the results yet (to schedule at start-up). */
export function pendingNotices(ctx: AppContext): Promise<Assignment[]> {
  return ctx.lessons.unnotifiedAssignments();
}

/**
 * The server's assignments still open (before their due time) that ask any of `questionIds`, the
 * soonest due first: while one is open, its answers are kept from students.
 */
export async function openAssignmentsAsking(
  ctx: AppContext,
  guildId: string,
  questionIds: readonly string[],
): Promise<Assignment[]> {
  const asked = new Set(questionIds);
  const ids = await ctx.lessons.classResultIds(guildId);
  const results = await ctx.lessons.results(guildId, ids);
  const now = ctx.now();
  const open: Assignment[] = [];
  for (const result of results) {
    if (result.kind !== "assignment" || !result.questionIds.some((id) => asked.has(id))) continue;
    const assignment = await ctx.lessons.assignment(result.id);
    // Open while anyone may still take it: a later due time granted to one student counts.
    if (assignment && assignment.guildId === guildId && now <= latestDue(assignment)) open.push(assignment);
  }
  return open.sort((a, b) => latestDue(a) - latestDue(b));
}

/** What a teacher grants one student on an assignment. */
export interface AccommodationRequest {
  readonly guildId: string;
  readonly assignmentId: string;
  readonly userId: string;
  /** Attempts in all (1 to LESSON_LIMITS.maxAttempts); none: as the class. */
  readonly attempts?: number | undefined;
  /** A later due time, as typed (read in the server's zone); none: as the class. */
  readonly due?: string | undefined;
  /** The language of the quiz master who typed it, for what the due time was read as. */
  readonly locale?: Locale | undefined;
}

/**
 * Grants a student more attempts or a later due time on an assignment (replacing what they had
 * been granted); returns their terms after. Committed only if the assignment is unchanged (else
 * read and granted again), so two grants at once, on any processes, both stay.
 */
export async function accommodate(ctx: AppContext, request: AccommodationRequest) {
  const due = request.due ? await readDue(ctx, request.guildId, request.due, request.locale) : undefined;
  return untilCommitted<{
    assignment: Assignment;
    terms: ReturnType<typeof termsFor>;
    understood: string | undefined;
  }>(async () => {
    const { value: assignment, read } = await ctx.lessons.assignmentChecked(request.assignmentId);
    if (!assignment || assignment.guildId !== request.guildId) {
      throw new UserError("lessons.error.noResult", { id: request.assignmentId.slice(0, 40) });
    }
    const previous = assignment.accommodations?.[request.userId] ?? {};
    const granted = {
      ...previous,
      ...(request.attempts !== undefined
        ? { maxAttempts: Math.min(LESSON_LIMITS.maxAttempts, Math.max(1, Math.trunc(request.attempts))) }
        : {}),
      ...(due ? { dueAt: due.at } : {}),
    };
    const next = {
      ...assignment,
      accommodations: { ...assignment.accommodations, [request.userId]: granted },
    };
    if (!(await ctx.lessons.commitIfUnchanged(read, [ctx.lessons.assignmentWrite(next)])))
      return { committed: false };
    return {
      committed: true,
      result: { assignment: next, terms: termsFor(next, request.userId), understood: due?.understood },
    };
  });
}
