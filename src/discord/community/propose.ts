import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { randomId } from "../../app/context.ts";
import { UserError } from "../../app/errors.ts";
import { DIFFICULTIES, type Difficulty } from "../../bank/schema.ts";
import { checkSubmission, type SUBMISSION_FIELDS, type SubmissionDraft } from "../../bank/submission.ts";
import { localeOf, t } from "../../i18n/index.ts";
import type { BotContext, GuildCommandInteraction } from "../context.ts";
import type { ModalAction } from "../custom-id.ts";
import { noteMessage, proposalModal, submissionProblemsMessage } from "../render/community.ts";
import { COLORS } from "../render/quiz.ts";

/** How many questions a member may propose per hour in a server. */
export const SUBMISSIONS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;
/** The topic of a proposal when none is chosen. */
export const COMMUNITY_TOPIC = "community";

/** `/question add`: opens the proposal form for the chosen source. */
export async function openProposal(interaction: GuildCommandInteraction, bot: BotContext): Promise<void> {
  const source = interaction.options.getString("source", true);
  const difficulty = (interaction.options.getString("difficulty") ?? "medium") as Difficulty;
  const topic = interaction.options.getString("topic") ?? COMMUNITY_TOPIC;
  const { shipped } = bot.app.banks;
  if (!shipped.corpus.get(source)) throw new UserError("error.noSource", { source: source.slice(0, 50) });
  if (!DIFFICULTIES.includes(difficulty)) throw new UserError("error.pickDifficulty");
  if (topic !== COMMUNITY_TOPIC && !shipped.topics().includes(topic)) {
    throw new UserError("error.noTopicForProposal", { topic: topic.slice(0, 50) });
  }
  await interaction.showModal(proposalModal({ source, difficulty, topic }, undefined, localeOf(interaction)));
}

/** The "Edit and resubmit" button: reopens the form with what the member typed last time. */
export async function reopenProposal(interaction: ButtonInteraction, bot: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError("error.proposalsGuildOnly");
  const draft = await bot.app.community.draft(interaction.guildId, interaction.user.id);
  if (!draft) throw new UserError("error.draftExpired");
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
 * A submitted proposal: checked exactly as the shipped bank is. A bad one gets every problem and a
 * button to fix it (the draft is kept); a good one is stored as pending, within the hourly limit.
 */
export async function submitProposal(
  interaction: ModalSubmitInteraction,
  action: Extract<ModalAction, { kind: "mqadd" }>,
  bot: BotContext,
): Promise<void> {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) throw new UserError("error.proposalsGuildOnly");
  const { guildId } = interaction;
  const userId = interaction.user.id;
  const draft = draftFrom(interaction, action);
  const { community, banks } = bot.app;
  await community.saveDraft(guildId, userId, draft);

  const { bank } = await banks.of(guildId);
  const taken = new Set([
    ...bank.questions.map((q) => q.id),
    ...(await community.questions(guildId)).map((q) => q.id),
  ]);
  const id = `community-${randomId()}`;
  const { problems } = checkSubmission(draft, {
    id,
    corpus: bank.corpus,
    guildId,
    authorId: userId,
    takenIds: taken,
  });
  if (problems.length > 0) {
    await interaction.editReply(submissionProblemsMessage(problems, locale));
    return;
  }
  const now = bot.app.now();
  const slot = await community.takeSubmissionSlot(guildId, userId, now, SUBMISSIONS_PER_HOUR, HOUR_MS);
  if (!slot.ok) {
    await interaction.editReply(
      noteMessage(
        t(locale, "propose.limitTitle"),
        t(locale, "propose.limit", { max: SUBMISSIONS_PER_HOUR, retryAt: Math.ceil(slot.retryAt / 1000) }),
      ),
    );
    return;
  }
  await community.addQuestion({
    v: 1,
    id,
    guildId,
    authorId: userId,
    status: "pending",
    draft,
    createdAt: now,
    reviewerId: null,
    reviewedAt: null,
    reason: null,
    // The author hears the outcome later (by DM or a notice), in the language they proposed in.
    locale,
  });
  await interaction.editReply(
    noteMessage(t(locale, "propose.thanksTitle"), t(locale, "propose.thanks", { id }), COLORS.right),
  );
}
