/**
 * A teacher's records as the application and the store both see them: question sets,
 * assignments and attempts, grade-book results and rows, with the bounds that keep them within
 * one Discord message. The store validates what it reads with these schemas; the rules that
 * use them live in src/app/lessons.
 */
import { z } from "zod";
import { LOCALES } from "../i18n/index.ts";

/** Bounds that keep a set and a server's lists within what one Discord message or menu shows. */
export const LESSON_LIMITS = {
  /** Questions in a set: one line each in one embed, and one autocomplete page (25 choices). */
  questionsPerSet: 25,
  /** Sets per server: one autocomplete page. */
  setsPerGuild: 25,
  setNameLength: 60,
  /**
   * Casual rounds (channel rounds drawn by filters) a server's grade book keeps: the oldest go,
   * deleted with their answers. Assignments and set plays are indexed apart and never pushed out.
   */
  casualRoundsKept: 200,
  /** The range `/settings retention` allows for casual rounds kept. */
  casualRoundsMin: 10,
  casualRoundsMax: 1000,
  maxAttempts: 10,
} as const;

const count = z.number().int().nonnegative();

/** A named, ordered list of questions: the lesson. */
export const QuestionSetSchema = z.object({
  id: z.string(),
  name: z.string().min(1).max(LESSON_LIMITS.setNameLength),
  questionIds: z.array(z.string()).max(LESSON_LIMITS.questionsPerSet),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type QuestionSet = z.infer<typeof QuestionSetSchema>;

/** Homework: a set posted to a channel, to take privately before a due time. `assignment:{id}`. */
export const AssignmentSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  guildId: z.string(),
  channelId: z.string(),
  setId: z.string(),
  title: z.string(),
  questionIds: z.array(z.string()).min(1),
  ownerId: z.string(),
  createdAt: z.number(),
  dueAt: z.number(),
  maxAttempts: z.number().int().min(1).max(LESSON_LIMITS.maxAttempts),
  allowLate: z.boolean(),
  roleId: z.string().nullable(),
  messageId: z.string().nullable(),
  /** When the teacher was sent the results after the due time; null until then. */
  notifiedAt: z.number().nullable(),
  locale: z.enum(LOCALES),
  /** How it is marked: points, or right of asked as a percentage; none (older ones): points. */
  marks: z.enum(["points", "accuracy"]).optional(),
  /** How its questions are answered: by choice (none: older ones) or typed where a question allows it. */
  mode: z.enum(["choice", "typed"]).optional(),
  /** Per-student terms a teacher granted (more attempts, a later due time), by user id. */
  accommodations: z
    .record(
      z.string(),
      z.object({
        maxAttempts: z.number().int().min(1).max(LESSON_LIMITS.maxAttempts).optional(),
        dueAt: z.number().optional(),
      }),
    )
    .optional(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

/** One attempt at an assignment: the solo session that plays it. */
export const AttemptSchema = z.object({
  n: z.number().int().min(1),
  sessionId: z.string(),
  startedAt: z.number(),
  late: z.boolean(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

/** A member's attempts at an assignment: `attempts:{assignmentId}:{userId}`. */
export const MemberAttemptsSchema = z.object({
  v: z.literal(1),
  userId: z.string(),
  displayName: z.string(),
  attempts: z.array(AttemptSchema),
});
export type MemberAttempts = z.infer<typeof MemberAttemptsSchema>;

/** An entry in the grade book: a channel round or an assignment. `result:{guildId}:{id}`. */
export const ResultSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  guildId: z.string(),
  kind: z.enum(["round", "assignment"]),
  /** The set's name, or null for a round drawn by filters. */
  title: z.string().nullable(),
  ownerId: z.string(),
  channelId: z.string(),
  createdAt: z.number(),
  questionIds: z.array(z.string()).min(1),
  /**
   * Class work (an assignment, or a set played by a quiz master) is kept apart from casual rounds
   * and never pushed out by them; none (older results): an assignment or a titled round.
   */
  classWork: z.boolean().optional(),
});
export type GradeResult = z.infer<typeof ResultSchema>;

/** That a member has answers kept for a result: `member-result:{guildId}:{userId}:{resultId}`. */
export const MemberResultSchema = z.object({ resultId: z.string(), at: z.number() });
export type MemberResult = z.infer<typeof MemberResultSchema>;

/**
 * Whether a result is class work (an assignment, or a set played by a quiz master), which only a
 * quiz master can make, or a casual round any member can start.
 */
export function isClassWork(result: Pick<GradeResult, "kind" | "title" | "classWork">): boolean {
  return result.classWork ?? (result.kind === "assignment" || result.title !== null);
}

/** One answer kept for the grade book: `grade:{resultId}:{userId}:{sessionId}:{round}`. */
export const GradeRowSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  sessionId: z.string(),
  round: count,
  questionId: z.string(),
  chosen: z.string(),
  correct: z.boolean(),
  points: count,
  at: z.number(),
  /** A typed answer's match (absent: picked from the options). */
  match: z.enum(["exact", "near-miss", "wrong", "wrong-option"]).optional(),
  /** Whether the student took the question's hint. */
  hinted: z.boolean().optional(),
  /** The host skipped the question in a live round: the answer counts for nothing (and is not listed). */
  skipped: z.boolean().optional(),
});
export type GradeRow = z.infer<typeof GradeRowSchema>;
