/**
 * The quiz as the bot and the terminal play it: starts sessions, takes answers, moves rounds on.
 * Every rule is the engine's (src/quiz); every read and write is the store's (src/store); the
 * Discord layer and the terminal only render what these functions return.
 */
import type { QuestionFilter } from "../bank/bank.ts";
import type { Question } from "../bank/question.ts";
import {
  type ChannelOutcome,
  type Click,
  type Judged,
  judgeAnswers,
  type SoloOutcome,
} from "../engine/answer.ts";
import { seededRandom } from "../engine/random.ts";
import { type RevealView, revealOf } from "../engine/reveal.ts";
import { selectQuestions } from "../engine/select.ts";
import {
  advance,
  closeRound,
  createSession,
  currentQuestionId,
  displayedOptions,
  finish,
  type SessionState,
} from "../engine/session.ts";
import type { Locale } from "../i18n/index.ts";
import { isStoreWriteFailure } from "../store/open.ts";
import type { StoreWrite } from "../store/records.ts";
import type { AppContext } from "./context.ts";
import { UserError } from "./errors.ts";
import { gradeRowWrites } from "./lessons/grade-rows.ts";
import { liveRules, serverScoring } from "./scoring.ts";

export { QUIZ_LIMITS } from "../engine/limits.ts";

/** What a round shows: the question and its options in the session's order. */
export interface RoundView {
  readonly sessionId: string;
  readonly round: number;
  readonly totalRounds: number;
  readonly question: Question;
  readonly options: readonly string[];
  readonly endsAt: number | null;
}

/** The question a session is on, as shown. */
export async function roundView(ctx: AppContext, state: SessionState): Promise<RoundView> {
  return viewOf(state, await questionOf(ctx, state));
}

/** The round as shown, for a question already looked up. */
function viewOf(state: SessionState, question: Question): RoundView {
  return {
    sessionId: state.id,
    round: state.round,
    totalRounds: state.questionIds.length,
    question,
    options: displayedOptions(state, question),
    endsAt: state.roundEndsAt,
  };
}

/** The question of a session's current round (from its server's bank: shipped or approved there). */
export async function questionOf(ctx: AppContext, state: SessionState): Promise<Question> {
  const id = currentQuestionId(state);
  const question = ctx.bank.get(id) ?? (await ctx.banks.of(state.guildId)).bank.get(id);
  if (!question) throw new Error(`session ${state.id} asks question ${id}, which is no longer in the bank`);
  return question;
}

/**
 * The bank whose corpus holds a question's sources: the shipped bank, or the server's own when the
 * question cites (or also cites) a document of that server.
 */
async function revealBankOf(ctx: AppContext, guildId: string, question: Question) {
  const { corpus } = ctx.bank;
  const shipped = [question.citation, ...question.also].every((c) => corpus.get(c.source) !== undefined);
  return shipped ? ctx.bank : (await ctx.banks.of(guildId)).bank;
}

/** A round's view and its reveal (answer, explanation, citation), from one lookup of its question. */
export async function revealOfRound(
  ctx: AppContext,
  state: SessionState,
): Promise<{ view: RoundView; reveal: RevealView }> {
  const question = await questionOf(ctx, state);
  return {
    view: viewOf(state, question),
    reveal: revealOf(await revealBankOf(ctx, state.guildId, question), question),
  };
}

/** What a quiz is started with. */
export interface StartRequest {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly filter: QuestionFilter;
  readonly count: number;
  /** The language of the messages a channel round posts (the server's, see serverLocale). */
  readonly locale?: Locale | undefined;
  /** The grade-book result to keep the answers for (an assignment's attempts). */
  readonly resultId?: string | undefined;
}

async function pickQuestions(ctx: AppContext, request: StartRequest, seed: string, preferNew: boolean) {
  const { bank, disabled } = await ctx.banks.of(request.guildId);
  const ids = bank.questions.map((q) => q.id);
  const history = preferNew ? await ctx.scores.history(request.guildId, request.userId, ids) : undefined;
  const questions = selectQuestions(
    bank,
    {
      ...request.filter,
      count: request.count,
      history: history && new Map(Object.entries(history.questions)),
      exclude: disabled,
    },
    seededRandom(seed),
  );
  if (questions.length === 0) {
    throw new UserError("error.noQuestionsMatch");
  }
  return questions;
}

/** Starts a private quiz for one player, preferring questions they have not seen or got wrong. */
export async function startSolo(ctx: AppContext, request: StartRequest): Promise<SessionState> {
  const id = ctx.newId();
  const seed = `${id}:${ctx.now()}`;
  const questions = await pickQuestions(ctx, request, seed, true);
  return startSoloWith(ctx, { ...request, id, seed }, questions);
}

/** Starts a private quiz on questions chosen by the caller (such as the ones due for review). */
export async function startSoloWith(
  ctx: AppContext,
  request: Omit<StartRequest, "count"> & { readonly id?: string; readonly seed?: string },
  questions: readonly Question[],
): Promise<SessionState> {
  const id = request.id ?? ctx.newId();
  const seed = request.seed ?? `${id}:${ctx.now()}`;
  const scoring = liveRules(await serverScoring(ctx, request.guildId));
  const state = createSession(
    { id, kind: "solo", ...request, ownerId: request.userId, seed, questions, scoring },
    ctx.now(),
  );
  await ctx.sessions.save(state);
  return state;
}

/** A channel round started, or refused because one is already running there. */
export type ChannelStart =
  | { readonly started: true; readonly state: SessionState }
  | { readonly started: false; readonly holder: SessionState };

/** Starts a public round in a channel, unless one is already running there. */
export async function startChannel(
  ctx: AppContext,
  request: StartRequest & {
    readonly seconds: number;
    /** The questions to ask, in order (a question set); drawn by the filter when absent. */
    readonly questions?: readonly Question[] | undefined;
  },
): Promise<ChannelStart> {
  const id = ctx.newId();
  const seed = `${id}:${ctx.now()}`;
  const questions = request.questions ?? (await pickQuestions(ctx, request, seed, false));
  const scoring = liveRules(await serverScoring(ctx, request.guildId));
  return ctx.sessions.claimChannel(request.guildId, request.channelId, async () =>
    createSession(
      {
        id,
        kind: "channel",
        ...request,
        ownerId: request.userId,
        seed,
        questions,
        secondsPerQuestion: request.seconds,
        scoring,
        // Every channel round is kept in the grade book, under its own id.
        resultId: id,
      },
      ctx.now(),
    ),
  );
}

/** A player's click on an answer button. */
export interface AnswerInput extends Click {
  readonly sessionId: string;
  /** The player's name as shown at the time (for the grade book). */
  readonly displayName?: string | undefined;
}

/**
 * The grade-book rows of the answers just accepted, for a session that keeps them (a channel
 * round or an assignment attempt): committed in the same atomic batch as the scores.
 */
function gradeRows(
  ctx: AppContext,
  session: SessionState,
  question: Question,
  inputs: readonly AnswerInput[],
  judged: Judged,
  now: number,
): StoreWrite[] {
  const accepted = judged.outcomes.flatMap((outcome, i) => {
    const input = inputs[i];
    if (!input || (outcome.kind !== "revealed" && outcome.kind !== "taken")) return [];
    return [
      {
        userId: input.userId,
        displayName: input.displayName ?? input.userId,
        chosen: outcome.chosen,
        correct: outcome.correct,
        points: outcome.points.total,
      },
    ];
  });
  return gradeRowWrites(ctx.lessons, session, question.id, accepted, now);
}

/** A solo answer's outcome: revealed at once (with the round's view and reveal to show), or refused. */
export type SoloAnswer =
  | (Extract<SoloOutcome, { kind: "revealed" }> & {
      readonly view: RoundView;
      readonly reveal: RevealView;
      readonly state: SessionState;
    })
  | Exclude<SoloOutcome, { kind: "revealed" }>;

/** The outcome of an answer, by the kind of the session it was given to. */
export type AnswerOutcome =
  | { readonly session: "solo"; readonly outcome: SoloAnswer }
  | { readonly session: "channel"; readonly outcome: ChannelOutcome }
  | { readonly session: "gone" };

/**
 * Takes a player's answer: judged and scored by the engine (src/quiz/answer.ts), then the
 * session, the player's record and their question history are written in one atomic batch,
 * durable before this returns. Idempotent per (session, round, player): a retry never scores
 * twice. Clicks on one session that arrive together are judged and written as one group.
 */
export function answer(ctx: AppContext, input: AnswerInput): Promise<AnswerOutcome> {
  return ctx.answerGroups.submit(input.sessionId, input, (inputs) =>
    answerGroup(ctx, input.sessionId, inputs),
  );
}

/**
 * One group commit: the store loads what judging needs, the engine judges, the store commits.
 * The judging below may run more than once (a store shared by several processes re-runs it on
 * fresh reads after a conflict), so it only computes: it writes nothing and tells no one.
 */
async function answerGroup(
  ctx: AppContext,
  sessionId: string,
  inputs: readonly AnswerInput[],
): Promise<AnswerOutcome[]> {
  const now = ctx.now();
  return ctx.answers.run<AnswerOutcome[]>(
    sessionId,
    inputs.map((i) => i.userId),
    async (loaded) => {
      const { session } = loaded;
      if (!session) return { result: inputs.map(() => ({ session: "gone" }) as const) };
      const question = await questionOf(ctx, session);
      const judged = judgeAnswers({ ...loaded, session, question, clicks: inputs, now });
      const changed = judged.session !== session;
      const commit = changed
        ? { changes: judged, alongside: gradeRows(ctx, session, question, inputs, judged, now) }
        : {};
      if (judged.kind === "channel")
        return {
          ...commit,
          result: judged.outcomes.map((outcome) => ({ session: "channel", outcome }) as const),
        };
      // Solo: the reveal is shown at once, built here (once) from the question looked up above.
      const revealBank = await revealBankOf(ctx, session.guildId, question);
      const shown = { view: viewOf(judged.session, question), reveal: revealOf(revealBank, question) };
      return {
        ...commit,
        result: judged.outcomes.map(
          (outcome) =>
            ({
              session: "solo",
              outcome:
                outcome.kind === "revealed" ? { ...outcome, ...shown, state: judged.session } : outcome,
            }) as const,
        ),
      };
    },
  );
}

/** The state after a change to a session, or why the change could not be made. */
export type SessionChange =
  | { readonly kind: "changed"; readonly state: SessionState; readonly previous: SessionState }
  | { readonly kind: "gone" }
  | { readonly kind: "not-player"; readonly ownerId: string };

/** Solo: moves to the next question (after a reveal), or finishes after the last. */
export async function nextQuestion(
  ctx: AppContext,
  input: { readonly sessionId: string; readonly userId: string; readonly round: number },
): Promise<SessionChange> {
  return ctx.sessions.update<SessionChange>(input.sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "gone" } as const };
    if (state.ownerId !== input.userId)
      return { result: { kind: "not-player", ownerId: state.ownerId } as const };
    // A second click on the same "next" button must not skip a question.
    if (input.round !== state.round || state.phase !== "revealed") {
      return { result: { kind: "changed", state, previous: state } as const };
    }
    const next = advance(state, ctx.now());
    return { state: next, result: { kind: "changed", state: next, previous: state } as const };
  });
}

/**
 * Moves a round on from `phase` with `step`, once: a repeated call (a timer after a restart, a
 * double click) for a round that already moved on leaves the session as it is.
 */
async function stepRound(
  ctx: AppContext,
  sessionId: string,
  round: number,
  phase: "asking" | "revealed",
  step: (state: SessionState, now: number) => SessionState,
): Promise<SessionChange> {
  return ctx.sessions.update<SessionChange>(sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "gone" } as const };
    if (state.round !== round || state.phase !== phase) {
      return { result: { kind: "changed", state, previous: state } as const };
    }
    const next = step(state, ctx.now());
    return { state: next, result: { kind: "changed", state: next, previous: state } as const };
  });
}

/** Channel rounds: closes the current round's answers (when its time is up) for the reveal. */
export function revealRound(ctx: AppContext, sessionId: string, round: number): Promise<SessionChange> {
  return stepRound(ctx, sessionId, round, "asking", closeRound);
}

/** Channel rounds: from a revealed round to the next one, or to the end. */
export function advanceRound(ctx: AppContext, sessionId: string, round: number): Promise<SessionChange> {
  return stepRound(ctx, sessionId, round, "revealed", advance);
}

/** Ends a session now (stopped by a player or a moderator, or failed). */
export async function endSession(
  ctx: AppContext,
  sessionId: string,
  reason: "stopped" | "failed",
): Promise<SessionChange> {
  return ctx.sessions.update<SessionChange>(sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "gone" } as const };
    const next = finish(state, ctx.now(), reason);
    return { state: next, result: { kind: "changed", state: next, previous: state } as const };
  });
}

/** Stops the channel's round if the caller may: whoever started it, or a server manager. */
export async function stopChannelRound(
  ctx: AppContext,
  input: {
    readonly guildId: string;
    readonly channelId: string;
    readonly userId: string;
    readonly canManage: boolean;
  },
): Promise<
  | { kind: "stopped"; state: SessionState }
  | { kind: "cannot-save"; state: SessionState }
  | { kind: "none" }
  | { kind: "unreadable" }
  | { kind: "not-allowed"; ownerId: string }
> {
  const round = await ctx.sessions.roundInChannel(input.guildId, input.channelId);
  if (round.kind !== "running") return { kind: round.kind };
  const running = round.state;
  if (running.ownerId !== input.userId && !input.canManage)
    return { kind: "not-allowed", ownerId: running.ownerId };
  try {
    const change = await endSession(ctx, running.id, "stopped");
    return change.kind === "changed" ? { kind: "stopped", state: change.state } : { kind: "none" };
  } catch (error) {
    // The store can read but not save (a full disk): the caller stops the round once it can.
    if (isStoreWriteFailure(error)) return { kind: "cannot-save", state: running };
    throw error;
  }
}

/** Records which Discord message shows a session's current round (for edits after a restart). */
export async function attachMessage(
  ctx: AppContext,
  input: { readonly sessionId: string; readonly round: number; readonly messageId: string },
): Promise<SessionState | undefined> {
  return ctx.sessions.update<SessionState | undefined>(input.sessionId, async (state) => {
    if (!state || state.round !== input.round) return { result: state };
    const next = { ...state, messageId: input.messageId };
    return { state: next, result: next };
  });
}

/** A session as it is now, or undefined if it is over (expired) or never existed. */
export function sessionNow(ctx: AppContext, sessionId: string): Promise<SessionState | undefined> {
  return ctx.sessions.get(sessionId);
}

/** Every unfinished channel round of the given guilds (to resume them after a restart). */
export async function unfinishedChannelRounds(
  ctx: AppContext,
  guildIds: ReadonlySet<string>,
): Promise<SessionState[]> {
  return (await ctx.sessions.unfinished()).filter((s) => s.kind === "channel" && guildIds.has(s.guildId));
}
