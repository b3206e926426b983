/**
 * What a server adds to the quiz, as the application and the store both see it: proposed
 * questions (with the draft their author typed), reports, and the server's settings. The store
 * validates what it reads with these schemas.
 */
import { z } from "zod";
import { DIFFICULTIES } from "../bank/schema.ts";
import type { SubmissionDraft } from "../bank/submission.ts";
import { LOCALES, SERVER_LANGUAGES } from "../i18n/index.ts";

export const DraftSchema: z.ZodType<SubmissionDraft> = z.object({
  source: z.string(),
  difficulty: z.enum(DIFFICULTIES),
  topic: z.string(),
  question: z.string(),
  answer: z.string(),
  wrong: z.string(),
  quote: z.string(),
  explanation: z.string(),
});

export const QUESTION_STATUSES = ["pending", "approved", "rejected", "removed", "disabled"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** A question proposed in a server: `cq:{guildId}:{id}`. */
export const CommunityQuestionSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  guildId: z.string(),
  authorId: z.string(),
  status: z.enum(QUESTION_STATUSES),
  draft: DraftSchema,
  createdAt: z.number(),
  reviewerId: z.string().nullable(),
  reviewedAt: z.number().nullable(),
  reason: z.string().nullable(),
  /** The author's language, for telling them the outcome; none (English) for older records. */
  locale: z.enum(LOCALES).optional(),
  /** Drafted by the bot from a server source (`/source draft`): who asked for the drafts. */
  drafted: z.object({ sourceId: z.string(), by: z.string() }).optional(),
  /** Withdrawn because its source changed and its quote is no longer there (or is now chrome). */
  withdrawn: z
    .object({ sourceId: z.string(), at: z.number(), version: z.number(), nearest: z.string().optional() })
    .optional(),
});
export type CommunityQuestion = z.infer<typeof CommunityQuestionSchema>;

/** A report that a question's source does not support it: `report:{guildId}:{id}`. */
export const ReportSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  guildId: z.string(),
  questionId: z.string(),
  reporterId: z.string(),
  text: z.string(),
  createdAt: z.number(),
  status: z.enum(["open", "kept", "disabled"]),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.number().nullable(),
  /** The reporter's language, for telling them the outcome; none (English) for older records. */
  locale: z.enum(LOCALES).optional(),
});
export type QuestionReport = z.infer<typeof ReportSchema>;

/** A server's quiz settings: `settings:{guildId}`. */
export const SettingsSchema = z.object({
  v: z.literal(1),
  quizMasterRoleId: z.string().nullable(),
  /** Questions (shipped or community) that a quiz master disabled after a report. */
  disabledQuestions: z.array(z.string()),
  /** The language of channel rounds (`/settings language`); none or "auto": Discord's server language. */
  language: z.enum(SERVER_LANGUAGES).optional(),
  /** `/settings scoring`: the bonuses of live rounds, and how assignments are marked; none: every bonus, points. */
  scoring: z
    .object({ speed: z.boolean(), streak: z.boolean(), marks: z.enum(["points", "accuracy"]) })
    .optional(),
  /** `/settings privacy`: who sees others' `/stats`, and whether the public leaderboard is shown; none: everyone, shown. */
  privacy: z.object({ stats: z.enum(["everyone", "quiz-masters"]), leaderboard: z.boolean() }).optional(),
  /** `/settings retention`: how many casual rounds the grade book keeps; none: LESSON_LIMITS.casualRoundsKept. */
  retention: z.object({ casualRounds: z.number().int().min(1) }).optional(),
});
export type GuildSettings = z.infer<typeof SettingsSchema>;
