import { AttachmentBuilder, MessageFlags } from "discord.js";
import { resultsCsv, serverReport } from "../game/learning.ts";
import { requireQuizMaster } from "./community/review.ts";
import type { BotContext, GuildCommandInteraction } from "./context.ts";
import { COLORS } from "./render/quiz.ts";
import { blockQuote, DISCORD_LIMITS, percent, truncate } from "./render/text.ts";

/** `/quiz report`: the questions this server misses most (with their passages), the sources it knows least, and a CSV. */
export async function quizReport(interaction: GuildCommandInteraction, bot: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  const report = await serverReport(bot.game, interaction.guildId);
  if (report.rows.length === 0) {
    await interaction.editReply("Nobody has answered a question in this server yet.");
    return;
  }
  const missed = report.mostMissed.map((m, i) => ({
    name: truncate(
      `${i + 1}. Missed ${m.missed} of ${m.answered} times (${percent(m.accuracy)} right)`,
      DISCORD_LIMITS.fieldName,
    ),
    value: truncate(
      `${m.question.question}\n**${m.question.answer}**\n${blockQuote(m.question.citation.quote, 600)}`,
      DISCORD_LIMITS.fieldValue,
    ),
  }));
  const sources = report.sources
    .map(
      (s) =>
        `${percent(s.accuracy)} · ${truncate(s.title, 80)} (${s.correct}/${s.answered}) · \`/quiz solo source:${s.sourceId}\``,
    )
    .join("\n");
  const csv = new AttachmentBuilder(Buffer.from(resultsCsv(report.rows), "utf8"), {
    name: `quiz-results-${interaction.guildId}.csv`,
  });
  await interaction.editReply({
    embeds: [
      {
        color: COLORS.question,
        title: `Quiz report: ${report.players} player(s), ${report.rows.length} player-question result(s)`,
        description: truncate(
          `**The sources this server knows least**\n${sources}`,
          DISCORD_LIMITS.embedDescription,
        ),
        fields:
          missed.length > 0 ? missed : [{ name: "Most missed", value: "No question has been missed yet." }],
        footer: { text: "The CSV has one row per player and question." },
      },
    ],
    files: [csv],
    allowedMentions: { parse: [] },
  });
}
