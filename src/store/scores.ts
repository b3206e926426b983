import type Keyv from "keyv";
import type { KeyedLock } from "../lib/keyed-lock.ts";
import type { Boards } from "./leaderboards.ts";
import {
  type History,
  keys,
  type PlayerRecord,
  PlayerRecordSchema,
  type QuestionHistory,
  QuestionHistorySchema,
  type StoreWrite,
} from "./records.ts";
import { scanPrefix } from "./scan.ts";
import type { BoardEntry, Transactions } from "./transact.ts";
import { type CorruptRecordReporter, readValidated, validated } from "./validated.ts";

/** How many question histories one `getMany` reads. */
const HISTORY_READ_BATCH = 500;

/** Players' records and their histories of one question, as loaded for an answer (absent: none yet). */
export interface PlayersLoaded {
  readonly records: ReadonlyMap<string, PlayerRecord>;
  readonly histories: ReadonlyMap<string, QuestionHistory>;
}

/** New records and histories of one question, by player, to commit together. */
export interface PlayersChanged {
  readonly questionId: string;
  readonly records: ReadonlyMap<string, PlayerRecord>;
  readonly histories: ReadonlyMap<string, QuestionHistory>;
}

/** One stored question history, found by a scan of a guild. */
export interface HistoryEntry {
  readonly userId: string;
  readonly questionId: string;
  readonly history: QuestionHistory;
}

/**
 * Players' scores and per-question history in keyv. It applies no rule: it loads what the
 * answer rules (src/quiz/answer.ts) need and commits what they return, in one atomic write with
 * whatever the caller adds to the batch (the session).
 *
 * Nothing is cached: another writer (another process on Redis, PostgreSQL or the same SQLite
 * file) may have changed a record, and a score judged on an older copy would undo that write.
 * Answers read their records inside the store transaction (AnswerCommits).
 */
export class ScoreStore {
  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly leaderboards: Boards,
    private readonly reportCorrupt: CorruptRecordReporter,
    private readonly transactions: Transactions,
  ) {}

  /** The keys an answer reads for the players: each one's record and history of the question. */
  answerKeys(guildId: string, userIds: readonly string[], questionId: string): string[] {
    return [...new Set(userIds)].flatMap((userId) => [
      keys.score(guildId, userId),
      keys.history(guildId, userId, questionId),
    ]);
  }

  /** The players' records and histories from values read by `answerKeys` (a corrupt one is reported, and restarted). */
  playersFrom(
    guildId: string,
    userIds: readonly string[],
    questionId: string,
    read: ReadonlyMap<string, unknown>,
  ): PlayersLoaded {
    const records = new Map<string, PlayerRecord>();
    const histories = new Map<string, QuestionHistory>();
    for (const userId of new Set(userIds)) {
      const key = keys.score(guildId, userId);
      const record = this.recordFrom(key, read.get(key));
      const historyKey = keys.history(guildId, userId, questionId);
      const parsed = validated(read.get(historyKey), QuestionHistorySchema);
      if (parsed.kind === "corrupt")
        this.reportCorrupt(historyKey, `${parsed.problem} (starting a new history)`, parsed.raw);
      if (record) records.set(userId, record);
      if (parsed.kind === "ok") histories.set(userId, parsed.value);
    }
    return { records, histories };
  }

  /** The writes of changed records and histories (for a caller that commits them in its own batch). */
  writesOf(guildId: string, changed: PlayersChanged): StoreWrite[] {
    const writes: StoreWrite[] = [];
    for (const [userId, record] of changed.records)
      writes.push({ key: keys.score(guildId, userId), value: record });
    for (const [userId, history] of changed.histories)
      writes.push({ key: keys.history(guildId, userId, changed.questionId), value: history });
    return writes;
  }

  /** The players' standings for the leaderboards a database keeps, from their new records. */
  boardEntriesOf(records: ReadonlyMap<string, PlayerRecord>): BoardEntry[] {
    return [...records.values()].map((r) => ({
      guildId: r.guildId,
      userId: r.userId,
      points: r.points,
      week: r.week,
      weekPoints: r.weekPoints,
    }));
  }

  /** Holds the players' record locks (in key order) until the returned release is called. */
  lockPlayers(guildId: string, userIds: readonly string[]): Promise<() => void> {
    return this.lock.acquireAll(userIds.map((userId) => keys.score(guildId, userId)));
  }

  /**
   * The players' records and their histories of one question, in one `getMany`. A corrupt record
   * is set aside, and the player starts afresh.
   */
  async loadPlayers(guildId: string, userIds: readonly string[], questionId: string): Promise<PlayersLoaded> {
    const wanted = this.answerKeys(guildId, userIds, questionId);
    const values = await this.keyv.getMany<unknown>(wanted);
    return this.playersFrom(guildId, userIds, questionId, new Map(wanted.map((key, i) => [key, values[i]])));
  }

  /**
   * Writes the changed records and histories with `together` (the session, grade-book rows) in one
   * atomic transaction: all land, or none and this throws.
   */
  async commit(
    guildId: string,
    changed: PlayersChanged,
    together: readonly StoreWrite[] = [],
  ): Promise<void> {
    const writes: StoreWrite[] = [...together, ...this.writesOf(guildId, changed)];
    await this.transactions.transact(async () => ({
      writes,
      boards: this.boardEntriesOf(changed.records),
      result: undefined,
    }));
    this.observe(changed.records);
  }

  /** Tells the leaderboards of committed records (rankings kept in memory follow them; the database's need not). */
  observe(records: ReadonlyMap<string, PlayerRecord>): void {
    for (const record of records.values()) this.leaderboards.observe(record);
  }

  /** A player's record, or undefined if they have none (or it is corrupt: that is reported). */
  async get(guildId: string, userId: string): Promise<PlayerRecord | undefined> {
    const key = keys.score(guildId, userId);
    const read = await readValidated(this.keyv, key, PlayerRecordSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    return read.kind === "ok" ? read.value : undefined;
  }

  /**
   * A player's history of the given questions in a guild (those never answered are absent), read
   * with one `getMany` per HISTORY_READ_BATCH questions.
   */
  async history(guildId: string, userId: string, questionIds: readonly string[]): Promise<History> {
    const questions: Record<string, QuestionHistory> = {};
    const read = await this.readHistories(guildId, userId, questionIds);
    for (const [id, entry] of read) if (entry) questions[id] = entry;
    return { questions };
  }

  /**
   * Every question history stored for a guild (one scan of the store: for a teacher's report,
   * not for a hot path). A corrupt one is reported and skipped.
   */
  async *guildHistories(guildId: string): AsyncGenerator<HistoryEntry> {
    // history:{guildId}:{userId}:{questionId}, one record per player and question.
    const prefix = keys.history(guildId, "", "").slice(0, -1);
    for await (const [key, value] of scanPrefix(this.keyv, prefix)) {
      const [userId = "", questionId = ""] = key.slice(prefix.length).split(":");
      const parsed = validated(value, QuestionHistorySchema);
      if (parsed.kind === "corrupt") this.reportCorrupt(key, `${parsed.problem} (skipped)`, parsed.raw);
      if (parsed.kind === "ok") yield { userId, questionId, history: parsed.value };
    }
  }

  /** The ids of players with a record in a guild, at most `limit` (one scan of their keys). */
  async playerIds(guildId: string, limit: number): Promise<string[]> {
    const prefix = keys.score(guildId, "");
    const ids: string[] = [];
    for await (const [key] of scanPrefix(this.keyv, prefix)) {
      ids.push(key.slice(prefix.length));
      if (ids.length >= limit) break;
    }
    return ids;
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

  /** A record read for an update (null: none yet); a corrupt one is reported and a new one started. */
  private recordFrom(key: string, raw: unknown): PlayerRecord | null {
    const read = validated(raw, PlayerRecordSchema);
    if (read.kind === "ok") return read.value;
    // Moved aside once this update (which holds the record's lock) has written the new record.
    if (read.kind === "corrupt") this.reportCorrupt(key, `${read.problem} (starting a new record)`, read.raw);
    return null;
  }
}
