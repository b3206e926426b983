import type {
  APIActionRowComponent,
  APIComponentInModalActionRow,
  APIInteractionResponse,
  APILabelComponent,
  APIMessage,
  APITextDisplayComponent,
  APIUser,
  ApplicationCommandOptionType,
} from "discord.js";

/** A text channel to create in a fake guild; the id is generated when omitted. */
export interface FakeChannelInit {
  /** Snowflake id; generated when omitted. */
  id?: string;
  /** Channel name (default `general`, `general-2`, ...). */
  name?: string;
}

/** A guild the fake has the bot in; ids are generated when omitted. */
export interface FakeGuildInit {
  /** Snowflake id; generated when omitted (use `fake.snowflakeForShard` via `guildIdForShard` to place it). */
  id?: string;
  /** Guild name (default `Fake Guild N`). */
  name?: string;
  /** Owner's user id (default: a generated user). */
  ownerId?: string;
  /** Text channels (default: one `#general`). */
  channels?: FakeChannelInit[];
  /** Pin this guild to a shard: a matching id is generated (ignored when `id` is given). */
  shardId?: number;
  /** The server's language (its `preferred_locale`, sent as `guild_locale`; default `en-US`). */
  locale?: string;
  /** Roles besides @everyone (sent in GUILD_CREATE, as Discord does), by name; ids are generated. */
  roles?: string[];
}

/** A text channel as the fake knows it. */
export interface FakeTextChannel {
  /** Channel id. */
  id: string;
  /** Channel name. */
  name: string;
  /** Owning guild id. */
  guildId: string;
}

/** A guild as the fake knows it. */
export interface FakeGuild {
  /** Guild id. */
  id: string;
  /** Guild name. */
  name: string;
  /** Owner's user id. */
  ownerId: string;
  /** Its text channels. */
  channels: FakeTextChannel[];
  /** Its language (`preferred_locale`, and `guild_locale` in interactions). */
  locale: string;
  /** Its roles besides @everyone. */
  roles: { id: string; name: string }[];
}

/** Options for `FakeDiscord.start`. */
export interface FakeDiscordOptions {
  /** Guilds the bot is in (default: one guild with one `#general` channel). */
  guilds?: FakeGuildInit[];
  /** Shards Discord expects; `GET /gateway/bot` recommends this many (default 1). */
  shardCount?: number;
  /** How long the bot has for its initial interaction response (default 3000 ms, as on Discord). */
  responseDeadlineMs?: number;
  /** Record a violation when message content is sent without safe `allowed_mentions` (default false). */
  strictMentions?: boolean;
  /** Only let tests send slash commands/options the bot registered, as the Discord client would (default false). */
  requireRegisteredCommands?: boolean;
  /** Gateway heartbeat interval announced in HELLO (default 41250 ms, Discord's value). */
  heartbeatIntervalMs?: number;
  /** Bot token to accept (default: a generated one). */
  token?: string;
  /** Bot username (default `QuizBot`). */
  botUsername?: string;
  /** The bot's permissions in guild channels, as sent in `app_permissions` (default: usual bot permissions). */
  appPermissions?: bigint | string;
  /**
   * `"by-shard"` (default, as Discord does): each interaction goes to its guild's shard.
   * `"round-robin"`: each goes to the next READY shard in turn, whatever its guild, so several bot
   * processes all receive one guild's interactions (the multi-process tests; an HTTP-interactions
   * load balancer does the same).
   */
  deliverInteractions?: "by-shard" | "round-robin";
  /**
   * A team that owns the application (GET /applications/@me then names the team, its owner and
   * members, as Discord does); default: no team, the first guild's owner owns the application.
   */
  applicationTeam?: { ownerId: string; memberIds: string[] };
}

/** A file uploaded in a multipart request. */
export interface RecordedFile {
  /** Form field name (`files[0]`). */
  field: string;
  /** File name. */
  name: string;
  /** Size in bytes. */
  size: number;
  /** MIME type sent by the bot. */
  contentType: string;
  /** The file's bytes, so a test can read back what the bot sent. */
  data: Buffer;
}

/** One REST request the bot made, with what the fake answered. */
export interface RecordedCall {
  /** HTTP method, upper case. */
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** Route template, e.g. `/channels/:channelId/messages` (or `unknown`). */
  route: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Parsed JSON body (or `payload_json` of multipart requests); `null` when none. */
  body: unknown;
  /** Files of multipart requests. */
  files: RecordedFile[];
  /** Status the fake returned. */
  status: number;
  /** JSON the fake returned (`null` for 204). */
  response: unknown;
  /** Unix ms when the request arrived. */
  at: number;
  /** True when the status came from `failNext`. */
  injected: boolean;
  /** Set when the "call" is the HTTP response to an interaction delivered over HTTP (not a REST request). */
  via?: "http-response";
}

/** Kinds of rule the bot can break. */
export type ViolationRule =
  | "auth"
  | "route.unknown"
  | "message.invalid"
  | "message.empty"
  | "message.unknown"
  | "message.ephemeral-flag-ignored"
  | "mentions.unsafe"
  | "channel.unknown"
  | "interaction.unknown"
  | "interaction.already-acknowledged"
  | "interaction.late"
  | "interaction.no-response"
  | "interaction.invalid-response"
  | "interaction.not-acknowledged"
  | "command.invalid"
  | "gateway";

/** A rule the bot broke, with a sentence saying what happened. */
export interface Violation {
  /** Which kind of rule. */
  rule: ViolationRule;
  /** Human-readable explanation. */
  message: string;
  /** Unix ms. */
  at: number;
  /** The REST request, when one caused it (`POST /channels/1/messages`). */
  request?: string;
  /** The interaction concerned, if any. */
  interactionId?: string;
}

/** The bot's initial interaction response, as Discord received it, plus timing. */
export type InitialResponse = APIInteractionResponse & {
  /** Milliseconds from dispatching the interaction to the bot's callback. */
  delayMs: number;
  /** Unix ms of the callback. */
  at: number;
};

/** Top-level components of a modal the bot opened. */
export type ModalComponent =
  | APIActionRowComponent<APIComponentInModalActionRow>
  | APILabelComponent
  | APITextDisplayComponent;

/** A modal the bot opened for a user (MODAL callback), which the test can submit. */
export interface OpenModal {
  /** Id of the interaction the modal answered. */
  interactionId: string;
  /** The user it was shown to. */
  userId: string;
  /** The modal's custom_id. */
  customId: string;
  /** The modal's title. */
  title: string;
  /** Its components as the bot sent them. */
  components: ModalComponent[];
  /** Unix ms when it opened. */
  openedAt: number;
  /** Whether it was already submitted (a modal closes on submit). */
  submitted: boolean;
}

/** Value types of command options that carry a value. */
export type ValueOptionType =
  | ApplicationCommandOptionType.String
  | ApplicationCommandOptionType.Integer
  | ApplicationCommandOptionType.Boolean
  | ApplicationCommandOptionType.User
  | ApplicationCommandOptionType.Channel
  | ApplicationCommandOptionType.Role
  | ApplicationCommandOptionType.Mentionable
  | ApplicationCommandOptionType.Number;

/** A command option as a test supplies it (Discord's shape; user options may pass the APIUser itself). */
export type OptionInput =
  | { name: string; type: ApplicationCommandOptionType.String; value: string; focused?: boolean }
  | {
      name: string;
      type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number;
      value: number;
      focused?: boolean;
    }
  | { name: string; type: ApplicationCommandOptionType.Boolean; value: boolean }
  | { name: string; type: ApplicationCommandOptionType.User; value: string | APIUser }
  | {
      name: string;
      type: ApplicationCommandOptionType.Attachment;
      /** The file a member attaches: served by the fake's CDN at the attachment's `url`. */
      value: AttachmentInput;
    }
  | {
      name: string;
      type:
        | ApplicationCommandOptionType.Channel
        | ApplicationCommandOptionType.Role
        | ApplicationCommandOptionType.Mentionable;
      value: string;
    };

/** A file attached to a command option. */
export interface AttachmentInput {
  filename: string;
  data: Buffer | string;
  /** The MIME type the member's client sent (Discord guesses it from the name; omitted: none). */
  contentType?: string;
}

/** Who acts, where: shared by every interaction a test sends. */
export interface ActorInput {
  /** The user acting (from `fake.user()`). */
  user: APIUser;
  /** The member's permissions in the channel (bitfield); defaults to the member's registered permissions. */
  memberPermissions?: bigint | string;
  /** The user's client locale (default `en-US`). */
  locale?: string;
}

/** A slash command a test sends (type 2 APPLICATION_COMMAND). */
export interface SlashCommandInput extends ActorInput {
  /** Guild id; omitted → inferred from a guild `channelId`, or a DM with the bot when there is none. */
  guildId?: string;
  /** Channel id; omitted for DMs (the user's DM channel with the bot is used). */
  channelId?: string;
  /** Command name. */
  name: string;
  /** Subcommand group name. */
  subcommandGroup?: string;
  /** Subcommand name. */
  subcommand?: string;
  /** Options of the (sub)command. */
  options?: OptionInput[];
}

/** An autocomplete request a test sends (type 4): the same as a slash command plus the focused option. */
export interface AutocompleteInput extends SlashCommandInput {
  /** The option being typed into; its value is the partial text typed so far. */
  focused: {
    name: string;
    value: string;
    type?:
      | ApplicationCommandOptionType.String
      | ApplicationCommandOptionType.Integer
      | ApplicationCommandOptionType.Number;
  };
}

/** A button click a test sends (type 3 MESSAGE_COMPONENT, component_type 2). */
export interface ClickButtonInput extends ActorInput {
  /** The message the button is on (its id is used to look up the fake's current copy). */
  message: APIMessage | string;
  /** The button's custom_id. */
  customId: string;
  /**
   * Sends the click even though the message has no such button (or it is disabled), as a
   * modified client can: Discord passes the custom_id through, with the message as it is.
   */
  forged?: boolean;
}

/** A select-menu choice a test sends (type 3 MESSAGE_COMPONENT with the select's component_type). */
export interface SelectMenuInput extends ActorInput {
  /** The message the select menu is on. */
  message: APIMessage | string;
  /** The select menu's custom_id. */
  customId: string;
  /** Chosen values (option values, or ids for user/role/channel selects). */
  values: string[];
}

/** A modal submission a test sends (type 5 MODAL_SUBMIT) for a modal the bot opened. */
export interface SubmitModalInput {
  /** The modal (from `fake.lastModal(userId)` / `handle.modal()`), or the handle of the interaction that opened it. */
  modal: OpenModal | { modal(): OpenModal | undefined };
  /** Text input values by custom_id; omitted optional inputs are submitted empty. */
  fields: Record<string, string>;
  /** Locale of the submitting user (default: the opener's). */
  locale?: string;
}

/** Faults `failNext` can inject. */
export interface FailNextInput {
  /** Only requests with this method (default: any). */
  method?: string;
  /** Matched against the path after `/api/v10`, e.g. `/^\/channels\/\d+\/messages$/`. */
  route: RegExp;
  /** Status to answer with: a rate limit, a server error, or Discord refusing (403/404 with `code`). */
  status: 429 | 500 | 502 | 503 | 403 | 404;
  /** For 403/404: Discord's JSON error code (10003 unknown channel, 10008 unknown message, 50001 missing access, 50013 missing permissions). */
  code?: DiscordRefusalCode;
  /** For 429: seconds to wait (default 0.05). */
  retryAfter?: number;
  /** For 429: a global rate limit (sends `x-ratelimit-global: true`). */
  global?: boolean;
  /** How many matching requests to fail (default 1). */
  times?: number;
}

/** The refusals `failNext` can answer with, and their messages as Discord words them. */
export const DISCORD_REFUSALS = {
  10003: "Unknown Channel",
  10008: "Unknown Message",
  50001: "Missing Access",
  50013: "Missing Permissions",
} as const;
export type DiscordRefusalCode = keyof typeof DISCORD_REFUSALS;

/** Channel permissions `denyPermission` can take away from the bot. */
export type DeniablePermission = "SEND_MESSAGES" | "VIEW_CHANNEL" | "ATTACH_FILES";
