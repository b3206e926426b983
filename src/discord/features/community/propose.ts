import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import {
  lastDraft,
  proposalOptions,
  SUBMISSIONS_PER_HOUR,
  submitProposal,
} from "../../../app/community/proposals.ts";
import { UserError } from "../../../app/errors.ts";
import type { SUBMISSION_FIELDS, SubmissionDraft } from "../../../bank/submission.ts";
import { localeOf, t } from "../../../i18n/index.ts";
import type { BotContext, GuildCommandInteraction } from "../../context.ts";
import type { ModalAction } from "../../interactions/custom-id.ts";
import {
  duplicateList,
  giveawayLines,
  noteMessage,
  proposalModal,
  submissionProblemsMessage,
} from "../../render/community.ts";
import { COLORS } from "../../render/quiz.ts";

/** `/question add`: opens the proposal form for the chosen source. */
export async function openProposal(interaction: GuildCommandInteraction, bot: BotContext): Promise<void> {
  const options = await proposalOptions(bot.app, interaction.guildId, {
    source: interaction.options.getString("source", true),
    difficulty: interaction.options.getString("difficulty"),
    topic: interaction.options.getString("topic"),
  });
  await interaction.showModal(proposalModal(options, undefined, localeOf(interaction)));
}

/** The "Edit and resubmit" button: reopens the form with what the member typed last time. */
export async function reopenProposal(interaction: ButtonInteraction, bot: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError("error.proposalsGuildOnly");
  const draft = await lastDraft(bot.app, interaction.guildId, interaction.user.id);
  await interaction.showModal(proposalModal(draft, draft, localeOf(interaction)));
}

function draftFrom(
  interaction: ModalSubmitInteraction,
  action: Extract<ModalAction, { kind: "mqadd" }>,
): SubmissionDraft {
  const field = (id: (typeof SUBMISSION_FIELDS)[number]["id"]) => {
    try {
      return interaction.fields.getTextInputValue(id);
    } catch {
      return "";
    }
  };
  return {
    source: action.source,
    difficulty: action.difficulty,
    topic: action.topic,
    question: field("question"),
    answer: field("answer"),
    wrong: field("wrong"),
    quote: field("quote"),
    explanation: field("explanation"),
  };
}

/**
 * A submitted proposal: a bad one gets every problem and a button to fix it (the draft is kept);
 * a good one is stored as pending, within the hourly limit.
 */
export async function submitProposalForm(
  interaction: ModalSubmitInteraction,
  action: Extract<ModalAction, { kind: "mqadd" }>,
  bot: BotContext,
): Promise<void> {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) throw new UserError("error.proposalsGuildOnly");
  const result = await submitProposal(bot.app, {
    guildId: interaction.guildId,
    userId: interaction.user.id,
    draft: draftFrom(interaction, action),
    locale,
  });
  switch (result.kind) {
    case "problems":
      await interaction.editReply(submissionProblemsMessage(result.problems, locale));
      return;
    case "limited":
      await interaction.editReply(
        noteMessage(
          t(locale, "propose.limitTitle"),
          t(locale, "propose.limit", {
            max: SUBMISSIONS_PER_HOUR,
            retryAt: Math.ceil(result.retryAt / 1000),
          }),
        ),
      );
      return;
    case "pending": {
      const thanks = t(locale, "propose.thanks", { id: result.id });
      const warnings = [
        ...(result.duplicates.length > 0
          ? [`⚠️ ${t(locale, "propose.duplicateWarning", { questions: duplicateList(result.duplicates) })}`]
          : []),
        ...giveawayLines(result.giveaways, result.id, locale),
      ];
      await interaction.editReply(
        noteMessage(t(locale, "propose.thanksTitle"), [thanks, ...warnings].join("\n\n"), COLORS.right),
      );
    }
  }
}
