import { AttachmentBuilder, MessageFlags } from "discord.js";
import { serverTimeZone } from "../../../app/lessons/settings.ts";
import { resultsCsv, serverReport } from "../../../app/mastery.ts";
import { localizeQuestion } from "../../../bank/localize.ts";
import type { Question } from "../../../bank/question.ts";
import { localeOf, t } from "../../../i18n/index.ts";
import type { BotContext, GuildCommandInteraction } from "../../context.ts";
import { requireQuizMaster } from "../../interactions/access.ts";
import { serverLocaleOf } from "../../interactions/localize.ts";
import { chartAttachments, drawCharts } from "../../render/chart-files.ts";
import { reportCharts } from "../../render/charts.ts";
import { COLORS } from "../../render/quiz.ts";
import { blockQuote, DISCORD_LIMITS, percent, truncate } from "../../render/text.ts";
import { guildMemberNames } from "../lessons/roster.ts";

/** `/quiz report`: the questions this server misses most (with their passages), the sources it knows least, and a CSV. */
export async function quizReport(interaction: GuildCommandInteraction, bot: BotContext): Promise<void> {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  const report = await serverReport(bot.app, interaction.guildId);
  if (report.rows.length === 0) {
    await interaction.editReply(t(locale, "learning.nobody"));
    return;
  }
  const shownIn = (question: Question) => localizeQuestion(bot.app.bank, question, locale);
  const missed = report.mostMissed.map((m, i) => ({
    name: truncate(
      t(locale, "learning.missed", {
        rank: i + 1,
        missed: m.missed,
        answered: m.answered,
        accuracy: percent(m.accuracy),
      }),
      DISCORD_LIMITS.fieldName,
    ),
    // The question and answer in the reader's language; the passage as the source has it.
    value: truncate(
      `${shownIn(m.question).question}\n**${shownIn(m.question).answer}**\n${blockQuote(m.question.citation.quote, 600)}`,
      DISCORD_LIMITS.fieldValue,
    ),
  }));
  const sources = report.sources
    .map(
      (s) =>
        `${percent(s.accuracy)} · ${truncate(s.title, 80)} (${s.correct}/${s.answered}) · \`/quiz solo source:${s.sourceId}\``,
    )
    .join("\n");
  const zone = await serverTimeZone(bot.app, interaction.guildId);
  const names = await guildMemberNames(bot, interaction.guildId, [
    ...new Set(report.rows.map((r) => r.userId)),
  ]);
  const serverLanguage = await serverLocaleOf(bot.app, interaction);
  const csv = new AttachmentBuilder(
    Buffer.from(resultsCsv(report.rows, report.bank, zone, names, serverLanguage), "utf8"),
    {
      name: `quiz-results-${interaction.guildId}.csv`,
    },
  );
  const { charts: chartsToDraw, legend } = reportCharts(report, locale);
  const charts = await drawCharts(bot, chartsToDraw, {
    guildId: interaction.guildId,
    command: "quiz report",
  });
  const [first, ...more] = charts;
  await interaction.editReply({
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "learning.title", { players: report.players, results: report.rows.length }),
        description: truncate(
          t(locale, "learning.weakestSources", { sources }),
          DISCORD_LIMITS.embedDescription,
        ),
        fields: [
          ...(missed.length > 0
            ? missed
            : [{ name: t(locale, "learning.mostMissed"), value: t(locale, "learning.noneMissed") }]),
          // What each bar of the chart (Q1, Q2…) is.
          {
            name: t(locale, "learning.chartLegend"),
            value: truncate(
              legend.map((q) => `**Q${q.n}** \`${q.questionId}\` ${truncate(q.text, 48)}`).join("\n") || "-",
              // Short, so the embed stays within 6,000 characters beside five passages.
              700,
            ),
          },
        ],
        footer: { text: t(locale, "learning.footer") },
        ...(first ? { image: { url: `attachment://${first.name}` } } : {}),
      },
      ...more.map((c) => ({ color: COLORS.question, image: { url: `attachment://${c.name}` } })),
    ],
    files: [csv, ...chartAttachments(charts)],
    allowedMentions: { parse: [] },
  });
}
