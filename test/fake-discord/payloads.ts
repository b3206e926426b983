/**
 * Discord-shaped objects built from the fake's state: what GUILD_CREATE, GET /channels/:id,
 * GET /guilds/:id/members/:id and interactions carry. Shapes follow the v10 docs (via discord-api-types).
 */
import type {
  APIDMChannel,
  APIGuildMember,
  APIInteractionGuildMember,
  APIRole,
  APITextChannel,
  APIUser,
  ChannelFlags,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
  OverwriteType,
  RoleFlags,
} from "discord.js";
import type { ChannelRecord, FakeState, MemberRecord } from "./state.ts";
import type { FakeGuild } from "./types.ts";

/** The @everyone role (its id is the guild id, as on Discord). */
export function everyoneRole(guildId: string, permissions: bigint): APIRole {
  return {
    id: guildId,
    name: "@everyone",
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

/** A guild text channel object; `denyPermission` shows up as a member overwrite for the bot. */
export function textChannel(state: FakeState, channel: ChannelRecord): APITextChannel {
  const denied = state.deniedBits(channel.id);
  return {
    id: channel.id,
    type: 0,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites:
      denied === 0n
        ? []
        : [{ id: state.botUser.id, type: 1 as OverwriteType, allow: "0", deny: denied.toString() }],
    nsfw: false,
    topic: null,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0 as ChannelFlags,
  };
}

/** The DM channel object between the bot and a user. */
export function dmChannel(state: FakeState, channel: ChannelRecord): APIDMChannel {
  const recipient = channel.recipientId === undefined ? undefined : state.users.get(channel.recipientId);
  return {
    id: channel.id,
    type: 1,
    last_message_id: channel.lastMessageId,
    flags: 0 as ChannelFlags,
    recipients: recipient ? [recipient] : [],
    name: null,
  };
}

/** A guild member object (GET /guilds/:id/members/:id). */
export function guildMember(state: FakeState, member: MemberRecord): APIGuildMember {
  const user = state.users.get(member.userId);
  if (!user) throw new Error(`unknown user ${member.userId}`);
  return {
    user,
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: member.roles,
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** The member object inside an interaction: a guild member plus `permissions` in that channel. */
export function interactionMember(
  state: FakeState,
  member: MemberRecord,
  permissions: bigint,
): APIInteractionGuildMember {
  const base = guildMember(state, member);
  const user: APIUser = base.user;
  return { ...base, user, permissions: permissions.toString() };
}

/** The GUILD_CREATE payload Discord sends after READY for each available guild. */
export function guildCreate(state: FakeState, guild: FakeGuild): GatewayGuildCreateDispatchData {
  const botMember = guildMember(state, state.ensureMember(guild.id, state.botUser.id));
  const memberCount = [...state.members.values()].filter((m) => m.guildId === guild.id).length;
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: "",
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      everyoneRole(guild.id, state.appPermissions),
      ...guild.roles.map((role, i) => ({ ...everyoneRole(role.id, 0n), name: role.name, position: i + 1 })),
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.locale as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: new Date(state.startedAt).toISOString(),
    large: false,
    unavailable: false,
    member_count: memberCount,
    voice_states: [],
    members: [botMember],
    channels: guild.channels.flatMap((c) => {
      const record = state.channels.get(c.id);
      return record ? [textChannel(state, record)] : [];
    }),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
