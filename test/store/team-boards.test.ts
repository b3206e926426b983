import { afterAll, describe, expect, it } from "vitest";
import { backendFor, openKeyv } from "../../src/store/open.ts";
import { TeamBoards } from "../../src/store/team-boards.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";

const backends = await testBackends();
const redis = backends.find((b) => b.name === "redis");
const MONDAY = Date.parse("2026-11-23T12:00:00Z");
const NEXT_MONDAY = MONDAY + 7 * 24 * 3600 * 1000;
const red = { key: "role:1", name: "<@&1>", score: 12.5 };
const blue = { key: "role:2", name: "<@&2>", score: 20 };

const opened: { disconnect(): Promise<void> }[] = [];
afterAll(async () => {
  for (const keyv of opened) await keyv.disconnect();
});

async function checkBoard(boards: TeamBoards) {
  await boards.addRound("g", "round-1", [red, blue], MONDAY);
  // The same round again (a retried end, another process): added once.
  await boards.addRound("g", "round-1", [red, blue], MONDAY);
  await boards.addRound("g", "round-2", [{ ...red, score: 10 }], MONDAY);
  expect(await boards.standings("g", "all-time", MONDAY)).toEqual([
    { name: "<@&1>", points: 22.5, rounds: 2 },
    { name: "<@&2>", points: 20, rounds: 1 },
  ]);
  // A new week: the weekly board starts again, the all-time one keeps everything.
  await boards.addRound("g", "round-3", [{ ...blue, score: 5 }], NEXT_MONDAY);
  expect(await boards.standings("g", "week", NEXT_MONDAY)).toEqual([{ name: "<@&2>", points: 5, rounds: 1 }]);
  expect((await boards.standings("g", "all-time", NEXT_MONDAY)).map((t) => t.points)).toEqual([25, 22.5]);
  expect(await boards.standings("other", "all-time", MONDAY)).toEqual([]);
}

describe("a server's team leaderboard", () => {
  it("adds each round once, all-time and per ISO week (in memory)", async () => {
    const keyv = openKeyv("memory://");
    await checkBoard(new TeamBoards(keyv, () => {}, backendFor(keyv).transactions));
  });

  it.skipIf(!redis?.reachable)("does the same as a Redis transaction (several processes)", async () => {
    const keyv = redis?.open(testNamespace());
    if (!keyv) throw new Error("no Redis");
    opened.push(keyv);
    const transactions = backendFor(keyv).transactions;
    await checkBoard(new TeamBoards(keyv, () => {}, transactions));
    // Two processes adding the same round at once: still once.
    const a = new TeamBoards(keyv, () => {}, transactions);
    const b = new TeamBoards(keyv, () => {}, backendFor(keyv).transactions);
    await Promise.all([a.addRound("h", "r", [red], MONDAY), b.addRound("h", "r", [red], MONDAY)]);
    expect(await a.standings("h", "all-time", MONDAY)).toEqual([{ name: "<@&1>", points: 12.5, rounds: 1 }]);
  });
});
