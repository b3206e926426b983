/**
 * The quiz as the bot and the terminal play it: starts sessions, takes answers, moves rounds on.
 * It joins the pure engine (src/quiz) to the stores (src/store); the Discord layer and the
 * terminal only render what these functions return.
 */

import { gradeRowWrites } from "../app/lessons/grade-rows.ts";
import type { QuestionFilter } from "../bank/bank.ts";
import type { Question } from "../bank/question.ts";
import type { Locale } from "../i18n/index.ts";
import { seededRandom } from "../quiz/random.ts";
import { type RevealView, revealOf } from "../quiz/reveal.ts";
import type { PointsBreakdown } from "../quiz/scoring.ts";
import { selectQuestions } from "../quiz/select.ts";
import {
  advance,
  applyAnswer,
  closeRound,
  createSession,
  currentQuestionId,
  displayedOptions,
  finish,
  judgeAnswer,
  type RoundAnswer,
  type SessionState,
} from "../quiz/session.ts";
import type { AnswerToRecord } from "../store/scores.ts";
import type { GameContext } from "./context.ts";
import { UserError } from "./errors.ts";

/** Limits on quiz settings, shared by the slash command options and the terminal flags. */
export const QUIZ_LIMITS = {
  minQuestions: 1,
  maxQuestions: 20,
  defaultQuestions: 5,
  minSeconds: 10,
  maxSeconds: 120,
  defaultSeconds: 30,
} as const;

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
export async function roundView(ctx: GameContext, state: SessionState): Promise<RoundView> {
  const question = await questionOf(ctx, state);
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
export async function questionOf(ctx: GameContext, state: SessionState): Promise<Question> {
  const id = currentQuestionId(state);
  const question = ctx.bank.get(id) ?? (await ctx.banks.of(state.guildId)).bank.get(id);
  if (!question) throw new Error(`session ${state.id} asks question ${id}, which is no longer in the bank`);
  return question;
}

/** The reveal of a session's current question: answer, explanation and citation. */
export async function revealOfRound(ctx: GameContext, state: SessionState): Promise<RevealView> {
  return revealOf(ctx.bank, await questionOf(ctx, state));
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

async function pickQuestions(ctx: GameContext, request: StartRequest, seed: string, preferNew: boolean) {
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
export async function startSolo(ctx: GameContext, request: StartRequest): Promise<SessionState> {
  const id = ctx.newId();
  const seed = `${id}:${ctx.now()}`;
  const questions = await pickQuestions(ctx, request, seed, true);
  return startSoloWith(ctx, { ...request, id, seed }, questions);
}

/** Starts a private quiz on questions chosen by the caller (such as the ones due for review). */
export async function startSoloWith(
  ctx: GameContext,
  request: Omit<StartRequest, "count"> & { readonly id?: string; readonly seed?: string },
  questions: readonly Question[],
): Promise<SessionState> {
  const id = request.id ?? ctx.newId();
  const seed = request.seed ?? `${id}:${ctx.now()}`;
  const state = createSession(
    { id, kind: "solo", ...request, ownerId: request.userId, seed, questions },
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
  ctx: GameContext,
  request: StartRequest & {
    readonly seconds: number;
    /** The questions to ask, in order (a question set); drawn by the filter when absent. */
    readonly questions?: readonly Question[] | undefined;
  },
): Promise<ChannelStart> {
  const id = ctx.newId();
  const seed = `${id}:${ctx.now()}`;
  const questions = request.questions ?? (await pickQuestions(ctx, request, seed, false));
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
        // Every channel round is kept in the grade book, under its own id.
        resultId: id,
      },
      ctx.now(),
    ),
  );
}

/** The outcome of an answer, with everything the reply needs. */
export type AnswerOutcome =
  | {
      readonly kind: "accepted";
      readonly correct: boolean;
      readonly points: PointsBreakdown;
      readonly chosen: string;
      readonly reveal: RevealView;
      readonly state: SessionState;
    }
  | { readonly kind: "duplicate"; readonly previous: RoundAnswer }
  | { readonly kind: "closed" }
  | { readonly kind: "not-player"; readonly ownerId: string }
  | { readonly kind: "invalid-choice" }
  | { readonly kind: "gone" };

/**
 * Takes a player's answer: judged by the engine, scored, and saved with the session in one atomic
 * write (the player's record, their question history and the session land together or not at
 * all), durable before this returns. Idempotent per (session, round, player): a retry never
 * scores twice.
 */
export async function answer(ctx: GameContext, input: AnswerInput): Promise<AnswerOutcome> {
  return ctx.sessions.batch<AnswerInput, AnswerOutcome>(input.sessionId, input, (state, inputs) =>
    answerAll(ctx, state, inputs),
  );
}

/** A player's click on an answer button. */
export interface AnswerInput {
  readonly sessionId: string;
  readonly round: number;
  readonly userId: string;
  readonly choice: number;
  /** The player's name as shown at the time (for the grade book). */
  readonly displayName?: string | undefined;
}

/**
 * Takes a group of answers to one session that arrived together (a group commit): each is judged,
 * the accepted ones are scored, and every player's record and question history is written with
 * the session in one atomic batch. Within a group, a player's second click is a duplicate too.
 */
async function answerAll(
  ctx: GameContext,
  state: SessionState | undefined,
  inputs: readonly AnswerInput[],
): Promise<{ state?: SessionState; saved?: boolean; results: AnswerOutcome[] }> {
  if (!state || state.phase === "finished") return { results: inputs.map(() => ({ kind: "gone" }) as const) };
  const question = await questionOf(ctx, state);
  const now = ctx.now();
  const results: (AnswerOutcome | undefined)[] = [];
  const accepted: { index: number; input: AnswerInput; correct: boolean; speed: AnswerToRecord["speed"] }[] =
    [];
  const answering = new Set<string>();
  inputs.forEach((input, index) => {
    const verdict = judgeAnswer(state, input, question, now);
    if (verdict.kind === "not-player") results[index] = { kind: "not-player", ownerId: state.ownerId };
    else if (verdict.kind !== "accepted") results[index] = verdict;
    else if (!answering.has(input.userId)) {
      answering.add(input.userId);
      const speed =
        verdict.limitMs === null ? undefined : { elapsedMs: verdict.elapsedMs, limitMs: verdict.limitMs };
      accepted.push({ index, input, correct: verdict.correct, speed });
    }
  });
  if (accepted.length === 0) return { results: results as AnswerOutcome[] };

  let next = state;
  const recorded = await ctx.scores.recordAnswers(
    state.guildId,
    accepted.map(({ input, correct, speed }) => ({
      userId: input.userId,
      answer: {
        key: `${state.id}:${state.round}`,
        questionId: question.id,
        sourceId: question.citation.source,
        difficulty: question.difficulty,
        correct,
        speed,
      },
    })),
    now,
    // The session is written in the same batch as the scores: one round trip, and no crash
    // between two writes can leave a session that shows an answer its score lacks.
    (scored) => {
      next = state;
      scored.forEach((r, k) => {
        const a = accepted[k];
        if (a)
          next = applyAnswer(next, a.input.userId, {
            choice: a.input.choice,
            correct: a.correct,
            points: r.points.total,
            at: now,
            breakdown: {
              base: r.points.base,
              streakBonus: r.points.streakBonus,
              speedBonus: r.points.speedBonus,
              streak: r.points.streak,
            },
          });
      });
      const options = displayedOptions(state, question);
      const kept = gradeRowWrites(
        ctx.lessons,
        state,
        question.id,
        accepted.map((a, k) => ({
          userId: a.input.userId,
          displayName: a.input.displayName ?? a.input.userId,
          chosen: options[a.input.choice] ?? "",
          correct: a.correct,
          points: scored[k]?.points.total ?? 0,
        })),
        now,
      );
      return [ctx.sessions.writeOf(next), ...kept];
    },
  );
  const options = displayedOptions(state, question);
  const reveal = revealOf(ctx.bank, question);
  accepted.forEach((a, k) => {
    results[a.index] = {
      kind: "accepted",
      correct: a.correct,
      points: recorded[k]?.points ?? { total: 0, base: 0, streakBonus: 0, speedBonus: 0, streak: 0 },
      chosen: options[a.input.choice] ?? "",
      reveal,
      state: next,
    };
  });
  // A second click in the same group: the first one counted.
  inputs.forEach((input, index) => {
    const previous = next.answers[input.userId];
    if (!results[index] && previous) results[index] = { kind: "duplicate", previous };
  });
  return { state: next, saved: true, results: results.map((r) => r ?? { kind: "closed" }) };
}

/** The state after a change to a session, or why the change could not be made. */
export type SessionChange =
  | { readonly kind: "changed"; readonly state: SessionState; readonly previous: SessionState }
  | { readonly kind: "gone" }
  | { readonly kind: "not-player"; readonly ownerId: string };

/** Solo: moves to the next question (after a reveal), or finishes after the last. */
export async function nextQuestion(
  ctx: GameContext,
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
  ctx: GameContext,
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
export function revealRound(ctx: GameContext, sessionId: string, round: number): Promise<SessionChange> {
  return stepRound(ctx, sessionId, round, "asking", closeRound);
}

/** Channel rounds: from a revealed round to the next one, or to the end. */
export function advanceRound(ctx: GameContext, sessionId: string, round: number): Promise<SessionChange> {
  return stepRound(ctx, sessionId, round, "revealed", advance);
}

/** Ends a session now (stopped by a player or a moderator, or failed). */
export async function endSession(
  ctx: GameContext,
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
  ctx: GameContext,
  input: {
    readonly guildId: string;
    readonly channelId: string;
    readonly userId: string;
    readonly canManage: boolean;
  },
): Promise<
  { kind: "stopped"; state: SessionState } | { kind: "none" } | { kind: "not-allowed"; ownerId: string }
> {
  const running = await ctx.sessions.inChannel(input.guildId, input.channelId);
  if (!running) return { kind: "none" };
  if (running.ownerId !== input.userId && !input.canManage)
    return { kind: "not-allowed", ownerId: running.ownerId };
  const change = await endSession(ctx, running.id, "stopped");
  return change.kind === "changed" ? { kind: "stopped", state: change.state } : { kind: "none" };
}

/** Records which Discord message shows a session's current round (for edits after a restart). */
export async function attachMessage(
  ctx: GameContext,
  input: { readonly sessionId: string; readonly round: number; readonly messageId: string },
): Promise<SessionState | undefined> {
  return ctx.sessions.update<SessionState | undefined>(input.sessionId, async (state) => {
    if (!state || state.round !== input.round) return { result: state };
    const next = { ...state, messageId: input.messageId };
    return { state: next, result: next };
  });
}
