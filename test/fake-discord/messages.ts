import type {
  APIAttachment,
  APIEmbed,
  APIMessage,
  APIMessageInteractionMetadata,
  APIMessageTopLevelComponent,
  APIUser,
  MessageType,
} from "discord.js";
import type { RecordedFile } from "./types.ts";
import { FLAG_COMPONENTS_V2, FLAG_EPHEMERAL, FLAG_LOADING, isRecord } from "./validate.ts";

/** Flags a bot may set on a message it sends (others are set by Discord only and are dropped). */
const SETTABLE_FLAGS = (1 << 2) | FLAG_EPHEMERAL | (1 << 12) | (1 << 13) | FLAG_COMPONENTS_V2;
/** Flags an edit may change (Discord only lets SUPPRESS_EMBEDS and IS_COMPONENTS_V2 change). */
const EDITABLE_FLAGS = (1 << 2) | FLAG_COMPONENTS_V2;

/** Where a new message comes from and who may see it. */
export interface NewMessageContext {
  /** Snowflake id for the message. */
  id: string;
  /** Channel it is in. */
  channelId: string;
  /** Guild of that channel, if any. */
  guildId: string | undefined;
  /** The bot user. */
  author: APIUser;
  /** Discord message type (0 default, 19 reply, 20 slash command response). */
  type: MessageType;
  /** Flags forced by the fake (e.g. LOADING for deferred replies, EPHEMERAL from the defer). */
  extraFlags: number;
  /** Set for interaction responses/follow-ups: they are sent through the application's webhook. */
  applicationId?: string;
  /** For interaction responses: what triggered them. */
  interactionMetadata?: APIMessageInteractionMetadata;
  /** Uploaded files, which become attachments. */
  files: RecordedFile[];
  /** Users the fake knows, to fill `mentions`. */
  users: ReadonlyMap<string, APIUser>;
  /** Snowflake factory for attachment ids. */
  nextId: () => string;
}

/** Builds the message object Discord would store for a validated create body. */
export function buildMessage(body: Record<string, unknown>, ctx: NewMessageContext): APIMessage {
  const requested = typeof body.flags === "number" ? body.flags : 0;
  const flags = (requested & SETTABLE_FLAGS) | ctx.extraFlags;
  const content = typeof body.content === "string" ? body.content : "";
  const message: APIMessage = {
    id: ctx.id,
    channel_id: ctx.channelId,
    author: ctx.author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: body.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: buildAttachments(body, ctx.files, ctx.channelId, [], ctx.nextId),
    embeds: asEmbeds(body.embeds),
    pinned: false,
    type: ctx.type,
    flags,
    components: asComponents(body.components),
  };
  if (ctx.guildId !== undefined) Object.assign(message, { guild_id: ctx.guildId });
  if (ctx.applicationId !== undefined) {
    message.webhook_id = ctx.applicationId;
    message.application_id = ctx.applicationId;
  }
  if (ctx.interactionMetadata) message.interaction_metadata = ctx.interactionMetadata;
  if (isRecord(body.message_reference) && typeof body.message_reference.message_id === "string") {
    message.message_reference = {
      type: 0,
      message_id: body.message_reference.message_id,
      channel_id: ctx.channelId,
      ...(ctx.guildId === undefined ? {} : { guild_id: ctx.guildId }),
    };
  }
  applyMentions(message, body.allowed_mentions, ctx.users);
  return message;
}

/**
 * Applies a validated PATCH body to a copy of `current`: only fields present in the body change, `null`
 * clears, and the first edit of a deferred ("thinking") reply fills it in without marking it edited.
 */
export function applyEdit(
  current: APIMessage,
  body: Record<string, unknown>,
  files: RecordedFile[],
  users: ReadonlyMap<string, APIUser>,
  nextId: () => string,
): APIMessage {
  const next: APIMessage = structuredClone(current);
  const wasLoading = ((current.flags ?? 0) & FLAG_LOADING) !== 0;
  if ("content" in body) next.content = typeof body.content === "string" ? body.content : "";
  if ("embeds" in body) next.embeds = asEmbeds(body.embeds);
  if ("components" in body) next.components = asComponents(body.components);
  if ("attachments" in body || files.length > 0) {
    next.attachments = buildAttachments(body, files, current.channel_id, current.attachments, nextId);
  }
  let flags = current.flags ?? 0;
  if (typeof body.flags === "number") flags = (flags & ~EDITABLE_FLAGS) | (body.flags & EDITABLE_FLAGS);
  flags &= ~FLAG_LOADING;
  next.flags = flags;
  if (!wasLoading) next.edited_timestamp = new Date().toISOString();
  if ("content" in body || "allowed_mentions" in body) applyMentions(next, body.allowed_mentions, users);
  return next;
}

/** True when a message has nothing to show (Discord refuses such messages with 50006). */
export function isEmptyMessage(message: APIMessage): boolean {
  return (
    message.content.trim() === "" &&
    message.embeds.length === 0 &&
    (message.components?.length ?? 0) === 0 &&
    message.attachments.length === 0 &&
    (message.sticker_items?.length ?? 0) === 0 &&
    message.poll === undefined
  );
}

function asEmbeds(value: unknown): APIEmbed[] {
  if (!Array.isArray(value)) return [];
  // Validated before this point; Discord stores bot embeds as type "rich".
  return value.filter(isRecord).map((embed) => ({ type: "rich", ...embed }) as APIEmbed);
}

function asComponents(value: unknown): APIMessageTopLevelComponent[] {
  if (!Array.isArray(value)) return [];
  // Validated before this point (validate.ts); the cast records that the shape was checked there.
  return structuredClone(value.filter(isRecord)) as unknown as APIMessageTopLevelComponent[];
}

/**
 * Discord keeps the existing attachments listed in `attachments` (by id) and adds uploaded files; on create,
 * attachments entries describe the uploads.
 */
function buildAttachments(
  body: Record<string, unknown>,
  files: RecordedFile[],
  channelId: string,
  existing: APIAttachment[],
  nextId: () => string,
): APIAttachment[] {
  const kept: APIAttachment[] = [];
  if (Array.isArray(body.attachments)) {
    for (const entry of body.attachments) {
      if (isRecord(entry) && typeof entry.id === "string") {
        const found = existing.find((a) => a.id === entry.id);
        if (found) kept.push(found);
      }
    }
  } else {
    kept.push(...existing);
  }
  for (const file of files) {
    const id = nextId();
    kept.push({
      id,
      filename: file.name,
      size: file.size,
      content_type: file.contentType,
      url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${file.name}`,
      proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${file.name}`,
    });
  }
  return kept;
}

/**
 * Fills `mentions`/`mention_everyone` the way Discord resolves pings: `allowed_mentions` absent means
 * "parse everything"; otherwise only what `parse`/`users` allow.
 */
function applyMentions(message: APIMessage, allowed: unknown, users: ReadonlyMap<string, APIUser>): void {
  const parse = isRecord(allowed) && Array.isArray(allowed.parse) ? allowed.parse : undefined;
  const listed = isRecord(allowed) && Array.isArray(allowed.users) ? allowed.users : [];
  const allowAll = !isRecord(allowed);
  const userIds = new Set<string>();
  for (const match of message.content.matchAll(/<@!?(\d{17,20})>/g)) {
    const id = match[1];
    if (id !== undefined && (allowAll || parse?.includes("users") || listed.includes(id))) userIds.add(id);
  }
  message.mentions = [...userIds].flatMap((id) => {
    const user = users.get(id);
    return user ? [user] : [];
  });
  message.mention_everyone =
    /@(everyone|here)\b/.test(message.content) && (allowAll || parse?.includes("everyone") === true);
}
