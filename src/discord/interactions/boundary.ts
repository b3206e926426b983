import { DiscordAPIError, type Interaction, MessageFlags, type RepliableInteraction } from "discord.js";
import type { Logger } from "pino";
import { randomId } from "../../app/context.ts";
import { UserError } from "../../app/errors.ts";
import { storeFailureOf } from "../../app/store-failure.ts";
import { localeOf, t } from "../../i18n/index.ts";
import { discordRefusal } from "./refusals.ts";

/** A short code the member can quote and an operator can find in the logs. */
export function errorReference(): string {
  return randomId().slice(0, 8).toUpperCase();
}

/** What a player is told when the store does not answer in time. */
export const STORE_UNAVAILABLE = t("en", "error.storeUnavailable");

/**
 * Replies privately in whichever way the interaction's state allows: a first reply, an edit of a
 * deferred reply, or a follow-up. Used by the error boundary and for refusals after a defer.
 */
export async function replyPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  const body = { content, allowedMentions: { parse: [] } };
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
  } else if (interaction.deferred && !interaction.replied && interaction.ephemeral !== null) {
    // A deferred reply is "thinking…": replace it. (A click or a form from a message deferred
    // with deferUpdate has no reply of its own, and its `ephemeral` stays null: editing would
    // overwrite the message it came from.)
    await interaction.editReply(body);
  } else {
    await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
  }
}

/**
 * The one error boundary: a UserError's message is shown to the user (privately); anything else is
 * logged with its context and a reference id, and the user sees a short apology with that id.
 * Either way the interaction gets an answer, so nobody sees "This interaction failed".
 */
export async function handleInteractionError(
  interaction: Interaction,
  error: unknown,
  logger: Logger,
): Promise<"user_error" | "store_unavailable" | "error"> {
  const context = {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    interaction: describe(interaction),
  };
  // Every message here is in the interaction's language (a UserError carries a key, not words).
  const locale = localeOf(interaction);
  let message: string;
  const refusal = error instanceof UserError ? undefined : discordRefusal(interaction, error, locale);
  let outcome: "user_error" | "store_unavailable" | "error" = "error";
  if (error instanceof UserError) {
    outcome = "user_error";
    message = error.in(locale);
    logger.debug({ ...context, userError: error.message }, "user error");
  } else if (refusal !== undefined) {
    // Discord refused something for a reason a person can act on (a message deleted, a permission
    // taken away): said in words, not as an unexpected error.
    outcome = "user_error";
    message = refusal;
    const code = error instanceof DiscordAPIError ? error.code : undefined;
    logger.warn({ ...context, code, err: error }, "Discord refused a request");
  } else if (storeFailureOf(error) === "cannot-save") {
    // The store answers but cannot save (a full disk, a read-only file): whatever the member did
    // is not recorded, and they must know it (an answer does not count until they click again).
    outcome = "store_unavailable";
    const reference = errorReference();
    logger.error({ ...context, reference, err: error }, "the store cannot save");
    message = t(locale, "error.withReference", { message: t(locale, "error.storeCannotWrite"), reference });
  } else if (storeFailureOf(error) === "unavailable") {
    // Passing (a store restarting or paused): no bug to report, and the next try usually works.
    outcome = "store_unavailable";
    const reference = errorReference();
    logger.warn({ ...context, reference, err: error }, "the store did not answer in time");
    message = t(locale, "error.withReference", { message: t(locale, "error.storeUnavailable"), reference });
  } else {
    const reference = errorReference();
    logger.error({ ...context, reference, err: error }, "interaction failed");
    message = t(locale, "error.unexpected", { reference });
  }
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      await replyPrivately(interaction, message);
    }
  } catch (replyError) {
    logger.error({ ...context, err: replyError }, "could not tell the user about an error");
  }
  return outcome;
}

function describe(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) {
    const sub = interaction.options.getSubcommand(false);
    return `/${interaction.commandName}${sub ? ` ${sub}` : ""}`;
  }
  if (interaction.isAutocomplete()) return `autocomplete /${interaction.commandName}`;
  if (interaction.isMessageComponent() || interaction.isModalSubmit())
    return `component ${interaction.customId}`;
  return `interaction type ${interaction.type}`;
}
