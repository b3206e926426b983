import { currentQuestionId, type SessionState } from "../engine/session.ts";
import { keys, type PlayerRecord, type QuestionHistory, type StoreWrite } from "./records.ts";
import type { ScoreStore } from "./scores.ts";
import type { SessionStore } from "./sessions.ts";
import type { Transactions } from "./transact.ts";

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

/** What judging an answer needs: the session (undefined: over) and the players' records and histories. */
export interface LoadedAnswers {
  readonly session: SessionState | undefined;
  readonly records: ReadonlyMap<string, PlayerRecord>;
  readonly histories: ReadonlyMap<string, QuestionHistory>;
}

/** What a decision on loaded answers returns: the changes to commit (none: nothing changes) and the caller's result. */
export interface AnswerDecision<T> {
  readonly changes?: AnswerChanges | undefined;
  /** Written in the same atomic commit (such as grade-book rows). */
  readonly alongside?: readonly StoreWrite[] | undefined;
  readonly result: T;
}

const NOTHING = new Map<never, never>();

/**
 * Answer commits: loads under the locks, and commits in one atomic write (keyv's setMany: one
 * SQLite statement, a Redis MULTI, one PostgreSQL statement) what the pure answer rules decided.
 * Locks are taken session first, then the players in key order, so commits cannot deadlock.
 *
 * On Redis and PostgreSQL (`transactions` given), where several processes take answers for the
 * same session, the guarantee is the store's: `run` reads the session and the players' records
 * inside a store transaction, from the database, and commits the decision atomically only if
 * nothing it read has changed meanwhile (else it reads and decides again), with the leaderboard
 * updates in the same commit. A retried or duplicated click is judged against the session as
 * committed, which records who answered each round, so it is never scored twice.
 */
export class AnswerCommits {
  constructor(
    private readonly sessions: SessionStore,
    private readonly scores: ScoreStore,
    private readonly transactions?: Transactions,
  ) {}

  /**
   * Loads what judging needs, calls `decide` (pure: it may be called again after a conflict), and
   * commits its changes atomically, durable before this returns; then returns its result.
   */
  async run<T>(
    sessionId: string,
    userIds: readonly string[],
    decide: (loaded: LoadedAnswers) => Promise<AnswerDecision<T>>,
  ): Promise<T> {
    const transactions = this.transactions;
    if (!transactions) {
      const open = await this.open(sessionId, userIds);
      try {
        const decision = await decide(open);
        if (decision.changes) await open.commit(decision.changes, decision.alongside);
        return decision.result;
      } finally {
        open.release();
      }
    }
    // This process's clicks on one session still take turns (fewer conflicts between them); the
    // other processes' commits are what the transaction guards against.
    const release = await this.sessions.lockSession(sessionId);
    try {
      const { result, session } = await transactions.transact<{
        result: T;
        session: SessionState | undefined;
      }>(async (tx) => {
        // On Redis, the session as this process last saw it says which players' keys to read along
        // with the session, in one round trip (a transaction reads each key once); what is read,
        // and checked by the commit, decides, never the guess. PostgreSQL's reads lock, so they
        // keep their order: the session, then its players.
        const guess = transactions.readsLock ? undefined : this.sessions.lastSeen(sessionId);
        if (guess)
          await tx.read([
            keys.session(sessionId),
            ...this.scores.answerKeys(guess.guildId, userIds, currentQuestionId(guess)),
          ]);
        const current = await this.sessions.readIn(tx, sessionId);
        if (!current || current.phase === "finished") {
          const decision = await decide({ session: undefined, records: NOTHING, histories: NOTHING });
          return { writes: [], result: { result: decision.result, session: undefined } };
        }
        const { guildId } = current;
        const questionId = currentQuestionId(current);
        // The guild's board is updated by this commit: PostgreSQL takes its shared lock with the players'.
        const read = await tx.read(this.scores.answerKeys(guildId, userIds, questionId), {
          boardsOf: [guildId],
        });
        const players = this.scores.playersFrom(guildId, userIds, questionId, read);
        const decision = await decide({ session: current, ...players });
        const changes = decision.changes;
        if (!changes) return { writes: [], result: { result: decision.result, session: undefined } };
        return {
          writes: [
            this.sessions.writeOf(changes.session),
            ...this.scores.writesOf(guildId, { questionId, ...changes }),
            ...(decision.alongside ?? []),
          ],
          boards: this.scores.boardEntriesOf(changes.records),
          result: { result: decision.result, session: changes.session },
        };
      });
      if (session) this.sessions.remember(session);
      return result;
    } finally {
      release();
    }
  }

  /** Opens a commit on a session for the players who clicked (this process the only writer: SQLite). */
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
