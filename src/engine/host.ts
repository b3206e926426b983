/**
 * The host's controls of a live round and what the round tells from its state (who may play,
 * whether everyone answered, the teams' scores): pure transitions of a session, each run by the
 * app inside one store update, so a control is one atomic state transition (see live.ts).
 */
import { type LiveState, LOBBY_MAX_PLAYERS, randomTeams, roleTeamOf, type Team } from "./live.ts";
import { seededRandom } from "./random.ts";
import {
  advance,
  bumped,
  currentQuestionId,
  finish,
  questionTimes,
  type RoundAnswer,
  resultOf,
  type SessionState,
  type SessionTally,
  withResult,
} from "./session.ts";

/** The session's control version (0 for rounds without one). */
export function versionOf(state: SessionState): number {
  return state.live?.version ?? 0;
}

/** Whether the host has paused the round. */
export function isPaused(state: SessionState): boolean {
  return state.live?.pausedAt !== undefined;
}

/** Why a join was not taken. */
export type JoinOutcome = "joined" | "already" | "started" | "full";

/** A player joins the lobby (only while it is open). */
export function join(state: SessionState, userId: string): { state: SessionState; outcome: JoinOutcome } {
  const lobby = state.live?.lobby;
  if (!lobby || state.phase !== "lobby") return { state, outcome: "started" };
  if (lobby.players.includes(userId)) return { state, outcome: "already" };
  if (lobby.players.length >= LOBBY_MAX_PLAYERS) return { state, outcome: "full" };
  const live = state.live as LiveState;
  return {
    state: { ...state, live: { ...live, lobby: { players: [...lobby.players, userId] } } },
    outcome: "joined",
  };
}

/** A player leaves the lobby before the start. */
export function leave(state: SessionState, userId: string): SessionState {
  const lobby = state.live?.lobby;
  if (!lobby || state.phase !== "lobby" || !lobby.players.includes(userId)) return state;
  const live = state.live as LiveState;
  return { ...state, live: { ...live, lobby: { players: lobby.players.filter((p) => p !== userId) } } };
}

/** The host starts a round from its lobby: the first question opens (after team talk); random teams are drawn. */
export function start(state: SessionState, now: number): SessionState {
  if (state.phase !== "lobby" || !state.live) return state;
  const live = state.live;
  const players = live.lobby?.players ?? [];
  const count = live.teams?.length ?? 0;
  const teams =
    live.teamMode === "random" && count > 0
      ? randomTeams(
          players,
          Math.min(count, Math.max(1, players.length)),
          seededRandom(`${state.seed}:teams`),
        ).map((team, i) => ({ ...team, name: live.teams?.[i]?.name ?? team.name }))
      : live.teams;
  return bumped(
    { ...state, phase: "asking", ...questionTimes(state, now), answers: {}, updatedAt: now, messageId: null },
    teams ? { teams } : {},
  );
}

/** The host pauses: the timer stops (answers are refused until Resume). Only a running question or reveal. */
export function pause(state: SessionState, now: number): SessionState {
  if ((state.phase !== "asking" && state.phase !== "revealed") || isPaused(state)) return state;
  return bumped({ ...state, updatedAt: now }, { pausedAt: now });
}

/**
 * The host resumes: a question keeps the time it had left (its start moves on by the pause, so a
 * speed bonus does not count the pause); a reveal gets its full time again from now.
 */
export function resume(state: SessionState, now: number): SessionState {
  const pausedAt = state.live?.pausedAt;
  if (pausedAt === undefined || !state.live) return state;
  const shift = Math.max(0, now - pausedAt);
  const { pausedAt: _resumed, ...live } = state.live;
  const times =
    state.phase === "asking"
      ? {
          roundStartedAt: state.roundStartedAt + shift,
          roundEndsAt: state.roundEndsAt === null ? null : state.roundEndsAt + shift,
        }
      : {};
  return { ...state, ...times, updatedAt: now, live: { ...live, version: live.version + 1 } };
}

/** Whether a round ended before its host started it (no question was ever asked). */
export function endedInLobby(state: SessionState): boolean {
  return state.live?.lobby !== undefined && state.roundEndsAt === null && state.live.rounds.length === 0;
}

/** Whether every player who joined the lobby has answered this question (the reveal may come now). */
export function everyoneAnswered(state: SessionState): boolean {
  const players = state.live?.lobby?.players;
  if (!players || players.length === 0 || state.phase !== "asking") return false;
  return players.every((player) => state.answers[player] !== undefined);
}

/** The round with a player placed in their role's team (once); a random split is drawn at the start instead. */
export function placeInTeam(state: SessionState, userId: string, roleIds: readonly string[]): SessionState {
  const live = state.live;
  if (!live?.teams || live.teamMode !== "roles") return state;
  if (live.teams.some((team) => team.members.includes(userId))) return state;
  const team = roleTeamOf(live.teams, roleIds);
  if (!team || team.members.length >= LOBBY_MAX_PLAYERS) return state;
  const teams = live.teams.map((t) => (t.id === team.id ? { ...t, members: [...t.members, userId] } : t));
  return { ...state, live: { ...live, teams } };
}

/** A team's standing: the mean of its members' points, so a bigger team has no edge. */
export interface TeamScore {
  readonly team: Team;
  /** Mean points per member, to one decimal. */
  readonly score: number;
  readonly members: number;
}

/** The round's teams by score (mean points per member), best first; ties by name. */
export function teamScores(state: SessionState): TeamScore[] {
  return (state.live?.teams ?? [])
    .map((team) => {
      const total = team.members.reduce((sum, member) => sum + (state.tallies[member]?.points ?? 0), 0);
      const mean = team.members.length === 0 ? 0 : total / team.members.length;
      return { team, score: Math.round(mean * 10) / 10, members: team.members.length };
    })
    .sort((a, b) => b.score - a.score || a.team.name.localeCompare(b.team.name));
}

/**
 * The host skips the open question: nothing it took is scored (the answers leave the round's
 * tallies, and `voided` lists them so that the players' records are put back in the same commit),
 * its result counts as skipped, and the next question comes (or the end after the last).
 */
export function skip(
  state: SessionState,
  now: number,
): { readonly state: SessionState; readonly voided: readonly [string, RoundAnswer][] } {
  if (state.phase !== "asking") return { state, voided: [] };
  const voided = Object.entries(state.answers);
  const tallies: Record<string, SessionTally> = { ...state.tallies };
  for (const [userId, answer] of voided) {
    const tally = tallies[userId];
    if (!tally) continue;
    const after = {
      points: Math.max(0, tally.points - answer.points),
      correct: Math.max(0, tally.correct - (answer.correct ? 1 : 0)),
      answered: Math.max(0, tally.answered - 1),
      streak: answer.correct ? Math.max(0, (tally.streak ?? 0) - 1) : (tally.streak ?? 0),
    };
    if (after.answered === 0) delete tallies[userId];
    else tallies[userId] = after;
  }
  const emptied = withResult(
    { ...state, tallies, answers: {} },
    resultOf(state, currentQuestionId(state), true),
  );
  return { state: advance({ ...emptied, phase: "revealed" }, now), voided };
}

/** The host ends the round now: what was answered counts, the podium follows. */
export function end(state: SessionState, now: number): SessionState {
  return finish(state, now, "stopped");
}
