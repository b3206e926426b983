import type { Difficulty } from "../bank/schema.ts";

/**
 * The scoring rules, all in one place (the README and /help describe them from these numbers):
 * - a right answer earns points by difficulty: easy 10, medium 20, hard 30;
 * - a streak bonus: +5 for each right answer in a row before this one, at most +25;
 * - in a channel round, a speed bonus of up to +10, falling linearly to 0 at the time limit;
 * - a wrong answer earns nothing and ends the streak; no points are ever taken away.
 */
export const SCORING = {
  basePoints: { easy: 10, medium: 20, hard: 30 } satisfies Record<Difficulty, number>,
  streakBonusPerAnswer: 5,
  streakBonusMax: 25,
  speedBonusMax: 10,
} as const;

/** The facts about one answer that its points depend on. */
export interface AnswerFacts {
  readonly correct: boolean;
  readonly difficulty: Difficulty;
  /** Right answers in a row before this one (the player's record). */
  readonly streakBefore: number;
  /** For channel rounds: how long the player took and the round's limit, in ms. */
  readonly speed?: { readonly elapsedMs: number; readonly limitMs: number } | undefined;
}

/** Points for one answer, and how they break down (for the reveal). */
export interface PointsBreakdown {
  readonly total: number;
  readonly base: number;
  readonly streakBonus: number;
  readonly speedBonus: number;
  /** Right answers in a row, this one included (0 after a wrong answer): what the streak bonus counts. */
  readonly streak: number;
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
  return {
    total: base + streakBonus + speedBonus,
    base,
    streakBonus,
    speedBonus,
    streak: Math.max(0, facts.streakBefore) + 1,
  };
}
