import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import {
  decideProposal,
  editPendingProposal,
  nextPendingProposal,
  pendingProposal,
} from "../../../app/community/proposals.ts";
import { UserError } from "../../../app/errors.ts";
import { asLocale, type Locale, localeOf, t } from "../../../i18n/index.ts";
import type { CommunityQuestion } from "../../../records/community.ts";
import type { BotContext, GuildCommandInteraction } from "../../context.ts";
import { requireQuizMaster } from "../../interactions/access.ts";
import { encodeButton, encodeModal } from "../../interactions/custom-id.ts";
import { deferOwnOrPrivate } from "../../interactions/in-place.ts";
import { tellMember } from "../../interactions/tell-member.ts";
import {
  noteMessage,
  proposalEditModal,
  reasonModal,
  reviewMessage,
  submissionProblemsMessage,
} from "../../render/community.ts";
import type { MessageBody } from "../../render/quiz.ts";
import { escapeMarkdown, truncate } from "../../render/text.ts";

/** The review screen: the oldest pending proposal, or a note that none is waiting. */
async function nextPending(guildId: string, bot: BotContext, locale: Locale): Promise<MessageBody> {
  const next = await nextPendingProposal(bot.app, guildId);
  if (next)
    return reviewMessage(
      next.bank,
      next.record,
      next.question,
      next.pending,
      locale,
      next.duplicates,
      next.giveaways,
    );
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
  // Notices are shown one after another in one message: typed Markdown must not run into the next.
  const question = truncate(escapeMarkdown(record.draft.question), 120);
  return approved
    ? t(locale, "review.approved", { question })
    : t(locale, "review.rejected", {
        question,
        reason: reason === undefined ? t(locale, "review.noReason") : escapeMarkdown(reason),
      });
}

/** Decides a proposal, tells its author, and shows the next one (or says another reviewer was first). */
async function decideAndShowNext(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  decision: { questionId: string; approved: boolean; reason?: string },
  bot: BotContext,
): Promise<void> {
  if (!interaction.inGuild()) return;
  const locale = localeOf(interaction);
  const decided = await decideProposal(bot.app, {
    ...decision,
    guildId: interaction.guildId,
    reviewerId: interaction.user.id,
  });
  if (decided) {
    // A draft the bot made has no author to tell: the quiz master who asked for it is the reviewer.
    if (!decided.drafted) {
      const message = outcomeText(decided, decision.approved, decision.reason);
      await tellMember(bot, { guildId: interaction.guildId, userId: decided.authorId, message });
    }
    // The reviewer is told what their click did (the review screen moves on to the next one).
    await interaction.followUp({
      content: t(locale, decision.approved ? "review.confirmApproved" : "review.confirmRejected", {
        question: truncate(escapeMarkdown(decided.draft.question), 120),
      }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  } else
    await interaction.followUp({
      content: t(locale, "review.alreadyReviewed"),
      flags: MessageFlags.Ephemeral,
    });
  await interaction.editReply(await nextPending(interaction.guildId, bot, locale));
}

/** Approve: the question joins this server's quizzes, the author is told, the next one is shown. */
export async function approveProposal(interaction: ButtonInteraction, questionId: string, bot: BotContext) {
  await deferOwnOrPrivate(interaction, interaction.customId);
  await requireQuizMaster(interaction, bot);
  await decideAndShowNext(interaction, { questionId, approved: true }, bot);
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
  // The form was opened by a Reject button: the review screen that carries it is the one updated.
  await deferOwnOrPrivate(interaction, encodeButton({ kind: "qno", questionId }));
  await requireQuizMaster(interaction, bot);
  const reason = interaction.fields.getTextInputValue("reason").trim();
  await decideAndShowNext(interaction, { questionId, approved: false, reason }, bot);
}

/** Edit…: opens the proposal's form filled with its text (a draft's wording or options to fix before approving). */
export async function openProposalEdit(interaction: ButtonInteraction, questionId: string, bot: BotContext) {
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  const record = await pendingProposal(bot.app, interaction.guildId, questionId);
  if (!record) throw new UserError("review.alreadyReviewedError");
  await interaction.showModal(proposalEditModal(record, localeOf(interaction)));
}

/** The edited text: checked as a proposal; a good one replaces the pending text and the review screen shows it again. */
export async function submitProposalEdit(
  interaction: ModalSubmitInteraction,
  questionId: string,
  bot: BotContext,
) {
  await deferOwnOrPrivate(interaction, encodeButton({ kind: "qfix", questionId }));
  await requireQuizMaster(interaction, bot);
  if (!interaction.inGuild()) return;
  const locale = localeOf(interaction);
  const field = (id: string) => {
    try {
      return interaction.fields.getTextInputValue(id);
    } catch {
      return "";
    }
  };
  const result = await editPendingProposal(bot.app, {
    guildId: interaction.guildId,
    questionId,
    fields: {
      question: field("question"),
      answer: field("answer"),
      wrong: field("wrong"),
      quote: field("quote"),
      explanation: field("explanation"),
    },
  });
  if (result.kind === "problems") {
    const { components: _noButton, ...problems } = submissionProblemsMessage(result.problems, locale);
    await interaction.followUp({ ...problems, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.followUp({
    content: t(locale, result.kind === "edited" ? "review.edited" : "review.alreadyReviewed"),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
  await interaction.editReply(await nextPending(interaction.guildId, bot, locale));
}
