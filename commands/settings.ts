import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/context.ts";
import { UserError } from "../src/game/errors.ts";

/** /settings quiz-master-role */
export const settings = {
  data: new SlashCommandBuilder()
    .setName("settings")
    .setDescription("This server's quiz settings")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub
        .setName("quiz-master-role")
        .setDescription("The role whose members review questions and reports (besides Manage Server)")
        .addRoleOption((o) => o.setName("role").setDescription("The role; leave empty to clear it")),
    )
    .toJSON(),

  async execute(interaction, bot) {
    // Default permissions hide the command, but a server can change who sees it: check again.
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserError("Only members with Manage Server can change the quiz settings.");
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const role = interaction.options.getRole("role");
    await bot.game.community.updateSettings(interaction.guildId, (current) => ({
      ...current,
      quizMasterRoleId: role?.id ?? null,
    }));
    await interaction.editReply({
      content: role
        ? `Quiz masters are now members with Manage Server or the <@&${role.id}> role.`
        : "Quiz masters are now members with Manage Server.",
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;
