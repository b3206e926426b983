import { type ButtonInteraction, MessageFlags } from "discord.js";
import { checkLeaderboardShown } from "../../app/privacy.ts";
import { answer, nextQuestion, roundView, sessionNow } from "../../app/quiz.ts";
import { serverLanguageOf } from "../../app/settings.ts";
import { leaderboardPage, playerStats } from "../../app/standing.ts";
import { standings } from "../../engine/session.ts";
import { localeOf, serverLocale, t } from "../../i18n/index.ts";
import type { BotContext } from "../context.ts";
import { reopenProposal } from "../features/community/propose.ts";
import { askReport, resolveReport } from "../features/community/reports.ts";
import { approveProposal, askRejectReason, openProposalEdit } from "../features/community/review.ts";
import { confirmResetButton } from "../features/lessons/reset.ts";
import { startAssignmentButton } from "../features/lessons/start.ts";
import { cancelSourceChange, confirmSourceChangeButton } from "../features/sources/confirm.ts";
import { leaderboardReply } from "../features/standing/leaderboard-reply.ts";
import { askMessage, soloRevealMessage, soloSummaryMessage } from "../render/quiz.ts";
import { ANSWER_BUDGET_MS, replyPrivatelyWithin } from "./acknowledge.ts";
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
 * Nothing is stored for a refused click.
 */
async function sessionButton(interaction: ButtonInteraction, action: SessionAction, bot: BotContext) {
  const locale = localeOf(interaction);
  const session = await withinBudget(interaction, sessionNow(bot.app, action.sessionId));
  if (!session) return replyPrivately(interaction, t(locale, "answer.quizOver"));
  if (session.guildId !== interaction.guildId || session.channelId !== interaction.channelId) {
    bot.logger.warn(
      {
        sessionId: session.id,
        sessionGuildId: session.guildId,
        guildId: interaction.guildId,
        channelId: interaction.channelId,
        userId: interaction.user.id,
      },
      "refused a button for a session of another guild or channel",
    );
    return replyPrivately(interaction, t(locale, "answer.elsewhere"));
  }
  if (session.kind === "channel") {
    if (action.kind === "ans") return channelAnswer(interaction, action, bot);
    return replyPrivately(interaction, t(locale, "error.staleButton"));
  }
  if (!ownsMessage(interaction.message, interaction.user.id, interaction.customId)) {
    // A solo quiz's buttons are only ever on its owner's private message: this one was put elsewhere.
    const refusal =
      interaction.user.id === session.ownerId
        ? t(locale, "answer.notTaken")
        : t(locale, "answer.notYourQuiz", { ownerId: session.ownerId });
    return replyPrivately(interaction, refusal);
  }
  return action.kind === "ans" ? soloAnswer(interaction, action, bot) : soloNext(interaction, action, bot);
}

/**
 * The session, read before the click is acknowledged (a live session is cached, so this is
 * usually instant); a read that is slow (a cold store after a restart) acknowledges the click
 * first, so Discord's 3 s are never missed, and the handlers then reply with a follow-up.
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

/** Solo: the answer replaces the question with its reveal, in the same private message. */
async function soloAnswer(interaction: ButtonInteraction, action: AnswerAction, bot: BotContext) {
  const locale = localeOf(interaction);
  if (!interaction.deferred) await interaction.deferUpdate();
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
        breakdown: outcome.points,
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
async function channelAnswer(interaction: ButtonInteraction, action: AnswerAction, bot: BotContext) {
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
  if (interaction.deferred) await replyPrivately(interaction, await work);
  else await replyPrivatelyWithin(interaction, work);
}

/** Solo: the next question, or the summary after the last one. */
async function soloNext(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "next" }>,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  if (!interaction.deferred) await interaction.deferUpdate();
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
