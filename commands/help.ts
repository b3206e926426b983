import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/context.ts";
import { helpMessage } from "../src/discord/render/info.ts";

/** /help */
export const help = {
  data: new SlashCommandBuilder()
    .setName("help")
    .setDescription("How to play, how scoring works, and the commands")
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction) {
    await interaction.reply({ ...helpMessage(), flags: MessageFlags.Ephemeral });
  },
} satisfies Command;
