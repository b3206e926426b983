import { type ButtonInteraction, type Message, MessageFlags, type ModalSubmitInteraction } from "discord.js";

/**
 * Whether a button (or a form opened from one) may change the message it came from. A modified
 * client can send any custom_id on any message it can see, so the custom_id alone proves nothing:
 * the message must be the clicker's own (private to them, or the reply to their own command or
 * click) and must carry the very button it claims to be (`carries`, a custom_id), so a leaderboard
 * button never pages over an assignment post and a review button never opens over a reveal.
 */
export function ownsMessage(message: Message, clickerId: string, carries: string): boolean {
  const own = message.flags.has(MessageFlags.Ephemeral) || message.interactionMetadata?.user.id === clickerId;
  return own && carriesButton(message, carries);
}

/**
 * Whether a message carries the very button a click claims (a custom_id). For a button on a public
 * message that answers each member privately ("Why was I wrong?"): the message need not be the
 * clicker's, but a forged custom_id (another round's, another session's) is not on it.
 */
export function carriesButton(message: Message, customId: string): boolean {
  return customIdsOf(message).has(customId);
}

/** The custom_ids of every component on a message (rows, sections, containers). */
function customIdsOf(message: Message): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.custom_id === "string") found.add(record.custom_id);
    for (const key of ["components", "accessory", "component"]) {
      const child = record[key];
      if (Array.isArray(child)) child.forEach(walk);
      else walk(child);
    }
  };
  for (const component of message.components) walk(component.toJSON());
  return found;
}

/**
 * Acknowledges a click that shows its answer as a message: in place when the clicked message is
 * the clicker's own and carries this button (`editReply` then edits it), otherwise as a new
 * private reply (`editReply` fills that in), so nobody else's message, and no public message, is
 * ever replaced. Returns where the answer goes.
 */
export async function deferOwnOrPrivate(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  carries: string,
): Promise<"in-place" | "private"> {
  const message = interaction.message;
  if (message && ownsMessage(message, interaction.user.id, carries)) {
    await interaction.deferUpdate();
    return "in-place";
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  return "private";
}
