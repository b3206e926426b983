/**
 * "…and N more" under a list that had to be cut: Korean counts people with 명 and things with 개,
 * so each list says which it is (list.andMorePeople or list.andMore). Every screen that cuts a list
 * is rendered here in Korean and in English, with more lines than fit.
 */
import { describe, expect, it } from "vitest";
import { gradeResult, progressOf } from "../../src/app/lessons/grading.ts";
import type { ResultDetail } from "../../src/app/lessons/results.ts";
import { accuracyChart } from "../../src/charts/charts.ts";
import { resultDetailMessage, setMessage, setsListMessage } from "../../src/discord/render/lessons.ts";
import { standingsLines } from "../../src/discord/render/quiz.ts";
import type { GradeRow } from "../../src/records/lessons.ts";
import { makeTestBank } from "../helpers/game.ts";

/** The last line of a text: where "…and N more" goes. */
const lastLine = (text: string | undefined) => (text ?? "").split("\n").at(-1);

describe("the count of what did not fit, in the right counter", () => {
  const bank = makeTestBank(60);
  const ids = bank.questions.map((q) => q.id);
  // 30 students with names long enough that only a few lines fit in a field of 1,024.
  const rows: GradeRow[] = Array.from({ length: 30 }, (_, s) =>
    ids.map((questionId, round) => ({
      userId: `${1000 + s}`,
      displayName: `학생 ${s} ${"가".repeat(200)}`,
      sessionId: `s${s}`,
      round,
      questionId,
      chosen: "c",
      correct: (s + round) % 2 === 0,
      points: 10,
      at: round,
    })),
  ).flat();
  const result = {
    v: 1 as const,
    id: "r1",
    guildId: "g",
    kind: "round" as const,
    title: "1반 복습",
    ownerId: "1",
    channelId: "c",
    createdAt: 0,
    questionIds: ids,
  };
  const gradebook = gradeResult(result, rows);
  const detail: ResultDetail = {
    result,
    assignment: undefined,
    rows,
    attempts: [],
    gradebook,
    progress: progressOf(gradebook, []),
    questions: new Map(bank.questions.map((q) => [q.id, q])),
    zone: "Asia/Seoul",
    rosterNames: new Map(),
  };
  const field = (locale: "en" | "ko", index: number) =>
    resultDetailMessage(detail, "players", locale).embeds[0]?.fields?.[index]?.value;

  it("counts students left out of a result's scores as people (명)", () => {
    expect(lastLine(field("ko", 0))).toMatch(/^…외 \d+명$/);
    expect(lastLine(field("en", 0))).toMatch(/^…and \d+ more$/);
  });

  it("counts questions left out of a result's accuracy list, a set and a chart as things (개)", () => {
    expect(lastLine(field("ko", 1))).toMatch(/^…외 \d+개$/);
    const set = { id: "s", name: "1반 복습", questionIds: ids, createdBy: "1", createdAt: 0, updatedAt: 0 };
    const entries = bank.questions.map((q) => ({
      id: q.id,
      question: { ...q, question: `${q.question} ${"나".repeat(150)}` },
      status: "ok" as const,
    }));
    expect(lastLine(setMessage(set, entries, "ko").embeds[0]?.description)).toMatch(/^…외 \d+개$/);
    const chart = accuracyChart(
      "class-questions",
      ids.map((id) => ({ label: id, correct: 1, answered: 2 })),
      "ko",
    );
    expect(chart.svg).toMatch(/…외 50개/);
    expect(chart.svg).not.toContain("명");
  });

  it("counts sets as things and players of a round as people", () => {
    const sets = Array.from({ length: 120 }, (_, i) => ({
      id: `s${i}`,
      name: `${"다".repeat(40)} ${i}`,
      questionIds: ids,
      createdBy: "1",
      createdAt: 0,
      updatedAt: 0,
    }));
    expect(lastLine(setsListMessage(sets, "ko").embeds[0]?.description)).toMatch(/^…외 \d+개$/);
    const players = Array.from({ length: 13 }, (_, i) => ({
      userId: `${2000 + i}`,
      tally: { points: 10, correct: 1, answered: 1 },
    }));
    expect(lastLine(standingsLines(players, 1, "ko"))).toBe("…외 3명");
    expect(lastLine(standingsLines(players, 1, "en"))).toBe("…and 3 more");
  });
});
