import { MessageFlags, type RepliableInteraction } from "discord.js";
import { takeNotices } from "../../../app/community/notices.ts";
import type { BotContext } from "../../context.ts";
import { DISCORD_LIMITS, truncate } from "../../render/text.ts";

/**
 * Shows a member the messages left for them (such as the outcome of a proposal they could not be
 * DMed about), after the command they used has been answered. A failure here never fails the command.
 */
export async function deliverNotices(interaction: RepliableInteraction, bot: BotContext): Promise<void> {
  if (!interaction.inGuild() || !(interaction.replied || interaction.deferred)) return;
  // A command answered with a form (/question add) gets its notices the next time instead.
  if (interaction.isChatInputCommand() && interaction.options.getSubcommand(false) === "add") return;
  try {
    const notices = await takeNotices(bot.app, interaction.guildId, interaction.user.id);
    if (notices.length === 0) return;
    await interaction.followUp({
      content: truncate(notices.map((n) => `📬 ${n}`).join("\n"), DISCORD_LIMITS.content),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  } catch (error) {
    bot.logger.warn(
      { err: error, guildId: interaction.guildId, userId: interaction.user.id },
      "could not deliver notices",
    );
  }
}
