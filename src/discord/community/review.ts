import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { UserError } from "../../app/errors.ts";
import { checkSubmission } from "../../bank/submission.ts";
import { asLocale, type Locale, localeOf, t } from "../../i18n/index.ts";
import type { CommunityQuestion } from "../../store/community.ts";
import type { BotContext, GuildCommandInteraction } from "../context.ts";
import { encodeModal } from "../custom-id.ts";
import { noteMessage, reasonModal, reviewMessage } from "../render/community.ts";
import type { MessageBody } from "../render/quiz.ts";
import { isQuizMaster, tellMember } from "./access.ts";

/** Refuses anyone who is not a quiz master, with a message that says who is. */
export async function requireQuizMaster(
  interaction: GuildCommandInteraction | ButtonInteraction | ModalSubmitInteraction,
  bot: BotContext,
): Promise<void> {
  if (!(await isQuizMaster(interaction, bot))) throw new UserError("error.notQuizMaster");
}

/** The review screen: the oldest pending proposal, or a note that none is waiting. */
async function nextPending(guildId: string, bot: BotContext, locale: Locale): Promise<MessageBody> {
  const pending = (await bot.app.community.questions(guildId)).filter((q) => q.status === "pending");
  const { bank } = await bot.app.banks.of(guildId);
  for (const record of pending) {
    const { question } = checkSubmission(record.draft, {
      id: record.id,
      corpus: bank.corpus,
      guildId,
      authorId: record.authorId,
      takenIds: new Set(),
    });
    if (question) return reviewMessage(bank, record, question, pending.length, locale);
  }
  return noteMessage(t(locale, "review.nothingTitle"), t(locale, "review.nothing"));
}

/** `/question review`: shows the pending proposals one at a time. */
export async function startReview(interaction: GuildCommandInteraction, bot: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  await interaction.editReply(await nextPending(interaction.guildId, bot, localeOf(interaction)));
}

/** What the author is told, in the language they proposed the question in. */
function outcomeText(record: CommunityQuestion, approved: boolean, reason?: string): string {
  const locale = asLocale(record.locale);
  const question = record.draft.question.slice(0, 120);
  return approved
    ? t(locale, "review.approved", { question })
    : t(locale, "review.rejected", { question, reason: reason ?? t(locale, "review.noReason") });
}

async function decide(
  guildId: string,
  questionId: string,
  reviewerId: string,
  approved: boolean,
  reason: string | undefined,
  bot: BotContext,
): Promise<CommunityQuestion | undefined> {
  const now = bot.app.now();
  const decided = await bot.app.community.updateQuestion(guildId, questionId, (current) => {
    if (current?.status !== "pending") return { result: undefined };
    const next: CommunityQuestion = {
      ...current,
      status: approved ? "approved" : "rejected",
      reviewerId,
      reviewedAt: now,
      reason: reason ?? null,
    };
    return { next, result: next };
  });
  if (decided) {
    bot.app.banks.invalidate(guildId);
    await tellMember(bot, guildId, decided.authorId, outcomeText(decided, approved, reason));
  }
  return decided;
}

/** Approve: the question joins this server's quizzes, the author is told, the next one is shown. */
export async function approveProposal(interaction: ButtonInteraction, questionId: string, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferUpdate();
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  const decided = await decide(interaction.guildId, questionId, interaction.user.id, true, undefined, bot);
  if (!decided)
    await interaction.followUp({
      content: t(locale, "review.alreadyReviewed"),
      flags: MessageFlags.Ephemeral,
    });
  await interaction.editReply(await nextPending(interaction.guildId, bot, locale));
}

/** Reject…: asks for the reason first. */
export async function askRejectReason(interaction: ButtonInteraction, questionId: string, bot: BotContext) {
  await requireQuizMaster(interaction, bot);
  const locale = localeOf(interaction);
  await interaction.showModal(
    reasonModal(
      encodeModal({ kind: "mqrej", questionId }),
      t(locale, "review.rejectModalTitle"),
      t(locale, "review.rejectModalLabel"),
      t(locale, "review.rejectModalPlaceholder"),
    ),
  );
}

/** The reason was given: the question is rejected, the author is told, the next one is shown. */
export async function submitRejection(
  interaction: ModalSubmitInteraction,
  questionId: string,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  if (interaction.isFromMessage()) await interaction.deferUpdate();
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  const reason = interaction.fields.getTextInputValue("reason").trim();
  const decided = await decide(interaction.guildId, questionId, interaction.user.id, false, reason, bot);
  if (!decided)
    await interaction.followUp({
      content: t(locale, "review.alreadyReviewed"),
      flags: MessageFlags.Ephemeral,
    });
  await interaction.editReply(await nextPending(interaction.guildId, bot, locale));
}
