/**
 * A live round the host steers: a lobby, Next, Pause/Resume, Skip and End, teams, and what the
 * podium needs (each question's right answers out of answered). Pure functions of
 * (session, event, now), as the rest of the engine: the app runs each one inside one store update
 * of the session, so a control is one atomic state transition.
 *
 * Every transition (a host's control, and the timer's close and advance) bumps `live.version`.
 * The control buttons carry the version they were drawn for and a timer step the version it was
 * scheduled for: a second click on the same button, or a timer step scheduled before a pause,
 * finds another version and does nothing.
 */
import { type Random, shuffled } from "./random.ts";

/** A team of a round: by a server role, or one of a random split of the lobby. */
export interface Team {
  /** `r{roleId}` for a role's team, `t{n}` for a random split's. */
  readonly id: string;
  readonly name: string;
  readonly roleId?: string | undefined;
  readonly members: readonly string[];
}

/** One question of a round, once closed: who answered, who was right; skipped questions count for nothing. */
export interface RoundResult {
  readonly questionId: string;
  readonly answered: number;
  readonly right: number;
  readonly skipped?: boolean | undefined;
}

/** What a channel round keeps for its host's controls (absent in rounds from before them). */
export interface LiveState {
  readonly version: number;
  /** Present when the round opened with a lobby: who joined (only they play). */
  readonly lobby?: { readonly players: readonly string[] } | undefined;
  /** When the host paused the round (absent: running). */
  readonly pausedAt?: number | undefined;
  readonly teams?: readonly Team[] | undefined;
  /** How the teams are made: from roles, or split at random from the lobby when the host starts. */
  readonly teamMode?: "roles" | "random" | undefined;
  /** Seconds of "team talk" before each question's answer buttons open. */
  readonly talkSeconds?: number | undefined;
  /** Each closed question's result, in order (the podium's figures). */
  readonly rounds: readonly RoundResult[];
}

/** The most players a lobby takes (and the most team members a team lists). */
export const LOBBY_MAX_PLAYERS = 200;
/** Team talk: at most this long before each question. */
export const TALK_MAX_SECONDS = 120;
/** Names of random teams, by index (their words are in the catalogue: `live.team.{n}`). */
export const RANDOM_TEAM_COUNT_MAX = 4;

/** What a host chooses when starting a live round. */
export interface LiveOptions {
  readonly lobby: boolean;
  /** Role teams (members empty: filled as players answer), or a random split's empty teams. */
  readonly teams?: readonly Team[] | undefined;
  readonly teamMode?: "roles" | "random" | undefined;
  readonly talkSeconds?: number | undefined;
}

/** A fresh live state for a new channel round. */
export function newLive(options: LiveOptions): LiveState {
  return {
    version: 0,
    rounds: [],
    ...(options.lobby ? { lobby: { players: [] } } : {}),
    ...(options.teams && options.teams.length > 0 ? { teams: options.teams } : {}),
    ...(options.teamMode ? { teamMode: options.teamMode } : {}),
    ...(options.talkSeconds ? { talkSeconds: options.talkSeconds } : {}),
  };
}

/** Splits players into `count` teams at random (seeded: the same seed, the same split), as even as can be. */
export function randomTeams(players: readonly string[], count: number, random: Random): Team[] {
  const order = shuffled(players, random);
  const teams = Array.from({ length: count }, (_, i) => ({ id: `t${i + 1}`, members: [] as string[] }));
  order.forEach((player, i) => {
    teams[i % count]?.members.push(player);
  });
  return teams.map((team, i) => ({ ...team, name: String(i + 1) }));
}

/** A role team a player belongs to (the first of the round's teams whose role they hold), or none. */
export function roleTeamOf(teams: readonly Team[], roleIds: readonly string[]): Team | undefined {
  return teams.find((team) => team.roleId !== undefined && roleIds.includes(team.roleId));
}
