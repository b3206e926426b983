import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { randomId } from "../../app/context.ts";
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
  const { bank } = await bot.app.banks.of(interaction.guildId);
  if (!bank.get(questionId)) throw new UserError("error.questionGone");
  await bot.app.community.addReport({
    v: 1,
    id: randomId(),
    guildId: interaction.guildId,
    questionId,
    reporterId: interaction.user.id,
    text: interaction.fields.getTextInputValue("reason").trim(),
    createdAt: bot.app.now(),
    status: "open",
    resolvedBy: null,
    resolvedAt: null,
  });
  await interaction.editReply(
    noteMessage(t(locale, "report.thanksTitle"), t(locale, "report.thanks"), COLORS.right),
  );
}

async function nextOpenReport(guildId: string, bot: BotContext, locale: Locale): Promise<MessageBody> {
  const open = (await bot.app.community.reports(guildId)).filter((r) => r.status === "open");
  const { bank } = await bot.app.banks.of(guildId);
  for (const report of open) {
    const question = bank.get(report.questionId);
    if (question) return reportMessage(bank, report, question, open.length, locale);
  }
  return noteMessage(t(locale, "report.noneTitle"), t(locale, "report.none"));
}

/** `/question reports`: the open reports, one at a time, each with its question and passage. */
export async function startReports(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  await interaction.editReply(await nextOpenReport(interaction.guildId, bot, localeOf(interaction)));
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
  const { guildId } = interaction;
  const report = await bot.app.community.resolveReport(guildId, reportId, {
    status,
    by: interaction.user.id,
    at: bot.app.now(),
  });
  if (report && status === "disabled") {
    await bot.app.community.updateSettings(guildId, (settings) => ({
      ...settings,
      disabledQuestions: [...new Set([...settings.disabledQuestions, report.questionId])],
    }));
    bot.app.banks.invalidate(guildId);
  }
  await interaction.editReply(await nextOpenReport(guildId, bot, localeOf(interaction)));
}
