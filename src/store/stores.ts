import type Keyv from "keyv";
import { AnswerCommits } from "./answers.ts";
import { CommunityStore } from "./community.ts";
import { KeyedLock } from "./keyed-lock.ts";
import { Leaderboards } from "./leaderboards.ts";
import { LessonsStore } from "./lessons.ts";
import { ScoreStore } from "./scores.ts";
import { SessionStore } from "./sessions.ts";
import type { CorruptRecordReporter } from "./validated.ts";

/** Every store over one keyv, sharing one lock: the only way the layers above reach the records. */
export interface Stores {
  readonly scores: ScoreStore;
  readonly sessions: SessionStore;
  readonly answers: AnswerCommits;
  readonly community: CommunityStore;
  readonly leaderboards: Leaderboards;
  /** Question sets, assignments and the grade book. */
  readonly lessons: LessonsStore;
}

/** Wires the stores around one keyv. */
export function createStores(
  keyv: Keyv,
  options: { now: () => number; reportCorrupt: CorruptRecordReporter },
): Stores {
  const lock = new KeyedLock();
  const leaderboards = new Leaderboards(keyv, options.now, options.reportCorrupt);
  const scores = new ScoreStore(keyv, lock, leaderboards, options.reportCorrupt);
  const sessions = new SessionStore(keyv, lock, options.reportCorrupt, options.now);
  return {
    scores,
    sessions,
    answers: new AnswerCommits(sessions, scores),
    community: new CommunityStore(keyv, lock, options.reportCorrupt),
    leaderboards,
    lessons: new LessonsStore(keyv, lock, options.now, options.reportCorrupt),
  };
}
