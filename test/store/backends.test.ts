import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import { answer, startChannel, startSolo } from "../../src/game/quiz.ts";
import { displayedOptions } from "../../src/quiz/session.ts";
import { KeyedLock } from "../../src/store/keyed-lock.ts";
import { Leaderboards } from "../../src/store/leaderboards.ts";
import { keys } from "../../src/store/records.ts";
import { scanPrefix } from "../../src/store/scan.ts";
import { ScoreStore } from "../../src/store/scores.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { FakeClock, makeGame, makeTestBank } from "../helpers/game.ts";

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

    it("counts 1,000 concurrent answers from 200 players exactly, each once", async () => {
      const keyv = open(testNamespace());
      const clock = new FakeClock();
      const lock = new KeyedLock();
      const scores = new ScoreStore(keyv, lock, new Leaderboards(keyv, clock.now));
      const answers = Array.from({ length: 1000 }, (_, i) => ({ user: `u${i % 200}`, n: i }));
      // Every answer is also sent twice, as a double click would.
      await Promise.all(
        [...answers, ...answers].map(({ user, n }) =>
          scores.recordAnswer(
            "g1",
            user,
            {
              key: `a${n}`,
              questionId: `q${n % 7}`,
              sourceId: "alpha",
              difficulty: "easy",
              correct: n % 5 !== 0,
            },
            clock.now(),
          ),
        ),
      );
      let points = 0;
      let answered = 0;
      for (let u = 0; u < 200; u++) {
        const record = await scores.get("g1", `u${u}`);
        answered += record?.answered ?? 0;
        points += record?.points ?? 0;
        expect(record?.answered).toBe(5);
      }
      expect(answered).toBe(1000);
      // Player u has answers u, u+200, ... (n % 5 === 0 is wrong): every points total is recomputable.
      expect(points).toBeGreaterThan(0);
      expect(lock.size).toBe(0);
    });

    it("keeps scores and an in-progress session across a restart (close and reopen)", async () => {
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
      expect(outcome).toMatchObject({ kind: "accepted", correct: true });
      const earned = outcome.kind === "accepted" ? outcome.points.total : -1;
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
      ).toMatchObject({
        kind: "duplicate",
      });
    });

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
      expect(outcomes.filter((o) => o.kind === "accepted")).toHaveLength(200);
      expect(outcomes.filter((o) => o.kind === "duplicate")).toHaveLength(200);
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
      const seed = new ScoreStore(keyv, new KeyedLock(), new Leaderboards(keyv, clock.now));
      for (let i = 0; i < 30; i++) {
        for (let k = 0; k <= i % 5; k++) {
          await seed.recordAnswer(
            "g",
            `u${i}`,
            { key: `k${k}`, questionId: "q", sourceId: "alpha", difficulty: "easy", correct: true },
            clock.now(),
          );
        }
      }
      await seed.recordAnswer(
        "other-guild",
        "u0",
        { key: "k", questionId: "q", sourceId: "alpha", difficulty: "hard", correct: true },
        clock.now(),
      );
      // A new process: the ranking is built by scanning the store.
      const boards = new Leaderboards(keyv, clock.now);
      const scores = new ScoreStore(keyv, new KeyedLock(), boards);
      const page = await boards.page("g", "all-time", 0, 10);
      expect(page.total).toBe(30);
      expect(page.rows[0]?.points).toBe(10 + 15 + 20 + 25 + 30);
      expect(await boards.rank("other-guild", "all-time", "u0")).toEqual({ rank: 1, points: 30 });
      // A write after loading moves the player up at once: u0 had 10, now 10 + 30 + a streak bonus of 5;
      // only the 12 players with 70 or 100 points are above 45.
      await scores.recordAnswer(
        "g",
        "u0",
        { key: "new", questionId: "q", sourceId: "alpha", difficulty: "hard", correct: true },
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
      const result = await game.scores.recordAnswer(
        "g",
        "u",
        { key: "k", questionId: "q", sourceId: "alpha", difficulty: "easy", correct: true },
        clock.now(),
      );
      expect(result.record.points).toBe(10);
    });
  });
}
