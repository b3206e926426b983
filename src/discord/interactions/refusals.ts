/**
 * Discord's refusals a person can act on (Skyra's habit): a deleted message or channel, a channel
 * the bot cannot see, a permission it lacks. Said in words, naming the channel and what to allow,
 * to whoever can fix it (a member who can edit the channel's permissions) or, for anyone else,
 * with whom to ask. The error boundary (boundary.ts) is the only caller.
 */
import { DiscordAPIError, type Interaction, PermissionFlagsBits, type PermissionsBitField } from "discord.js";
import { type Locale, t } from "../../i18n/index.ts";
import { type PermissionName, POST_PERMISSIONS, permissionList } from "./posting.ts";

/** Discord's JSON error codes this module words. */
const UNKNOWN_CHANNEL = 10003;
const UNKNOWN_MESSAGE = 10008;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;

/** Who can give the bot a permission in a channel: Manage Server, Manage Channels or Manage Roles (or Administrator). */
const CAN_FIX = [
  PermissionFlagsBits.ManageGuild,
  PermissionFlagsBits.ManageChannels,
  PermissionFlagsBits.ManageRoles,
];

/** What the request that failed needed in its channel: an edit needs no Send Messages, files need Attach Files. */
function neededBy(error: DiscordAPIError): PermissionName[] {
  const edit = error.method.toUpperCase() === "PATCH" && /\/channels\/\d+\/messages\/\d+/.test(error.url);
  const needed: PermissionName[] = edit ? ["ViewChannel", "EmbedLinks"] : [...POST_PERMISSIONS];
  if ((error.requestBody.files?.length ?? 0) > 0) needed.push("AttachFiles");
  return needed;
}

/** The bot's permissions in a channel, where the interaction tells them (its own channel) or discord.js caches them. */
function botPermissionsIn(
  interaction: Interaction,
  channelId: string,
): Readonly<PermissionsBitField> | undefined {
  if (interaction.channelId === channelId && interaction.inGuild()) return interaction.appPermissions;
  const me = interaction.client.user;
  // Over HTTP there is no gateway session: no logged-in user and no cached channels.
  if (!me) return undefined;
  return interaction.guild?.channels.cache.get(channelId)?.permissionsFor(me) ?? undefined;
}

/**
 * The message for a Discord refusal, in `locale`, or undefined when the error is not one a person
 * can act on (the boundary then treats it as unexpected).
 */
export function discordRefusal(interaction: Interaction, error: unknown, locale: Locale): string | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  // The channel the request was about (its URL names it), else the interaction's own.
  const channelId = /\/channels\/(\d+)/.exec(error.url)?.[1] ?? interaction.channelId ?? undefined;
  const channel = channelId ? `<#${channelId}>` : t(locale, "discord.refused.thisChannel");
  const canFix = interaction.inGuild() && interaction.memberPermissions.any(CAN_FIX);
  // The bot's user id (its application's id: the same for every bot made since 2016), also over HTTP.
  const bot = `<@${interaction.client.user?.id ?? interaction.applicationId}>`;
  switch (error.code) {
    case UNKNOWN_MESSAGE:
      return t(locale, "discord.refused.unknownMessage");
    case UNKNOWN_CHANNEL:
      return t(locale, "discord.refused.unknownChannel", { channel });
    case MISSING_ACCESS:
      return canFix
        ? t(locale, "discord.refused.missingAccess.fix", {
            channel,
            bot,
            permission: permissionList(["ViewChannel"], locale),
          })
        : t(locale, "discord.refused.missingAccess.ask", {
            channel,
            permission: permissionList(["ViewChannel"], locale),
          });
    case MISSING_PERMISSIONS: {
      const needed = neededBy(error);
      const granted = channelId ? botPermissionsIn(interaction, channelId) : undefined;
      // Discord says only that one is missing: name those the bot is known to lack, else all the request needed.
      const lacking = needed.filter((name) => !granted?.has(PermissionFlagsBits[name]));
      const missing = permissionList(lacking.length > 0 ? lacking : needed, locale);
      return canFix
        ? t(locale, "discord.refused.missingPermissions.fix", { channel, bot, missing })
        : t(locale, "discord.refused.missingPermissions.ask", { channel, missing });
    }
    default:
      return undefined;
  }
}
