/**
 * REST routes other than interaction responses: gateway info, users, application commands, channels,
 * messages, guilds, DMs. Each answers with Discord's v10 JSON shapes and Discord's error codes.
 */
import type { APIApplicationCommand, APIUser, MessageType } from "discord.js";
import {
  apiError,
  checkMentions,
  invalidBody,
  noContent,
  ok,
  type Reply,
  type Route,
  type RouteContext,
  refuse,
} from "./http.ts";
import { applyEdit, buildMessage, isEmptyMessage } from "./messages.ts";
import { dmChannel, guildMember, textChannel } from "./payloads.ts";
import type { ChannelRecord, FakeState, MessageRecord, StoredCommand } from "./state.ts";
import { FLAG_EPHEMERAL, isRecord, validateCommand, validateCommands, validateMessage } from "./validate.ts";

const MESSAGE_TYPE_DEFAULT = 0 as MessageType;
const MESSAGE_TYPE_REPLY = 19 as MessageType;

/**
 * Who owns the application, as GET /applications/@me says: with a team, the team (its owner and
 * members) and, as Discord does, a pseudo-user for the team as `owner`; else the first guild's owner.
 */
function applicationOwner(state: FakeState): { team: unknown; owner: APIUser } {
  const team = state.applicationTeam;
  if (!team) return { team: null, owner: state.users.get(state.guilds[0]?.ownerId ?? "") ?? state.botUser };
  const teamId = state.snowflakes.next();
  const userOf = (id: string): APIUser =>
    state.users.get(id) ?? {
      id,
      username: `member${id.slice(-4)}`,
      discriminator: "0",
      global_name: null,
      avatar: null,
    };
  return {
    team: {
      id: teamId,
      icon: null,
      name: "Quiz team",
      owner_user_id: team.ownerId,
      members: [team.ownerId, ...team.memberIds].map((id) => ({
        membership_state: 2,
        team_id: teamId,
        user: userOf(id),
        role: "admin",
      })),
    },
    owner: {
      id: teamId,
      username: `team${teamId}`,
      discriminator: "0000",
      global_name: null,
      avatar: null,
      flags: 1024,
    },
  };
}

function channelObject(state: FakeState, channel: ChannelRecord): unknown {
  return channel.type === 1 ? dmChannel(state, channel) : textChannel(state, channel);
}

/** Resolves a channel the bot addresses, applying `denyPermission(…, "VIEW_CHANNEL")`. */
function channelFor(ctx: RouteContext): ChannelRecord | Reply {
  const id = ctx.params.channelId ?? "";
  const channel = ctx.state.channels.get(id);
  if (!channel) {
    return refuse(
      ctx,
      "channel.unknown",
      `channel ${id} does not exist (or the bot is not in its guild).`,
      apiError(404, 10003, "Unknown Channel"),
    );
  }
  if (ctx.state.denied.get(id)?.has("VIEW_CHANNEL")) return apiError(403, 50001, "Missing Access");
  return channel;
}

/** A public (non-ephemeral, not deleted) message in the route's channel. */
function channelMessage(ctx: RouteContext, channel: ChannelRecord, record: boolean): MessageRecord | Reply {
  const id = ctx.params.messageId ?? "";
  const message = ctx.state.messages.get(id);
  if (!message || message.deleted || message.ephemeral || message.api.channel_id !== channel.id) {
    const error = apiError(404, 10008, "Unknown Message");
    // A GET may legitimately probe; editing or deleting a message that is not there is a bot bug.
    if (!record) return error;
    const why = !message
      ? "no such message"
      : message.deleted
        ? "it was deleted"
        : message.ephemeral
          ? "it is ephemeral, so only its interaction webhook can reach it"
          : `it is in channel ${message.api.channel_id}`;
    return refuse(ctx, "message.unknown", `message ${id} cannot be reached here (${why}).`, error);
  }
  return message;
}

/** Handlers return either the thing they looked up or the error Reply to send. */
function isReply<T extends object>(value: T | Reply): value is Reply {
  return "status" in value && typeof value.status === "number";
}

function postChannelMessage(ctx: RouteContext): Reply {
  const { state } = ctx;
  const channel = channelFor(ctx);
  if (isReply(channel)) return channel;
  const denied = state.denied.get(channel.id);
  if (
    channel.type === 0 &&
    (denied?.has("SEND_MESSAGES") || (ctx.files.length > 0 && denied?.has("ATTACH_FILES")))
  ) {
    return apiError(403, 50013, "Missing Permissions");
  }
  if (channel.type === 1 && channel.recipientId !== undefined && state.dmBlocked.has(channel.recipientId)) {
    return apiError(403, 50007, "Cannot send messages to this user");
  }
  const what = `a message to #${channel.name || channel.id}`;
  const issues = validateMessage(ctx.body, { mode: "create", fileCount: ctx.files.length });
  const body = isRecord(ctx.body) ? ctx.body : {};
  if (isRecord(body.message_reference) && typeof body.message_reference.message_id === "string") {
    const ref = state.messages.get(body.message_reference.message_id);
    const exists = ref !== undefined && !ref.deleted && ref.api.channel_id === channel.id;
    if (!exists && body.message_reference.fail_if_not_exists !== false) {
      issues.push({
        path: ["message_reference"],
        code: "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
        message: "Unknown message",
      });
    }
  }
  if (issues.length > 0) return invalidBody(ctx, what, issues);
  checkMentions(ctx, what, body);
  if (typeof body.flags === "number" && (body.flags & FLAG_EPHEMERAL) !== 0) {
    state.violate(
      "message.ephemeral-flag-ignored",
      `${ctx.request}: ${what} set flags 64 (EPHEMERAL), which only works on interaction responses; Discord ignores it and the message is PUBLIC.`,
      { request: ctx.request },
    );
  }
  const message = buildMessage(body, {
    id: state.snowflakes.next(),
    channelId: channel.id,
    guildId: channel.guildId,
    author: state.botUser,
    type: isRecord(body.message_reference) ? MESSAGE_TYPE_REPLY : MESSAGE_TYPE_DEFAULT,
    extraFlags: 0,
    files: ctx.files,
    users: state.users,
    nextId: () => state.snowflakes.next(),
  });
  message.flags = (message.flags ?? 0) & ~FLAG_EPHEMERAL;
  state.addMessage({ api: message, ephemeral: false, revisions: [structuredClone(message)], deleted: false });
  return ok(message);
}

function patchChannelMessage(ctx: RouteContext): Reply {
  const { state } = ctx;
  const channel = channelFor(ctx);
  if (isReply(channel)) return channel;
  const record = channelMessage(ctx, channel, true);
  if (isReply(record)) return record;
  if (ctx.files.length > 0 && state.denied.get(channel.id)?.has("ATTACH_FILES"))
    return apiError(403, 50013, "Missing Permissions");
  if (record.api.author.id !== state.botUser.id) {
    return refuse(
      ctx,
      "message.invalid",
      "the bot tried to edit a message someone else wrote.",
      apiError(403, 50005, "Cannot edit a message authored by another user"),
    );
  }
  const what = `an edit of message ${record.api.id}`;
  const issues = validateMessage(ctx.body, {
    mode: "edit",
    fileCount: ctx.files.length,
    currentFlags: record.api.flags ?? 0,
  });
  if (issues.length > 0) return invalidBody(ctx, what, issues);
  const body = isRecord(ctx.body) ? ctx.body : {};
  const next = applyEdit(record.api, body, ctx.files, state.users, () => state.snowflakes.next());
  if (isEmptyMessage(next)) {
    return invalidBody(ctx, what, [
      {
        path: [],
        code: "EMPTY_MESSAGE",
        message: "Cannot send an empty message",
        detail: "the edit would leave nothing to show",
      },
    ]);
  }
  state.updateMessage(record, next);
  return ok(next);
}

function listMessages(ctx: RouteContext): Reply {
  const channel = channelFor(ctx);
  if (isReply(channel)) return channel;
  const limit = Math.min(100, Math.max(1, Number(ctx.query.limit ?? "50") || 50));
  let list = ctx.state.publicMessages(channel.id);
  const before = ctx.query.before;
  const after = ctx.query.after;
  if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
  if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
  // Discord returns newest first.
  return ok(list.reverse().slice(0, limit));
}

function commandsTarget(ctx: RouteContext): { list: StoredCommand[]; guildId: string | undefined } | Reply {
  const { state } = ctx;
  if (ctx.params.applicationId !== state.applicationId) {
    return refuse(
      ctx,
      "route.unknown",
      `application id ${ctx.params.applicationId ?? ""} is not the bot's (${state.applicationId}).`,
      apiError(403, 50001, "Missing Access"),
    );
  }
  const guildId = ctx.params.guildId;
  if (guildId === undefined) return { list: state.globalCommands, guildId };
  if (!state.guild(guildId)) {
    return refuse(
      ctx,
      "route.unknown",
      `the bot is not in guild ${guildId}.`,
      apiError(403, 50001, "Missing Access"),
    );
  }
  let list = state.guildCommands.get(guildId);
  if (!list) {
    list = [];
    state.guildCommands.set(guildId, list);
  }
  return { list, guildId };
}

/** Turns a validated command body into the object Discord stores, keeping the id of a same-named command. */
function storeCommand(
  state: FakeState,
  body: Record<string, unknown>,
  guildId: string | undefined,
  existing: StoredCommand[],
): StoredCommand {
  const type = typeof body.type === "number" ? body.type : 1;
  const previous = existing.find((c) => c.name === body.name && c.type === type);
  const command = {
    id: previous?.id ?? state.snowflakes.next(),
    application_id: state.applicationId,
    version: state.snowflakes.next(),
    default_member_permissions:
      typeof body.default_member_permissions === "string" ? body.default_member_permissions : null,
    type,
    name: body.name,
    name_localizations: body.name_localizations ?? null,
    description: typeof body.description === "string" ? body.description : "",
    description_localizations: body.description_localizations ?? null,
    nsfw: body.nsfw === true,
    integration_types: Array.isArray(body.integration_types) ? body.integration_types : [0],
    contexts: Array.isArray(body.contexts) ? body.contexts : null,
    ...(Array.isArray(body.options) && body.options.length > 0 ? { options: body.options } : {}),
    ...(guildId === undefined ? {} : { guild_id: guildId }),
  };
  // Shape checked by validateCommand(s); the cast records that.
  return command as unknown as APIApplicationCommand;
}

function putCommands(ctx: RouteContext): Reply {
  const target = commandsTarget(ctx);
  if (isReply(target)) return target;
  const issues = validateCommands(ctx.body);
  if (issues.length > 0) return invalidBody(ctx, "the command list", issues);
  const bodies = Array.isArray(ctx.body) ? ctx.body.filter(isRecord) : [];
  const stored = bodies.map((b) => storeCommand(ctx.state, b, target.guildId, target.list));
  target.list.splice(0, target.list.length, ...stored);
  ctx.state.changed();
  return ok(stored);
}

function postCommand(ctx: RouteContext): Reply {
  const target = commandsTarget(ctx);
  if (isReply(target)) return target;
  const issues = validateCommand(ctx.body);
  if (issues.length > 0 || !isRecord(ctx.body)) return invalidBody(ctx, "the command", issues);
  const command = storeCommand(ctx.state, ctx.body, target.guildId, target.list);
  const at = target.list.findIndex((c) => c.id === command.id);
  if (at >= 0) target.list[at] = command;
  else target.list.push(command);
  ctx.state.changed();
  return ok(command, at >= 0 ? 200 : 201);
}

function deleteCommand(ctx: RouteContext): Reply {
  const target = commandsTarget(ctx);
  if (isReply(target)) return target;
  const at = target.list.findIndex((c) => c.id === ctx.params.commandId);
  if (at < 0)
    return refuse(
      ctx,
      "route.unknown",
      `no command ${ctx.params.commandId ?? ""}.`,
      apiError(404, 10063, "Unknown application command"),
    );
  target.list.splice(at, 1);
  ctx.state.changed();
  return noContent();
}

function getCommand(ctx: RouteContext): Reply {
  const target = commandsTarget(ctx);
  if (isReply(target)) return target;
  const command = target.list.find((c) => c.id === ctx.params.commandId);
  return command ? ok(command) : apiError(404, 10063, "Unknown application command");
}

/** The routes in this module. */
export const routes: Route[] = [
  {
    method: "GET",
    pattern: "/gateway/bot",
    auth: true,
    handle: ({ state }) =>
      ok({
        url: state.gatewayUrl,
        shards: state.shardCount,
        // max_concurrency = shardCount lets discord.js identify every shard at once (no 5 s buckets).
        session_start_limit: {
          total: 1000,
          remaining: 1000,
          reset_after: 86_400_000,
          max_concurrency: state.shardCount,
        },
      }),
  },
  { method: "GET", pattern: "/gateway", auth: false, handle: ({ state }) => ok({ url: state.gatewayUrl }) },
  { method: "GET", pattern: "/users/@me", auth: true, handle: ({ state }) => ok(state.botUser) },
  {
    method: "GET",
    pattern: "/users/:userId",
    auth: true,
    handle: ({ state, params }) => {
      const user = state.users.get(params.userId ?? "");
      return user ? ok(user) : apiError(404, 10013, "Unknown User");
    },
  },
  {
    method: "GET",
    pattern: "/applications/@me",
    auth: true,
    handle: ({ state }) =>
      ok({
        id: state.applicationId,
        name: state.botUser.username,
        icon: null,
        description: "",
        summary: "",
        type: null,
        bot: state.botUser,
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: "0".repeat(64),
        flags: 0,
        ...applicationOwner(state),
        approximate_guild_count: state.guilds.length,
        redirect_uris: [],
        interactions_endpoint_url: null,
        tags: [],
      }),
  },
  {
    method: "GET",
    pattern: "/applications/:applicationId/commands",
    auth: true,
    handle: (ctx) => listCommands(ctx),
  },
  { method: "PUT", pattern: "/applications/:applicationId/commands", auth: true, handle: putCommands },
  { method: "POST", pattern: "/applications/:applicationId/commands", auth: true, handle: postCommand },
  {
    method: "GET",
    pattern: "/applications/:applicationId/commands/:commandId",
    auth: true,
    handle: getCommand,
  },
  {
    method: "DELETE",
    pattern: "/applications/:applicationId/commands/:commandId",
    auth: true,
    handle: deleteCommand,
  },
  {
    method: "GET",
    pattern: "/applications/:applicationId/guilds/:guildId/commands",
    auth: true,
    handle: (ctx) => listCommands(ctx),
  },
  {
    method: "PUT",
    pattern: "/applications/:applicationId/guilds/:guildId/commands",
    auth: true,
    handle: putCommands,
  },
  {
    method: "POST",
    pattern: "/applications/:applicationId/guilds/:guildId/commands",
    auth: true,
    handle: postCommand,
  },
  {
    method: "GET",
    pattern: "/applications/:applicationId/guilds/:guildId/commands/:commandId",
    auth: true,
    handle: getCommand,
  },
  {
    method: "DELETE",
    pattern: "/applications/:applicationId/guilds/:guildId/commands/:commandId",
    auth: true,
    handle: deleteCommand,
  },
  {
    method: "GET",
    pattern: "/channels/:channelId",
    auth: true,
    handle: (ctx) => {
      const channel = channelFor(ctx);
      return isReply(channel) ? channel : ok(channelObject(ctx.state, channel));
    },
  },
  { method: "GET", pattern: "/channels/:channelId/messages", auth: true, handle: listMessages },
  { method: "POST", pattern: "/channels/:channelId/messages", auth: true, handle: postChannelMessage },
  {
    method: "GET",
    pattern: "/channels/:channelId/messages/:messageId",
    auth: true,
    handle: (ctx) => {
      const channel = channelFor(ctx);
      if (isReply(channel)) return channel;
      const record = channelMessage(ctx, channel, false);
      return isReply(record) ? record : ok(record.api);
    },
  },
  {
    method: "PATCH",
    pattern: "/channels/:channelId/messages/:messageId",
    auth: true,
    handle: patchChannelMessage,
  },
  {
    method: "DELETE",
    pattern: "/channels/:channelId/messages/:messageId",
    auth: true,
    handle: (ctx) => {
      const channel = channelFor(ctx);
      if (isReply(channel)) return channel;
      const record = channelMessage(ctx, channel, true);
      if (isReply(record)) return record;
      ctx.state.deleteMessage(record);
      return noContent();
    },
  },
  {
    method: "POST",
    pattern: "/channels/:channelId/typing",
    auth: true,
    handle: (ctx) => {
      const channel = channelFor(ctx);
      return isReply(channel) ? channel : noContent();
    },
  },
  {
    method: "GET",
    pattern: "/guilds/:guildId",
    auth: true,
    handle: ({ state, params }) => {
      const guild = state.guild(params.guildId ?? "");
      if (!guild) return apiError(404, 10004, "Unknown Guild");
      return ok({
        id: guild.id,
        name: guild.name,
        owner_id: guild.ownerId,
        icon: null,
        features: [],
        roles: [],
        emojis: [],
        preferred_locale: "en-US",
      });
    },
  },
  {
    method: "GET",
    pattern: "/guilds/:guildId/channels",
    auth: true,
    handle: ({ state, params }) => {
      const guild = state.guild(params.guildId ?? "");
      if (!guild) return apiError(404, 10004, "Unknown Guild");
      return ok(
        guild.channels.flatMap((c) => {
          const record = state.channels.get(c.id);
          return record ? [textChannel(state, record)] : [];
        }),
      );
    },
  },
  {
    // Listing members needs the privileged Server Members intent: without it Discord says Missing Access.
    method: "GET",
    pattern: "/guilds/:guildId/members",
    auth: true,
    handle: ({ state, params, query }) => {
      const guildId = params.guildId ?? "";
      if (!state.guild(guildId)) return apiError(404, 10004, "Unknown Guild");
      if (!state.memberListAllowed) return apiError(403, 50001, "Missing Access");
      const limit = Math.min(Number(query.limit ?? 1) || 1, 1000);
      const after = BigInt(query.after ?? "0");
      const members = [...state.members.values()]
        .filter((m) => m.guildId === guildId && BigInt(m.userId) > after)
        .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
        .slice(0, limit);
      return ok(members.map((m) => guildMember(state, m)));
    },
  },
  {
    method: "GET",
    pattern: "/guilds/:guildId/members/:userId",
    auth: true,
    handle: ({ state, params }) => {
      if (!state.guild(params.guildId ?? "")) return apiError(404, 10004, "Unknown Guild");
      const member = state.member(params.guildId ?? "", params.userId ?? "");
      return member ? ok(guildMember(state, member)) : apiError(404, 10007, "Unknown Member");
    },
  },
  {
    // The bot's guilds as partial guilds (what an HTTP-only bot reads instead of READY), by id after `after`.
    method: "GET",
    pattern: "/users/@me/guilds",
    auth: true,
    handle: ({ state, query }) => {
      const limit = Math.min(Number(query.limit ?? 200) || 200, 200);
      const after = BigInt(query.after ?? "0");
      const page = state.guilds
        .filter((g) => BigInt(g.id) > after)
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
        .slice(0, limit);
      return ok(
        page.map((g) => ({
          id: g.id,
          name: g.name,
          icon: null,
          owner: false,
          permissions: "0",
          features: [],
        })),
      );
    },
  },
  {
    method: "POST",
    pattern: "/users/@me/channels",
    auth: true,
    handle: (ctx) => {
      const recipient = isRecord(ctx.body) ? ctx.body.recipient_id : undefined;
      if (typeof recipient !== "string" || !/^\d{17,20}$/.test(recipient)) {
        return invalidBody(ctx, "a DM channel request", [
          { path: ["recipient_id"], code: "BASE_TYPE_REQUIRED", message: "This field is required" },
        ]);
      }
      return ok(dmChannel(ctx.state, ctx.state.dmChannel(recipient)));
    },
  },
];

function listCommands(ctx: RouteContext): Reply {
  const target = commandsTarget(ctx);
  return isReply(target) ? target : ok(target.list);
}
