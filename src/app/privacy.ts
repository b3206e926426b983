/** A server's privacy (`/settings privacy`): who sees others' stats, and whether the public leaderboard is shown. */
import type { GuildSettings } from "../records/community.ts";
import type { AppContext } from "./context.ts";
import { UserError } from "./errors.ts";

/** A server's privacy settings. */
export type ServerPrivacy = NonNullable<GuildSettings["privacy"]>;

/** What a server that never set privacy has: everyone sees everyone's stats, the leaderboard is shown. */
export const DEFAULT_PRIVACY: ServerPrivacy = { stats: "everyone", leaderboard: true };

/** A server's privacy settings. */
export async function serverPrivacy(ctx: AppContext, guildId: string): Promise<ServerPrivacy> {
  return (await ctx.community.settings(guildId)).privacy ?? DEFAULT_PRIVACY;
}

/** `/settings privacy`: changes what is given (the rest stays); returns the settings after. */
export async function setServerPrivacy(
  ctx: AppContext,
  guildId: string,
  change: Partial<ServerPrivacy>,
): Promise<ServerPrivacy> {
  const given = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  const next = await ctx.community.updateSettings(guildId, (current) => ({
    ...current,
    privacy: { ...(current.privacy ?? DEFAULT_PRIVACY), ...given },
  }));
  return next.privacy ?? DEFAULT_PRIVACY;
}

/** Refuses a look at another member's stats when the server keeps them to quiz masters. */
export async function checkStatsVisible(
  ctx: AppContext,
  input: { guildId: string; viewerId: string; subjectId: string; viewerIsQuizMaster: boolean },
): Promise<void> {
  if (input.viewerId === input.subjectId || input.viewerIsQuizMaster) return;
  if ((await serverPrivacy(ctx, input.guildId)).stats === "quiz-masters") {
    throw new UserError("error.statsPrivate");
  }
}

/** Refuses the public leaderboard when the server has turned it off. */
export async function checkLeaderboardShown(ctx: AppContext, guildId: string): Promise<void> {
  if (!(await serverPrivacy(ctx, guildId)).leaderboard) throw new UserError("error.leaderboardHidden");
}
