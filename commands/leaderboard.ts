import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { teamStandings } from "../src/app/live.ts";
import { checkLeaderboardShown } from "../src/app/privacy.ts";
import { serverLanguageOf } from "../src/app/settings.ts";
import { leaderboardPage } from "../src/app/standing.ts";
import type { Command } from "../src/discord/context.ts";
import { leaderboardReply } from "../src/discord/features/standing/leaderboard-reply.ts";
import { choice, described } from "../src/discord/interactions/localize.ts";
import { teamBoardMessage } from "../src/discord/render/live.ts";
import { serverLocale } from "../src/i18n/index.ts";

/** /leaderboard [period] [teams] */
export const leaderboard = {
  data: described(new SlashCommandBuilder().setName("leaderboard"), "cmd.leaderboard")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      described(o.setName("period"), "cmd.leaderboard.period").addChoices(
        choice("cmd.leaderboard.period.allTime", "all-time"),
        choice("cmd.leaderboard.period.week", "week"),
      ),
    )
    .addBooleanOption((o) => described(o.setName("teams"), "cmd.leaderboard.teams"))
    .toJSON(),

  async execute(interaction, bot) {
    // A board the server turned off is refused privately, before anything public is posted.
    await checkLeaderboardShown(bot.app, interaction.guildId);
    // Building the ranking may scan the store on the first call after a start: defer.
    await interaction.deferReply();
    const period = interaction.options.getString("period") === "week" ? "week" : "all-time";
    // A public board: in the server's language, not the caller's.
    const boardLocale = serverLocale(
      await serverLanguageOf(bot.app, interaction.guildId),
      interaction.guildLocale,
    );
    if (interaction.options.getBoolean("teams") === true) {
      const standings = await teamStandings(bot.app, interaction.guildId, period);
      await interaction.editReply(teamBoardMessage(standings, period, boardLocale));
      return;
    }
    const page = await leaderboardPage(bot.app, {
      guildId: interaction.guildId,
      period,
      page: 0,
      userId: interaction.user.id,
    });
    await interaction.editReply(
      await leaderboardReply(bot, interaction.client, page, {
        guildId: interaction.guildId,
        viewerId: interaction.user.id,
        locale: boardLocale,
      }),
    );
  },
} satisfies Command;
