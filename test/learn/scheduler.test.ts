import { describe, expect, it } from "vitest";
import { startReview } from "../../src/app/mastery.ts";
import { answer, nextQuestion, startSolo } from "../../src/app/quiz.ts";
import { dueQuestions, nextDueAt, reviewCard, type StoredCard } from "../../src/engine/scheduler.ts";
import { displayedOptions } from "../../src/engine/session.ts";
import { FakeClock, makeGame } from "../helpers/game.ts";

const DAY = 24 * 3600 * 1000;
const T0 = Date.parse("2026-11-24T12:00:00Z");

describe("the FSRS scheduler", () => {
  it("brings a missed question back before a known one", () => {
    const missed = reviewCard(undefined, false, T0);
    const known = reviewCard(undefined, true, T0);
    expect(missed.due).toBeLessThan(known.due);
    const cards = new Map<string, StoredCard>([
      ["known", known],
      ["missed", missed],
    ]);
    expect(dueQuestions(cards, missed.due)).toEqual(["missed"]);
    expect(nextDueAt(cards, T0)).toBe(missed.due);
  });

  it("makes intervals grow with each success, and shrink after a lapse", () => {
    let card = reviewCard(undefined, true, T0);
    let now = T0;
    const intervals: number[] = [];
    for (let i = 0; i < 5; i++) {
      now = card.due;
      const next = reviewCard(card, true, now);
      intervals.push(next.due - now);
      card = next;
    }
    for (let i = 1; i < intervals.length; i++)
      expect(intervals[i]).toBeGreaterThan(intervals[i - 1] as number);
    expect(intervals.at(-1)).toBeGreaterThan(7 * DAY);
    const lapsed = reviewCard(card, false, card.due);
    expect(lapsed.due - card.due).toBeLessThan(DAY);
    expect(lapsed.lapses).toBe(1);
  });
});

describe("/review's game logic", () => {
  it("offers the missed questions first, says when nothing is due, and when the next one is", async () => {
    const clock = new FakeClock(T0);
    const game = makeGame({ clock });
    const request = { guildId: "g", channelId: "c", userId: "p" };
    expect(await startReview(game, { ...request, count: 5 })).toEqual({
      kind: "nothing-due",
      nextDueAt: undefined,
    });

    // Answer three questions: the first wrong, the others right.
    let state = await startSolo(game, { ...request, filter: {}, count: 3 });
    const asked: string[] = [];
    for (let round = 0; round < 3; round++) {
      const question = game.bank.get(state.questionIds[round] as string);
      if (!question) throw new Error("no question");
      asked.push(question.id);
      const options = displayedOptions(state, question);
      const right = options.indexOf(question.answer);
      const choice = round === 0 ? (right + 1) % options.length : right;
      await answer(game, { sessionId: state.id, round, userId: "p", choice });
      const change = await nextQuestion(game, { sessionId: state.id, userId: "p", round });
      if (change.kind !== "changed") throw new Error(change.kind);
      state = change.state;
    }
    // Every answer is kept in the player's history: when, and right or wrong.
    const history = await game.scores.history("g", "p", asked);
    expect(asked.map((id) => history.questions[id]?.answers)).toEqual([[[T0, 0]], [[T0, 1]], [[T0, 1]]]);

    const nothingYet = await startReview(game, { ...request, count: 5 });
    expect(nothingYet.kind).toBe("nothing-due");
    if (nothingYet.kind !== "nothing-due") return;
    expect(nothingYet.nextDueAt).toBeGreaterThan(T0);

    // Once the missed one is due, it is the review; later the known ones come too, missed first.
    clock.time = nothingYet.nextDueAt ?? T0;
    const review = await startReview(game, { ...request, count: 5 });
    expect(review).toMatchObject({ kind: "started", due: 1 });
    if (review.kind === "started") expect(review.state.questionIds).toEqual([asked[0]]);
    clock.advance(30 * DAY);
    const later = await startReview(game, { ...request, count: 5 });
    if (later.kind !== "started") throw new Error("nothing due after 30 days");
    expect(later.state.questionIds[0]).toBe(asked[0]);
    expect([...later.state.questionIds].sort()).toEqual([...asked].sort());
  });
});
