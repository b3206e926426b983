import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The Redis and PostgreSQL suites share one server each; files run in parallel but each
    // suite uses its own key prefix or table, so they never see each other's data.
    pool: "forks",
  },
});
