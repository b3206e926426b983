import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { makeQuestionsDir, mcQuestion } from "../helpers/temp-bank.ts";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function check(dir: string) {
  try {
    const { stdout, stderr } = await run(TSX, ["src/cli/bank.ts", "check", "--dir", dir]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function koreanBank(explanation: string) {
  const dir = await makeQuestionsDir({ "a.yaml": `questions:\n${mcQuestion("q1")}` });
  dirs.push(dir);
  await mkdir(path.join(dir, "ko"));
  await writeFile(
    path.join(dir, "ko", "a.yaml"),
    [
      "questions:",
      "  - id: q1",
      "    question: 숨어 사는 사람은 몇 명인가요?",
      '    answer: "10만 명"',
      '    wrong: ["1만 1,000명", "5만 명"]',
      `    explanation: ${explanation}`,
      "    quote: 약 십만 명이 숨어 산다.",
    ].join("\n"),
  );
  await writeFile(
    path.join(dir, "ko", "sources.yaml"),
    "sources:\n  sample: { title: 예시 보고서, author: 시험 저자 }\ntopics:\n  figures: 수치\n",
  );
  await writeFile(
    path.join(dir, "glossary.yaml"),
    "terms:\n  - { en: [asylum seekers], ko: [비호 신청자] }\n",
  );
  return dir;
}

describe("npm run bank -- check, on the Korean", () => {
  it("passes a faithful translation and says every question is in Korean", async () => {
    const { code, stdout } = await check(await koreanBank("보고서는 10만 명으로 추정해요."));
    expect(code).toBe(0);
    expect(stdout).toContain("every question in Korean");
  });

  it("exits 1 on a drifted number, naming the Korean file, the question and the field", async () => {
    const { code, stderr } = await check(await koreanBank("보고서는 1만 명으로 추정해요."));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /ko\/a\.yaml: question q1: field explanation: the Korean lacks the number\(s\) 100000/,
    );
    expect(stderr).toContain("0 problem(s) and 0 giveaway(s), 2 Korean translation problem(s) in 1 file(s).");
  });
});
