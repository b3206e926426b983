import {
  type APIMessage,
  InteractionContextType,
  MessageFlags,
  Routes,
  SlashCommandBuilder,
} from "discord.js";
import { z } from "zod";
import { assignSet, attachAssignmentMessage } from "../src/app/lessons/assignments.ts";
import type { Command } from "../src/discord/context.ts";
import { answerModeChoices, readAnswerMode } from "../src/discord/features/quiz/quiz-options.ts";
import { requireQuizMaster } from "../src/discord/interactions/access.ts";
import { choice, described } from "../src/discord/interactions/localize.ts";
import { requirePostPermissions } from "../src/discord/interactions/posting.ts";
import { assignmentMessage } from "../src/discord/render/lessons.ts";
import { localeOf, t } from "../src/i18n/index.ts";
import { LESSON_LIMITS } from "../src/records/lessons.ts";
import { autocompleteSetOption } from "./set.ts";

const MarksOption = z.enum(["points", "accuracy"]).nullable();

/** /assign set:<name> due:<when> [attempts] [late] [role]: homework with a Start button. */
export const assign = {
  data: described(new SlashCommandBuilder().setName("assign"), "cmd.assign")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      described(o.setName("set"), "cmd.set.set").setRequired(true).setAutocomplete(true),
    )
    .addStringOption((o) => described(o.setName("due"), "cmd.assign.due").setRequired(true).setMaxLength(60))
    .addIntegerOption((o) =>
      described(o.setName("attempts"), "cmd.assign.attempts", { max: LESSON_LIMITS.maxAttempts })
        .setMinValue(1)
        .setMaxValue(LESSON_LIMITS.maxAttempts),
    )
    .addBooleanOption((o) => described(o.setName("late"), "cmd.assign.late"))
    .addRoleOption((o) => described(o.setName("role"), "cmd.assign.role"))
    .addStringOption((o) =>
      described(o.setName("marks"), "cmd.assign.marks").addChoices(
        choice("cmd.settings.marks.points", "points"),
        choice("cmd.settings.marks.accuracy", "accuracy"),
      ),
    )
    .addStringOption((o) =>
      described(o.setName("answers"), "cmd.quiz.answers").addChoices(...answerModeChoices()),
    )
    .toJSON(),

  async execute(interaction, bot) {
    const locale = localeOf(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await requireQuizMaster(interaction, bot);
    // The post is the assignment: one that cannot be made must not leave a saved assignment behind.
    requirePostPermissions(interaction);
    const { assignment, understood, skipped, leftOut } = await assignSet(bot.app, {
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      userId: interaction.user.id,
      set: interaction.options.getString("set", true),
      due: interaction.options.getString("due", true),
      attempts: interaction.options.getInteger("attempts") ?? 1,
      allowLate: interaction.options.getBoolean("late") ?? false,
      roleId: interaction.options.getRole("role")?.id ?? null,
      marks: MarksOption.parse(interaction.options.getString("marks") ?? null),
      mode: readAnswerMode(interaction),
      // The post goes to the whole class, in the language of the teacher who assigned it.
      locale,
    });
    const message = (await bot.rest.post(Routes.channelMessages(interaction.channelId), {
      body: assignmentMessage(assignment),
    })) as APIMessage;
    await attachAssignmentMessage(bot.app, assignment.id, message.id);
    await bot.deadlines.schedule(assignment);
    const lines = [
      t(locale, "lessons.assign.posted", { title: assignment.title, understood, id: assignment.id }),
    ];
    if (skipped.length > 0) lines.push(t(locale, "lessons.set.skipped", { count: skipped.length }));
    if (leftOut.length > 0) lines.push(t(locale, "lessons.set.leftOut", { count: leftOut.length }));
    await interaction.editReply({ content: lines.join("\n"), allowedMentions: { parse: [] } });
  },

  async autocomplete(interaction, bot) {
    return autocompleteSetOption(interaction, bot);
  },
} satisfies Command;
