import { describe, expect, it } from "vitest";
import { answer, nextQuestion, startSolo } from "../../src/app/quiz.ts";
import { leaderboardPage } from "../../src/app/standing.ts";
import { displayedOptions } from "../../src/engine/session.ts";
import { SESSION_TTL_MS, SESSIONS_CACHED } from "../../src/store/sessions.ts";
import { makeGame, recordAnswerFor } from "../helpers/game.ts";

const request = { guildId: "g", channelId: "c", filter: {}, count: 3 };

describe("the session cache", () => {
  it("stays bounded however many quizzes are abandoned", async () => {
    const game = makeGame();
    for (let i = 0; i < 2 * SESSIONS_CACHED; i++) await startSolo(game, { ...request, userId: `p${i}` });
    expect(game.sessions.cached).toBe(SESSIONS_CACHED);
    // An evicted session is read back from the store, not lost.
    expect(await game.sessions.get("s1")).toMatchObject({ id: "s1", phase: "asking" });
  });

  it("honours the 24 h TTL on a cache hit: after it an answer is refused as over, as after a restart", async () => {
    const game = makeGame();
    const quiz = await startSolo(game, { ...request, userId: "p" });
    const question = game.bank.get(quiz.questionIds[0] as string);
    if (!question) throw new Error("no question");
    const click = {
      sessionId: quiz.id,
      round: 0,
      userId: "p",
      choice: displayedOptions(quiz, question).indexOf(question.answer),
    };

    // Just before the TTL the quiz is still on (and cached).
    game.clock.advance(SESSION_TTL_MS - 1);
    expect(await game.sessions.get(quiz.id)).toBeDefined();
    game.clock.advance(1);
    expect(await answer(game, click)).toEqual({ session: "gone" });
    expect(await nextQuestion(game, { sessionId: quiz.id, userId: "p", round: 0 })).toEqual({ kind: "gone" });
    expect(await game.scores.get("g", "p")).toBeUndefined();

    // A restarted process (an empty cache on the same store) says the same.
    const restarted = makeGame({ bank: game.bank, keyv: game.keyv, clock: game.clock });
    expect(await answer(restarted, click)).toEqual({ session: "gone" });
  });
});

describe("active solo sessions (the /metrics gauge)", () => {
  it("counts the unfinished solo quizzes this process holds, and none past their TTL", async () => {
    const game = makeGame();
    expect(game.sessions.activeSolo()).toBe(0);
    for (const userId of ["p1", "p2", "p3"]) await startSolo(game, { ...request, userId });
    expect(game.sessions.activeSolo()).toBe(3);
    game.clock.advance(SESSION_TTL_MS);
    expect(game.sessions.activeSolo()).toBe(0);
  });
});

describe("leaderboard pages", () => {
  it("clamps a page past the end to the last page, with its rows", async () => {
    const game = makeGame();
    for (let i = 0; i < 12; i++)
      await recordAnswerFor(
        game.scores,
        "g",
        `u${i}`,
        { questionId: "q0", sourceId: "alpha", difficulty: "easy", correct: true },
        game.now(),
      );
    const past = await leaderboardPage(game, { guildId: "g", period: "all-time", page: 5, userId: "u0" });
    expect(past).toMatchObject({ page: 1, pages: 2, total: 12 });
    const last = await leaderboardPage(game, { guildId: "g", period: "all-time", page: 1, userId: "u0" });
    expect(past.rows).toHaveLength(2);
    expect(past.rows).toEqual(last.rows);
  });
});
