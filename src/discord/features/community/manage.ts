import { AttachmentBuilder, MessageFlags } from "discord.js";
import {
  exportApproved,
  findQuestion,
  listQuestions as list,
  removeQuestion as remove,
} from "../../../app/community/questions.ts";
import { UserError } from "../../../app/errors.ts";
import { openAssignmentsAsking } from "../../../app/lessons/assignments.ts";
import { localeOf, t } from "../../../i18n/index.ts";
import { QUESTION_STATUSES, type QuestionStatus } from "../../../records/community.ts";
import type { BotContext, GuildCommandInteraction } from "../../context.ts";
import { isQuizMaster, requireQuizMaster } from "../../interactions/access.ts";
import { noteMessage, questionDetailEmbed } from "../../render/community.ts";
import { COLORS } from "../../render/quiz.ts";
import { blockQuote, DISCORD_LIMITS, escapeMarkdown, truncate, userMention } from "../../render/text.ts";

const LIST_LIMIT = 20;

/** Reads the status option: one of the statuses, or none. */
function statusOption(value: string | null): QuestionStatus | null {
  if (value === null) return null;
  const status = QUESTION_STATUSES.find((s) => s === value);
  if (!status) throw new UserError("error.pickStatus");
  return status;
}

/** `/question list`: the server's proposed questions, filtered by status, source and author. */
export async function listQuestions(interaction: GuildCommandInteraction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const matching = await list(bot.app, interaction.guildId, {
    status: statusOption(interaction.options.getString("status")),
    source: interaction.options.getString("source"),
    authorId: interaction.options.getUser("author")?.id ?? null,
  });
  const lines = matching
    .slice(-LIST_LIMIT)
    .reverse()
    .map(
      (q) =>
        `\`${q.id}\` · ${t(locale, `status.${q.status}`)} · ${q.draft.source} · ${userMention(q.authorId)}\n${truncate(escapeMarkdown(q.draft.question), 90)}`,
    );
  const more =
    matching.length > LIST_LIMIT ? t(locale, "manage.older", { count: matching.length - LIST_LIMIT }) : "";
  await interaction.editReply(
    noteMessage(
      t(locale, "manage.listTitle", { count: matching.length }),
      lines.length > 0
        ? truncate(`${lines.join("\n")}${more}`, DISCORD_LIMITS.embedDescription)
        : t(locale, "manage.noneMatch"),
      COLORS.question,
    ),
  );
}

/** `/question show id`: any question of this server's quiz (shipped or approved) or a proposal. */
export async function showQuestion(interaction: GuildCommandInteraction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const id = interaction.options.getString("id", true).trim();
  const found = await findQuestion(bot.app, interaction.guildId, id);
  if (found.kind === "bank" && !(await isQuizMaster(interaction, bot.app))) {
    // A question of an open assignment: its answer and passage wait for the due time.
    const [open] = await openAssignmentsAsking(bot.app, interaction.guildId, [found.question.id]);
    if (open) {
      await interaction.editReply(
        t(locale, "lessons.question.keyHidden", { due: Math.floor(open.dueAt / 1000) }),
      );
      return;
    }
  }
  if (found.kind === "bank") {
    await interaction.editReply({
      embeds: [
        questionDetailEmbed(found.bank, found.question, t(locale, "manage.questionTitle", { id }), locale),
      ],
      allowedMentions: { parse: [] },
    });
    return;
  }
  const { record } = found;
  // Why a question left the quizzes when its source changed, with the nearest passage of the new
  // text: for quiz masters (the passage is the source's text, not a cited one).
  const withdrawn =
    record.withdrawn && (await isQuizMaster(interaction, bot.app))
      ? [
          t(locale, "source.withdrawnNote", {
            source: record.withdrawn.sourceId,
            version: record.withdrawn.version,
          }),
          record.withdrawn.nearest ? blockQuote(truncate(record.withdrawn.nearest, 500), 700) : "",
        ]
      : [];
  await interaction.editReply(
    noteMessage(
      t(locale, "manage.proposalTitle", { id: record.id, status: t(locale, `status.${record.status}`) }),
      [
        escapeMarkdown(record.draft.question),
        t(locale, "manage.answer", { answer: escapeMarkdown(record.draft.answer) }),
        t(locale, "manage.source", { source: record.draft.source }),
        t(locale, "manage.proposedBy", { user: userMention(record.authorId) }),
        record.reason ? t(locale, "manage.reason", { reason: escapeMarkdown(record.reason) }) : "",
        ...withdrawn,
      ].join("\n"),
    ),
  );
}

/** `/question remove id`: quiz masters, or the author while the question is pending. */
export async function removeQuestion(interaction: GuildCommandInteraction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const id = interaction.options.getString("id", true).trim();
  const was = await remove(bot.app, {
    guildId: interaction.guildId,
    id,
    userId: interaction.user.id,
    quizMaster: await isQuizMaster(interaction, bot.app),
  });
  // Say what actually changed: a pending or rejected proposal was never in the quizzes.
  const said =
    was === "pending"
      ? t(locale, "manage.removedPending", { id })
      : was === "rejected"
        ? t(locale, "manage.removedRejected", { id })
        : t(locale, "manage.removed", { id });
  await interaction.editReply(noteMessage(t(locale, "manage.removedTitle"), said));
}

/** `/question export`: the approved questions as a file, for contributing them back to the repository. */
export async function exportQuestions(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  const { count, file: yaml } = await exportApproved(bot.app, interaction.guildId);
  const file = new AttachmentBuilder(Buffer.from(yaml, "utf8"), {
    name: `community-${interaction.guildId}.yaml`,
  });
  await interaction.editReply({
    content: t(localeOf(interaction), "manage.exported", { count }),
    files: [file],
  });
}
