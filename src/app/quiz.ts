/**
 * The quiz as the bot and the terminal play it: starts sessions, takes answers, moves rounds on.
 * Every rule is the engine's (src/quiz); every read and write is the store's (src/store); the
 * Discord layer and the terminal only render what these functions return.
 */
import type { QuestionFilter } from "../bank/bank.ts";
import { localizeOption, localizeQuestion, topicName } from "../bank/localize.ts";
import type { Question } from "../bank/question.ts";
import {
  type ChannelOutcome,
  type Click,
  type Judged,
  judgeAnswers,
  type SoloOutcome,
} from "../engine/answer.ts";
import { everyoneAnswered, isPaused, placeInTeam, versionOf } from "../engine/host.ts";
import { type LiveOptions, newLive } from "../engine/live.ts";
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
  type Hint,
  type HintRefusal,
  hintOf,
  isTypedRound,
  type QuizMode,
  type SessionState,
  takeHint,
} from "../engine/session.ts";
import type { Locale } from "../i18n/index.ts";
import type { AnswerDecision, LoadedAnswers } from "../store/answers.ts";
import { isStoreWriteFailure } from "../store/open.ts";
import type { StoreWrite } from "../store/records.ts";
import { untilCommitted } from "./commit-retry.ts";
import type { AppContext } from "./context.ts";
import { UserError } from "./errors.ts";
import { gradeRowWrites } from "./lessons/grade-rows.ts";
import { liveRules, type ServerScoring, serverScoring, withRoundScoring } from "./scoring.ts";

export { QUIZ_LIMITS } from "../engine/limits.ts";

/** What a round shows: the question and its options in the session's order, in the reader's language. */
export interface RoundView {
  readonly sessionId: string;
  readonly round: number;
  readonly totalRounds: number;
  /** The question as the reader sees it (its text and options in their language; id, type and citation as shipped). */
  readonly question: Question;
  readonly options: readonly string[];
  /** The question's topics by name, in the reader's language (the topics themselves when absent). */
  readonly topics?: readonly string[] | undefined;
  readonly endsAt: number | null;
  /** Answered by typing (a typed quiz, and a question that can be typed); absent: by choice. */
  readonly typed?: boolean | undefined;
  /** Whether the round offers a hint (quizzes started with an answer mode; not true/false). */
  readonly hints?: boolean | undefined;
}

/**
 * The question a session is on, as shown in a language: a player's own in private play, the
 * server's in a channel round (the caller chooses).
 */
export async function roundView(
  ctx: AppContext,
  state: SessionState,
  locale: Locale = "en",
): Promise<RoundView> {
  return viewOf(ctx, state, await questionOf(ctx, state), locale);
}

/** The round as shown, for a question already looked up. */
function viewOf(ctx: AppContext, state: SessionState, question: Question, locale: Locale): RoundView {
  return {
    sessionId: state.id,
    round: state.round,
    totalRounds: state.questionIds.length,
    question: localizeQuestion(ctx.bank, question, locale),
    // Localized one by one, in the order shuffled from the English: a choice means the same option.
    options: displayedOptions(state, question).map((option) =>
      localizeOption(ctx.bank, question, option, locale),
    ),
    topics: question.topics.map((topic) => topicName(ctx.bank, topic, locale)),
    endsAt: state.roundEndsAt,
    typed: isTypedRound(state, question),
    hints: state.mode !== undefined && question.type === "multiple-choice",
  };
}

/** The question of a session's current round (from its server's bank: shipped or approved there). */
export async function questionOf(ctx: AppContext, state: SessionState): Promise<Question> {
  return questionAt(ctx, state, currentQuestionId(state));
}

/** A question a session asks, by id: from the shipped bank, else the server's own questions. */
async function questionAt(ctx: AppContext, state: SessionState, id: string): Promise<Question> {
  const question = await questionById(ctx, state.guildId, id);
  if (!question) throw new Error(`session ${state.id} asks question ${id}, which is no longer in the bank`);
  return question;
}

/** What a member answered in a revealed round of a channel round, as the grade book kept it. */
export type MyRoundAnswer =
  | { readonly kind: "gone" }
  | { readonly kind: "not-revealed" }
  | {
      readonly kind: "found";
      readonly state: SessionState;
      readonly question: Question;
      /** The member's answer; absent: they did not answer that round. */
      readonly answer:
        | { readonly chosen: string; readonly correct: boolean; readonly typed: boolean }
        | undefined;
    };

/**
 * A member's own answer to one round of a channel round, for "Why was I wrong?": read from the
 * round's grade-book rows (the session keeps only the current round's answers). Only a round
 * already revealed: asking earlier would tell whether an answer is right before time is up.
 */
export async function myRoundAnswer(
  ctx: AppContext,
  input: { readonly sessionId: string; readonly round: number; readonly userId: string },
): Promise<MyRoundAnswer> {
  const state = await ctx.sessions.get(input.sessionId);
  const questionId = state?.questionIds[input.round];
  if (state?.kind !== "channel" || !state.resultId || questionId === undefined) return { kind: "gone" };
  const revealed = input.round < state.round || (input.round === state.round && state.phase !== "asking");
  if (!revealed) return { kind: "not-revealed" };
  const question = await questionAt(ctx, state, questionId);
  const rows = await ctx.lessons.gradeRowsOf(state.resultId, input.userId);
  const row = rows.find((r) => r.sessionId === state.id && r.round === input.round);
  const answer = row
    ? { chosen: row.chosen, correct: row.correct, typed: row.match !== undefined }
    : undefined;
  return { kind: "found", state, question, answer };
}

/** A question of a server's bank (shipped or approved there), or undefined if it is gone. */
export async function questionById(
  ctx: AppContext,
  guildId: string,
  id: string,
): Promise<Question | undefined> {
  return ctx.bank.get(id) ?? (await ctx.banks.of(guildId)).bank.get(id);
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
  locale: Locale = "en",
): Promise<{ view: RoundView; reveal: RevealView }> {
  const question = await questionOf(ctx, state);
  return {
    view: viewOf(ctx, state, question, locale),
    reveal: revealOf(await revealBankOf(ctx, state.guildId, question), question, locale),
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
  /** Typed answers where a question can be typed; choices otherwise (the default). */
  readonly mode?: QuizMode | undefined;
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
    /** The host's choices: a lobby, teams, team talk (see src/engine/live.ts). */
    readonly live?: LiveOptions | undefined;
    /** This round's bonuses, where the host chose them (the rest as the server set them). */
    readonly scoring?: Partial<Pick<ServerScoring, "speed" | "streak">> | undefined;
  },
): Promise<ChannelStart> {
  const id = ctx.newId();
  const seed = `${id}:${ctx.now()}`;
  const questions = request.questions ?? (await pickQuestions(ctx, request, seed, false));
  const scoring = liveRules(withRoundScoring(await serverScoring(ctx, request.guildId), request.scoring));
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
        live: newLive(request.live ?? { lobby: false }),
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
  /** The player's language: a solo reveal is shown in it (a channel round's is the round's). */
  readonly locale?: Locale | undefined;
  /**
   * Where the click was made, checked against the session as read for the answer (one read per
   * click): a session of another guild or channel, or a solo quiz's button off its owner's private
   * message, is refused and nothing is stored. None: not checked (the terminal, tests).
   */
  readonly where?: ClickPlace | undefined;
  /** The player's roles in the server (a round with role teams places them by these). */
  readonly roleIds?: readonly string[] | undefined;
}

/** Where a click was made, as the transport saw it. */
export interface ClickPlace {
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** Whether the button sat on the clicker's own message (a private reply or their command's reply). */
  readonly onOwnMessage: boolean;
}

/** Why a click's place refuses it, or undefined if the session may take it. */
function misplaced(
  session: SessionState,
  where: ClickPlace | undefined,
): Extract<AnswerOutcome, { session: "elsewhere" | "misplaced" }> | undefined {
  if (!where) return undefined;
  if (session.guildId !== where.guildId || session.channelId !== where.channelId)
    return { session: "elsewhere", sessionGuildId: session.guildId };
  // A solo quiz's buttons are only ever on its owner's private message: this one was put elsewhere.
  if (session.kind === "solo" && !where.onOwnMessage)
    return { session: "misplaced", ownerId: session.ownerId };
  return undefined;
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
        match: outcome.typed?.kind,
        hinted: judged.session.answers[input.userId]?.hinted === true,
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
  | {
      readonly session: "channel";
      readonly outcome: ChannelOutcome;
      /** With a lobby: every player who joined has now answered (the reveal may come at once). */
      readonly roundComplete?: boolean;
    }
  | { readonly session: "gone" }
  /** The session belongs to another guild or channel than the click's. */
  | { readonly session: "elsewhere"; readonly sessionGuildId: string }
  /** A solo quiz's button clicked off its owner's private message. */
  | { readonly session: "misplaced"; readonly ownerId: string };

/**
 * Takes a player's answer: judged and scored by the engine (src/engine/answer.ts), then the
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
 * One group commit: the store loads what judging needs (the session read once), the engine
 * judges, the store commits if nothing it loaded has changed meanwhile; if something has (another
 * process's click, a reveal), this loads and judges again, a bounded number of times.
 */
async function answerGroup(
  ctx: AppContext,
  sessionId: string,
  inputs: readonly AnswerInput[],
): Promise<AnswerOutcome[]> {
  const userIds = inputs.map((i) => i.userId);
  return untilCommitted<AnswerOutcome[]>(async () => {
    const loaded = await ctx.answers.load(sessionId, userIds);
    const decision = await decideGroup(ctx, loaded, inputs, ctx.now());
    return (await ctx.answers.commit(loaded, decision))
      ? { committed: true, result: decision.result }
      : { committed: false };
  });
}

/**
 * Judges a group of clicks on what was loaded: pure (it writes nothing and tells no one), since a
 * conflict at the commit judges again on fresh reads.
 */
async function decideGroup(
  ctx: AppContext,
  loaded: LoadedAnswers,
  inputs: readonly AnswerInput[],
  now: number,
): Promise<AnswerDecision<AnswerOutcome[]>> {
  const { session } = loaded;
  if (!session) return { result: inputs.map(() => ({ session: "gone" }) as const) };
  const refusals = inputs.map((input) => misplaced(session, input.where));
  const placed = inputs.filter((_, i) => refusals[i] === undefined);
  if (placed.length === 0) return { result: refusals.map((r) => r ?? { session: "gone" }) };
  const question = await questionOf(ctx, session);
  const judged = withTeams(judgeAnswers({ ...loaded, session, question, clicks: placed, now }), placed);
  const changed = judged.session !== session;
  const commit = changed
    ? { changes: judged, alongside: gradeRows(ctx, session, question, placed, judged, now) }
    : {};
  // What was chosen, as the player saw it: the grade book (in `commit`) keeps the English.
  const shownChoice = <O extends { readonly kind: string }>(outcome: O, locale: Locale | undefined): O =>
    "chosen" in outcome && typeof outcome.chosen === "string"
      ? { ...outcome, chosen: localizeOption(ctx.bank, question, outcome.chosen, locale ?? "en") }
      : outcome;
  let outcomes: AnswerOutcome[];
  if (judged.kind === "channel") {
    // With a lobby: every player who joined has now answered, so the reveal may come at once.
    const roundComplete = everyoneAnswered(judged.session);
    outcomes = judged.outcomes.map(
      (outcome) =>
        ({ session: "channel", outcome: shownChoice(outcome, session.locale), roundComplete }) as const,
    );
  } else {
    // Solo: the reveal is shown at once, built here (once) from the question looked up above.
    const locale = placed[0]?.locale ?? "en";
    const shown = {
      view: viewOf(ctx, judged.session, question, locale),
      reveal: revealOf(await revealBankOf(ctx, session.guildId, question), question, locale),
    };
    outcomes = judged.outcomes.map(
      (outcome) =>
        ({
          session: "solo",
          outcome:
            outcome.kind === "revealed"
              ? { ...shownChoice(outcome, locale), ...shown, state: judged.session }
              : outcome,
        }) as const,
    );
  }
  // The placed clicks' outcomes, in order, between the refused ones.
  let next = 0;
  return { ...commit, result: refusals.map((refusal) => refusal ?? (outcomes[next++] as AnswerOutcome)) };
}

/** The judged group with each player whose answer was taken placed in their role's team (role teams only). */
function withTeams(judged: Judged, inputs: readonly AnswerInput[]): Judged {
  if (judged.session.live?.teamMode !== "roles") return judged;
  let session = judged.session;
  judged.outcomes.forEach((outcome, i) => {
    const input = inputs[i];
    if (input && (outcome.kind === "taken" || outcome.kind === "revealed"))
      session = placeInTeam(session, input.userId, input.roleIds ?? []);
  });
  return { ...judged, session };
}

/** The state after a change to a session, or why the change could not be made. */
export type SessionChange =
  | { readonly kind: "changed"; readonly state: SessionState; readonly previous: SessionState }
  /** A timer step or a control drawn for another version of the round (moved on, paused): nothing done. */
  | { readonly kind: "stale"; readonly state: SessionState }
  | { readonly kind: "gone" }
  | { readonly kind: "not-player"; readonly ownerId: string };

/** A hint taken (with the round's view to show it on), or why not. */
export type HintOutcome =
  | { readonly kind: "hint"; readonly hint: Hint; readonly view: RoundView; readonly state: SessionState }
  | { readonly kind: "refused"; readonly why: HintRefusal | "gone"; readonly ownerId?: string };

/** Takes a player's hint for a round: recorded in the session, so the answer's points pay for it. */
export async function takeRoundHint(
  ctx: AppContext,
  input: {
    readonly sessionId: string;
    readonly userId: string;
    readonly round: number;
    /** The player's language, for the view a solo hint redraws. */
    readonly locale?: Locale | undefined;
  },
): Promise<HintOutcome> {
  return ctx.sessions.update<HintOutcome>(input.sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "refused", why: "gone" } as const };
    const taken = takeHint(state, input.userId, input.round, ctx.now());
    if ("refused" in taken) {
      return { result: { kind: "refused", why: taken.refused, ownerId: state.ownerId } as const };
    }
    const question = await questionOf(ctx, taken.state);
    const view = viewOf(ctx, taken.state, question, input.locale ?? "en");
    return {
      state: taken.state,
      result: { kind: "hint", hint: hintOf(taken.state, question), view, state: taken.state } as const,
    };
  });
}

/**
 * "Redo my mistakes": a new private quiz of the questions its player missed in a finished solo
 * quiz (or review), in the same mode; its own mistakes can be redone again, until each is right once.
 */
export async function startRedo(
  ctx: AppContext,
  input: { readonly sessionId: string; readonly userId: string },
): Promise<
  | { readonly kind: "started"; readonly state: SessionState }
  | {
      readonly kind: "refused";
      readonly why: "gone" | "not-player" | "nothing-missed";
      readonly ownerId?: string;
    }
> {
  const previous = await ctx.sessions.get(input.sessionId);
  if (previous?.kind !== "solo") return { kind: "refused", why: "gone" };
  if (previous.ownerId !== input.userId)
    return { kind: "refused", why: "not-player", ownerId: previous.ownerId };
  const { bank } = await ctx.banks.of(previous.guildId);
  const questions = [...new Set(previous.missed ?? [])].flatMap((id) => {
    const question = bank.get(id);
    return question ? [question] : [];
  });
  if (previous.phase !== "finished" || questions.length === 0)
    return { kind: "refused", why: "nothing-missed" };
  const state = await startSoloWith(
    ctx,
    {
      guildId: previous.guildId,
      channelId: previous.channelId,
      userId: input.userId,
      filter: {},
      mode: previous.mode,
    },
    questions,
  );
  return { kind: "started", state };
}

/** A "next" click's change, or why its place refuses it (see ClickPlace). */
export type NextChange =
  | SessionChange
  | { readonly kind: "elsewhere"; readonly sessionGuildId: string }
  | { readonly kind: "stale" }
  | { readonly kind: "misplaced"; readonly ownerId: string };

/** Solo: moves to the next question (after a reveal), or finishes after the last. */
export async function nextQuestion(
  ctx: AppContext,
  input: {
    readonly sessionId: string;
    readonly userId: string;
    readonly round: number;
    /** Where the click was made (see AnswerInput): checked on the session as read for the change. */
    readonly where?: ClickPlace | undefined;
  },
): Promise<NextChange> {
  return ctx.sessions.update<NextChange>(input.sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "gone" } as const };
    const refusal = misplaced(state, input.where);
    if (refusal?.session === "elsewhere")
      return { result: { kind: "elsewhere", sessionGuildId: refusal.sessionGuildId } };
    // "Next" exists only in solo quizzes: on a channel round's message it is a stale or forged button.
    if (input.where && state.kind === "channel") return { result: { kind: "stale" } };
    if (refusal?.session === "misplaced") return { result: { kind: "misplaced", ownerId: refusal.ownerId } };
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
  version?: number,
): Promise<SessionChange> {
  return ctx.sessions.update<SessionChange>(sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "gone" } as const };
    // A paused round waits for its host: no timer moves it.
    if (isPaused(state)) return { result: { kind: "stale", state } as const };
    // Moved on already (this very step, retried after a failed reveal; or the host's Next): the
    // caller redoes only what is missing, as for any repeated step.
    if (state.round !== round || state.phase !== phase) {
      return { result: { kind: "changed", state, previous: state } as const };
    }
    // Still where the step expects, but the host changed its timing meanwhile (paused and
    // resumed): the step scheduled by that change is the one that counts.
    if (version !== undefined && versionOf(state) !== version)
      return { result: { kind: "stale", state } as const };
    const next = step(state, ctx.now());
    return { state: next, result: { kind: "changed", state: next, previous: state } as const };
  });
}

/** Channel rounds: closes the current round's answers (when its time is up) for the reveal. */
export function revealRound(
  ctx: AppContext,
  sessionId: string,
  round: number,
  version?: number,
): Promise<SessionChange> {
  return stepRound(ctx, sessionId, round, "asking", closeRound, version);
}

/** Channel rounds: from a revealed round to the next one, or to the end. */
export function advanceRound(
  ctx: AppContext,
  sessionId: string,
  round: number,
  version?: number,
): Promise<SessionChange> {
  return stepRound(ctx, sessionId, round, "revealed", advance, version);
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
