import { describe, expect, it } from "vitest";
import { healthPortOf } from "../../src/ops/http.ts";
import { restartDelayMs } from "../../src/ops/shard-supervisor.ts";

describe("the health port of a process", () => {
  it("is HEALTH_PORT plus the shard id under the ShardingManager, HEALTH_PORT on its own, and 0 stays any free port", () => {
    expect(healthPortOf(9100, 0, true)).toBe(9100);
    expect(healthPortOf(9100, 3, true)).toBe(9103);
    expect(healthPortOf(9100, 3, false)).toBe(9100);
    expect(healthPortOf(0, 3, true)).toBe(0);
  });
});

describe("the pause before a dead shard is started again", () => {
  it("doubles with each failure in a row, from 1 s up to a minute", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(restartDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
  });
});
