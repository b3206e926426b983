/**
 * The terminal quiz as a real child process: a bad option is told with the usage line (exit 2),
 * and a real SIGINT in the middle of a quiz ends it as `q` does, with the summary.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";

function startPlay(args: string[]) {
  const dir = tempDir("quiz-play-");
  // Straight under node (no npm or tsx launcher in between), so a signal reaches the quiz itself.
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/play.ts", ...args], {
    env: { ...process.env, STORE_URL: `sqlite://${path.join(dir, "play.sqlite")}`, LOG_LEVEL: "warn" },
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    output.stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

/** Resolves once stdout contains `text` (or rejects after `ms`). */
async function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  output: { stdout: string },
  text: string,
  ms = 20_000,
) {
  if (output.stdout.includes(text)) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${text}" in:\n${output.stdout}`)), ms);
    const check = () => {
      if (!output.stdout.includes(text)) return;
      clearTimeout(timer);
      child.stdout.off("data", check);
      resolve();
    };
    child.stdout.on("data", check);
  });
}

describe("npm run play", () => {
  it("answers an unknown option with the usage line and exit status 2, not a stack trace", async () => {
    const { child, output, exited } = startPlay(["--bogus"]);
    child.stdin.end();
    const { code } = await exited;
    expect(code).toBe(2);
    expect(output.stderr).toContain("Unknown option '--bogus'");
    expect(output.stderr).toContain("usage: npm run play -- [options]");
    expect(output.stderr).not.toMatch(/^\s+at /m);
    expect(output.stdout).toBe("");
  }, 30_000);

  it("answers an option missing its value the same way", async () => {
    const { child, output, exited } = startPlay(["--count"]);
    child.stdin.end();
    expect((await exited).code).toBe(2);
    expect(output.stderr).toContain("usage: npm run play -- [options]");
    expect(output.stderr).not.toMatch(/^\s+at /m);
  }, 30_000);

  it("on Ctrl-C (a real SIGINT) mid-quiz, says the answers so far are saved and shows the summary", async () => {
    const { child, output, exited } = startPlay(["--count", "3", "--player", "interrupted"]);
    await waitForOutput(child, output, "Your answer (1-");
    child.stdin.write("1\n");
    await waitForOutput(child, output, "Question 2 of 3");
    await waitForOutput(child, output, "Your answer (1-");
    expect(child.kill("SIGINT")).toBe(true);
    const { code, signal } = await exited;
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(output.stdout).toContain(
      "Interrupted (Ctrl-C): quiz left unfinished; your answers so far are saved.",
    );
    expect(output.stdout).toMatch(/Summary: [01] of 1 right/);
    expect(output.stdout).toContain("Your standing:");
    expect(output.stderr).toBe("");
  }, 30_000);
});
