import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { startReview } from "../src/app/mastery.ts";
import { QUIZ_LIMITS, roundView } from "../src/app/quiz.ts";
import type { Command } from "../src/discord/context.ts";
import { answerModeChoices, readAnswerMode } from "../src/discord/features/quiz/quiz-options.ts";
import { described } from "../src/discord/interactions/localize.ts";
import { askMessage } from "../src/discord/render/quiz.ts";
import { localeOf, t } from "../src/i18n/index.ts";

/** /review [questions] */
export const review = {
  data: described(new SlashCommandBuilder().setName("review"), "cmd.review")
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((o) =>
      described(o.setName("questions"), "cmd.review.questions", {
        min: QUIZ_LIMITS.minQuestions,
        max: QUIZ_LIMITS.maxQuestions,
      })
        .setMinValue(QUIZ_LIMITS.minQuestions)
        .setMaxValue(QUIZ_LIMITS.maxQuestions),
    )
    .addStringOption((o) =>
      described(o.setName("answers"), "cmd.quiz.answers").addChoices(...answerModeChoices()),
    )
    .toJSON(),

  async execute(interaction, bot) {
    const locale = localeOf(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await startReview(bot.app, {
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      userId: interaction.user.id,
      count: interaction.options.getInteger("questions") ?? bot.config.defaultQuestions,
      mode: readAnswerMode(interaction),
    });
    if (result.kind === "nothing-due") {
      await interaction.editReply(
        result.nextDueAt === undefined
          ? t(locale, "review.nothingYet")
          : t(locale, "review.nothingDue", { at: Math.ceil(result.nextDueAt / 1000) }),
      );
      return;
    }
    await interaction.editReply(
      askMessage(await roundView(bot.app, result.state, locale), undefined, locale),
    );
  },
} satisfies Command;
