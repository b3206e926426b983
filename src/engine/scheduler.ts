/**
 * Spaced repetition with FSRS (the ts-fsrs library): each question a player has answered has a
 * card; a right answer is rated Good and a wrong one Again, so missed questions come back soon
 * and known ones later, with intervals that grow with each success.
 */
import { type Card, createEmptyCard, fsrs, Rating, State } from "ts-fsrs";
import { z } from "zod";

/** A card as stored: ts-fsrs's Card with times as epoch milliseconds (plain JSON). */
export const StoredCardSchema = z.object({
  due: z.number(),
  stability: z.number(),
  difficulty: z.number(),
  elapsedDays: z.number(),
  scheduledDays: z.number(),
  learningSteps: z.number(),
  reps: z.number().int().nonnegative(),
  lapses: z.number().int().nonnegative(),
  state: z.enum(State),
  lastReview: z.number().nullable(),
});
export type StoredCard = z.infer<typeof StoredCardSchema>;

// No fuzz: the same answers at the same times give the same schedule (tests, and fairness).
const scheduler = fsrs({ enable_fuzz: false });

function toCard(stored: StoredCard): Card {
  return {
    due: new Date(stored.due),
    stability: stored.stability,
    difficulty: stored.difficulty,
    elapsed_days: stored.elapsedDays,
    scheduled_days: stored.scheduledDays,
    learning_steps: stored.learningSteps,
    reps: stored.reps,
    lapses: stored.lapses,
    state: stored.state,
    last_review: stored.lastReview === null ? undefined : new Date(stored.lastReview),
  };
}

function fromCard(card: Card): StoredCard {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.last_review ? card.last_review.getTime() : null,
  };
}

/** The card after an answer (a new card for a question seen for the first time). */
export function reviewCard(card: StoredCard | undefined, correct: boolean, now: number): StoredCard {
  const current = card ? toCard(card) : createEmptyCard(new Date(now));
  return fromCard(scheduler.next(current, new Date(now), correct ? Rating.Good : Rating.Again).card);
}

/** The questions whose cards are due at `now`, the most overdue first. */
export function dueQuestions(cards: ReadonlyMap<string, StoredCard>, now: number): string[] {
  return [...cards.entries()]
    .filter(([, card]) => card.due <= now)
    .sort((a, b) => a[1].due - b[1].due)
    .map(([id]) => id);
}

/** When the next card falls due after `now`, or undefined if there are no cards. */
export function nextDueAt(cards: ReadonlyMap<string, StoredCard>, now: number): number | undefined {
  let next: number | undefined;
  for (const card of cards.values())
    if (card.due > now && (next === undefined || card.due < next)) next = card.due;
  return next;
}
