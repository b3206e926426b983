/**
 * Global set-up of every project: the run gets a temp directory of its own (TMPDIR, inherited by
 * the test workers and the processes they start), and the run fails if anything is left in it.
 * Its own folder rather than a before/after diff of the shared one, so another run on the same
 * machine (several engineers share it) cannot be blamed for, or hide, what this run left.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Set while a run's folder is in use: vitest calls this once per project, in one process. */
const RUN_DIR = "QUIZ_TEST_RUN_TMPDIR";
let users = 0;
/** What tools keep in the temp directory by design (tsx's compile cache, for the processes tests start from the sources; Node 24's module compile cache): not a test's leftover, and gone with the run's folder. */
const TOOL_CACHES = /^(tsx-\d+|node-compile-cache)$/;

export function setup(): () => void {
  if (!process.env[RUN_DIR]) {
    const outer = tmpdir();
    const dir = mkdtempSync(path.join(outer, "quiz-test-run-"));
    process.env[RUN_DIR] = dir;
    process.env.QUIZ_TEST_OUTER_TMPDIR = outer;
    process.env.TMPDIR = dir;
  }
  users += 1;
  return teardown;
}

function teardown(): void {
  users -= 1;
  const dir = process.env[RUN_DIR];
  if (users > 0 || !dir) return;
  const left = readdirSync(dir)
    .filter((name) => !TOOL_CACHES.test(name))
    .sort();
  rmSync(dir, { recursive: true, force: true });
  process.env.TMPDIR = process.env.QUIZ_TEST_OUTER_TMPDIR;
  delete process.env[RUN_DIR];
  if (left.length === 0) return;
  // vitest reports an error thrown here but exits 0: the exit code carries the failure.
  process.exitCode = 1;
  throw new Error(
    `the tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in the temp directory (every test removes what it makes; use tempDir() from test/helpers/temp-dir.ts):\n${left.map((name) => `- ${name}`).join("\n")}`,
  );
}
