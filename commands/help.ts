import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { serverScoring } from "../src/app/scoring.ts";
import type { Command } from "../src/discord/context.ts";
import { described } from "../src/discord/interactions/localize.ts";
import { helpMessage } from "../src/discord/render/info.ts";
import { DEFAULT_START_LIMITS } from "../src/engine/limits.ts";
import { localeOf } from "../src/i18n/index.ts";

/** /help */
export const help = {
  data: described(new SlashCommandBuilder().setName("help"), "cmd.help")
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, bot) {
    // The scoring as this server set it (a read of one small settings record, well within 3 s).
    const scoring = await serverScoring(bot.app, interaction.guildId);
    const limits = bot.config.startLimits ?? DEFAULT_START_LIMITS;
    await interaction.reply({
      ...helpMessage(localeOf(interaction), limits, scoring),
      flags: MessageFlags.Ephemeral,
    });
  },
} satisfies Command;
