import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBank, readBank } from "../../src/bank/load.ts";
import { BankLoadError, formatProblem } from "../../src/bank/problems.ts";
import { makeQuestionsDir, mcQuestion } from "../helpers/temp-bank.ts";

async function problemsFor(files: Record<string, string>) {
  const dir = await makeQuestionsDir(files);
  const report = await readBank(dir);
  return report.problems.map((p) => ({ ...p, file: path.basename(p.file) }));
}

describe("the shipped bank", () => {
  it("loads with zero problems, every quote verified and located", async () => {
    const report = await readBank();
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.questions.length).toBeGreaterThanOrEqual(100);
    for (const source of report.corpus.ids()) {
      expect(report.questions.filter((q) => q.citation.source === source).length).toBeGreaterThanOrEqual(12);
    }
    for (const q of report.questions) expect(q.citation.line).toBeGreaterThan(0);
  });

  it("gives no question's answer away in another's stem, reveal or source metadata", async () => {
    const report = await readBank(undefined, { giveaways: true });
    expect(report.giveaways.map(formatProblem)).toEqual([]);
  });
});

describe("loading a bank", () => {
  it("resolves the line and the nearest section of a quote that spans a line break", async () => {
    const dir = await makeQuestionsDir({
      "a.yaml": `questions:\n${mcQuestion("q1", {
        citation: '{ source: sample, quote: "They cross the boarder at night - mostly in winter." }',
      })}`,
    });
    const bank = await loadBank(dir);
    expect(bank.get("q1")?.citation).toMatchObject({ line: 5, endLine: 6, section: "FIRST PART" });
  });

  it("turns true/false answers into options", async () => {
    const dir = await makeQuestionsDir({
      "a.yaml": `questions:\n${mcQuestion("q1", { type: "true-false", answer: "false", wrong: "<omit>" })}`,
    });
    const q = (await loadBank(dir)).get("q1");
    expect(q).toMatchObject({ answer: "False", wrong: ["True"] });
  });

  it("reports a quote not found with the file, id, field and the closest passage", async () => {
    const problems = await problemsFor({
      "a.yaml": `questions:\n${mcQuestion("q1", {
        citation: "{ source: sample, quote: They cross the border at night. }",
      })}`,
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "a.yaml", questionId: "q1", field: "citation.quote" });
    expect(problems[0]?.hint).toContain("They cross the boarder at night");
  });

  it("reports every problem in one run, across files", async () => {
    const problems = await problemsFor({
      "a.yaml": `questions:\n${mcQuestion("dup")}\n${mcQuestion("q2", { citation: "{ source: nowhere, quote: x }" })}`,
      "b.yaml": `questions:\n${mcQuestion("dup")}\n${mcQuestion("q3", { wrong: '["100,000", "5"]' })}`,
    });
    expect(problems.map((p) => [p.file, p.questionId, p.field])).toEqual([
      ["a.yaml", "q2", "citation.source"],
      ["b.yaml", "dup", "id"],
      ["b.yaml", "q3", "wrong.0"],
    ]);
    expect(problems[0]?.hint).toContain("sample");
  });

  it("refuses duplicate options, ignoring case", async () => {
    const problems = await problemsFor({
      "a.yaml": `questions:\n${mcQuestion("q1", { wrong: '["Five", "five"]' })}`,
    });
    expect(problems).toMatchObject([
      { questionId: "q1", field: "wrong.1", message: '"five" is listed twice' },
    ]);
  });

  it("refuses options longer than a Discord button label", async () => {
    const problems = await problemsFor({
      "a.yaml": `questions:\n${mcQuestion("q1", { answer: "x".repeat(81) })}`,
    });
    expect(problems).toMatchObject([{ questionId: "q1", field: "answer" }]);
    expect(problems[0]?.message).toContain("80");
  });

  it("refuses a quote from page chrome", async () => {
    const problems = await problemsFor({
      "a.yaml": `questions:\n${mcQuestion("q1", { citation: "{ source: sample, quote: Like Box }" })}`,
    });
    expect(problems).toMatchObject([{ questionId: "q1", field: "citation.quote" }]);
    expect(problems[0]?.message).toContain("page chrome");
  });

  it("refuses a quote that starts in content but runs into page chrome", async () => {
    const problems = await problemsFor({
      "a.yaml": `questions:\n${mcQuestion("q1", { citation: '{ source: sample, quote: "returned many. Like Box" }' })}`,
    });
    expect(problems).toMatchObject([{ questionId: "q1", field: "citation.quote" }]);
    expect(problems[0]?.message).toContain("page chrome at lines 12-12");
  });

  it("names missing and mistyped fields, using the position when the id is missing", async () => {
    const problems = await problemsFor({
      "a.yaml": `questions:\n${mcQuestion("q1", { difficulty: "trivial" })}\n${mcQuestion("<omit>", { id: "<omit>" })}`,
    });
    expect(problems.map((p) => [p.questionId, p.field])).toEqual([
      ["q1", "difficulty"],
      ["#2", "id"],
    ]);
  });

  it("refuses unknown fields, so a typo in a field name is not silently ignored", async () => {
    const problems = await problemsFor({
      "a.yaml": `questions:\n${mcQuestion("q1", { explaination: "typo" })}`,
    });
    expect(problems[0]).toMatchObject({ questionId: "q1" });
    expect(problems[0]?.message).toContain("explaination");
  });

  it("reports YAML that does not parse, with the file and line", async () => {
    const problems = await problemsFor({ "a.yaml": "questions:\n  - id: q1\n    topics: [unclosed\n" });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe("a.yaml");
    expect(problems[0]?.message).toMatch(/not valid YAML at line \d+/);
  });

  it("throws BankLoadError from loadBank, listing every problem", async () => {
    const dir = await makeQuestionsDir({ "a.yaml": `questions:\n${mcQuestion("q1", { answer: '""' })}` });
    await expect(loadBank(dir)).rejects.toThrow(BankLoadError);
    await expect(loadBank(dir)).rejects.toThrow(/q1: field answer: must not be empty/);
  });

  it("refuses a source text that is not byte-for-byte the recorded one", async () => {
    const dir = await makeQuestionsDir({ "a.yaml": `questions:\n${mcQuestion("q1")}` });
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path.join(dir, "sources", "sample.txt"), "changed");
    await expect(loadBank(dir)).rejects.toThrow(/sample.sha256: sample.txt is not the recorded text/);
  });
});
