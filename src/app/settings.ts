/** A server's settings, as the commands change them: the quiz-master role and the language of its rounds. */
import type { ServerLanguage } from "../i18n/index.ts";
import type { AppContext } from "./context.ts";

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

/** `/settings language`: the language of the server's channel rounds ("auto": Discord's server language). */
export async function setServerLanguage(
  ctx: AppContext,
  guildId: string,
  language: ServerLanguage,
): Promise<void> {
  await ctx.community.updateSettings(guildId, (current) => ({ ...current, language }));
}

/** The language set for a server's channel rounds, if any ("auto" or none: Discord's server language). */
export async function serverLanguageOf(
  ctx: AppContext,
  guildId: string,
): Promise<ServerLanguage | undefined> {
  return (await ctx.community.settings(guildId)).language;
}
