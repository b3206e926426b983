/**
 * The answer rules in one pure function: a group of clicks on one session's round, with the
 * players' records and their histories of the round's question, gives the new session, the new
 * records and histories, and one outcome per click. Points and the review card are computed
 * here; the store only loads the inputs and commits the result in one atomic write.
 *
 * The session's answers are the one idempotency record per (session, round, player): they are
 * written in the same batch as the scores, so an answer in the session is an answer scored, and a
 * retry or a double click finds it and is refused as a duplicate.
 */
import type { Question } from "../bank/question.ts";
import { emptyRecord, historyAfter, type PlayerRecord, type QuestionHistory, recordAfter } from "./player.ts";
import { type PointsBreakdown, scoreAnswer } from "./scoring.ts";
import {
  applyAnswers,
  DEFAULT_SCORING,
  displayedOptions,
  judgeAnswer,
  type LiveRefusal,
  type RoundAnswer,
  type ScoringRules,
  type SessionState,
  type SessionTally,
  tookHint,
} from "./session.ts";
import type { TypedVerdict } from "./typed-answer.ts";

/** A player's click on an answer button. */
export interface Click {
  readonly userId: string;
  readonly round: number;
  /** The option's index as displayed (ignored for a typed answer). */
  readonly choice: number;
  /** What the player typed, in a typed round. */
  readonly typed?: string | undefined;
}

/** Why a click was not taken (both kinds of session). */
export type Refusal =
  | { readonly kind: "duplicate"; readonly previous: RoundAnswer }
  | { readonly kind: "closed" }
  | { readonly kind: "invalid-choice" }
  | LiveRefusal;

/** A solo click: the round is revealed at once to its one player. */
export type SoloOutcome =
  | {
      readonly kind: "revealed";
      readonly correct: boolean;
      readonly chosen: string;
      readonly points: PointsBreakdown;
      readonly typed?: TypedVerdict | undefined;
    }
  | { readonly kind: "not-player"; readonly ownerId: string }
  | Refusal;

/** A channel click: the answer is taken, and revealed to everyone when time is up. */
export type ChannelOutcome =
  | {
      readonly kind: "taken";
      readonly correct: boolean;
      readonly chosen: string;
      readonly points: PointsBreakdown;
      readonly typed?: TypedVerdict | undefined;
    }
  | Refusal;

/** What judging needs: the session, the round's question, the clickers' records and histories. */
export interface AnswerInputs {
  readonly session: SessionState;
  /** The question of the session's current round. */
  readonly question: Question;
  /** The clickers' records (a player with none starts a fresh one). */
  readonly records: ReadonlyMap<string, PlayerRecord>;
  /** The clickers' histories of `question` (none for a question never answered). */
  readonly histories: ReadonlyMap<string, QuestionHistory>;
  readonly clicks: readonly Click[];
  readonly now: number;
}

/** What changes, by the kind of session: only the records and histories that changed are listed. */
export type Judged = {
  /** The session after the accepted answers, or the same object when none was accepted. */
  readonly session: SessionState;
  readonly records: ReadonlyMap<string, PlayerRecord>;
  readonly histories: ReadonlyMap<string, QuestionHistory>;
} & (
  | { readonly kind: "solo"; readonly outcomes: readonly SoloOutcome[] }
  | { readonly kind: "channel"; readonly outcomes: readonly ChannelOutcome[] }
);

/** An accepted click, scored: what both kinds of outcome are made from. */
interface Scored {
  readonly kind: "scored";
  readonly correct: boolean;
  readonly chosen: string;
  readonly points: PointsBreakdown;
  /** A typed answer's verdict ("Accepted: 100,000"). */
  readonly typed?: TypedVerdict | undefined;
}

/** The right answers in a row that an answer's streak bonus counts, by the session's rules. */
function streakBefore(rules: ScoringRules, record: PlayerRecord, tally: SessionTally | undefined): number {
  if (rules.streak === "carried") return record.streak;
  if (rules.streak === "session") return tally?.streak ?? 0;
  return 0;
}

/**
 * Judges a group of clicks on one session (in arrival order): the first answer of a player in a
 * round counts, and is scored by the session's rules (streak, and speed in a channel round); a later
 * click of the same player, in this group or after, is a duplicate.
 */
export function judgeAnswers(inputs: AnswerInputs): Judged {
  const { question, now } = inputs;
  const session = inputs.session;
  const rules = session.scoring ?? DEFAULT_SCORING;
  const records = new Map<string, PlayerRecord>();
  // The group's accepted answers, applied to the session together at the end (one copy of its
  // maps, not one per click); a player's second click in the group is judged against them.
  const accepted = new Map<string, RoundAnswer>();
  const histories = new Map<string, QuestionHistory>();
  const options = displayedOptions(session, question);
  const results = inputs.clicks.map((click): Scored | Refusal | { readonly kind: "not-player" } => {
    const earlier = accepted.get(click.userId);
    const verdict: ReturnType<typeof judgeAnswer> = earlier
      ? { kind: "duplicate", previous: earlier }
      : judgeAnswer(session, click, question, now);
    if (verdict.kind !== "accepted") return verdict;
    const before =
      records.get(click.userId) ??
      inputs.records.get(click.userId) ??
      emptyRecord(session.guildId, click.userId, now);
    const speed =
      verdict.limitMs === null || !rules.speed
        ? undefined
        : { elapsedMs: verdict.elapsedMs, limitMs: verdict.limitMs };
    const points = scoreAnswer({
      correct: verdict.correct,
      difficulty: question.difficulty,
      streakBefore: streakBefore(rules, before, session.tallies[click.userId]),
      speed,
      typed:
        verdict.typed?.kind === "exact" || verdict.typed?.kind === "near-miss"
          ? verdict.typed.kind
          : undefined,
      hinted: tookHint(session, click.userId),
    });
    records.set(
      click.userId,
      recordAfter(
        before,
        { sourceId: question.citation.source, correct: verdict.correct, points: points.total },
        now,
      ),
    );
    histories.set(click.userId, historyAfter(inputs.histories.get(click.userId), verdict.correct, now));
    const hinted = tookHint(session, click.userId);
    accepted.set(click.userId, {
      // A typed answer that matched no option is counted past the options (no option's pick).
      choice:
        verdict.chosenIndex === undefined
          ? click.choice
          : verdict.chosenIndex < 0
            ? options.length
            : verdict.chosenIndex,
      correct: verdict.correct,
      points: points.total,
      at: now,
      // Kept with the answer, so the channel reveal can break the points down.
      breakdown: {
        base: points.base,
        streakBonus: points.streakBonus,
        speedBonus: points.speedBonus,
        streak: points.streak,
        ...(points.typedBonus ? { typedBonus: points.typedBonus } : {}),
        ...(points.hintCost ? { hintCost: points.hintCost } : {}),
      },
      ...(verdict.typed ? { typed: click.typed, match: verdict.typed.kind } : {}),
      ...(hinted ? { hinted: true } : {}),
    });
    const chosen = click.typed ?? options[click.choice] ?? "";
    return {
      kind: "scored",
      correct: verdict.correct,
      chosen,
      points,
      ...(verdict.typed ? { typed: verdict.typed } : {}),
    };
  });
  const after = applyAnswers(
    session,
    [...accepted].map(([userId, answer]) => ({ userId, answer })),
  );
  const changed = { session: after, records, histories };
  if (session.kind === "solo") {
    const outcomes = results.map((r): SoloOutcome => {
      if (r.kind === "scored") return { ...r, kind: "revealed" };
      if (r.kind === "not-player") return { kind: "not-player", ownerId: session.ownerId };
      return r;
    });
    return { ...changed, kind: "solo", outcomes };
  }
  const outcomes = results.map((r): ChannelOutcome => {
    if (r.kind === "scored") return { ...r, kind: "taken" };
    // Anyone may answer a channel round: the engine never says "not a player" there.
    if (r.kind === "not-player") return { kind: "closed" };
    return r;
  });
  return { ...changed, kind: "channel", outcomes };
}
