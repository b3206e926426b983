import { randomBytes } from "node:crypto";
import type {
  APIApplicationCommand,
  APIInteraction,
  APIMessage,
  APIUser,
  InteractionType,
  UserFlags,
} from "discord.js";
import { SnowflakeFactory, shardForGuild } from "./snowflake.ts";
import type {
  DeniablePermission,
  FailNextInput,
  FakeDiscordOptions,
  FakeGuild,
  FakeTextChannel,
  InitialResponse,
  OpenModal,
  RecordedCall,
  Violation,
  ViolationRule,
} from "./types.ts";
import { ChangeFeed, type Maybe } from "./wait.ts";

/** Permission bits the fake uses (a subset of Discord's; see the permissions docs). */
export const Perm = {
  CREATE_INSTANT_INVITE: 1n << 0n,
  ADMINISTRATOR: 1n << 3n,
  ADD_REACTIONS: 1n << 6n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  MANAGE_MESSAGES: 1n << 13n,
  EMBED_LINKS: 1n << 14n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  USE_EXTERNAL_EMOJIS: 1n << 18n,
  CONNECT: 1n << 20n,
  SPEAK: 1n << 21n,
  CHANGE_NICKNAME: 1n << 26n,
  USE_APPLICATION_COMMANDS: 1n << 31n,
  CREATE_PUBLIC_THREADS: 1n << 35n,
  SEND_MESSAGES_IN_THREADS: 1n << 38n,
} as const;

/** What a plain member of a fresh guild can do (roughly Discord's @everyone defaults). */
export const DEFAULT_MEMBER_PERMISSIONS =
  Perm.CREATE_INSTANT_INVITE |
  Perm.ADD_REACTIONS |
  Perm.VIEW_CHANNEL |
  Perm.SEND_MESSAGES |
  Perm.EMBED_LINKS |
  Perm.ATTACH_FILES |
  Perm.READ_MESSAGE_HISTORY |
  Perm.USE_EXTERNAL_EMOJIS |
  Perm.CONNECT |
  Perm.SPEAK |
  Perm.CHANGE_NICKNAME |
  Perm.USE_APPLICATION_COMMANDS |
  Perm.CREATE_PUBLIC_THREADS |
  Perm.SEND_MESSAGES_IN_THREADS;

/** Every permission bit Discord defines today (what a guild owner has). */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** What the bot can do in a guild channel unless configured otherwise (a usual invite scope). */
export const DEFAULT_APP_PERMISSIONS =
  Perm.VIEW_CHANNEL |
  Perm.SEND_MESSAGES |
  Perm.EMBED_LINKS |
  Perm.ATTACH_FILES |
  Perm.READ_MESSAGE_HISTORY |
  Perm.ADD_REACTIONS |
  Perm.USE_EXTERNAL_EMOJIS |
  Perm.USE_APPLICATION_COMMANDS |
  Perm.SEND_MESSAGES_IN_THREADS;

/** A channel: guild text channel (type 0) or the DM channel between the bot and a user (type 1). */
export interface ChannelRecord {
  id: string;
  type: 0 | 1;
  name: string;
  guildId?: string;
  recipientId?: string;
  position: number;
  lastMessageId: string | null;
}

/** A user's membership in a guild. */
export interface MemberRecord {
  guildId: string;
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
  permissions: bigint;
}

/** A stored message with the fake's bookkeeping. */
export interface MessageRecord {
  /** The message as Discord would return it now. */
  api: APIMessage;
  /** Ephemeral: only `visibleTo` sees it; it is not in the channel's public list. */
  ephemeral: boolean;
  visibleTo?: string;
  /** The interaction whose response or follow-up this is. */
  interactionId?: string;
  /** Every state of the message: [created, edit1, edit2, ...]. */
  revisions: APIMessage[];
  deleted: boolean;
}

/** An interaction the fake sent, and everything the bot did with it. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  /** The INTERACTION_CREATE payload. */
  payload: APIInteraction;
  /** "/quiz start", "button quiz:next", ... for messages. */
  label: string;
  userId: string;
  channelId: string;
  guildId: string | undefined;
  shardId: number;
  /** The shard it was sent on (its guild's, unless interactions are delivered round-robin). */
  deliveredTo?: number;
  /** The endpoint URL it was POSTed to (over HTTP, one of the load-balanced workers). */
  endpoint?: string;
  /** Over HTTP: the signed request as sent (body and headers), for a test that plays it back. */
  signed?: { body: string; headers: Record<string, string> };
  createdAt: number;
  dispatchedAt?: number;
  initial?: InitialResponse;
  failed: boolean;
  deadlineTimer?: NodeJS.Timeout;
  /** Message that `@original` refers to (the reply, or the clicked message for 6/7). */
  originalMessageId?: string;
  followUpIds: string[];
  /** Message a component (or a modal opened from a component) belongs to. */
  sourceMessageId?: string;
  /** For modal submits: the interaction that opened the modal. */
  openerId?: string;
  /** The modal this interaction opened (MODAL response). */
  modal?: OpenModal;
}

/** A stored application command (global when `guildId` is undefined). */
export type StoredCommand = APIApplicationCommand;

/** A pending `failNext` rule. */
export interface FaultRule {
  method?: string;
  route: RegExp;
  status: FailNextInput["status"];
  code?: FailNextInput["code"];
  retryAfter: number;
  global: boolean;
  remaining: number;
}

/** Everything the fake Discord knows; shared by the REST API, the gateway and the test-facing API. */
export class FakeState {
  readonly snowflakes = new SnowflakeFactory();
  readonly feed = new ChangeFeed();
  readonly token: string;
  readonly botUser: APIUser;
  readonly applicationId: string;
  readonly shardCount: number;
  readonly responseDeadlineMs: number;
  readonly strictMentions: boolean;
  readonly requireRegisteredCommands: boolean;
  readonly heartbeatIntervalMs: number;
  readonly appPermissions: bigint;
  readonly applicationTeam: { readonly ownerId: string; readonly memberIds: readonly string[] } | undefined;
  readonly startedAt = Date.now();
  /** `ws://127.0.0.1:PORT/gateway`, set once the server listens. */
  gatewayUrl = "";
  /** Where the fake serves the files members attach to commands (its own address, as Discord's CDN). */
  cdnOrigin = "";
  /** Files attached to commands, by their URL path, as the CDN serves them. */
  readonly attachmentFiles = new Map<string, { data: Buffer; contentType: string }>();
  /** Stable ids for commands a test sends without the bot having registered them. */
  readonly adHocCommandIds = new Map<string, string>();
  /** The modal most recently opened for each user. */
  readonly lastModalByUser = new Map<string, OpenModal>();

  readonly guilds: FakeGuild[] = [];
  readonly channels = new Map<string, ChannelRecord>();
  readonly users = new Map<string, APIUser>();
  readonly members = new Map<string, MemberRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly channelMessageIds = new Map<string, string[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly globalCommands: StoredCommand[] = [];
  readonly guildCommands = new Map<string, StoredCommand[]>();
  readonly calls: RecordedCall[] = [];
  readonly violations: Violation[] = [];
  readonly faults: FaultRule[] = [];
  readonly denied = new Map<string, Set<DeniablePermission>>();
  readonly dmBlocked = new Set<string>();
  /** Whether the bot may list a guild's members (Discord asks for the Server Members intent). */
  memberListAllowed = false;
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: FakeDiscordOptions) {
    this.shardCount = options.shardCount ?? 1;
    if (!Number.isInteger(this.shardCount) || this.shardCount < 1) {
      throw new RangeError(`shardCount must be a positive integer, got ${this.shardCount}`);
    }
    this.responseDeadlineMs = options.responseDeadlineMs ?? 3000;
    this.strictMentions = options.strictMentions ?? false;
    this.requireRegisteredCommands = options.requireRegisteredCommands ?? false;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.applicationTeam = options.applicationTeam;
    this.appPermissions =
      options.appPermissions === undefined ? DEFAULT_APP_PERMISSIONS : BigInt(options.appPermissions);
    const botId = this.snowflakes.next();
    this.applicationId = botId; // Modern Discord apps share the bot user's id.
    this.botUser = {
      id: botId,
      username: options.botUsername ?? "QuizBot",
      discriminator: "0",
      global_name: null,
      avatar: null,
      bot: true,
      flags: 0 as UserFlags,
    };
    this.users.set(botId, this.botUser);
    // Real tokens are base64(user id).timestamp.hmac; discord.js only checks it is a non-empty string.
    this.token =
      options.token ??
      `${Buffer.from(botId).toString("base64url")}.${randomBytes(4).toString("base64url")}.${randomBytes(20).toString("base64url")}`;

    const inits = options.guilds ?? [{}];
    inits.forEach((init, index) => {
      const id =
        init.id ??
        (init.shardId === undefined
          ? this.snowflakes.next()
          : this.snowflakes.forShard(init.shardId, this.shardCount));
      const ownerId = init.ownerId ?? this.snowflakes.next();
      const channelInits = init.channels ?? [{ name: "general" }];
      const channels: FakeTextChannel[] = channelInits.map((c, i) => ({
        id: c.id ?? this.snowflakes.next(),
        name: c.name ?? (i === 0 ? "general" : `general-${i + 1}`),
        guildId: id,
      }));
      const guild: FakeGuild = {
        id,
        name: init.name ?? `Fake Guild ${index + 1}`,
        ownerId,
        channels,
        locale: init.locale ?? "en-US",
        roles: (init.roles ?? []).map((name) => ({ id: this.snowflakes.next(), name })),
      };
      this.guilds.push(guild);
      channels.forEach((c, position) => {
        this.channels.set(c.id, {
          id: c.id,
          type: 0,
          name: c.name,
          guildId: id,
          position,
          lastMessageId: null,
        });
      });
      if (!this.users.has(ownerId)) {
        this.users.set(ownerId, {
          id: ownerId,
          username: `owner${index + 1}`,
          discriminator: "0",
          global_name: `Owner ${index + 1}`,
          avatar: null,
        });
      }
      this.ensureMember(id, ownerId);
    });
  }

  /** Wakes waiters after any state change. */
  changed(): void {
    this.feed.changed();
  }

  /** Waits for a condition (see ChangeFeed.until). */
  until<T>(condition: () => Maybe<T>, timeoutMs: number, describe: () => string): Promise<T> {
    return this.feed.until(condition, timeoutMs, describe);
  }

  /** Records a broken rule. */
  violate(
    rule: ViolationRule,
    message: string,
    extra: { request?: string; interactionId?: string } = {},
  ): void {
    this.violations.push({ rule, message, at: Date.now(), ...extra });
    this.changed();
  }

  /** A timer that `close()` clears, so vitest can exit. */
  setTimer(fn: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  /** Cancels a timer made by `setTimer`. */
  clearTimer(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /** The guild owning an id, or undefined. */
  guild(guildId: string): FakeGuild | undefined {
    return this.guilds.find((g) => g.id === guildId);
  }

  /** Shard that Discord routes this guild's events to (DMs: shard 0). */
  shardFor(guildId: string | undefined): number {
    return guildId === undefined ? 0 : shardForGuild(guildId, this.shardCount);
  }

  /** Makes `user` a member of `guildId` if not already (with default permissions). */
  ensureMember(guildId: string, userId: string): MemberRecord {
    const key = `${guildId}:${userId}`;
    let member = this.members.get(key);
    if (!member) {
      const guild = this.guild(guildId);
      member = {
        guildId,
        userId,
        roles: [],
        nick: null,
        joinedAt: new Date(this.startedAt).toISOString(),
        permissions: guild?.ownerId === userId ? ALL_PERMISSIONS : DEFAULT_MEMBER_PERMISSIONS,
      };
      this.members.set(key, member);
    }
    return member;
  }

  /** The member record, if the user is in the guild. */
  member(guildId: string, userId: string): MemberRecord | undefined {
    return this.members.get(`${guildId}:${userId}`);
  }

  /** The DM channel between the bot and a user, created on first use (as POST /users/@me/channels does). */
  dmChannel(userId: string): ChannelRecord {
    for (const channel of this.channels.values()) {
      if (channel.type === 1 && channel.recipientId === userId) return channel;
    }
    const channel: ChannelRecord = {
      id: this.snowflakes.next(),
      type: 1,
      name: "",
      recipientId: userId,
      position: 0,
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** What the bot may do in a channel (`app_permissions`), after `denyPermission`. */
  appPermissionsIn(channelId: string): bigint {
    const channel = this.channels.get(channelId);
    if (channel?.type === 1) {
      return (
        Perm.VIEW_CHANNEL |
        Perm.SEND_MESSAGES |
        Perm.EMBED_LINKS |
        Perm.ATTACH_FILES |
        Perm.READ_MESSAGE_HISTORY |
        Perm.ADD_REACTIONS |
        Perm.USE_EXTERNAL_EMOJIS
      );
    }
    return this.appPermissions & ~this.deniedBits(channelId);
  }

  /** Permission bits `denyPermission` took from the bot in a channel. */
  deniedBits(channelId: string): bigint {
    const denied = this.denied.get(channelId);
    let bits = 0n;
    if (denied?.has("SEND_MESSAGES")) bits |= Perm.SEND_MESSAGES | Perm.SEND_MESSAGES_IN_THREADS;
    if (denied?.has("VIEW_CHANNEL")) bits |= Perm.VIEW_CHANNEL;
    if (denied?.has("ATTACH_FILES")) bits |= Perm.ATTACH_FILES;
    return bits;
  }

  /** Stores a new message; public ones join their channel's list. */
  addMessage(record: MessageRecord): void {
    this.messages.set(record.api.id, record);
    if (!record.ephemeral) {
      const ids = this.channelMessageIds.get(record.api.channel_id) ?? [];
      ids.push(record.api.id);
      this.channelMessageIds.set(record.api.channel_id, ids);
      const channel = this.channels.get(record.api.channel_id);
      if (channel) channel.lastMessageId = record.api.id;
    }
    this.changed();
  }

  /** Replaces a message's state, keeping its history. */
  updateMessage(record: MessageRecord, next: APIMessage): void {
    record.api = next;
    record.revisions.push(structuredClone(next));
    this.changed();
  }

  /** Marks a message deleted and drops it from its channel list. */
  deleteMessage(record: MessageRecord): void {
    record.deleted = true;
    const ids = this.channelMessageIds.get(record.api.channel_id);
    if (ids) {
      const at = ids.indexOf(record.api.id);
      if (at >= 0) ids.splice(at, 1);
    }
    this.changed();
  }

  /** Current public messages of a channel, oldest first. */
  publicMessages(channelId: string): APIMessage[] {
    const ids = this.channelMessageIds.get(channelId) ?? [];
    return ids.flatMap((id) => {
      const record = this.messages.get(id);
      return record && !record.deleted ? [record.api] : [];
    });
  }

  /** Current ephemeral messages only `userId` can see, oldest first. */
  ephemeralMessages(userId: string): APIMessage[] {
    return [...this.messages.values()]
      .filter((r) => r.ephemeral && !r.deleted && r.visibleTo === userId)
      .map((r) => r.api);
  }

  /** Registered commands visible in a guild (guild commands first, then global), or globally. */
  commandsFor(guildId: string | undefined): StoredCommand[] {
    const guild = guildId === undefined ? [] : (this.guildCommands.get(guildId) ?? []);
    return [...guild, ...this.globalCommands];
  }
}
