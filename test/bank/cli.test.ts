import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { makeQuestionsDir, mcQuestion } from "../helpers/temp-bank.ts";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");

async function bank(...args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, ["src/cli/bank.ts", ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the bank tool", () => {
  it("exports the whole bank as JSON in the documented shape", async () => {
    const { code, stdout } = await bank("export", "--json");
    expect(code).toBe(0);
    const exported = JSON.parse(stdout) as {
      sources: { id: string; title: string; author: string; date: string }[];
      questions: {
        id: string;
        answer: string;
        choices: string[];
        citation: { source: string; quote: string; line: number };
      }[];
    };
    expect(exported.sources.map((s) => s.id)).toEqual([
      "institute-2009",
      "state-dept-2005",
      "seymour-2005",
      "uscri-2004",
      "tvedt-2018",
    ]);
    expect(exported.questions.length).toBeGreaterThanOrEqual(100);
    for (const q of exported.questions) {
      expect(q.choices).toContain(q.answer);
      expect(q.citation.line).toBeGreaterThan(0);
    }
  });

  it("check exits 1 and prints every problem with file, id and field", async () => {
    const dir = await makeQuestionsDir({
      "a.yaml": `questions:\n${mcQuestion("q1", { difficulty: "trivial" })}\n${mcQuestion("q2", { citation: "{ source: sample, quote: not in the text }" })}`,
    });
    const { code, stderr } = await bank("check", "--dir", dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/a\.yaml: question q1: field difficulty: /);
    expect(stderr).toMatch(/a\.yaml: question q2: field citation\.quote: the quote is not in sample/);
    expect(stderr).toContain("2 problem(s)");
  });
  it("check reports giveaways as errors (exit 1), each naming both ids, the field and the words", async () => {
    const frozen = path.join("test", "bank", "fixtures", "bank-2026-12-07");
    const { code, stderr } = await bank("check", "--dir", frozen);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^0 problem\(s\) and \d+ giveaway\(s\) in 5 file\(s\)\.$/m);
    expect(stderr).toContain(
      'question seymour-2005-columbia: field answer: giveaway (metadata): its answer "Columbia University" is printed by the author of seymour-2005',
    );
    expect(stderr).toMatch(
      /question tvedt-2018-food-rations: field answer: giveaway \(explanation\): its answer "18 million" is shown by tvedt-2018-undernourished in explanation: ".*18 million depend on government/,
    );
  });
});
