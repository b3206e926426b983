import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { serverTimeZone } from "../src/app/lessons/settings.ts";
import { mastery } from "../src/app/mastery.ts";
import { checkStatsVisible } from "../src/app/privacy.ts";
import { playerStats } from "../src/app/standing.ts";
import type { Command } from "../src/discord/context.ts";
import { isQuizMaster } from "../src/discord/interactions/access.ts";
import { described } from "../src/discord/interactions/localize.ts";
import { statsMessage } from "../src/discord/render/board.ts";
import { chartAttachments, drawCharts } from "../src/discord/render/chart-files.ts";
import { statsCharts } from "../src/discord/render/charts.ts";
import { localeOf } from "../src/i18n/index.ts";

/** /stats [user] */
export const stats = {
  data: described(new SlashCommandBuilder().setName("stats"), "cmd.stats")
    .setContexts(InteractionContextType.Guild)
    .addUserOption((o) => described(o.setName("user"), "cmd.stats.user"))
    .addBooleanOption((o) => described(o.setName("sections"), "cmd.stats.sections"))
    .toJSON(),

  async execute(interaction, bot) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const user = interaction.options.getUser("user") ?? interaction.user;
    await checkStatsVisible(bot.app, {
      guildId: interaction.guildId,
      viewerId: interaction.user.id,
      subjectId: user.id,
      viewerIsQuizMaster: await isQuizMaster(interaction, bot.app),
    });
    const [record, learned, zone] = await Promise.all([
      playerStats(bot.app, interaction.guildId, user.id),
      mastery(bot.app, interaction.guildId, user.id),
      serverTimeZone(bot.app, interaction.guildId),
    ]);
    const locale = localeOf(interaction);
    const charts = record
      ? await drawCharts(
          bot,
          statsCharts(record, learned, interaction.options.getBoolean("sections") ?? false, locale, zone),
          {
            guildId: interaction.guildId,
            command: "stats",
          },
        )
      : [];
    await interaction.editReply({
      ...statsMessage(
        user.id,
        record,
        learned,
        locale,
        charts.map((c) => c.name),
        user.id === interaction.user.id,
      ),
      files: chartAttachments(charts),
    });
  },
} satisfies Command;
