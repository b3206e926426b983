import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { randomId } from "../../game/context.ts";
import { UserError } from "../../game/errors.ts";
import type { BotContext, GuildCommandInteraction } from "../context.ts";
import { encodeModal } from "../custom-id.ts";
import { noteMessage, reasonModal, reportMessage } from "../render/community.ts";
import { COLORS, type MessageBody } from "../render/quiz.ts";
import { requireQuizMaster } from "./review.ts";

/** The Report button on a reveal: asks what is wrong. */
export async function askReport(interaction: ButtonInteraction, questionId: string) {
  await interaction.showModal(
    reasonModal(
      encodeModal({ kind: "mrep", questionId }),
      "Report this question",
      "What is wrong with it?",
      "For example: the passage does not support this answer.",
    ),
  );
}

/** A report was written: it is stored with the question, its quote and the reporter. */
export async function submitReport(interaction: ModalSubmitInteraction, questionId: string, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) throw new UserError("Reports belong to a server.");
  const { bank } = await bot.game.banks.of(interaction.guildId);
  if (!bank.get(questionId)) throw new UserError("That question is no longer in this server's quiz.");
  await bot.game.community.addReport({
    v: 1,
    id: randomId(),
    guildId: interaction.guildId,
    questionId,
    reporterId: interaction.user.id,
    text: interaction.fields.getTextInputValue("reason").trim(),
    createdAt: bot.game.now(),
    status: "open",
    resolvedBy: null,
    resolvedAt: null,
  });
  await interaction.editReply(
    noteMessage(
      "Thank you for the report",
      "This server's quiz masters will check the question against its source.",
      COLORS.right,
    ),
  );
}

async function nextOpenReport(guildId: string, bot: BotContext): Promise<MessageBody> {
  const open = (await bot.game.community.reports(guildId)).filter((r) => r.status === "open");
  const { bank } = await bot.game.banks.of(guildId);
  for (const report of open) {
    const question = bank.get(report.questionId);
    if (question) return reportMessage(bank, report, question, open.length);
  }
  return noteMessage("No open reports", "Nobody has reported a question that is still open.");
}

/** `/question reports`: the open reports, one at a time, each with its question and passage. */
export async function startReports(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  await interaction.editReply(await nextOpenReport(interaction.guildId, bot));
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
  const report = await bot.game.community.resolveReport(guildId, reportId, {
    status,
    by: interaction.user.id,
    at: bot.game.now(),
  });
  if (report && status === "disabled") {
    await bot.game.community.updateSettings(guildId, (settings) => ({
      ...settings,
      disabledQuestions: [...new Set([...settings.disabledQuestions, report.questionId])],
    }));
    bot.game.banks.invalidate(guildId);
  }
  await interaction.editReply(await nextOpenReport(guildId, bot));
}
