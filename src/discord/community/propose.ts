import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { DIFFICULTIES, type Difficulty } from "../../bank/schema.ts";
import { checkSubmission, type SUBMISSION_FIELDS, type SubmissionDraft } from "../../community/submission.ts";
import { randomId } from "../../game/context.ts";
import { UserError } from "../../game/errors.ts";
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
  const { shipped } = bot.game.banks;
  if (!shipped.corpus.get(source)) {
    throw new UserError(
      `There is no source "${source.slice(0, 50)}". Pick one from the list, or see \`/sources\`.`,
    );
  }
  if (!DIFFICULTIES.includes(difficulty)) throw new UserError("Pick a difficulty from the list.");
  if (topic !== COMMUNITY_TOPIC && !shipped.topics().includes(topic)) {
    throw new UserError(
      `There is no topic "${topic.slice(0, 50)}". Pick one from the list, or leave it empty.`,
    );
  }
  await interaction.showModal(proposalModal({ source, difficulty, topic }));
}

/** The "Edit and resubmit" button: reopens the form with what the member typed last time. */
export async function reopenProposal(interaction: ButtonInteraction, bot: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError("Proposals belong to a server.");
  const draft = await bot.game.community.draft(interaction.guildId, interaction.user.id);
  if (!draft)
    throw new UserError(
      "Your draft has expired (drafts are kept for an hour). Start again with `/question add`.",
    );
  await interaction.showModal(proposalModal(draft, draft));
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
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) throw new UserError("Proposals belong to a server.");
  const { guildId } = interaction;
  const userId = interaction.user.id;
  const draft = draftFrom(interaction, action);
  const { community, banks } = bot.game;
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
    await interaction.editReply(submissionProblemsMessage(problems));
    return;
  }
  const now = bot.game.now();
  const slot = await community.takeSubmissionSlot(guildId, userId, now, SUBMISSIONS_PER_HOUR, HOUR_MS);
  if (!slot.ok) {
    await interaction.editReply(
      noteMessage(
        "Limit reached",
        `You can propose ${SUBMISSIONS_PER_HOUR} questions an hour. Try again <t:${Math.ceil(slot.retryAt / 1000)}:R>; your text is kept for an hour (\`/question add\`, then the form opens with it).`,
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
  });
  await interaction.editReply(
    noteMessage(
      "Thank you: your question is waiting for review",
      `Its quote was found in the source. A quiz master will review it (\`${id}\`); you will hear the outcome by DM, or the next time you use the bot here.`,
      COLORS.right,
    ),
  );
}
