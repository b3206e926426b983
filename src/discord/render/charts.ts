/** Which charts each message carries, from the data the message shows (pure: the drawing is elsewhere). */

import type { ResultDetail } from "../../app/lessons/results.ts";
import type { mastery, serverReport } from "../../app/mastery.ts";
import type { PlayerStats } from "../../app/standing.ts";
import type { Source } from "../../bank/corpus.ts";
import type { Question } from "../../bank/question.ts";
import {
  accuracyChart,
  type Chart,
  leaderboardCard,
  MAX_BAR_ROWS,
  weeklyPointsChart,
} from "../../charts/charts.ts";
import type { Locale } from "../../i18n/index.ts";

type Mastery = Awaited<ReturnType<typeof mastery>>;
type ServerReport = Awaited<ReturnType<typeof serverReport>>;

/** /stats: accuracy per source (or per section, on request), and points per week. */
export function statsCharts(
  stats: PlayerStats,
  learned: Mastery | undefined,
  bySection: boolean,
  locale: Locale,
  zone = "UTC",
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
  return [accuracy, weeklyPointsChart(stats.weeks, locale, weekStartIn(zone, locale))];
}

/**
 * When a week starts, told in a server's time zone: weeks are counted from Monday 00:00 UTC, which
 * is, say, "Monday 09:00, Asia/Seoul" in Seoul.
 */
export function weekStartIn(zone: string, locale: Locale): string {
  const mondayMidnightUtc = Date.UTC(2024, 0, 1); // a Monday
  const parts = new Intl.DateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", {
    timeZone: zone,
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(mondayMidnightUtc);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("hour")}:${part("minute")}, ${zone}`;
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

/** A numbered question of a chart: its bar is labelled "Q{n}", and the message lists what Q{n} is. */
export interface ChartQuestion {
  readonly n: number;
  readonly questionId: string;
  readonly text: string;
}

/**
 * A question's bar label: its number first, so two questions that open alike ("According to the
 * USCR…") never make identical rows however short the label is cut.
 */
function questionLabel(n: number, text: string): string {
  return `Q${n} · ${distinctivePart(text)}`;
}

/**
 * A question without the attribution many open with ("According to the Institute's post, …"),
 * which a short label would spend all its room on; the full text is in the message's list.
 */
function distinctivePart(text: string): string {
  const rest = text.replace(/^According to [^,?]{1,80},\s*/i, "");
  return rest === text || rest.length === 0 ? text : rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * /quiz report: the class's accuracy per question (most missed first, numbered Q1, Q2… in that
 * order, with the numbered list for the message) and per source (weakest first).
 */
export function reportCharts(
  report: ServerReport,
  locale: Locale,
): { charts: Chart[]; legend: ChartQuestion[] } {
  const byQuestion = new Map<string, { correct: number; answered: number }>();
  for (const row of report.rows) {
    const t = byQuestion.get(row.questionId) ?? { correct: 0, answered: 0 };
    byQuestion.set(row.questionId, { correct: t.correct + row.correct, answered: t.answered + row.answered });
  }
  // The chart's own order (weakest first, then the most answered), so Q1 is the top bar.
  const ordered = [...byQuestion.entries()]
    .filter(([, t]) => t.answered > 0)
    .sort(([, a], [, b]) => a.correct / a.answered - b.correct / b.answered || b.answered - a.answered)
    .slice(0, MAX_BAR_ROWS);
  const legend = ordered.map(([questionId], i) => ({
    n: i + 1,
    questionId,
    text: report.bank.get(questionId)?.question ?? questionId,
  }));
  const questions = ordered.map(([, t], i) => ({ label: questionLabel(i + 1, legend[i]?.text ?? ""), ...t }));
  const sources = report.sources.map((s) => ({ label: s.title, correct: s.correct, answered: s.answered }));
  return {
    charts: [
      accuracyChart("class-questions", questions, locale),
      accuracyChart("class-sources", sources, locale),
    ],
    legend,
  };
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
  const questions = detail.gradebook.questions.map((grade, n) => {
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
    // Numbered as in the result's "accuracy per question" list (the set's order).
    return {
      label: questionLabel(n + 1, question?.question ?? grade.questionId),
      correct: grade.correct,
      answered: grade.answered,
    };
  });
  return [
    accuracyChart("class-questions", questions, locale),
    accuracyChart("class-sources", [...bySource.values()], locale),
  ];
}
