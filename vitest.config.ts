import { configDefaults, defineConfig } from "vitest/config";

/**
 * The suite's files whose meaning depends on the date: fixtures written at a fixed time with a TTL,
 * session and draft TTLs, due times and time zones, ISO weeks, review intervals, timestamps shown in
 * messages and charts. The "year-ahead" project runs them again with the clock a year on.
 */
const TIME_SENSITIVE = [
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

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The Redis and PostgreSQL suites share one server each; files run in parallel but each
    // suite uses its own key prefix or table, so they never see each other's data.
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "gateway",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/compiled/**", "test/production/**"],
        },
      },
      {
        // The artifact users run: `npm run build` once, then the compiled bot (`node
        // dist/src/main.js`) and tools as real processes against the fake Discord. The other
        // end-to-end files keep the bot in the test's process, where a test can set its clock,
        // swap its chart renderer and read its store; this tier checks what only a build can break
        // (files tsc does not copy, paths resolved from dist/, start-up and exit messages).
        extends: true,
        test: {
          name: "compiled",
          include: ["test/compiled/**/*.test.ts"],
          globalSetup: ["test/compiled/build.ts"],
        },
      },
      {
        // No time bombs: the date-dependent files again, with the clock a year ahead.
        extends: true,
        test: { name: "year-ahead", include: TIME_SENSITIVE, setupFiles: ["test/year-ahead.setup.ts"] },
      },
      // The container's run stage as a folder (.ci/production-stand-in makes it and runs this).
      ...(process.env.PRODUCTION_APP_DIR
        ? [{ extends: true as const, test: { name: "production", include: ["test/production/*.test.ts"] } }]
        : []),
      {
        // The end-to-end suite again, with interactions delivered by signed HTTP POSTs to the
        // bot's endpoint (issue 17). Left out: files whose bot processes are spawned without the
        // harness, so they would rerun the gateway case unchanged (sharding and shard leases are
        // gateway-only by nature; operate covers SIGTERM, /healthz and backups on the gateway, and
        // http-transport covers them over HTTP; fleet runs gateway processes and http-workers HTTP
        // ones, each choosing its transport itself; store-loss starts bot processes on throwaway Redis servers it breaks
        // itself); scan-faults, which breaks the store under a
        // leaderboard scan and does not depend on how interactions arrive; and http-transport,
        // which chooses its transports itself.
        extends: true,
        test: {
          name: "http",
          include: ["test/e2e/**/*.test.ts"],
          exclude: [
            "test/e2e/sharding.test.ts",
            "test/e2e/lease.test.ts",
            "test/e2e/operate.test.ts",
            "test/e2e/scan-faults.test.ts",
            "test/e2e/http-transport.test.ts",
            "test/e2e/fleet.test.ts",
            "test/e2e/http-workers.test.ts",
            "test/e2e/store-loss.test.ts",
            // Two gateway processes of its own on a throwaway Redis (as fleet).
            "test/e2e/live-fleet.test.ts",
          ],
          env: { E2E_TRANSPORT: "http" },
        },
      },
    ],
  },
});
