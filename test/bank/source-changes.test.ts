/**
 * `npm run bank -- check` after a source's file and sha256 changed (issue 31): in a copy of the
 * questions folder under git, a line inserted at the top moves every citation, and a rewritten
 * sentence makes its questions' quotes unfound (with the closest passage). Also `bank -- draft`.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
let dir = "";

async function bank(...args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, ["src/cli/bank.ts", ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bank-changes-"));
  await cp("questions", dir, { recursive: true });
  const git = (...args: string[]) =>
    run("git", ["-c", "user.email=t@example.org", "-c", "user.name=t", ...args], { cwd: dir });
  await git("init", "-q");
  await git("add", ".");
  await git("commit", "-qm", "recorded");
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("bank check after a source changed", () => {
  it("lists moved citations and reports quotes no longer found with the closest passage", async () => {
    const file = path.join(dir, "sources", "uscri-2004.txt");
    const old = await readFile(file, "utf8");
    const changed = `A line added at the top.\n${old.replace("Nearly 100,000 others are internally displaced.", "Nearly 90,000 others are internally displaced.")}`;
    await writeFile(file, changed);
    const meta = path.join(dir, "sources.yaml");
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    await writeFile(meta, (await readFile(meta, "utf8")).replace(sha(old), sha(changed)));

    const { code, stderr } = await bank("check", "--dir", dir);
    expect(code).toBe(1);
    expect(stderr).toContain("uscri-2004-internally-displaced");
    expect(stderr).toContain("Nearly 90,000 others are internally displaced.");
    expect(stderr).toMatch(
      /uscri-2004: the text changed since the last commit; \d+ citing question\(s\) checked again: 1 quote\(s\) no longer found/,
    );
    expect(stderr).toMatch(/moved: uscri-2004-hiding-in-china citation: line 10 -> line 11/);
    expect(stderr).not.toMatch(/moved: uscri-2004-internally-displaced/);
  });
});

describe("bank draft", () => {
  it("writes drafts of a shipped source as a bank file for review, and refuses a file that is not the source", async () => {
    const out = path.join(dir, "drafts.yaml");
    const { code, stderr } = await bank(
      "draft",
      "questions/sources/state-dept-2005.txt",
      "--source",
      "state-dept-2005",
      "--limit",
      "12",
      "--out",
      out,
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/wrote 12 drafts/);
    const text = await readFile(out, "utf8");
    expect(text).toContain("id: state-dept-2005-draft-01");
    expect(text).toMatch(/# (cloze|question) on an? \w+, line \d+/);
    const refused = await bank("draft", "questions/sources/uscri-2004.txt", "--source", "state-dept-2005");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is not the recorded text of state-dept-2005");
  });
});
