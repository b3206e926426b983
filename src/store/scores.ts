import type Keyv from "keyv";
import type { Difficulty } from "../bank/schema.ts";
import { type PointsBreakdown, scoreAnswer } from "../quiz/scoring.ts";
import { isoWeek } from "../quiz/week.ts";
import type { KeyedLock } from "./keyed-lock.ts";
import type { Leaderboards } from "./leaderboards.ts";
import {
  type History,
  HistorySchema,
  keys,
  type PlayerRecord,
  PlayerRecordSchema,
  RECENT_ANSWERS_KEPT,
} from "./records.ts";
import { type CorruptRecordReporter, quarantine, readValidated } from "./validated.ts";

/** One answer to record for a player. */
export interface AnswerToRecord {
  /** Unique per answer (session, round, player): a retried write with the same key is a no-op. */
  readonly key: string;
  readonly questionId: string;
  readonly sourceId: string;
  readonly difficulty: Difficulty;
  readonly correct: boolean;
  readonly speed?: { readonly elapsedMs: number; readonly limitMs: number } | undefined;
}

/** What recording an answer did: the points (by the scoring rules) and the record after it. */
export interface RecordedAnswer {
  readonly points: PointsBreakdown;
  readonly record: PlayerRecord;
  /** True if this answer's key had already been recorded: nothing was added again. */
  readonly alreadyRecorded: boolean;
}

/** A fresh, empty record. */
export function emptyRecord(guildId: string, userId: string, now: number): PlayerRecord {
  return {
    v: 1,
    guildId,
    userId,
    points: 0,
    answered: 0,
    correct: 0,
    streak: 0,
    bestStreak: 0,
    bySource: {},
    week: isoWeek(now),
    weekPoints: 0,
    recent: [],
    updatedAt: now,
  };
}

/**
 * Players' scores and per-question history in keyv. Each player's read-modify-write runs under
 * a per-key lock, and the write completes (or throws) before the result is returned, so a score
 * the player is told about is already durable.
 */
export class ScoreStore {
  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly leaderboards: Leaderboards,
    private readonly reportCorrupt: CorruptRecordReporter = () => {},
  ) {}

  /** Scores an answer with the player's current streak and saves it, exactly once per answer key. */
  async recordAnswer(
    guildId: string,
    userId: string,
    answer: AnswerToRecord,
    now: number,
  ): Promise<RecordedAnswer> {
    const key = keys.score(guildId, userId);
    return this.lock.run(key, async () => {
      const before = await this.readForUpdate(key, guildId, userId, now);
      const earlier = before.recent.find((r) => r.key === answer.key);
      if (earlier) {
        const points = { total: earlier.points, base: earlier.points, streakBonus: 0, speedBonus: 0 };
        return { points, record: before, alreadyRecorded: true };
      }
      const points = scoreAnswer({
        correct: answer.correct,
        difficulty: answer.difficulty,
        streakBefore: before.streak,
        speed: answer.speed,
      });
      const record = applyToRecord(before, answer, points.total, now);
      await this.keyv.set(key, record);
      this.leaderboards.observe(record);
      await this.recordHistory(guildId, userId, answer, now);
      return { points, record, alreadyRecorded: false };
    });
  }

  /** A player's record, or undefined if they have none (or it is corrupt: that is reported). */
  async get(guildId: string, userId: string): Promise<PlayerRecord | undefined> {
    const key = keys.score(guildId, userId);
    const read = await readValidated(this.keyv, key, PlayerRecordSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem);
    return read.kind === "ok" ? read.value : undefined;
  }

  /** A player's per-question history in a guild (empty if none). */
  async history(guildId: string, userId: string): Promise<History> {
    const key = keys.history(guildId, userId);
    const read = await readValidated(this.keyv, key, HistorySchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem);
    return read.kind === "ok" ? read.value : { v: 1, questions: {} };
  }

  private async readForUpdate(
    key: string,
    guildId: string,
    userId: string,
    now: number,
  ): Promise<PlayerRecord> {
    const read = await readValidated(this.keyv, key, PlayerRecordSchema);
    if (read.kind === "ok") return read.value;
    if (read.kind === "corrupt") {
      const aside = await quarantine(this.keyv, key, read.raw, now);
      this.reportCorrupt(key, `${read.problem} (moved to ${aside}; starting a new record)`);
    }
    return emptyRecord(guildId, userId, now);
  }

  private async recordHistory(
    guildId: string,
    userId: string,
    answer: AnswerToRecord,
    now: number,
  ): Promise<void> {
    const key = keys.history(guildId, userId);
    const history = await this.history(guildId, userId);
    const before = history.questions[answer.questionId] ?? {
      seen: 0,
      correct: 0,
      lastCorrect: false,
      lastAt: 0,
    };
    history.questions[answer.questionId] = {
      seen: before.seen + 1,
      correct: before.correct + (answer.correct ? 1 : 0),
      lastCorrect: answer.correct,
      lastAt: now,
    };
    await this.keyv.set(key, history);
  }
}

/** The record after one answer: totals, streaks, per-source tallies, this week's points. */
export function applyToRecord(
  before: PlayerRecord,
  answer: AnswerToRecord,
  points: number,
  now: number,
): PlayerRecord {
  const week = isoWeek(now);
  const streak = answer.correct ? before.streak + 1 : 0;
  const source = before.bySource[answer.sourceId] ?? { answered: 0, correct: 0 };
  return {
    ...before,
    points: before.points + points,
    answered: before.answered + 1,
    correct: before.correct + (answer.correct ? 1 : 0),
    streak,
    bestStreak: Math.max(before.bestStreak, streak),
    bySource: {
      ...before.bySource,
      [answer.sourceId]: {
        answered: source.answered + 1,
        correct: source.correct + (answer.correct ? 1 : 0),
      },
    },
    week,
    weekPoints: (before.week === week ? before.weekPoints : 0) + points,
    recent: [...before.recent, { key: answer.key, points, correct: answer.correct }].slice(
      -RECENT_ANSWERS_KEPT,
    ),
    updatedAt: now,
  };
}
