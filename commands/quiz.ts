import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { startRecordedChannel } from "../src/app/lessons/results.ts";
import { QUIZ_LIMITS, roundView, sessionNow, startSolo, stopChannelRound } from "../src/app/quiz.ts";
import { serverLanguageOf } from "../src/app/settings.ts";
import type { BotContext, Command, GuildCommandInteraction } from "../src/discord/context.ts";
import { readLiveOptions, withLiveOptions } from "../src/discord/features/quiz/live-options.ts";
import {
  autocompleteQuizOption,
  matchingCount,
  readAnswerMode,
  readQuizOptions,
  shortQuizNotice,
  withAnswerMode,
  withQuizOptions,
} from "../src/discord/features/quiz/quiz-options.ts";
import { quizReport } from "../src/discord/features/quiz/report.ts";
import { isQuizMaster } from "../src/discord/interactions/access.ts";
import { described } from "../src/discord/interactions/localize.ts";
import { requirePostPermissions, requireStartSlot } from "../src/discord/interactions/posting.ts";
import { askMessage } from "../src/discord/render/quiz.ts";
import { localeOf, serverLocale, t } from "../src/i18n/index.ts";

/** /quiz solo | channel | stop */
export const quiz = {
  data: described(new SlashCommandBuilder().setName("quiz"), "cmd.quiz")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => withAnswerMode(withQuizOptions(described(sub.setName("solo"), "cmd.quiz.solo"))))
    .addSubcommand((sub) =>
      withLiveOptions(
        withAnswerMode(
          withQuizOptions(described(sub.setName("channel"), "cmd.quiz.channel")),
        ).addIntegerOption((o) =>
          described(o.setName("seconds"), "cmd.quiz.channel.seconds", {
            min: QUIZ_LIMITS.minSeconds,
            max: QUIZ_LIMITS.maxSeconds,
          })
            .setMinValue(QUIZ_LIMITS.minSeconds)
            .setMaxValue(QUIZ_LIMITS.maxSeconds),
        ),
      ),
    )
    .addSubcommand((sub) => described(sub.setName("stop"), "cmd.quiz.stop"))
    .addSubcommand((sub) => described(sub.setName("report"), "cmd.quiz.report"))
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
    const bank = interaction.guildId ? (await bot.app.banks.of(interaction.guildId)).bank : bot.app.bank;
    await autocompleteQuizOption(interaction, bank);
  },
} satisfies Command;

async function solo(interaction: GuildCommandInteraction, bot: BotContext) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { bank, disabled } = await bot.app.banks.of(interaction.guildId);
  const { filter, count } = readQuizOptions(interaction, bank, bot.config.defaultQuestions);
  // Counted once the options are valid: a start refused for its options is not a start.
  await requireStartSlot(interaction, bot, { public: false });
  const state = await startSolo(bot.app, {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    filter,
    count,
    mode: readAnswerMode(interaction),
  });
  const locale = localeOf(interaction);
  const notice = shortQuizNotice(
    count,
    state.questionIds.length,
    matchingCount(bank, disabled, filter),
    locale,
  );
  await interaction.editReply(askMessage(await roundView(bot.app, state, locale), notice, locale));
}

async function channel(interaction: GuildCommandInteraction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  requirePostPermissions(interaction);
  const { bank, disabled } = await bot.app.banks.of(interaction.guildId);
  const { filter, count } = readQuizOptions(interaction, bank, bot.config.defaultQuestions);
  // The round's messages go to the whole channel, in the server's language; replies to the
  // member who started it stay in theirs.
  const roundLocale = serverLocale(
    await serverLanguageOf(bot.app, interaction.guildId),
    interaction.guildLocale,
  );
  const { live, scoring } = readLiveOptions(interaction, roundLocale);
  await requireStartSlot(interaction, bot, { public: true });
  const seconds = interaction.options.getInteger("seconds") ?? bot.config.defaultSeconds;
  // Every channel round goes into the grade book (see /results).
  const result = await startRecordedChannel(bot.app, {
    live,
    scoring,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    filter,
    count,
    mode: readAnswerMode(interaction),
    seconds: Math.min(QUIZ_LIMITS.maxSeconds, Math.max(QUIZ_LIMITS.minSeconds, seconds)),
    locale: roundLocale,
  });
  if (!result.started) {
    await interaction.editReply({
      content: t(locale, "quiz.alreadyRunning", { ownerId: result.holder.ownerId }),
      allowedMentions: { parse: [] },
    });
    return;
  }
  await bot.rounds.postQuestion(result.state);
  const posted = await sessionNow(bot.app, result.state.id);
  const playing = result.state.questionIds.length;
  const notice = shortQuizNotice(count, playing, matchingCount(bank, disabled, filter), locale);
  await interaction.editReply(
    posted?.phase === "finished"
      ? t(locale, "quiz.couldNotPost")
      : [notice, t(locale, "quiz.roundStarted", { count: playing })]
          .filter((line) => line !== undefined)
          .join("\n"),
  );
}

async function stop(interaction: GuildCommandInteraction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await stopChannelRound(bot.app, {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    // Quiz masters (Manage Server, or the quiz-master role) may stop any round.
    canManage: await isQuizMaster(interaction, bot.app),
  });
  if (result.kind === "none") {
    await interaction.editReply(t(locale, "quiz.noRound"));
  } else if (result.kind === "unreadable") {
    await interaction.editReply(t(locale, "quiz.stopUnreadable"));
  } else if (result.kind === "not-allowed") {
    await interaction.editReply({
      content: t(locale, "quiz.stopNotAllowed", { ownerId: result.ownerId }),
      allowedMentions: { parse: [] },
    });
  } else if (result.kind === "cannot-save") {
    // The round must not hold the channel: it is stopped (and the channel freed) once the store saves.
    await bot.rounds.stopWhenPossible(result.state);
    await interaction.editReply(t(locale, "quiz.stopLater"));
  } else {
    await bot.rounds.finishStopped(result.state);
    await interaction.editReply(t(locale, "quiz.stopped"));
  }
}
