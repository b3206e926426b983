import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import { setQuizMasterRole } from "../src/app/community/access.ts";
import { UserError } from "../src/app/errors.ts";
import type { Command } from "../src/discord/context.ts";
import { described } from "../src/discord/localize.ts";
import { localeOf, t } from "../src/i18n/index.ts";

/** /settings quiz-master-role */
export const settings = {
  data: described(new SlashCommandBuilder().setName("settings"), "cmd.settings")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      described(sub.setName("quiz-master-role"), "cmd.settings.quizMasterRole").addRoleOption((o) =>
        described(o.setName("role"), "cmd.settings.quizMasterRole.role"),
      ),
    )
    .toJSON(),

  async execute(interaction, bot) {
    // Default permissions hide the command, but a server can change who sees it: check again.
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserError("error.settingsNeedManageServer");
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const role = interaction.options.getRole("role");
    await setQuizMasterRole(bot.app, interaction.guildId, role?.id ?? null);
    await interaction.editReply({
      content: role
        ? t(localeOf(interaction), "settings.roleSet", { roleId: role.id })
        : t(localeOf(interaction), "settings.roleCleared"),
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;
