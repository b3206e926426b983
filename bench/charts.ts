/** Suite: the time to draw each chart (SVG built in code, rasterised by resvg), median of several draws. */
import {
  accuracyChart,
  type Chart,
  leaderboardCard,
  picksChart,
  weeklyPointsChart,
} from "../src/charts/charts.ts";
import { renderChart } from "../src/charts/render.ts";
import type { Measurement } from "./report.ts";
import { percentile, round } from "./stats.ts";

const SUITE = "charts";
const DRAWS = 15;

/** One chart of each kind, with realistic data (ten rows where a chart can have them). */
function charts(): Chart[] {
  const sources = Array.from({ length: 5 }, (_, i) => ({
    label: `U.S. Committee for Refugees World Refugee Survey 200${i}`,
    correct: i * 3,
    answered: 16,
  }));
  return [
    picksChart(
      {
        question: "About how many North Korean asylum seekers lived in hiding in China?",
        options: ["30,000 to 50,000", "100,000", "11,000", "7,800"].map((option, i) => ({
          option,
          picks: 100 + i * 40,
          right: i === 1,
        })),
      },
      "en",
    ),
    accuracyChart("player-sources", sources, "en"),
    weeklyPointsChart(
      Array.from({ length: 8 }, (_, i) => ({ week: `2026-W${42 + i}`, points: i * 37 })),
      "en",
    ),
    accuracyChart(
      "class-questions",
      Array.from({ length: 12 }, (_, i) => ({
        label: `Question ${i + 1}: who counts?`,
        correct: i,
        answered: 12,
      })),
      "ko",
    ),
    leaderboardCard(
      {
        period: "all-time",
        total: 500,
        rows: Array.from({ length: 10 }, (_, i) => ({
          rank: i + 1,
          name: `플레이어 ${i + 1}`,
          points: 1000 - i * 80,
        })),
      },
      "ko",
    ),
  ];
}

/** Draws each chart DRAWS times (after one warm-up) and reports the median and p99 time, and its size. */
export async function chartsSuite(): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const chart of charts()) {
    await renderChart(chart);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < DRAWS; i++) {
      const start = performance.now();
      bytes = (await renderChart(chart)).png.length;
      times.push(performance.now() - start);
    }
    results.push({
      suite: SUITE,
      name: `draw ${chart.name}`,
      value: round(percentile(times, 50)),
      unit: "ms",
      goal: { limit: 250 },
      detail: `median of ${DRAWS}; p99 ${round(percentile(times, 99))} ms; ${Math.round(bytes / 1024)} kB PNG, 800 px wide`,
    });
  }
  return results;
}
