import { type ButtonInteraction, ButtonStyle, ComponentType, MessageFlags } from "discord.js";
import { confirmResultsReset } from "../../../app/lessons/results.ts";
import { type Locale, localeOf, t } from "../../../i18n/index.ts";
import type { BotContext } from "../../context.ts";
import { requireQuizMaster } from "../../interactions/access.ts";
import { encodeButton } from "../../interactions/custom-id.ts";

/** The confirmation button of a grade-book reset (the archive is attached beside it). */
export function resetButtonRow(token: string, locale: Locale) {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        custom_id: encodeButton({ kind: "rreset", token }),
        label: t(locale, "lessons.reset.confirm"),
        style: ButtonStyle.Danger,
      },
    ],
  } as const;
}

/**
 * The confirmation click: a quiz master of the server only, and only with the token of the reset
 * waiting there (a forged or expired one deletes nothing).
 */
export async function confirmResetButton(interaction: ButtonInteraction, token: string, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) {
    await interaction.editReply(t(locale, "error.guildOnly"));
    return;
  }
  await requireQuizMaster(interaction, bot);
  const deleted = await confirmResultsReset(bot.app, interaction.guildId, token);
  await interaction.editReply(
    deleted === undefined
      ? t(locale, "lessons.reset.expired")
      : t(locale, "lessons.reset.done", { count: deleted }),
  );
}
