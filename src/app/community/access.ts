import type { AppContext } from "../context.ts";

/** The role whose members are quiz masters in a server (besides Manage Server), or null. */
export async function quizMasterRoleOf(ctx: AppContext, guildId: string): Promise<string | null> {
  return (await ctx.community.settings(guildId)).quizMasterRoleId;
}

/** `/settings quiz-master-role`: sets (or, with null, clears) the server's quiz-master role. */
export async function setQuizMasterRole(
  ctx: AppContext,
  guildId: string,
  roleId: string | null,
): Promise<void> {
  await ctx.community.updateSettings(guildId, (current) => ({ ...current, quizMasterRoleId: roleId }));
}
