/**
 * A live round's host controls and lobby: each is one atomic transition of the stored session
 * (`ctx.sessions.update`: a store transaction on Redis and PostgreSQL, the session's lock on
 * SQLite), checked against the version the control's button was drawn for, so a double click, or
 * the same click on two processes, changes the round once and the second finds it moved on.
 * Skip also takes back the skipped question's points from the players' records, in the same
 * atomic commit as the session (the answer commit's path, see src/store/answers.ts).
 */

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
} from "../engine/host.ts";
import { recordWithout } from "../engine/player.ts";
import { closeRound, type SessionState } from "../engine/session.ts";
import type { AnswerDecision, LoadedAnswers } from "../store/answers.ts";
import type { TeamStanding } from "../store/team-boards.ts";
import { untilCommitted } from "./commit-retry.ts";
import type { AppContext } from "./context.ts";
import { advanceRound, questionOf, type SessionChange } from "./quiz.ts";

/** What a host may do with a round's controls. */
export type HostVerb = "start" | "next" | "pause" | "resume" | "skip" | "end";

/** A control's outcome: done (the round as it is now, and as it was), or why not. */
export type ControlResult =
  | { readonly kind: "changed"; readonly state: SessionState; readonly previous: SessionState }
  | { readonly kind: "stale"; readonly state: SessionState }
  | { readonly kind: "gone" };

/** The transition a control makes, or undefined where it does not apply to the round as it is. */
function transition(
  verb: Exclude<HostVerb, "skip">,
  state: SessionState,
  now: number,
): SessionState | undefined {
  switch (verb) {
    case "start":
      return state.phase === "lobby" ? start(state, now) : undefined;
    case "pause":
      return state.live?.pausedAt === undefined && (state.phase === "asking" || state.phase === "revealed")
        ? pause(state, now)
        : undefined;
    case "resume":
      return state.live?.pausedAt !== undefined ? resume(state, now) : undefined;
    case "next":
      // Next on a question reveals it now; the step after a reveal (the next question) is the timer's or Next's.
      return state.phase === "asking" ? closeRound(state, now) : undefined;
    case "end":
      return end(state, now);
  }
}

/**
 * Runs a host's control on a round, once: only if the round is still at `version` (the one its
 * button was drawn for). Who may use it is checked by the caller (the starter or a quiz master).
 */
export async function hostControl(
  ctx: AppContext,
  input: { readonly sessionId: string; readonly version: number; readonly verb: HostVerb },
): Promise<ControlResult> {
  if (input.verb === "skip") return skipQuestion(ctx, input.sessionId, input.version);
  const verb = input.verb;
  return ctx.sessions.update<ControlResult>(input.sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "gone" } as const };
    if (versionOf(state) !== input.version) return { result: { kind: "stale", state } as const };
    const next = transition(verb, state, ctx.now());
    if (!next || next === state) return { result: { kind: "stale", state } as const };
    return { state: next, result: { kind: "changed", state: next, previous: state } as const };
  });
}

/** Next, after a reveal: the next question now (or the end after the last), once per version. */
export async function nextQuestionNow(
  ctx: AppContext,
  sessionId: string,
  version: number,
): Promise<ControlResult> {
  const current = await ctx.sessions.get(sessionId);
  if (!current || current.phase === "finished") return { kind: "gone" };
  const change: SessionChange = await advanceRound(ctx, sessionId, current.round, version);
  if (change.kind === "changed" && change.state !== change.previous) return change;
  if (change.kind === "gone" || change.kind === "not-player") return { kind: "gone" };
  return { kind: "stale", state: change.state };
}

/**
 * Skip: the open question ends without a reveal and counts for nothing. The players who answered
 * it get their points back out of their records in the same atomic commit as the session (the
 * answer commit loads exactly their records); if someone answers between the read and the commit,
 * it is read and decided again.
 */
async function skipQuestion(ctx: AppContext, sessionId: string, version: number): Promise<ControlResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const seen = await ctx.sessions.get(sessionId);
    if (!seen || seen.phase === "finished") return { kind: "gone" };
    const players = Object.keys(seen.answers);
    // Loaded, decided, then committed only if nothing loaded has changed (else decided again).
    const decide = async (loaded: LoadedAnswers): Promise<AnswerDecision<ControlResult | "again">> => {
      const state = loaded.session;
      if (!state) return { result: { kind: "gone" } as const };
      if (versionOf(state) !== version || state.phase !== "asking")
        return { result: { kind: "stale", state } as const };
      // Someone answered after the first read: their record was not loaded, so read again.
      if (Object.keys(state.answers).some((userId) => !players.includes(userId))) return { result: "again" };
      const question = await questionOf(ctx, state);
      const skipped = skip(state, ctx.now());
      const records = new Map(
        skipped.voided.flatMap(([userId, answer]) => {
          const record = loaded.records.get(userId);
          if (!record) return [];
          const sourceId = question.citation.source;
          return [[userId, recordWithout(record, { sourceId, ...answer })] as const];
        }),
      );
      // The grade book's rows of the skipped answers are marked skipped in the same commit (same keys).
      const resultId = state.resultId;
      const alongside = resultId
        ? skipped.voided.flatMap(([userId, answer]) =>
            ctx.lessons.gradeRowWrites(state.guildId, resultId, {
              userId,
              displayName: userId,
              sessionId: state.id,
              round: state.round,
              questionId: question.id,
              chosen: "",
              correct: answer.correct,
              points: answer.points,
              at: answer.at,
              skipped: true,
            }),
          )
        : [];
      return {
        changes: { session: skipped.state, records, histories: new Map() },
        alongside,
        result: { kind: "changed", state: skipped.state, previous: state } as const,
      };
    };
    const outcome = await untilCommitted<ControlResult | "again">(async () => {
      const loaded = await ctx.answers.load(sessionId, players);
      const decision = await decide(loaded);
      return (await ctx.answers.commit(loaded, decision))
        ? { committed: true, result: decision.result }
        : { committed: false };
    });
    if (outcome !== "again") return outcome;
  }
  throw new Error(`could not skip a question of session ${sessionId}: answers kept arriving`);
}

/** What a click on Join (or Leave) did. */
export type JoinResult =
  | { readonly kind: "joined" | "already" | "left" | "started" | "full"; readonly state: SessionState }
  | { readonly kind: "gone" };

/** A player joins a round's lobby; their roles place them in a role team. */
export async function joinLobby(
  ctx: AppContext,
  input: {
    readonly sessionId: string;
    readonly userId: string;
    readonly roleIds: readonly string[];
    readonly leave?: boolean;
  },
): Promise<JoinResult> {
  return ctx.sessions.update<JoinResult>(input.sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "gone" } as const };
    if (input.leave) {
      const next = leave(state, input.userId);
      if (next === state) return { result: { kind: "started", state } as const };
      return { state: next, result: { kind: "left", state: next } as const };
    }
    const joined = join(state, input.userId);
    if (joined.outcome !== "joined") return { result: { kind: joined.outcome, state } as const };
    const placed = placeInTeam(joined.state, input.userId, input.roleIds);
    return { state: placed, result: { kind: "joined", state: placed } as const };
  });
}

/**
 * With a lobby, the reveal comes as soon as every player who joined has answered: closes the
 * question once (the version it was asked at), or does nothing if it is already closed or someone
 * has yet to answer.
 */
export async function revealIfAllAnswered(
  ctx: AppContext,
  sessionId: string,
  round: number,
): Promise<ControlResult> {
  return ctx.sessions.update<ControlResult>(sessionId, async (state) => {
    if (!state || state.phase === "finished") return { result: { kind: "gone" } as const };
    if (state.round !== round || !everyoneAnswered(state) || state.live?.pausedAt !== undefined)
      return { result: { kind: "stale", state } as const };
    const next = closeRound(state, ctx.now());
    return { state: next, result: { kind: "changed", state: next, previous: state } as const };
  });
}

/** Adds a finished round's team scores to its server's team leaderboard (once per round). */
export async function recordTeamScores(ctx: AppContext, state: SessionState): Promise<void> {
  const scores = teamScores(state).filter((s) => s.members > 0);
  if (state.phase !== "finished" || scores.length === 0) return;
  await ctx.teamBoards.addRound(
    state.guildId,
    state.id,
    scores.map(({ team, score }) => ({
      key: team.roleId ? `role:${team.roleId}` : `name:${team.name}`,
      name: team.name,
      score,
    })),
    ctx.now(),
  );
}

export type { TeamStanding };

/** A server's team leaderboard, all-time or this week. */
export function teamStandings(
  ctx: AppContext,
  guildId: string,
  period: "all-time" | "week",
): Promise<TeamStanding[]> {
  return ctx.teamBoards.standings(guildId, period, ctx.now());
}
