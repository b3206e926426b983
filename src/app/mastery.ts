/**
 * Learning, not just scoring: review of due questions (FSRS), mastery per source and section, and
 * a teacher's report of what a server misses most, from the players' per-question history.
 */

import type { Bank } from "../bank/bank.ts";
import { withoutConflicts } from "../bank/groups.ts";
import { localizeQuestion } from "../bank/localize.ts";
import type { Question } from "../bank/question.ts";
import { dueQuestions, nextDueAt, type StoredCard } from "../engine/scheduler.ts";
import type { QuizMode, SessionState } from "../engine/session.ts";
import type { Locale } from "../i18n/index.ts";
import type { History } from "../store/records.ts";
import type { AppContext } from "./context.ts";
import { idCell, toCsv } from "./lessons/csv.ts";
import { formatWithOffset } from "./lessons/time-zone.ts";
import { startSoloWith } from "./quiz.ts";
import { accuracy } from "./standing.ts";

/** A review started, or nothing is due (and when the next question will be, if any). */
export type ReviewStart =
  | { readonly kind: "started"; readonly state: SessionState; readonly due: number }
  | { readonly kind: "nothing-due"; readonly nextDueAt: number | undefined };

function idsOf(bank: Bank): string[] {
  return bank.questions.map((q) => q.id);
}

function cardsOf(history: History, bank: Bank, disabled: ReadonlySet<string>): Map<string, StoredCard> {
  const cards = new Map<string, StoredCard>();
  for (const [id, entry] of Object.entries(history.questions)) {
    if (entry.card && bank.get(id) && !disabled.has(id)) cards.set(id, entry.card);
  }
  return cards;
}

/** `/review`: a private quiz of the player's due questions, the most overdue first. */
export async function startReview(
  ctx: AppContext,
  request: { guildId: string; channelId: string; userId: string; count: number; mode?: QuizMode | undefined },
): Promise<ReviewStart> {
  const now = ctx.now();
  const { bank, disabled } = await ctx.banks.of(request.guildId);
  const history = await ctx.scores.history(request.guildId, request.userId, idsOf(bank));
  const cards = cardsOf(history, bank, disabled);
  const due = dueQuestions(cards, now);
  if (due.length === 0) return { kind: "nothing-due", nextDueAt: nextDueAt(cards, now) };
  // The most overdue first, but never two of one exclusion group (the rest stay due for later).
  const dueQuestionsInOrder = due.map((id) => bank.get(id) as Question);
  const questions = withoutConflicts(bank, dueQuestionsInOrder, { limit: request.count });
  const state = await startSoloWith(ctx, { ...request, filter: {} }, questions);
  return { kind: "started", state, due: due.length };
}

/** Right and answered counts, and the accuracy they make. */
export interface Tally {
  readonly answered: number;
  readonly correct: number;
  readonly accuracy: number | null;
}

function addTo(
  map: Map<string, { answered: number; correct: number }>,
  key: string,
  seen: number,
  correct: number,
) {
  const t = map.get(key) ?? { answered: 0, correct: 0 };
  map.set(key, { answered: t.answered + seen, correct: t.correct + correct });
}

const withAccuracy = (t: { answered: number; correct: number }): Tally => ({
  ...t,
  accuracy: accuracy(t.correct, t.answered),
});

/** A player's accuracy per source and per section of a source, from their history. */
export async function mastery(ctx: AppContext, guildId: string, userId: string) {
  const { bank } = await ctx.banks.of(guildId);
  const history = await ctx.scores.history(guildId, userId, idsOf(bank));
  const bySource = new Map<string, { answered: number; correct: number }>();
  const bySection = new Map<string, { answered: number; correct: number }>();
  for (const [id, entry] of Object.entries(history.questions)) {
    const question = bank.get(id);
    if (!question) continue;
    addTo(bySource, question.citation.source, entry.seen, entry.correct);
    if (question.citation.section) {
      addTo(
        bySection,
        `${question.citation.source}\u0000${question.citation.section}`,
        entry.seen,
        entry.correct,
      );
    }
  }
  const sources = [...bySource.entries()].map(([sourceId, t]) => ({
    sourceId,
    title: bank.corpus.get(sourceId)?.meta.title ?? sourceId,
    ...withAccuracy(t),
  }));
  const sections = [...bySection.entries()].map(([key, t]) => {
    const [sourceId = "", section = ""] = key.split("\u0000");
    return { sourceId, section, ...withAccuracy(t) };
  });
  return { sources, sections, weakest: weakestOf(sources) };
}

/**
 * The source to practise: the lowest accuracy, named only when it is below 100% and below some
 * other source (a player at 100% everywhere, or level everywhere, has no weakest source).
 */
export function weakestOf<S extends { readonly accuracy: number | null; readonly answered: number }>(
  sources: readonly S[],
): S | undefined {
  const rated = sources.filter((s) => s.accuracy !== null);
  const lowest = [...rated].sort(
    (a, b) => (a.accuracy as number) - (b.accuracy as number) || b.answered - a.answered,
  )[0];
  if (!lowest || (lowest.accuracy as number) >= 1) return undefined;
  const belowAnother = rated.some((s) => (s.accuracy as number) > (lowest.accuracy as number));
  return belowAnother ? lowest : undefined;
}

/** One row of the teacher's CSV: a player's results on one question. */
export interface ResultRow {
  readonly userId: string;
  readonly questionId: string;
  readonly sourceId: string;
  readonly section: string;
  readonly answered: number;
  readonly correct: number;
  readonly lastCorrect: boolean;
  readonly lastAnsweredAt: number;
}

/**
 * The server's results, from every player's history (one scan of the store, for a teacher's
 * report, not for a hot path): the most missed questions, the sources it knows least, and rows
 * per player and question for a CSV.
 */
export async function serverReport(ctx: AppContext, guildId: string) {
  const { bank } = await ctx.banks.of(guildId);
  const rows: ResultRow[] = [];
  for await (const { userId, questionId, history: entry } of ctx.scores.guildHistories(guildId)) {
    const question = bank.get(questionId);
    rows.push({
      userId,
      questionId,
      sourceId: question?.citation.source ?? "",
      section: question?.citation.section ?? "",
      answered: entry.seen,
      correct: entry.correct,
      lastCorrect: entry.lastCorrect,
      lastAnsweredAt: entry.lastAt,
    });
  }
  const byQuestion = new Map<string, { answered: number; correct: number }>();
  const bySource = new Map<string, { answered: number; correct: number }>();
  for (const row of rows) {
    addTo(byQuestion, row.questionId, row.answered, row.correct);
    if (row.sourceId) addTo(bySource, row.sourceId, row.answered, row.correct);
  }
  const mostMissed = [...byQuestion.entries()]
    .map(([id, t]) => ({ question: bank.get(id), missed: t.answered - t.correct, ...withAccuracy(t) }))
    .filter((q): q is typeof q & { question: Question } => q.question !== undefined && q.missed > 0)
    .sort((a, b) => b.missed - a.missed || (a.accuracy ?? 1) - (b.accuracy ?? 1))
    .slice(0, 5);
  const sources = [...bySource.entries()]
    .map(([sourceId, t]) => ({
      sourceId,
      title: bank.corpus.get(sourceId)?.meta.title ?? sourceId,
      ...withAccuracy(t),
    }))
    .sort((a, b) => (a.accuracy ?? 1) - (b.accuracy ?? 1));
  return { players: new Set(rows.map((r) => r.userId)).size, rows, mostMissed, sources, bank };
}

/**
 * The report's rows as CSV for a spreadsheet (see src/app/lessons/csv.ts: a BOM, user ids kept as
 * text, formula-safe text), with each question's text and times in the server's zone with their
 * offset. History records keep no names: the caller passes the names it could look up.
 */
export function resultsCsv(
  rows: readonly ResultRow[],
  bank: Bank,
  zone: string,
  /** Members' names as the server shows them (looked up by the caller); a missing one is left blank. */
  names: ReadonlyMap<string, string> = new Map(),
  /** The language of the question text (the server's); the question id is the same in any. */
  locale: Locale = "en",
): string {
  return toCsv(
    [
      "student",
      "user_id",
      "question_id",
      "question",
      "source",
      "section",
      "answered",
      "correct",
      "last_correct",
      "last_answered_at",
    ],
    rows.map((r) => [
      names.get(r.userId) ?? "",
      idCell(r.userId),
      r.questionId,
      questionText(bank, r.questionId, locale),
      r.sourceId,
      r.section,
      r.answered,
      r.correct,
      r.lastCorrect,
      formatWithOffset(r.lastAnsweredAt, zone),
    ]),
  );
}

/** A question's text in a language, or "" for a question no longer in the bank. */
function questionText(bank: Bank, id: string, locale: Locale): string {
  const question = bank.get(id);
  return question ? localizeQuestion(bank, question, locale).question : "";
}
