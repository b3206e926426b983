import type Keyv from "keyv";
import type { KeyedLock } from "../lib/keyed-lock.ts";
import { LruCache } from "../lib/lru.ts";
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

/** How many players' records and histories a ScoreStore keeps in memory: the active ones. */
export const PLAYERS_CACHED = 1_000;

/** What the cache holds for one player: the record, and the histories of the questions read so far (null: never answered). */
interface PlayerState {
  readonly record: PlayerRecord | null;
  readonly questions: ReadonlyMap<string, QuestionHistory | null>;
}

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
 * whatever the caller adds to the batch (the session), under the players' locks.
 *
 * On SQLite the process is the only writer of its records (as for sessions), so the active
 * players' records and histories are cached, write-through: an answer from a player seen recently
 * costs no read. Records returned are shared with the cache: treat them as immutable.
 *
 * On Redis and PostgreSQL (`transactions` given) other processes write the same records, so the
 * cache is bypassed: a cached record could be older than another process's write, and a score
 * judged on it would undo that write. Answers read their records inside the store transaction
 * (AnswerCommits), and /stats reads the store.
 */
export class ScoreStore {
  private readonly cache: LruCache<string, PlayerState>;
  /** Whether this process is the only writer, so that its cache is the truth. */
  private readonly trustCache: boolean;

  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly leaderboards: Boards,
    private readonly reportCorrupt: CorruptRecordReporter = () => {},
    cacheSize: number = PLAYERS_CACHED,
    transactions?: Transactions,
  ) {
    this.cache = new LruCache(cacheSize);
    this.trustCache = transactions === undefined;
  }

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
   * The players' records and their histories of one question, from the cache where it has them
   * and otherwise in one `getMany`. Call it holding the players' locks (a read outside them could
   * be older than a write). A corrupt record is set aside, and the player starts afresh.
   */
  async loadPlayers(guildId: string, userIds: readonly string[], questionId: string): Promise<PlayersLoaded> {
    const wanted: string[] = [];
    for (const userId of new Set(userIds)) {
      const cached = this.cached(keys.score(guildId, userId));
      if (!cached) wanted.push(keys.score(guildId, userId));
      if (!cached?.questions.has(questionId)) wanted.push(keys.history(guildId, userId, questionId));
    }
    const values = wanted.length > 0 ? await this.keyv.getMany<unknown>(wanted) : [];
    const read = new Map(wanted.map((key, i) => [key, values[i]]));
    const records = new Map<string, PlayerRecord>();
    const histories = new Map<string, QuestionHistory>();
    for (const userId of new Set(userIds)) {
      const key = keys.score(guildId, userId);
      const cached = this.cached(key);
      const record = cached ? cached.record : this.recordFrom(key, read.get(key));
      let history = cached?.questions.get(questionId);
      if (history === undefined) {
        const historyKey = keys.history(guildId, userId, questionId);
        const parsed = validated(read.get(historyKey), QuestionHistorySchema);
        if (parsed.kind === "corrupt")
          this.reportCorrupt(historyKey, `${parsed.problem} (starting a new history)`, parsed.raw);
        history = parsed.kind === "ok" ? parsed.value : null;
      }
      if (this.trustCache)
        this.cache.set(key, {
          record,
          questions: new Map(cached?.questions ?? []).set(questionId, history),
        });
      if (record) records.set(userId, record);
      if (history) histories.set(userId, history);
    }
    return { records, histories };
  }

  /**
   * Writes the changed records and histories with `together` (the session, grade-book rows) in one atomic
   * batch: all land, or none and this throws. Call it holding the players' locks. After a failure
   * the store may or may not hold the batch (a timeout can follow a write), so the players are
   * forgotten and read afresh next time.
   */
  async commit(
    guildId: string,
    changed: PlayersChanged,
    together: readonly StoreWrite[] = [],
  ): Promise<void> {
    const writes: StoreWrite[] = [...together, ...this.writesOf(guildId, changed)];
    try {
      const [only] = writes;
      if (writes.length === 1 && only) await this.keyv.set(only.key, only.value, only.ttl);
      else if (writes.length > 1) await this.keyv.setMany(writes);
    } catch (error) {
      for (const userId of changed.records.keys()) this.cache.delete(keys.score(guildId, userId));
      throw error;
    }
    for (const [userId, record] of changed.records) {
      this.leaderboards.observe(record);
      if (!this.trustCache) continue;
      const key = keys.score(guildId, userId);
      const questions = new Map(this.cache.get(key)?.questions ?? []);
      const history = changed.histories.get(userId);
      if (history) questions.set(changed.questionId, history);
      this.cache.set(key, { record, questions });
    }
  }

  /** A player's record, or undefined if they have none (or it is corrupt: that is reported). */
  async get(guildId: string, userId: string): Promise<PlayerRecord | undefined> {
    const key = keys.score(guildId, userId);
    const cached = this.cached(key);
    if (cached) return cached.record ?? undefined;
    const read = await readValidated(this.keyv, key, PlayerRecordSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    return read.kind === "ok" ? read.value : undefined;
  }

  /**
   * A player's history of the given questions in a guild (those never answered are absent), read
   * in one round trip: the cached entries of an active player, the rest with one `getMany`.
   */
  async history(guildId: string, userId: string, questionIds: readonly string[]): Promise<History> {
    const cached = this.cached(keys.score(guildId, userId));
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

  /** A player's cached state, where the cache can be trusted (see the class comment). */
  private cached(key: string): PlayerState | undefined {
    return this.trustCache ? this.cache.get(key) : undefined;
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
