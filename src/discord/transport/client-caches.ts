import { type CacheFactory, Options, type SweeperOptions } from "discord.js";

/**
 * What the bot keeps of discord.js's caches: only what it reads.
 *
 * The bot reads `client.guilds.cache` (which guilds this process owns, to resume their rounds),
 * a guild's roles through `member.roles.cache` (the quiz-master role), and the channel an
 * interaction came from (discord.js resolves `interaction.channel` from its cache). Those caches
 * (guilds, channels, roles) are filled from GUILD_CREATE and stay whole: discord.js does not
 * support limiting them. Everything else it reads comes in the interaction itself or by REST.
 *
 * By default discord.js also keeps every user and member that ever clicked (a channel round of
 * 500 players leaves 500 users and 500 members behind, each round more), and the last 200
 * messages of every channel, each a full Message with its embeds and components. The bot never
 * reads them back, and on a busy shard they grow the heap that every garbage collection walks.
 * With a limit of 0, discord.js still builds the structures an interaction hands over (the
 * user, the member, the clicked message), but keeps none of them.
 */
export const BOT_CACHE_LIMITS = {
  // Keeps only the bot's own user and member (discord.js reads itself back, e.g. on READY).
  UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user?.id },
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user?.id },
  // Messages: the bot edits its own by id through REST, and reads a click's message from the click.
  MessageManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  ThreadMemberManager: 0,
  PresenceManager: 0,
  VoiceStateManager: 0,
  GuildEmojiManager: 0,
  GuildStickerManager: 0,
  GuildScheduledEventManager: 0,
  StageInstanceManager: 0,
  GuildInviteManager: 0,
  GuildBanManager: 0,
  AutoModerationRuleManager: 0,
  ApplicationCommandManager: 0,
  ApplicationEmojiManager: 0,
  EntitlementManager: 0,
} satisfies Parameters<typeof Options.cacheWithLimits>[0];

/** The cache factory for the bot's Client (see BOT_CACHE_LIMITS). */
export function botMakeCache(): CacheFactory {
  return Options.cacheWithLimits(BOT_CACHE_LIMITS);
}

/**
 * Sweepers: nothing is left to sweep in the limited caches (they hold nothing but the bot
 * itself), so only discord.js's default stays, which drops archived threads from the channel
 * cache every hour.
 */
export const BOT_SWEEPERS: SweeperOptions = { ...Options.DefaultSweeperSettings };
