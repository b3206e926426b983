/**
 * A server's scoring: the bonuses live rounds earn (`/settings scoring`) and the rules an
 * assignment attempt is scored by. An attempt is scored from itself alone: no speed bonus, and a
 * streak counted within the attempt, so identical answers to an assignment get identical marks.
 */
import type { ScoringRules } from "../engine/session.ts";
import type { GuildSettings } from "../records/community.ts";
import type { AppContext } from "./context.ts";

/** How an assignment is marked: the points its answers earned, or right of asked as a percentage. */
export type Marking = "points" | "accuracy";

/** A server's scoring settings (what `/settings scoring` changed, defaults otherwise). */
export type ServerScoring = NonNullable<GuildSettings["scoring"]>;

/** Every bonus on, assignments marked in points: a server that never set scoring. */
export const DEFAULT_SERVER_SCORING: ServerScoring = { speed: true, streak: true, marks: "points" };

/** A server's scoring settings. */
export async function serverScoring(ctx: AppContext, guildId: string): Promise<ServerScoring> {
  return (await ctx.community.settings(guildId)).scoring ?? DEFAULT_SERVER_SCORING;
}

/** `/settings scoring`: changes what is given (the rest stays as it was); returns the settings after. */
export async function setServerScoring(
  ctx: AppContext,
  guildId: string,
  change: Partial<ServerScoring>,
): Promise<ServerScoring> {
  const given = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  const next = await ctx.community.updateSettings(guildId, (current) => ({
    ...current,
    scoring: { ...(current.scoring ?? DEFAULT_SERVER_SCORING), ...given },
  }));
  return next.scoring ?? DEFAULT_SERVER_SCORING;
}

/** A server's scoring with one round's own choices (speed, streak) put over it. */
export function withRoundScoring(
  server: ServerScoring,
  round: Partial<Pick<ServerScoring, "speed" | "streak">> | undefined,
): ServerScoring {
  return {
    ...server,
    ...(round?.speed === undefined ? {} : { speed: round.speed }),
    ...(round?.streak === undefined ? {} : { streak: round.streak }),
  };
}

/** The rules of a live round or a free solo quiz in a server: its bonuses as the server set them. */
export function liveRules(scoring: ServerScoring): ScoringRules {
  return { speed: scoring.speed, streak: scoring.streak ? "carried" : "off" };
}

/** The rules of an assignment attempt: nothing carried in from outside the attempt. */
export function attemptRules(scoring: ServerScoring): ScoringRules {
  return { speed: false, streak: scoring.streak ? "session" : "off" };
}

/** A student's mark: their points, or the share of questions they got right (a whole percentage). */
export function markOf(marking: Marking, grade: { points: number; right: number; asked: number }): number {
  if (marking === "points") return grade.points;
  return grade.asked === 0 ? 0 : Math.round((100 * grade.right) / grade.asked);
}
