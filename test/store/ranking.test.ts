import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/engine/random.ts";
import { Ranking } from "../../src/store/ranking.ts";

describe("Ranking", () => {
  it("agrees with a full sort after many random updates", () => {
    const random = seededRandom("ranking");
    const ranking = new Ranking();
    const truth = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) {
      const user = `u${Math.floor(random() * 300)}`;
      const points = Math.floor(random() * 200);
      ranking.set(user, points);
      truth.set(user, points);
    }
    const sorted = [...truth.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    expect(ranking.size).toBe(truth.size);
    expect(ranking.page(0, 20).map((r) => [r.userId, r.points])).toEqual(sorted.slice(0, 20));
    for (const [user, points] of sorted.slice(0, 50)) {
      const above = sorted.filter(([, p]) => p > points).length;
      expect(ranking.rank(user)).toEqual({ rank: above + 1, points });
    }
  });

  it("gives tied players the same rank, and pages from an offset", () => {
    const ranking = new Ranking();
    ranking.set("a", 10);
    ranking.set("b", 30);
    ranking.set("c", 10);
    ranking.set("d", 5);
    expect(ranking.page(0, 10).map((r) => [r.userId, r.rank])).toEqual([
      ["b", 1],
      ["a", 2],
      ["c", 2],
      ["d", 4],
    ]);
    expect(ranking.page(2, 1).map((r) => r.userId)).toEqual(["c"]);
    expect(ranking.rank("nobody")).toBeUndefined();
  });
});
