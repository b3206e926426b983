/**
 * Several bot processes on one Redis or PostgreSQL store: each "process" here is its own keyv
 * connection and its own AppContext (its own locks, caches and group commits), sharing nothing
 * but the database, as processes on different machines would. The store alone must keep every
 * answer scored exactly once and every leaderboard exact.
 */
import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import {
  type AnswerOutcome,
  advanceRound,
  answer,
  questionOf,
  revealRound,
  startChannel,
} from "../../src/app/quiz.ts";
import { emptyRecord, type PlayerRecord } from "../../src/engine/player.ts";
import { displayedOptions } from "../../src/engine/session.ts";
import { redisAccess } from "../../src/store/backends/redis/access.ts";
import { RedisTransactions } from "../../src/store/backends/redis/transactions.ts";
import { Ranking } from "../../src/store/ranking.ts";
import { keys } from "../../src/store/records.ts";
import { TRANSACTION_ATTEMPTS, TransactionConflictError } from "../../src/store/transact.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { FakeClock, makeGame, makeTestBank } from "../helpers/game.ts";

const backends = (await testBackends()).filter((b) => b.shared);
const opened: Keyv[] = [];

afterAll(async () => {
  for (const keyv of opened) await keyv.clear().catch(() => {});
  // Last: the PostgreSQL keyvs of one URL share one pool, which the first disconnect ends.
  for (const keyv of opened) await keyv.disconnect().catch(() => {});
});

/** The kind of an answer's outcome ("gone" for a session that is over). */
function kindOf(outcome: AnswerOutcome): string {
  return outcome.session === "channel" || outcome.session === "solo" ? outcome.outcome.kind : outcome.session;
}

for (const backend of backends) {
  describe.skipIf(!backend.reachable)(`three processes on one ${backend.name} store`, () => {
    /** Three processes on one namespace, with one clock (the same moment everywhere). */
    function processes(namespace = testNamespace(), count = 3) {
      const clock = new FakeClock();
      const bank = makeTestBank();
      return Array.from({ length: count }, (_, p) => {
        const keyv = backend.open(namespace);
        opened.push(keyv);
        const game = makeGame({ bank, keyv, clock });
        // Ids must not collide between processes (makeGame counts from 1 in each).
        let next = 0;
        return { ...game, newId: () => `p${p}s${++next}` };
      });
    }

    /** The board every process must show: the in-memory Ranking over the records, as on SQLite. */
    async function expectedBoard(
      game: ReturnType<typeof processes>[number],
      guildId: string,
      users: string[],
    ) {
      const ranking = new Ranking();
      const records: PlayerRecord[] = [];
      for (const userId of users) {
        const record = await game.scores.get(guildId, userId);
        if (record) records.push(record);
      }
      ranking.reset(records.filter((r) => r.points > 0).map((r) => [r.userId, r.points] as const));
      return ranking;
    }

    it("scores 300 players' clicks, each sent to every process at once, exactly once, with an exact leaderboard", async () => {
      const procs = processes();
      const [a] = procs as [(typeof procs)[number]];
      const started = await startChannel(a, {
        guildId: "g1",
        channelId: "c1",
        userId: "host",
        filter: {},
        count: 2,
        seconds: 30,
      });
      if (!started.started) throw new Error("not started");
      const sessionId = started.state.id;
      // The board exists (built, empty) before the first answer: every commit below keeps it.
      expect(await a.leaderboards.page("g1", "all-time", 0, 10)).toEqual({ total: 0, rows: [] });
      const users = Array.from({ length: 300 }, (_, u) => `u${String(u).padStart(3, "0")}`);
      // Every player's click arrives at all three processes (a retried interaction, a double click).
      const clicks = users.flatMap((userId, u) =>
        procs.map((game) => ({ game, click: { sessionId, round: 0, userId, choice: u % 4 } })),
      );
      const outcomes = await Promise.all(clicks.map(({ game, click }) => answer(game, click)));
      const taken = new Map<string, number>();
      outcomes.forEach((outcome, i) => {
        const kind = kindOf(outcome);
        expect(["taken", "duplicate"]).toContain(kind);
        if (kind === "taken") {
          const userId = clicks[i]?.click.userId as string;
          taken.set(userId, (taken.get(userId) ?? 0) + 1);
        }
      });
      expect(taken.size).toBe(300);
      expect([...taken.values()].every((n) => n === 1)).toBe(true);

      const session = await a.sessions.get(sessionId);
      expect(Object.keys(session?.answers ?? {}).sort()).toEqual(users);
      let points = 0;
      for (const userId of users) {
        const record = await a.scores.get("g1", userId);
        expect(record?.answered).toBe(1);
        expect(await a.scores.history("g1", userId, [started.state.questionIds[0] as string])).toMatchObject({
          questions: { [started.state.questionIds[0] as string]: { seen: 1 } },
        });
        points += record?.points ?? 0;
      }
      const tallied = Object.values(session?.tallies ?? {}).reduce((sum, t) => sum + t.points, 0);
      expect(points).toBe(tallied);
      expect(points).toBeGreaterThan(0);

      const expected = await expectedBoard(a, "g1", users);
      for (const game of procs) {
        const board = await game.leaderboards.page("g1", "all-time", 0, 1_000);
        expect(board).toEqual({ total: expected.size, rows: expected.page(0, 1_000) });
        expect(await game.leaderboards.page("g1", "week", 0, 1_000)).toEqual(board);
        for (const userId of users.slice(0, 20))
          expect(await game.leaderboards.rank("g1", "all-time", userId)).toEqual(expected.rank(userId));
      }

      // A second round: players who score again move up the board (and out of their old points).
      await revealRound(a, sessionId, 0);
      const moved = await advanceRound(a, sessionId, 0);
      if (moved.kind !== "changed") throw new Error("round 1 not started");
      const question = await questionOf(a, moved.state);
      // Two players in three answer right, so most of round 0's scorers move from their points.
      const right = displayedOptions(moved.state, question).indexOf(question.answer);
      const second = await Promise.all(
        users.map((userId, u) =>
          answer(procs[u % 3] as (typeof procs)[number], {
            sessionId,
            round: 1,
            userId,
            choice: u % 3 === 0 ? (right + 1) % 2 : right,
          }),
        ),
      );
      expect(second.map(kindOf)).toEqual(users.map(() => "taken"));
      const after = await expectedBoard(a, "g1", users);
      for (const game of procs) {
        expect(await game.leaderboards.page("g1", "all-time", 0, 1_000)).toEqual({
          total: after.size,
          rows: after.page(0, 1_000),
        });
        for (const userId of users.slice(0, 40))
          expect(await game.leaderboards.rank("g1", "all-time", userId)).toEqual(after.rank(userId));
      }
    });

    it("never loses an acknowledged answer while another process reveals the round", async () => {
      const procs = processes();
      const [a, b, c] = procs as [(typeof procs)[number], (typeof procs)[number], (typeof procs)[number]];
      const started = await startChannel(a, {
        guildId: "g2",
        channelId: "c1",
        userId: "host",
        filter: {},
        count: 2,
        seconds: 30,
      });
      if (!started.started) throw new Error("not started");
      const sessionId = started.state.id;
      const users = Array.from({ length: 200 }, (_, u) => `v${u}`);
      const clicks = users.map((userId, u) => ({
        game: u % 2 === 0 ? a : c,
        click: { sessionId, round: 0, userId, choice: 0 },
      }));
      // The reveal lands somewhere in the middle of the burst, from a process taking no answers.
      const answering = Promise.all(clicks.map(({ game, click }) => answer(game, click)));
      await new Promise((resolve) => setTimeout(resolve, 5));
      const revealed = await revealRound(b, sessionId, 0);
      const outcomes = await answering;
      expect(revealed.kind).toBe("changed");

      const session = await b.sessions.get(sessionId);
      expect(session?.phase).toBe("revealed");
      const answered = new Set(Object.keys(session?.answers ?? {}));
      outcomes.forEach((outcome, i) => {
        const userId = clicks[i]?.click.userId as string;
        const kind = kindOf(outcome);
        expect(["taken", "closed"]).toContain(kind);
        // Told "taken" exactly when the round's record of answers holds it, and the score too.
        expect(answered.has(userId)).toBe(kind === "taken");
      });
      for (const userId of users) {
        const record = await c.scores.get("g2", userId);
        expect(record?.answered ?? 0).toBe(answered.has(userId) ? 1 : 0);
      }
      // The next step is taken once, whichever processes try it.
      const steps = await Promise.all(procs.map((game) => advanceRound(game, sessionId, 0)));
      const moved = steps.filter((s) => s.kind === "changed" && s.state.round !== s.previous.round);
      expect(moved).toHaveLength(1);
      expect((await a.sessions.get(sessionId))?.round).toBe(1);
    });

    it("lets only one of three processes claim a channel started everywhere at once", async () => {
      const procs = processes();
      const starts = await Promise.all(
        procs.map((game) =>
          startChannel(game, {
            guildId: "g3",
            channelId: "c9",
            userId: "host",
            filter: {},
            count: 1,
            seconds: 30,
          }),
        ),
      );
      expect(starts.filter((s) => s.started)).toHaveLength(1);
    });

    it("builds a guild's leaderboard from its records once, for processes that start together", async () => {
      const namespace = testNamespace();
      const clock = new FakeClock();
      // Records of a deployment from before the boards were in the database: written straight to keyv.
      const writer = backend.open(namespace);
      opened.push(writer);
      const users = Array.from({ length: 120 }, (_, u) => `w${u}`);
      const records = users.map((userId, u) => ({
        ...emptyRecord("g4", userId, clock.now()),
        // Many ties, and some players without points (never ranked).
        points: u % 7 === 0 ? 0 : 10 * (u % 9),
        weekPoints: u % 3 === 0 ? 0 : u % 5,
      }));
      await writer.setMany(records.map((r) => ({ key: keys.score("g4", r.userId), value: r })));
      // Another guild's records are no part of this board.
      await writer.set(keys.score("g5", "w1"), { ...emptyRecord("g5", "w1", clock.now()), points: 999 });

      const procs = Array.from({ length: 3 }, () => {
        const keyv = backend.open(namespace);
        opened.push(keyv);
        return makeGame({ bank: makeTestBank(), keyv, clock });
      });
      const allTime = new Ranking();
      allTime.reset(records.filter((r) => r.points > 0).map((r) => [r.userId, r.points] as const));
      const weekly = new Ranking();
      weekly.reset(records.filter((r) => r.weekPoints > 0).map((r) => [r.userId, r.weekPoints] as const));
      const pages = await Promise.all(procs.map((game) => game.leaderboards.page("g4", "all-time", 0, 500)));
      for (const page of pages) expect(page).toEqual({ total: allTime.size, rows: allTime.page(0, 500) });
      for (const game of procs) {
        expect(await game.leaderboards.page("g4", "week", 3, 7)).toEqual({
          total: weekly.size,
          rows: weekly.page(3, 7),
        });
        for (const userId of users) {
          expect(await game.leaderboards.rank("g4", "all-time", userId)).toEqual(allTime.rank(userId));
          expect(await game.leaderboards.rank("g4", "week", userId)).toEqual(weekly.rank(userId));
        }
      }
      // Built once: a record changed behind the store's back now is not read again (the board is the truth).
      await writer.set(keys.score("g4", "w1"), { ...records[1], points: 5_000 } as PlayerRecord);
      const fresh = backend.open(namespace);
      opened.push(fresh);
      const late = makeGame({ bank: makeTestBank(), keyv: fresh, clock });
      expect(await late.leaderboards.rank("g4", "all-time", "w1")).toEqual(allTime.rank("w1"));
    });

    it.skipIf(backend.name !== "redis")(
      "a commit that lost a race is decided again on the winner's write",
      async () => {
        const namespace = testNamespace();
        const keyv = backend.open(namespace);
        const rival = backend.open(namespace);
        opened.push(keyv, rival);
        const access = redisAccess(keyv);
        if (!access) throw new Error("no Redis access");
        await keyv.set("tally", { count: 1 });
        const seenCounts: number[] = [];
        const result = await new RedisTransactions(access).transact(async (tx) => {
          const count = ((await tx.read(["tally"])).get("tally") as { count: number }).count;
          seenCounts.push(count);
          // The first time only, another process commits in between the read and this commit.
          if (seenCounts.length === 1) await rival.set("tally", { count: count + 10 });
          return { writes: [{ key: "tally", value: { count: count + 1 } }], result: count + 1 };
        });
        expect(seenCounts).toEqual([1, 11]);
        expect(result).toBe(12);
        expect(await keyv.get("tally")).toEqual({ count: 12 });
      },
    );

    // PostgreSQL's transactions lock and wait, so they do not conflict: this is Redis's optimistic commit.
    it.skipIf(backend.name !== "redis")(
      "a conflict storm that exhausts the retries is an error, and writes nothing",
      async () => {
        const namespace = testNamespace();
        const keyv = backend.open(namespace);
        const rival = backend.open(namespace);
        opened.push(keyv, rival);
        const access = redisAccess(keyv);
        if (!access) throw new Error("no Redis access");
        const transactions = new RedisTransactions(access);
        let runs = 0;
        const attempt = transactions.transact(async (tx) => {
          runs++;
          const read = await tx.read(["contested"]);
          // Another process writes the key after every read: the commit can never be the next write.
          await rival.set("contested", { by: "rival", run: runs });
          return {
            writes: [{ key: "mine", value: { from: read.get("contested") ?? null } }],
            result: "done",
          };
        });
        await expect(attempt).rejects.toBeInstanceOf(TransactionConflictError);
        await expect(attempt).rejects.toThrow(`changed under this commit ${TRANSACTION_ATTEMPTS} times`);
        expect(runs).toBe(TRANSACTION_ATTEMPTS);
        expect(await keyv.get("mine")).toBeUndefined();
      },
    );
  });
}
