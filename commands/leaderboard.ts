import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/context.ts";
import { leaderboardMessage } from "../src/discord/render/board.ts";
import { leaderboardPage } from "../src/game/standing.ts";

/** /leaderboard [period] */
export const leaderboard = {
  data: new SlashCommandBuilder()
    .setName("leaderboard")
    .setDescription("This server's top quiz players, with your own rank")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName("period")
        .setDescription("All time (default) or this week")
        .addChoices({ name: "all time", value: "all-time" }, { name: "this week", value: "week" }),
    )
    .toJSON(),

  async execute(interaction, bot) {
    // Building the ranking may scan the store on the first call after a start: defer.
    await interaction.deferReply();
    const period = interaction.options.getString("period") === "week" ? "week" : "all-time";
    const page = await leaderboardPage(bot.game, {
      guildId: interaction.guildId,
      period,
      page: 0,
      userId: interaction.user.id,
    });
    await interaction.editReply(leaderboardMessage(page, interaction.user.id));
  },
} satisfies Command;
