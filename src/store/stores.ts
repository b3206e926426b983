import type Keyv from "keyv";
import pino, { type Logger } from "pino";
import { KeyedLock } from "../lib/keyed-lock.ts";
import { AnswerCommits } from "./answers.ts";
import type { Boards } from "./boards.ts";
import { CommunityStore } from "./community.ts";
import type { InteractionClaims } from "./interaction-claims.ts";
import { LessonsStore } from "./lessons.ts";
import { openKeyv } from "./open.ts";
import { backendFor } from "./registry.ts";
import { ScoreStore } from "./scores.ts";
import { SESSIONS_CACHED, SessionStore } from "./sessions.ts";
import { SourcesStore } from "./sources.ts";
import { TeamBoards } from "./team-boards.ts";
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
  /** Each server's team leaderboard (live rounds with teams). */
  readonly teamBoards: TeamBoards;
  /** A server's own source documents (`/source`). */
  readonly sources: SourcesStore;
  /** Moves corrupt records aside (tests wait for it with `idle`). */
  readonly quarantine: Quarantine;
  /** Interaction ids already acted on (each interaction acts once, on any process). */
  readonly interactions: InteractionClaims;
  /** The backend's transactions (every store's read-modify-write), for their retry count. */
  readonly transactions: Transactions;
}

/**
 * Wires the stores around one keyv, on its backend (see backend.ts): every store's
 * read-modify-write is the backend's `transact`, whichever backend it is. The KeyedLock the stores
 * share is an in-process optimisation only (this process's own writers to one record take turns
 * instead of conflicting and running again); the guarantee is the transaction's.
 */
export function createStores(keyv: Keyv, options: { now: () => number; logger: Logger }): Stores {
  const { now, logger } = options;
  const backend = backendFor(keyv);
  const lock = new KeyedLock();
  // Corrupt records are moved aside under `corrupt:` with a log line naming the key.
  const quarantine = new Quarantine(keyv, lock, logger, now);
  const reportCorrupt = quarantine.report;
  const leaderboards = backend.boards({
    now,
    reportCorrupt,
    onScanRetry: (error, attempt) =>
      logger.warn({ err: error, attempt }, "the leaderboard scan failed: trying again"),
  });
  const transactions = backend.transactions;
  const scores = new ScoreStore(keyv, lock, leaderboards, reportCorrupt, transactions);
  const sessions = new SessionStore(keyv, lock, reportCorrupt, now, SESSIONS_CACHED, transactions);
  return {
    scores,
    sessions,
    answers: new AnswerCommits(keyv, sessions, scores, transactions),
    transactions,
    community: new CommunityStore(keyv, lock, reportCorrupt, logger, now, transactions),
    leaderboards,
    lessons: new LessonsStore(keyv, lock, reportCorrupt, transactions),
    teamBoards: new TeamBoards(keyv, reportCorrupt, transactions),
    sources: new SourcesStore(keyv, lock, reportCorrupt, transactions),
    quarantine,
    interactions: backend.claims(now),
  };
}

/**
 * Every store on a fresh in-memory backend (keyv's Map store), for the fast tests: the same code
 * as on SQLite, Redis and PostgreSQL, nothing on disk, nothing to clean up but `keyv.disconnect`.
 */
export function openMemoryStores(
  options: { now?: () => number; logger?: Logger; namespace?: string } = {},
): Stores & { readonly keyv: Keyv } {
  const keyv = openKeyv("memory://", { namespace: options.namespace });
  const stores = createStores(keyv, {
    now: options.now ?? Date.now,
    logger: options.logger ?? pino({ level: "silent" }),
  });
  return { ...stores, keyv };
}
