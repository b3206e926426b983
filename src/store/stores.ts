import type Keyv from "keyv";
import type { Logger } from "pino";
import { KeyedLock } from "../lib/keyed-lock.ts";
import { AnswerCommits } from "./answers.ts";
import { CommunityStore } from "./community.ts";
import { type InteractionClaims, interactionClaims } from "./interaction-claims.ts";
import { type Boards, Leaderboards } from "./leaderboards.ts";
import { LessonsStore } from "./lessons.ts";
import { postgresAccess } from "./postgres-access.ts";
import { PostgresBoards } from "./postgres-boards.ts";
import { PostgresTransactions } from "./postgres-transactions.ts";
import { redisAccess } from "./redis-access.ts";
import { RedisBoards } from "./redis-boards.ts";
import { RedisTransactions } from "./redis-transactions.ts";
import { PLAYERS_CACHED, ScoreStore } from "./scores.ts";
import { SESSIONS_CACHED, SessionStore } from "./sessions.ts";
import { SourcesStore } from "./sources.ts";
import type { Transactions } from "./transact.ts";
import { Quarantine } from "./validated.ts";

/** Every store over one keyv, sharing one lock: the only way the layers above reach the records. */
export interface Stores {
  readonly scores: ScoreStore;
  readonly sessions: SessionStore;
  readonly answers: AnswerCommits;
  readonly community: CommunityStore;
  readonly leaderboards: Boards;
  /** Question sets, assignments and the grade book. */
  readonly lessons: LessonsStore;
  /** A server's own source documents (`/source`). */
  readonly sources: SourcesStore;
  /** Moves corrupt records aside (tests wait for it with `idle`). */
  readonly quarantine: Quarantine;
  /** Interaction ids already acted on (each interaction acts once, on any process). */
  readonly interactions: InteractionClaims;
  /** The store transactions of a store shared by several processes (Redis, PostgreSQL); none on SQLite. */
  readonly transactions?: Transactions | undefined;
}

/**
 * What a store shared by several processes (Redis, PostgreSQL) adds: transactions that make the
 * store the guarantee of an answer commit, and leaderboards kept in the database. Undefined for
 * SQLite (and the in-memory store), whose one process keeps its locks, caches and rankings.
 */
function sharedStore(
  keyv: Keyv,
  now: () => number,
  reportCorrupt: (key: string, problem: string, raw?: unknown) => void,
): { transactions: Transactions; boards: Boards } | undefined {
  const redis = redisAccess(keyv);
  if (redis)
    return { transactions: new RedisTransactions(redis), boards: new RedisBoards(redis, now, reportCorrupt) };
  const postgres = postgresAccess(keyv);
  if (postgres)
    return {
      transactions: new PostgresTransactions(postgres),
      boards: new PostgresBoards(postgres, now, reportCorrupt),
    };
  return undefined;
}

/** Wires the stores around one keyv. */
export function createStores(
  keyv: Keyv,
  options: {
    now: () => number;
    logger: Logger;
    /**
     * Benchmarks only: the single-writer path (per-process locks and caches, in-memory rankings) on
     * Redis/PostgreSQL too, as before the store was the guarantee, to measure what the guarantee
     * costs. Wrong as soon as a second process writes the same store.
     */
    singleWriter?: boolean;
  },
): Stores {
  const { now, logger } = options;
  const lock = new KeyedLock();
  // Corrupt records are moved aside under `corrupt:` with a log line naming the key.
  const quarantine = new Quarantine(keyv, lock, logger, now);
  const reportCorrupt = quarantine.report;
  const shared = options.singleWriter ? undefined : sharedStore(keyv, now, reportCorrupt);
  const leaderboards =
    shared?.boards ??
    new Leaderboards(keyv, now, reportCorrupt, (error, attempt) =>
      logger.warn({ err: error, attempt }, "the leaderboard scan failed: trying again"),
    );
  const transactions = shared?.transactions;
  const scores = new ScoreStore(keyv, lock, leaderboards, reportCorrupt, PLAYERS_CACHED, transactions);
  const sessions = new SessionStore(keyv, lock, reportCorrupt, now, SESSIONS_CACHED, transactions);
  return {
    scores,
    sessions,
    answers: new AnswerCommits(sessions, scores, transactions),
    transactions,
    community: new CommunityStore(keyv, lock, reportCorrupt, logger, now),
    leaderboards,
    lessons: new LessonsStore(keyv, lock, reportCorrupt),
    sources: new SourcesStore(keyv, lock, reportCorrupt),
    quarantine,
    interactions: interactionClaims(keyv, now),
  };
}
