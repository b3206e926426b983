import type Keyv from "keyv";
import type { Difficulty } from "../bank/schema.ts";
import { reviewCard } from "../learn/scheduler.ts";
import { type PointsBreakdown, scoreAnswer } from "../quiz/scoring.ts";
import { isoWeek } from "../quiz/week.ts";
import type { KeyedLock } from "./keyed-lock.ts";
import type { Leaderboards } from "./leaderboards.ts";
import { LruCache } from "./lru.ts";
import {
  ANSWERS_KEPT_PER_QUESTION,
  type History,
  keys,
  PAST_WEEKS_KEPT,
  type PlayerRecord,
  PlayerRecordSchema,
  type QuestionHistory,
  QuestionHistorySchema,
  RECENT_ANSWERS_KEPT,
  type StoreWrite,
} from "./records.ts";
import { type CorruptRecordReporter, readValidated, validated } from "./validated.ts";

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

/** One player's answer in a batch. */
export interface PlayerAnswer {
  readonly userId: string;
  readonly answer: AnswerToRecord;
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

/** How many question histories one `getMany` reads. */
const HISTORY_READ_BATCH = 500;

/** How many players' records and histories a ScoreStore keeps in memory: the active ones. */
export const PLAYERS_CACHED = 1_000;

/** What the cache holds for one player: the record, and the histories of the questions read so far (null: never answered). */
interface PlayerState {
  readonly record: PlayerRecord;
  readonly questions: ReadonlyMap<string, QuestionHistory | null>;
}

/**
 * Players' scores and per-question history in keyv. Each player's read-modify-write runs under a
 * per-key lock and ends in one atomic write of the record and the history (with whatever the
 * caller adds to the batch, such as the session), completed or thrown before the result is
 * returned, so a score the player is told about is already durable.
 *
 * The process that owns a guild is the only writer of its records (as for sessions), so the
 * active players' records and histories are cached, write-through: an answer from a player seen
 * recently costs no read. Records returned are shared with the cache: treat them as immutable.
 */
export class ScoreStore {
  private readonly cache: LruCache<string, PlayerState>;

  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly leaderboards: Leaderboards,
    private readonly reportCorrupt: CorruptRecordReporter = () => {},
    cacheSize: number = PLAYERS_CACHED,
  ) {
    this.cache = new LruCache(cacheSize);
  }

  /**
   * Scores an answer with the player's current streak and saves it, exactly once per answer key.
   * `alongside` returns writes to commit in the same atomic batch as the score (it is given the
   * outcome, so a session can record the points); they are written even for an answer already
   * recorded, so a retry can repair a session that missed it.
   */
  async recordAnswer(
    guildId: string,
    userId: string,
    answer: AnswerToRecord,
    now: number,
    alongside: (recorded: RecordedAnswer) => readonly StoreWrite[] = () => [],
  ): Promise<RecordedAnswer> {
    const [recorded] = await this.recordAnswers(guildId, [{ userId, answer }], now, ([only]) =>
      only ? alongside(only) : [],
    );
    if (!recorded) throw new Error("recordAnswers returned no result");
    return recorded;
  }

  /**
   * Scores several players' answers (one each) and saves them all in one atomic batch, with the
   * writes `alongside` adds (a session that records them all): a channel round's concurrent answers
   * cost one round trip together instead of one each. Each player's record is locked meanwhile.
   */
  async recordAnswers(
    guildId: string,
    items: readonly PlayerAnswer[],
    now: number,
    alongside: (recorded: readonly RecordedAnswer[]) => readonly StoreWrite[] = () => [],
  ): Promise<RecordedAnswer[]> {
    const playerKeys = [...new Set(items.map((item) => keys.score(guildId, item.userId)))].sort();
    // Locks are always taken in key order, so two batches sharing players cannot deadlock.
    const locked = playerKeys.reduceRight<() => Promise<RecordedAnswer[]>>(
      (inner, key) => () => this.lock.run(key, inner),
      async () => {
        // Only here, under the locks, is the cache filled: a read outside them could be older than a write.
        const states = await this.statesFor(guildId, items, now);
        const recorded: RecordedAnswer[] = [];
        const writes: StoreWrite[] = [];
        for (const { userId, answer } of items) {
          const current = states.get(userId) as PlayerState;
          const earlier = current.record.recent.find((r) => r.key === answer.key);
          if (earlier) {
            // A retry: only the total was kept, so it is all shown as the base.
            const points = {
              total: earlier.points,
              base: earlier.points,
              streakBonus: 0,
              speedBonus: 0,
              streak: current.record.streak,
            };
            recorded.push({ points, record: current.record, alreadyRecorded: true });
            continue;
          }
          const points = scoreAnswer({
            correct: answer.correct,
            difficulty: answer.difficulty,
            streakBefore: current.record.streak,
            speed: answer.speed,
          });
          const entry = applyToQuestionHistory(
            current.questions.get(answer.questionId) ?? undefined,
            answer,
            now,
          );
          const after: PlayerState = {
            record: applyToRecord(current.record, answer, points.total, now),
            questions: new Map(current.questions).set(answer.questionId, entry),
          };
          states.set(userId, after);
          recorded.push({ points, record: after.record, alreadyRecorded: false });
          writes.push(
            { key: keys.score(guildId, userId), value: after.record },
            { key: keys.history(guildId, userId, answer.questionId), value: entry },
          );
        }
        await this.commit(playerKeys, [...writes, ...alongside(recorded)]);
        for (const [userId, state] of states) this.cache.set(keys.score(guildId, userId), state);
        for (const r of recorded) if (!r.alreadyRecorded) this.leaderboards.observe(r.record);
        return recorded;
      },
    );
    return locked();
  }

  /** A player's record, or undefined if they have none (or it is corrupt: that is reported). */
  async get(guildId: string, userId: string): Promise<PlayerRecord | undefined> {
    const key = keys.score(guildId, userId);
    const cached = this.cache.get(key);
    if (cached) return cached.record;
    const read = await readValidated(this.keyv, key, PlayerRecordSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    return read.kind === "ok" ? read.value : undefined;
  }

  /**
   * A player's history of the given questions in a guild (those never answered are absent), read
   * in one round trip: the cached entries of an active player, the rest with one `getMany`.
   */
  async history(guildId: string, userId: string, questionIds: readonly string[]): Promise<History> {
    const cached = this.cache.get(keys.score(guildId, userId));
    const questions: Record<string, QuestionHistory> = {};
    const missing: string[] = [];
    for (const id of questionIds) {
      const known = cached?.questions.get(id);
      if (known === undefined) missing.push(id);
      else if (known !== null) questions[id] = known;
    }
    const read = await this.readHistories(guildId, userId, missing);
    for (const [id, entry] of read) if (entry) questions[id] = entry;
    return { questions };
  }

  /** Question histories by id (null where there is none, or it is corrupt: that is reported). */
  private async readHistories(guildId: string, userId: string, ids: readonly string[]) {
    const found = new Map<string, QuestionHistory | null>();
    for (let at = 0; at < ids.length; at += HISTORY_READ_BATCH) {
      const chunk = ids.slice(at, at + HISTORY_READ_BATCH);
      const values = await this.keyv.getMany<unknown>(chunk.map((id) => keys.history(guildId, userId, id)));
      chunk.forEach((id, i) => {
        const read = validated(values[i], QuestionHistorySchema);
        if (read.kind === "corrupt")
          this.reportCorrupt(keys.history(guildId, userId, id), read.problem, read.raw);
        found.set(id, read.kind === "ok" ? read.value : null);
      });
    }
    return found;
  }

  /**
   * The players' cached states, completed where missing with their records and the answered
   * questions' histories, all read in one round trip.
   */
  private async statesFor(guildId: string, items: readonly PlayerAnswer[], now: number) {
    const states = new Map<string, PlayerState>();
    const wanted: string[] = [];
    for (const { userId, answer } of items) {
      const cached = this.cache.get(keys.score(guildId, userId));
      if (!cached) wanted.push(keys.score(guildId, userId));
      if (!cached?.questions.has(answer.questionId))
        wanted.push(keys.history(guildId, userId, answer.questionId));
    }
    const values = wanted.length > 0 ? await this.keyv.getMany<unknown>(wanted) : [];
    const read = new Map(wanted.map((key, i) => [key, values[i]]));
    for (const { userId, answer } of items) {
      const key = keys.score(guildId, userId);
      const cached = states.get(userId) ?? this.cache.get(key);
      const record = cached?.record ?? (await this.recordFrom(key, read.get(key), guildId, userId, now));
      const questions = new Map(cached?.questions ?? []);
      const historyKey = keys.history(guildId, userId, answer.questionId);
      if (!questions.has(answer.questionId)) {
        const history = validated(read.get(historyKey), QuestionHistorySchema);
        if (history.kind === "corrupt")
          this.reportCorrupt(historyKey, `${history.problem} (starting a new history)`, history.raw);
        questions.set(answer.questionId, history.kind === "ok" ? history.value : null);
      }
      states.set(userId, { record, questions });
    }
    return states;
  }

  /** A record read for an update; a corrupt one is set aside and a new one started. */
  private async recordFrom(
    key: string,
    raw: unknown,
    guildId: string,
    userId: string,
    now: number,
  ): Promise<PlayerRecord> {
    const read = validated(raw, PlayerRecordSchema);
    if (read.kind === "ok") return read.value;
    // Moved aside once this update (which holds the record's lock) has written the new record.
    if (read.kind === "corrupt") this.reportCorrupt(key, `${read.problem} (starting a new record)`, read.raw);
    return emptyRecord(guildId, userId, now);
  }

  /**
   * Writes records in one atomic batch (all of them land, or none and this throws), then caches
   * the player's state. After a failure the store may or may not hold the batch (a timeout can
   * follow a write), so the player is forgotten and read afresh next time.
   */
  private async commit(playerKeys: readonly string[], writes: readonly StoreWrite[]): Promise<void> {
    try {
      const [only] = writes;
      if (writes.length === 1 && only) await this.keyv.set(only.key, only.value, only.ttl);
      else if (writes.length > 1) await this.keyv.setMany([...writes]);
    } catch (error) {
      for (const key of playerKeys) this.cache.delete(key);
      throw error;
    }
  }
}

/** A question's history after one answer: seen once more, the result, and the FSRS card reviewed. */
export function applyToQuestionHistory(
  before: QuestionHistory | undefined,
  answer: AnswerToRecord,
  now: number,
): QuestionHistory {
  const seen: QuestionHistory = before ?? { seen: 0, correct: 0, lastCorrect: false, lastAt: 0, answers: [] };
  return {
    seen: seen.seen + 1,
    correct: seen.correct + (answer.correct ? 1 : 0),
    lastCorrect: answer.correct,
    lastAt: now,
    card: reviewCard(seen.card, answer.correct, now),
    answers: [...seen.answers, [now, answer.correct ? 1 : 0] as [number, 0 | 1]].slice(
      -ANSWERS_KEPT_PER_QUESTION,
    ),
  };
}

/** The past weeks' points once the record moves to `week`: the week it leaves joins them. */
function pastWeeksAfter(before: PlayerRecord, week: string): Pick<PlayerRecord, "pastWeeks"> {
  if (before.week === week || before.weekPoints === 0)
    return before.pastWeeks ? { pastWeeks: before.pastWeeks } : {};
  const left = { week: before.week, points: before.weekPoints };
  return { pastWeeks: [...(before.pastWeeks ?? []), left].slice(-PAST_WEEKS_KEPT) };
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
    ...pastWeeksAfter(before, week),
    recent: [...before.recent, { key: answer.key, points, correct: answer.correct }].slice(
      -RECENT_ANSWERS_KEPT,
    ),
    updatedAt: now,
  };
}
