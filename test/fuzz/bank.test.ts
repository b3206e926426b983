/**
 * The bank loader on malformed files: bad YAML, wrong types, huge files, deep nesting, alias
 * bombs (billion laughs), binary garbage, and seeded random mutations of a real bank file. Every
 * case ends in problems that name the file (and the question and field where there is one),
 * never in a crash or a hang.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkQuestions } from "../../src/bank/check.ts";
import { type Corpus, loadCorpus } from "../../src/bank/corpus.ts";
import { loadBank, parseBankFile, readBank } from "../../src/bank/load.ts";
import { BankLoadError, type BankProblem, formatProblem } from "../../src/bank/problems.ts";
import { seededRandom } from "../../src/engine/random.ts";
import { makeQuestionsDir, mcQuestion } from "../helpers/temp-bank.ts";
import { HOSTILE_PIECES } from "./hostile.ts";

const SEED = process.env.FUZZ_SEED ?? "issue-8";
let corpus: Corpus | undefined;

/** Parses and checks one file's text as the loader does; returns its problems and how long it took. */
async function problemsOf(file: string, text: string): Promise<{ problems: BankProblem[]; ms: number }> {
  corpus ??= await loadCorpus(path.resolve("questions"));
  const started = performance.now();
  const read = parseBankFile(file, text);
  const checked = checkQuestions(read.entries, corpus);
  return { problems: [...read.problems, ...checked.problems], ms: performance.now() - started };
}

function expectNamed(file: string, problems: readonly BankProblem[]) {
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) {
    expect(problem.file).toBe(file);
    expect(problem.message.length).toBeGreaterThan(0);
    // A problem is a line a person reads, not a dump of the input.
    expect(formatProblem(problem).length).toBeLessThan(2_000);
  }
}

/** A valid question citing the shipped uscri-2004 source, with fields overridable by raw YAML. */
function shippedQuestion(id: string, overrides: Record<string, string> = {}): string {
  return mcQuestion(id, {
    citation: '{ source: uscri-2004, quote: "Nearly 100,000 others are internally displaced." }',
    ...overrides,
  });
}

describe("the bank loader on malformed files", () => {
  it("reports bad YAML with the file and the line", async () => {
    const cases = [
      "questions: [",
      "questions:\n  - id: a\n   type: b",
      "questions:\n\t- id: tab",
      'questions: ["unterminated',
      "questions: {a: 1, a: 2}",
      "questions:\n  - id: a\n    id: b",
      "questions: [1]\n---\nquestions: [2]",
      "questions: *nowhere",
      "questions: !!js/function 'function () {}'",
      "questions: !custom x",
      "? [a, [b]]\n: c",
      "%YAML 9.9\n---\nquestions: []",
      "",
      "   \n\n",
      "# only a comment",
    ];
    for (const [i, text] of cases.entries()) {
      const file = `bad-${i}.yaml`;
      const { problems } = await problemsOf(file, text);
      expectNamed(file, problems);
    }
  });

  it("reports wrong types with the file, the question and the field", async () => {
    const fields = [
      "id",
      "type",
      "difficulty",
      "topics",
      "question",
      "answer",
      "wrong",
      "explanation",
      "citation",
    ];
    const values = [
      "123",
      "true",
      "null",
      "[]",
      "{}",
      "[[1]]",
      "{ a: { b: [1] } }",
      '""',
      "-1.5e300",
      "2004-01-01",
    ];
    let cases = 0;
    for (const field of fields) {
      for (const value of values) {
        const file = `types-${field}.yaml`;
        const { problems } = await problemsOf(
          file,
          `questions:\n${shippedQuestion("typed-q", { [field]: value })}`,
        );
        if (problems.length === 0) continue; // a value that happens to fit (e.g. an id of 123 is refused, "{}" is not)
        expectNamed(file, problems);
        expect(problems.some((p) => p.field?.startsWith(field) || p.field === undefined)).toBe(true);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(70);
    // The whole file of the wrong shape.
    for (const text of ["42", "[1, 2]", "questions: 5", "questions: []", "questions: {a: 1}", "other: 1"]) {
      expectNamed("shape.yaml", (await problemsOf("shape.yaml", text)).problems);
    }
    // Keys that would pollute prototypes are plain unknown keys.
    const proto = await problemsOf(
      "proto.yaml",
      `__proto__: { polluted: true }\nquestions:\n${shippedQuestion("p1")}`,
    );
    expectNamed("proto.yaml", proto.problems);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers alias bombs (billion laughs) at once, without expanding them", async () => {
    // Ten levels of nine aliases each: a billion "lol"s if anything expanded them.
    const levels = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    const bomb = levels.join("\n");
    const inFields = [
      "topics: *l9",
      "wrong: *l9",
      "question: *l9",
      "citation: { source: uscri-2004, quote: *l9 }",
      "answer: *l9",
    ];
    const cases = [
      `${bomb}\nquestions: *l9`,
      `${bomb}\nquestions: [*l9, *l9, *l9]`,
      ...inFields.map(
        (field) =>
          `questions:\n  - bomb: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${levels
            .slice(1)
            .map((l) => `    ${l.replace(/^l(\d): &l\d \[(.*)\]$/, "b$1: &b$1 [$2]").replaceAll("*l", "*b")}`)
            .join("\n")}\n    ${field.replaceAll("*l9", "*b9")}`,
      ),
    ];
    for (const [i, text] of cases.entries()) {
      const file = `bomb-${i}.yaml`;
      const { problems, ms } = await problemsOf(file, text);
      expectNamed(file, problems);
      expect(ms).toBeLessThan(1_000);
    }
    // Plenty of aliases that expand to little are fine: a shared list of topics.
    const shared = `questions:\n${shippedQuestion("s1", { topics: "&t [figures]" })}\n${shippedQuestion("s2", { topics: "*t" })}`;
    expect((await problemsOf("shared.yaml", shared)).problems.map(formatProblem)).toEqual([]);
  });

  it("refuses deep nesting with a clear message", async () => {
    const cases = [
      `questions: ${"[".repeat(50_000)}`,
      `questions: ${"[".repeat(5_000)}${"]".repeat(5_000)}`,
      `questions: ${"{a: ".repeat(5_000)}1${"}".repeat(5_000)}`,
      `questions:\n${Array.from({ length: 2_000 }, (_, i) => `${" ".repeat(i + 2)}- `).join("\n")}x`,
    ];
    for (const [i, text] of cases.entries()) {
      const file = `deep-${i}.yaml`;
      const { problems, ms } = await problemsOf(file, text);
      expectNamed(file, problems);
      expect(problems.map((p) => p.message).join(" ")).toMatch(/nest|depth|deep/i);
      expect(ms).toBeLessThan(2_000);
    }
  });

  it("refuses binary garbage and control characters, naming the file", async () => {
    const random = seededRandom(`${SEED}:binary`);
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.from(
        Array.from({ length: 1 + Math.floor(random() * 4_000) }, () => Math.floor(random() * 256)),
      );
      const file = `garbage-${i}.yaml`;
      const { problems, ms } = await problemsOf(file, bytes.toString("utf8"));
      expectNamed(file, problems);
      expect(ms).toBeLessThan(1_000);
    }
    for (const [i, text] of [
      "\u0000",
      "questions:\n  - id: a\u0007b",
      "\ufeffquestions: 1",
      "\u202equestions: [x]",
    ].entries()) {
      expectNamed(`control-${i}.yaml`, (await problemsOf(`control-${i}.yaml`, text)).problems);
    }
  });

  it("reads huge files in bounded time, with one problem per bad question", async () => {
    // About 4 MB: 8,000 questions, every hundredth citing a quote that is not in the source.
    const many = Array.from({ length: 8_000 }, (_, i) =>
      shippedQuestion(`huge-${i}`, {
        explanation: JSON.stringify(`${"A long explanation. ".repeat(20)}${i}`),
        ...(i % 100 === 99
          ? {
              citation: `{ source: uscri-2004, quote: "A sentence that the source never says, number ${i}." }`,
            }
          : {}),
      }),
    ).join("\n");
    const text = `questions:\n${many}`;
    expect(text.length).toBeGreaterThan(3_500_000);
    const { problems, ms } = await problemsOf("huge.yaml", text);
    expectNamed("huge.yaml", problems);
    expect(problems).toHaveLength(80);
    expect(problems.every((p) => p.field === "citation.quote")).toBe(true);
    expect(ms).toBeLessThan(10_000);
    // One value of a few MB: refused by length, with a readable message.
    for (const field of ["question", "id", "explanation"]) {
      const big = await problemsOf(
        "big.yaml",
        `questions:\n${shippedQuestion("big-1", { [field]: JSON.stringify("x".repeat(3_000_000)) })}`,
      );
      expectNamed("big.yaml", big.problems);
      expect(big.ms).toBeLessThan(5_000);
    }
    // A map with a hundred thousand unknown keys.
    const keys = `questions:\n${shippedQuestion("keys-1")}\n${Array.from({ length: 100_000 }, (_, i) => `k${i}: 1`).join("\n")}`;
    expectNamed("keys.yaml", (await problemsOf("keys.yaml", keys)).problems);
  });

  it("survives seeded random mutations of a real bank file", async () => {
    const random = seededRandom(`${SEED}:mutations`);
    const original = await readFile(path.resolve("questions/bank/uscri-2004.yaml"), "utf8");
    const lines = original.split("\n");
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    let withProblems = 0;
    for (let i = 0; i < 150; i++) {
      const mutated = [...lines];
      for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
        const at = Math.floor(random() * mutated.length);
        const line = mutated[at] ?? "";
        const col = Math.floor(random() * (line.length + 1));
        switch (Math.floor(random() * 7)) {
          case 0:
            mutated.splice(at, 1);
            break;
          case 1:
            mutated.splice(at, 0, line);
            break;
          case 2:
            mutated[at] = line.slice(0, col) + pick(HOSTILE_PIECES) + line.slice(col);
            break;
          case 3:
            mutated[at] = ` ${line}`;
            break;
          case 4:
            mutated[at] =
              line.slice(0, col) +
              pick([":", "- ", "&a ", "*a", "[", "{", "'", '"', "#", "|", ">", "!!"]) +
              line.slice(col);
            break;
          case 5:
            mutated[at] = line.slice(0, col);
            break;
          default:
            mutated.splice(at, 0, pick(lines));
        }
      }
      const file = `mutation-${i}.yaml`;
      const { problems, ms } = await problemsOf(file, mutated.join("\n"));
      expect(ms, `${SEED} case ${i}`).toBeLessThan(2_000);
      for (const problem of problems) expect(problem.file).toBe(file);
      if (problems.length > 0) withProblems++;
    }
    expect(withProblems).toBeGreaterThan(100);
  });

  it("readBank names the file of every problem; loadBank refuses to start with all of them", async () => {
    const dir = await makeQuestionsDir({
      "a-good.yaml": `questions:\n${mcQuestion("good-1")}`,
      "b-bad-yaml.yaml": "questions: [",
      "c-wrong-type.yaml": `questions:\n${mcQuestion("typed", { difficulty: "impossible" })}`,
      "d-empty.yaml": "",
    });
    await writeFile(
      path.join(dir, "bank", "e-binary.yaml"),
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x9b, 0x0a]),
    );
    // A folder named like a bank file cannot be read: that is a problem too, not a crash.
    await mkdir(path.join(dir, "bank", "f-folder.yaml"));
    const report = await readBank(dir);
    const files = new Set(report.problems.map((p) => path.basename(p.file)));
    expect([...files].sort()).toEqual([
      "b-bad-yaml.yaml",
      "c-wrong-type.yaml",
      "d-empty.yaml",
      "e-binary.yaml",
      "f-folder.yaml",
    ]);
    expect(report.problems.find((p) => p.file.endsWith("c-wrong-type.yaml"))).toMatchObject({
      questionId: "typed",
      field: "difficulty",
    });
    expect(report.questions.map((q) => q.id)).toEqual(["good-1"]);
    await expect(loadBank(dir)).rejects.toBeInstanceOf(BankLoadError);
  });
});
