/**
 * Builds INTERACTION_CREATE payloads exactly as Discord v10 sends them (guild or DM, member or user,
 * options and `resolved`, the clicked message, the submitted modal) and refuses what a real user could not
 * do (click a button that is not there or is disabled, submit a modal the bot never opened).
 */
import { randomBytes } from "node:crypto";
import type {
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIAttachment,
  APIBaseInteraction,
  APIChatInputApplicationCommandInteractionData,
  APIInteraction,
  APIInteractionDataResolved,
  APIInteractionDataResolvedGuildMember,
  APIMessage,
  APIMessageButtonInteractionData,
  APIMessageComponentInteraction,
  APIMessageSelectMenuInteractionData,
  APIModalSubmission,
  APIModalSubmissionComponent,
  APIModalSubmitInteraction,
  APIUser,
  InteractionType,
  Locale,
} from "discord.js";
import { dmChannel, everyoneRole, interactionMember, textChannel } from "./payloads.ts";
import type { FakeState, InteractionRecord, MessageRecord } from "./state.ts";
import type {
  ActorInput,
  AutocompleteInput,
  ClickButtonInput,
  InitialResponse,
  ModalComponent,
  OpenModal,
  OptionInput,
  SelectMenuInput,
  SlashCommandInput,
  SubmitModalInput,
} from "./types.ts";
import type { Maybe } from "./wait.ts";

const Kind = { Command: 2, Component: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
const OptionType = {
  Subcommand: 1,
  Group: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;
/** Discord's default upload limit for interactions in unboosted guilds (10 MiB). */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

/** Where an interaction happens and who sends it. */
interface Place {
  guildId: string | undefined;
  channelId: string;
  user: APIUser;
  permissions: bigint | undefined;
  locale: string;
}

function registerUser(state: FakeState, user: APIUser): void {
  if (!state.users.has(user.id)) state.users.set(user.id, user);
}

/** Decides guild vs DM the way the brief documents: explicit guild, or a guild channel, else a DM. */
function resolvePlace(state: FakeState, input: { guildId?: string; channelId?: string } & ActorInput): Place {
  registerUser(state, input.user);
  const permissions = input.memberPermissions === undefined ? undefined : BigInt(input.memberPermissions);
  const locale = input.locale ?? "en-US";
  const channel = input.channelId === undefined ? undefined : state.channels.get(input.channelId);
  if (input.channelId !== undefined && !channel) {
    throw new Error(
      `FakeDiscord: channel ${input.channelId} does not exist (known: ${[...state.channels.keys()].join(", ")})`,
    );
  }
  const guildId = input.guildId ?? channel?.guildId;
  if (guildId !== undefined) {
    const guild = state.guild(guildId);
    if (!guild) throw new Error(`FakeDiscord: the bot is not in guild ${guildId}`);
    const channelId = input.channelId ?? guild.channels[0]?.id;
    if (channelId === undefined || (channel !== undefined && channel.guildId !== guildId)) {
      throw new Error(
        `FakeDiscord: channel ${input.channelId ?? "(none)"} is not a channel of guild ${guildId}`,
      );
    }
    state.ensureMember(guildId, input.user.id);
    return { guildId, channelId, user: input.user, permissions, locale };
  }
  if (channel && channel.type === 1 && channel.recipientId !== input.user.id) {
    throw new Error(
      `FakeDiscord: DM channel ${channel.id} belongs to user ${channel.recipientId ?? "?"}, not ${input.user.id}`,
    );
  }
  return {
    guildId: undefined,
    channelId: state.dmChannel(input.user.id).id,
    user: input.user,
    permissions,
    locale,
  };
}

/** The fields every interaction has (id, token, channel, member/user, permissions, locale, context...). */
function basePayload<T extends InteractionType, D>(
  state: FakeState,
  type: T,
  data: D,
  place: Place,
): APIBaseInteraction<T, D> {
  const channel = state.channels.get(place.channelId);
  if (!channel) throw new Error(`FakeDiscord: unknown channel ${place.channelId}`);
  const base: APIBaseInteraction<T, D> = {
    id: state.snowflakes.next(),
    application_id: state.applicationId,
    type,
    data,
    token: `aW50ZXJhY3Rpb246${randomBytes(48).toString("base64url")}`,
    version: 1,
    app_permissions: state.appPermissionsIn(place.channelId).toString(),
    locale: place.locale as Locale,
    entitlements: [],
    authorizing_integration_owners: { "0": place.guildId ?? "0" },
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
    channel_id: place.channelId,
  };
  if (place.guildId !== undefined) {
    const member = state.ensureMember(place.guildId, place.user.id);
    const permissions = place.permissions ?? member.permissions;
    base.guild_id = place.guildId;
    const guildLocale = (state.guilds.find((g) => g.id === place.guildId)?.locale ?? "en-US") as Locale;
    base.guild = { id: place.guildId, locale: guildLocale, features: [] };
    base.guild_locale = guildLocale;
    base.member = interactionMember(state, member, permissions);
    base.channel = {
      ...textChannel(state, channel),
      permissions: permissions.toString(),
    } as APIBaseInteraction<T, D>["channel"];
    base.context = 0;
  } else {
    base.user = place.user;
    base.channel = dmChannel(state, channel);
    base.context = 1;
  }
  return base;
}

/** Creates the record the fake keeps for an interaction it is about to send. */
function newRecord(
  state: FakeState,
  payload: APIInteraction,
  label: string,
  place: Place,
): InteractionRecord {
  const record: InteractionRecord = {
    id: payload.id,
    token: payload.token,
    type: payload.type,
    payload,
    label,
    userId: place.user.id,
    channelId: place.channelId,
    guildId: place.guildId,
    shardId: state.shardFor(place.guildId),
    createdAt: Date.now(),
    failed: false,
    followUpIds: [],
  };
  state.interactions.set(record.id, record);
  state.interactionsByToken.set(record.token, record);
  return record;
}

/** Converts test options to Discord's option objects, filling `resolved` for users/channels/roles. */
function buildOptions(
  state: FakeState,
  place: Place,
  options: readonly OptionInput[],
  resolved: APIInteractionDataResolved,
): APIApplicationCommandInteractionDataOption[] {
  return options.map((option): APIApplicationCommandInteractionDataOption => {
    switch (option.type) {
      case OptionType.User: {
        const user = typeof option.value === "string" ? state.users.get(option.value) : option.value;
        if (!user)
          throw new Error(
            `FakeDiscord: option "${option.name}" names unknown user ${String(option.value)}; create it with fake.user()`,
          );
        registerUser(state, user);
        resolved.users = { ...resolved.users, [user.id]: user };
        if (place.guildId !== undefined) {
          const member = state.ensureMember(place.guildId, user.id);
          const { user: _user, ...rest } = interactionMember(state, member, member.permissions);
          const partial: APIInteractionDataResolvedGuildMember = rest;
          resolved.members = { ...resolved.members, [user.id]: partial };
        }
        return { name: option.name, type: OptionType.User, value: user.id };
      }
      case OptionType.Channel: {
        const channel = state.channels.get(option.value);
        if (!channel)
          throw new Error(`FakeDiscord: option "${option.name}" names unknown channel ${option.value}`);
        resolved.channels = {
          ...resolved.channels,
          [channel.id]: {
            id: channel.id,
            type: 0,
            name: channel.name,
            permissions: state.appPermissionsIn(channel.id).toString(),
          } as NonNullable<APIInteractionDataResolved["channels"]>[string],
        };
        return { name: option.name, type: OptionType.Channel, value: channel.id };
      }
      case OptionType.Attachment: {
        // Discord uploads the file first, then sends its id as the value and the file in `resolved`.
        const id = state.snowflakes.next();
        const data = Buffer.from(option.value.data);
        const path = `/ephemeral-attachments/${state.applicationId}/${id}/${encodeURIComponent(option.value.filename)}`;
        const contentType = option.value.contentType;
        state.attachmentFiles.set(path, { data, contentType: contentType ?? "application/octet-stream" });
        const attachment: APIAttachment = {
          id,
          filename: option.value.filename,
          size: data.byteLength,
          url: `${state.cdnOrigin}${path}`,
          proxy_url: `${state.cdnOrigin}${path}`,
          ephemeral: true,
          ...(contentType === undefined ? {} : { content_type: contentType }),
        };
        resolved.attachments = { ...resolved.attachments, [id]: attachment };
        return { name: option.name, type: OptionType.Attachment, value: id };
      }
      case OptionType.Role:
      case OptionType.Mentionable: {
        const user = state.users.get(option.value);
        if (user && option.type === OptionType.Mentionable) {
          resolved.users = { ...resolved.users, [user.id]: user };
        } else if (place.guildId !== undefined) {
          resolved.roles = {
            ...resolved.roles,
            [option.value]: {
              ...everyoneRole(option.value, 0n),
              name: option.value === place.guildId ? "@everyone" : "role",
              mentionable: true,
            },
          };
        }
        return {
          name: option.name,
          type: option.type,
          value: option.value,
        } as APIApplicationCommandInteractionDataOption;
      }
      default: {
        const out: Record<string, unknown> = { name: option.name, type: option.type, value: option.value };
        if ("focused" in option && option.focused) out.focused = true;
        // Shape matches the option types in types.ts one-to-one.
        return out as unknown as APIApplicationCommandInteractionDataOption;
      }
    }
  });
}

/** Wraps leaf options in the subcommand (and group) layers, as Discord nests them. */
function nest(
  input: { subcommand?: string; subcommandGroup?: string },
  leaf: APIApplicationCommandInteractionDataOption[],
): APIApplicationCommandInteractionDataOption[] {
  if (input.subcommandGroup !== undefined && input.subcommand === undefined) {
    throw new Error("FakeDiscord: a subcommand group needs a subcommand (Discord never sends a bare group)");
  }
  if (input.subcommand === undefined) return leaf;
  const sub = {
    name: input.subcommand,
    type: OptionType.Subcommand,
    options: leaf,
  } as APIApplicationCommandInteractionDataOption;
  if (input.subcommandGroup === undefined) return [sub];
  return [
    {
      name: input.subcommandGroup,
      type: OptionType.Group,
      options: [sub],
    } as APIApplicationCommandInteractionDataOption,
  ];
}

/** With `requireRegisteredCommands`, only what the bot registered can be sent, as in the Discord client. */
function checkRegistered(
  state: FakeState,
  input: SlashCommandInput,
  guildId: string | undefined,
  focused?: string,
): string | undefined {
  const command = state
    .commandsFor(guildId)
    .find((c) => c.name === input.name && (c.type === undefined || c.type === 1));
  if (!state.requireRegisteredCommands) return command?.id;
  if (!command) {
    const known = state.commandsFor(guildId).map((c) => c.name);
    throw new Error(
      `FakeDiscord: /${input.name} is not registered ${guildId ? `in guild ${guildId} or globally` : "globally"} (registered: ${known.join(", ") || "none"})`,
    );
  }
  let level: APIApplicationCommandOption[] = command.options ?? [];
  const path = [`/${input.name}`];
  for (const [name, type] of [
    [input.subcommandGroup, OptionType.Group],
    [input.subcommand, OptionType.Subcommand],
  ] as const) {
    if (name === undefined) continue;
    const found = level.find((o) => o.name === name && o.type === type);
    if (!found || !("options" in found))
      throw new Error(
        `FakeDiscord: ${path.join(" ")} has no ${type === 1 ? "subcommand" : "group"} "${name}"`,
      );
    path.push(name);
    level = (found.options ?? []) as APIApplicationCommandOption[];
  }
  if (level.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.Group)) {
    throw new Error(`FakeDiscord: ${path.join(" ")} needs a subcommand`);
  }
  const given = new Map((input.options ?? []).map((o) => [o.name, o]));
  for (const option of level) {
    const value = given.get(option.name);
    if (!value) {
      if ("required" in option && option.required && option.name !== focused)
        throw new Error(`FakeDiscord: ${path.join(" ")} requires option "${option.name}"`);
      continue;
    }
    if (value.type !== option.type)
      throw new Error(
        `FakeDiscord: option "${option.name}" of ${path.join(" ")} has type ${option.type}, not ${value.type}`,
      );
    if (
      "choices" in option &&
      option.choices &&
      option.choices.length > 0 &&
      !option.choices.some((c) => c.value === value.value)
    ) {
      throw new Error(
        `FakeDiscord: option "${option.name}" must be one of ${option.choices.map((c) => JSON.stringify(c.value)).join(", ")}`,
      );
    }
    given.delete(option.name);
  }
  if (given.size > 0)
    throw new Error(`FakeDiscord: ${path.join(" ")} has no option(s) ${[...given.keys()].join(", ")}`);
  return command.id;
}

function commandId(state: FakeState, name: string, registered: string | undefined): string {
  if (registered !== undefined) return registered;
  let id = state.adHocCommandIds.get(name);
  if (id === undefined) {
    id = state.snowflakes.next();
    state.adHocCommandIds.set(name, id);
  }
  return id;
}

function commandLabel(input: SlashCommandInput): string {
  return [`/${input.name}`, input.subcommandGroup, input.subcommand].filter((p) => p !== undefined).join(" ");
}

/** A type 2 APPLICATION_COMMAND (chat input) interaction. */
export function buildSlashCommand(state: FakeState, input: SlashCommandInput): InteractionRecord {
  const place = resolvePlace(state, input);
  const registered = checkRegistered(state, input, place.guildId);
  const resolved: APIInteractionDataResolved = {};
  const leaf = buildOptions(state, place, input.options ?? [], resolved);
  const options = nest(input, leaf);
  const command = state.commandsFor(place.guildId).find((c) => c.id === registered);
  const data: APIChatInputApplicationCommandInteractionData = {
    id: commandId(state, input.name, registered),
    name: input.name,
    type: 1,
    ...(options.length > 0 ? { options } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    ...(command?.guild_id === undefined ? {} : { guild_id: command.guild_id }),
  };
  const payload = basePayload(state, Kind.Command, data, place) as APIInteraction;
  return newRecord(state, payload, commandLabel(input), place);
}

/** A type 4 APPLICATION_COMMAND_AUTOCOMPLETE interaction. */
export function buildAutocomplete(state: FakeState, input: AutocompleteInput): InteractionRecord {
  const place = resolvePlace(state, input);
  const registered = checkRegistered(state, input, place.guildId, input.focused.name);
  const resolved: APIInteractionDataResolved = {};
  const leaf = buildOptions(state, place, input.options ?? [], resolved);
  // The focused value is whatever the user has typed so far, so Discord sends it as a string.
  leaf.push({
    name: input.focused.name,
    type: input.focused.type ?? OptionType.String,
    value: input.focused.value,
    focused: true,
  } as APIApplicationCommandInteractionDataOption);
  const options = nest(input, leaf);
  const data = {
    id: commandId(state, input.name, registered),
    name: input.name,
    type: 1,
    options,
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
  };
  const payload = basePayload(state, Kind.Autocomplete, data, place) as APIInteraction;
  return newRecord(state, payload, `autocomplete ${commandLabel(input)} (${input.focused.name})`, place);
}

/** Walks message components, including V2 layouts (sections' accessories, containers). */
function findComponent(
  components: readonly unknown[],
  customId: string,
): Record<string, unknown> | undefined {
  for (const node of components) {
    if (typeof node !== "object" || node === null) continue;
    const record = node as Record<string, unknown>;
    if (record.custom_id === customId) return record;
    for (const key of ["components", "accessory", "component"]) {
      const child = record[key];
      const children = Array.isArray(child) ? child : child === undefined ? [] : [child];
      const found = findComponent(children, customId);
      if (found) return found;
    }
  }
  return undefined;
}

function listCustomIds(components: readonly unknown[]): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly unknown[]) => {
    for (const node of nodes) {
      if (typeof node !== "object" || node === null) continue;
      const record = node as Record<string, unknown>;
      if (typeof record.custom_id === "string") out.push(record.custom_id);
      for (const key of ["components", "accessory", "component"]) {
        const child = record[key];
        walk(Array.isArray(child) ? child : child === undefined ? [] : [child]);
      }
    }
  };
  walk(components);
  return out;
}

/** The fake's current copy of a message a user interacts with; refuses what the user cannot see. */
function messageForUser(state: FakeState, message: APIMessage | string, userId: string): MessageRecord {
  const id = typeof message === "string" ? message : message.id;
  const record = state.messages.get(id);
  if (!record) throw new Error(`FakeDiscord: message ${id} was never sent by the bot`);
  if (record.deleted) throw new Error(`FakeDiscord: message ${id} was deleted, so nobody can click on it`);
  if (record.ephemeral && record.visibleTo !== userId) {
    throw new Error(
      `FakeDiscord: message ${id} is ephemeral and only user ${record.visibleTo ?? "?"} can see it`,
    );
  }
  return record;
}

function componentPlace(state: FakeState, record: MessageRecord, input: ActorInput): Place {
  const channel = state.channels.get(record.api.channel_id);
  if (!channel) throw new Error(`FakeDiscord: message ${record.api.id} is in an unknown channel`);
  return resolvePlace(state, {
    ...input,
    channelId: channel.id,
    ...(channel.guildId === undefined ? {} : { guildId: channel.guildId }),
  });
}

/** Refuses what the Discord client never sends: a click on a button the message lacks, or a disabled one. */
function checkClickable(message: MessageRecord, customId: string): void {
  const component = findComponent(message.api.components ?? [], customId);
  if (!component) {
    throw new Error(
      `FakeDiscord: message ${message.api.id} has no component "${customId}" (it has: ${listCustomIds(message.api.components ?? []).join(", ") || "none"})`,
    );
  }
  if (component.type !== 2)
    throw new Error(
      `FakeDiscord: "${customId}" is a component of type ${String(component.type)}, not a button`,
    );
  if (component.disabled === true)
    throw new Error(`FakeDiscord: button "${customId}" is disabled; a user cannot click it`);
}

/** A type 3 MESSAGE_COMPONENT interaction for a button click (forged: any custom_id, as a modified client sends). */
export function buildButtonClick(state: FakeState, input: ClickButtonInput): InteractionRecord {
  const message = messageForUser(state, input.message, input.user.id);
  if (!input.forged) checkClickable(message, input.customId);
  const place = componentPlace(state, message, input);
  const data: APIMessageButtonInteractionData = { custom_id: input.customId, component_type: 2 };
  const payload = {
    ...basePayload(state, Kind.Component, data, place),
    message: structuredClone(message.api),
  } as APIMessageComponentInteraction;
  const record = newRecord(
    state,
    payload,
    `${input.forged ? "forged " : ""}button "${input.customId}"`,
    place,
  );
  record.sourceMessageId = message.api.id;
  return record;
}

/** A type 3 MESSAGE_COMPONENT interaction for a select menu choice. */
export function buildSelectMenu(state: FakeState, input: SelectMenuInput): InteractionRecord {
  const message = messageForUser(state, input.message, input.user.id);
  const component = findComponent(message.api.components ?? [], input.customId);
  if (!component) {
    throw new Error(
      `FakeDiscord: message ${message.api.id} has no component "${input.customId}" (it has: ${listCustomIds(message.api.components ?? []).join(", ") || "none"})`,
    );
  }
  const type = component.type;
  if (type !== 3 && type !== 5 && type !== 6 && type !== 7 && type !== 8) {
    throw new Error(
      `FakeDiscord: "${input.customId}" is a component of type ${String(type)}, not a select menu`,
    );
  }
  if (component.disabled === true)
    throw new Error(`FakeDiscord: select menu "${input.customId}" is disabled`);
  const min = typeof component.min_values === "number" ? component.min_values : 1;
  const max = typeof component.max_values === "number" ? component.max_values : 1;
  if (input.values.length < min || input.values.length > max) {
    throw new Error(
      `FakeDiscord: select menu "${input.customId}" takes ${min}-${max} values, got ${input.values.length}`,
    );
  }
  if (type === 3) {
    const allowed = Array.isArray(component.options)
      ? component.options.map((o: unknown) =>
          typeof o === "object" && o !== null ? (o as Record<string, unknown>).value : undefined,
        )
      : [];
    const bad = input.values.filter((v) => !allowed.includes(v));
    if (bad.length > 0)
      throw new Error(`FakeDiscord: select menu "${input.customId}" has no option(s) ${bad.join(", ")}`);
  }
  const place = componentPlace(state, message, input);
  const data: Record<string, unknown> = {
    custom_id: input.customId,
    component_type: type,
    values: input.values,
  };
  if (type === 5) {
    const users: Record<string, APIUser> = {};
    for (const id of input.values) {
      const user = state.users.get(id);
      if (!user) throw new Error(`FakeDiscord: user select value ${id} is not a known user`);
      users[id] = user;
    }
    data.resolved = { users };
  }
  const payload = {
    ...basePayload(state, Kind.Component, data as unknown as APIMessageSelectMenuInteractionData, place),
    message: structuredClone(message.api),
  } as APIMessageComponentInteraction;
  const record = newRecord(state, payload, `select "${input.customId}"`, place);
  record.sourceMessageId = message.api.id;
  return record;
}

/** Builds the submitted components from the modal the bot sent, checking what the Discord client enforces. */
function submission(modal: OpenModal, fields: Record<string, string>): APIModalSubmissionComponent[] {
  const remaining = new Set(Object.keys(fields));
  let nextId = 1;
  const takeId = (id: unknown): number => (typeof id === "number" ? id : nextId++);
  const textValue = (input: Record<string, unknown>, label: string): string => {
    const customId = String(input.custom_id);
    const value = fields[customId] ?? "";
    remaining.delete(customId);
    const required = input.required !== false;
    if (required && value === "")
      throw new Error(
        `FakeDiscord: modal "${modal.customId}" requires "${label}" (${customId}); the client won't submit it empty`,
      );
    const min = typeof input.min_length === "number" ? input.min_length : 0;
    const max = typeof input.max_length === "number" ? input.max_length : 4000;
    if (value !== "" && (value.length < min || value.length > max)) {
      throw new Error(`FakeDiscord: "${customId}" takes ${min}-${max} characters, got ${value.length}`);
    }
    return value;
  };
  const out = modal.components.map((component: ModalComponent): APIModalSubmissionComponent => {
    const raw = component as unknown as Record<string, unknown>;
    if (component.type === 1) {
      const rowId = takeId(raw.id);
      return {
        type: 1,
        id: rowId,
        components: component.components.map((input) => {
          const rec = input as unknown as Record<string, unknown>;
          const id = takeId(rec.id);
          return {
            type: 4,
            id,
            custom_id: input.custom_id,
            value: textValue(rec, String(rec.label ?? input.custom_id)),
          };
        }),
      } as APIModalSubmissionComponent;
    }
    if (component.type === 18) {
      const labelId = takeId(raw.id);
      const child = component.component as unknown as Record<string, unknown>;
      const childId = takeId(child.id);
      if (child.type === 4) {
        return {
          type: 18,
          id: labelId,
          component: {
            type: 4,
            id: childId,
            custom_id: String(child.custom_id),
            value: textValue(child, component.label),
          },
        } as APIModalSubmissionComponent;
      }
      // Selects and uploads inside labels are submitted empty; tests can only fill text inputs.
      remaining.delete(String(child.custom_id));
      return {
        type: 18,
        id: labelId,
        component: { type: child.type, id: childId, custom_id: String(child.custom_id), values: [] },
      } as unknown as APIModalSubmissionComponent;
    }
    return { type: 10, id: takeId(raw.id) } as APIModalSubmissionComponent;
  });
  if (remaining.size > 0) {
    throw new Error(
      `FakeDiscord: modal "${modal.customId}" has no text input(s) ${[...remaining].join(", ")}`,
    );
  }
  return out;
}

/** A type 5 MODAL_SUBMIT interaction for a modal the bot opened. */
export function buildModalSubmit(state: FakeState, input: SubmitModalInput): InteractionRecord {
  const modal =
    "modal" in input.modal && typeof input.modal.modal === "function"
      ? input.modal.modal()
      : (input.modal as OpenModal);
  if (!modal)
    throw new Error(
      "FakeDiscord: that interaction did not open a modal (the bot never answered it with showModal)",
    );
  if (modal.submitted)
    throw new Error(`FakeDiscord: modal "${modal.customId}" was already submitted; a modal closes on submit`);
  const opener = state.interactions.get(modal.interactionId);
  if (!opener) throw new Error(`FakeDiscord: unknown interaction ${modal.interactionId}`);
  const user = state.users.get(modal.userId);
  if (!user) throw new Error(`FakeDiscord: unknown user ${modal.userId}`);
  const components = submission(modal, input.fields);
  const data: APIModalSubmission = { custom_id: modal.customId, components };
  const openerPayload = opener.payload;
  const memberPermissions = openerPayload.member?.permissions;
  const place = resolvePlace(state, {
    user,
    channelId: opener.channelId,
    ...(opener.guildId === undefined ? {} : { guildId: opener.guildId }),
    ...(memberPermissions === undefined ? {} : { memberPermissions }),
    locale: input.locale ?? ("locale" in openerPayload ? openerPayload.locale : "en-US"),
  });
  const source =
    opener.sourceMessageId === undefined ? undefined : state.messages.get(opener.sourceMessageId);
  const base = basePayload(state, Kind.ModalSubmit, data, place);
  const payload = (
    source ? { ...base, message: structuredClone(source.api) } : base
  ) as APIModalSubmitInteraction;
  modal.submitted = true;
  const record = newRecord(state, payload, `modal "${modal.customId}"`, place);
  record.openerId = opener.id;
  if (source) record.sourceMessageId = source.api.id;
  return record;
}

/** Called when the gateway writes the INTERACTION_CREATE: starts the response deadline. */
export function markDispatched(state: FakeState, record: InteractionRecord): void {
  record.dispatchedAt = Date.now();
  record.deadlineTimer = state.setTimer(() => {
    if (record.initial) return;
    record.failed = true;
    const seen = record.type === Kind.Autocomplete ? '"Loading options failed"' : '"This interaction failed"';
    state.violate(
      "interaction.no-response",
      `${record.label} got no initial response within ${state.responseDeadlineMs} ms: the user saw ${seen}. Reply or defer sooner.`,
      { interactionId: record.id },
    );
  }, state.responseDeadlineMs);
  state.changed();
}

/** Where an interaction stands. */
export type InteractionState = "queued" | "pending" | "responded" | "failed";

/** What `settled()` reports. */
export interface SettledInteraction {
  /** True when the user saw "This interaction failed" (no initial response within the deadline). */
  failed: boolean;
  /** The initial response, if there was one in time. */
  response: InitialResponse | undefined;
}

/** A test's view of one interaction it sent: the bot's response, the messages it produced, waiting helpers. */
export class InteractionHandle {
  /** @internal */
  constructor(
    private readonly state: FakeState,
    private readonly record: InteractionRecord,
  ) {}

  /** Interaction id. */
  get id(): string {
    return this.record.id;
  }

  /** Interaction token. */
  get token(): string {
    return this.record.token;
  }

  /** The INTERACTION_CREATE payload as sent. */
  get payload(): APIInteraction {
    return this.record.payload;
  }

  /** The shard it was sent on. */
  get shard(): number {
    return this.record.deliveredTo ?? this.record.shardId;
  }

  /** The endpoint URL it was POSTed to, when interactions go over HTTP. */
  get endpoint(): string | undefined {
    return this.record.endpoint;
  }

  /** `queued` (shard not connected yet), `pending`, `responded` or `failed`. */
  get status(): InteractionState {
    if (this.record.initial) return "responded";
    if (this.record.failed) return "failed";
    return this.record.dispatchedAt === undefined ? "queued" : "pending";
  }

  /** True once the deadline passed with no initial response ("This interaction failed"). */
  get failed(): boolean {
    return this.record.failed;
  }

  /** The initial response so far, if any. */
  get initialResponse(): InitialResponse | undefined {
    return this.record.initial;
  }

  /** Resolves with the initial response; rejects if the interaction failed or nothing came within `timeoutMs`. */
  async response(timeoutMs = this.state.responseDeadlineMs + 5000): Promise<InitialResponse> {
    const result = await this.settled(timeoutMs);
    if (!result.response) {
      throw new Error(
        `${this.record.label} failed: no initial response within ${this.state.responseDeadlineMs} ms`,
      );
    }
    return result.response;
  }

  /** Resolves once the bot responded or the deadline passed. */
  settled(timeoutMs = this.state.responseDeadlineMs + 5000): Promise<SettledInteraction> {
    return this.state.until(
      () =>
        this.record.initial || this.record.failed
          ? { failed: this.record.failed, response: this.record.initial }
          : undefined,
      timeoutMs,
      () =>
        `${this.record.label} to settle (it is ${this.status}${this.status === "queued" ? `: shard ${this.record.shardId} never became ready` : ""})`,
    );
  }

  /** The message `@original` refers to now (reply, deferred reply, or the updated component message). */
  original(): APIMessage | undefined {
    const id = this.record.originalMessageId;
    const message = id === undefined ? undefined : this.state.messages.get(id);
    return message && !message.deleted ? message.api : undefined;
  }

  /** Follow-up messages, oldest first (current state, deleted ones omitted). */
  followUps(): APIMessage[] {
    return this.record.followUpIds.flatMap((id) => {
      const message = this.state.messages.get(id);
      return message && !message.deleted ? [message.api] : [];
    });
  }

  /** The reply (if it is a new message) and the follow-ups, public and ephemeral alike. */
  messages(): APIMessage[] {
    const original = this.original();
    const own = original && this.record.originalMessageId !== this.record.sourceMessageId ? [original] : [];
    return [...own, ...this.followUps()];
  }

  /** Whether a message of this interaction is ephemeral. */
  isEphemeral(message: APIMessage | string): boolean {
    const id = typeof message === "string" ? message : message.id;
    return this.state.messages.get(id)?.ephemeral ?? false;
  }

  /** The modal the bot opened in response, if any. */
  modal(): OpenModal | undefined {
    return this.record.modal;
  }

  /** Waits for a condition about this interaction (re-checked on every change). */
  waitFor<T>(condition: (handle: InteractionHandle) => Maybe<T>, timeoutMs = 5000): Promise<T> {
    return this.state.until(
      () => condition(this),
      timeoutMs,
      () => `a condition on ${this.record.label}`,
    );
  }

  /** Waits until one of this interaction's messages satisfies `predicate`. */
  waitForMessage(predicate: (message: APIMessage) => boolean, timeoutMs = 5000): Promise<APIMessage> {
    return this.state.until(
      () => this.messages().find(predicate),
      timeoutMs,
      () => `a message of ${this.record.label} matching the predicate (it has ${this.messages().length})`,
    );
  }

  /** Waits for the modal the bot opens in response. */
  waitForModal(timeoutMs = this.state.responseDeadlineMs + 5000): Promise<OpenModal> {
    return this.state.until(
      () => this.record.modal,
      timeoutMs,
      () => `${this.record.label} to open a modal (it is ${this.status})`,
    );
  }
}
