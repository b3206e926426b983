import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/context.ts";
import { statsMessage } from "../src/discord/render/board.ts";
import { mastery } from "../src/game/learning.ts";
import { playerStats } from "../src/game/standing.ts";

/** /stats [user] */
export const stats = {
  data: new SlashCommandBuilder()
    .setName("stats")
    .setDescription("A player's quiz record: points, accuracy, streaks, accuracy per source")
    .setContexts(InteractionContextType.Guild)
    .addUserOption((o) => o.setName("user").setDescription("Whose record (default: yours)"))
    .toJSON(),

  async execute(interaction, bot) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const user = interaction.options.getUser("user") ?? interaction.user;
    const [record, learned] = await Promise.all([
      playerStats(bot.game, interaction.guildId, user.id),
      mastery(bot.game, interaction.guildId, user.id),
    ]);
    await interaction.editReply(statsMessage(user.id, record, learned));
  },
} satisfies Command;
