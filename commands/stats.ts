import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { mastery } from "../src/app/learning.ts";
import { playerStats } from "../src/app/standing.ts";
import type { Command } from "../src/discord/context.ts";
import { described } from "../src/discord/localize.ts";
import { statsMessage } from "../src/discord/render/board.ts";
import { localeOf } from "../src/i18n/index.ts";

/** /stats [user] */
export const stats = {
  data: described(new SlashCommandBuilder().setName("stats"), "cmd.stats")
    .setContexts(InteractionContextType.Guild)
    .addUserOption((o) => described(o.setName("user"), "cmd.stats.user"))
    .toJSON(),

  async execute(interaction, bot) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const user = interaction.options.getUser("user") ?? interaction.user;
    const [record, learned] = await Promise.all([
      playerStats(bot.app, interaction.guildId, user.id),
      mastery(bot.app, interaction.guildId, user.id),
    ]);
    await interaction.editReply(statsMessage(user.id, record, learned, localeOf(interaction)));
  },
} satisfies Command;
