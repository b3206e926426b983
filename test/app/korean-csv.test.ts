import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { setCsv } from "../../src/app/lessons/sets.ts";
import { resultsCsv } from "../../src/app/mastery.ts";
import { loadBank } from "../../src/bank/load.ts";
import { questionLanguage } from "../../src/bank/localize.ts";

const bank = await loadBank();

function rowsOf(csv: string): Record<string, string>[] {
  return parse(csv.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
}

function question(id: string) {
  const q = bank.get(id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
}

describe("CSV files in the server's language", () => {
  it("a set's CSV: the question and its right answer in Korean, beside the question id", () => {
    const ids = ["institute-2009-unhcr-cases", "institute-2009-well-founded-fear"];
    const entries = ids.map((id) => ({ id, question: question(id), status: "ok" as const }));
    const korean = rowsOf(setCsv(entries, questionLanguage(bank, "ko")));
    expect(korean.map((r) => [r.question_id, r.question, r.right_answer])).toEqual([
      [ids[0], bank.translations.questions.get(ids[0] ?? "")?.question, "1,195건"],
      [ids[1], bank.translations.questions.get(ids[1] ?? "")?.question, "거짓"],
    ]);
    // An English server's file is as the bank writes it.
    const english = rowsOf(setCsv(entries, questionLanguage(bank, "en")));
    expect(english.map((r) => [r.question, r.right_answer])).toEqual([
      [question(ids[0] ?? "").question, "1,195"],
      [question(ids[1] ?? "").question, "False"],
    ]);
  });

  it("the quiz report's CSV: the question in Korean, the id unchanged", () => {
    const q = question("institute-2009-p1-p3");
    const row = {
      userId: "100000000000000001",
      questionId: q.id,
      sourceId: q.citation.source,
      section: "",
      answered: 2,
      correct: 1,
      lastCorrect: true,
      lastAnsweredAt: Date.UTC(2026, 0, 5, 9, 0),
    };
    const [korean] = rowsOf(resultsCsv([row], bank, "Asia/Seoul", new Map(), "ko"));
    expect(korean?.question_id).toBe(q.id);
    expect(korean?.question).toBe(bank.translations.questions.get(q.id)?.question);
    const [english] = rowsOf(resultsCsv([row], bank, "Asia/Seoul"));
    expect(english?.question).toBe(q.question);
  });
});
