import { type ButtonInteraction, MessageFlags } from "discord.js";
import { checkLeaderboardShown } from "../../app/privacy.ts";
import { answer, type ClickPlace, nextQuestion, roundView, type SoloAnswer } from "../../app/quiz.ts";
import { serverLanguageOf } from "../../app/settings.ts";
import { leaderboardPage, playerStats } from "../../app/standing.ts";
import type { ChannelOutcome } from "../../engine/answer.ts";
import { standings } from "../../engine/session.ts";
import { type Locale, localeOf, serverLocale, t } from "../../i18n/index.ts";
import type { BotContext } from "../context.ts";
import { reopenProposal } from "../features/community/propose.ts";
import { askReport, resolveReport } from "../features/community/reports.ts";
import { approveProposal, askRejectReason, openProposalEdit } from "../features/community/review.ts";
import { confirmResetButton } from "../features/lessons/reset.ts";
import { startAssignmentButton } from "../features/lessons/start.ts";
import {
  answerRefusalText,
  hostControlButton,
  liveRefusalText,
  lobbyButton,
  memberRoleIds,
} from "../features/quiz/live-controls.ts";
import { hintButton, openTypedForm, redoButton, revealFields } from "../features/quiz/typed.ts";
import { whyWrongButton } from "../features/quiz/why-wrong.ts";
import { cancelSourceChange, confirmSourceChangeButton } from "../features/sources/confirm.ts";
import { leaderboardReply } from "../features/standing/leaderboard-reply.ts";
import { askMessage, soloRevealMessage, soloSummaryMessage } from "../render/quiz.ts";
import { ANSWER_BUDGET_MS } from "./acknowledge.ts";
import { replyPrivately } from "./boundary.ts";
import type { ButtonAction } from "./custom-id.ts";
import { displayNameOf } from "./display-name.ts";
import { deferOwnOrPrivate, ownsMessage } from "./in-place.ts";

/** Routes a decoded button to its handler. */
export async function handleButton(interaction: ButtonInteraction, action: ButtonAction, bot: BotContext) {
  switch (action.kind) {
    case "ans":
    case "next":
      return sessionButton(interaction, action, bot);
    case "lb":
      return leaderboardPageButton(interaction, action, bot);
    case "qedit":
      return reopenProposal(interaction, bot);
    case "qok":
      return approveProposal(interaction, action.questionId, bot);
    case "qno":
      return askRejectReason(interaction, action.questionId, bot);
    case "rep":
      return askReport(interaction, action.questionId);
    case "rkeep":
      return resolveReport(interaction, action.reportId, "kept", bot);
    case "rdis":
      return resolveReport(interaction, action.reportId, "disabled", bot);
    case "asg":
      return startAssignmentButton(interaction, action.assignmentId, bot);
    case "rreset":
      return confirmResetButton(interaction, action.token, bot);
    case "typ":
      return openTypedForm(interaction, action, bot);
    case "hint":
      return hintButton(interaction, action, bot);
    case "redo":
      return redoButton(interaction, action, bot);
    case "why":
      return whyWrongButton(interaction, action, bot);
    case "ctl":
      return hostControlButton(interaction, action, bot);
    case "join":
    case "leave":
      return lobbyButton(interaction, action, bot);
    case "qfix":
      return openProposalEdit(interaction, action.questionId, bot);
    case "srcok":
      return confirmSourceChangeButton(interaction, action.token, bot);
    case "srcno":
      return cancelSourceChange(interaction, action.token, bot);
  }
}

type AnswerAction = Extract<ButtonAction, { kind: "ans" }>;
type SessionAction = Extract<ButtonAction, { kind: "ans" | "next" }>;

/**
 * A button that names a session (an answer, or "next") is checked against the session as stored,
 * never trusted from the custom_id or the message that carries it: the session must be of this
 * guild and channel, and its kind (solo or channel), not the message's Ephemeral flag, decides the
 * handling. A solo button must sit on its private message; "next" exists only in solo quizzes.
 * The check is made by the application on the session it reads for the answer (one read per
 * click); nothing is stored for a refused click.
 */
async function sessionButton(interaction: ButtonInteraction, action: SessionAction, bot: BotContext) {
  const where: ClickPlace = {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    onOwnMessage: ownsMessage(interaction.message, interaction.user.id, interaction.customId),
  };
  return action.kind === "ans"
    ? answerButton(interaction, action, where, bot)
    : soloNext(interaction, action, where, bot);
}

/**
 * Waits for `read` within the answer budget; a read that is slow (a cold store after a restart)
 * acknowledges the click first (deferUpdate), so Discord's 3 s are never missed, and the handler
 * then replies with a follow-up or edits the message.
 */
async function withinBudget<T>(interaction: ButtonInteraction, read: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), ANSWER_BUDGET_MS);
  });
  try {
    const first = await Promise.race([read, late]);
    if (first !== "late") return first;
  } finally {
    clearTimeout(timer);
  }
  await interaction.deferUpdate();
  return read;
}

/** Logs and tells the clicker about a button for a session of another guild or channel. */
function refuseElsewhere(
  interaction: ButtonInteraction,
  sessionId: string,
  sessionGuildId: string,
  bot: BotContext,
) {
  bot.logger.warn(
    {
      sessionId,
      sessionGuildId,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      userId: interaction.user.id,
    },
    "refused a button for a session of another guild or channel",
  );
  return replyPrivately(interaction, t(localeOf(interaction), "answer.elsewhere"));
}

/** A solo quiz's button off its owner's private message: the owner is told it was not taken, anyone else whose quiz it is. */
function refuseMisplaced(interaction: ButtonInteraction, ownerId: string) {
  const locale = localeOf(interaction);
  return replyPrivately(
    interaction,
    interaction.user.id === ownerId
      ? t(locale, "answer.notTaken")
      : t(locale, "answer.notYourQuiz", { ownerId }),
  );
}

/**
 * The answer is taken before the click is acknowledged (usually well within Discord's 3 s); a
 * slow one (a cold store after a restart) acknowledges the click first, and the reply follows.
 * Solo: the answer replaces the question with its reveal, in the same private message. Channel
 * rounds: the player learns privately that their answer was taken; the reveal comes at time-up.
 */
async function answerButton(
  interaction: ButtonInteraction,
  action: AnswerAction,
  where: ClickPlace,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  const result = await withinBudget(
    interaction,
    answer(bot.app, {
      ...action,
      userId: interaction.user.id,
      displayName: displayNameOf(interaction),
      where,
      locale,
      roleIds: memberRoleIds(interaction),
    }),
  );
  switch (result.session) {
    case "gone":
      return replyPrivately(interaction, t(locale, "answer.quizOver"));
    case "elsewhere":
      return refuseElsewhere(interaction, action.sessionId, result.sessionGuildId, bot);
    case "misplaced":
      return refuseMisplaced(interaction, result.ownerId);
    case "channel":
      await replyPrivately(interaction, channelAnswerText(result.outcome, locale));
      // With a lobby, the answer that completes the round brings the reveal at once (after the reply).
      if (result.roundComplete) await bot.rounds.revealIfAllAnswered(action.sessionId, action.round);
      return;
    case "solo":
      return soloAnswer(interaction, action, result.outcome, bot);
  }
}

/** What a channel-round player is told about their answer. */
function channelAnswerText(outcome: ChannelOutcome, locale: Locale): string {
  switch (outcome.kind) {
    case "taken":
      return t(locale, "answer.taken", { chosen: outcome.chosen });
    default:
      return answerRefusalText(outcome, locale);
  }
}

/** Solo: the reveal replaces the question in the same private message, or the refusal is told privately. */
async function soloAnswer(
  interaction: ButtonInteraction,
  action: AnswerAction,
  outcome: SoloAnswer,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  switch (outcome.kind) {
    case "revealed": {
      const verdict = {
        correct: outcome.correct,
        chosen: outcome.chosen,
        points: outcome.points.total,
        breakdown: outcome.points,
        choice: action.choice,
        // The note on the wrong option picked, where the bank has one.
        fields: revealFields(bot, outcome.view.question, undefined, outcome.chosen, outcome.correct, locale),
      };
      if (!interaction.deferred) await interaction.deferUpdate();
      await interaction.editReply(soloRevealMessage(outcome.view, outcome.reveal, verdict, locale));
      return;
    }
    case "duplicate":
      return replyPrivately(interaction, t(locale, "answer.duplicate"));
    case "not-player":
      return replyPrivately(interaction, t(locale, "answer.notYourQuiz", { ownerId: outcome.ownerId }));
    case "closed":
      return replyPrivately(interaction, t(locale, "answer.closedSolo"));
    case "invalid-choice":
      return replyPrivately(interaction, t(locale, "answer.invalidChoice"));
    case "paused":
    case "not-started":
    case "not-joined":
    case "not-open":
      // Live refusals belong to channel rounds; a solo quiz never gives them.
      return replyPrivately(interaction, liveRefusalText(outcome, locale));
  }
}

/** Solo: the next question, or the summary after the last one. */
async function soloNext(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "next" }>,
  where: ClickPlace,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  const change = await withinBudget(
    interaction,
    nextQuestion(bot.app, { ...action, userId: interaction.user.id, where }),
  );
  if (change.kind === "gone") return replyPrivately(interaction, t(locale, "answer.quizOver"));
  if (change.kind === "elsewhere")
    return refuseElsewhere(interaction, action.sessionId, change.sessionGuildId, bot);
  if (change.kind === "stale") return replyPrivately(interaction, t(locale, "error.staleButton"));
  if (change.kind === "misplaced") return refuseMisplaced(interaction, change.ownerId);
  if (!interaction.deferred) await interaction.deferUpdate();
  if (change.kind === "not-player") {
    return replyPrivately(interaction, t(locale, "answer.notYourQuiz", { ownerId: change.ownerId }));
  }
  const state = change.state;
  if (state.phase === "finished") {
    const tally = standings(state).find((s) => s.userId === state.ownerId)?.tally ?? {
      points: 0,
      correct: 0,
      answered: 0,
    };
    const stats = await playerStats(bot.app, state.guildId, state.ownerId);
    const standing = stats?.rank
      ? t(locale, "quiz.summary.rank", { rank: stats.rank.rank, points: stats.points })
      : t(locale, "quiz.summary.noRank");
    await interaction.editReply(soloSummaryMessage(state, tally, standing, locale));
    return;
  }
  if (state.phase === "asking") {
    await interaction.editReply(askMessage(await roundView(bot.app, state, locale), undefined, locale));
  }
}

/**
 * Leaderboard paging: the viewer pages their own leaderboard in place; a click anywhere else (a
 * public leaderboard someone else asked for, or a pager button forged onto another message) gets
 * the page as the clicker's own private copy.
 */
async function leaderboardPageButton(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "lb" }>,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  let inPlace = false;
  if (interaction.user.id === action.ownerId)
    inPlace = (await deferOwnOrPrivate(interaction, interaction.customId)) === "in-place";
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const guildId = interaction.guildId;
  if (!guildId) return replyPrivately(interaction, t(locale, "error.leaderboardGuildOnly"));
  await checkLeaderboardShown(bot.app, guildId);
  const page = await leaderboardPage(bot.app, {
    guildId,
    period: action.period,
    page: action.page,
    userId: interaction.user.id,
  });
  // The public board pages in the server's language; a private copy is in the viewer's.
  const boardLocale = inPlace
    ? serverLocale(await serverLanguageOf(bot.app, guildId), interaction.guildLocale)
    : locale;
  await interaction.editReply(
    await leaderboardReply(bot, interaction.client, page, {
      guildId,
      viewerId: interaction.user.id,
      locale: boardLocale,
    }),
  );
}
