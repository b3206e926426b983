import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import { answer, startChannel, startSolo } from "../../src/app/quiz.ts";
import { displayedOptions } from "../../src/engine/session.ts";
import { KeyedLock } from "../../src/lib/keyed-lock.ts";
import { Leaderboards } from "../../src/store/leaderboards.ts";
import { backendFor } from "../../src/store/open.ts";
import { keys } from "../../src/store/records.ts";
import { scanPrefix } from "../../src/store/scan.ts";
import { ScoreStore } from "../../src/store/scores.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { FakeClock, makeGame, makeTestBank, recordAnswerFor } from "../helpers/game.ts";

const backends = await testBackends();
const opened: Keyv[] = [];

afterAll(async () => {
  for (const keyv of opened) {
    await keyv.clear().catch(() => {});
    await keyv.disconnect().catch(() => {});
  }
});

for (const backend of backends) {
  describe.skipIf(!backend.reachable)(`the store on ${backend.name}`, () => {
    function open(namespace: string): Keyv {
      const keyv = backend.open(namespace);
      opened.push(keyv);
      return keyv;
    }

    it("counts 1,000 concurrent answers from 200 players in 5 rounds at once exactly, each once", async () => {
      const game = makeGame({ keyv: open(testNamespace()) });
      const rounds = [];
      for (let c = 0; c < 5; c++) {
        const started = await startChannel(game, {
          guildId: "g1",
          channelId: `c${c}`,
          userId: "host",
          filter: {},
          count: 1,
          seconds: 30,
        });
        if (!started.started) throw new Error("not started");
        rounds.push(started.state.id);
      }
      // Every player answers in every round at once, and every click is sent twice, as a double click would.
      const clicks = rounds.flatMap((sessionId) =>
        Array.from({ length: 200 }, (_, u) => ({ sessionId, round: 0, userId: `u${u}`, choice: u % 4 })),
      );
      const outcomes = await Promise.all([...clicks, ...clicks].map((click) => answer(game, click)));
      const kinds = outcomes.map((o) => (o.session === "channel" ? o.outcome.kind : o.session));
      expect(kinds.filter((k) => k === "taken")).toHaveLength(1000);
      expect(kinds.filter((k) => k === "duplicate")).toHaveLength(1000);
      let points = 0;
      for (let u = 0; u < 200; u++) {
        const record = await game.scores.get("g1", `u${u}`);
        expect(record?.answered).toBe(5);
        points += record?.points ?? 0;
      }
      let tallied = 0;
      for (const id of rounds)
        for (const tally of Object.values((await game.sessions.get(id))?.tallies ?? {}))
          tallied += tally.points;
      expect(points).toBe(tallied);
      expect(points).toBeGreaterThan(0);
    });

    // An in-memory store ends with its process: nothing to reopen.
    it.skipIf(backend.name === "memory")(
      "keeps scores and an in-progress session across a restart (close and reopen)",
      async () => {
        const namespace = testNamespace();
        const clock = new FakeClock();
        const bank = makeTestBank();
        const first = makeGame({ bank, keyv: open(namespace), clock });
        const solo = await startSolo(first, {
          guildId: "g",
          channelId: "c",
          userId: "p",
          filter: {},
          count: 3,
        });
        const question = bank.get(solo.questionIds[0] as string);
        if (!question) throw new Error("no question");
        const right = displayedOptions(solo, question).indexOf(question.answer);
        const outcome = await answer(first, { sessionId: solo.id, round: 0, userId: "p", choice: right });
        expect(outcome).toMatchObject({ session: "solo", outcome: { kind: "revealed", correct: true } });
        const earned =
          outcome.session === "solo" && outcome.outcome.kind === "revealed"
            ? outcome.outcome.points.total
            : -1;
        await first.keyv.disconnect();

        const second = makeGame({ bank, keyv: open(namespace), clock });
        const restored = await second.sessions.get(solo.id);
        expect(restored).toMatchObject({
          id: solo.id,
          round: 0,
          phase: "revealed",
          questionIds: solo.questionIds,
        });
        expect(await second.scores.get("g", "p")).toMatchObject({ points: earned, answered: 1, correct: 1 });
        // A double click that arrives after the restart still does not score twice.
        expect(
          await answer(second, { sessionId: solo.id, round: 0, userId: "p", choice: right }),
        ).toMatchObject({ session: "solo", outcome: { kind: "duplicate" } });
      },
    );

    it("takes 200 players' simultaneous clicks on a channel round, each scored once, double clicks refused", async () => {
      const game = makeGame({ keyv: open(testNamespace()) });
      const started = await startChannel(game, {
        guildId: "g",
        channelId: "c",
        userId: "host",
        filter: {},
        count: 2,
        seconds: 30,
      });
      if (!started.started) throw new Error("not started");
      const clicks = Array.from({ length: 400 }, (_, i) => ({ user: `p${i % 200}`, choice: i % 4 }));
      const outcomes = await Promise.all(
        clicks.map(({ user, choice }) =>
          answer(game, { sessionId: started.state.id, round: 0, userId: user, choice }),
        ),
      );
      const kinds = outcomes.map((o) => (o.session === "channel" ? o.outcome.kind : o.session));
      expect(kinds.filter((k) => k === "taken")).toHaveLength(200);
      expect(kinds.filter((k) => k === "duplicate")).toHaveLength(200);
      const state = await game.sessions.get(started.state.id);
      expect(Object.keys(state?.answers ?? {})).toHaveLength(200);
      let total = 0;
      for (let i = 0; i < 200; i++) total += (await game.scores.get("g", `p${i}`))?.points ?? 0;
      const tallied = Object.values(state?.tallies ?? {}).reduce((sum, t) => sum + t.points, 0);
      expect(total).toBe(tallied);
    });

    it("allows one channel round per channel, even when two start at once", async () => {
      const game = makeGame({ keyv: open(testNamespace()) });
      const request = { guildId: "g", channelId: "c", userId: "host", filter: {}, count: 2, seconds: 30 };
      const results = await Promise.all([startChannel(game, request), startChannel(game, request)]);
      expect(results.filter((r) => r.started)).toHaveLength(1);
    });

    it("builds leaderboards from the store, keeps them current, and ranks this week separately", async () => {
      const namespace = testNamespace();
      const clock = new FakeClock();
      const keyv = open(namespace);
      const seed = new ScoreStore(
        keyv,
        new KeyedLock(),
        new Leaderboards(keyv, clock.now),
        () => {},
        backendFor(keyv).transactions,
      );
      for (let i = 0; i < 30; i++) {
        for (let k = 0; k <= i % 5; k++) {
          await recordAnswerFor(
            seed,
            "g",
            `u${i}`,
            { questionId: "q", sourceId: "alpha", difficulty: "easy", correct: true },
            clock.now(),
          );
        }
      }
      await recordAnswerFor(
        seed,
        "other-guild",
        "u0",
        { questionId: "q", sourceId: "alpha", difficulty: "hard", correct: true },
        clock.now(),
      );
      // A new process: the ranking is built by scanning the store.
      const boards = new Leaderboards(keyv, clock.now);
      const scores = new ScoreStore(keyv, new KeyedLock(), boards, () => {}, backendFor(keyv).transactions);
      const page = await boards.page("g", "all-time", 0, 10);
      expect(page.total).toBe(30);
      expect(page.rows[0]?.points).toBe(10 + 15 + 20 + 25 + 30);
      expect(await boards.rank("other-guild", "all-time", "u0")).toEqual({ rank: 1, points: 30 });
      // A write after loading moves the player up at once: u0 had 10, now 10 + 30 + a streak bonus of 5;
      // only the 12 players with 70 or 100 points are above 45.
      await recordAnswerFor(
        scores,
        "g",
        "u0",
        { questionId: "q", sourceId: "alpha", difficulty: "hard", correct: true },
        clock.now(),
      );
      expect(await boards.rank("g", "all-time", "u0")).toEqual({ rank: 13, points: 45 });
      // Next week, the weekly board starts empty while the all-time board stays.
      clock.advance(7 * 24 * 3600 * 1000);
      expect((await boards.page("g", "week", 0, 10)).total).toBe(0);
      expect((await boards.page("g", "all-time", 0, 10)).total).toBe(30);
    });

    it("scans one kind of record by key prefix, without the others", async () => {
      const keyv = open(testNamespace());
      await keyv.setMany([
        { key: "score:g:1", value: { n: 1 } },
        { key: "score:g:2", value: { n: 2 } },
        { key: "scorecard:x", value: { n: 3 } },
        { key: "history:g:1:q", value: { n: 4 } },
        { key: "session:s", value: { n: 5 }, ttl: 60_000 },
      ]);
      const found: [string, unknown][] = [];
      for await (const entry of scanPrefix(keyv, "score:")) found.push(entry);
      expect(found.sort()).toEqual([
        ["score:g:1", { n: 1 }],
        ["score:g:2", { n: 2 }],
      ]);
    });

    it("reports a corrupt record with its key, sets it aside, and goes on", async () => {
      const keyv = open(testNamespace());
      const clock = new FakeClock();
      const game = makeGame({ keyv, clock });
      await keyv.set(keys.score("g", "u"), { points: "lots" });
      expect(await game.scores.get("g", "u")).toBeUndefined();
      await game.quarantine.idle();
      expect(await keyv.get(keys.score("g", "u"))).toBeUndefined();
      expect(await keyv.get(`corrupt:${keys.score("g", "u")}:${clock.now()}`)).toEqual({ points: "lots" });
      const record = await recordAnswerFor(
        game.scores,
        "g",
        "u",
        { questionId: "q", sourceId: "alpha", difficulty: "easy", correct: true },
        clock.now(),
      );
      expect(record.points).toBe(10);
    });
  });
}
