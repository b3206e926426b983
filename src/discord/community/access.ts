import { DiscordAPIError, type Interaction, PermissionFlagsBits, Routes } from "discord.js";
import type { BotContext } from "../context.ts";

/**
 * Quiz masters review proposals and reports: members with Manage Server, or with the role set by
 * `/settings quiz-master-role`.
 */
export async function isQuizMaster(interaction: Interaction, bot: BotContext): Promise<boolean> {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const { quizMasterRoleId } = await bot.app.community.settings(interaction.guildId);
  if (quizMasterRoleId === null) return false;
  const roles = interaction.member.roles;
  return Array.isArray(roles) ? roles.includes(quizMasterRoleId) : roles.cache.has(quizMasterRoleId);
}

/** Codes Discord answers when a user does not accept DMs from the bot. */
const CANNOT_DM = new Set([50007, 50278]);

/**
 * Tells a member something outside the interaction they started: by DM where they allow it, and
 * otherwise the next time they use the bot in that server.
 */
export async function tellMember(
  bot: BotContext,
  guildId: string,
  userId: string,
  message: string,
): Promise<"dm" | "later"> {
  try {
    const channel = (await bot.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
      id: string;
    };
    await bot.rest.post(Routes.channelMessages(channel.id), {
      body: { content: message, allowed_mentions: { parse: [] } },
    });
    return "dm";
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || !CANNOT_DM.has(Number(error.code))) {
      bot.logger.warn({ err: error, guildId, userId }, "could not DM a member; leaving a notice instead");
    }
    await bot.app.community.pushNotice(guildId, userId, message);
    return "later";
  }
}
