import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { fileReport, nextOpenReport, resolveReport as resolve } from "../../app/community/reports.ts";
import { UserError } from "../../app/errors.ts";
import { type Locale, localeOf, t } from "../../i18n/index.ts";
import type { BotContext, GuildCommandInteraction } from "../context.ts";
import { encodeModal } from "../custom-id.ts";
import { noteMessage, reasonModal, reportMessage } from "../render/community.ts";
import { COLORS, type MessageBody } from "../render/quiz.ts";
import { requireQuizMaster } from "./review.ts";

/** The Report button on a reveal: asks what is wrong. */
export async function askReport(interaction: ButtonInteraction, questionId: string) {
  const locale = localeOf(interaction);
  await interaction.showModal(
    reasonModal(
      encodeModal({ kind: "mrep", questionId }),
      t(locale, "report.modalTitle"),
      t(locale, "report.modalLabel"),
      t(locale, "report.modalPlaceholder"),
    ),
  );
}

/** A report was written: it is stored with the question, its quote and the reporter. */
export async function submitReport(interaction: ModalSubmitInteraction, questionId: string, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) throw new UserError("error.reportsGuildOnly");
  await fileReport(bot.app, {
    guildId: interaction.guildId,
    questionId,
    reporterId: interaction.user.id,
    text: interaction.fields.getTextInputValue("reason").trim(),
  });
  await interaction.editReply(
    noteMessage(t(locale, "report.thanksTitle"), t(locale, "report.thanks"), COLORS.right),
  );
}

/** The report screen: the oldest open report, or a note that none is open. */
async function nextReport(guildId: string, bot: BotContext, locale: Locale): Promise<MessageBody> {
  const next = await nextOpenReport(bot.app, guildId);
  if (next) return reportMessage(next.bank, next.report, next.question, next.open, locale);
  return noteMessage(t(locale, "report.noneTitle"), t(locale, "report.none"));
}

/** `/question reports`: the open reports, one at a time, each with its question and passage. */
export async function startReports(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  await interaction.editReply(await nextReport(interaction.guildId, bot, localeOf(interaction)));
}

/** Keep or disable: resolves the report (disabling the question in this server only), then the next. */
export async function resolveReport(
  interaction: ButtonInteraction,
  reportId: string,
  status: "kept" | "disabled",
  bot: BotContext,
) {
  await interaction.deferUpdate();
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  await resolve(bot.app, { guildId: interaction.guildId, reportId, status, by: interaction.user.id });
  await interaction.editReply(await nextReport(interaction.guildId, bot, localeOf(interaction)));
}
