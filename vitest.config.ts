import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import {
  COMPILED,
  carvedOut,
  E2E,
  globsOf,
  HTTP_RERUN,
  HTTP_RERUN_EXCLUDED,
  misplacedTestFiles,
  PRIMARY_TIERS,
  PRODUCTION,
  STORE,
  TIME_SENSITIVE,
  UNIT,
} from "./test/tiers.ts";

// A test file in no tier would run nowhere: refuse to start instead (test/tiers.test.ts says the same).
const misplaced = misplacedTestFiles(import.meta.dirname);
if (misplaced.length > 0)
  throw new Error(
    `every test file belongs to exactly one tier in test/tiers.ts:\n${misplaced
      .map(({ file, tiers }) => `- ${file}: ${tiers.length === 0 ? "no tier" : tiers.join(", ")}`)
      .join("\n")}`,
  );

/**
 * CI's whole-suite run (.ci/run sets QUIZ_CI=1 on `npm test`): the HTTP re-run of the end-to-end
 * files joins the suite, and coverage is measured and held to its floor. A variable of its own,
 * not CI: the production stand-in runs one project in CI, where a coverage floor means nothing.
 */
const inCI = process.env.QUIZ_CI === "1";

/** Every project: the temp-directory check for the run, and each file's temp folders removed. */
function project(
  name: string,
  entries: readonly string[],
  test: NonNullable<TestProjectInlineConfiguration["test"]> = {},
): TestProjectInlineConfiguration {
  const primary = name in PRIMARY_TIERS ? carvedOut(name as keyof typeof PRIMARY_TIERS) : [];
  return {
    extends: true,
    test: {
      name,
      include: globsOf(entries),
      exclude: [...configDefaults.exclude, ...primary],
      ...test,
      globalSetup: ["test/setup/temp-check.ts", ...[test.globalSetup ?? []].flat()],
      setupFiles: ["test/setup/temp-dirs.ts", ...[test.setupFiles ?? []].flat()],
    },
  };
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The Redis and PostgreSQL suites share one server each; files run in parallel but each
    // suite uses its own key prefix or table, so they never see each other's data.
    pool: "forks",
    coverage: {
      provider: "v8",
      enabled: inCI,
      include: ["src/**/*.ts", "commands/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage",
      // The floor CI holds: the whole suite's coverage (QUIZ_CI=1 npm test) on 2026-12-08, the
      // lower of Node 20 and Node 24 (85.66 / 77.30 / 87.89 / 87.65 %), rounded down to the whole
      // per cent. v8 counts the code run in the test processes, not in the bot processes the
      // end-to-end files spawn. A change that lowers it fails CI; raise it when coverage grows.
      thresholds: { statements: 85, branches: 77, functions: 87, lines: 87 },
    },
    projects: [
      // Pure code, seconds: `npm run test:unit`. Modules are shared between the files of a worker
      // (isolate: false): most of the tier's time was importing discord.js, zod and the bank.
      project("unit", UNIT, { pool: "forks", isolate: false }),
      // The store backends on SQLite, Redis and PostgreSQL: `npm run test:store`.
      project("store", STORE),
      // The real discord.js client against the fake Discord over the gateway: `npm run test:e2e`.
      project("e2e", E2E),
      // The artifact users run: `npm run build` once, then the compiled bot (`node
      // dist/src/main.js`) and tools as real processes against the fake Discord. The other
      // end-to-end files keep the bot in the test's process, where a test can set its clock,
      // swap its chart renderer and read its store; this tier checks what only a build can break
      // (files tsc does not copy, paths resolved from dist/, start-up and exit messages).
      project("compiled", COMPILED, { globalSetup: ["test/compiled/build.ts"] }),
      // No time bombs: the date-dependent files again, with the clock a year ahead.
      project("year-ahead", TIME_SENSITIVE, { setupFiles: ["test/year-ahead.setup.ts"] }),
      // The container's run stage as a folder (.ci/production-stand-in makes it and runs this).
      ...(process.env.PRODUCTION_APP_DIR ? [project("production", PRODUCTION)] : []),
      // The end-to-end files again, with interactions delivered by signed HTTP POSTs to the bot's
      // endpoint (issue 17); CI only (see HTTP_RERUN_EXCLUDED for what it leaves out and why).
      ...(inCI
        ? [
            project("http", HTTP_RERUN, {
              exclude: [...configDefaults.exclude, ...globsOf(HTTP_RERUN_EXCLUDED)],
              env: { E2E_TRANSPORT: "http" },
            }),
          ]
        : []),
    ],
  },
});
