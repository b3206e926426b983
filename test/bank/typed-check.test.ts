import { rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readBank } from "../../src/bank/load.ts";
import { numbersIn } from "../../src/bank/typed-check.ts";
import { makeQuestionsDir, mcQuestion } from "../helpers/temp-bank.ts";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Loads a temp bank of these questions; its problems as (file, id, field, message). */
async function load(...questions: string[]) {
  const dir = await makeQuestionsDir({ "a.yaml": `questions:\n${questions.join("\n")}` });
  dirs.push(dir);
  const report = await readBank(dir);
  const problems = report.problems.map((p) => ({
    file: path.basename(p.file),
    id: p.questionId,
    field: p.field,
    message: p.message,
  }));
  return { report, problems };
}

/** The sample source's line: "An estimated 100,000 people live in hiding." */
const typed = (block: string) => ({ typed: block });

describe("typed answers in the bank", () => {
  it("a good typed question loads, with its forms, cloze and prompt", async () => {
    const { report, problems } = await load(
      mcQuestion("q1", typed('{ accept: ["100,000", "10만"], cloze: "100,000", prompt: "How many hide?" }')),
    );
    expect(problems).toEqual([]);
    expect(report.questions[0]?.typed).toEqual({
      accept: ["100,000", "10만"],
      cloze: "100,000",
      prompt: "How many hide?",
    });
  });

  it("refuses an accepted form the quote does not support", async () => {
    const { problems } = await load(mcQuestion("q1", typed('{ accept: ["100,000", "120,000 people"] }')));
    expect(problems).toEqual([
      {
        file: "a.yaml",
        id: "q1",
        field: "typed.accept.1",
        message:
          '"120,000 people" is not supported by the quote: it is not in it, nor is it the multiple-choice answer',
      },
    ]);
  });

  it("accepts a number in another notation, and the answer when the answer is in the quote", async () => {
    const { problems } = await load(
      mcQuestion("q1", typed('{ accept: ["100,000", "one hundred thousand", "100000 people"] }')),
      mcQuestion("q2", {
        answer: '"They hide"',
        question: "What do they do?",
        ...typed('{ accept: ["they hide", "live in hiding"] }'),
        excludes: "[q1]",
      }),
    );
    expect(problems).toEqual([]);
  });

  it("refuses a form that would accept a wrong option (typos included)", async () => {
    const { problems } = await load(
      mcQuestion("q1", {
        question: "What did the report estimate?",
        answer: "people live in hiding",
        wrong: '["people live in hidings", "nobody"]',
        ...typed('{ accept: ["people live in hiding"] }'),
      }),
    );
    expect(problems).toEqual([
      {
        file: "a.yaml",
        id: "q1",
        field: "typed.accept.0",
        message: '"people live in hiding" would accept the wrong option "people live in hidings"',
      },
    ]);
  });

  it("refuses a cloze span not in the quote, and one that is not accepted", async () => {
    const { problems } = await load(
      mcQuestion("q1", typed('{ accept: ["100,000"], cloze: "200,000" }')),
      mcQuestion("q2", {
        question: "Where?",
        excludes: "[q1]",
        ...typed('{ accept: ["100,000"], cloze: "in hiding" }'),
      }),
    );
    expect(problems).toEqual([
      {
        file: "a.yaml",
        id: "q1",
        field: "typed.cloze",
        message: '"200,000" is not in the quote (only whitespace, quote marks and dashes may differ)',
      },
      {
        file: "a.yaml",
        id: "q2",
        field: "typed.cloze",
        message: 'the blanked span "in hiding" is not an accepted form',
      },
      {
        file: "a.yaml",
        id: "q2",
        field: "typed.cloze",
        message: 'blanking "in hiding" still shows the answer "100,000" elsewhere in the passage',
      },
    ]);
  });

  it("refuses a cloze that leaves the answer visible elsewhere in the passage", async () => {
    const source =
      "FIRST PART\n\nAn estimated 100,000 people hide; yes, 100,000 people.\n\nSECOND PART\n\nLike Box\n";
    const dir = await makeQuestionsDir(
      {
        "a.yaml": `questions:\n${mcQuestion("q1", {
          citation: '{ source: sample, quote: "An estimated 100,000 people hide; yes, 100,000 people." }',
          ...typed('{ accept: ["100,000"], cloze: "100,000" }'),
        })}`,
      },
      source,
    );
    dirs.push(dir);
    const report = await readBank(dir);
    expect(
      report.problems.filter((p) => p.field === "typed.cloze").map((p) => [p.questionId, p.message]),
    ).toEqual([["q1", 'blanking "100,000" still shows the answer "100,000" elsewhere in the passage']]);
  });

  it("refuses a form that is the answer of another question of the same fact", async () => {
    const { problems } = await load(
      mcQuestion("q1", { fact: "hiding", ...typed('{ accept: ["100,000"] }') }),
      mcQuestion("q2", { fact: "hiding", answer: '"100 000"', wrong: '["5", "6"]' }),
    );
    expect(problems.filter((p) => p.field?.startsWith("typed"))).toEqual([
      {
        file: "a.yaml",
        id: "q1",
        field: "typed.accept.0",
        message: '"100,000" is also the answer of q2, which asks the same fact (hiding)',
      },
    ]);
  });

  it("refuses typed on a true-false question", async () => {
    const tf = [
      "  - id: t1",
      "    type: true-false",
      "    difficulty: easy",
      "    topics: [figures]",
      "    question: About 100,000 people live in hiding.",
      "    answer: true",
      "    explanation: The report says so.",
      '    citation: { source: sample, quote: "An estimated 100,000 people live in hiding." }',
      '    typed: { accept: ["true"] }',
    ].join("\n");
    const { problems } = await load(tf);
    expect(problems).toEqual([
      { file: "a.yaml", id: "t1", field: "typed", message: "true-false questions cannot be typed" },
    ]);
  });

  it("refuses an empty accept list and an unknown key", async () => {
    const { problems } = await load(mcQuestion("q1", typed("{ accept: [], answer: x }")));
    expect(problems.map((p) => [p.id, p.field])).toEqual([
      ["q1", "typed.accept"],
      ["q1", "typed"],
    ]);
  });
});

describe("wrong_notes in the bank", () => {
  const note = (option: string, quote: string, extra = "") =>
    `\n    wrong_notes:\n      - { option: "${option}", note: "That is another figure.", source: sample, quote: "${quote}"${extra} }`;

  it("a good note loads with its verified citation", async () => {
    const { report, problems } = await load(
      mcQuestion("q1") + note("50,000", "They cross the boarder at night"),
    );
    expect(problems).toEqual([]);
    expect(report.questions[0]?.wrongNotes).toEqual([
      {
        option: "50,000",
        note: "That is another figure.",
        citation: {
          source: "sample",
          quote: "They cross the boarder at night",
          line: 5,
          endLine: 6,
          section: "FIRST PART",
        },
      },
    ]);
  });

  it("refuses a note on an option the question does not have", async () => {
    const { problems } = await load(mcQuestion("q1") + note("60,000", "They cross the boarder at night"));
    expect(problems).toEqual([
      {
        file: "a.yaml",
        id: "q1",
        field: "wrong_notes.0.option",
        message: '"60,000" is not one of the wrong options',
      },
    ]);
  });

  it("refuses a note whose quote is not in its source", async () => {
    const { problems } = await load(mcQuestion("q1") + note("50,000", "They cross the border by day"));
    expect(problems.map((p) => [p.id, p.field, p.message.split(" (")[0]])).toEqual([
      ["q1", "wrong_notes.0.quote", "the quote is not in sample"],
    ]);
  });

  it("refuses a note over 200 characters", async () => {
    const long = "x".repeat(201);
    const { problems } = await load(
      `${mcQuestion("q1")}\n    wrong_notes:\n      - { option: "50,000", note: "${long}", source: sample, quote: "They cross" }`,
    );
    expect(problems).toEqual([
      { file: "a.yaml", id: "q1", field: "wrong_notes.0.note", message: "must be at most 200 characters" },
    ]);
  });
});

describe("numbers stated in a passage, in any notation", () => {
  it("finds single numbers, scale words and ranges", () => {
    const values = numbersIn("between 30,000 and 50,000 people; some 10.5 million, and one hundred.");
    expect(values).toEqual(
      expect.arrayContaining([
        { low: 30_000, high: 50_000, unit: "" },
        { low: 10_500_000, high: 10_500_000, unit: "" },
        { low: 100, high: 100, unit: "" },
      ]),
    );
  });
});
