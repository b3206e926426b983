import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import {
  fileReport,
  nextOpenReport,
  REPORTS_PER_HOUR,
  resolveReports,
} from "../../../app/community/reports.ts";
import { UserError } from "../../../app/errors.ts";
import { asLocale, type Locale, localeOf, t } from "../../../i18n/index.ts";
import type { QuestionReport } from "../../../records/community.ts";
import type { BotContext, GuildCommandInteraction } from "../../context.ts";
import { requireQuizMaster } from "../../interactions/access.ts";
import { encodeModal } from "../../interactions/custom-id.ts";
import { deferOwnOrPrivate } from "../../interactions/in-place.ts";
import { tellMember } from "../../interactions/tell-member.ts";
import { noteMessage, reasonModal, reportMessage } from "../../render/community.ts";
import { COLORS, type MessageBody } from "../../render/quiz.ts";
import { escapeMarkdown, truncate } from "../../render/text.ts";

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

/**
 * A report was written: it is stored with the question, its quote and the reporter, within the
 * member's hourly limit and only if they have no open report of the same question.
 */
export async function submitReport(interaction: ModalSubmitInteraction, questionId: string, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) throw new UserError("error.reportsGuildOnly");
  const filed = await fileReport(bot.app, {
    guildId: interaction.guildId,
    questionId,
    reporterId: interaction.user.id,
    text: interaction.fields.getTextInputValue("reason").trim(),
    locale,
  });
  if (filed.kind === "limited") {
    await interaction.editReply(
      noteMessage(
        t(locale, "propose.limitTitle"),
        t(locale, "report.limit", { max: REPORTS_PER_HOUR, retryAt: Math.ceil(filed.retryAt / 1000) }),
      ),
    );
    return;
  }
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

/** What a reporter is told when their report is resolved, in the language they reported in. */
function reportOutcomeText(report: QuestionReport, question: string, status: "kept" | "disabled"): string {
  const locale = asLocale(report.locale);
  return t(locale, status === "kept" ? "report.outcomeKept" : "report.outcomeDisabled", { question });
}

/**
 * Keep or disable: resolves every open report of the question (disabling the question in this
 * server only), tells each reporter the outcome, says how many were resolved, then shows the next.
 */
export async function resolveReport(
  interaction: ButtonInteraction,
  reportId: string,
  status: "kept" | "disabled",
  bot: BotContext,
) {
  await deferOwnOrPrivate(interaction, interaction.customId);
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  const { guildId } = interaction;
  const locale = localeOf(interaction);
  const { resolved, question } = await resolveReports(bot.app, {
    guildId,
    reportId,
    status,
    by: interaction.user.id,
  });
  if (resolved.length > 0) {
    const shown = truncate(escapeMarkdown(question), 120);
    const told = new Set<string>();
    for (const each of resolved) {
      if (told.has(each.reporterId)) continue;
      told.add(each.reporterId);
      await tellMember(bot, {
        guildId,
        userId: each.reporterId,
        message: reportOutcomeText(each, shown, status),
      });
    }
    await interaction.followUp({
      content: t(locale, status === "kept" ? "report.resolvedKept" : "report.resolvedDisabled", {
        count: resolved.length,
        reporters: told.size,
      }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  } else {
    await interaction.followUp({
      content: t(locale, "report.alreadyResolved"),
      flags: MessageFlags.Ephemeral,
    });
  }
  await interaction.editReply(await nextReport(guildId, bot, locale));
}
