/**
 * `npm run play -- --typed`: the terminal's typed prompt and verdict lines (unit, on the typed temp
 * bank), and the real child process on a shipped question the filters pin down
 * (institute-2009-refoulement-term: the only easy institute-2009 question on law, a cloze of
 * "forced return"): a near miss is told what was accepted, a wrong option is named as one.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bank } from "../../src/bank/bank.ts";
import { TERMINAL_BLANK, typedPromptLines, typedVerdictLines } from "../../src/cli/play-typed.ts";
import { typedKeyOf } from "../../src/engine/session.ts";
import { judgeTyped } from "../../src/engine/typed-answer.ts";
import { loadTypedBank } from "../helpers/typed-bank.ts";

let bank: Bank;
const dirs: string[] = [];

beforeAll(async () => {
  bank = await loadTypedBank();
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const question = (id: string) => {
  const found = bank.get(id);
  if (!found) throw new Error(`no ${id} in the typed bank`);
  return found;
};

describe("the terminal's typed lines", () => {
  it("shows the cloze passage with the span blanked, and the typed prompt where there is no cloze", () => {
    expect(typedPromptLines(question("typed-hiding"))).toEqual([
      "According to the report, about how many people live in hiding in China?",
      "Fill in the blank in the source's words:",
      `  "An estimated ${TERMINAL_BLANK} people live in hiding in China."`,
      "Type the missing words.",
    ]);
    const river = typedPromptLines(question("typed-river"));
    expect(river[0]).toBe("Which river do most of them cross at night?");
    expect(river.join("\n")).not.toContain("Tumen");
  });

  it("tells a near miss what was accepted, names a wrong option with its note, and says nothing more for an exact answer", () => {
    const title = (id: string) => `title of ${id}`;
    const hiding = question("typed-hiding");
    const river = question("typed-river");
    const lines = (typed: string, q = hiding) =>
      typedVerdictLines(judgeTyped(typed, typedKeyOf(q)), q, title);
    expect(lines("Tumen Rvier", river)).toEqual(["Close enough (a typo). Accepted: Tumen River"]);
    expect(lines("30000-50000")).toEqual([
      "“30,000 to 50,000” is one of the options, and it is not the answer.",
      "Why not “30,000 to 50,000”",
      "  That is another report's estimate, not this one's.",
      '  "Another report puts the number at between 30,000 and 50,000." (title of sample)',
    ]);
    expect(lines("7800")).toEqual(["“7,800” is one of the options, and it is not the answer."]);
    expect(lines("100 000")).toEqual([]);
    expect(lines("200,000")).toEqual([]);
  });
});

/** Runs the terminal quiz on a fresh store with `input` piped; its exit code and output. */
function play(args: string[], input: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "quiz-play-typed-"));
  dirs.push(dir);
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/play.ts", ...args], {
    env: { ...process.env, STORE_URL: `sqlite://${path.join(dir, "play.sqlite")}`, LOG_LEVEL: "warn" },
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout })),
  );
}

const PINNED = [
  "--typed",
  "--count",
  "1",
  "--source",
  "institute-2009",
  "--topic",
  "law",
  "--difficulty",
  "easy",
];

describe("npm run play -- --typed", () => {
  it("asks the cloze, takes a typo as a near miss with what was accepted, and scores it", async () => {
    const { code, stdout } = await play([...PINNED, "--player", "typist"], "forced retrun\n");
    expect(code).toBe(0);
    expect(stdout).toContain('"The net result has been the ______ (also known as "refoulement")');
    expect(stdout).not.toMatch(/^\s+1\) /m); // no options listed
    expect(stdout).toContain("Your answer: forced retrun");
    expect(stdout).toContain("✔ Right! +10 points\nClose enough (a typo). Accepted: forced return");
    expect(stdout).toContain("Summary: 1 of 1 right, 10 points this quiz.");
  }, 30_000);

  it("refuses a wrong option typed, names it, and asks again after an empty line", async () => {
    const { code, stdout } = await play(PINNED, "\nresettlement of refugees in a third country\n");
    expect(code).toBe(0);
    expect(stdout).toContain("Type an answer of 1 to 100 characters, or q to quit.");
    expect(stdout).toContain("✘ Not quite. The answer: ");
    expect(stdout).toContain(
      "“Resettlement of refugees in a third country” is one of the options, and it is not the answer.",
    );
    expect(stdout).toContain("Summary: 0 of 1 right, 0 points this quiz.");
  }, 30_000);
});
