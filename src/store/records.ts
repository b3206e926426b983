import { z } from "zod";
import { DIFFICULTIES } from "../bank/schema.ts";
import type { PlayerRecord, QuestionHistory } from "../engine/player.ts";
import { StoredCardSchema } from "../engine/scheduler.ts";
import type { SessionState } from "../engine/session.ts";
import { LOCALES } from "../i18n/index.ts";

export type { PlayerRecord, QuestionHistory } from "../engine/player.ts";
export { PAST_WEEKS_KEPT } from "../engine/player.ts";

const count = z.number().int().nonnegative();

const SourceTallySchema = z.object({ answered: count, correct: count });

/**
 * A player's record in one guild: `score:{guildId}:{userId}`. (Records written before answers
 * were made idempotent by the session alone also hold `recent`, which parsing drops.)
 */
export const PlayerRecordSchema: z.ZodType<PlayerRecord> = z.object({
  v: z.literal(1),
  guildId: z.string(),
  userId: z.string(),
  points: count,
  answered: count,
  correct: count,
  streak: count,
  bestStreak: count,
  bySource: z.record(z.string(), SourceTallySchema),
  /** The ISO week that `weekPoints` belong to. */
  week: z.string(),
  weekPoints: count,
  /** Points of the weeks before `week` in which the player scored, oldest first (the last PAST_WEEKS_KEPT). */
  pastWeeks: z.array(z.object({ week: z.string(), points: count })).optional(),
  updatedAt: z.number(),
});

/**
 * A player's history of one question in one guild: `history:{guildId}:{userId}:{questionId}`.
 * One small record per question, so an answer rewrites a few hundred bytes, not the player's
 * whole history; a player's history is read in one `getMany` of the bank's question ids.
 */
export const QuestionHistorySchema: z.ZodType<QuestionHistory> = z.object({
  seen: count,
  correct: count,
  lastCorrect: z.boolean(),
  lastAt: z.number(),
  /** The spaced-repetition card. */
  card: StoredCardSchema.optional(),
  /** Every answer to this question, oldest first, as [when (epoch ms), right (1) or wrong (0)]. */
  answers: z.array(z.tuple([z.number(), z.union([z.literal(0), z.literal(1)])])).default([]),
});

/** A player's history of the questions asked for, by question id (questions never answered are absent). */
export interface History {
  readonly questions: Readonly<Record<string, QuestionHistory>>;
}

const RoundAnswerSchema = z.object({
  choice: count,
  correct: z.boolean(),
  points: count,
  at: z.number(),
  breakdown: z
    .object({
      base: count,
      streakBonus: count,
      speedBonus: count,
      streak: count,
      typedBonus: count.optional(),
      hintCost: count.optional(),
    })
    .optional(),
  typed: z.string().max(200).optional(),
  match: z.enum(["exact", "near-miss", "wrong", "wrong-option"]).optional(),
  hinted: z.boolean().optional(),
});
const TallySchema = z.object({ points: count, correct: count, answered: count, streak: count.optional() });

const TeamSchema = z.object({
  id: z.string().min(1).max(40),
  name: z.string().min(1).max(100),
  roleId: z.string().optional(),
  members: z.array(z.string()).max(200),
});

/** A live round's host controls, lobby, teams and per-question results (src/engine/live.ts). */
const LiveSchema = z.object({
  version: count,
  lobby: z.object({ players: z.array(z.string()).max(200) }).optional(),
  pausedAt: z.number().optional(),
  teams: z.array(TeamSchema).max(10).optional(),
  teamMode: z.enum(["roles", "random"]).optional(),
  talkSeconds: count.optional(),
  rounds: z.array(
    z.object({ questionId: z.string(), answered: count, right: count, skipped: z.boolean().optional() }),
  ),
});

/** A quiz session as stored: `session:{sessionId}`. */
export const SessionStateSchema: z.ZodType<SessionState> = z.object({
  version: z.literal(1),
  id: z.string(),
  kind: z.enum(["solo", "channel"]),
  guildId: z.string(),
  channelId: z.string(),
  ownerId: z.string(),
  seed: z.string(),
  filter: z.object({
    source: z.string().optional(),
    topic: z.string().optional(),
    difficulty: z.enum(DIFFICULTIES).optional(),
  }),
  questionIds: z.array(z.string()).min(1),
  round: count,
  phase: z.enum(["lobby", "asking", "revealed", "finished"]),
  roundStartedAt: z.number(),
  roundEndsAt: z.number().nullable(),
  secondsPerQuestion: z.number().nullable(),
  answers: z.record(z.string(), RoundAnswerSchema),
  tallies: z.record(z.string(), TallySchema),
  createdAt: z.number(),
  updatedAt: z.number(),
  endedReason: z.enum(["completed", "stopped", "failed"]).nullable(),
  messageId: z.string().nullable(),
  locale: z.enum(LOCALES).optional(),
  resultId: z.string().optional(),
  scoring: z.object({ speed: z.boolean(), streak: z.enum(["carried", "session", "off"]) }).optional(),
  mode: z.enum(["choice", "typed"]).optional(),
  hints: z.record(z.string(), count).optional(),
  missed: z.array(z.string()).max(100).optional(),
  live: LiveSchema.optional(),
});

/** Which session is running in a channel: `channel:{guildId}:{channelId}`. */
export const ChannelClaimSchema = z.object({ sessionId: z.string() });

/** One record to write: a caller can commit several in one atomic batch (keyv's setMany). */
export interface StoreWrite {
  readonly key: string;
  readonly value: unknown;
  /** Time to live in ms; none for records kept for good. */
  readonly ttl?: number | undefined;
}

/** Record keys, in one place. */
export const keys = {
  score: (guildId: string, userId: string) => `score:${guildId}:${userId}`,
  history: (guildId: string, userId: string, questionId: string) =>
    `history:${guildId}:${userId}:${questionId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  channel: (guildId: string, channelId: string) => `channel:${guildId}:${channelId}`,
} as const;
