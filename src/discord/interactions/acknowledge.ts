import { MessageFlags, type RepliableInteraction } from "discord.js";

/**
 * How long a handler may work before it must defer. Discord allows 3 s for the first response,
 * network time included; past this budget the bot defers and edits the reply in later.
 */
export const ANSWER_BUDGET_MS = 1_500;

/**
 * Answers privately with the result of `work` in one response when it is ready within the budget,
 * and otherwise defers first and edits the result in. One response instead of two matters when
 * hundreds of players answer at once: discord.js spaces every request it sends (50 a second by
 * default), so a defer plus an edit for each of 500 players takes twice as long to get through.
 */
export async function replyPrivatelyWithin(
  interaction: RepliableInteraction,
  work: Promise<string>,
  budgetMs: number = ANSWER_BUDGET_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), budgetMs);
  });
  try {
    const quick = await Promise.race([work, late]);
    if (quick !== undefined) {
      await interaction.reply({
        content: quick,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
  } finally {
    clearTimeout(timer);
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply({ content: await work, allowedMentions: { parse: [] } });
}
