/**
 * "Why was I wrong?" under a channel round's reveal: the public reveal cannot show each member the
 * note on the option they picked, so a click asks for it and gets it privately. Anyone may click
 * (the message is public and nothing on it changes); each member learns only about their own
 * answer, read from the round's grade-book rows.
 */
import { type ButtonInteraction, MessageFlags } from "discord.js";
import { type MyRoundAnswer, myRoundAnswer } from "../../../app/quiz.ts";
import { typedKeyOf } from "../../../engine/session.ts";
import { judgeTyped } from "../../../engine/typed-answer.ts";
import { type Locale, localeOf, t } from "../../../i18n/index.ts";
import type { BotContext } from "../../context.ts";
import { replyPrivately } from "../../interactions/boundary.ts";
import type { ButtonAction } from "../../interactions/custom-id.ts";
import { carriesButton } from "../../interactions/in-place.ts";
import { whyWrongReply } from "../../render/why-wrong.ts";

export async function whyWrongButton(
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: "why" }>,
  bot: BotContext,
): Promise<void> {
  const locale = localeOf(interaction);
  // A custom_id is a claim: the reveal clicked must carry this very button (not another round's).
  if (!interaction.message || !carriesButton(interaction.message, interaction.customId))
    return replyPrivately(interaction, t(locale, "answer.notTaken"));
  // Acknowledged before any store read: Discord's 3 seconds.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const found = await myRoundAnswer(bot.app, { ...action, userId: interaction.user.id });
  if (found.kind === "gone") return replyPrivately(interaction, t(locale, "answer.quizOver"));
  if (found.kind === "not-revealed") return replyPrivately(interaction, t(locale, "answer.notTaken"));
  if (found.state.guildId !== interaction.guildId || found.state.channelId !== interaction.channelId) {
    bot.logger.warn(
      { sessionId: action.sessionId, userId: interaction.user.id },
      "refused a why button elsewhere",
    );
    return replyPrivately(interaction, t(locale, "answer.elsewhere"));
  }
  const reply = explain(found, (id) => bot.app.bank.corpus.get(id)?.meta.title ?? id, locale);
  await interaction.editReply({ ...reply, allowedMentions: { parse: [] } });
}

/** What to tell the member: the note on their wrong option, or why there is none. */
function explain(
  found: Extract<MyRoundAnswer, { kind: "found" }>,
  sourceTitle: (sourceId: string) => string,
  locale: Locale,
) {
  const { question, answer } = found;
  if (!answer) return { content: t(locale, "typed.why.noAnswer") };
  if (answer.correct) return { content: t(locale, "typed.why.right") };
  // A typed answer is kept as typed: the option it was, if any, is judged again by the same matcher.
  let option: string | undefined = answer.chosen;
  if (answer.typed) {
    const verdict = judgeTyped(answer.chosen, typedKeyOf(question));
    option = verdict.kind === "wrong-option" ? verdict.option : undefined;
  }
  if (option === undefined)
    return {
      content: t(locale, "typed.why.typedWrong", { typed: answer.chosen, answer: question.answer }),
    };
  return whyWrongReply(question, option, sourceTitle, locale);
}
