import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/context.ts";
import { sourceChoices } from "../src/discord/quiz-options.ts";
import { sourceDetailMessage, sourcesMessage } from "../src/discord/render/info.ts";
import { UserError } from "../src/game/errors.ts";

/** /sources [source] */
export const sources = {
  data: new SlashCommandBuilder()
    .setName("sources")
    .setDescription("The source documents the questions come from")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName("source").setDescription("Show one source in detail").setAutocomplete(true),
    )
    .toJSON(),

  async execute(interaction, bot) {
    const id = interaction.options.getString("source");
    if (id === null) {
      await interaction.reply({ ...sourcesMessage(bot.game.bank), flags: MessageFlags.Ephemeral });
      return;
    }
    const source = bot.game.bank.corpus.get(id);
    if (!source)
      throw new UserError(`There is no source "${id.slice(0, 50)}". Run \`/sources\` to see them all.`);
    await interaction.reply({ ...sourceDetailMessage(bot.game.bank, source), flags: MessageFlags.Ephemeral });
  },

  async autocomplete(interaction, bot) {
    await interaction.respond(sourceChoices(bot.game.bank, interaction.options.getFocused()));
  },
} satisfies Command;
