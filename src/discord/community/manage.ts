import { AttachmentBuilder, MessageFlags } from "discord.js";
import yaml from "js-yaml";
import { UserError } from "../../app/errors.ts";
import { draftToInput } from "../../bank/submission.ts";
import { localeOf, t } from "../../i18n/index.ts";
import { type CommunityQuestion, QUESTION_STATUSES, type QuestionStatus } from "../../store/community.ts";
import type { BotContext, GuildCommandInteraction } from "../context.ts";
import { noteMessage, questionDetailEmbed } from "../render/community.ts";
import { COLORS } from "../render/quiz.ts";
import { DISCORD_LIMITS, truncate, userMention } from "../render/text.ts";
import { isQuizMaster } from "./access.ts";
import { requireQuizMaster } from "./review.ts";

const LIST_LIMIT = 20;

/** `/question list`: the server's proposed questions, filtered by status, source and author. */
export async function listQuestions(interaction: GuildCommandInteraction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const status = interaction.options.getString("status") as QuestionStatus | null;
  if (status !== null && !QUESTION_STATUSES.includes(status)) throw new UserError("error.pickStatus");
  const source = interaction.options.getString("source");
  const author = interaction.options.getUser("author");
  const all = await bot.app.community.questions(interaction.guildId);
  const matching = all.filter(
    (q) =>
      (status === null || q.status === status) &&
      (source === null || q.draft.source === source) &&
      (author === null || q.authorId === author.id),
  );
  const lines = matching
    .slice(-LIST_LIMIT)
    .reverse()
    .map(
      (q) =>
        `\`${q.id}\` · ${t(locale, `status.${q.status}`)} · ${q.draft.source} · ${userMention(q.authorId)}\n${truncate(q.draft.question, 90)}`,
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
  const { bank } = await bot.app.banks.of(interaction.guildId);
  const inBank = bank.get(id);
  if (inBank) {
    await interaction.editReply({
      embeds: [questionDetailEmbed(bank, inBank, t(locale, "manage.questionTitle", { id }), locale)],
      allowedMentions: { parse: [] },
    });
    return;
  }
  const record = await bot.app.community.question(interaction.guildId, id);
  if (!record) throw new UserError("error.noQuestion", { id: id.slice(0, 64) });
  await interaction.editReply(
    noteMessage(
      t(locale, "manage.proposalTitle", { id: record.id, status: t(locale, `status.${record.status}`) }),
      [
        record.draft.question,
        t(locale, "manage.answer", { answer: record.draft.answer }),
        t(locale, "manage.source", { source: record.draft.source }),
        t(locale, "manage.proposedBy", { user: userMention(record.authorId) }),
        record.reason ? t(locale, "manage.reason", { reason: record.reason }) : "",
      ].join("\n"),
    ),
  );
}

/** `/question remove id`: quiz masters, or the author while the question is pending. */
export async function removeQuestion(interaction: GuildCommandInteraction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const id = interaction.options.getString("id", true).trim();
  const master = await isQuizMaster(interaction, bot);
  const userId = interaction.user.id;
  const result = await bot.app.community.updateQuestion(interaction.guildId, id, (current) => {
    if (!current || current.status === "removed") return { result: "missing" as const };
    const mayRemove = master || (current.authorId === userId && current.status === "pending");
    if (!mayRemove) return { result: "refused" as const };
    return {
      next: { ...current, status: "removed" as const, reviewerId: userId },
      result: "removed" as const,
    };
  });
  if (result === "missing") throw new UserError("error.noProposedQuestion", { id: id.slice(0, 64) });
  if (result === "refused") throw new UserError("error.removeNotAllowed");
  bot.app.banks.invalidate(interaction.guildId);
  await interaction.editReply(
    noteMessage(t(locale, "manage.removedTitle"), t(locale, "manage.removed", { id })),
  );
}

/** The server's approved questions as a bank file (YAML), which `npm run bank -- check` accepts. */
export function approvedAsBankFile(guildId: string, questions: readonly CommunityQuestion[]): string {
  const approved = questions.filter((q) => q.status === "approved").map((q) => draftToInput(q.draft, q.id));
  return [
    `# Community questions approved in server ${guildId}, exported in the bank's format.`,
    "# Copy into questions/bank/ and run: npm run bank -- check",
    yaml.dump({ questions: approved }, { lineWidth: 100, noRefs: true }),
  ].join("\n");
}

/** `/question export`: the approved questions as a file, for contributing them back to the repository. */
export async function exportQuestions(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  const questions = await bot.app.community.questions(interaction.guildId);
  const count = questions.filter((q) => q.status === "approved").length;
  if (count === 0) throw new UserError("error.nothingToExport");
  const file = new AttachmentBuilder(
    Buffer.from(approvedAsBankFile(interaction.guildId, questions), "utf8"),
    {
      name: `community-${interaction.guildId}.yaml`,
    },
  );
  await interaction.editReply({
    content: t(localeOf(interaction), "manage.exported", { count }),
    files: [file],
  });
}
