import { type Interaction, MessageFlags } from "discord.js";
import { localeOf, t } from "../../i18n/index.ts";
import type { BotContext, Command } from "../context.ts";
import { deliverNotices } from "../features/community/notices.ts";
import { handleInteractionError } from "./boundary.ts";
import { handleButton } from "./buttons.ts";
import { decodeButton, decodeModal } from "./custom-id.ts";
import { handleModal } from "./modals.ts";

/**
 * The interaction router: slash commands by name, autocomplete by command, buttons by their
 * decoded custom_id. Every path runs inside the one error boundary; the handler resolves to how
 * the interaction ended (for the metrics).
 */
export function createInteractionHandler(commands: readonly Command[], bot: BotContext) {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  return async (
    interaction: Interaction,
  ): Promise<"ok" | Awaited<ReturnType<typeof handleInteractionError>>> => {
    // Checked first: the fields object would be built for every interaction, logged or not.
    if (bot.logger.isLevelEnabled("debug")) {
      bot.logger.debug(
        {
          id: interaction.id,
          type: interaction.type,
          guildId: interaction.guildId,
          userId: interaction.user.id,
        },
        "interaction received",
      );
    }
    try {
      if (interaction.isChatInputCommand()) {
        const command = byName.get(interaction.commandName);
        if (!command) throw new Error(`no handler for /${interaction.commandName}`);
        if (!interaction.inGuild()) {
          await interaction.reply({
            content: t(localeOf(interaction), "error.guildOnly"),
            flags: MessageFlags.Ephemeral,
          });
          return "ok";
        }
        await command.execute(interaction, bot);
        await deliverNotices(interaction, bot);
      } else if (interaction.isAutocomplete()) {
        const command = byName.get(interaction.commandName);
        if (command?.autocomplete) await command.autocomplete(interaction, bot);
        else await interaction.respond([]);
      } else if (interaction.isButton()) {
        const action = decodeButton(interaction.customId);
        if (!action) {
          bot.logger.warn(
            { customId: interaction.customId, userId: interaction.user.id },
            "unknown or forged custom_id",
          );
          await interaction.reply({
            content: t(localeOf(interaction), "error.staleButton"),
            flags: MessageFlags.Ephemeral,
          });
          return "ok";
        }
        await handleButton(interaction, action, bot);
      } else if (interaction.isModalSubmit()) {
        const action = decodeModal(interaction.customId);
        if (!action) {
          bot.logger.warn(
            { customId: interaction.customId, userId: interaction.user.id },
            "unknown or forged modal id",
          );
          await interaction.reply({
            content: t(localeOf(interaction), "error.staleForm"),
            flags: MessageFlags.Ephemeral,
          });
          return "ok";
        }
        await handleModal(interaction, action, bot);
      }
    } catch (error) {
      return await handleInteractionError(interaction, error, bot.logger);
    }
    return "ok";
  };
}
