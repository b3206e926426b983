/**
 * The typed-answer interactions: "Type my answer" (opens the form: the first response, so no
 * defer before it), the form's submission, "Hint", and "Redo my mistakes". Every one is checked
 * against the stored session (guild, channel, round, owner) and, for a solo quiz, the message it
 * sits on: a custom_id is only a claim.
 */

import type { APIEmbedField, ButtonInteraction, ModalSubmitInteraction } from "discord.js";
import { z } from "zod";
import {
  type AnswerOutcome,
  answer,
  type HintOutcome,
  roundView,
  sessionNow,
  startRedo,
  takeRoundHint,
} from "../../../app/quiz.ts";
import type { Question } from "../../../bank/question.ts";
import { hintCostOf } from "../../../engine/scoring.ts";
import type { SessionState } from "../../../engine/session.ts";
import type { TypedVerdict } from "../../../engine/typed-answer.ts";
import { type Locale, localeOf, t } from "../../../i18n/index.ts";
import type { BotContext } from "../../context.ts";
import { replyPrivatelyWithin } from "../../interactions/acknowledge.ts";
import { replyPrivately } from "../../interactions/boundary.ts";
import { type ButtonAction, encodeButton, type ModalAction } from "../../interactions/custom-id.ts";
import { displayNameOf } from "../../interactions/display-name.ts";
import { deferOwnOrPrivate, ownsMessage } from "../../interactions/in-place.ts";
import { askMessage, soloRevealMessage } from "../../render/quiz.ts";
import {
  hintInPlaceText,
  hintText,
  TYPED_INPUT,
  typedAnswerModal,
  typedVerdictField,
  wrongNoteField,
} from "../../render/typed.ts";
import { answerRefusalText, memberRoleIds } from "./live-controls.ts";

type RoundAction = { readonly sessionId: string; readonly round: number };

/** What a player typed, as Discord sends it: a claim, checked like any input. */
const TypedSchema = z.string().trim().min(1).max(TYPED_INPUT.answerMax);

/**
 * The session a round button or form names, if the click may act on it: of this guild and
 * channel, and (solo) on its owner's own message carrying `carries`. Otherwise the refusal to show.
 */
async function checkedSession(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  sessionId: string,
  carries: string,
  bot: BotContext,
): Promise<{ state: SessionState } | { refusal: string }> {
  const locale = localeOf(interaction);
  const state = await sessionNow(bot.app, sessionId);
  if (!state || state.phase === "finished") return { refusal: t(locale, "answer.quizOver") };
  if (state.guildId !== interaction.guildId || state.channelId !== interaction.channelId) {
    bot.logger.warn(
      { sessionId, userId: interaction.user.id },
      "refused a typed-answer control for another channel",
    );
    return { refusal: t(locale, "answer.elsewhere") };
  }
  if (state.kind === "solo") {
    if (interaction.user.id !== state.ownerId)
      return { refusal: t(locale, "answer.notYourQuiz", { ownerId: state.ownerId }) };
    const message = interaction.message;
    if (!message || !ownsMessage(message, interaction.user.id, carries))
      return { refusal: t(locale, "answer.notTaken") };
  }
  return { state };
}

/** "Type my answer": shows the form at once (a form must be the first response, within 3 s). */
export async function openTypedForm(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "typ" }>,
  bot: BotContext,
): Promise<void> {
  const locale = localeOf(interaction);
  const checked = await checkedSession(interaction, action.sessionId, interaction.customId, bot);
  if ("refusal" in checked) return replyPrivately(interaction, checked.refusal);
  const { state } = checked;
  if (action.round !== state.round || state.phase !== "asking")
    return replyPrivately(interaction, t(locale, "answer.tooLate"));
  const view = await roundView(bot.app, state);
  if (!view.typed) return replyPrivately(interaction, t(locale, "answer.notTaken"));
  if (state.answers[interaction.user.id]) return replyPrivately(interaction, t(locale, "answer.duplicate"));
  await interaction.showModal(typedAnswerModal(view, locale));
}

/** The form's submission: judged by the engine; a solo quiz shows its reveal in place, a channel round says it is in. */
export async function submitTypedAnswer(
  interaction: ModalSubmitInteraction,
  action: Extract<ModalAction, { kind: "mtyp" }>,
  bot: BotContext,
): Promise<void> {
  const locale = localeOf(interaction);
  const typed = TypedSchema.safeParse(interaction.fields.getTextInputValue(TYPED_INPUT.id));
  if (!typed.success) return replyPrivately(interaction, t(locale, "answer.notTaken"));
  const carries = encodeButton({ kind: "typ", sessionId: action.sessionId, round: action.round });
  const checked = await checkedSession(interaction, action.sessionId, carries, bot);
  if ("refusal" in checked) return replyPrivately(interaction, checked.refusal);
  const input = {
    sessionId: action.sessionId,
    round: action.round,
    choice: 0,
    typed: typed.data,
    userId: interaction.user.id,
    displayName: displayNameOf(interaction),
    locale,
    roleIds: memberRoleIds(interaction),
  };
  if (checked.state.kind === "channel") {
    let roundComplete = false;
    const work = answer(bot.app, input).then((result) => {
      roundComplete = result.session === "channel" && result.roundComplete === true;
      return channelReply(result, typed.data, locale);
    });
    await replyPrivatelyWithin(interaction, work);
    // With a lobby, the answer that completes the round brings the reveal at once (after the reply).
    if (roundComplete) await bot.rounds.revealIfAllAnswered(action.sessionId, action.round);
    return;
  }
  await interaction.deferUpdate();
  const result = await answer(bot.app, input);
  if (result.session !== "solo") return replyPrivately(interaction, t(locale, "answer.quizOver"));
  const outcome = result.outcome;
  if (outcome.kind !== "revealed") return replyPrivately(interaction, answerRefusalText(outcome, locale));
  const fields = revealFields(
    bot,
    outcome.view.question,
    { typed: typed.data, verdict: outcome.typed },
    outcome.chosen,
    outcome.correct,
    locale,
  );
  const verdict = {
    correct: outcome.correct,
    chosen: outcome.chosen,
    points: outcome.points.total,
    breakdown: outcome.points,
    choice: -1,
    fields,
  };
  await interaction.editReply(soloRevealMessage(outcome.view, outcome.reveal, verdict, locale));
}

function channelReply(result: AnswerOutcome, typed: string, locale: Locale): string {
  if (result.session !== "channel") return t(locale, "answer.quizOver");
  if (result.outcome.kind === "taken") return t(locale, "typed.channel.taken", { typed });
  return answerRefusalText(result.outcome, locale);
}

/**
 * The fields a player's own reveal adds: their typed answer with what was accepted (or which
 * option it was), and the note on the wrong option they picked or typed, where the bank has one.
 */
export function revealFields(
  bot: BotContext,
  question: Question,
  typed: { readonly typed: string; readonly verdict: TypedVerdict | undefined } | undefined,
  chosen: string,
  correct: boolean,
  locale: Locale,
): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  if (typed?.verdict) fields.push(typedVerdictField(typed.typed, typed.verdict, locale));
  const wrongOption = correct
    ? undefined
    : typed?.verdict?.kind === "wrong-option"
      ? typed.verdict.option
      : typed
        ? undefined
        : chosen;
  const title = (sourceId: string) => bot.app.bank.corpus.get(sourceId)?.meta.title ?? sourceId;
  const note = wrongNoteField(question, wrongOption, title, locale);
  if (note) fields.push(note);
  return fields;
}

/**
 * "Hint": recorded in the session (one per player and question), its cost told. On the player's
 * own question message (a solo quiz, a review, an assignment attempt: `checkedSession` proved the
 * message theirs) a choice hint disables the two options in place; a channel round's question is
 * public, so there the two options are named in a private reply, as is every typed hint.
 */
export async function hintButton(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "hint" }>,
  bot: BotContext,
): Promise<void> {
  const locale = localeOf(interaction);
  const checked = await checkedSession(interaction, action.sessionId, interaction.customId, bot);
  if ("refusal" in checked) return replyPrivately(interaction, checked.refusal);
  const take = () =>
    takeRoundHint(bot.app, { ...(action as RoundAction), userId: interaction.user.id, locale });
  if (checked.state.kind !== "solo")
    return replyPrivatelyWithin(
      interaction,
      take().then((o) => hintReply(o, locale)),
    );
  // Acknowledged first: the store write may take longer than Discord's 3 seconds.
  await interaction.deferUpdate();
  const outcome = await take();
  if (outcome.kind === "hint" && outcome.hint.kind === "choice" && outcome.hint.removed.length > 0) {
    const line = hintInPlaceText(hintCost(outcome.view.question), locale);
    await interaction.editReply(askMessage(outcome.view, line, locale, outcome.hint.removed));
    return;
  }
  await replyPrivately(interaction, hintReply(outcome, locale));
}

function hintCost(question: Question): number {
  return hintCostOf(question.difficulty);
}

function hintReply(outcome: HintOutcome, locale: Locale): string {
  if (outcome.kind === "refused") {
    if (outcome.why === "already") return t(locale, "typed.hint.already");
    if (outcome.why === "answered") return t(locale, "typed.hint.answered");
    if (outcome.why === "closed") return t(locale, "answer.tooLate");
    if (outcome.why === "not-player")
      return t(locale, "answer.notYourQuiz", { ownerId: outcome.ownerId ?? "" });
    return t(locale, "answer.quizOver");
  }
  return hintText(outcome.hint, hintCost(outcome.view.question), locale, outcome.view.options);
}

/** "Redo my mistakes": a new private quiz of the questions missed, shown in place of the summary. */
export async function redoButton(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "redo" }>,
  bot: BotContext,
): Promise<void> {
  const locale = localeOf(interaction);
  const previous = await sessionNow(bot.app, action.sessionId);
  if (!previous || previous.guildId !== interaction.guildId || previous.channelId !== interaction.channelId) {
    return replyPrivately(interaction, t(locale, "answer.quizOver"));
  }
  if (previous.ownerId !== interaction.user.id) {
    return replyPrivately(interaction, t(locale, "answer.notYourQuiz", { ownerId: previous.ownerId }));
  }
  const where = await deferOwnOrPrivate(interaction, interaction.customId);
  const started = await startRedo(bot.app, { sessionId: action.sessionId, userId: interaction.user.id });
  if (started.kind === "refused") {
    const text =
      started.why === "nothing-missed" ? t(locale, "typed.redo.nothing") : t(locale, "answer.quizOver");
    return replyPrivately(interaction, text);
  }
  // In place of the summary it came from, or (a button elsewhere) as a new private message.
  bot.logger.debug({ sessionId: started.state.id, where }, "redo started");
  await interaction.editReply(askMessage(await roundView(bot.app, started.state), undefined, locale));
}
