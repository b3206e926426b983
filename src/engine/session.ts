/**
 * The quiz engine: a session is a sequence of rounds, and every change to it is a pure function
 * of (state, event, now). No Discord, no store, no clock: callers pass `now` in and persist the
 * result. States are plain JSON, so they can be stored and resumed after a restart.
 */
import type { QuestionFilter } from "../bank/bank.ts";
import type { Question } from "../bank/question.ts";
import { optionsOf } from "../bank/question.ts";
import type { Locale } from "../i18n/index.ts";
import type { LiveState, RoundResult } from "./live.ts";
import { seededRandom, shuffled } from "./random.ts";
import { isAccepted, judgeTyped, type TypedKey, type TypedVerdict } from "./typed-answer.ts";

export type SessionKind = "solo" | "channel";
/** "lobby": a live round waiting for its host to start it (players join meanwhile). */
export type SessionPhase = "lobby" | "asking" | "revealed" | "finished";
export type EndReason = "completed" | "stopped" | "failed";
/** How a session's questions are answered: by picking an option, or by typing (where a question can be typed). */
export type QuizMode = "choice" | "typed";
/** How a typed answer was judged (src/quiz/typed-answer.ts). */
export type TypedMatch = TypedVerdict["kind"];

/** One player's answer to the current round. `choice` indexes the options as displayed. */
export interface RoundAnswer {
  readonly choice: number;
  readonly correct: boolean;
  readonly points: number;
  readonly at: number;
  /** How the points break down (base, streak bonus and streak length, speed bonus); absent in older sessions. */
  readonly breakdown?: AnswerBreakdown | undefined;
  /** What the player typed, and how it was judged (typed rounds only). */
  readonly typed?: string | undefined;
  readonly match?: TypedMatch | undefined;
  /** Whether the player took this round's hint. */
  readonly hinted?: boolean | undefined;
}

/** The parts of an answer's points, kept with the answer so that the channel reveal can show them. */
export interface AnswerBreakdown {
  readonly base: number;
  readonly streakBonus: number;
  readonly speedBonus: number;
  readonly streak: number;
  /** Extra points for typing the answer rather than picking it; absent: 0. */
  readonly typedBonus?: number | undefined;
  /** Points the hint cost; absent: no hint. */
  readonly hintCost?: number | undefined;
}

/** A player's running totals within one session. */
export interface SessionTally {
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
  /** Right answers in a row within this session; absent in older sessions. */
  readonly streak?: number | undefined;
}

/**
 * Which bonuses a session's answers earn. A streak "carried" counts the player's right answers in
 * a row across everything they played (live fun); a "session" streak counts only this session's,
 * so an assignment attempt is scored from that attempt alone; "off" gives no streak bonus.
 */
export interface ScoringRules {
  readonly speed: boolean;
  readonly streak: "carried" | "session" | "off";
}

/** The rules of sessions that name none (and of older sessions): every bonus, streaks carried. */
export const DEFAULT_SCORING: ScoringRules = { speed: true, streak: "carried" };

/** The whole state of a quiz in progress (or just over). */
export interface SessionState {
  readonly version: 1;
  readonly id: string;
  readonly kind: SessionKind;
  readonly guildId: string;
  readonly channelId: string;
  /** The player who started it: the only player of a solo quiz. */
  readonly ownerId: string;
  readonly seed: string;
  readonly filter: QuestionFilter;
  readonly questionIds: readonly string[];
  readonly round: number;
  readonly phase: SessionPhase;
  readonly roundStartedAt: number;
  /** When a channel round's answers close; null for solo. */
  readonly roundEndsAt: number | null;
  readonly secondsPerQuestion: number | null;
  readonly answers: Readonly<Record<string, RoundAnswer>>;
  readonly tallies: Readonly<Record<string, SessionTally>>;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly endedReason: EndReason | null;
  /** The Discord message that shows the current round, when there is one. */
  readonly messageId: string | null;
  /** The language of the messages a channel round posts; none (English) for older sessions. */
  readonly locale?: Locale | undefined;
  /** The grade-book result its answers are kept for (channel rounds, assignment attempts). */
  readonly resultId?: string | undefined;
  /** The bonuses its answers earn; absent: DEFAULT_SCORING. */
  readonly scoring?: ScoringRules | undefined;
  /** How its questions are answered; absent: by choice. */
  readonly mode?: QuizMode | undefined;
  /** Who took a hint, and in which round (at most one per player and question). */
  readonly hints?: Readonly<Record<string, number>> | undefined;
  /** Solo: the questions its player got wrong, in order (what "Redo my mistakes" replays). */
  readonly missed?: readonly string[] | undefined;
  /** A channel round's host controls, lobby, teams and per-question results (see live.ts). */
  readonly live?: LiveState | undefined;
}

/** What a new session needs. */
export interface NewSession {
  readonly id: string;
  readonly kind: SessionKind;
  readonly guildId: string;
  readonly channelId: string;
  readonly ownerId: string;
  readonly seed: string;
  readonly filter: QuestionFilter;
  readonly questions: readonly Question[];
  /** Channel rounds only. */
  readonly secondsPerQuestion?:
    | number
    | undefined /** The language of the round's messages (the server's, see serverLocale). */;
  readonly locale?: Locale | undefined;
  /** The grade-book result to keep its answers for, if any. */
  readonly resultId?: string | undefined;
  /** The bonuses its answers earn (DEFAULT_SCORING when absent). */
  readonly scoring?: ScoringRules | undefined;
  /** How its questions are answered (by choice when absent). */
  readonly mode?: QuizMode | undefined;
  /** Channel rounds: the host's controls, lobby and teams (see live.ts). */
  readonly live?: LiveState | undefined;
}

/** Starts a session at its first round. */
export function createSession(input: NewSession, now: number): SessionState {
  if (input.questions.length === 0) throw new Error("a session needs at least one question");
  const seconds = input.kind === "channel" ? (input.secondsPerQuestion ?? 30) : null;
  const inLobby = input.live?.lobby !== undefined;
  const talkMs = (input.live?.talkSeconds ?? 0) * 1000;
  return {
    version: 1,
    id: input.id,
    kind: input.kind,
    guildId: input.guildId,
    channelId: input.channelId,
    ownerId: input.ownerId,
    seed: input.seed,
    filter: input.filter,
    questionIds: input.questions.map((q) => q.id),
    round: 0,
    phase: inLobby ? "lobby" : "asking",
    roundStartedAt: now + talkMs,
    roundEndsAt: seconds === null || inLobby ? null : now + talkMs + seconds * 1000,
    secondsPerQuestion: seconds,
    answers: {},
    tallies: {},
    createdAt: now,
    updatedAt: now,
    endedReason: null,
    messageId: null,
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.resultId ? { resultId: input.resultId } : {}),
    ...(input.scoring ? { scoring: input.scoring } : {}),
    ...(input.mode ? { mode: input.mode } : {}),
    ...(input.live ? { live: input.live } : {}),
  };
}

/**
 * Whether a round is answered by typing: the session is typed and the question can be typed. A
 * question without `typed:` is asked with its options even in a typed quiz.
 */
export function isTypedRound(state: SessionState, question: Question): boolean {
  return state.mode === "typed" && question.typed !== undefined;
}

/** Whether a player took the hint of the session's current round. */
export function tookHint(state: SessionState, userId: string): boolean {
  return state.hints?.[userId] === state.round;
}

/** The id of the question the session is on. */
export function currentQuestionId(state: SessionState): string {
  const id = state.questionIds[state.round];
  if (id === undefined) throw new Error(`session ${state.id} has no round ${state.round}`);
  return id;
}

/**
 * The options of a round in the order shown, shuffled from the session's seed and the round, so
 * the right answer's position gives nothing away and is the same after a restart. True/false
 * questions keep "True, False".
 */
export function displayedOptions(state: SessionState, question: Question): string[] {
  if (question.type === "true-false") return ["True", "False"];
  return shuffled(optionsOf(question), seededRandom(`${state.seed}:${state.round}`));
}

/** Why an answer was not taken. */
export type AnswerRefusal =
  | { readonly kind: "duplicate"; readonly previous: RoundAnswer }
  | { readonly kind: "closed" }
  | { readonly kind: "not-player" }
  | { readonly kind: "invalid-choice" }
  | LiveRefusal;

/** Why a live round refuses an answer: paused by its host, not joined its lobby, team talk still on. */
export type LiveRefusal =
  | { readonly kind: "paused" }
  | { readonly kind: "not-started" }
  | { readonly kind: "not-joined" }
  | { readonly kind: "not-open"; readonly opensAt: number };

/** An answer the engine takes: whether it is right, and how fast it came (channel rounds). */
export interface AcceptedAnswer {
  readonly kind: "accepted";
  readonly correct: boolean;
  readonly elapsedMs: number;
  readonly limitMs: number | null;
  /** A typed answer's verdict (typed rounds only). */
  readonly typed?: TypedVerdict | undefined;
  /** Typed only: the option the answer matched; -1: none. */
  readonly chosenIndex?: number | undefined;
}

/**
 * What the matcher judges a typed answer of `question` against: its accepted forms (canonical
 * first), then its multiple-choice answer, since a player who types exactly the answer the bot
 * would show is right even where the bank's form is the quote's shorter wording ("one to two
 * month" for "One to two months in forced labor camps").
 */
export function typedKeyOf(question: Question): TypedKey {
  const accept = question.typed?.accept ?? [];
  // The forms joined from questions/ko/ at load: the Korean answer and accept: forms, and the
  // Korean wrong options, refused like the English ones.
  const translated = question.typed?.translated;
  return {
    accept: [...new Set([...accept, question.answer, ...(translated?.accept ?? [])])],
    wrong: [...question.wrong, ...Object.keys(translated?.wrong ?? {})],
  };
}

/**
 * Judges an answer without changing the session: the first answer of a player in a round counts,
 * a repeat is a duplicate, answers after the round closed (or to another round) are refused.
 */
export function judgeAnswer(
  state: SessionState,
  answer: {
    readonly userId: string;
    readonly round: number;
    readonly choice: number;
    readonly typed?: string | undefined;
  },
  question: Question,
  now: number,
): AcceptedAnswer | AnswerRefusal {
  if (state.kind === "solo" && answer.userId !== state.ownerId) return { kind: "not-player" };
  // A button from an earlier round (an old message) can no longer be answered.
  if (answer.round !== state.round || question.id !== currentQuestionId(state)) return { kind: "closed" };
  const previous = state.answers[answer.userId];
  if (previous) return { kind: "duplicate", previous };
  if (state.phase === "lobby") return { kind: "not-started" };
  if (state.phase !== "asking") return { kind: "closed" };
  if (state.live?.pausedAt !== undefined) return { kind: "paused" };
  if (state.live?.lobby && !state.live.lobby.players.includes(answer.userId)) return { kind: "not-joined" };
  if (state.roundEndsAt !== null && now >= state.roundEndsAt) return { kind: "closed" };
  if (now < state.roundStartedAt) return { kind: "not-open", opensAt: state.roundStartedAt };
  const options = displayedOptions(state, question);
  const limitMs = state.roundEndsAt === null ? null : state.roundEndsAt - state.roundStartedAt;
  const elapsedMs = now - state.roundStartedAt;
  // A typed round takes only typed answers, and a choice round only choices: a forged button or
  // form for the other kind is refused.
  if (isTypedRound(state, question) !== (answer.typed !== undefined)) return { kind: "invalid-choice" };
  if (answer.typed !== undefined && question.typed) {
    const verdict = judgeTyped(answer.typed, typedKeyOf(question));
    // A wrong option typed in another language counts as the English option it translates.
    const option =
      verdict.kind === "wrong-option"
        ? (question.typed.translated?.wrong[verdict.option] ?? verdict.option)
        : undefined;
    const matched = option ?? (isAccepted(verdict) ? question.answer : undefined);
    const chosenIndex = matched === undefined ? -1 : options.indexOf(matched);
    return {
      kind: "accepted",
      correct: isAccepted(verdict),
      elapsedMs,
      limitMs,
      typed: verdict,
      chosenIndex,
    };
  }
  const chosen = options[answer.choice];
  if (chosen === undefined) return { kind: "invalid-choice" };
  return {
    kind: "accepted",
    correct: chosen === question.answer,
    elapsedMs,
    limitMs,
  };
}

/** Why a hint was refused. */
export type HintRefusal = "not-player" | "closed" | "already" | "answered";

/**
 * Takes a player's hint for the current round (at most one per question, before answering); the
 * answer's points then pay for it (src/quiz/scoring.ts).
 */
export function takeHint(
  state: SessionState,
  userId: string,
  round: number,
  now: number,
): { readonly state: SessionState } | { readonly refused: HintRefusal } {
  if (state.kind === "solo" && userId !== state.ownerId) return { refused: "not-player" };
  if (round !== state.round || state.phase !== "asking") return { refused: "closed" };
  if (state.roundEndsAt !== null && now >= state.roundEndsAt) return { refused: "closed" };
  if (state.answers[userId]) return { refused: "answered" };
  if (tookHint(state, userId)) return { refused: "already" };
  return { state: { ...state, hints: { ...state.hints, [userId]: round }, updatedAt: now } };
}

/** A round's hint: for a typed round, the first letter and the number of words; for a choice, two wrong options to remove. */
export type Hint =
  | { readonly kind: "typed"; readonly first: string; readonly words: number }
  | { readonly kind: "choice"; readonly removed: readonly number[] };

/** The hint of the current round (the same each time it is asked for: seeded by session and round). */
export function hintOf(state: SessionState, question: Question): Hint {
  if (isTypedRound(state, question) && question.typed) {
    const canonical = question.typed.accept[0] as string;
    return {
      kind: "typed",
      first: [...canonical.trim()][0] ?? "",
      words: canonical.trim().split(/\s+/).length,
    };
  }
  const options = displayedOptions(state, question);
  const wrong = options.map((option, i) => ({ option, i })).filter((o) => o.option !== question.answer);
  const removed = shuffled(wrong, seededRandom(`${state.seed}:${state.round}:hint`))
    .slice(0, Math.min(2, Math.max(0, wrong.length - 1)))
    .map((o) => o.i)
    .sort((a, b) => a - b);
  return { kind: "choice", removed };
}

/** Records an accepted (and scored) answer; a solo round is revealed at once. */
export function applyAnswer(state: SessionState, userId: string, answer: RoundAnswer): SessionState {
  return applyAnswers(state, [{ userId, answer }]);
}

/**
 * Records a group of accepted answers of distinct players at once, as applying each in turn would.
 * The answers and tallies are copied once for the group rather than once per answer: for a burst
 * of 500 clicks on one round, copying 500 growing maps was the engine's largest cost.
 */
export function applyAnswers(
  state: SessionState,
  accepted: readonly { readonly userId: string; readonly answer: RoundAnswer }[],
): SessionState {
  const last = accepted.at(-1);
  if (!last) return state;
  const answers = { ...state.answers };
  const tallies = { ...state.tallies };
  for (const { userId, answer } of accepted) {
    const before = tallies[userId] ?? { points: 0, correct: 0, answered: 0 };
    answers[userId] = answer;
    tallies[userId] = {
      points: before.points + answer.points,
      correct: before.correct + (answer.correct ? 1 : 0),
      answered: before.answered + 1,
      streak: answer.correct ? (before.streak ?? 0) + 1 : 0,
    };
  }
  const missedNow = state.kind === "solo" && !last.answer.correct ? [currentQuestionId(state)] : [];
  return {
    ...state,
    phase: state.kind === "solo" ? "revealed" : state.phase,
    answers,
    tallies,
    updatedAt: last.answer.at,
    ...(missedNow.length > 0 ? { missed: [...(state.missed ?? []), ...missedNow] } : {}),
  };
}

/** Closes a round's answers and shows the reveal (a no-op unless the round is asking). */
export function closeRound(state: SessionState, now: number): SessionState {
  if (state.phase !== "asking") return state;
  const closed = withResult(state, resultOf(state, currentQuestionId(state)));
  return bumped({ ...closed, phase: "revealed", updatedAt: now }, { pausedAt: undefined });
}

/** Whether the current round is the last one. */
export function isLastRound(state: SessionState): boolean {
  return state.round >= state.questionIds.length - 1;
}

/** Moves from a revealed round to the next one, or finishes after the last. */
export function advance(state: SessionState, now: number): SessionState {
  if (state.phase !== "revealed") return state;
  if (isLastRound(state)) return finish(state, now, "completed");
  const round = state.round + 1;
  return bumped(
    {
      ...state,
      round,
      phase: "asking",
      ...questionTimes(state, now),
      answers: {},
      updatedAt: now,
      // The new round has no message yet: after a crash before it is posted, resuming posts it.
      messageId: null,
    },
    { pausedAt: undefined },
  );
}

/** Ends a session (completed, stopped by someone, or failed); a no-op if it already ended. */
export function finish(state: SessionState, now: number, reason: EndReason): SessionState {
  if (state.phase === "finished") return state;
  // A question ended while open still counts what was answered (the podium shows it).
  const closed =
    state.phase === "asking" ? withResult(state, resultOf(state, currentQuestionId(state))) : state;
  return bumped(
    { ...closed, phase: "finished", endedReason: reason, updatedAt: now },
    { pausedAt: undefined },
  );
}

/** Players ordered by points in this session, then by right answers, then by id (stable). */
export function standings(state: SessionState): { userId: string; tally: SessionTally }[] {
  return Object.entries(state.tallies)
    .map(([userId, tally]) => ({ userId, tally }))
    .sort(
      (a, b) =>
        b.tally.points - a.tally.points ||
        b.tally.correct - a.tally.correct ||
        a.userId.localeCompare(b.userId),
    );
}

/** The state with its version moved on (every transition of a live round). */
export function bumped(state: SessionState, change: Partial<LiveState> = {}): SessionState {
  if (!state.live) return state;
  return { ...state, live: { ...state.live, ...change, version: state.live.version + 1 } };
}

/** The times of a question that starts now: after team talk, if any, the answers open for `seconds`. */
export function questionTimes(
  state: SessionState,
  now: number,
): Pick<SessionState, "roundStartedAt" | "roundEndsAt"> {
  const opensAt = now + (state.live?.talkSeconds ?? 0) * 1000;
  const seconds = state.secondsPerQuestion;
  return { roundStartedAt: opensAt, roundEndsAt: seconds === null ? null : opensAt + seconds * 1000 };
}

/** The round's result for its current question, as the podium keeps it. */
export function resultOf(state: SessionState, questionId: string, skipped = false): RoundResult {
  const answers = Object.values(state.answers);
  return {
    questionId,
    answered: skipped ? 0 : answers.length,
    right: skipped ? 0 : answers.filter((a) => a.correct).length,
    ...(skipped ? { skipped: true } : {}),
  };
}

/** The round's results with the current question's added (once: a question already closed is not added again). */
export function withResult(state: SessionState, result: RoundResult): SessionState {
  if (!state.live) return state;
  const rounds = state.live.rounds;
  if (rounds.length > state.round) return state;
  return { ...state, live: { ...state.live, rounds: [...rounds, result] } };
}
