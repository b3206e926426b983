/**
 * What moved out of the store in issue 27: a click is judged by the application on the session
 * read once (the store calls nothing back), and the rate-limit and retention rules are the
 * application's, over records the store saves only if unchanged.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import { retentionPlan } from "../../src/app/lessons/retention.ts";
import { answer, startChannel, startSolo } from "../../src/app/quiz.ts";
import { decideSlot, takeSlot } from "../../src/app/rate-limit.ts";
import { displayedOptions, type SessionState } from "../../src/engine/session.ts";
import type { GradeResult } from "../../src/records/lessons.ts";
import { openKeyv } from "../../src/store/open.ts";
import { makeGame } from "../helpers/game.ts";

const dirs: string[] = [];
const opened: Keyv[] = [];
afterAll(async () => {
  for (const keyv of opened) await keyv.disconnect();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A SQLite store file of its own, opened `n` times (n processes' connections). */
function sqliteStores(n: number): Keyv[] {
  const dir = mkdtempSync(path.join(tmpdir(), "quiz-seam-"));
  dirs.push(dir);
  const url = `sqlite://${path.join(dir, "store.sqlite")}`;
  const keyvs = Array.from({ length: n }, () => openKeyv(url));
  opened.push(...keyvs);
  return keyvs;
}

/** Counts the reads of `session:` keys made through keyv (get and getMany). */
function countSessionReads(keyv: Keyv): { readonly count: () => number } {
  let reads = 0;
  const isSession = (key: unknown) => typeof key === "string" && key.startsWith("session:");
  const get = keyv.get.bind(keyv);
  const getMany = keyv.getMany.bind(keyv);
  keyv.get = ((key: string) => {
    if (isSession(key)) reads++;
    return get(key);
  }) as typeof keyv.get;
  keyv.getMany = ((keys: string[]) => {
    reads += keys.filter(isSession).length;
    return getMany(keys);
  }) as typeof keyv.getMany;
  return { count: () => reads };
}

function rightChoice(game: ReturnType<typeof makeGame>, state: SessionState): number {
  const question = game.bank.get(state.questionIds[state.round] as string);
  if (!question) throw new Error("no question");
  return displayedOptions(state, question).indexOf(question.answer);
}

describe("a click", () => {
  it("reads its session once, on a process that has seen it and on one that has not", async () => {
    const [first, second] = sqliteStores(2) as [Keyv, Keyv];
    const game = makeGame({ keyv: first });
    const started = await startChannel(game, {
      guildId: "g",
      channelId: "c",
      userId: "host",
      filter: {},
      count: 2,
      seconds: 30,
    });
    if (!started.started) throw new Error("not started");
    const where = { guildId: "g", channelId: "c", onOwnMessage: false };
    const click = { sessionId: started.state.id, round: 0, choice: rightChoice(game, started.state), where };

    const reads = countSessionReads(first);
    const taken = await answer(game, { ...click, userId: "p1" });
    expect(taken).toMatchObject({ session: "channel", outcome: { kind: "taken" } });
    // One read to judge; the commit's check is the store transaction's own read.
    expect(reads.count()).toBe(1);

    const other = makeGame({ bank: game.bank, keyv: second, clock: game.clock });
    const otherReads = countSessionReads(second);
    expect(await answer(other, { ...click, userId: "p2" })).toMatchObject({
      session: "channel",
      outcome: { kind: "taken" },
    });
    expect(otherReads.count()).toBe(1);
    const stored = await game.sessions.get(started.state.id);
    expect(Object.keys(stored?.answers ?? {}).sort()).toEqual(["p1", "p2"]);
  });

  it("from another channel, or a solo button off its owner's message, is refused and stores nothing", async () => {
    const game = makeGame();
    const round = await startChannel(game, {
      guildId: "g",
      channelId: "c",
      userId: "host",
      filter: {},
      count: 1,
      seconds: 30,
    });
    if (!round.started) throw new Error("not started");
    const elsewhere = await answer(game, {
      sessionId: round.state.id,
      round: 0,
      userId: "p",
      choice: rightChoice(game, round.state),
      where: { guildId: "g", channelId: "other", onOwnMessage: false },
    });
    expect(elsewhere).toEqual({ session: "elsewhere", sessionGuildId: "g" });

    const solo = await startSolo(game, {
      guildId: "g",
      channelId: "c",
      userId: "owner",
      filter: {},
      count: 1,
    });
    const offMessage = {
      sessionId: solo.id,
      round: 0,
      choice: rightChoice(game, solo),
      where: { guildId: "g", channelId: "c", onOwnMessage: false },
    };
    expect(await answer(game, { ...offMessage, userId: "owner" })).toEqual({
      session: "misplaced",
      ownerId: "owner",
    });
    expect(await answer(game, { ...offMessage, userId: "intruder" })).toEqual({
      session: "misplaced",
      ownerId: "owner",
    });

    expect(await game.scores.get("g", "p")).toBeUndefined();
    expect(await game.scores.get("g", "owner")).toBeUndefined();
    expect((await game.sessions.get(round.state.id))?.answers).toEqual({});
    expect((await game.sessions.get(solo.id))?.answers).toEqual({});
  });
});

describe("the rate-limit rule (src/app/rate-limit.ts)", () => {
  it("counts the times inside the window, and says when the oldest leaves it", () => {
    expect(decideSlot([], 1_000, 2, 100)).toEqual({ result: { ok: true }, times: [1_000] });
    expect(decideSlot([850, 950], 1_000, 2, 100)).toEqual({ result: { ok: true }, times: [950, 1_000] });
    expect(decideSlot([920, 950], 1_000, 2, 100)).toEqual({ result: { ok: false, retryAt: 1_020 } });
  });

  it("lets exactly `limit` of a burst through, from two processes on one store", async () => {
    const [a, b] = sqliteStores(2) as [Keyv, Keyv];
    const games = [makeGame({ keyv: a }), makeGame({ keyv: b })];
    const owner = { kind: "submissions", guildId: "g", userId: "u" } as const;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        takeSlot(games[i % 2] as ReturnType<typeof makeGame>, owner, 5_000, 3, 60_000),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 7 }, () => ({ ok: false, retryAt: 65_000 })),
    );
  });
});

describe("the results retention rule (src/app/lessons/retention.ts)", () => {
  const result = (id: string, classWork: boolean): GradeResult => ({
    v: 1,
    id,
    guildId: "g",
    kind: "round",
    title: null,
    ownerId: "host",
    channelId: "c",
    createdAt: 0,
    questionIds: ["q"],
    classWork,
  });

  it("keeps the newest casual rounds, drops the rest, and moves class work found there to its own index", () => {
    const plan = retentionPlan(
      result("new", false),
      { casual: ["r3", "r2", "old-class", "r1"], classWork: ["a1"] },
      [result("old-class", true), result("r1", false)],
      3,
    );
    expect(plan).toEqual({
      casual: ["new", "r3", "r2"],
      classWork: ["a1", "old-class"],
      dropped: [result("r1", false)],
    });
  });

  it("never pushes class work out", () => {
    const plan = retentionPlan(result("set-play", true), { casual: ["r1"], classWork: ["a1"] }, [], 1);
    expect(plan).toEqual({ casual: ["r1"], classWork: ["set-play", "a1"], dropped: [] });
  });
});
