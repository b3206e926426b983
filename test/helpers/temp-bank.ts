import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "./temp-dir.ts";

/** A small source text with a heading, a line break inside a sentence, curly quotes and a typo. */
export const SAMPLE_SOURCE = [
  "Sample Report",
  "",
  "FIRST PART",
  "",
  "An estimated 100,000 people live in hiding.  They cross the",
  "boarder at night – mostly in winter.",
  "",
  "SECOND PART",
  "",
  "The “Strike Hard” campaign returned many.",
  "",
  "Like Box",
].join("\n");

/** Writes a questions/ folder with one source ("sample") and the given bank files, in a temp dir. */
export async function makeQuestionsDir(bankFiles: Record<string, string>, sourceText = SAMPLE_SOURCE) {
  const dir = tempDir("quiz-bank-");
  await mkdir(path.join(dir, "sources"));
  await mkdir(path.join(dir, "bank"));
  await writeFile(path.join(dir, "sources", "sample.txt"), sourceText);
  const sha256 = createHash("sha256").update(sourceText).digest("hex");
  await writeFile(
    path.join(dir, "sources.yaml"),
    [
      "sources:",
      "  - id: sample",
      "    file: sample.txt",
      `    sha256: ${sha256}`,
      "    title: Sample Report",
      "    author: Test Author",
      '    date: "2004"',
      "    sections: [FIRST PART, SECOND PART]",
      "    chrome:",
      "      - { from: 12, to: 12, why: a widget }",
    ].join("\n"),
  );
  for (const [name, text] of Object.entries(bankFiles)) await writeFile(path.join(dir, "bank", name), text);
  return dir;
}

/** A valid multiple-choice question in bank YAML, with fields overridable by raw YAML lines. */
export function mcQuestion(id: string, overrides: Partial<Record<string, string>> = {}): string {
  const fields: Record<string, string> = {
    id,
    type: "multiple-choice",
    difficulty: "easy",
    topics: "[figures]",
    question: "How many people live in hiding?",
    answer: '"100,000"',
    wrong: '["11,000", "50,000"]',
    explanation: "The report estimates 100,000.",
    citation: '{ source: sample, quote: "An estimated 100,000 people live in hiding." }',
    ...overrides,
  };
  const lines = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== "<omit>")
    .map(([key, value], i) => `${i === 0 ? "  - " : "    "}${key}: ${value}`);
  return lines.join("\n");
}
