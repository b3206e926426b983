import type Keyv from "keyv";
import type { Logger } from "pino";
import { AnswerCommits } from "./answers.ts";
import { CommunityStore } from "./community.ts";
import { KeyedLock } from "./keyed-lock.ts";
import { Leaderboards } from "./leaderboards.ts";
import { LessonsStore } from "./lessons.ts";
import { ScoreStore } from "./scores.ts";
import { SessionStore } from "./sessions.ts";
import { Quarantine } from "./validated.ts";

/** Every store over one keyv, sharing one lock: the only way the layers above reach the records. */
export interface Stores {
  readonly scores: ScoreStore;
  readonly sessions: SessionStore;
  readonly answers: AnswerCommits;
  readonly community: CommunityStore;
  readonly leaderboards: Leaderboards;
  /** Question sets, assignments and the grade book. */
  readonly lessons: LessonsStore;
  /** Moves corrupt records aside (tests wait for it with `idle`). */
  readonly quarantine: Quarantine;
}

/** Wires the stores around one keyv. */
export function createStores(keyv: Keyv, options: { now: () => number; logger: Logger }): Stores {
  const { now, logger } = options;
  const lock = new KeyedLock();
  // Corrupt records are moved aside under `corrupt:` with a log line naming the key.
  const quarantine = new Quarantine(keyv, lock, logger, now);
  const reportCorrupt = quarantine.report;
  const leaderboards = new Leaderboards(keyv, now, reportCorrupt, (error, attempt) =>
    logger.warn({ err: error, attempt }, "the leaderboard scan failed: trying again"),
  );
  const scores = new ScoreStore(keyv, lock, leaderboards, reportCorrupt);
  const sessions = new SessionStore(keyv, lock, reportCorrupt, now);
  return {
    scores,
    sessions,
    answers: new AnswerCommits(sessions, scores),
    community: new CommunityStore(keyv, lock, reportCorrupt, logger, now),
    leaderboards,
    lessons: new LessonsStore(keyv, lock, reportCorrupt),
    quarantine,
  };
}
