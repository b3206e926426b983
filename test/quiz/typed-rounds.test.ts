import { describe, expect, it } from "vitest";
import type { Question } from "../../src/bank/question.ts";
import { judgeAnswers } from "../../src/engine/answer.ts";
import { scoreAnswer } from "../../src/engine/scoring.ts";
import {
  createSession,
  displayedOptions,
  hintOf,
  isTypedRound,
  type SessionState,
  takeHint,
} from "../../src/engine/session.ts";
import { makeTestBank } from "../helpers/game.ts";

const T0 = Date.parse("2026-11-24T12:00:00Z");
const base = makeTestBank(3).questions[0] as Question; // easy: 10 points
const typedQuestion: Question = {
  ...base,
  answer: "100,000",
  wrong: ["11,000", "30,000 to 50,000", "7,800"],
  typed: { accept: ["100,000", "10만"] },
};
const plainQuestion = makeTestBank(3).questions[1] as Question;

function session(
  kind: "solo" | "channel",
  mode: "typed" | "choice",
  questions: Question[] = [typedQuestion],
) {
  return createSession(
    {
      id: "s1",
      kind,
      guildId: "g",
      channelId: "c",
      ownerId: "owner",
      seed: "seed",
      filter: {},
      questions,
      mode,
    },
    T0,
  );
}

function judge(
  state: SessionState,
  clicks: { userId: string; choice?: number; typed?: string }[],
  question = typedQuestion,
) {
  return judgeAnswers({
    session: state,
    question,
    records: new Map(),
    histories: new Map(),
    clicks: clicks.map((c) => ({ userId: c.userId, round: 0, choice: c.choice ?? 0, typed: c.typed })),
    now: T0 + 1000,
  });
}

describe("typed rounds in the engine", () => {
  it("a typed quiz types the questions that can be typed, and asks the others with options", () => {
    const state = session("solo", "typed", [typedQuestion, plainQuestion]);
    expect(isTypedRound(state, typedQuestion)).toBe(true);
    expect(isTypedRound(state, plainQuestion)).toBe(false);
    expect(isTypedRound(session("solo", "choice"), typedQuestion)).toBe(false);
  });

  it("scores an exact typed answer above a choice, a near miss as a choice, a wrong option as nothing", () => {
    const channel = session("channel", "typed");
    const judged = judge(channel, [
      { userId: "exact", typed: "10만" },
      { userId: "option", typed: "30000-50000" },
      { userId: "wrong", typed: "200,000" },
    ]);
    expect(judged.kind).toBe("channel");
    const answers = judged.session.answers;
    expect(answers.exact).toMatchObject({ correct: true, typed: "10만", match: "exact" });
    expect(answers.exact?.breakdown?.typedBonus).toBe(5);
    expect(answers.option).toMatchObject({ correct: false, points: 0, match: "wrong-option" });
    // The wrong option typed counts as a pick of that option; an answer matching none, past the options.
    const options = displayedOptions(channel, typedQuestion);
    expect(answers.option?.choice).toBe(options.indexOf("30,000 to 50,000"));
    expect(answers.wrong?.choice).toBe(options.length);
    expect(answers.exact?.choice).toBe(options.indexOf("100,000"));
  });

  it("refuses a choice in a typed round and a typed answer in a choice round (forged input)", () => {
    const typedRound = judge(session("solo", "typed"), [{ userId: "owner", choice: 0 }]);
    expect(typedRound.outcomes[0]).toEqual({ kind: "invalid-choice" });
    const choiceRound = judge(session("solo", "choice"), [{ userId: "owner", typed: "100,000" }]);
    expect(choiceRound.outcomes[0]).toEqual({ kind: "invalid-choice" });
  });

  it("a solo typed answer by someone else is refused", () => {
    const judged = judge(session("solo", "typed"), [{ userId: "intruder", typed: "100,000" }]);
    expect(judged.outcomes[0]).toEqual({ kind: "not-player", ownerId: "owner" });
  });

  it("tells a near miss what was accepted", () => {
    const q: Question = {
      ...typedQuestion,
      answer: "Clandestine guides",
      wrong: ["Brokers"],
      typed: { accept: ["Clandestine guides"] },
    };
    const judged = judge(
      session("solo", "typed", [q]),
      [{ userId: "owner", typed: "clandestine giudes" }],
      q,
    );
    expect(judged.outcomes[0]).toMatchObject({
      kind: "revealed",
      correct: true,
      typed: { kind: "near-miss", accepted: "Clandestine guides", typos: 1 },
      points: { total: 10, base: 10 },
    });
  });
});

describe("hints", () => {
  it("one per player and question, before answering; the answer pays half its base", () => {
    const state = session("solo", "typed");
    const hinted = takeHint(state, "owner", 0, T0);
    if (!("state" in hinted)) throw new Error("the hint was refused");
    expect(takeHint(hinted.state, "owner", 0, T0)).toEqual({ refused: "already" });
    expect(takeHint(state, "intruder", 0, T0)).toEqual({ refused: "not-player" });
    expect(takeHint(state, "owner", 1, T0)).toEqual({ refused: "closed" });
    const judged = judge(hinted.state, [{ userId: "owner", typed: "100000" }]);
    expect(judged.session.answers.owner).toMatchObject({ hinted: true, points: 10 });
    expect(judged.session.answers.owner?.breakdown).toMatchObject({ base: 10, typedBonus: 5, hintCost: 5 });
    expect(takeHint(judged.session, "owner", 0, T0)).toEqual({ refused: "closed" });
  });

  it("a typed hint gives the first character and the number of words; a choice hint removes two wrong options", () => {
    expect(hintOf(session("solo", "typed"), typedQuestion)).toEqual({ kind: "typed", first: "1", words: 1 });
    const choice = session("solo", "choice");
    const hint = hintOf(choice, typedQuestion);
    if (hint.kind !== "choice") throw new Error("expected a choice hint");
    const options = displayedOptions(choice, typedQuestion);
    expect(hint.removed).toHaveLength(2);
    for (const i of hint.removed) expect(options[i]).not.toBe(typedQuestion.answer);
    expect(hintOf(choice, typedQuestion)).toEqual(hint); // the same each time it is asked for
  });

  it("never takes points away: a wrong answer after a hint earns 0", () => {
    expect(scoreAnswer({ correct: false, difficulty: "hard", streakBefore: 3, hinted: true }).total).toBe(0);
    expect(
      scoreAnswer({ correct: true, difficulty: "hard", streakBefore: 0, typed: "exact", hinted: true }),
    ).toMatchObject({
      total: 30,
      base: 30,
      typedBonus: 15,
      hintCost: 15,
    });
  });
});

describe("typed answers in Korean (questions/ko/: the Korean answer, accept: forms and wrong options)", () => {
  const river: Question = {
    ...base,
    answer: "The Tumen",
    wrong: ["The Yalu", "The Han"],
    typed: {
      accept: ["Tumen"],
      translated: { accept: ["두만강"], wrong: { 압록강: "The Yalu", 한강: "The Han" } },
    },
  };

  it("accepts the Korean form (and a jamo typo of it), and refuses a Korean wrong option as that option", () => {
    const channel = session("channel", "typed", [river]);
    const judged = judge(
      channel,
      [
        { userId: "ko", typed: "두만강" },
        { userId: "typo", typed: "두먼강" },
        { userId: "option", typed: "압록강" },
      ],
      river,
    );
    const answers = judged.session.answers;
    expect(answers.ko).toMatchObject({ correct: true, match: "exact" });
    expect(answers.typo).toMatchObject({ correct: true, match: "near-miss" });
    expect(answers.option).toMatchObject({ correct: false, points: 0, match: "wrong-option" });
    expect(answers.option?.choice).toBe(displayedOptions(channel, river).indexOf("The Yalu"));
  });
});
