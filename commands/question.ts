import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/context.ts";
import {
  exportQuestions,
  listQuestions,
  removeQuestion,
  showQuestion,
} from "../src/discord/features/community/manage.ts";
import { openProposal } from "../src/discord/features/community/propose.ts";
import { startReports } from "../src/discord/features/community/reports.ts";
import { startReview } from "../src/discord/features/community/review.ts";
import { autocompleteQuizOption, difficultyChoices } from "../src/discord/features/quiz/quiz-options.ts";
import { choice, described } from "../src/discord/interactions/localize.ts";
import { QUESTION_STATUSES } from "../src/records/community.ts";

/** /question add | review | list | show | remove | export | reports */
export const question = {
  data: described(new SlashCommandBuilder().setName("question"), "cmd.question")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      described(sub.setName("add"), "cmd.question.add")
        .addStringOption((o) =>
          described(o.setName("source"), "cmd.question.add.source").setRequired(true).setAutocomplete(true),
        )
        .addStringOption((o) =>
          described(o.setName("difficulty"), "cmd.question.add.difficulty").addChoices(
            ...difficultyChoices(),
          ),
        )
        .addStringOption((o) =>
          described(o.setName("topic"), "cmd.question.add.topic").setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) => described(sub.setName("review"), "cmd.question.review"))
    .addSubcommand((sub) =>
      described(sub.setName("list"), "cmd.question.list")
        .addStringOption((o) =>
          described(o.setName("status"), "cmd.question.list.status").addChoices(
            ...QUESTION_STATUSES.map((s) => choice(`status.${s}`, s)),
          ),
        )
        .addStringOption((o) =>
          described(o.setName("source"), "cmd.question.list.source").setAutocomplete(true),
        )
        .addUserOption((o) => described(o.setName("author"), "cmd.question.list.author")),
    )
    .addSubcommand((sub) =>
      described(sub.setName("show"), "cmd.question.show").addStringOption((o) =>
        described(o.setName("id"), "cmd.question.id").setRequired(true).setMaxLength(64),
      ),
    )
    .addSubcommand((sub) =>
      described(sub.setName("remove"), "cmd.question.remove").addStringOption((o) =>
        described(o.setName("id"), "cmd.question.id").setRequired(true).setMaxLength(64),
      ),
    )
    .addSubcommand((sub) => described(sub.setName("export"), "cmd.question.export"))
    .addSubcommand((sub) => described(sub.setName("reports"), "cmd.question.reports"))
    .toJSON(),

  async execute(interaction, bot) {
    switch (interaction.options.getSubcommand(true)) {
      case "add":
        return openProposal(interaction, bot);
      case "review":
        return startReview(interaction, bot);
      case "list":
        return listQuestions(interaction, bot);
      case "show":
        return showQuestion(interaction, bot);
      case "remove":
        return removeQuestion(interaction, bot);
      case "export":
        return exportQuestions(interaction, bot);
      default:
        return startReports(interaction, bot);
    }
  },

  async autocomplete(interaction, bot) {
    // The server's bank: its own sources are offered beside the shipped ones (and only here).
    const bank = interaction.inGuild()
      ? (await bot.app.banks.of(interaction.guildId)).bank
      : bot.app.banks.shipped;
    await autocompleteQuizOption(interaction, bank);
  },
} satisfies Command;
