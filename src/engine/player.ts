/**
 * A player's record and their history of one question, as the rules see them (plain JSON; the
 * store validates them with zod), and how one answer changes each. Pure: no store, no clock.
 */
import { reviewCard, type StoredCard } from "./scheduler.ts";
import { isoWeek } from "./week.ts";

/** Right and answered counts for one source. */
export interface SourceTally {
  answered: number;
  correct: number;
}

/** A player's totals in one guild: points, streaks, per-source tallies, this week's points. */
export interface PlayerRecord {
  v: 1;
  guildId: string;
  userId: string;
  points: number;
  answered: number;
  correct: number;
  streak: number;
  bestStreak: number;
  bySource: Record<string, SourceTally>;
  /** The ISO week that `weekPoints` belong to. */
  week: string;
  weekPoints: number;
  /** Points of the weeks before `week` in which the player scored, oldest first (the last PAST_WEEKS_KEPT). */
  pastWeeks?: { week: string; points: number }[] | undefined;
  updatedAt: number;
}

/** How many past weeks' points a player record keeps, for the points-per-week chart of /stats. */
export const PAST_WEEKS_KEPT = 12;

/** A player's history of one question: how often seen and right, the review card, every answer's time. */
export interface QuestionHistory {
  seen: number;
  correct: number;
  lastCorrect: boolean;
  lastAt: number;
  /** The spaced-repetition card. */
  card?: StoredCard | undefined;
  /** Every answer to this question, oldest first, as [when (epoch ms), right (1) or wrong (0)]. */
  answers: [number, 0 | 1][];
}

/** How many answers to one question a player's history keeps (the oldest go first). */
export const ANSWERS_KEPT_PER_QUESTION = 100;

/** A fresh, empty record. */
export function emptyRecord(guildId: string, userId: string, now: number): PlayerRecord {
  return {
    v: 1,
    guildId,
    userId,
    points: 0,
    answered: 0,
    correct: 0,
    streak: 0,
    bestStreak: 0,
    bySource: {},
    week: isoWeek(now),
    weekPoints: 0,
    updatedAt: now,
  };
}

/** The past weeks' points once the record moves to `week`: the week it leaves joins them. */
function pastWeeksAfter(before: PlayerRecord, week: string): Pick<PlayerRecord, "pastWeeks"> {
  if (before.week === week || before.weekPoints === 0)
    return before.pastWeeks ? { pastWeeks: before.pastWeeks } : {};
  const left = { week: before.week, points: before.weekPoints };
  return { pastWeeks: [...(before.pastWeeks ?? []), left].slice(-PAST_WEEKS_KEPT) };
}

/** The record after one answer: totals, streaks, per-source tallies, this week's points. */
export function recordAfter(
  before: PlayerRecord,
  answer: { readonly sourceId: string; readonly correct: boolean; readonly points: number },
  now: number,
): PlayerRecord {
  const week = isoWeek(now);
  const streak = answer.correct ? before.streak + 1 : 0;
  const source = before.bySource[answer.sourceId] ?? { answered: 0, correct: 0 };
  const right = answer.correct ? 1 : 0;
  return {
    ...before,
    points: before.points + answer.points,
    answered: before.answered + 1,
    correct: before.correct + right,
    streak,
    bestStreak: Math.max(before.bestStreak, streak),
    bySource: {
      ...before.bySource,
      [answer.sourceId]: { answered: source.answered + 1, correct: source.correct + right },
    },
    week,
    weekPoints: (before.week === week ? before.weekPoints : 0) + answer.points,
    ...pastWeeksAfter(before, week),
    updatedAt: now,
  };
}

/**
 * The record with one answer taken back (the host skipped its question): its points, counts and
 * source tally go; the streak steps back only when nothing was answered since (else it stays as
 * it is, since what came after decided it). The question's history keeps the answer: the player
 * did see it, and its review card says so.
 */
export function recordWithout(
  record: PlayerRecord,
  answer: {
    readonly sourceId: string;
    readonly correct: boolean;
    readonly points: number;
    readonly at: number;
  },
): PlayerRecord {
  const right = answer.correct ? 1 : 0;
  const source = record.bySource[answer.sourceId];
  const bySource = { ...record.bySource };
  if (source) {
    const after = {
      answered: Math.max(0, source.answered - 1),
      correct: Math.max(0, source.correct - right),
    };
    if (after.answered === 0) delete bySource[answer.sourceId];
    else bySource[answer.sourceId] = after;
  }
  const last = record.updatedAt === answer.at;
  return {
    ...record,
    points: Math.max(0, record.points - answer.points),
    answered: Math.max(0, record.answered - 1),
    correct: Math.max(0, record.correct - right),
    streak: last && answer.correct ? Math.max(0, record.streak - 1) : record.streak,
    bySource,
    weekPoints:
      record.week === isoWeek(answer.at) ? Math.max(0, record.weekPoints - answer.points) : record.weekPoints,
  };
}

/** A question's history after one answer: seen once more, the result, and the FSRS card reviewed. */
export function historyAfter(
  before: QuestionHistory | undefined,
  correct: boolean,
  now: number,
): QuestionHistory {
  const seen: QuestionHistory = before ?? { seen: 0, correct: 0, lastCorrect: false, lastAt: 0, answers: [] };
  return {
    seen: seen.seen + 1,
    correct: seen.correct + (correct ? 1 : 0),
    lastCorrect: correct,
    lastAt: now,
    card: reviewCard(seen.card, correct, now),
    answers: [...seen.answers, [now, correct ? 1 : 0] as [number, 0 | 1]].slice(-ANSWERS_KEPT_PER_QUESTION),
  };
}
