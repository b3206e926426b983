import { type ButtonInteraction, MessageFlags } from "discord.js";
import { startAttempt } from "../../../app/lessons/assignments.ts";
import { nextQuestion, roundView } from "../../../app/quiz.ts";
import { localeOf, t } from "../../../i18n/index.ts";
import type { BotContext } from "../../context.ts";
import { displayNameOf } from "../../interactions/display-name.ts";
import { askMessage } from "../../render/quiz.ts";

/**
 * An assignment's Start button: opens a private attempt (or the one in progress), or says why it
 * cannot: closed after the due time, or no attempts left.
 */
export async function startAssignmentButton(
  interaction: ButtonInteraction,
  assignmentId: string,
  bot: BotContext,
): Promise<void> {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild()) {
    await interaction.editReply(t(locale, "error.guildOnly"));
    return;
  }
  const outcome = await startAttempt(bot.app, {
    assignmentId,
    guildId: interaction.guildId,
    userId: interaction.user.id,
    displayName: displayNameOf(interaction),
  });
  switch (outcome.kind) {
    case "gone":
      await interaction.editReply(t(locale, "lessons.start.gone"));
      return;
    case "closed":
      await interaction.editReply(
        t(locale, "lessons.start.closed", { due: Math.floor(outcome.dueAt / 1000) }),
      );
      return;
    case "used-up":
      // Still open to others: say that this member's attempts are used, not that it is gone.
      await interaction.editReply(
        outcome.open
          ? t(locale, "lessons.start.attemptUsed", {
              max: outcome.max,
              due: Math.floor(outcome.dueAt / 1000),
            })
          : t(locale, "lessons.start.usedUp", { max: outcome.max }),
      );
      return;
    case "started": {
      const notes = [t(locale, "lessons.start.attempt", { n: outcome.n })];
      if (outcome.late) notes.push(t(locale, "lessons.start.late"));
      if (outcome.skipped > 0) notes.push(t(locale, "lessons.set.skipped", { count: outcome.skipped }));
      await interaction.editReply(
        askMessage(await roundView(bot.app, outcome.state, locale), notes.join("\n"), locale),
      );
      return;
    }
    case "resumed": {
      let state = outcome.state;
      // Answered but not moved on: the next question, so the attempt goes on where it stopped.
      if (state.phase === "revealed") {
        const change = await nextQuestion(bot.app, {
          sessionId: state.id,
          userId: state.ownerId,
          round: state.round,
        });
        if (change.kind === "changed") state = change.state;
      }
      if (state.phase === "finished") {
        await interaction.editReply(t(locale, "lessons.start.gone"));
        return;
      }
      const note = t(locale, "lessons.start.resumed", { n: outcome.n, round: state.round + 1 });
      await interaction.editReply(askMessage(await roundView(bot.app, state, locale), note, locale));
      return;
    }
  }
}
