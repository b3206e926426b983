import type Keyv from "keyv";
import { currentQuestionId, type SessionState } from "../engine/session.ts";
import { commitIfUnchanged, type ReadSet, readChecked } from "./checked.ts";
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
 * What judging an answer needs, as loaded: the session (undefined: over) and the players' records
 * and histories, with what was read (the commit is checked against it).
 */
export interface LoadedAnswers {
  readonly session: SessionState | undefined;
  readonly records: ReadonlyMap<string, PlayerRecord>;
  readonly histories: ReadonlyMap<string, QuestionHistory>;
  /** Every key read and the value found (undefined: absent): what `commit` checks has not changed. */
  readonly read: ReadSet;
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
 * Answer commits, on every backend, in two calls the application makes (the store calls nothing
 * back): `load` reads the session and the players' records once, and `commit` writes what the
 * answer rules decided, atomically, with the leaderboard updates, only if nothing `load` read has
 * changed meanwhile (a store transaction that reads those keys again and compares). On `false`
 * the caller loads and decides again. A retried or duplicated click is judged against the session
 * as committed, which records who answered each round, so it is never scored twice.
 */
export class AnswerCommits {
  constructor(
    private readonly keyv: Keyv,
    private readonly sessions: SessionStore,
    private readonly scores: ScoreStore,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Reads what judging needs: the session, and the players' record and history of its current
   * question. The session is read once; the players' keys are read with it when this process has
   * seen the session before (a guess of its guild and question, checked after the read), else in a
   * second read.
   */
  async load(sessionId: string, userIds: readonly string[]): Promise<LoadedAnswers> {
    const sessionKey = keys.session(sessionId);
    const guess = this.sessions.lastSeen(sessionId);
    const guessed = guess ? this.scores.answerKeys(guess.guildId, userIds, currentQuestionId(guess)) : [];
    const read = await readChecked(this.keyv, [sessionKey, ...guessed]);
    const session = this.sessions.fromStored(sessionId, read.get(sessionKey));
    if (!session || session.phase === "finished")
      return {
        session: undefined,
        records: NOTHING,
        histories: NOTHING,
        read: new Map([[sessionKey, read.get(sessionKey)]]),
      };
    const questionId = currentQuestionId(session);
    const needed = this.scores.answerKeys(session.guildId, userIds, questionId);
    const missing = needed.filter((key) => !read.has(key));
    if (missing.length > 0)
      for (const [key, value] of await readChecked(this.keyv, missing)) read.set(key, value);
    const players = this.scores.playersFrom(session.guildId, userIds, questionId, read);
    // Only what decides is checked at the commit: keys guessed wrongly are left out.
    const checked = new Map([sessionKey, ...needed].map((key) => [key, read.get(key)]));
    return { session, ...players, read: checked };
  }

  /**
   * Commits a decision on `loaded` (the session, the players' records and histories, and
   * `alongside`) in one atomic write with the leaderboard updates, durable before this returns;
   * false, with nothing written, if any record `load` read has changed since.
   */
  async commit(loaded: LoadedAnswers, decision: AnswerDecision<unknown>): Promise<boolean> {
    const changes = decision.changes;
    const session = loaded.session;
    if (!changes || !session) return true;
    const { guildId } = session;
    const questionId = currentQuestionId(session);
    let committed: boolean;
    try {
      committed = await commitIfUnchanged(
        this.transactions,
        loaded.read,
        [
          this.sessions.writeOf(changes.session),
          ...this.scores.writesOf(guildId, { questionId, ...changes }),
          ...(decision.alongside ?? []),
        ],
        // The guild's board is updated by this commit: PostgreSQL takes its lock with the keys'.
        { boards: this.scores.boardEntriesOf(changes.records), boardsOf: [guildId] },
      );
    } catch (error) {
      // The write may still land (a timeout can follow it): the session is guessed afresh next time.
      this.sessions.forget(session.id);
      throw error;
    }
    if (!committed) return false;
    this.sessions.remember(changes.session);
    // Rankings kept in memory (SQLite, memory) follow the commit; the database's were in it.
    this.scores.observe(changes.records);
    return true;
  }
}
