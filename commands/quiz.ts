import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { BotContext, Command, GuildCommandInteraction } from "../src/discord/context.ts";
import { quizReport } from "../src/discord/learning.ts";
import { autocompleteQuizOption, readQuizOptions, withQuizOptions } from "../src/discord/quiz-options.ts";
import { askMessage } from "../src/discord/render/quiz.ts";
import { QUIZ_LIMITS, roundView, startChannel, startSolo, stopChannelRound } from "../src/game/quiz.ts";

/** /quiz solo | channel | stop */
export const quiz = {
  data: new SlashCommandBuilder()
    .setName("quiz")
    .setDescription("Play a quiz about North Korean refugees, every answer backed by its source")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      withQuizOptions(sub.setName("solo").setDescription("A private quiz at your own pace")),
    )
    .addSubcommand((sub) =>
      withQuizOptions(
        sub.setName("channel").setDescription("A public round: everyone answers before time is up"),
      ).addIntegerOption((o) =>
        o
          .setName("seconds")
          .setDescription(
            `Seconds to answer each question (${QUIZ_LIMITS.minSeconds}-${QUIZ_LIMITS.maxSeconds})`,
          )
          .setMinValue(QUIZ_LIMITS.minSeconds)
          .setMaxValue(QUIZ_LIMITS.maxSeconds),
      ),
    )
    .addSubcommand((sub) => sub.setName("stop").setDescription("End this channel's round"))
    .addSubcommand((sub) =>
      sub
        .setName("report")
        .setDescription("Quiz masters: what this server misses most, and a CSV of results"),
    )
    .toJSON(),

  async execute(interaction, bot) {
    const sub = interaction.options.getSubcommand(true);
    if (sub === "solo") return solo(interaction, bot);
    if (sub === "channel") return channel(interaction, bot);
    if (sub === "report") return quizReport(interaction, bot);
    return stop(interaction, bot);
  },

  async autocomplete(interaction, bot) {
    // A server's approved questions may bring topics of their own.
    const bank = interaction.guildId ? (await bot.game.banks.of(interaction.guildId)).bank : bot.game.bank;
    await autocompleteQuizOption(interaction, bank);
  },
} satisfies Command;

async function solo(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { bank } = await bot.game.banks.of(interaction.guildId);
  const { filter, count } = readQuizOptions(interaction, bank, bot.config.defaultQuestions);
  const state = await startSolo(bot.game, {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    filter,
    count,
  });
  await interaction.editReply(askMessage(await roundView(bot.game, state)));
}

async function channel(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { bank } = await bot.game.banks.of(interaction.guildId);
  const { filter, count } = readQuizOptions(interaction, bank, bot.config.defaultQuestions);
  const seconds = interaction.options.getInteger("seconds") ?? bot.config.defaultSeconds;
  const result = await startChannel(bot.game, {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    filter,
    count,
    seconds: Math.min(QUIZ_LIMITS.maxSeconds, Math.max(QUIZ_LIMITS.minSeconds, seconds)),
  });
  if (!result.started) {
    await interaction.editReply({
      content: `A round is already running in this channel (started by <@${result.holder.ownerId}>). Join in, or wait for it to end.`,
      allowedMentions: { parse: [] },
    });
    return;
  }
  await bot.rounds.postQuestion(result.state);
  const posted = await bot.game.sessions.get(result.state.id);
  await interaction.editReply(
    posted?.phase === "finished"
      ? "I could not post the round in this channel: check that I may send messages and embed links here."
      : `Your round of ${result.state.questionIds.length} question(s) has started. Stop it any time with \`/quiz stop\`.`,
  );
}

async function stop(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await stopChannelRound(bot.game, {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    canManage: interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild),
  });
  if (result.kind === "none") {
    await interaction.editReply("No round is running in this channel.");
  } else if (result.kind === "not-allowed") {
    await interaction.editReply({
      content: `Only <@${result.ownerId}>, who started this round, or a member with Manage Server can stop it.`,
      allowedMentions: { parse: [] },
    });
  } else {
    await bot.rounds.finishStopped(result.state);
    await interaction.editReply("The round is stopped; the final scoreboard is posted.");
  }
}
