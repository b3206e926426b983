import type Keyv from "keyv";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.ts";
import { emptyRecord } from "../../src/engine/player.ts";
import type { CommunityQuestion, QuestionReport } from "../../src/records/community.ts";
import { keys } from "../../src/store/records.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";
import { FakeClock, makeTestBank } from "../helpers/game.ts";

// Issue 18, case 2: corrupt records of every kind are moved aside under `corrupt:` with a log line
// naming the key, and the rest goes on; indexes are rebuilt from the records they index.

const backends = await testBackends();
const opened: Keyv[] = [];

afterAll(async () => {
  for (const keyv of opened) {
    await keyv.clear().catch(() => {});
    await keyv.disconnect().catch(() => {});
  }
});

function question(guildId: string, id: string, createdAt: number): CommunityQuestion {
  return {
    v: 1,
    id,
    guildId,
    authorId: "author",
    status: "approved",
    draft: {
      source: "alpha",
      difficulty: "easy",
      topic: "topic",
      question: `Question ${id}?`,
      answer: "Yes",
      wrong: "No",
      quote: "a quote",
      explanation: "because",
    },
    createdAt,
    reviewerId: "reviewer",
    reviewedAt: createdAt,
    reason: null,
  };
}

function report(guildId: string, id: string, createdAt: number): QuestionReport {
  return {
    v: 1,
    id,
    guildId,
    questionId: "q1",
    reporterId: "reporter",
    text: "the quote does not say this",
    createdAt,
    status: "open",
    resolvedBy: null,
    resolvedAt: null,
  };
}

for (const backend of backends) {
  describe.skipIf(!backend.reachable)(`corrupt records on ${backend.name}`, () => {
    function setup() {
      const namespace = testNamespace();
      const keyv = backend.open(namespace);
      opened.push(keyv);
      const clock = new FakeClock();
      const logged: { msg: string; key?: string; aside?: string }[] = [];
      const logger = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
      const game = createAppContext({ bank: makeTestBank(), keyv, logger, now: clock.now });
      /** Writes a value as the store holds it, bypassing keyv's JSON serializer. */
      const writeRaw = (key: string, text: string) =>
        (keyv.store as { set(key: string, value: string): Promise<unknown> }).set(
          `${namespace}:${key}`,
          text,
        );
      /** The copy moved aside for `key`, after every move has finished. */
      const aside = async (key: string) => {
        await game.quarantine.idle();
        return keyv.get(`corrupt:${key}:${clock.now()}`);
      };
      const loggedKeys = () => logged.filter((l) => l.msg.includes("corrupt")).map((l) => l.key);
      return { keyv, game, clock, writeRaw, aside, loggedKeys };
    }

    it("a score row that is not JSON, or fails its schema, never takes down a leaderboard of its guild or any other", async () => {
      const { keyv, game, clock, writeRaw, aside, loggedKeys } = setup();
      await keyv.set(keys.score("g1", "u1"), { ...emptyRecord("g1", "u1", clock.now()), points: 10 });
      await keyv.set(keys.score("g2", "u3"), { ...emptyRecord("g2", "u3", clock.now()), points: 20 });
      await writeRaw(keys.score("g1", "u2"), "not json {");
      await keyv.set(keys.score("g2", "u4"), { points: "lots" });

      const g1 = await game.leaderboards.page("g1", "all-time", 0, 10);
      const g2 = await game.leaderboards.page("g2", "all-time", 0, 10);
      expect(g1).toEqual({ total: 1, rows: [{ rank: 1, userId: "u1", points: 10 }] });
      expect(g2).toEqual({ total: 1, rows: [{ rank: 1, userId: "u3", points: 20 }] });
      // /stats of the player whose row is unreadable: no record, no error.
      expect(await game.scores.get("g1", "u2")).toBeUndefined();

      expect(await aside(keys.score("g1", "u2"))).toBe("not json {");
      expect(await aside(keys.score("g2", "u4"))).toEqual({ points: "lots" });
      expect(await keyv.get(keys.score("g1", "u2"))).toBeUndefined();
      expect(await keyv.get(keys.score("g2", "u4"))).toBeUndefined();
      expect(loggedKeys()).toEqual(expect.arrayContaining([keys.score("g1", "u2"), keys.score("g2", "u4")]));
    });

    const kinds: {
      name: string;
      key: string;
      read: (game: AppContext, keyv: Keyv) => Promise<unknown>;
      fallback: unknown;
    }[] = [
      {
        name: "question history",
        key: keys.history("g", "u", "q"),
        read: (game) => game.scores.history("g", "u", ["q"]),
        fallback: { questions: {} },
      },
      {
        name: "session",
        key: keys.session("s1"),
        read: (game) => game.sessions.get("s1"),
        fallback: undefined,
      },
      {
        name: "channel claim",
        key: keys.channel("g", "c"),
        read: (game) => game.sessions.inChannel("g", "c"),
        fallback: undefined,
      },
      {
        name: "settings",
        key: "settings:g",
        read: (game) => game.community.settings("g"),
        fallback: { v: 1, quizMasterRoleId: null, disabledQuestions: [] },
      },
      {
        name: "notices",
        key: "notices:g:u",
        read: (game) => game.community.takeNotices("g", "u"),
        fallback: [],
      },
      {
        name: "draft",
        key: "draft:g:u",
        read: (game) => game.community.draft("g", "u"),
        fallback: undefined,
      },
      {
        name: "proposal",
        key: "cq:g:q1",
        read: async (game, keyv) => {
          await keyv.set("cq-index:g", { ids: ["q1"] });
          return game.community.questions("g");
        },
        fallback: [],
      },
      {
        name: "report",
        key: "report:g:r1",
        read: async (game, keyv) => {
          await keyv.set("report-index:g", { ids: ["r1"] });
          return game.community.reports("g");
        },
        fallback: [],
      },
    ];
    for (const kind of kinds) {
      it(`a corrupt ${kind.name} is moved aside with a log line naming its key`, async () => {
        const { keyv, game, writeRaw, aside, loggedKeys } = setup();
        await writeRaw(kind.key, "<<garbage");
        expect(await kind.read(game, keyv)).toEqual(kind.fallback);
        expect(await aside(kind.key)).toBe("<<garbage");
        expect(await keyv.get(kind.key)).toBeUndefined();
        expect(loggedKeys()).toContain(kind.key);
        // Valid JSON of the wrong shape is moved aside just the same.
        await keyv.set(kind.key, { wrong: true });
        expect(await kind.read(game, keyv)).toEqual(kind.fallback);
        await game.quarantine.idle();
        expect(await keyv.get(kind.key)).toBeUndefined();
      });
    }

    it("a corrupt proposal index is rebuilt from the proposals, and the next proposal orphans none", async () => {
      const { keyv, game, aside } = setup();
      await keyv.set("cq:g:a", question("g", "a", 1));
      await keyv.set("cq:g:b", question("g", "b", 2));
      await keyv.set("cq:other:z", question("other", "z", 3));
      await keyv.set("cq-index:g", { ids: "oops" });

      expect((await game.community.questions("g")).map((q) => q.id)).toEqual(["a", "b"]);
      expect(await keyv.get("cq-index:g")).toEqual({ ids: ["a", "b"] });
      expect(await aside("cq-index:g")).toEqual({ ids: "oops" });

      await keyv.set("cq-index:g", { ids: "oops" });
      await game.community.addQuestion(question("g", "c", 4));
      expect((await game.community.questions("g")).map((q) => q.id)).toEqual(["a", "b", "c"]);
    });

    it("a corrupt report index is rebuilt from the reports", async () => {
      const { keyv, game } = setup();
      await keyv.set("report:g:r1", report("g", "r1", 1));
      await keyv.set("report:g:r2", report("g", "r2", 2));
      await keyv.set("report-index:g", 42);
      await game.community.addReport(report("g", "r3", 3));
      expect((await game.community.reports("g")).map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
      expect(await keyv.get("report-index:g")).toEqual({ ids: ["r1", "r2", "r3"] });
    });
  });
}
