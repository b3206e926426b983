/** Which charts each message carries, from the data the message shows (pure: the drawing is elsewhere). */

import type { mastery, serverReport } from "../../app/learning.ts";
import type { ResultDetail } from "../../app/lessons/results.ts";
import type { PlayerStats } from "../../app/standing.ts";
import type { Source } from "../../bank/corpus.ts";
import type { Question } from "../../bank/question.ts";
import { accuracyChart, type Chart, leaderboardCard, weeklyPointsChart } from "../../charts/charts.ts";
import type { Locale } from "../../i18n/index.ts";

type Mastery = Awaited<ReturnType<typeof mastery>>;
type ServerReport = Awaited<ReturnType<typeof serverReport>>;

/** /stats: accuracy per source (or per section, on request), and points per week. */
export function statsCharts(
  stats: PlayerStats,
  learned: Mastery | undefined,
  bySection: boolean,
  locale: Locale,
): Chart[] {
  const accuracy =
    bySection && learned && learned.sections.length > 0
      ? accuracyChart(
          "player-sections",
          learned.sections.map((s) => ({ label: `${s.section} (${s.sourceId})`, ...s })),
          locale,
        )
      : accuracyChart(
          "player-sources",
          stats.bySource.map((s) => ({ label: s.title, correct: s.correct, answered: s.answered })),
          locale,
        );
  return [accuracy, weeklyPointsChart(stats.weeks, locale)];
}

/** /leaderboard: the card of the top ten, with the names it could find (else the player's id). */
export function boardCard(
  input: {
    period: "all-time" | "week";
    total: number;
    rows: readonly { rank: number; userId: string; points: number }[];
  },
  names: ReadonlyMap<string, string>,
  locale: Locale,
): Chart {
  return leaderboardCard(
    {
      period: input.period,
      total: input.total,
      rows: input.rows.map((r) => ({
        rank: r.rank,
        points: r.points,
        name: names.get(r.userId) ?? r.userId,
      })),
    },
    locale,
  );
}

/** /quiz report: the class's accuracy per question (most missed first) and per source (weakest first). */
export function reportCharts(report: ServerReport, locale: Locale): Chart[] {
  const byQuestion = new Map<string, { correct: number; answered: number }>();
  for (const row of report.rows) {
    const t = byQuestion.get(row.questionId) ?? { correct: 0, answered: 0 };
    byQuestion.set(row.questionId, { correct: t.correct + row.correct, answered: t.answered + row.answered });
  }
  const questions = [...byQuestion.entries()].map(([id, t]) => ({
    label: report.bank.get(id)?.question ?? id,
    ...t,
  }));
  const sources = report.sources.map((s) => ({ label: s.title, correct: s.correct, answered: s.answered }));
  return [
    accuracyChart("class-questions", questions, locale),
    accuracyChart("class-sources", sources, locale),
  ];
}

/**
 * A round's or an assignment's results: the class's accuracy per question and per source, the
 * most missed first (the grade book's figures, drawn). `sourceOf` names each question's source.
 */
export function resultCharts(
  detail: ResultDetail,
  sourceOf: (question: Question) => Source,
  locale: Locale,
): Chart[] {
  const bySource = new Map<string, { label: string; correct: number; answered: number }>();
  const questions = detail.gradebook.questions.map((grade) => {
    const question = detail.questions.get(grade.questionId);
    if (question) {
      const source = sourceOf(question);
      const tally = bySource.get(source.meta.id) ?? { label: source.meta.title, correct: 0, answered: 0 };
      bySource.set(source.meta.id, {
        ...tally,
        correct: tally.correct + grade.correct,
        answered: tally.answered + grade.answered,
      });
    }
    return {
      label: question?.question ?? grade.questionId,
      correct: grade.correct,
      answered: grade.answered,
    };
  });
  return [
    accuracyChart("class-questions", questions, locale),
    accuracyChart("class-sources", [...bySource.values()], locale),
  ];
}
