/**
 * The grade book's messages in English and Korean, as each is rendered: the assignment post (its
 * role named without a ping, closed at the due time), a used attempt, a confirmed review, the
 * weekly chart's week start in the server's zone, question charts that never repeat a label.
 */
import { describe, expect, it } from "vitest";
import { gradeResult, progressOf } from "../../src/app/lessons/grading.ts";
import type { ResultDetail } from "../../src/app/lessons/results.ts";
import { reportCharts, weekStartIn } from "../../src/discord/render/charts.ts";
import { assignmentMessage, closedAssignmentMessage } from "../../src/discord/render/lessons.ts";
import { CATALOGUES, LOCALES, type MessageKey, t } from "../../src/i18n/index.ts";
import type { Assignment } from "../../src/records/lessons.ts";
import { makeTestBank } from "../helpers/game.ts";

const assignment = (locale: "en" | "ko"): Assignment => ({
  v: 1,
  id: "a1",
  guildId: "g",
  channelId: "c",
  setId: "s",
  title: "Unit 3",
  questionIds: ["q1", "q2"],
  ownerId: "111",
  createdAt: 0,
  dueAt: 1_800_000_000_000,
  maxAttempts: 1,
  allowLate: false,
  roleId: "222",
  messageId: "m",
  notifiedAt: null,
  locale,
});

function detailOf(a: Assignment): ResultDetail {
  const result = { ...a, kind: "assignment" as const, title: a.title };
  const rows = ["s1", "s2"].map((userId, i) => ({
    userId,
    displayName: userId,
    sessionId: `x${i}`,
    round: 0,
    questionId: "q1",
    chosen: "A",
    correct: true,
    points: 10,
    at: 1,
  }));
  const gradebook = gradeResult(result, rows);
  return {
    result: {
      v: 1,
      id: a.id,
      guildId: a.guildId,
      kind: "assignment",
      title: a.title,
      ownerId: a.ownerId,
      channelId: a.channelId,
      createdAt: 0,
      questionIds: a.questionIds,
    },
    assignment: a,
    rows,
    attempts: [],
    gradebook,
    progress: progressOf(gradebook, []),
    questions: new Map(),
    zone: "Asia/Seoul",
    rosterNames: new Map(),
  };
}

describe("the assignment post", () => {
  it.each(LOCALES)("names its role by a mention that pings no one (%s)", (locale) => {
    const post = assignmentMessage(assignment(locale));
    expect(post.embeds[0]?.description).toContain("<@&222>");
    expect(post.embeds[0]?.description).not.toMatch(/(^|[^&])222/);
    expect(post.allowed_mentions).toEqual({ parse: [] });
  });

  it.each(LOCALES)("is closed at the due time: Start disabled, the class's summary (%s)", (locale) => {
    const closed = closedAssignmentMessage(assignment(locale), detailOf(assignment(locale)));
    expect(closed.embeds[0]?.title).toBe(t(locale, "lessons.assign.closedTitle", { title: "Unit 3" }));
    expect(closed.embeds[0]?.description).toContain(
      t(locale, "lessons.assign.closedSummary", { finished: 0, started: 2, average: "-" }).slice(0, 4),
    );
    const button = closed.components[0]?.components[0];
    expect(button).toMatchObject({ disabled: true, label: t(locale, "lessons.assign.closedButton") });
    // Late attempts allowed: Start stays open after the due time.
    const late = closedAssignmentMessage(
      { ...assignment(locale), allowLate: true },
      detailOf(assignment(locale)),
    );
    expect(late.components[0]?.components[0]).toMatchObject({ disabled: false });
  });
});

describe("messages that say what happened", () => {
  it("says a used attempt is used while the assignment is open, in both languages", () => {
    expect(t("en", "lessons.start.attemptUsed", { max: 1, due: 1 })).toContain(
      "You have used your attempt at this assignment",
    );
    expect(t("ko", "lessons.start.attemptUsed", { max: 1, due: 1 })).toContain(
      "응시 기회(1회)를 이미 사용했어요",
    );
  });

  it("confirms an approval to its reviewer, in both languages", () => {
    expect(t("en", "review.confirmApproved", { question: "Q?" })).toContain('Approved: "Q?"');
    expect(t("ko", "review.confirmApproved", { question: "Q?" })).toContain('승인했어요: "Q?"');
  });

  it("says when a week starts in the server's time zone", () => {
    expect(weekStartIn("Asia/Seoul", "en")).toBe("Monday 09:00, Asia/Seoul");
    expect(weekStartIn("Asia/Seoul", "ko")).toBe("월요일 09:00, Asia/Seoul");
    expect(weekStartIn("UTC", "en")).toBe("Monday 00:00, UTC");
    expect(t("en", "charts.weekly.subtitle", { start: weekStartIn("Asia/Seoul", "en") })).toBe(
      "Points earned each week (a week starts Monday 09:00, Asia/Seoul)",
    );
  });

  it("labels question bars by number, never the same label twice, with the list for the message", () => {
    const bank = makeTestBank(8);
    const rows = bank.questions.map((q, i) => ({
      userId: "u",
      questionId: q.id,
      sourceId: q.citation.source,
      section: "",
      answered: 4,
      correct: i % 4,
      lastCorrect: false,
      lastAnsweredAt: 0,
    }));
    const alike = {
      players: 1,
      rows,
      mostMissed: [],
      sources: [],
      bank: {
        get: (id: string) => {
          const q = bank.get(id);
          return q && { ...q, question: `According to the USCR World Refugee Survey 2004, ${q.question}` };
        },
      },
    };
    const { charts, legend } = reportCharts(alike as never, "en");
    expect(legend.map((l) => l.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const labels = [...(charts[0]?.svg ?? "").matchAll(/>(Q\d+ · [^<]*)</g)].map((m) => m[1]);
    expect(labels).toHaveLength(8);
    expect(new Set(labels.map((l) => l?.slice(0, 22))).size).toBe(8);
    expect(labels.every((l) => !l?.includes("According to"))).toBe(true);
  });
});

describe("Korean strings of the grade book", () => {
  const added: MessageKey[] = [
    "settings.scoringSet",
    "settings.privacySet",
    "error.statsPrivate",
    "error.leaderboardHidden",
    "stats.theirWeakest",
    "scoring.assignments",
    "lessons.results.studentTitle",
    "lessons.results.studentNone",
    "lessons.start.attemptUsed",
    "lessons.assign.closedTitle",
    "lessons.assign.closedSummary",
    "lessons.set.keyHidden",
    "lessons.question.keyHidden",
    "review.confirmApproved",
    "review.confirmRejected",
  ];

  it("put no particle right after a placeholder, and end sentences in 해요체", () => {
    for (const key of added) {
      const template = CATALOGUES.ko[key];
      expect(template, key).not.toMatch(/\}(이|가|을|를|은|는|의|에|와|과|로|으로)(\s|[.,!?)]|$)/);
      expect(template, key).not.toMatch(/(습니다|합니다|됩니다)/);
    }
  });
});
