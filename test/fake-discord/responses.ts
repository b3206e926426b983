/**
 * Interaction responses: POST /interactions/:id/:token/callback (the one initial response, within the
 * deadline) and the interaction webhook (@original edits, follow-ups), with Discord's rules and errors.
 */
import type {
  APIInteractionResponse,
  APIMessage,
  APIMessageInteractionMetadata,
  APIModalInteractionResponseCallbackData,
  MessageType,
} from "discord.js";
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
import type { InteractionRecord, MessageRecord } from "./state.ts";
import type { OpenModal } from "./types.ts";
import {
  FLAG_EPHEMERAL,
  FLAG_LOADING,
  isRecord,
  prefixIssues,
  validateAutocomplete,
  validateMessage,
  validateModal,
} from "./validate.ts";

/** Interaction types (https://discord.com/developers/docs/interactions/receiving-and-responding). */
const InteractionKind = { Command: 2, Component: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Callback types with the discord.js call that sends each, for readable violations. */
export const CALLBACK_NAMES: Record<number, string> = {
  1: "PONG",
  4: "CHANNEL_MESSAGE_WITH_SOURCE (reply)",
  5: "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE (deferReply)",
  6: "DEFERRED_UPDATE_MESSAGE (deferUpdate)",
  7: "UPDATE_MESSAGE (update)",
  8: "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (respond)",
  9: "MODAL (showModal)",
  10: "PREMIUM_REQUIRED",
  12: "LAUNCH_ACTIVITY",
};

const callbackName = (type: number): string => CALLBACK_NAMES[type] ?? `type ${type}`;

/** Interaction tokens (and so the interaction webhook) stay valid for 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** Which initial responses Discord accepts for an interaction. */
function allowedCallbacks(record: InteractionRecord): number[] {
  switch (record.type) {
    case InteractionKind.Command:
      return [4, 5, 9];
    case InteractionKind.Component:
      return [4, 5, 6, 7, 9];
    case InteractionKind.Autocomplete:
      return [8];
    case InteractionKind.ModalSubmit:
      // Updating "the message" only makes sense when the modal was opened from a component on one.
      return record.sourceMessageId === undefined ? [4, 5] : [4, 5, 6, 7];
    default:
      return [];
  }
}

function metadata(ctx: RouteContext, record: InteractionRecord): APIMessageInteractionMetadata {
  const user = ctx.state.users.get(record.userId) ?? ctx.state.botUser;
  const owners = record.payload.authorizing_integration_owners;
  const base = { id: record.id, user, authorizing_integration_owners: owners };
  if (record.type === InteractionKind.Component && record.sourceMessageId !== undefined) {
    return { ...base, type: InteractionKind.Component, interacted_message_id: record.sourceMessageId };
  }
  if (record.type === InteractionKind.ModalSubmit) {
    const opener = record.openerId === undefined ? undefined : ctx.state.interactions.get(record.openerId);
    if (opener && opener.type !== InteractionKind.ModalSubmit) {
      const trigger = metadata(ctx, opener);
      if (trigger.type === InteractionKind.Command || trigger.type === InteractionKind.Component) {
        return { ...base, type: InteractionKind.ModalSubmit, triggering_interaction_metadata: trigger };
      }
    }
  }
  return { ...base, type: InteractionKind.Command };
}

/** Creates a message produced by an interaction (reply, deferred reply, follow-up). */
function createInteractionMessage(
  ctx: RouteContext,
  record: InteractionRecord,
  body: Record<string, unknown>,
  opts: { ephemeral: boolean; loading: boolean; followUp: boolean },
): MessageRecord {
  const { state } = ctx;
  const type = (record.type === InteractionKind.Command && !opts.followUp ? 20 : 0) as MessageType;
  const api = buildMessage(body, {
    id: state.snowflakes.next(),
    channelId: record.channelId,
    guildId: record.guildId,
    author: state.botUser,
    type,
    extraFlags: (opts.ephemeral ? FLAG_EPHEMERAL : 0) | (opts.loading ? FLAG_LOADING : 0),
    applicationId: state.applicationId,
    interactionMetadata: {
      ...metadata(ctx, record),
      ...(opts.followUp && record.originalMessageId !== undefined
        ? { original_response_message_id: record.originalMessageId }
        : {}),
    },
    files: ctx.files,
    users: state.users,
    nextId: () => state.snowflakes.next(),
  });
  if (!opts.ephemeral) api.flags = (api.flags ?? 0) & ~FLAG_EPHEMERAL;
  const message: MessageRecord = {
    api,
    ephemeral: opts.ephemeral,
    interactionId: record.id,
    revisions: [structuredClone(api)],
    deleted: false,
    ...(opts.ephemeral ? { visibleTo: record.userId } : {}),
  };
  state.addMessage(message);
  return message;
}

function interactionCallback(ctx: RouteContext): Reply {
  const { state } = ctx;
  const record = state.interactions.get(ctx.params.interactionId ?? "");
  const unknown = apiError(404, 10062, "Unknown interaction");
  if (!record || record.token !== ctx.params.interactionToken) {
    return refuse(ctx, "interaction.unknown", "no interaction has this id and token.", unknown);
  }
  const body = ctx.body;
  const type = isRecord(body) ? body.type : undefined;
  if (!isRecord(body) || typeof type !== "number") {
    return invalidBody(
      ctx,
      `the response to ${record.label}`,
      [{ path: ["type"], code: "BASE_TYPE_REQUIRED", message: "This field is required" }],
      record.id,
    );
  }
  const now = Date.now();
  if (record.initial) {
    return refuse(
      ctx,
      "interaction.already-acknowledged",
      `${record.label} was already acknowledged with ${callbackName(record.initial.type)} ${record.initial.delayMs} ms after dispatch; a second initial response ${callbackName(type)} is refused (40060). Use editReply/followUp after the first response.`,
      apiError(400, 40060, "Interaction has already been acknowledged."),
      record.id,
    );
  }
  const dispatchedAt = record.dispatchedAt ?? now;
  const delayMs = now - dispatchedAt;
  if (record.failed || delayMs > state.responseDeadlineMs) {
    return refuse(
      ctx,
      "interaction.late",
      `${callbackName(type)} for ${record.label} came ${delayMs} ms after dispatch, past the ${state.responseDeadlineMs} ms deadline: Discord answers 10062 Unknown interaction and the user already saw "This interaction failed". Defer first when work may take long.`,
      unknown,
      record.id,
    );
  }
  const allowed = allowedCallbacks(record);
  if (!allowed.includes(type)) {
    return refuse(
      ctx,
      "interaction.invalid-response",
      `${callbackName(type)} is not a valid response to ${record.label}; Discord accepts ${allowed.map(callbackName).join(", ")}.`,
      {
        status: 400,
        body: {
          message: "Invalid Form Body",
          code: 50035,
          errors: {
            type: {
              _errors: [
                { code: "BASE_TYPE_CHOICES", message: `Value must be one of {${allowed.join(", ")}}.` },
              ],
            },
          },
        },
      },
      record.id,
    );
  }
  const data = isRecord(body.data) ? body.data : {};
  const what = `${callbackName(type)} for ${record.label}`;
  let resourceMessage: APIMessage | undefined;

  switch (type) {
    case 4: {
      const issues = validateMessage(body.data ?? {}, { mode: "create", fileCount: ctx.files.length });
      if (issues.length > 0) return invalidBody(ctx, what, prefixIssues(["data"], issues), record.id);
      checkMentions(ctx, what, data, record.id);
      const ephemeral = typeof data.flags === "number" && (data.flags & FLAG_EPHEMERAL) !== 0;
      const message = createInteractionMessage(ctx, record, data, {
        ephemeral,
        loading: false,
        followUp: false,
      });
      record.originalMessageId = message.api.id;
      resourceMessage = message.api;
      break;
    }
    case 5: {
      const ephemeral = typeof data.flags === "number" && (data.flags & FLAG_EPHEMERAL) !== 0;
      const message = createInteractionMessage(
        ctx,
        record,
        { flags: data.flags },
        { ephemeral, loading: true, followUp: false },
      );
      record.originalMessageId = message.api.id;
      break;
    }
    case 6: {
      record.originalMessageId = record.sourceMessageId;
      break;
    }
    case 7: {
      const source =
        record.sourceMessageId === undefined ? undefined : state.messages.get(record.sourceMessageId);
      if (!source || source.deleted) {
        return refuse(
          ctx,
          "message.unknown",
          `${what}: the message the component was on no longer exists.`,
          apiError(404, 10008, "Unknown Message"),
          record.id,
        );
      }
      const issues = validateMessage(body.data ?? {}, {
        mode: "edit",
        fileCount: ctx.files.length,
        currentFlags: source.api.flags ?? 0,
      });
      if (issues.length > 0) return invalidBody(ctx, what, prefixIssues(["data"], issues), record.id);
      const next = applyEdit(source.api, data, ctx.files, state.users, () => state.snowflakes.next());
      if (isEmptyMessage(next)) {
        return invalidBody(
          ctx,
          what,
          [
            {
              path: ["data"],
              code: "EMPTY_MESSAGE",
              message: "Cannot send an empty message",
              detail: "the update would leave nothing to show",
            },
          ],
          record.id,
        );
      }
      state.updateMessage(source, next);
      record.originalMessageId = source.api.id;
      resourceMessage = next;
      break;
    }
    case 8: {
      const issues = validateAutocomplete(body.data);
      if (issues.length > 0) return invalidBody(ctx, what, prefixIssues(["data"], issues), record.id);
      break;
    }
    case 9: {
      const issues = validateModal(body.data);
      if (issues.length > 0) return invalidBody(ctx, what, prefixIssues(["data"], issues), record.id);
      // Shape checked by validateModal.
      const modalData = data as unknown as APIModalInteractionResponseCallbackData;
      const modal: OpenModal = {
        interactionId: record.id,
        userId: record.userId,
        customId: modalData.custom_id,
        title: modalData.title,
        components: structuredClone(modalData.components),
        openedAt: now,
        submitted: false,
      };
      record.modal = modal;
      state.lastModalByUser.set(record.userId, modal);
      break;
    }
  }

  state.clearTimer(record.deadlineTimer);
  // Validated above; the cast records that the body is one of Discord's response shapes.
  record.initial = { ...(structuredClone(body) as unknown as APIInteractionResponse), delayMs, at: now };
  state.changed();

  if (ctx.query.with_response !== "true") return noContent();
  const original =
    record.originalMessageId === undefined ? undefined : state.messages.get(record.originalMessageId);
  return ok({
    interaction: {
      id: record.id,
      type: record.type,
      ...(original && (type === 4 || type === 5)
        ? {
            response_message_id: original.api.id,
            response_message_loading: type === 5,
            response_message_ephemeral: original.ephemeral,
          }
        : {}),
    },
    resource: { type, ...(resourceMessage ? { message: resourceMessage } : {}) },
  });
}

/** Finds the interaction behind a webhook URL (`/webhooks/:applicationId/:token`). */
function webhookInteraction(ctx: RouteContext): InteractionRecord | Reply {
  const { state } = ctx;
  const record = state.interactionsByToken.get(ctx.params.token ?? "");
  if (!record || ctx.params.applicationId !== state.applicationId) {
    return refuse(
      ctx,
      "interaction.unknown",
      "no interaction webhook has this application id and token.",
      apiError(404, 10015, "Unknown Webhook"),
    );
  }
  if (Date.now() - record.createdAt > TOKEN_LIFETIME_MS) {
    return refuse(
      ctx,
      "interaction.late",
      `the token of ${record.label} expired (interaction tokens last 15 minutes).`,
      apiError(401, 50027, "Invalid Webhook Token"),
      record.id,
    );
  }
  return record;
}

function isReply(value: InteractionRecord | MessageRecord | Reply): value is Reply {
  return "status" in value;
}

/** The message a webhook message route addresses (`@original` or a follow-up id). */
function webhookMessage(ctx: RouteContext, record: InteractionRecord): MessageRecord | Reply {
  const { state } = ctx;
  const wanted = ctx.params.messageId ?? "";
  if (wanted === "@original") {
    if (!record.initial) {
      return refuse(
        ctx,
        "interaction.not-acknowledged",
        `${record.label} has no initial response yet, so there is no @original to use: reply or deferReply first (within ${state.responseDeadlineMs} ms).`,
        apiError(404, 10008, "Unknown Message"),
        record.id,
      );
    }
    const original =
      record.originalMessageId === undefined ? undefined : state.messages.get(record.originalMessageId);
    if (!original || original.deleted) {
      return refuse(
        ctx,
        "message.unknown",
        `${record.label} was answered with ${callbackName(record.initial.type)}, which ${original?.deleted ? "produced a message that was deleted" : "creates no message"}; there is no @original.`,
        apiError(404, 10008, "Unknown Message"),
        record.id,
      );
    }
    return original;
  }
  const message = state.messages.get(wanted);
  const mine = wanted === record.originalMessageId || record.followUpIds.includes(wanted);
  if (!message || message.deleted || !mine) {
    return refuse(
      ctx,
      "message.unknown",
      `message ${wanted} is not a live response or follow-up of ${record.label}.`,
      apiError(404, 10008, "Unknown Message"),
      record.id,
    );
  }
  return message;
}

function followUp(ctx: RouteContext): Reply {
  const { state } = ctx;
  const record = webhookInteraction(ctx);
  if (isReply(record)) return record;
  if (!record.initial) {
    return refuse(
      ctx,
      "interaction.not-acknowledged",
      `a follow-up to ${record.label} was sent before any initial response; Discord only accepts follow-ups after reply/deferReply/update.`,
      apiError(404, 10015, "Unknown Webhook"),
      record.id,
    );
  }
  if (record.initial.type === 8) {
    return refuse(
      ctx,
      "interaction.invalid-response",
      `autocomplete interactions (${record.label}) cannot have follow-up messages.`,
      apiError(404, 10015, "Unknown Webhook"),
      record.id,
    );
  }
  const what = `a follow-up to ${record.label}`;
  const issues = validateMessage(ctx.body, { mode: "create", fileCount: ctx.files.length });
  if (issues.length > 0) return invalidBody(ctx, what, issues, record.id);
  const body = isRecord(ctx.body) ? ctx.body : {};
  checkMentions(ctx, what, body, record.id);
  // After deferReply, Discord uses the first follow-up to fill in the "thinking" message (keeping the
  // defer's ephemerality) instead of posting a second message.
  const original =
    record.originalMessageId === undefined ? undefined : state.messages.get(record.originalMessageId);
  if (
    record.initial.type === 5 &&
    original &&
    !original.deleted &&
    ((original.api.flags ?? 0) & FLAG_LOADING) !== 0
  ) {
    const next = applyEdit(original.api, body, ctx.files, state.users, () => state.snowflakes.next());
    state.updateMessage(original, next);
    return ctx.query.wait === "true" ? ok(next) : noContent();
  }
  const ephemeral = typeof body.flags === "number" && (body.flags & FLAG_EPHEMERAL) !== 0;
  const message = createInteractionMessage(ctx, record, body, { ephemeral, loading: false, followUp: true });
  record.followUpIds.push(message.api.id);
  state.changed();
  return ctx.query.wait === "true" ? ok(message.api) : noContent();
}

function editWebhookMessage(ctx: RouteContext): Reply {
  const { state } = ctx;
  const record = webhookInteraction(ctx);
  if (isReply(record)) return record;
  const message = webhookMessage(ctx, record);
  if (isReply(message)) return message;
  const what = `an edit of ${ctx.params.messageId === "@original" ? "the reply" : `follow-up ${message.api.id}`} to ${record.label}`;
  const issues = validateMessage(ctx.body, {
    mode: "edit",
    fileCount: ctx.files.length,
    currentFlags: message.api.flags ?? 0,
  });
  if (issues.length > 0) return invalidBody(ctx, what, issues, record.id);
  const body = isRecord(ctx.body) ? ctx.body : {};
  const wasLoading = ((message.api.flags ?? 0) & FLAG_LOADING) !== 0;
  // Filling in a deferred reply is when its content is first shown (and pings), like a send.
  if (wasLoading) checkMentions(ctx, what, body, record.id);
  const next = applyEdit(message.api, body, ctx.files, state.users, () => state.snowflakes.next());
  if (isEmptyMessage(next)) {
    return invalidBody(
      ctx,
      what,
      [
        {
          path: [],
          code: "EMPTY_MESSAGE",
          message: "Cannot send an empty message",
          detail: "the edit would leave nothing to show",
        },
      ],
      record.id,
    );
  }
  state.updateMessage(message, next);
  return ok(next);
}

/** The routes in this module (no bot token: interaction routes are authorised by the interaction token). */
export const responseRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/interactions/:interactionId/:interactionToken/callback",
    auth: false,
    handle: interactionCallback,
  },
  { method: "POST", pattern: "/webhooks/:applicationId/:token", auth: false, handle: followUp },
  {
    method: "GET",
    pattern: "/webhooks/:applicationId/:token/messages/:messageId",
    auth: false,
    handle: (ctx) => {
      const record = webhookInteraction(ctx);
      if (isReply(record)) return record;
      const message = webhookMessage(ctx, record);
      return isReply(message) ? message : ok(message.api);
    },
  },
  {
    method: "PATCH",
    pattern: "/webhooks/:applicationId/:token/messages/:messageId",
    auth: false,
    handle: editWebhookMessage,
  },
  {
    method: "DELETE",
    pattern: "/webhooks/:applicationId/:token/messages/:messageId",
    auth: false,
    handle: (ctx) => {
      const record = webhookInteraction(ctx);
      if (isReply(record)) return record;
      const message = webhookMessage(ctx, record);
      if (isReply(message)) return message;
      ctx.state.deleteMessage(message);
      return noContent();
    },
  },
];
