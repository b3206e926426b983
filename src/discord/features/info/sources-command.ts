import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { UserError } from "../../../app/errors.ts";
import { localeOf } from "../../../i18n/index.ts";
import type { Command } from "../../context.ts";
import { described } from "../../interactions/localize.ts";
import { sourceDetailMessage, sourcesMessage } from "../../render/info.ts";
import { truncate } from "../../render/text.ts";
import { sourceChoices } from "../quiz/quiz-options.ts";

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
