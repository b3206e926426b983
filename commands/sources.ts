import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { UserError } from "../src/app/errors.ts";
import type { Command } from "../src/discord/context.ts";
import { sourceChoices } from "../src/discord/features/quiz/quiz-options.ts";
import { described } from "../src/discord/interactions/localize.ts";
import { sourceDetailMessage, sourcesMessage } from "../src/discord/render/info.ts";
import { truncate } from "../src/discord/render/text.ts";
import { localeOf } from "../src/i18n/index.ts";

/** /sources [source] */
export const sources = {
  data: described(new SlashCommandBuilder().setName("sources"), "cmd.sources")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) => described(o.setName("source"), "cmd.sources.source").setAutocomplete(true))
    .toJSON(),

  async execute(interaction, bot) {
    const locale = localeOf(interaction);
    // The server's bank: the shipped sources and this server's own.
    const { bank } = await bot.app.banks.of(interaction.guildId);
    const id = interaction.options.getString("source");
    if (id === null) {
      await interaction.reply({ ...sourcesMessage(bank, locale), flags: MessageFlags.Ephemeral });
      return;
    }
    const source = bank.corpus.get(id);
    if (!source) throw new UserError("error.noSourceToShow", { source: truncate(id, 50) });
    await interaction.reply({
      ...sourceDetailMessage(bank, source, locale),
      flags: MessageFlags.Ephemeral,
    });
  },

  async autocomplete(interaction, bot) {
    const bank = interaction.inGuild() ? (await bot.app.banks.of(interaction.guildId)).bank : bot.app.bank;
    await interaction.respond(sourceChoices(bank, interaction.options.getFocused(), localeOf(interaction)));
  },
} satisfies Command;
