import { describe, expect, it } from "vitest";
import { seededRandom, shuffled } from "../../src/engine/random.ts";
import { SCORING, scoreAnswer } from "../../src/engine/scoring.ts";
import { selectQuestions } from "../../src/engine/select.ts";
import {
  advance,
  applyAnswer,
  closeRound,
  createSession,
  displayedOptions,
  finish,
  judgeAnswer,
  type SessionState,
  standings,
} from "../../src/engine/session.ts";
import { makeTestBank } from "../helpers/game.ts";

const bank = makeTestBank(12);
const firstQuestion = bank.questions[0] as NonNullable<(typeof bank.questions)[0]>;
const T0 = 1_000_000;

function session(kind: "solo" | "channel", seed = "seed-1"): SessionState {
  return createSession(
    {
      id: "s1",
      kind,
      guildId: "g",
      channelId: "c",
      ownerId: "owner",
      seed,
      filter: {},
      questions: bank.questions.slice(0, 3),
      secondsPerQuestion: 20,
    },
    T0,
  );
}

function rightChoice(state: SessionState): number {
  const question = bank.get(state.questionIds[state.round] as string);
  if (!question) throw new Error("no question");
  return displayedOptions(state, question).indexOf(question.answer);
}

describe("scoring", () => {
  it("gives points by difficulty, a capped streak bonus, a speed bonus, and nothing for a wrong answer", () => {
    expect(scoreAnswer({ correct: true, difficulty: "easy", streakBefore: 0 }).total).toBe(10);
    expect(scoreAnswer({ correct: true, difficulty: "hard", streakBefore: 2 }).total).toBe(30 + 10);
    expect(scoreAnswer({ correct: true, difficulty: "medium", streakBefore: 50 }).streakBonus).toBe(
      SCORING.streakBonusMax,
    );
    expect(
      scoreAnswer({
        correct: true,
        difficulty: "easy",
        streakBefore: 0,
        speed: { elapsedMs: 0, limitMs: 20_000 },
      }).speedBonus,
    ).toBe(10);
    expect(
      scoreAnswer({
        correct: true,
        difficulty: "easy",
        streakBefore: 0,
        speed: { elapsedMs: 15_000, limitMs: 20_000 },
      }).speedBonus,
    ).toBe(3);
    expect(scoreAnswer({ correct: false, difficulty: "hard", streakBefore: 9 }).total).toBe(0);
  });
});

describe("shuffling", () => {
  it("is the same for the same seed and differs across seeds", () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(shuffled(items, seededRandom("a"))).toEqual(shuffled(items, seededRandom("a")));
    expect(shuffled(items, seededRandom("a"))).not.toEqual(shuffled(items, seededRandom("b")));
    expect([...shuffled(items, seededRandom("a"))].sort((x, y) => x - y)).toEqual(items);
  });

  it("puts the right answer in every position across sessions, so position gives nothing away", () => {
    const question = bank.questions[0];
    if (!question) throw new Error("no question");
    const positions = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const pos = displayedOptions(session("solo", `seed-${i}`), question).indexOf(question.answer);
      positions.set(pos, (positions.get(pos) ?? 0) + 1);
    }
    expect([...positions.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const n of positions.values()) expect(n).toBeGreaterThan(60);
  });

  it("keeps a round's option order after a restart (it derives from the stored seed)", () => {
    const state = session("solo");
    const question = bank.questions[0];
    if (!question) throw new Error("no question");
    const restored = JSON.parse(JSON.stringify(state)) as SessionState;
    expect(displayedOptions(restored, question)).toEqual(displayedOptions(state, question));
  });
});

describe("selection", () => {
  it("filters, never repeats, and respects the count", () => {
    const picked = selectQuestions(bank, { topic: "even", count: 4 }, seededRandom("x"));
    expect(picked).toHaveLength(4);
    expect(new Set(picked.map((q) => q.id)).size).toBe(4);
    for (const q of picked) expect(q.topics).toContain("even");
    expect(selectQuestions(bank, { source: "beta", count: 50 }, seededRandom("x"))).toHaveLength(6);
  });

  it("prefers unseen questions, then missed ones, over ones answered right", () => {
    const history = new Map<string, { seen: number; lastCorrect: boolean }>();
    for (const q of bank.questions) history.set(q.id, { seen: 1, lastCorrect: true });
    history.delete("q3");
    history.set("q7", { seen: 2, lastCorrect: false });
    const picked = selectQuestions(bank, { count: 2, history }, seededRandom("y"));
    expect(picked.map((q) => q.id)).toEqual(["q3", "q7"]);
  });
});

describe("a solo session", () => {
  it("takes the first answer, reveals it, refuses a repeat, and moves on to a summary", () => {
    let state = session("solo");
    const first = judgeAnswer(
      state,
      { userId: "owner", round: 0, choice: rightChoice(state) },
      firstQuestion,
      T0 + 5,
    );
    expect(first).toMatchObject({ kind: "accepted", correct: true });
    state = applyAnswer(state, "owner", {
      choice: rightChoice(state),
      correct: true,
      points: 10,
      at: T0 + 5,
    });
    expect(state.phase).toBe("revealed");
    expect(judgeAnswer(state, { userId: "owner", round: 0, choice: 0 }, firstQuestion, T0 + 6)).toMatchObject(
      {
        kind: "duplicate",
      },
    );
    state = advance(state, T0 + 10);
    expect(state).toMatchObject({ round: 1, phase: "asking", answers: {} });
    state = advance(
      advance(applyAnswer(state, "owner", { choice: 0, correct: false, points: 0, at: 1 }), 2),
      3,
    );
    state = advance(applyAnswer(state, "owner", { choice: 0, correct: false, points: 0, at: 4 }), 5);
    expect(state).toMatchObject({ phase: "finished", endedReason: "completed" });
    expect(standings(state)).toEqual([
      { userId: "owner", tally: { points: 10, correct: 1, answered: 3, streak: 0 } },
    ]);
  });

  it("refuses answers from anyone but its player, and answers to an old round", () => {
    const state = session("solo");
    expect(judgeAnswer(state, { userId: "someone", round: 0, choice: 0 }, firstQuestion, T0)).toEqual({
      kind: "not-player",
    });
    const later = advance(
      applyAnswer(state, "owner", { choice: 0, correct: false, points: 0, at: T0 }),
      T0 + 1,
    );
    expect(judgeAnswer(later, { userId: "owner", round: 0, choice: 0 }, firstQuestion, T0 + 2)).toEqual({
      kind: "closed",
    });
  });

  it("refuses a choice that is not on the buttons", () => {
    const state = session("solo");
    expect(judgeAnswer(state, { userId: "owner", round: 0, choice: 7 }, firstQuestion, T0)).toEqual({
      kind: "invalid-choice",
    });
  });
});

describe("a channel round", () => {
  it("takes everyone's first answer until the time limit, with the time taken, then reveals", () => {
    let state = session("channel");
    const q = firstQuestion;
    const a = judgeAnswer(state, { userId: "a", round: 0, choice: rightChoice(state) }, q, T0 + 4_000);
    expect(a).toEqual({ kind: "accepted", correct: true, elapsedMs: 4_000, limitMs: 20_000 });
    state = applyAnswer(state, "a", {
      choice: rightChoice(state),
      correct: true,
      points: 18,
      at: T0 + 4_000,
    });
    expect(state.phase).toBe("asking");
    expect(judgeAnswer(state, { userId: "b", round: 0, choice: 0 }, q, T0 + 20_000)).toEqual({
      kind: "closed",
    });
    state = closeRound(state, T0 + 20_000);
    expect(state.phase).toBe("revealed");
    expect(judgeAnswer(state, { userId: "b", round: 0, choice: 0 }, q, T0 + 20_001)).toEqual({
      kind: "closed",
    });
    state = advance(state, T0 + 25_000);
    expect(state).toMatchObject({ round: 1, roundStartedAt: T0 + 25_000, roundEndsAt: T0 + 45_000 });
  });

  it("can be stopped, after which nothing changes it", () => {
    const stopped = finish(session("channel"), T0 + 1, "stopped");
    expect(stopped).toMatchObject({ phase: "finished", endedReason: "stopped" });
    expect(advance(stopped, T0 + 2)).toBe(stopped);
    expect(closeRound(stopped, T0 + 2)).toBe(stopped);
  });
});
