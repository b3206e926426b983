import { currentQuestionId, type SessionState } from "../quiz/session.ts";
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
 * Answer commits, on every backend: `run` reads the session and the players' records inside a
 * store transaction (backend.ts), from the database, and commits the decision atomically only if
 * nothing it read has changed meanwhile (else it reads and decides again), with the leaderboard
 * updates in the same commit. A retried or duplicated click is judged against the session as
 * committed, which records who answered each round, so it is never scored twice.
 */
export class AnswerCommits {
  constructor(
    private readonly sessions: SessionStore,
    private readonly scores: ScoreStore,
    private readonly transactions: Transactions,
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
    // This process's clicks on one session still take turns (fewer conflicts between them); the
    // other processes' commits are what the transaction guards against.
    const release = await this.sessions.lockSession(sessionId);
    try {
      const { result, session, records } = await transactions.transact<{
        result: T;
        session: SessionState | undefined;
        records?: ReadonlyMap<string, PlayerRecord>;
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
          result: { result: decision.result, session: changes.session, records: changes.records },
        };
      });
      if (session) this.sessions.remember(session);
      // Rankings kept in memory (SQLite, memory) follow the commit; the database's were in it.
      if (records) this.scores.observe(records);
      return result;
    } finally {
      release();
    }
  }
}
