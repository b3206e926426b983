/**
 * The permissions the bot asks for when a server invites it, and the invite URL with them. Each is
 * what some message needs: every message is posted in a channel it must see, with embeds, and
 * reveals and boards attach their charts as PNG files (a channel reveal edits its message with
 * them). The bot reads no message history and makes no thread.
 */
import { PermissionFlagsBits } from "discord.js";

/** The bot's permissions in the invite, as one bit set. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles;

/** The OAuth2 URL that adds the bot (with its slash commands) to a server, asking for BOT_PERMISSIONS. */
export function inviteUrl(clientId: string): string {
  const query = new URLSearchParams({
    client_id: clientId,
    scope: "bot applications.commands",
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query}`;
}
