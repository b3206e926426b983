import { rm } from "node:fs/promises";
import type { Bank } from "../../src/bank/bank.ts";
import { loadBank } from "../../src/bank/load.ts";
import { makeQuestionsDir } from "./temp-bank.ts";

/**
 * A small source and a bank with typed questions (a number with a Korean form and a cloze, a
 * place name with a Korean form, a wrong-option note) and a true/false question, which a typed
 * quiz still asks with its options. Each question has its own topic, so a test draws the one it wants.
 */
export const TYPED_SOURCE = [
  "Sample Report",
  "",
  "FIRST PART",
  "",
  "An estimated 100,000 people live in hiding in China.",
  "Another report puts the number at between 30,000 and 50,000.",
  "",
  "SECOND PART",
  "",
  "Most of them cross the Tumen River at night.",
  "",
  "Like Box",
].join("\n");

const TYPED_BANK = `questions:
  - id: typed-hiding
    type: multiple-choice
    difficulty: easy
    topics: [hiding]
    question: According to the report, about how many people live in hiding in China?
    answer: "100,000"
    wrong: ["11,000", "30,000 to 50,000", "7,800"]
    explanation: The report estimates 100,000.
    citation: { source: sample, quote: "An estimated 100,000 people live in hiding in China." }
    typed:
      accept: ["100,000", "10만"]
      cloze: "100,000"
    wrong_notes:
      - option: "30,000 to 50,000"
        note: That is another report's estimate, not this one's.
        source: sample
        quote: Another report puts the number at between 30,000 and 50,000.
  - id: typed-river
    type: multiple-choice
    difficulty: medium
    topics: [river]
    question: Which river do most of them cross?
    answer: The Tumen River
    wrong: ["The Yalu River", "The Amur River"]
    explanation: Most cross the Tumen River at night.
    citation: { source: sample, quote: "Most of them cross the Tumen River at night." }
    typed:
      accept: ["Tumen River", "두만강"]
      prompt: Which river do most of them cross at night?
  - id: typed-tf
    type: true-false
    difficulty: easy
    topics: [truefalse]
    question: According to the report, most of them cross at night.
    answer: true
    explanation: They cross at night.
    citation: { source: sample, quote: "Most of them cross the Tumen River at night." }
`;

/** Loads the typed bank from a temp questions/ folder (removed once loaded: the bank is in memory). */
export async function loadTypedBank(): Promise<Bank> {
  const dir = await makeQuestionsDir({ "typed.yaml": TYPED_BANK }, TYPED_SOURCE);
  try {
    return await loadBank(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
