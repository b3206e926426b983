import type { AppContext } from "../context.ts";

/** Something to tell a member outside the interaction they started (by DM, or at their next command). */
export interface MemberNotice {
  readonly guildId: string;
  readonly userId: string;
  readonly message: string;
}

/** Leaves a message for a member who cannot be DMed: shown the next time they use the bot there. */
export async function leaveNotice(ctx: AppContext, notice: MemberNotice): Promise<void> {
  await ctx.community.pushNotice(notice.guildId, notice.userId, notice.message);
}

/** Takes (and clears) the messages waiting for a member in a server. */
export function takeNotices(ctx: AppContext, guildId: string, userId: string): Promise<string[]> {
  return ctx.community.takeNotices(guildId, userId);
}
