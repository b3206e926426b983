import { type ButtonInteraction, MessageFlags } from "discord.js";
import { answer, nextQuestion, roundView, runningSessionKind } from "../app/quiz.ts";
import { leaderboardPage, playerStats } from "../app/standing.ts";
import { localeOf, t } from "../i18n/index.ts";
import { standings } from "../quiz/session.ts";
import { ANSWER_BUDGET_MS, replyPrivatelyWithin } from "./acknowledge.ts";
import { replyPrivately } from "./boundary.ts";
import { reopenProposal } from "./community/propose.ts";
import { askReport, resolveReport } from "./community/reports.ts";
import { approveProposal, askRejectReason } from "./community/review.ts";
import type { BotContext } from "./context.ts";
import type { ButtonAction } from "./custom-id.ts";
import { displayNameOf, startAssignmentButton } from "./lessons/start.ts";
import { leaderboardMessage } from "./render/board.ts";
import { askMessage, soloRevealMessage, soloSummaryMessage } from "./render/quiz.ts";

/** Routes a decoded button to its handler. */
export async function handleButton(interaction: ButtonInteraction, action: ButtonAction, bot: BotContext) {
  switch (action.kind) {
    case "ans":
      return answerButton(interaction, action, bot);
    case "next":
      return soloNext(interaction, action, bot);
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
  }
}

type AnswerAction = Extract<ButtonAction, { kind: "ans" }>;

/**
 * An answer button: acknowledged as the session's kind needs (a solo reveal replaces the private
 * question; a channel answer is confirmed privately), so the kind is read first: from the cache
 * for a live session, one read after a restart.
 */
async function answerButton(interaction: ButtonInteraction, action: AnswerAction, bot: BotContext) {
  const started = Date.now();
  const kind = await runningSessionKind(bot.app, action.sessionId);
  if (kind === undefined) return replyPrivately(interaction, t(localeOf(interaction), "answer.quizOver"));
  if (kind === "solo") return soloAnswer(interaction, action, bot);
  return channelAnswer(interaction, action, bot, ANSWER_BUDGET_MS - (Date.now() - started));
}

/** Solo: the answer replaces the question with its reveal, in the same private message. */
async function soloAnswer(interaction: ButtonInteraction, action: AnswerAction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferUpdate();
  const result = await answer(bot.app, {
    ...action,
    userId: interaction.user.id,
    displayName: displayNameOf(interaction),
  });
  if (result.session !== "solo") return replyPrivately(interaction, t(locale, "answer.quizOver"));
  const { outcome } = result;
  switch (outcome.kind) {
    case "revealed": {
      const verdict = {
        correct: outcome.correct,
        chosen: outcome.chosen,
        points: outcome.points.total,
        choice: action.choice,
      };
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
  }
}

/** Channel rounds: the player learns privately that their answer was taken; the reveal comes at time-up. */
async function channelAnswer(
  interaction: ButtonInteraction,
  action: AnswerAction,
  bot: BotContext,
  budgetMs: number,
) {
  const locale = localeOf(interaction);
  const work = answer(bot.app, {
    ...action,
    userId: interaction.user.id,
    displayName: displayNameOf(interaction),
  }).then((result): string => {
    if (result.session !== "channel") return t(locale, "answer.quizOver");
    switch (result.outcome.kind) {
      case "taken":
        return t(locale, "answer.taken", { chosen: result.outcome.chosen });
      case "duplicate":
        return t(locale, "answer.duplicate");
      case "closed":
        return t(locale, "answer.tooLate");
      case "invalid-choice":
        return t(locale, "answer.notTaken");
    }
  });
  await replyPrivatelyWithin(interaction, work, Math.max(0, budgetMs));
}

/** Solo: the next question, or the summary after the last one. */
async function soloNext(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "next" }>,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  await interaction.deferUpdate();
  const change = await nextQuestion(bot.app, { ...action, userId: interaction.user.id });
  if (change.kind === "gone") return replyPrivately(interaction, t(locale, "answer.quizOver"));
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
    await interaction.editReply(askMessage(await roundView(bot.app, state), undefined, locale));
  }
}

/** Leaderboard paging: the viewer who asked pages in place; anyone else gets their own private copy. */
async function leaderboardPageButton(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "lb" }>,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  const own = interaction.user.id === action.ownerId;
  if (own) await interaction.deferUpdate();
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const guildId = interaction.guildId;
  if (!guildId) return replyPrivately(interaction, t(locale, "error.leaderboardGuildOnly"));
  const page = await leaderboardPage(bot.app, {
    guildId,
    period: action.period,
    page: action.page,
    userId: interaction.user.id,
  });
  await interaction.editReply(leaderboardMessage(page, interaction.user.id, locale));
}
