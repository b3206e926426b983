import {
  type ButtonInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from "discord.js";
import type { AppContext } from "../../app/context.ts";
import { UserError } from "../../app/errors.ts";
import { quizMasterRoleOf } from "../../app/settings.ts";
import type { BotContext, GuildCommandInteraction } from "../context.ts";

/**
 * Quiz masters review proposals and reports: members with Manage Server, or with the role set by
 * `/settings quiz-master-role`.
 */
export async function isQuizMaster(interaction: Interaction, app: AppContext): Promise<boolean> {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const quizMasterRoleId = await quizMasterRoleOf(app, interaction.guildId);
  if (quizMasterRoleId === null) return false;
  const roles = interaction.member.roles;
  return Array.isArray(roles) ? roles.includes(quizMasterRoleId) : roles.cache.has(quizMasterRoleId);
}

/** Refuses anyone who is not a quiz master, with a message that says who is. */
export async function requireQuizMaster(
  interaction: GuildCommandInteraction | ButtonInteraction | ModalSubmitInteraction,
  bot: BotContext,
): Promise<void> {
  if (!(await isQuizMaster(interaction, bot.app))) throw new UserError("error.notQuizMaster");
}
