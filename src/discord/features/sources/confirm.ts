/** The Confirm and Cancel buttons of `/source update` and `/source remove`. */
import type { ButtonInteraction } from "discord.js";
import { confirmSourceChange } from "../../../app/sources/sources.ts";
import { localeOf, t } from "../../../i18n/index.ts";
import type { BotContext } from "../../context.ts";
import { requireQuizMaster } from "../../interactions/access.ts";
import { deferOwnOrPrivate } from "../../interactions/in-place.ts";
import { noteMessage } from "../../render/community.ts";
import { sourceChangedMessage } from "../../render/sources.ts";

/** Confirm: a quiz master, the one who asked, applies the change; the reply lists what it did to the questions. */
export async function confirmSourceChangeButton(
  interaction: ButtonInteraction,
  token: string,
  bot: BotContext,
) {
  await deferOwnOrPrivate(interaction, interaction.customId);
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  const result = await confirmSourceChange(bot.app, {
    guildId: interaction.guildId,
    userId: interaction.user.id,
    token,
  });
  await interaction.editReply(sourceChangedMessage(result, localeOf(interaction)));
}

/** Cancel: the change is dropped (only by the quiz master who asked). */
export async function cancelSourceChange(interaction: ButtonInteraction, token: string, bot: BotContext) {
  await deferOwnOrPrivate(interaction, interaction.customId);
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  const locale = localeOf(interaction);
  const change = await bot.app.sources.takePending(interaction.guildId, token);
  if (change && change.userId !== interaction.user.id) {
    await bot.app.sources.savePending(change);
    await interaction.editReply(sourceChangedMessage({ kind: "notYours" }, locale));
    return;
  }
  await interaction.editReply(noteMessage(t(locale, "source.cancelledTitle"), t(locale, "source.cancelled")));
}
