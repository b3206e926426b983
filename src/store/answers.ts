import { currentQuestionId, type SessionState } from "../quiz/session.ts";
import type { PlayerRecord, QuestionHistory, StoreWrite } from "./records.ts";
import type { ScoreStore } from "./scores.ts";
import type { SessionStore } from "./sessions.ts";

/** What the answer rules return and the store commits: the session, and the players' new records and histories. */
export interface AnswerChanges {
  readonly session: SessionState;
  readonly records: ReadonlyMap<string, PlayerRecord>;
  readonly histories: ReadonlyMap<string, QuestionHistory>;
}

/**
 * One answer commit in progress, holding the session's lock and the players': what judging needs
 * (the session, the players' records and histories of the round's question), then `commit` to
 * write the result. `release` must be called once, whatever happened (use try/finally).
 */
export interface OpenAnswers {
  /** The session, or undefined if it is over (finished, expired, or never existed). */
  readonly session: SessionState | undefined;
  readonly records: ReadonlyMap<string, PlayerRecord>;
  readonly histories: ReadonlyMap<string, QuestionHistory>;
  /**
   * Writes the session with the records and histories (and `alongside`, such as grade-book rows)
   * in one atomic batch, durable before it returns.
   */
  commit(changes: AnswerChanges, alongside?: readonly StoreWrite[]): Promise<void>;
  release(): void;
}

const NOTHING = new Map<never, never>();

/**
 * Answer commits: loads under the locks, and commits in one atomic write (keyv's setMany: one
 * SQLite statement, a Redis MULTI, one PostgreSQL statement) what the pure answer rules decided.
 * Locks are taken session first, then the players in key order, so commits cannot deadlock.
 */
export class AnswerCommits {
  constructor(
    private readonly sessions: SessionStore,
    private readonly scores: ScoreStore,
  ) {}

  /** Opens a commit on a session for the players who clicked. */
  async open(sessionId: string, userIds: readonly string[]): Promise<OpenAnswers> {
    const releaseSession = await this.sessions.lockSession(sessionId);
    let releasePlayers = () => {};
    const release = () => {
      releasePlayers();
      releaseSession();
    };
    try {
      const session = await this.sessions.get(sessionId);
      if (!session || session.phase === "finished") {
        return { session: undefined, records: NOTHING, histories: NOTHING, commit: refuse, release };
      }
      releasePlayers = await this.scores.lockPlayers(session.guildId, userIds);
      const questionId = currentQuestionId(session);
      const loaded = await this.scores.loadPlayers(session.guildId, userIds, questionId);
      const commit = async (changes: AnswerChanges, alongside: readonly StoreWrite[] = []) => {
        try {
          await this.scores.commit(
            session.guildId,
            { questionId, records: changes.records, histories: changes.histories },
            [this.sessions.writeOf(changes.session), ...alongside],
          );
        } catch (error) {
          // The batch may still land (a timeout can follow a write): read the session afresh next time.
          this.sessions.forget(sessionId);
          throw error;
        }
        this.sessions.remember(changes.session);
      };
      return { session, ...loaded, commit, release };
    } catch (error) {
      release();
      throw error;
    }
  }
}

async function refuse(): Promise<never> {
  throw new Error("no session to commit answers to");
}
