/**
 * Which test file runs in which tier. vitest.config.ts builds its projects from these lists, and
 * `misplacedTestFiles` (checked when the config loads and by test/tiers.test.ts) keeps every test
 * file in exactly one primary tier, so a new file cannot silently run nowhere.
 *
 * An entry is a folder ("test/e2e/") for every test file below it, or one file. The most specific
 * entry wins: "test/bank/" puts a new bank test in the unit tier, and "test/bank/cli.test.ts" (which
 * starts processes) in the e2e tier. No glob syntax, so the same lists serve vitest's `include` and
 * `exclude` and the check without a glob library.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * Pure code: no network (not even loopback), no child process, no Redis or PostgreSQL server. A
 * file here must run in a few seconds. A file under test/store/ is in the store tier unless named
 * here, as the in-memory backend's contract file is.
 */
export const UNIT: readonly string[] = [
  "test/app/",
  "test/bank/",
  "test/charts/",
  "test/discord/",
  "test/env-example.test.ts",
  "test/fuzz/",
  "test/i18n/",
  "test/layers.test.ts",
  "test/learn/",
  "test/lessons/",
  "test/ops/",
  "test/quiz/",
  // On memory:// (the backend contract, and makeGame's stores): no backend server.
  "test/store/contract-memory.test.ts",
  "test/store/ranking.test.ts",
  "test/store/sessions.test.ts",
  "test/tiers.test.ts",
];

/** The store backends on SQLite, Redis and PostgreSQL (the servers must be up; see .ci/run). */
export const STORE: readonly string[] = ["test/store/"];

/**
 * The bot (or a tool) against the fake Discord or another loopback server, in the test's process
 * or as child processes from the sources.
 */
export const E2E: readonly string[] = [
  "test/e2e/",
  "test/bank/cli.test.ts",
  "test/cli/",
  "test/discord/attachment.test.ts",
  "test/discord/http/endpoint.test.ts",
  "test/fake-discord.test.ts",
  "test/fuzz/custom-ids.test.ts",
  "test/fuzz/inputs.test.ts",
];

/** The built artifact (`npm run build`, then `node dist/...`). */
export const COMPILED: readonly string[] = ["test/compiled/"];

/** The container's run stage as a folder; only .ci/production-stand-in runs it. */
export const PRODUCTION: readonly string[] = ["test/production/"];

/** Every file belongs to exactly one of these. */
export const PRIMARY_TIERS = {
  unit: UNIT,
  store: STORE,
  e2e: E2E,
  compiled: COMPILED,
  production: PRODUCTION,
} as const;

/**
 * The suite's files whose meaning depends on the date: fixtures written at a fixed time with a TTL,
 * session and draft TTLs, due times and time zones, ISO weeks, review intervals, timestamps shown in
 * messages and charts. The "year-ahead" project runs them again with the clock a year on.
 */
export const TIME_SENSITIVE: readonly string[] = [
  "test/store/sqlite.test.ts",
  "test/store/sessions.test.ts",
  "test/store/backends.test.ts",
  "test/lessons/due.test.ts",
  "test/lessons/lessons.test.ts",
  "test/learn/scheduler.test.ts",
  "test/quiz/answer.test.ts",
  "test/discord/render.test.ts",
  "test/charts/charts.test.ts",
  "test/e2e/class.test.ts",
  "test/e2e/learning.test.ts",
];

/**
 * The end-to-end files the "http" project runs again over signed HTTP POSTs (issue 17). Left out:
 * files whose bot processes are spawned without the harness, so they would rerun the gateway case
 * unchanged (sharding and shard leases are gateway-only by nature; operate covers SIGTERM, /healthz
 * and backups on the gateway, and http-transport covers them over HTTP; fleet runs gateway
 * processes and http-workers HTTP ones, each choosing its transport itself; store-loss starts bot
 * processes on throwaway Redis servers it breaks itself); scan-faults, which breaks the store under
 * a leaderboard scan and does not depend on how interactions arrive; and http-transport, which
 * chooses its transports itself.
 */
export const HTTP_RERUN: readonly string[] = ["test/e2e/"];
export const HTTP_RERUN_EXCLUDED: readonly string[] = [
  "test/e2e/sharding.test.ts",
  "test/e2e/lease.test.ts",
  "test/e2e/operate.test.ts",
  "test/e2e/scan-faults.test.ts",
  "test/e2e/http-transport.test.ts",
  "test/e2e/fleet.test.ts",
  "test/e2e/http-workers.test.ts",
  "test/e2e/store-loss.test.ts",
  // Starts its own gateway bots, restarted around a due time.
  "test/e2e/deadline-steps.test.ts",
  // Two gateway processes of its own on a throwaway Redis and PostgreSQL (as fleet).
  "test/e2e/live-fleet.test.ts",
];

/** vitest `include`/`exclude` globs for a list of entries. */
export function globsOf(entries: readonly string[]): string[] {
  return entries.map((entry) => (entry.endsWith("/") ? `${entry}**/*.test.ts` : entry));
}

/** Whether a test file (repo-relative, forward slashes) is named by a list of entries. */
export function isListed(file: string, entries: readonly string[]): boolean {
  return entries.some((entry) => matches(file, entry));
}

const matches = (file: string, entry: string) =>
  entry.endsWith("/") ? file.startsWith(entry) : file === entry;

/** The length of the most specific entry of `entries` naming `file` (0: none). */
function specificity(file: string, entries: readonly string[]): number {
  return Math.max(0, ...entries.filter((entry) => matches(file, entry)).map((entry) => entry.length));
}

/** The primary tiers a file belongs to: those whose most specific entry for it is the most specific of all. */
export function tiersOf(file: string): string[] {
  const scores = Object.entries(PRIMARY_TIERS).map(([name, entries]) => ({
    name,
    score: specificity(file, entries),
  }));
  const best = Math.max(...scores.map((s) => s.score));
  return best === 0 ? [] : scores.filter((s) => s.score === best).map((s) => s.name);
}

/**
 * A primary tier's `exclude`: the entries of the other tiers inside its folders (a file named
 * there belongs to that tier, not to this one's folder).
 */
export function carvedOut(tier: keyof typeof PRIMARY_TIERS): string[] {
  const own = PRIMARY_TIERS[tier];
  const others = Object.entries(PRIMARY_TIERS)
    .filter(([name]) => name !== tier)
    .flatMap(([, entries]) => entries);
  return globsOf(
    others.filter((other) =>
      own.some((entry) => entry.endsWith("/") && other.startsWith(entry) && other !== entry),
    ),
  );
}

/** Every `*.test.ts` below test/, repo-relative with forward slashes. */
export function testFiles(root: string): string[] {
  const dir = path.join(root, "test");
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => `test/${name.split(path.sep).join("/")}`)
    .sort();
}

/** Test files in no primary tier or in more than one, each with the tiers that name it. */
export function misplacedTestFiles(root: string): { file: string; tiers: string[] }[] {
  return testFiles(root)
    .map((file) => ({
      file,
      tiers: tiersOf(file),
    }))
    .filter(({ tiers }) => tiers.length !== 1);
}
