import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/app/group-commit.ts";

describe("GroupCommit", () => {
  it("takes every item submitted in one turn of the event loop into one group", async () => {
    const groups = new GroupCommit();
    const runs: number[][] = [];
    const run = async (items: readonly number[]) => {
      runs.push([...items]);
      return items.map((item) => item * 10);
    };
    // Submitted one after another in the same turn, as the clicks of one socket read are.
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => groups.submit("s", i, run)));
    expect(runs).toEqual([Array.from({ length: 20 }, (_, i) => i)]);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
  });

  it("queues what arrives during a group for the next one, and fails only the group that failed", async () => {
    const groups = new GroupCommit();
    const runs: string[][] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = async (items: readonly string[]) => {
      runs.push([...items]);
      if (items.includes("a")) await held;
      if (items.includes("bad")) throw new Error("store down");
      return items.map((item) => item.toUpperCase());
    };
    const first = groups.submit("s", "a", run);
    while (runs.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // The first group is running now: these wait for it, then run together.
    const later = Promise.allSettled([groups.submit("s", "b", run), groups.submit("s", "bad", run)]);
    const other = groups.submit("t", "c", run);
    expect(await other).toBe("C");
    release();
    expect(await first).toBe("A");
    const settled = await later;
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect(String((settled[0] as PromiseRejectedResult).reason)).toContain("store down");
    expect(runs).toEqual([["a"], ["c"], ["b", "bad"]]);
  });
});
