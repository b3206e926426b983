/**
 * `npm run charts:examples [-- --extremes DIR]`: draws one example of each chart, in English and
 * Korean, into docs/charts/ (the README shows them). With --extremes, it also draws edge cases
 * (one player, 500 players, a 0% and a 100% source, a 40-character name) into DIR for review.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  accuracyChart,
  type Chart,
  leaderboardCard,
  picksChart,
  weeklyPointsChart,
} from "../charts/charts.ts";
import { renderChart } from "../charts/render.ts";
import type { Locale } from "../i18n/index.ts";

const SOURCES = [
  { label: "Background on North Korean Refugees", correct: 14, answered: 18 },
  {
    label: "The Status of North Korean Asylum Seekers and the USG Policy Towards Them",
    correct: 9,
    answered: 20,
  },
  { label: "North Korean Refugees in China: A Human Rights Perspective", correct: 11, answered: 13 },
  { label: "U.S. Committee for Refugees World Refugee Survey 2004 - North Korea", correct: 5, answered: 12 },
  { label: 'The "Forgotten" Refugees: The Case of North Korea', correct: 7, answered: 9 },
];

const QUESTION =
  "According to the USCRI World Refugee Survey 2004, about how many North Korean asylum seekers lived in hiding in China?";

/** The example charts of one locale (the ones the README shows). */
function examples(locale: Locale): Chart[] {
  return [
    picksChart(
      {
        question: QUESTION,
        options: [
          { option: "30,000 to 50,000", picks: 4, right: false },
          { option: "100,000", picks: 9, right: true },
          { option: "11,000", picks: 2, right: false },
          { option: "7,800", picks: 1, right: false },
        ],
      },
      locale,
    ),
    accuracyChart("player-sources", SOURCES, locale),
    weeklyPointsChart(
      [
        { week: "2026-W42", points: 40 },
        { week: "2026-W43", points: 0 },
        { week: "2026-W44", points: 125 },
        { week: "2026-W45", points: 90 },
        { week: "2026-W46", points: 210 },
        { week: "2026-W47", points: 160 },
        { week: "2026-W48", points: 305 },
        { week: "2026-W49", points: 85 },
      ],
      locale,
    ),
    accuracyChart(
      "class-questions",
      [
        {
          label: "About how many North Korean asylum seekers lived in hiding in China?",
          correct: 6,
          answered: 24,
        },
        { label: "Which law required the State Department's report to Congress?", correct: 9, answered: 22 },
        { label: "What does China call the North Koreans who cross its border?", correct: 15, answered: 25 },
        { label: "How many North Koreans had reached South Korea by 2003?", correct: 12, answered: 16 },
        { label: "Which UN body did the study say was denied access?", correct: 19, answered: 21 },
      ],
      locale,
    ),
    accuracyChart("class-sources", SOURCES, locale),
    leaderboardCard(
      {
        period: "all-time",
        total: 37,
        rows: [
          { rank: 1, name: "minji.kim", points: 1250 },
          { rank: 2, name: "김서연", points: 1105 },
          { rank: 3, name: "Refugee-rights study group", points: 980 },
          { rank: 4, name: "jonas", points: 760 },
          { rank: 5, name: "박지훈", points: 745 },
          { rank: 6, name: "teacher_lee", points: 610 },
          { rank: 7, name: "Amara", points: 430 },
          { rank: 8, name: "이하은", points: 425 },
          { rank: 9, name: "sam", points: 210 },
          { rank: 10, name: "Ola N.", points: 95 },
        ],
      },
      locale,
    ),
  ];
}

const LONG_NAME = "Aleksandra Konstantinopolska-Wiśniewska!!"; // 40 characters and more

/** Edge cases to look at: one player, 500 players, 0% and 100%, a 40-character name, Hangul-only names. */
function extremes(locale: Locale): Chart[] {
  const named = (c: Chart, name: string): Chart => ({ ...c, name });
  return [
    named(
      picksChart(
        {
          question: QUESTION,
          options: [
            { option: "True", picks: 1, right: true },
            { option: "False", picks: 0, right: false },
          ],
        },
        locale,
      ),
      "picks-one-player.png",
    ),
    named(
      picksChart(
        {
          question: `${QUESTION} ${QUESTION}`,
          options: [
            {
              option: "A very long answer option that runs well past the label column of the chart",
              picks: 123,
              right: false,
            },
            { option: "100,000", picks: 311, right: true },
            { option: "11,000", picks: 40, right: false },
            { option: "7,800", picks: 26, right: false },
          ],
        },
        locale,
      ),
      "picks-500-players.png",
    ),
    named(
      picksChart(
        {
          question: QUESTION,
          options: [
            { option: "A", picks: 0, right: true },
            { option: "B", picks: 0, right: false },
          ],
        },
        locale,
      ),
      "picks-nobody.png",
    ),
    named(
      accuracyChart(
        "player-sources",
        [
          { label: "Background on North Korean Refugees", correct: 0, answered: 7 },
          {
            label: "U.S. Committee for Refugees World Refugee Survey 2004 - North Korea",
            correct: 4,
            answered: 4,
          },
        ],
        locale,
      ),
      "accuracy-0-and-100.png",
    ),
    named(
      accuracyChart(
        "class-questions",
        Array.from({ length: 14 }, (_, i) => ({ label: `${i + 1}. ${QUESTION}`, correct: i, answered: 14 })),
        locale,
      ),
      "class-14-questions.png",
    ),
    named(weeklyPointsChart([{ week: "2026-W49", points: 43 }], locale), "weekly-one-week.png"),
    named(
      weeklyPointsChart(
        Array.from({ length: 12 }, (_, i) => ({ week: `2026-W${38 + i}`, points: i * 1234 })),
        locale,
      ),
      "weekly-12-weeks.png",
    ),
    named(
      leaderboardCard({ period: "week", total: 1, rows: [{ rank: 1, name: LONG_NAME, points: 43 }] }, locale),
      "board-one-long-name.png",
    ),
    named(
      leaderboardCard(
        {
          period: "all-time",
          total: 500,
          rows: Array.from({ length: 10 }, (_, i) => ({
            rank: i + 1,
            name:
              i % 2 ? "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라" : `${LONG_NAME}${i}`,
            points: 99_999 - i * 7_000,
          })),
        },
        locale,
      ),
      "board-500-players.png",
    ),
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { extremes: { type: "string" }, out: { type: "string" } } });
  const jobs: { dir: string; charts: Chart[] }[] = [];
  const docs = values.out ?? path.join("docs", "charts");
  for (const locale of ["en", "ko"] as const) {
    jobs.push({ dir: path.join(docs, locale), charts: examples(locale) });
    if (values.extremes) jobs.push({ dir: path.join(values.extremes, locale), charts: extremes(locale) });
  }
  for (const job of jobs) {
    await mkdir(job.dir, { recursive: true });
    for (const chart of job.charts) {
      const { png } = await renderChart(chart);
      await writeFile(path.join(job.dir, chart.name), png);
      console.log(`${path.join(job.dir, chart.name)}  ${(png.length / 1024).toFixed(0)} kB`);
    }
  }
}

await main();
