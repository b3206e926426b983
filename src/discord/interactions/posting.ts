import { PermissionFlagsBits } from "discord.js";
import { UserError } from "../../app/errors.ts";
import { takeStartSlot } from "../../app/start-limits.ts";
import { DEFAULT_START_LIMITS } from "../../engine/limits.ts";
import { type Locale, localeOf, t } from "../../i18n/index.ts";
import type { BotContext, GuildCommandInteraction } from "../context.ts";

/** The permissions the bot needs to post a message with embeds in a channel. */
export const POST_PERMISSIONS = ["ViewChannel", "SendMessages", "EmbedLinks"] as const;
export type PermissionName = (typeof POST_PERMISSIONS)[number] | "AttachFiles";

/** The named permissions the bot lacks in the interaction's channel (from `app_permissions`). */
export function missingPermissions(
  interaction: GuildCommandInteraction,
  needed: readonly PermissionName[],
): PermissionName[] {
  const granted = interaction.appPermissions;
  return needed.filter((name) => !granted.has(PermissionFlagsBits[name]));
}

/** The permissions' names as Discord shows them, in the member's language. */
export function permissionList(names: readonly PermissionName[], locale: Locale): string {
  return names.map((name) => `**${t(locale, `permission.${name}`)}**`).join(", ");
}

/**
 * Refuses, before anything is saved, a command whose result is a public post the bot could not
 * make in this channel; the member is told which permissions are missing.
 */
export function requirePostPermissions(
  interaction: GuildCommandInteraction,
  needed: readonly PermissionName[] = POST_PERMISSIONS,
): void {
  const missing = missingPermissions(interaction, needed);
  if (missing.length > 0)
    throw new UserError("error.botCannotPost", { missing: permissionList(missing, localeOf(interaction)) });
}

/**
 * Counts a round a member starts against the hourly limits (a public one against the channel's
 * too), or refuses it with when to try again.
 */
export async function requireStartSlot(
  interaction: GuildCommandInteraction,
  bot: BotContext,
  options: { public: boolean },
): Promise<void> {
  const refusal = await takeStartSlot(bot.app, {
    guildId: interaction.guildId,
    userId: interaction.user.id,
    channelId: interaction.channelId,
    public: options.public,
    limits: bot.config.startLimits ?? DEFAULT_START_LIMITS,
  });
  if (refusal)
    throw new UserError(refusal.scope === "member" ? "limits.member" : "limits.channel", {
      max: refusal.max,
      retryAt: Math.ceil(refusal.retryAt / 1000),
    });
}
