import { truncate } from "../../lib/truncate.ts";

/** Discord's limits on what a message may hold (https://discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  buttonLabel: 80,
  buttonsPerRow: 5,
  autocompleteChoices: 25,
  choiceName: 100,
} as const;

export { truncate };

/** Escapes Markdown so user-supplied text (names, topics) renders as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`~|>#[\]()-])/g, "\\$1");
}

/**
 * Text as a member typed it, escaped so that their Markdown (an unclosed code fence, a heading)
 * cannot restyle or swallow what follows; the bank's own text is shown as written.
 */
export function asTyped(text: string, typedByMember: boolean): string {
  return typedByMember ? escapeMarkdown(text) : text;
}

/** A quote as a Markdown block quote, within a field's limit. */
export function blockQuote(text: string, max: number = DISCORD_LIMITS.fieldValue): string {
  const quoted = text
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join("\n");
  return truncate(quoted, max);
}

/** "73%" or "-" when nothing was answered. */
export function percent(fraction: number | null): string {
  return fraction === null ? "-" : `${Math.round(fraction * 100)}%`;
}

/** A mention that renders as the user's name (mentions in embeds never ping). */
export function userMention(userId: string): string {
  return `<@${userId}>`;
}
