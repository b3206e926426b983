import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { randomId } from "../../game/context.ts";
import { UserError } from "../../game/errors.ts";
import { asLocale, type Locale, localeOf, t } from "../../i18n/index.ts";
import type { QuestionReport } from "../../store/community.ts";
import type { BotContext, GuildCommandInteraction } from "../context.ts";
import { encodeModal } from "../custom-id.ts";
import { noteMessage, reasonModal, reportMessage } from "../render/community.ts";
import { COLORS, type MessageBody } from "../render/quiz.ts";
import { escapeMarkdown, truncate } from "../render/text.ts";
import { tellMember } from "./access.ts";
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

/** How many reports a member may file per hour in a server (as proposals: a burst is refused, told why). */
export const REPORTS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;
/** The bounds of a report's reason, checked here as well as by the form (a client can send anything). */
export const REPORT_REASON = { min: 5, max: 1000 } as const;

/**
 * A report was written: it is stored with the question, its quote and the reporter, within the
 * member's hourly limit and only if they have no open report of the same question.
 */
export async function submitReport(interaction: ModalSubmitInteraction, questionId: string, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) throw new UserError("error.reportsGuildOnly");
  const { guildId } = interaction;
  const reporterId = interaction.user.id;
  const { community } = bot.game;
  const { bank } = await bot.game.banks.of(guildId);
  if (!bank.get(questionId)) throw new UserError("error.questionGone");
  const text = interaction.fields.getTextInputValue("reason").trim();
  const length = [...text].length;
  if (length < REPORT_REASON.min || length > REPORT_REASON.max) {
    throw new UserError("error.reportLength", { length, ...REPORT_REASON });
  }
  const filed = await community.fileReport(
    {
      v: 1,
      id: randomId(),
      guildId,
      questionId,
      reporterId,
      text,
      createdAt: bot.game.now(),
      status: "open",
      resolvedBy: null,
      resolvedAt: null,
      locale,
    },
    REPORTS_PER_HOUR,
    HOUR_MS,
  );
  if (filed.kind === "duplicate") throw new UserError("error.reportAlreadyOpen");
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

async function nextOpenReport(guildId: string, bot: BotContext, locale: Locale): Promise<MessageBody> {
  const open = (await bot.game.community.reports(guildId)).filter((r) => r.status === "open");
  const { bank } = await bot.game.banks.of(guildId);
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

/** What a reporter is told when their report is resolved, in the language they reported in. */
function reportOutcomeText(report: QuestionReport, question: string, status: "kept" | "disabled"): string {
  const locale = asLocale(report.locale);
  const shown = truncate(question, 120);
  return t(locale, status === "kept" ? "report.outcomeKept" : "report.outcomeDisabled", { question: shown });
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
  await interaction.deferUpdate();
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  const { guildId } = interaction;
  const locale = localeOf(interaction);
  const { community } = bot.game;
  const report = await community.report(guildId, reportId);
  const resolved = report
    ? await community.resolveReportsOf(guildId, report.questionId, {
        status,
        by: interaction.user.id,
        at: bot.game.now(),
      })
    : [];
  if (report && resolved.length > 0) {
    const { bank } = await bot.game.banks.of(guildId);
    const question = escapeMarkdown(bank.get(report.questionId)?.question ?? report.questionId);
    if (status === "disabled") {
      await community.updateSettings(guildId, (settings) => ({
        ...settings,
        disabledQuestions: [...new Set([...settings.disabledQuestions, report.questionId])],
      }));
      bot.game.banks.invalidate(guildId);
    }
    const told = new Set<string>();
    for (const each of resolved) {
      if (told.has(each.reporterId)) continue;
      told.add(each.reporterId);
      await tellMember(bot, guildId, each.reporterId, reportOutcomeText(each, question, status));
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
  await interaction.editReply(await nextOpenReport(guildId, bot, locale));
}
