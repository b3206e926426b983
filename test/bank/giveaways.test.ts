import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tokenKeys } from "../../src/bank/answer-tokens.ts";
import { Bank } from "../../src/bank/bank.ts";
import { answerKeyOf, findGiveaways, type Giveaway } from "../../src/bank/giveaways.ts";
import { readBank } from "../../src/bank/load.ts";
import type { Question } from "../../src/bank/question.ts";
import { makeQuestionsDir, mcQuestion } from "../helpers/temp-bank.ts";
import { AUDIT_METADATA_ROWS, AUDIT_PAIRS } from "./fixtures/audit-2026-12-07.ts";

const FROZEN_BANK = path.join(import.meta.dirname, "fixtures", "bank-2026-12-07");

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Reads a one-source bank of these questions and returns what the check reports. */
async function giveawaysIn(...questions: string[]) {
  const dir = await makeQuestionsDir({ "a.yaml": `questions:\n${questions.join("\n")}` });
  tempDirs.push(dir);
  const report = await readBank(dir, { giveaways: true });
  expect(report.problems).toEqual([]);
  const bank = new Bank(report.corpus, report.questions);
  return { report, found: findGiveaways(bank.questions, bank.corpus, bank) };
}

/** "giver -> asked: field" for each giveaway of `asked`'s answer (all of them when not given). */
function pairsOf(found: readonly Giveaway[], asked?: string): string[] {
  return found
    .filter((g) => asked === undefined || g.askedId === asked)
    .map((g) => `${"questionId" in g.by ? g.by.questionId : g.by.sourceId} -> ${g.askedId}: ${g.field}`);
}

describe("answer tokens: the normalisation the giveaway check compares", () => {
  it.each([
    ["100,000", "100000"],
    ["100000", "100000"],
    ["100 000", "100000"],
    ["100\u00a0000", "100000"],
    ["100\u202f000", "100000"],
    ["1.000.000", "1000000"],
    ["about 100,000 people", "100000 people"],
    ["10.5 million", "10500000"],
    ["18 million", "18000000"],
    ["$20 million", "20000000"],
    ["100k", "100000"],
  ])("a number in any common notation: %j", (text, tokens) => {
    expect(tokenKeys(text).join(" ")).toBe(tokens);
  });

  it("reads number words as digits", () => {
    expect(tokenKeys("Five years")).toEqual(["5", "year"]);
    expect(tokenKeys("one to two months")).toEqual(["1", "2", "month"]);
  });

  it("ignores case, punctuation, curly quotes and every dash", () => {
    expect(tokenKeys("“Strike Hard”")).toEqual(tokenKeys('"strike hard"'));
    expect(tokenKeys("P.L. 108–333")).toEqual(tokenKeys("p.l. 108-333"));
    expect(tokenKeys("P.L. 108—333")).toEqual(["p", "l", "108", "333"]);
    expect(tokenKeys("FY2005\u22122008")).toEqual(["fy2005", "2008"]);
  });

  it("drops plural endings and possessives, so singular and plural meet", () => {
    expect(tokenKeys("third countries")).toEqual(tokenKeys("a third country"));
    expect(tokenKeys("USCRI’s survey")).toEqual(["uscri", "survey"]);
    expect(tokenKeys("bribes")).toEqual(["bribe"]);
  });

  it("drops the words that wrap an answer (articles, prepositions, hedges)", () => {
    expect(tokenKeys("Between 30,000 and 50,000")).toEqual(["30000", "50000"]);
    expect(tokenKeys("an estimated 100,000")).toEqual(["100000"]);
    expect(tokenKeys("up to two years of labor")).toEqual(["2", "year", "labor"]);
    expect(tokenKeys("the, of, and, nearly, approximately")).toEqual([]);
  });

  it("keeps a decimal that no multiplier follows, and does not join separate numbers", () => {
    expect(tokenKeys("24.9 per cent")).toEqual(["24.9", "cent"]);
    expect(tokenKeys("in 2003 1,281 arrived")).toEqual(["2003", "1281", "arrived"]);
    expect(tokenKeys("about 100,000, more")).toEqual(["100000"]);
  });
});

describe("the giveaway check on small banks", () => {
  const asked = mcQuestion("asked");
  const sampleQuote = '{ source: sample, quote: "An estimated 100,000 people live in hiding." }';

  it("finds an answer in another question's explanation whatever its notation, naming both ids and the words", async () => {
    const { found } = await giveawaysIn(
      asked,
      mcQuestion("giver", {
        question: "How do they cross?",
        answer: "At night",
        wrong: "[By day]",
        explanation: "It says “roughly 100000 people” hide.",
        citation: '{ source: sample, quote: "They cross the boarder at night" }',
      }),
    );
    expect(pairsOf(found)).toEqual(["giver -> asked: explanation"]);
    expect(found[0]?.excerpt).toContain("100000 people");
    expect(found[0]?.kind).toBe("explanation");
  });

  it("looks in the stem, the answer, the quote and the also quotes and notes; not in wrong options", async () => {
    const giver = (id: string, fields: Record<string, string>) =>
      mcQuestion(id, {
        question: "How do they cross?",
        answer: "At night",
        wrong: "[By day]",
        explanation: "They cross at night.",
        citation: '{ source: sample, quote: "They cross the boarder at night" }',
        ...fields,
      });
    const { found } = await giveawaysIn(
      asked,
      giver("in-stem", { question: "Of the 100,000 in hiding, how do they cross?" }),
      giver("in-answer", { answer: "100,000 at night", wrong: "[By day]" }),
      giver("in-quote", { citation: sampleQuote }),
      giver("in-wrong", { wrong: '["100,000 by day"]' }),
    );
    expect(pairsOf(found, "asked").sort()).toEqual([
      "in-answer -> asked: answer",
      "in-quote -> asked: citation.quote",
      "in-stem -> asked: question",
    ]);
  });

  it("allows a pair only when linked: excludes on either side, or a shared fact", async () => {
    const giver = (id: string, extra: Record<string, string> = {}) =>
      mcQuestion(id, {
        question: "How do they cross?",
        answer: `At night ${id}`,
        wrong: "[By day]",
        explanation: "About 100,000 cross at night.",
        citation: '{ source: sample, quote: "They cross the boarder at night" }',
        ...extra,
      });
    const { found } = await giveawaysIn(
      mcQuestion("asked", { excludes: "[linked-here]" }),
      giver("linked-here"),
      giver("linked-there", { excludes: "[asked]" }),
      giver("unlinked"),
    );
    expect(pairsOf(found, "asked")).toEqual(["unlinked -> asked: explanation"]);
  });

  it("reports an answer the source's metadata prints, which no link can allow", async () => {
    const { report, found } = await giveawaysIn(
      mcQuestion("who", {
        question: "Who wrote the report?",
        answer: "Test Author",
        wrong: "[Someone else]",
        explanation: "The byline says so.",
      }),
      mcQuestion("other", { answer: '"7"', wrong: '["8"]', explanation: "Seven." }),
    );
    expect(found.filter((g) => "sourceId" in g.by)).toEqual([
      expect.objectContaining({
        askedId: "who",
        by: { sourceId: "sample" },
        kind: "metadata",
        field: "author",
      }),
    ]);
    expect(report.giveaways.map((p) => p.message)).toContainEqual(
      expect.stringContaining(
        "is printed by the author of sample, which every reveal citing that source shows",
      ),
    );
  });

  it("a true/false question is given away by a text that states its passage, not by one that only shares a word", async () => {
    const tf = [
      "  - id: tf",
      "    type: true-false",
      "    difficulty: easy",
      "    topics: [figures]",
      "    question: The report says the Strike Hard campaign returned few.",
      "    answer: false",
      "    explanation: It returned many.",
      '    citation: { source: sample, quote: "The “Strike Hard” campaign returned many." }',
    ].join("\n");
    const { found } = await giveawaysIn(
      tf,
      mcQuestion("restates", {
        answer: '"100,000"',
        explanation: 'About 100,000 hide; the "Strike Hard" campaign returned many of them.',
      }),
      mcQuestion("one-word", {
        answer: '"100,000 hide"',
        explanation: "About 100,000 hide. Many returned.",
      }),
    );
    expect(pairsOf(found).filter((p) => p.endsWith("-> tf: explanation"))).toEqual([
      "restates -> tf: explanation",
    ]);
  });

  it("never counts an answer of only common words, or a lone small number", () => {
    const common = new Set(["south", "korea", "china"]);
    const question = (answer: string, wrong: string[] = ["x"]): Question => ({
      id: "q",
      type: "multiple-choice",
      difficulty: "easy",
      topics: ["t"],
      question: "Which?",
      answer,
      wrong,
      explanation: "",
      citation: { source: "s", quote: "q", line: 1, endLine: 1 },
      also: [],
      excludes: [],
      origin: { kind: "bank", file: "f" },
    });
    expect(answerKeyOf(question("South Korea"), common)).toBeUndefined();
    expect(answerKeyOf(question("Five"), common)).toBeUndefined();
    expect(answerKeyOf(question("Only three"), common)).toBeUndefined();
    expect(answerKeyOf(question("1,195"), common)).toBeDefined();
    expect(answerKeyOf(question("Northeastern China"), common)).toBeDefined();
  });

  it("needs every number of an answer exactly: two years does not give away five years", async () => {
    const { found } = await giveawaysIn(
      mcQuestion("asked", { answer: '"Five years of labor correction"', wrong: '["A fine"]' }),
      mcQuestion("giver", {
        answer: "At night",
        wrong: "[By day]",
        explanation: "Up to two years of labor correction.",
        citation: '{ source: sample, quote: "They cross the boarder at night" }',
      }),
    );
    expect(pairsOf(found)).toEqual([]);
  });
});

describe("the giveaway check on the bank of 7 December 2026, against the audit's rows", async () => {
  const report = await readBank(FROZEN_BANK, { giveaways: true });
  const bank = new Bank(report.corpus, report.questions);
  const found = findGiveaways(bank.questions, bank.corpus, bank);
  const reported = new Set<string>();
  for (const g of found) {
    if ("questionId" in g.by) {
      reported.add(`${g.askedId} ${g.by.questionId}`);
      reported.add(`${g.by.questionId} ${g.askedId}`);
    }
  }

  it("loads with no other problem", () => {
    expect(report.problems).toEqual([]);
    expect(report.questions).toHaveLength(143);
  });

  it.each(AUDIT_PAIRS.filter((p) => p.expect === "found"))("finds $row with $other", ({ row, other }) => {
    expect(reported.has(`${row} ${other}`)).toBe(true);
  });

  it.each(AUDIT_PAIRS.filter((p) => p.expect === "linked"))(
    "allows $row with $other: they were linked",
    ({ row, other }) => {
      expect(bank.conflictsOf(row).has(other)).toBe(true);
      expect(reported.has(`${row} ${other}`)).toBe(false);
    },
  );

  // The pairs it misses are listed with the reason, so the list stays true as the rules change.
  it.each(AUDIT_PAIRS.filter((p) => p.expect === "missed"))(
    "does not find $row with $other ($why)",
    ({ row, other }) => {
      expect(bank.conflictsOf(row).has(other)).toBe(false);
      expect(reported.has(`${row} ${other}`)).toBe(false);
    },
  );

  it("finds every answer the audit found in a source's metadata", () => {
    const byMetadata = new Set(found.filter((g) => "sourceId" in g.by).map((g) => g.askedId));
    expect([...byMetadata].sort()).toEqual([...AUDIT_METADATA_ROWS].sort());
  });

  it("finds something for every giveaway row but these, which it misses entirely", () => {
    const rows = [...new Set(AUDIT_PAIRS.map((p) => p.row))];
    const foundRows = new Set([
      ...AUDIT_METADATA_ROWS,
      ...AUDIT_PAIRS.filter((p) => p.expect === "found").map((p) => p.row),
    ]);
    expect(rows).toHaveLength(94);
    expect(rows.filter((row) => !foundRows.has(row))).toEqual(MISSED_ROWS);
  });

  it("reports each pair once, with both ids, the field and the words, as check errors", () => {
    const message = report.giveaways.find(
      (p) =>
        p.questionId === "uscri-2004-hiding-in-china" &&
        p.message.includes("uscri-2004-internally-displaced"),
    )?.message;
    expect(message).toContain('its answer "100,000" is shown by uscri-2004-internally-displaced in');
    expect(message).toContain('explanation: "USCRI counts nearly 100,000 internally displaced');
    const byKind = countByKind(found);
    expect(byKind.metadata).toBe(AUDIT_METADATA_ROWS.length + 5); // section-301: the byline and four headings
  });
});

/** The giveaway rows none of whose named pairs the check reports (see the `why` of each pair). */
const MISSED_ROWS: readonly string[] = [
  "state-dept-2005-unhcr-no-access",
  "state-dept-2005-estimate-2000",
  "state-dept-2005-current-estimate",
  "state-dept-2005-border-protocol",
  "state-dept-2005-south-korea-benefits",
  "state-dept-2005-article-31-2",
  "state-dept-2005-departure-as-treason",
  "state-dept-2005-hiding-for-fear",
  "state-dept-2005-after-september-11",
  "institute-2009-after-refoulement",
  "institute-2009-transit-destinations",
  "seymour-2005-first-problem",
  "seymour-2005-unhcr-more-forceful",
  "seymour-2005-diplomatic-compounds",
  "seymour-2005-china-unwilling-access",
  "tvedt-2018-tapan-mishra",
  "tvedt-2018-mishra-forgotten",
  "tvedt-2018-illegal-economic-migrants",
  "tvedt-2018-social-services",
  "tvedt-2018-recognized-as-refugees",
  "tvedt-2018-border-measures",
  "tvedt-2018-arrivals-dropped",
  "tvedt-2018-organisations-to-support",
  "tvedt-2018-barriers-trauma",
  "uscri-2004-ngo-guides",
  "uscri-2004-un-commission-2003",
];

function countByKind(found: readonly Giveaway[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const seen = new Set<string>();
  for (const g of found) {
    const key = `${g.askedId} ${"questionId" in g.by ? g.by.questionId : `${g.by.sourceId}:${g.field}`}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counts[g.kind] = (counts[g.kind] ?? 0) + 1;
  }
  return counts;
}
