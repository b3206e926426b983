import { State } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import type { Question } from "../../src/bank/question.ts";
import { type AnswerInputs, type Click, judgeAnswers } from "../../src/engine/answer.ts";
import { emptyRecord, type PlayerRecord, type QuestionHistory } from "../../src/engine/player.ts";
import {
  advance,
  createSession,
  displayedOptions,
  type ScoringRules,
  type SessionState,
} from "../../src/engine/session.ts";
import { isoWeek } from "../../src/engine/week.ts";
import { makeTestBank } from "../helpers/game.ts";

// No store anywhere here: the rules are a pure function of (session, records, histories, clicks, now).
const bank = makeTestBank(12);
const T0 = Date.parse("2026-11-24T12:00:00Z");
const DAY = 24 * 3600 * 1000;

function session(kind: "solo" | "channel", questions = bank.questions.slice(0, 3)): SessionState {
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
      secondsPerQuestion: 20,
    },
    T0,
  );
}

function questionOf(state: SessionState): Question {
  const question = bank.get(state.questionIds[state.round] as string);
  if (!question) throw new Error("no question");
  return question;
}

/** The index of the right (or a wrong) option of the session's current round, as displayed. */
function choice(state: SessionState, right: boolean): number {
  const question = questionOf(state);
  const options = displayedOptions(state, question);
  const index = options.indexOf(question.answer);
  return right ? index : (index + 1) % options.length;
}

function judge(
  state: SessionState,
  clicks: Click[],
  now: number,
  known: { records?: [string, PlayerRecord][]; histories?: [string, QuestionHistory][] } = {},
) {
  const inputs: AnswerInputs = {
    session: state,
    question: questionOf(state),
    records: new Map(known.records ?? []),
    histories: new Map(known.histories ?? []),
    clicks,
    now,
  };
  return judgeAnswers(inputs);
}

/** Plays a solo session of `questions` with every answer right, for a player whose record has `streak`. */
function playAllRight(rules: ScoringRules, streak: number, questions = bank.questions.slice(0, 3)) {
  let state: SessionState = createSession(
    {
      id: "a1",
      kind: "solo",
      guildId: "g",
      channelId: "c",
      ownerId: "stu",
      seed: "seed",
      filter: {},
      questions,
      scoring: rules,
    },
    T0,
  );
  let record: PlayerRecord = { ...emptyRecord("g", "stu", T0), streak };
  const totals: number[] = [];
  for (let round = 0; round < questions.length; round += 1) {
    const judged = judge(state, [{ userId: "stu", round, choice: choice(state, true) }], T0 + round * 1000, {
      records: [["stu", record]],
    });
    const outcome = judged.outcomes[0];
    if (outcome?.kind !== "revealed") throw new Error("not revealed");
    totals.push(outcome.points.total);
    record = judged.records.get("stu") ?? record;
    state = advance(judged.session, T0 + round * 1000 + 500);
  }
  return totals;
}

describe("scoring rules per session", () => {
  it("scores an assignment attempt from the attempt alone: a streak from earlier rounds adds nothing", () => {
    const rules: ScoringRules = { speed: false, streak: "session" };
    const fresh = playAllRight(rules, 0);
    const onAStreak = playAllRight(rules, 6);
    expect(onAStreak).toEqual(fresh);
    // Within the attempt the streak still counts: +5 on the second right answer, +10 on the third.
    const base = bank.questions.slice(0, 3).map((q) => ({ easy: 10, medium: 20, hard: 30 })[q.difficulty]);
    expect(fresh).toEqual([base[0], (base[1] ?? 0) + 5, (base[2] ?? 0) + 10]);
  });

  it("carries the player's streak into a live session by default, and gives none when the server turns it off", () => {
    const carried = playAllRight({ speed: true, streak: "carried" }, 6);
    expect(carried[0]).toBe(10 + 25); // q0 is easy; a streak of 6 gives the +25 cap
    const off = playAllRight({ speed: true, streak: "off" }, 6);
    expect(off).toEqual(
      bank.questions.slice(0, 3).map((q) => ({ easy: 10, medium: 20, hard: 30 })[q.difficulty]),
    );
  });

  it("gives no speed bonus in a channel round when the server turns speed off", () => {
    const state = createSession(
      {
        id: "s2",
        kind: "channel",
        guildId: "g",
        channelId: "c",
        ownerId: "owner",
        seed: "seed",
        filter: {},
        questions: bank.questions.slice(0, 1),
        secondsPerQuestion: 20,
        scoring: { speed: false, streak: "carried" },
      },
      T0,
    );
    const judged = judge(state, [{ userId: "fast", round: 0, choice: choice(state, true) }], T0 + 1_000);
    expect(judged.outcomes[0]).toMatchObject({ points: { total: 10, speedBonus: 0 } });
  });
});

describe("judgeAnswers: the answer rules without a store", () => {
  it("scores a right channel answer by difficulty and speed, and a wrong one nothing", () => {
    const state = session("channel");
    const question = questionOf(state); // q0: easy (10 points)
    expect(question.difficulty).toBe("easy");
    const judged = judge(
      state,
      [
        { userId: "fast", round: 0, choice: choice(state, true) },
        { userId: "wrong", round: 0, choice: choice(state, false) },
      ],
      T0 + 5_000, // a quarter of the 20 s gone: 3/4 of the 10-point speed bonus, rounded
    );
    expect(judged.kind).toBe("channel");
    expect(judged.outcomes).toEqual([
      {
        kind: "taken",
        correct: true,
        chosen: question.answer,
        points: { total: 18, base: 10, streakBonus: 0, speedBonus: 8, streak: 1 },
      },
      {
        kind: "taken",
        correct: false,
        chosen: expect.any(String),
        points: { total: 0, base: 0, streakBonus: 0, speedBonus: 0, streak: 0 },
      },
    ]);
    expect(judged.records.get("fast")).toMatchObject({
      points: 18,
      answered: 1,
      correct: 1,
      streak: 1,
      bySource: { alpha: { answered: 1, correct: 1 } },
      week: isoWeek(T0 + 5_000),
      weekPoints: 18,
    });
    expect(judged.records.get("wrong")).toMatchObject({ points: 0, answered: 1, correct: 0, streak: 0 });
    // The session keeps each answer with its breakdown, for the channel reveal.
    expect(judged.session.answers).toEqual({
      fast: {
        choice: choice(state, true),
        correct: true,
        points: 18,
        at: T0 + 5_000,
        breakdown: { base: 10, streakBonus: 0, speedBonus: 8, streak: 1 },
      },
      wrong: {
        choice: choice(state, false),
        correct: false,
        points: 0,
        at: T0 + 5_000,
        breakdown: { base: 0, streakBonus: 0, speedBonus: 0, streak: 0 },
      },
    });
    expect(judged.session.tallies.fast).toEqual({ points: 18, correct: 1, answered: 1, streak: 1 });
  });

  it("adds the streak bonus from the player's record (at most +25), and a wrong answer ends the streak", () => {
    const state = session("solo");
    const onStreak = { ...emptyRecord("g", "owner", T0), streak: 7, bestStreak: 7, points: 500 };
    const right = judge(state, [{ userId: "owner", round: 0, choice: choice(state, true) }], T0 + 1, {
      records: [["owner", onStreak]],
    });
    // Solo: no speed bonus; 10 for an easy question, +25 for the streak (capped).
    expect(right.outcomes[0]).toMatchObject({
      kind: "revealed",
      points: { total: 35, base: 10, streakBonus: 25, speedBonus: 0, streak: 8 },
    });
    expect(right.records.get("owner")).toMatchObject({ points: 535, streak: 8, bestStreak: 8 });
    expect(right.session.phase).toBe("revealed");

    const wrong = judge(state, [{ userId: "owner", round: 0, choice: choice(state, false) }], T0 + 1, {
      records: [["owner", onStreak]],
    });
    expect(wrong.records.get("owner")).toMatchObject({ points: 500, streak: 0, bestStreak: 7 });
  });

  it("counts the first answer of a player in a round once: a second click, in the group or after, is a duplicate", () => {
    const state = session("channel");
    const first = judge(
      state,
      [
        { userId: "p", round: 0, choice: choice(state, true) },
        { userId: "p", round: 0, choice: choice(state, false) },
      ],
      T0 + 1_000,
    );
    expect(first.outcomes.map((o) => o.kind)).toEqual(["taken", "duplicate"]);
    expect(first.records.get("p")?.answered).toBe(1);
    // A retry after the commit: the session's answer is the idempotency record, so nothing changes.
    const retry = judge(first.session, [{ userId: "p", round: 0, choice: choice(state, true) }], T0 + 2_000, {
      records: [["p", first.records.get("p") as PlayerRecord]],
    });
    expect(retry.outcomes).toEqual([{ kind: "duplicate", previous: first.session.answers.p }]);
    expect(retry.session).toBe(first.session);
    expect(retry.records.size).toBe(0);
    expect(retry.histories.size).toBe(0);
  });

  it("refuses a click after time is up, on another round, with a bad choice, or by another player of a solo quiz", () => {
    const channel = session("channel");
    const late = judge(channel, [{ userId: "p", round: 0, choice: 0 }], T0 + 20_000);
    expect(late.outcomes).toEqual([{ kind: "closed" }]);
    const oldRound = judge(channel, [{ userId: "p", round: 1, choice: 0 }], T0 + 1);
    expect(oldRound.outcomes).toEqual([{ kind: "closed" }]);
    const bad = judge(channel, [{ userId: "p", round: 0, choice: 9 }], T0 + 1);
    expect(bad.outcomes).toEqual([{ kind: "invalid-choice" }]);
    expect(bad.session).toBe(channel);

    const solo = session("solo");
    const stranger = judge(solo, [{ userId: "stranger", round: 0, choice: 0 }], T0 + 1);
    expect(stranger.outcomes).toEqual([{ kind: "not-player", ownerId: "owner" }]);
    expect(stranger.records.size).toBe(0);
  });

  it("reviews the question's FSRS card: a miss is due again soon, a right answer later, and the history keeps each answer's time", () => {
    const state = session("solo");
    const missed = judge(state, [{ userId: "owner", round: 0, choice: choice(state, false) }], T0);
    const miss = missed.histories.get("owner");
    expect(miss).toMatchObject({ seen: 1, correct: 0, lastCorrect: false, lastAt: T0, answers: [[T0, 0]] });
    expect(miss?.card?.state).toBe(State.Learning);
    expect(miss?.card?.due).toBeLessThan(T0 + DAY);

    // The same question a day later, answered right: seen twice, the card moves on and is due later.
    const later = T0 + DAY;
    const again = judge(state, [{ userId: "owner", round: 0, choice: choice(state, true) }], later, {
      histories: [["owner", miss as QuestionHistory]],
    });
    const known = again.histories.get("owner");
    expect(known).toMatchObject({
      seen: 2,
      correct: 1,
      lastCorrect: true,
      lastAt: later,
      answers: [
        [T0, 0],
        [later, 1],
      ],
    });
    expect(known?.card?.reps).toBe(2);
    expect(known?.card?.due).toBeGreaterThan(later);
    expect((known?.card?.due ?? 0) - later).toBeGreaterThan((miss?.card?.due ?? 0) - T0);
  });

  it("moves this week's points to a new week, and keeps the all-time total", () => {
    const state = session("solo");
    const lastWeek = { ...emptyRecord("g", "owner", T0 - 7 * DAY), points: 100, weekPoints: 100 };
    const judged = judge(state, [{ userId: "owner", round: 0, choice: choice(state, true) }], T0, {
      records: [["owner", lastWeek]],
    });
    expect(judged.records.get("owner")).toMatchObject({ points: 110, weekPoints: 10, week: isoWeek(T0) });
  });
});

describe("judgeAnswers: the weeks a record remembers", () => {
  it("keeps the week it leaves among the past weeks (for the points-per-week chart)", () => {
    const state = session("solo");
    const before = { ...emptyRecord("g", "owner", T0 - 7 * DAY), points: 40, weekPoints: 40 };
    const judged = judge(state, [{ userId: "owner", round: 0, choice: choice(state, true) }], T0, {
      records: [["owner", before]],
    });
    expect(judged.records.get("owner")?.pastWeeks).toEqual([{ week: isoWeek(T0 - 7 * DAY), points: 40 }]);
  });
});
