import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readSetFile, setFileFormat, setYaml } from "../../src/app/lessons/set-files.ts";
import type { SetEntry } from "../../src/app/lessons/sets.ts";
import { QuestionInputSchema } from "../../src/bank/schema.ts";
import { LESSON_LIMITS } from "../../src/records/lessons.ts";
import { shippedBankOnce } from "../helpers/bot.ts";

describe("setFileFormat", () => {
  it("goes by the extension, then the content type", () => {
    expect(setFileFormat("set-1.csv", undefined)).toBe("csv");
    expect(setFileFormat("Week 3.YML", "application/octet-stream")).toBe("yaml");
    expect(setFileFormat("export", "text/csv; charset=utf-8")).toBe("csv");
    expect(setFileFormat("notes.txt", "text/plain")).toBeUndefined();
    expect(setFileFormat("picture.png", "image/png")).toBeUndefined();
  });
});

describe("readSetFile", () => {
  it("reads the question_id column of /set export's CSV, in order, each id once", () => {
    const csv =
      '\uFEFFposition,question_id,status,question\r\n1,b-two,ok,"Two, with a comma"\r\n2,a-one,ok,One\r\n3,b-two,ok,Again\r\n';
    expect(readSetFile("csv", csv)).toEqual(["b-two", "a-one"]);
  });

  it("takes back an id a spreadsheet-safe writer prefixed with a quote", () => {
    expect(readSetFile("csv", "question_id\n'=odd-id\n")).toEqual(["=odd-id"]);
  });

  it("refuses a CSV without the column, with an empty id, or with nothing in it", () => {
    expect(() => readSetFile("csv", "id\nx\n")).toThrow("`question_id` column");
    expect(() => readSetFile("csv", "question_id,x\n,1\n")).toThrow("`question_id` column");
    expect(() => readSetFile("csv", "question_id\n")).toThrow("names no questions");
    expect(() => readSetFile("csv", 'question_id\n"unclosed\n')).toThrow("not a readable CSV");
  });

  it("reads the ids of a bank file and refuses YAML that is not one", () => {
    expect(readSetFile("yaml", "questions:\n  - id: q1\n    question: x\n  - id: q2\n")).toEqual([
      "q1",
      "q2",
    ]);
    expect(() => readSetFile("yaml", "- q1\n- q2\n")).toThrow("`questions:` list");
    expect(() => readSetFile("yaml", "questions:\n  - question: no id\n")).toThrow("`questions:` list");
    expect(() => readSetFile("yaml", "questions: [\n")).toThrow("not readable YAML");
  });

  it("refuses more questions than a set holds rather than cutting the list", () => {
    const ids = Array.from({ length: LESSON_LIMITS.questionsPerSet + 1 }, (_, i) => `q${i}`);
    expect(() => readSetFile("csv", `question_id\n${ids.join("\n")}\n`)).toThrow(
      `a set holds at most ${LESSON_LIMITS.questionsPerSet}`,
    );
  });
});

describe("setYaml", () => {
  it("writes every shipped question (multiple choice and true/false) as the bank's schema accepts it", async () => {
    const bank = await shippedBankOnce();
    const entries = bank.questions.map((q): SetEntry => ({ id: q.id, question: q, status: "ok" }));
    const parsed = yaml.load(setYaml("All", entries)) as { questions: unknown[] };
    expect(bank.questions.some((q) => q.type === "true-false")).toBe(true);
    parsed.questions.forEach((input, i) => {
      const checked = QuestionInputSchema.safeParse(input);
      expect(checked.error?.issues, bank.questions[i]?.id).toBeUndefined();
      expect(checked.data?.id).toBe(bank.questions[i]?.id);
    });
  });

  it("writes the set's questions in the bank's format, which an import reads back in order", async () => {
    const bank = await shippedBankOnce();
    const [a, b] = [bank.questions[3], bank.questions[0]];
    if (!a || !b) throw new Error("the bank is too small");
    const entries: SetEntry[] = [
      { id: a.id, question: a, status: "ok" },
      { id: "gone-question", question: undefined, status: "removed" },
      { id: b.id, question: b, status: "ok" },
    ];
    const file = setYaml('Week "3"\nnext line', entries);
    expect(file.split("\n")[0]).toBe(
      '# The set "Week "3" next line": its questions in order, with the answer key.',
    );
    const parsed = yaml.load(file) as { questions: Record<string, unknown>[] };
    expect(parsed.questions[0]).toMatchObject({
      id: a.id,
      question: a.question,
      citation: { source: a.citation.source, quote: a.citation.quote },
    });
    expect(parsed.questions[1]).toEqual({ id: "gone-question" });
    expect(readSetFile("yaml", file)).toEqual([a.id, "gone-question", b.id]);
  });
});
