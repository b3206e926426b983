import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadBank, readBank } from "../../src/bank/load.ts";
import { englishNumbers, koreanNumbers, numberDrift } from "../../src/bank/numbers.ts";
import { BankLoadError, formatProblem } from "../../src/bank/problems.ts";
import { makeQuestionsDir, mcQuestion } from "../helpers/temp-bank.ts";

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The sample source's Korean metadata and topic: right unless a test overrides it. */
const SOURCES_KO = [
  "sources:",
  "  sample:",
  "    title: 예시 보고서",
  "    author: 시험 저자",
  "topics:",
  "  figures: 수치",
].join("\n");

/** A glossary with one enforced term and one interface term. */
const GLOSSARY = [
  "terms:",
  "  - en: [North Korean refugees]",
  "    ko: [북한 난민]",
  "    refuse: [탈북민]",
  "  - en: [asylum seekers]",
  "    ko: [비호 신청자]",
  "  - { en: [set], ko: [문제 세트], scope: interface }",
].join("\n");

/** A Korean entry for mcQuestion's defaults, with fields overridable by raw YAML lines. */
function koEntry(id: string, overrides: Partial<Record<string, string>> = {}): string {
  const fields: Record<string, string> = {
    id,
    question: "숨어 사는 사람은 몇 명인가요?",
    answer: '"10만 명"',
    wrong: '["1만 1,000명", "5만 명"]',
    explanation: "보고서는 10만 명으로 추정해요.",
    quote: "약 십만 명이 숨어 산다.",
    ...overrides,
  };
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== "<omit>")
    .map(([key, value], i) => `${i === 0 ? "  - " : "    "}${key}: ${value}`)
    .join("\n");
}

/** A temporary bank with English files, Korean files (under ko/) and the glossary. */
async function bankWith(
  english: Record<string, string>,
  korean: Record<string, string> | undefined,
  glossary = GLOSSARY,
): Promise<string> {
  const dir = await makeQuestionsDir(english);
  tempDirs.push(dir);
  if (korean) {
    await mkdir(path.join(dir, "ko"));
    for (const [name, text] of Object.entries({ "sources.yaml": SOURCES_KO, ...korean }))
      await writeFile(path.join(dir, "ko", name), text);
    await writeFile(path.join(dir, "glossary.yaml"), glossary);
  }
  return dir;
}

/** Every problem of a temporary bank (load problems and translation problems), as lines without the temp path. */
async function problemsOf(
  english: Record<string, string>,
  korean?: Record<string, string>,
  glossary?: string,
) {
  const dir = await bankWith(english, korean, glossary);
  const report = await readBank(dir, { translations: true });
  return [...report.problems, ...report.translationProblems].map((p) =>
    formatProblem({ ...p, file: path.basename(p.file) }),
  );
}

const ONE = { "a.yaml": `questions:\n${mcQuestion("q1")}` };

describe("numbers in any notation", () => {
  it("reads the same value from English and Korean notations", () => {
    const same: [string, string][] = [
      ["100,000", "10만"],
      ["100,000", "십만"],
      ["100,000", "100000"],
      ["30,000 to 50,000", "3만~5만"],
      ["30,000 to 50,000", "3~5만 명"],
      ["1951", "1951년"],
      ["50%", "50퍼센트"],
      ["section 301", "제301조"],
      ["Article 33", "제33조"],
      ["10.5 million", "1050만"],
      ["about 11,000", "약 1만 1,000명"],
      ["11,000", "1만 1천"],
      ["five years", "5년"],
      ["31 January to 4 February 2005", "2005년 1월 31일부터 2월 4일까지"],
      ["P1 and P3", "P1과 P3"],
      ["a third country", "제3국"],
      // Number words with a scale, months on their own, and a 1 English leaves unwritten.
      ["Over six thousand", "6,000명 이상"],
      ["About six hundred", "약 600명"],
      ["Over sixty thousand", "60,000명 이상"],
      ["In July, two North Koreans", "7월에 북한 주민 2명이"],
      ["in June and August", "6월과 8월에"],
      ["one to two months", "1~2개월"],
      ["A year of house arrest", "1년의 가택 연금"],
    ];
    for (const [english, korean] of same)
      expect(numberDrift(english, korean), `${english} = ${korean}`).toEqual({ missing: [], extra: [] });
  });

  it("tells numbers that differ apart", () => {
    expect(numberDrift("100,000", "1만")).toEqual({ missing: [100000], extra: [10000] });
    expect(numberDrift("30,000 to 50,000", "3만~4만")).toEqual({ missing: [50000], extra: [40000] });
    expect(numberDrift("the 1951 Convention", "1967년 협약")).toEqual({ missing: [1951], extra: [1967] });
    // A code is not a figure: "P3만" (P3 only) is not 30,000.
    expect([...koreanNumbers("P3만")]).toEqual([3]);
    // Words that are not figures stay out: "no one", "수십만" (hundreds of thousands), "이 나라".
    expect([...englishNumbers("no one of them")]).toEqual([]);
    // "May" is a month only beside a number ("May 2004"): otherwise it is the verb.
    expect([...englishNumbers("they may be returned")]).toEqual([]);
    expect(numberDrift("a long stay", "1년")).toEqual({ missing: [], extra: [1] });
    expect([...koreanNumbers("수십만 명이 이 나라에")]).toEqual([]);
  });
});

describe("bank check on the Korean bank", () => {
  it("passes a complete, faithful translation", async () => {
    expect(await problemsOf(ONE, { "a.yaml": `questions:\n${koEntry("q1")}` })).toEqual([]);
  });

  it("checks nothing when the bank has no questions/ko folder", async () => {
    expect(await problemsOf(ONE)).toEqual([]);
  });

  it("refuses a number that differs from the English, in any field", async () => {
    const problems = await problemsOf(ONE, {
      "a.yaml": `questions:\n${koEntry("q1", { explanation: "보고서는 1만 명으로 추정해요." })}`,
    });
    expect(problems).toEqual([
      "a.yaml: question q1: field explanation: the Korean lacks the number(s) 100000 of the English",
      "a.yaml: question q1: field explanation: the Korean has the number(s) 10000, which the English lacks",
    ]);
  });

  it("refuses a Korean option that differs from its English option's number", async () => {
    const problems = await problemsOf(ONE, {
      "a.yaml": `questions:\n${koEntry("q1", { wrong: '["11,000명", "5천 명"]' })}`,
    });
    expect(problems).toEqual([
      "a.yaml: question q1: field wrong.1: the Korean lacks the number(s) 50000 of the English",
      "a.yaml: question q1: field wrong.1: the Korean has the number(s) 5000, which the English lacks",
    ]);
  });

  it("refuses options that collide once case, spaces and punctuation are set aside", async () => {
    const english = {
      "a.yaml": `questions:\n${mcQuestion("q1", { answer: "Police", wrong: '["The police", "Soldiers"]' })}`,
    };
    const problems = await problemsOf(english, {
      "a.yaml": `questions:\n${koEntry("q1", { answer: "경찰", wrong: '["경 찰.", "군인"]' })}`,
    });
    expect(problems).toEqual([
      'a.yaml: question q1: field wrong.0: "경 찰." reads the same as the answer "경찰"',
    ]);
  });

  it("refuses a shipped question without a Korean entry, and a field the English has without its Korean", async () => {
    const english = {
      "a.yaml": `questions:\n${mcQuestion("q1", {
        also: '[{ source: other, note: "Another count", quote: "An estimated 100,000 people live in hiding." }]',
      })}\n${mcQuestion("q2", { question: "How many hide?" })}`,
    };
    // q1's also: cites its own source, so give it a second source to cite.
    const dir = await bankWith(english, { "a.yaml": `questions:\n${koEntry("q1", { answer: "<omit>" })}` });
    await addSecondSource(dir);
    const report = await readBank(dir, { translations: true });
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(
      report.translationProblems.map((p) => formatProblem({ ...p, file: path.basename(p.file) })),
    ).toEqual([
      'a.yaml: question q1: field answer: no Korean for this field: the English has "100,000"',
      'a.yaml: question q1: field also.0.quote: no Korean for this field: the English has "An estimated 100,000 people live in hiding."',
      'a.yaml: question q1: field also.0.note: no Korean for this field: the English has "Another count"',
      "a.yaml: question q2: no Korean text for this shipped question\n    hint: add an entry with id q2 to this file",
      "sources.yaml: field sources.other: no Korean title and author for source other",
    ]);
  });

  it("refuses a Korean text longer than its Discord field allows, naming file, id and field", async () => {
    const problems = await problemsOf(ONE, {
      "a.yaml": `questions:\n${koEntry("q1", { answer: `"${"가".repeat(81)}"`, question: "가".repeat(1001) })}`,
    });
    expect(problems).toEqual([
      "a.yaml: question q1: field question: must be at most 1000 characters",
      "a.yaml: question q1: field answer: must be at most 80 characters",
      "a.yaml: question q1: no Korean text for this shipped question\n    hint: add an entry with id q1 to this file",
    ]);
  });

  it("enforces the glossary: the English term calls for its rendering, and a listed wrong one is refused", async () => {
    const english = {
      "a.yaml": `questions:\n${mcQuestion("q1", { question: "How many North Korean refugees live in hiding?" })}`,
    };
    const problems = await problemsOf(english, {
      "a.yaml": `questions:\n${koEntry("q1", { question: "숨어 사는 탈북민은 몇 명인가요?" })}`,
    });
    expect(problems).toEqual([
      'a.yaml: question q1: field question: the English has "North Korean refugees": the glossary\'s Korean is "북한 난민"',
      'a.yaml: question q1: field question: "탈북민" is not used for "North Korean refugees": the glossary\'s Korean is "북한 난민"',
    ]);
    // The rendering (spacing aside) passes; so does keeping the English word the question asks about.
    expect(
      await problemsOf(english, {
        "a.yaml": `questions:\n${koEntry("q1", { question: "숨어 사는 북한난민은 몇 명인가요?" })}`,
      }),
    ).toEqual([]);
    expect(
      await problemsOf(english, {
        "a.yaml": `questions:\n${koEntry("q1", { question: `'"North Korean refugees"라고 불린 사람은 몇 명인가요?'` })}`,
      }),
    ).toEqual([]);
  });

  it("refuses an entry whose id is not in the English file of the same name, and a file with no English one", async () => {
    const problems = await problemsOf(
      { "a.yaml": `questions:\n${mcQuestion("q1")}`, "b.yaml": `questions:\n${mcQuestion("q2")}` },
      {
        "a.yaml": `questions:\n${koEntry("q1")}\n${koEntry("q2")}`,
        "b.yaml": `questions:\n${koEntry("q2")}`,
        "c.yaml": `questions:\n${koEntry("q3")}`,
      },
    );
    expect(problems).toEqual([
      "a.yaml: question q2: field id: no question q2 in questions/bank/a.yaml\n    hint: each entry translates a question of the English file of the same name",
      "c.yaml: there is no English bank file questions/bank/c.yaml\n    hint: name each Korean file after the bank file whose questions it translates",
    ]);
  });

  it("refuses options on a true/false question and a wrong-option count unlike the English", async () => {
    const english = {
      "a.yaml": `questions:\n${mcQuestion("q1", { type: "true-false", answer: "true", wrong: "<omit>" })}\n${mcQuestion("q2")}`,
    };
    const problems = await problemsOf(english, {
      "a.yaml": `questions:\n${koEntry("q1", { wrong: "<omit>", answer: "참" })}\n${koEntry("q2", { wrong: '["1만 1,000명"]' })}`,
    });
    expect(problems.filter((p) => !p.includes("no Korean text for this shipped question"))).toEqual([
      "a.yaml: question q1: field answer: a true/false question has no answer text in Korean (the bot says 참/거짓)",
      "a.yaml: question q2: field wrong: give 2 wrong option(s), in the order of the English (it has 2)",
    ]);
  });

  it("refuses a topic in use without a Korean name, and a source field whose number differs", async () => {
    const problems = await problemsOf(ONE, {
      "a.yaml": `questions:\n${koEntry("q1")}`,
      "sources.yaml": [
        "sources:",
        "  sample:",
        "    title: 예시 보고서 2005",
        "    author: 시험 저자",
        "topics:",
        "  people: 인물",
      ].join("\n"),
    });
    expect(problems).toEqual([
      "sources.yaml: field sources.sample.title: the Korean has the number(s) 2005, which the English lacks",
      'sources.yaml: field topics.figures: no Korean name for the topic "figures"',
      'sources.yaml: field topics.people: "people" is not a topic of any question',
    ]);
  });

  it("does not load a bank whose Korean file is malformed (the bot would show it)", async () => {
    const dir = await bankWith(ONE, { "a.yaml": "questions:\n  - id: q1\n    question: [not, text]" });
    await expect(loadBank(dir)).rejects.toBeInstanceOf(BankLoadError);
  });
});

describe("the shipped Korean bank", () => {
  it("has every question in Korean and passes every rule", async () => {
    const report = await readBank(undefined, { translations: true });
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.translationProblems.map(formatProblem)).toEqual([]);
    expect(report.questions).toHaveLength(162);
    for (const q of report.questions) expect(report.translations.questions.has(q.id), q.id).toBe(true);
  });
});

/** Adds a second source ("other", the same text) so an also: entry can cite another source. */
async function addSecondSource(dir: string): Promise<void> {
  const { readFile } = await import("node:fs/promises");
  const sources = await readFile(path.join(dir, "sources.yaml"), "utf8");
  const text = await readFile(path.join(dir, "sources", "sample.txt"), "utf8");
  await writeFile(path.join(dir, "sources", "other.txt"), text);
  const other = sources
    .split("\n")
    .slice(1)
    .join("\n")
    .replace("id: sample", "id: other")
    .replace("file: sample.txt", "file: other.txt");
  await writeFile(path.join(dir, "sources.yaml"), `${sources}\n${other}`);
}
