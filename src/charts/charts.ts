/**
 * The bot's charts, as SVG documents: pure functions of the data and the locale (no Discord, no
 * store). Each returns a `Chart`: a file name, the SVG, and a one-line description that goes with
 * the image as its alt text.
 */
import { type Locale, t } from "../i18n/index.ts";
import { type BarRow, barChartSvg } from "./bars.ts";
import { columnChartSvg } from "./columns.ts";
import { PALETTE } from "./palette.ts";
import { niceTicks } from "./svg.ts";

/** A chart ready to rasterise: its attachment name, the SVG, and its alt text. */
export interface Chart {
  readonly name: string;
  readonly svg: string;
  readonly description: string;
}

/** The most rows a bar chart shows: more would not be readable at Discord's preview size. */
export const MAX_BAR_ROWS = 10;

const LETTERS = ["A", "B", "C", "D", "E", "F"];
const PERCENT_TICKS = [0, 0.25, 0.5, 0.75, 1];

/** "43%" (rounded). */
function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** Numbers with the locale's grouping ("1,250"). */
function num(value: number, locale: Locale): string {
  return value.toLocaleString(locale === "ko" ? "ko-KR" : "en-US");
}

/** Keeps the first MAX_BAR_ROWS rows, and says how many more there were. */
function capped<T>(rows: readonly T[], locale: Locale): { shown: readonly T[]; footnote?: string } {
  if (rows.length <= MAX_BAR_ROWS) return { shown: rows };
  return {
    shown: rows.slice(0, MAX_BAR_ROWS),
    footnote: t(locale, "list.andMore", { count: rows.length - MAX_BAR_ROWS }),
  };
}

/** One answer option of a channel round, and how many players picked it. */
export interface OptionPicks {
  readonly option: string;
  readonly picks: number;
  readonly right: boolean;
}

/** The channel reveal: how many players picked each option, the right one marked (check mark, hatch, legend). */
export function picksChart(
  input: { question: string; options: readonly OptionPicks[] },
  locale: Locale,
): Chart {
  const players = input.options.reduce((sum, o) => sum + o.picks, 0);
  const rows: BarRow[] = input.options.map((o, i) => ({
    label: `${LETTERS[i] ?? "?"}. ${o.option}`,
    value: o.picks,
    valueText: players > 0 ? `${num(o.picks, locale)} (${pct(o.picks / players)})` : "0",
    marked: o.right,
  }));
  const ticks = niceTicks(Math.max(1, ...rows.map((r) => r.value)));
  return {
    name: "picks.png",
    svg: barChartSvg({
      title: t(locale, "charts.picks.title", { players }),
      subtitle: input.question,
      categoryAxis: t(locale, "charts.picks.categoryAxis"),
      valueAxis: t(locale, "charts.picks.valueAxis"),
      rows,
      ticks,
      tickText: (v) => num(v, locale),
      color: PALETTE.skyBlue,
      markLegend: t(locale, "charts.picks.legend"),
    }),
    description: t(locale, "charts.picks.description", {
      counts: rows.map((r) => `${r.label}: ${r.value}${r.marked ? " ✓" : ""}`).join("; "),
    }),
  };
}

/** Right answers out of answered, for one category (a source, a section, a question). */
export interface AccuracyRow {
  readonly label: string;
  readonly correct: number;
  readonly answered: number;
}

/** Rows with answers, weakest first (ties: the more answered first), as bars from 0 to 100%. */
function accuracyBars(rows: readonly AccuracyRow[], locale: Locale) {
  const sorted = rows
    .filter((r) => r.answered > 0)
    .sort((a, b) => a.correct / a.answered - b.correct / b.answered || b.answered - a.answered);
  const { shown, footnote } = capped(sorted, locale);
  const bars: BarRow[] = shown.map((r) => ({
    label: r.label,
    value: r.correct / r.answered,
    valueText: `${pct(r.correct / r.answered)} (${r.correct}/${r.answered})`,
  }));
  return { bars, footnote };
}

/** What an accuracy chart is about: a player's sources or sections, or a class's questions or sources. */
export type AccuracyKind = "player-sources" | "player-sections" | "class-questions" | "class-sources";

const ACCURACY_KEYS = {
  "player-sources": {
    title: "charts.accuracy.playerSources",
    axis: "charts.axis.source",
    name: "accuracy-sources.png",
  },
  "player-sections": {
    title: "charts.accuracy.playerSections",
    axis: "charts.axis.section",
    name: "accuracy-sections.png",
  },
  "class-questions": {
    title: "charts.accuracy.classQuestions",
    axis: "charts.axis.question",
    name: "class-questions.png",
  },
  "class-sources": {
    title: "charts.accuracy.classSources",
    axis: "charts.axis.source",
    name: "class-sources.png",
  },
} as const;

/** Accuracy per category, weakest (most missed) first, 0 to 100%. */
export function accuracyChart(
  kind: AccuracyKind,
  rows: readonly AccuracyRow[],
  locale: Locale,
  subtitle?: string,
): Chart {
  const keys = ACCURACY_KEYS[kind];
  const { bars, footnote } = accuracyBars(rows, locale);
  return {
    name: keys.name,
    svg: barChartSvg({
      title: t(locale, keys.title),
      subtitle: subtitle ?? t(locale, "charts.accuracy.subtitle"),
      categoryAxis: t(locale, keys.axis),
      valueAxis: t(locale, "charts.axis.accuracy"),
      rows: bars,
      ticks: PERCENT_TICKS,
      tickText: pct,
      color: kind.startsWith("class") ? PALETTE.vermillion : PALETTE.blue,
      footnote,
    }),
    description: t(locale, "charts.accuracy.description", {
      title: t(locale, keys.title),
      values: bars.map((b) => `${b.label}: ${b.valueText}`).join("; "),
    }),
  };
}

/** Points a player earned in one ISO week ("2026-W49"). */
export interface WeekPoints {
  readonly week: string;
  readonly points: number;
}

/** A player's points per week, oldest first. */
export function weeklyPointsChart(
  weeks: readonly WeekPoints[],
  locale: Locale,
  /** When a week starts, in the server's time zone ("Monday 09:00, Asia/Seoul"). */
  weekStart = "Monday 00:00, UTC",
): Chart {
  const columns = weeks.map((w) => ({
    label: w.week.replace(/^\d{4}-/, ""),
    value: w.points,
    valueText: num(w.points, locale),
    shortText: new Intl.NumberFormat(locale === "ko" ? "ko-KR" : "en-US", { notation: "compact" }).format(
      w.points,
    ),
  }));
  const ticks = niceTicks(Math.max(1, ...columns.map((c) => c.value)));
  return {
    name: "weekly-points.png",
    svg: columnChartSvg({
      title: t(locale, "charts.weekly.title"),
      subtitle: t(locale, "charts.weekly.subtitle", { start: weekStart }),
      categoryAxis: t(locale, "charts.axis.week"),
      valueAxis: t(locale, "charts.axis.points"),
      columns,
      ticks,
      tickText: (v) => num(v, locale),
    }),
    description: t(locale, "charts.weekly.description", {
      values: weeks.map((w) => `${w.week}: ${w.points}`).join("; "),
    }),
  };
}

/** One line of the leaderboard card. */
export interface CardRow {
  readonly rank: number;
  readonly name: string;
  readonly points: number;
}

/** The leaderboard card: the top ten with their ranks and points. */
export function leaderboardCard(
  input: { period: "all-time" | "week"; rows: readonly CardRow[]; total: number },
  locale: Locale,
): Chart {
  const rows: BarRow[] = input.rows.slice(0, MAX_BAR_ROWS).map((r) => ({
    label: `${r.rank}. ${r.name}`,
    value: r.points,
    valueText: num(r.points, locale),
  }));
  const ticks = niceTicks(Math.max(1, ...rows.map((r) => r.value)));
  const title = t(locale, input.period === "week" ? "board.titleWeek" : "board.titleAllTime");
  return {
    name: "leaderboard.png",
    svg: barChartSvg({
      title,
      subtitle: t(locale, "charts.board.subtitle", { shown: rows.length, total: input.total }),
      categoryAxis: t(locale, "charts.axis.rank"),
      valueAxis: t(locale, "charts.axis.points"),
      rows,
      ticks,
      tickText: (v) => num(v, locale),
      color: PALETTE.green,
    }),
    description: t(locale, "charts.board.description", {
      title,
      values: rows.map((r) => `${r.label}: ${r.valueText}`).join("; "),
    }),
  };
}
