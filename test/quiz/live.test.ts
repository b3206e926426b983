import { describe, expect, it } from "vitest";
import {
  end,
  everyoneAnswered,
  join,
  leave,
  pause,
  placeInTeam,
  resume,
  skip,
  start,
  teamScores,
  versionOf,
} from "../../src/engine/host.ts";
import { type LiveOptions, LOBBY_MAX_PLAYERS, newLive, randomTeams } from "../../src/engine/live.ts";
import { emptyRecord, recordAfter, recordWithout } from "../../src/engine/player.ts";
import { seededRandom } from "../../src/engine/random.ts";
import {
  applyAnswers,
  createSession,
  displayedOptions,
  judgeAnswer,
  type SessionState,
} from "../../src/engine/session.ts";
import { makeTestBank } from "../helpers/game.ts";

const bank = makeTestBank(6);
const T0 = 1_000_000;

function live(options: LiveOptions, questions = 3): SessionState {
  return createSession(
    {
      id: "s1",
      kind: "channel",
      guildId: "g",
      channelId: "c",
      ownerId: "host",
      seed: "seed",
      filter: {},
      questions: bank.questions.slice(0, questions),
      secondsPerQuestion: 20,
      live: newLive(options),
    },
    T0,
  );
}

function rightChoice(state: SessionState): number {
  const question = bank.get(state.questionIds[state.round] as string);
  if (!question) throw new Error("no question");
  return displayedOptions(state, question).indexOf(question.answer);
}

function answered(state: SessionState, userIds: string[], correct = true, points = 20): SessionState {
  return applyAnswers(
    state,
    userIds.map((userId) => ({
      userId,
      answer: { choice: 0, correct, points, at: state.roundStartedAt + 1 },
    })),
  );
}

describe("the lobby", () => {
  it("waits in the lobby, takes each player once up to the limit, and lets them leave before the start", () => {
    let state = live({ lobby: true });
    expect(state.phase).toBe("lobby");
    expect(state.roundEndsAt).toBeNull();
    state = join(state, "a").state;
    expect(join(state, "a").outcome).toBe("already");
    state = join(state, "b").state;
    expect(leave(state, "a").live?.lobby?.players).toEqual(["b"]);
    let full = live({ lobby: true });
    for (let i = 0; i < LOBBY_MAX_PLAYERS; i++) full = join(full, `p${i}`).state;
    expect(join(full, "late").outcome).toBe("full");
    // An answer (a forged button: the lobby shows none) is refused until the host starts.
    const question = bank.questions[0];
    if (!question) throw new Error("no question");
    expect(judgeAnswer(state, { userId: "b", round: 0, choice: 0 }, question, T0)).toEqual({
      kind: "not-started",
    });
  });

  it("starts on the host's word: the question opens after team talk, and only joined players may answer", () => {
    let state = join(live({ lobby: true, talkSeconds: 15 }), "a").state;
    state = start(state, T0 + 5_000);
    expect(state.phase).toBe("asking");
    expect(versionOf(state)).toBe(1);
    expect(state.roundStartedAt).toBe(T0 + 20_000);
    expect(state.roundEndsAt).toBe(T0 + 40_000);
    expect(join(state, "b").outcome).toBe("started");
    const question = bank.questions[0];
    if (!question) throw new Error("no question");
    const click = (userId: string, at: number) =>
      judgeAnswer(state, { userId, round: 0, choice: rightChoice(state) }, question, at);
    expect(click("a", T0 + 10_000)).toEqual({ kind: "not-open", opensAt: T0 + 20_000 });
    expect(click("b", T0 + 25_000)).toEqual({ kind: "not-joined" });
    expect(click("a", T0 + 25_000).kind).toBe("accepted");
  });

  it("is answered by everyone once every joined player has answered", () => {
    let state = start(join(join(live({ lobby: true }), "a").state, "b").state, T0);
    state = answered(state, ["a"]);
    expect(everyoneAnswered(state)).toBe(false);
    expect(everyoneAnswered(answered(state, ["b"]))).toBe(true);
    // Without a lobby, no number of answers is "everyone".
    expect(everyoneAnswered(answered(live({ lobby: false }), ["a", "b"]))).toBe(false);
  });
});

describe("pause and resume", () => {
  it("refuses answers while paused and keeps the time left: the question's start and end move by the pause", () => {
    const state = live({ lobby: false });
    const paused = pause(state, T0 + 5_000);
    expect(versionOf(paused)).toBe(versionOf(state) + 1);
    expect(pause(paused, T0 + 6_000)).toBe(paused);
    const question = bank.questions[0];
    if (!question) throw new Error("no question");
    expect(judgeAnswer(paused, { userId: "a", round: 0, choice: 0 }, question, T0 + 6_000)).toEqual({
      kind: "paused",
    });
    const resumed = resume(paused, T0 + 65_000);
    expect(resumed.live?.pausedAt).toBeUndefined();
    expect(resumed.roundStartedAt).toBe(T0 + 60_000);
    expect(resumed.roundEndsAt).toBe(T0 + 80_000);
    expect(versionOf(resumed)).toBe(versionOf(state) + 2);
  });
});

describe("skip and end", () => {
  it("skips a question: its answers leave the tallies, it counts as skipped, and the next question comes", () => {
    let state = live({ lobby: false });
    state = answered(state, ["a"], true, 30);
    const { state: next, voided } = skip(state, T0 + 3_000);
    expect(voided.map(([userId]) => userId)).toEqual(["a"]);
    expect(next.tallies.a).toBeUndefined();
    expect(next.round).toBe(1);
    expect(next.phase).toBe("asking");
    expect(next.live?.rounds).toEqual([
      { questionId: state.questionIds[0], answered: 0, right: 0, skipped: true },
    ]);
    // Skipping the last question ends the round.
    const last = skip(live({ lobby: false }, 1), T0).state;
    expect(last.phase).toBe("finished");
  });

  it("takes an answer back out of a player's record (points, counts, source, this week's points)", () => {
    const before = emptyRecord("g", "a", T0);
    const after = recordAfter(before, { sourceId: "alpha", correct: true, points: 30 }, T0);
    const back = recordWithout(after, { sourceId: "alpha", correct: true, points: 30, at: T0 });
    expect(back).toMatchObject({
      points: 0,
      answered: 0,
      correct: 0,
      streak: 0,
      weekPoints: 0,
      bySource: {},
    });
  });

  it("ends now: what was answered counts in the round's results", () => {
    const ended = end(answered(live({ lobby: false }), ["a", "b"], true), T0 + 1_000);
    expect(ended.phase).toBe("finished");
    expect(ended.endedReason).toBe("stopped");
    expect(ended.live?.rounds).toEqual([{ questionId: ended.questionIds[0], answered: 2, right: 2 }]);
  });
});

describe("teams", () => {
  it("scores a team as the mean of its members' points, whatever its size", () => {
    const teams = [
      { id: "r1", name: "<@&1>", roleId: "1", members: [] },
      { id: "r2", name: "<@&2>", roleId: "2", members: [] },
    ];
    let state = live({ lobby: false, teams, teamMode: "roles" });
    for (const [user, role] of [
      ["a", "1"],
      ["b", "1"],
      ["c", "1"],
      ["d", "2"],
    ] as const)
      state = placeInTeam(state, user, [role]);
    state = placeInTeam(state, "e", ["99"]);
    state = answered(state, ["a", "d"], true, 30);
    expect(teamScores(state).map((s) => [s.team.id, s.score, s.members])).toEqual([
      ["r2", 30, 1],
      ["r1", 10, 3],
    ]);
  });

  it("splits players at random into teams as even as can be, the same for the same seed", () => {
    const players = ["a", "b", "c", "d", "e"];
    const split = randomTeams(players, 2, seededRandom("x"));
    expect(split.map((t) => t.members.length)).toEqual([3, 2]);
    expect(split.flatMap((t) => t.members).sort()).toEqual(players);
    expect(randomTeams(players, 2, seededRandom("x"))).toEqual(split);
  });
});
