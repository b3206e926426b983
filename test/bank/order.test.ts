import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  addToSet,
  createSet,
  moveInSet,
  playableQuestions,
  revealWarnings,
} from "../../src/app/lessons/sets.ts";
import { Bank } from "../../src/bank/bank.ts";
import { loadBank } from "../../src/bank/load.ts";
import {
  closesRevealCycle,
  inRevealOrder,
  revealedEarlier,
  type WithReveals,
  withoutRevealCycles,
} from "../../src/bank/order.ts";
import type { Question } from "../../src/bank/question.ts";
import { seededRandom, shuffled } from "../../src/engine/random.ts";
import { selectQuestions } from "../../src/engine/select.ts";
import { makeGame, makeTestBank } from "../helpers/game.ts";

/** A relation given by hand: "a>b" means a's reveal shows b's answer. */
function reveals(...edges: string[]): WithReveals {
  const map = new Map<string, Set<string>>();
  for (const edge of edges) {
    const [giver, answered] = edge.split(">") as [string, string];
    map.set(giver, new Set([...(map.get(giver) ?? []), answered]));
  }
  return { revealsOf: (id) => map.get(id) ?? new Set() };
}

const ids = (...names: string[]) => names.map((id) => ({ id }));
const idsOf = (questions: readonly { id: string }[]) => questions.map((q) => q.id);

describe("ordering by what a reveal shows", () => {
  it("moves a question before the one that shows its answer, and nothing else", () => {
    expect(idsOf(inRevealOrder(reveals("a>c"), ids("a", "b", "c", "d")))).toEqual(["b", "c", "a", "d"]);
    expect(idsOf(inRevealOrder(reveals("a>c", "c>d"), ids("a", "b", "c", "d")))).toEqual([
      "b",
      "d",
      "c",
      "a",
    ]);
    expect(idsOf(inRevealOrder(reveals("d>a"), ids("a", "b", "c", "d")))).toEqual(["a", "b", "c", "d"]);
  });

  it("keeps the given order inside a cycle, which no order can satisfy", () => {
    expect(idsOf(inRevealOrder(reveals("a>b", "b>a"), ids("a", "b", "c")))).toEqual(["c", "a", "b"]);
  });

  it("finds cycles through others, and leaves out the question that closes one", () => {
    const bank = reveals("a>b", "b>c", "c>a", "d>a");
    expect(closesRevealCycle(bank, new Set(["a", "b"]), "c")).toBe(true);
    expect(closesRevealCycle(bank, new Set(["a"]), "c")).toBe(false);
    expect(closesRevealCycle(bank, new Set(["a", "b"]), "d")).toBe(false);
    const { kept, leftOut } = withoutRevealCycles(bank, ids("a", "b", "c", "d"));
    expect(idsOf(kept)).toEqual(["a", "b", "d"]);
    expect(idsOf(leftOut)).toEqual(["c"]);
  });

  it("names each pair where an earlier question shows a later one's answer", () => {
    expect(revealedEarlier(reveals("a>c", "c>b"), ["a", "b", "c"])).toEqual([["a", "c"]]);
  });
});

/** Every (earlier, later) pair of a quiz where the earlier question's stem or reveal shows the later one's answer. */
function answeredEarlier(bank: Bank, quiz: readonly string[]): string[] {
  return revealedEarlier(bank, quiz).map(([giver, answered]) => `${giver} shows ${answered}`);
}

/**
 * Two banks: the shipped one, whose giveaways are all linked (so a drawn quiz never holds both
 * sides, while a teacher's set may), and the bank of 7 December before the audit's fixes, whose
 * 135 unlinked giveaways prove the order does the work whatever state a bank is in.
 */
const banks = [
  { name: "the shipped bank", dir: undefined, unlinkedGiveaways: false },
  {
    name: "the bank of 7 December, before its giveaways were fixed",
    dir: path.join(import.meta.dirname, "fixtures", "bank-2026-12-07"),
    unlinkedGiveaways: true,
  },
];

describe.each(banks)(
  "$name: no quiz asks a question after one that showed its answer",
  async ({ dir, unlinkedGiveaways }) => {
    const bank = await loadBank(dir);
    const givers = bank.questions.filter((q) => bank.revealsOf(q.id).size > 0);

    it("knows which questions show which answers (found at load)", () => {
      // Linked or not, the relation is known: the order must hold whatever the bank's state.
      expect(givers.length).toBeGreaterThan(0);
    });

    it("over 5,000 drawn quizzes", () => {
      const filters = [
        {},
        { topic: "figures" },
        { topic: "china" },
        { topic: "law" },
        { difficulty: "medium" as const },
      ];
      let reordered = 0;
      for (let draw = 0; draw < 5000; draw++) {
        const filter = filters[draw % filters.length];
        const random = seededRandom(`quiz ${draw}`);
        const quiz = idsOf(selectQuestions(bank, { ...filter, count: 5 + (draw % 30) }, random));
        expect(answeredEarlier(bank, quiz), `quiz ${draw}`).toEqual([]);
        // A quiz that holds a giver and the question it answers proves the order was needed.
        if (quiz.some((a, i) => quiz.slice(0, i).some((b) => bank.revealsOf(a).has(b)))) reordered++;
      }
      // Where giveaways are unlinked, many quizzes hold both sides: proof the order was needed.
      // Where all are linked, a drawn quiz never holds both.
      if (unlinkedGiveaways) expect(reordered).toBeGreaterThan(100);
      else expect(reordered).toBe(0);
    });

    it("over 5,000 drawn sets, played in their order or shuffled", async () => {
      const ctx = makeGame({ bank });
      const all = bank.questions.map((q) => q.id);
      let leftOut = 0;
      let reordered = 0;
      for (let draw = 0; draw < 5000; draw++) {
        const random = seededRandom(`set ${draw}`);
        // A teacher's set: any questions, givers and linked pairs included (adding them only warns).
        const set = shuffled(all, random).slice(0, 2 + Math.floor(random() * 40));
        const order = draw % 2 === 0 ? "in-order" : "shuffled";
        const played = await playableQuestions(ctx, "g1", set, order, `seed ${draw}`);
        const quiz = idsOf(played.questions);
        expect(answeredEarlier(bank, quiz), `set ${draw}`).toEqual([]);
        expect([...quiz, ...played.leftOut].sort()).toEqual([...set].sort());
        leftOut += played.leftOut.length;
        if (quiz.some((a, i) => quiz.slice(0, i).some((b) => bank.revealsOf(a).has(b)))) reordered++;
      }
      expect(reordered).toBeGreaterThan(100);
      // Only questions that show each other's answer are left out: a small share of what was drawn.
      expect(leftOut).toBeLessThan(5000 * 5);
    });
  },
);

describe("a teacher's set warns rather than refuses", () => {
  /** Four questions where q1's explanation prints q3's answer, and q0 and q2 print each other's. */
  function bankWithGiveaways(): Bank {
    const plain = makeTestBank(4);
    const [q0, q1, q2, q3] = plain.questions as [Question, Question, Question, Question];
    return new Bank(plain.corpus, [
      { ...q0, explanation: `It is not ${q2.answer}.` },
      { ...q1, explanation: `Unlike ${q3.answer}.` },
      { ...q2, explanation: `Compare ${q0.answer}.` },
      q3,
    ]);
  }

  it("names what playing will do as the questions are added, keeps them all, and plays them in a safe order", async () => {
    const bank = bankWithGiveaways();
    expect([...bank.revealsOf("q1")]).toEqual(["q3"]);
    const ctx = makeGame({ bank });
    const set = await createSet(ctx, { guildId: "g1", userId: "teacher" }, "Lesson");
    const added = await addToSet(ctx, "g1", set.id, ["q0", "q1", "q2", "q3"]);
    expect(added.added).toEqual(["q0", "q1", "q2", "q3"]);
    expect(added.reveals).toEqual([
      { giver: "q0", answered: "q2", mutual: true },
      { giver: "q1", answered: "q3", mutual: false },
    ]);
    const played = await playableQuestions(ctx, "g1", added.set.questionIds, "in-order");
    expect(idsOf(played.questions)).toEqual(["q0", "q3", "q1"]);
    expect(played.leftOut).toEqual(["q2"]);
    // Moving warns the same way, whatever the order (q3 first: q1 still shows its answer).
    const moved = await moveInSet(ctx, "g1", set.id, "q3", 1);
    expect(moved.questionIds).toEqual(["q3", "q0", "q1", "q2"]);
    expect(await revealWarnings(ctx, "g1", moved.questionIds)).toEqual([
      { giver: "q1", answered: "q3", mutual: false },
      { giver: "q0", answered: "q2", mutual: true },
    ]);
  });
});
