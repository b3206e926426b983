import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { DIFFICULTIES } from "../src/bank/schema.ts";
import {
  exportQuestions,
  listQuestions,
  removeQuestion,
  showQuestion,
} from "../src/discord/community/manage.ts";
import { openProposal } from "../src/discord/community/propose.ts";
import { startReports } from "../src/discord/community/reports.ts";
import { startReview } from "../src/discord/community/review.ts";
import type { Command } from "../src/discord/context.ts";
import { autocompleteQuizOption } from "../src/discord/quiz-options.ts";
import { QUESTION_STATUSES } from "../src/store/community.ts";

/** /question add | review | list | show | remove | export | reports */
export const question = {
  data: new SlashCommandBuilder()
    .setName("question")
    .setDescription("Propose questions from the sources, review them, and handle reports")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName("add")
        .setDescription("Propose a question backed by a passage of a source")
        .addStringOption((o) =>
          o
            .setName("source")
            .setDescription("The source your quote comes from")
            .setRequired(true)
            .setAutocomplete(true),
        )
        .addStringOption((o) =>
          o
            .setName("difficulty")
            .setDescription("How hard it is (default medium)")
            .addChoices(...DIFFICULTIES.map((d) => ({ name: d, value: d }))),
        )
        .addStringOption((o) =>
          o.setName("topic").setDescription("Its topic (default community)").setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) => sub.setName("review").setDescription("Quiz masters: review proposed questions"))
    .addSubcommand((sub) =>
      sub
        .setName("list")
        .setDescription("This server's proposed questions")
        .addStringOption((o) =>
          o
            .setName("status")
            .setDescription("Only questions with this status")
            .addChoices(...QUESTION_STATUSES.map((s) => ({ name: s, value: s }))),
        )
        .addStringOption((o) =>
          o.setName("source").setDescription("Only questions from this source").setAutocomplete(true),
        )
        .addUserOption((o) => o.setName("author").setDescription("Only questions proposed by this member")),
    )
    .addSubcommand((sub) =>
      sub
        .setName("show")
        .setDescription("One question with its verified citation")
        .addStringOption((o) =>
          o.setName("id").setDescription("The question's id").setRequired(true).setMaxLength(64),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName("remove")
        .setDescription("Remove a proposed question (quiz masters, or its author while pending)")
        .addStringOption((o) =>
          o.setName("id").setDescription("The question's id").setRequired(true).setMaxLength(64),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName("export").setDescription("Quiz masters: the approved questions as a bank file"),
    )
    .addSubcommand((sub) =>
      sub.setName("reports").setDescription("Quiz masters: open reports about questions"),
    )
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
    await autocompleteQuizOption(interaction, bot.game.banks.shipped);
  },
} satisfies Command;
