import { AttachmentBuilder, MessageFlags } from "discord.js";
import yaml from "js-yaml";
import { draftToInput } from "../../community/submission.ts";
import { UserError } from "../../game/errors.ts";
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
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const status = interaction.options.getString("status") as QuestionStatus | null;
  if (status !== null && !QUESTION_STATUSES.includes(status))
    throw new UserError("Pick a status from the list.");
  const source = interaction.options.getString("source");
  const author = interaction.options.getUser("author");
  const all = await bot.game.community.questions(interaction.guildId);
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
        `\`${q.id}\` · ${q.status} · ${q.draft.source} · ${userMention(q.authorId)}\n${truncate(q.draft.question, 90)}`,
    );
  const more = matching.length > LIST_LIMIT ? `\n…and ${matching.length - LIST_LIMIT} older` : "";
  await interaction.editReply(
    noteMessage(
      `Proposed questions (${matching.length})`,
      lines.length > 0
        ? truncate(`${lines.join("\n")}${more}`, DISCORD_LIMITS.embedDescription)
        : "None match.",
      COLORS.question,
    ),
  );
}

/** `/question show id`: any question of this server's quiz (shipped or approved) or a proposal. */
export async function showQuestion(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const id = interaction.options.getString("id", true).trim();
  const { bank } = await bot.game.banks.of(interaction.guildId);
  const inBank = bank.get(id);
  if (inBank) {
    await interaction.editReply({
      embeds: [questionDetailEmbed(bank, inBank, `Question ${id}`)],
      allowedMentions: { parse: [] },
    });
    return;
  }
  const record = await bot.game.community.question(interaction.guildId, id);
  if (!record) throw new UserError(`There is no question \`${id.slice(0, 64)}\` in this server.`);
  await interaction.editReply(
    noteMessage(
      `Question ${record.id} (${record.status})`,
      [
        record.draft.question,
        `Answer: ${record.draft.answer}`,
        `Source: ${record.draft.source}`,
        `Proposed by ${userMention(record.authorId)}`,
        record.reason ? `Reason: ${record.reason}` : "",
      ].join("\n"),
    ),
  );
}

/** `/question remove id`: quiz masters, or the author while the question is pending. */
export async function removeQuestion(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const id = interaction.options.getString("id", true).trim();
  const master = await isQuizMaster(interaction, bot);
  const userId = interaction.user.id;
  const result = await bot.game.community.updateQuestion(interaction.guildId, id, (current) => {
    if (!current || current.status === "removed") return { result: "missing" as const };
    const mayRemove = master || (current.authorId === userId && current.status === "pending");
    if (!mayRemove) return { result: "refused" as const };
    return {
      next: { ...current, status: "removed" as const, reviewerId: userId },
      result: "removed" as const,
    };
  });
  if (result === "missing")
    throw new UserError(`There is no proposed question \`${id.slice(0, 64)}\` in this server.`);
  if (result === "refused") {
    throw new UserError("Only quiz masters can remove a question, or its author while it is still pending.");
  }
  bot.game.banks.invalidate(interaction.guildId);
  await interaction.editReply(noteMessage("Removed", `\`${id}\` is removed from this server's quizzes.`));
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
  const questions = await bot.game.community.questions(interaction.guildId);
  const count = questions.filter((q) => q.status === "approved").length;
  if (count === 0) throw new UserError("This server has no approved questions to export yet.");
  const file = new AttachmentBuilder(
    Buffer.from(approvedAsBankFile(interaction.guildId, questions), "utf8"),
    {
      name: `community-${interaction.guildId}.yaml`,
    },
  );
  await interaction.editReply({
    content: `${count} approved question(s), in the bank's own format. Put the file in \`questions/bank/\` and run \`npm run bank -- check\`.`,
    files: [file],
  });
}
