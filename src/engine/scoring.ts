import type { Difficulty } from "../bank/schema.ts";

/**
 * The scoring rules, all in one place (the README and /help describe them from these numbers):
 * - a right answer earns points by difficulty: easy 10, medium 20, hard 30;
 * - a streak bonus: +5 for each right answer in a row before this one, at most +25;
 * - in a channel round, a speed bonus of up to +10, falling linearly to 0 at the time limit;
 * - a typed answer (recall, not recognition) earns half its base again; a near miss (a typo
 *   forgiven) earns the base only;
 * - a hint costs half the base of the answer's points (never below 0);
 * - a wrong answer earns nothing and ends the streak; no points are ever taken away.
 */
export const SCORING = {
  basePoints: { easy: 10, medium: 20, hard: 30 } satisfies Record<Difficulty, number>,
  streakBonusPerAnswer: 5,
  streakBonusMax: 25,
  speedBonusMax: 10,
  /** Share of the base a typed right answer earns on top (a near miss earns none). */
  typedBonusShare: 0.5,
  /** Share of the base a hint costs. */
  hintCostShare: 0.5,
} as const;

/** The facts about one answer that its points depend on. */
export interface AnswerFacts {
  readonly correct: boolean;
  readonly difficulty: Difficulty;
  /** Right answers in a row before this one (the player's record). */
  readonly streakBefore: number;
  /** For channel rounds: how long the player took and the round's limit, in ms. */
  readonly speed?: { readonly elapsedMs: number; readonly limitMs: number } | undefined;
  /** How a typed answer matched (absent for a choice). */
  readonly typed?: "exact" | "near-miss" | undefined;
  /** Whether the player took the round's hint. */
  readonly hinted?: boolean | undefined;
}

/** Points for one answer, and how they break down (for the reveal). */
export interface PointsBreakdown {
  readonly total: number;
  readonly base: number;
  readonly streakBonus: number;
  readonly speedBonus: number;
  /** Right answers in a row, this one included (0 after a wrong answer): what the streak bonus counts. */
  readonly streak: number;
  /** Present (and above 0) only when earned: a typed answer's bonus, a hint's cost. */
  readonly typedBonus?: number | undefined;
  readonly hintCost?: number | undefined;
}

/** What a hint costs on a question of this difficulty (before the floor at 0 points). */
export function hintCostOf(difficulty: Difficulty): number {
  return Math.round(SCORING.basePoints[difficulty] * SCORING.hintCostShare);
}

/** Applies the scoring rules to one answer. */
export function scoreAnswer(facts: AnswerFacts): PointsBreakdown {
  if (!facts.correct) return { total: 0, base: 0, streakBonus: 0, speedBonus: 0, streak: 0 };
  const base = SCORING.basePoints[facts.difficulty];
  const streakBonus = Math.min(
    SCORING.streakBonusMax,
    SCORING.streakBonusPerAnswer * Math.max(0, facts.streakBefore),
  );
  let speedBonus = 0;
  if (facts.speed && facts.speed.limitMs > 0) {
    const left = 1 - Math.min(1, Math.max(0, facts.speed.elapsedMs / facts.speed.limitMs));
    speedBonus = Math.round(SCORING.speedBonusMax * left);
  }
  const typedBonus = facts.typed === "exact" ? Math.round(base * SCORING.typedBonusShare) : 0;
  const earned = base + streakBonus + speedBonus + typedBonus;
  const hintCost = facts.hinted ? Math.min(earned, hintCostOf(facts.difficulty)) : 0;
  return {
    total: earned - hintCost,
    base,
    streakBonus,
    speedBonus,
    streak: Math.max(0, facts.streakBefore) + 1,
    ...(typedBonus > 0 ? { typedBonus } : {}),
    ...(hintCost > 0 ? { hintCost } : {}),
  };
}
