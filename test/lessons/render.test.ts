import { describe, expect, it } from "vitest";
import { gradeResult, progressOf } from "../../src/app/lessons/grading.ts";
import type { ResultDetail } from "../../src/app/lessons/results.ts";
import { assignmentMessage, resultDetailMessage, setMessage } from "../../src/discord/render/lessons.ts";
import type { MessageBody } from "../../src/discord/render/quiz.ts";
import { LOCALES } from "../../src/i18n/index.ts";
import type { GradeRow } from "../../src/records/lessons.ts";
import { makeTestBank } from "../helpers/game.ts";

/** The characters Discord counts towards an embed's 6,000 (title, description, fields, footer). */
function embedSize(body: MessageBody): number {
  return body.embeds.reduce(
    (sum, e) =>
      sum +
      (e.title ?? "").length +
      (e.description ?? "").length +
      (e.footer?.text ?? "").length +
      (e.fields ?? []).reduce((f, field) => f + field.name.length + field.value.length, 0),
    0,
  );
}

describe("class screens at their largest", () => {
  // 25 questions with long text, 60 students with long names, everyone missing something.
  const long = (s: string) => `${s} ${"x".repeat(400)}`;
  const bank = makeTestBank(25);
  const questions = new Map(
    bank.questions.map((q) => [
      q.id,
      {
        ...q,
        question: long(q.question),
        answer: long(q.answer),
        citation: { ...q.citation, quote: long("quote") },
      },
    ]),
  );
  const ids = bank.questions.map((q) => q.id);
  const rows: GradeRow[] = Array.from({ length: 60 }, (_, s) =>
    ids.map((questionId, round) => ({
      userId: `${1000 + s}`,
      displayName: long(`Student ${s}`),
      sessionId: `s${s}`,
      round,
      questionId,
      chosen: "c",
      correct: (s + round) % 3 === 0,
      points: 10,
      at: round,
    })),
  ).flat();
  const result = {
    v: 1 as const,
    id: "r1",
    guildId: "g",
    kind: "assignment" as const,
    title: long("Set"),
    ownerId: "1",
    channelId: "c",
    createdAt: 0,
    questionIds: ids,
  };
  const gradebook = gradeResult(result, rows);
  const assignment = {
    v: 1 as const,
    id: "r1",
    guildId: "g",
    channelId: "c",
    setId: "s",
    title: long("Set"),
    questionIds: ids,
    ownerId: "1",
    createdAt: 0,
    dueAt: 1_000_000,
    maxAttempts: 3,
    allowLate: true,
    roleId: "9",
    messageId: null,
    notifiedAt: null,
    locale: "en" as const,
  };
  const detail: ResultDetail = {
    result,
    assignment,
    rows,
    attempts: [],
    gradebook,
    progress: progressOf(
      gradebook,
      Array.from({ length: 200 }, (_, i) => `${5000 + i}`),
    ),
    questions,
    zone: "America/Argentina/ComodRivadavia",
    rosterNames: new Map(),
  };

  for (const locale of LOCALES) {
    it(`stay within Discord's limits (${locale})`, () => {
      const screens = [
        resultDetailMessage(detail, "players", locale),
        setMessage(
          { id: "s", name: "n".repeat(60), questionIds: ids, createdBy: "1", createdAt: 0, updatedAt: 0 },
          ids.map((id) => ({ id, question: questions.get(id), status: "removed" as const })),
          locale,
        ),
        assignmentMessage({ ...assignment, locale }),
      ];
      for (const screen of screens) {
        expect(embedSize(screen)).toBeLessThanOrEqual(6000);
        for (const embed of screen.embeds) {
          expect((embed.title ?? "").length).toBeLessThanOrEqual(256);
          expect((embed.description ?? "").length).toBeLessThanOrEqual(4096);
          for (const f of embed.fields ?? []) {
            expect(f.name.length).toBeLessThanOrEqual(256);
            expect(f.value.length).toBeLessThanOrEqual(1024);
          }
        }
      }
    });
  }
});
