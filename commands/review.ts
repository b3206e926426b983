import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/context.ts";
import { askMessage } from "../src/discord/render/quiz.ts";
import { startReview } from "../src/game/learning.ts";
import { QUIZ_LIMITS, roundView } from "../src/game/quiz.ts";

/** /review [questions] */
export const review = {
  data: new SlashCommandBuilder()
    .setName("review")
    .setDescription("Review the questions you are due to see again (spaced repetition)")
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((o) =>
      o
        .setName("questions")
        .setDescription(`At most how many (${QUIZ_LIMITS.minQuestions}-${QUIZ_LIMITS.maxQuestions})`)
        .setMinValue(QUIZ_LIMITS.minQuestions)
        .setMaxValue(QUIZ_LIMITS.maxQuestions),
    )
    .toJSON(),

  async execute(interaction, bot) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await startReview(bot.game, {
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      userId: interaction.user.id,
      count: interaction.options.getInteger("questions") ?? bot.config.defaultQuestions,
    });
    if (result.kind === "nothing-due") {
      await interaction.editReply(
        result.nextDueAt === undefined
          ? "Nothing to review yet: questions you answer in quizzes come back here when they are due. Start with `/quiz solo`."
          : `Nothing is due right now. Your next review is <t:${Math.ceil(result.nextDueAt / 1000)}:R>.`,
      );
      return;
    }
    await interaction.editReply(askMessage(await roundView(bot.game, result.state)));
  },
} satisfies Command;
