import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The Redis and PostgreSQL suites share one server each; files run in parallel but each
    // suite uses its own key prefix or table, so they never see each other's data.
    pool: "forks",
    projects: [
      { extends: true, test: { name: "gateway", include: ["test/**/*.test.ts"] } },
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
          ],
          env: { E2E_TRANSPORT: "http" },
        },
      },
    ],
  },
});
