/**
 * A fake Discord on 127.0.0.1 for end-to-end tests of the bot: a real discord.js Client logs into it
 * (`rest: { api: fake.apiUrl }`), tests send interactions exactly as Discord does, and the fake records
 * what the bot did and every Discord rule it broke.
 */
import { Agent, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIApplicationCommand, APIInteractionGuildMember, APIMessage, APIUser } from "discord.js";
import { serveAttachment } from "./cdn.ts";
import { Gateway, type GatewayLogEntry } from "./gateway.ts";
import { deliverOverHttp, replayDelivery, type SigningKeys, signingKeys } from "./http-delivery.ts";
import {
  buildAutocomplete,
  buildButtonClick,
  buildModalSubmit,
  buildSelectMenu,
  buildSlashCommand,
  InteractionHandle,
  markDispatched,
} from "./interactions.ts";
import { interactionMember, textChannel } from "./payloads.ts";
import { handleRest } from "./rest.ts";
import { snowflakeTimestamp } from "./snowflake.ts";
import { FakeState, type InteractionRecord } from "./state.ts";
import type {
  AutocompleteInput,
  ClickButtonInput,
  DeniablePermission,
  FailNextInput,
  FakeDiscordOptions,
  FakeGuild,
  OpenModal,
  RecordedCall,
  SelectMenuInput,
  SlashCommandInput,
  SubmitModalInput,
  Violation,
} from "./types.ts";
import { FLAG_LOADING } from "./validate.ts";
import type { Maybe } from "./wait.ts";

// Re-exports: everything a test needs comes from this module (each item is documented where it is defined).
export type { GatewayLogEntry } from "./gateway.ts";
export type { InteractionState, SettledInteraction } from "./interactions.ts";
export { InteractionHandle } from "./interactions.ts";
export { ALL_PERMISSIONS, DEFAULT_APP_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, Perm } from "./state.ts";
export type * from "./types.ts";

/** Options for `fake.user()`. */
export interface UserInit {
  /** Snowflake id (generated when omitted). */
  id?: string;
  /** Username (default `user<N>`). */
  username?: string;
  /** Display name (default: none). */
  globalName?: string | null;
}

/** Options for `fake.member()`. */
export interface MemberInit {
  /** Guild (default: the first guild). */
  guildId?: string;
  /** Permissions bitfield in the guild's channels (default: @everyone's). */
  permissions?: bigint | string;
  /** Role ids. */
  roles?: string[];
  /** Guild nickname. */
  nick?: string | null;
}

/** The fake Discord: REST on `apiUrl`, gateway on `gatewayUrl`, plus the test-facing controls. */
export class FakeDiscord {
  private readonly state: FakeState;
  private readonly server: Server;
  private readonly gateway: Gateway;
  private userCount = 0;
  private closed = false;
  /** The application's Ed25519 key pair (Discord signs every HTTP delivery with it). */
  private readonly keys: SigningKeys = signingKeys();
  /** The bot's Interactions Endpoint URLs; when set, interactions go there instead of the gateway. */
  private endpointUrls: string[] = [];
  private httpDelivered = 0;
  private readonly deliveries = new Set<Promise<void>>();
  /** Keeps connections to the endpoint open between deliveries, as Discord's senders do. */
  private readonly agent = new Agent({ keepAlive: true });
  /** With deliverInteractions "round-robin": how many interactions were sent, to pick the next shard. */
  private delivered = 0;
  private readonly roundRobin: boolean;
  /** REST base for discord.js: `new Client({ rest: { api: fake.apiUrl } })` (discord.js appends `/v10`). */
  readonly apiUrl: string;
  /** The gateway URL that GET /gateway/bot hands out. */
  readonly gatewayUrl: string;

  private constructor(state: FakeState, server: Server, gateway: Gateway, port: number, roundRobin: boolean) {
    this.roundRobin = roundRobin;
    this.state = state;
    this.server = server;
    this.gateway = gateway;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    state.gatewayUrl = this.gatewayUrl;
    state.cdnOrigin = `http://127.0.0.1:${port}`;
  }

  /** Where the fake serves files attached to commands: what the bot's `attachmentOrigins` must allow. */
  get cdnOrigin(): string {
    return this.state.cdnOrigin;
  }

  /** Starts the fake on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const state = new FakeState(options);
    const server = createServer();
    const gateway = new Gateway(state, () => state.gatewayUrl);
    server.on("request", (request, response) => {
      if (serveAttachment(state, request, response)) return;
      handleRest(state, request, response).catch((error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: String(error), code: 0 }));
      });
    });
    server.on("upgrade", (request, socket, head) => gateway.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new FakeDiscord(state, server, gateway, port, options.deliverInteractions === "round-robin");
  }

  /** The token the bot must log in with; anything else gets 401 / close 4004. */
  get token(): string {
    return this.state.token;
  }

  /** The application's public key (64 hex digits), what the bot gets as DISCORD_PUBLIC_KEY. */
  get publicKey(): string {
    return this.keys.publicKey;
  }

  /** The key pair itself, for tests that sign (or mis-sign) deliveries by hand. */
  get signingKeys(): SigningKeys {
    return this.keys;
  }

  /**
   * Delivers interactions from now on as signed POSTs to `url` (the developer portal's
   * Interactions Endpoint URL), or through the gateway again with `undefined`. Several URLs stand
   * for workers behind a load balancer: each delivery goes to the next one in turn.
   */
  useInteractionsEndpoint(url: string | readonly string[] | undefined): void {
    this.endpointUrls = url === undefined ? [] : typeof url === "string" ? [url] : [...url];
  }

  /** The endpoint the next HTTP delivery goes to (round-robin over the URLs given). */
  private nextEndpoint(): string | undefined {
    if (this.endpointUrls.length === 0) return undefined;
    return this.endpointUrls[this.httpDelivered++ % this.endpointUrls.length];
  }

  /** Where interactions go now: "http" (to the endpoint) or "gateway". */
  get transport(): "http" | "gateway" {
    return this.endpointUrls.length === 0 ? "gateway" : "http";
  }

  /** The application id (the same as the bot user's id, as for modern apps). */
  get applicationId(): string {
    return this.state.applicationId;
  }

  /** The bot's user object. */
  get botUser(): APIUser {
    return this.state.botUser;
  }

  /** The guilds the bot is in, with their channels. */
  get guilds(): readonly FakeGuild[] {
    return this.state.guilds;
  }

  /** Every REST request the bot made, in order. */
  get calls(): readonly RecordedCall[] {
    return this.state.calls;
  }

  /** Every rule the bot broke, in order; tests assert this is empty at the end. */
  get violations(): readonly Violation[] {
    return this.state.violations;
  }

  /** Gateway frames in and out (op codes, event names, shard), for routing assertions. */
  get gatewayLog(): readonly GatewayLogEntry[] {
    return this.gateway.log;
  }

  /** Shards currently connected and READY. */
  get readyShards(): number[] {
    return this.gateway.readyShards();
  }

  /** A fresh snowflake. */
  snowflake(): string {
    return this.state.snowflakes.next();
  }

  /** A fresh snowflake that, as a guild id, routes to `shardId` under the configured shard count. */
  snowflakeForShard(shardId: number): string {
    return this.state.snowflakes.forShard(shardId, this.state.shardCount);
  }

  /** The shard Discord routes a guild to: `(guild_id >> 22) % shardCount`. */
  shardOf(guildId: string): number {
    return this.state.shardFor(guildId);
  }

  /** When a snowflake was made (Unix ms). */
  timestampOf(id: string): number {
    return snowflakeTimestamp(id);
  }

  /** Makes a (non-bot) user the fake knows: `{ id, username, global_name, ... }`. */
  user(init: UserInit = {}): APIUser {
    this.userCount += 1;
    const user: APIUser = {
      id: init.id ?? this.snowflake(),
      username: init.username ?? `user${this.userCount}`,
      discriminator: "0",
      global_name: init.globalName === undefined ? null : init.globalName,
      avatar: null,
    };
    this.state.users.set(user.id, user);
    return user;
  }

  /** Makes `user` a member of a guild with a permissions bitfield; returns the interaction member object. */
  member(user: APIUser, init: MemberInit = {}): APIInteractionGuildMember {
    const guildId = init.guildId ?? this.state.guilds[0]?.id;
    if (guildId === undefined || !this.state.guild(guildId))
      throw new Error(`FakeDiscord: unknown guild ${guildId ?? "(none)"}`);
    this.state.users.set(user.id, user);
    const member = this.state.ensureMember(guildId, user.id);
    if (init.permissions !== undefined) member.permissions = BigInt(init.permissions);
    if (init.roles !== undefined) member.roles = [...init.roles];
    if (init.nick !== undefined) member.nick = init.nick;
    return interactionMember(this.state, member, member.permissions);
  }

  /** The DM channel id between the bot and a user (created on first use). */
  dmChannelId(userId: string): string {
    return this.state.dmChannel(userId).id;
  }

  /** Sends a slash command (type 2); see SlashCommandInput. */
  slashCommand(input: SlashCommandInput): InteractionHandle {
    return this.send(buildSlashCommand(this.state, input));
  }

  /** Sends an autocomplete request (type 4) with `focused: true` on the focused option. */
  autocomplete(input: AutocompleteInput): InteractionHandle {
    return this.send(buildAutocomplete(this.state, input));
  }

  /** Clicks a button on a message the bot sent; throws if the user could not click it (unless `forged`). */
  clickButton(input: ClickButtonInput): InteractionHandle {
    return this.send(buildButtonClick(this.state, input));
  }

  /**
   * Over HTTP: POSTs an interaction already sent again, with the same signed body and headers (a
   * request captured and played back, or delivered twice), to `url` (default: where it first
   * went). Resolves with the endpoint's status and body; the interaction's own response is unchanged.
   */
  replay(handle: InteractionHandle, url?: string): Promise<{ status: number; text: string }> {
    const record = this.state.interactions.get(handle.id);
    const target = url ?? record?.endpoint;
    if (!record || target === undefined)
      throw new Error("FakeDiscord: replay needs an interaction delivered over HTTP");
    return replayDelivery(record, { url: target, agent: this.agent });
  }

  /** Chooses values in a select menu on a message the bot sent; throws if the user could not. */
  selectMenu(input: SelectMenuInput): InteractionHandle {
    return this.send(buildSelectMenu(this.state, input));
  }

  /** Submits a modal the bot opened (type 5); throws for unknown fields or missing required ones. */
  submitModal(input: SubmitModalInput): InteractionHandle {
    return this.send(buildModalSubmit(this.state, input));
  }

  /** The modal most recently opened for a user, if any. */
  lastModal(userId: string): OpenModal | undefined {
    return this.state.lastModalByUser.get(userId);
  }

  /** A channel's current public messages (after edits/deletes), oldest first. */
  messages(channelId: string): APIMessage[] {
    return this.state.publicMessages(channelId);
  }

  /** Current ephemeral messages only this user sees, oldest first. */
  ephemeralMessages(userId: string): APIMessage[] {
    return this.state.ephemeralMessages(userId);
  }

  /** A message by id in its current state (undefined if unknown or deleted). */
  message(messageId: string): APIMessage | undefined {
    const record = this.state.messages.get(messageId);
    return record && !record.deleted ? record.api : undefined;
  }

  /** Every state a message went through: [as created, after edit 1, ...]. */
  messageHistory(messageId: string): APIMessage[] {
    return [...(this.state.messages.get(messageId)?.revisions ?? [])];
  }

  /** Registered commands: a guild's, or the global ones. */
  commands(guildId?: string): APIApplicationCommand[] {
    return guildId === undefined
      ? [...this.state.globalCommands]
      : [...(this.state.guildCommands.get(guildId) ?? [])];
  }

  /** Waits until `condition` returns something truthy (checked on every change and every 10 ms). */
  waitUntil<T>(condition: () => Maybe<T>, timeoutMs = 5000, description = "the condition"): Promise<T> {
    return this.state.until(condition, timeoutMs, () => description);
  }

  /** Waits for a public message in a channel matching `predicate` (messages already there count). */
  waitForMessage(
    channelId: string,
    predicate: (message: APIMessage) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<APIMessage> {
    return this.state.until(
      () => this.state.publicMessages(channelId).find(predicate),
      timeoutMs,
      () =>
        `a message in channel ${channelId} matching the predicate (it has ${this.state.publicMessages(channelId).length})`,
    );
  }

  /** Waits until a message has been edited and, as it is now, matches `predicate`. */
  waitForEdit(
    messageId: string,
    predicate: (message: APIMessage) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<APIMessage> {
    return this.state.until(
      () => {
        // The message as it is now (once edited at least once): an earlier revision that matched
        // would be stale by the time the test looks at it.
        const revisions = this.state.messages.get(messageId)?.revisions ?? [];
        const current = revisions.at(-1);
        return revisions.length > 1 && current && predicate(current) ? current : undefined;
      },
      timeoutMs,
      () =>
        `an edit of message ${messageId} matching the predicate (${(this.state.messages.get(messageId)?.revisions.length ?? 1) - 1} edits so far)`,
    );
  }

  /** Waits until every expected shard is connected and READY. */
  waitForShards(timeoutMs = 10_000): Promise<number[]> {
    return this.state.until(
      () =>
        this.gateway.readyShards().length === this.state.shardCount ? this.gateway.readyShards() : undefined,
      timeoutMs,
      () =>
        `${this.state.shardCount} shard(s) to be READY (ready: ${this.gateway.readyShards().join(", ") || "none"})`,
    );
  }

  /**
   * Makes the next matching REST request(s) fail with 429 (with rate-limit headers), a 5xx, or
   * Discord's refusal (403/404 with `code`: a channel or message gone, access or a permission lacking).
   */
  failNext(input: FailNextInput): void {
    this.state.faults.push({
      ...(input.method === undefined ? {} : { method: input.method }),
      route: input.route,
      status: input.status,
      ...(input.code === undefined ? {} : { code: input.code }),
      retryAfter: input.retryAfter ?? 0.05,
      global: input.global ?? false,
      remaining: input.times ?? 1,
    });
  }

  /** Stops failing requests: every fault `failNext` set up and not yet used up is dropped (the route recovers). */
  clearFaults(): void {
    this.state.faults.length = 0;
  }

  /**
   * Takes a permission away from the bot in a channel: 403 on the matching routes, missing from
   * `app_permissions`, and a bot member overwrite announced with CHANNEL_UPDATE (as Discord would).
   */
  denyPermission(channelId: string, permission: DeniablePermission): void {
    const set = this.state.denied.get(channelId) ?? new Set<DeniablePermission>();
    set.add(permission);
    this.state.denied.set(channelId, set);
    this.announceChannel(channelId);
  }

  /** Gives a denied permission back (and announces the channel again). */
  allowPermission(channelId: string, permission: DeniablePermission): void {
    this.state.denied.get(channelId)?.delete(permission);
    this.announceChannel(channelId);
  }

  /** Lets the bot list guild members (as when its Server Members intent is enabled), or not (the default). */
  allowMemberList(allowed = true): void {
    this.state.memberListAllowed = allowed;
  }

  /** Makes DMs to this user fail with 403 50007 (the user closed DMs or blocked the bot). */
  blockDMs(userId: string): void {
    this.state.dmBlocked.add(userId);
  }

  /** Closes a shard's gateway socket (default code 4000: discord.js reconnects and RESUMEs). */
  dropConnection(shardId: number, code?: number): void {
    this.gateway.dropConnection(shardId, code);
  }

  /**
   * Leaves IDENTIFY and RESUME unanswered for `ms` (answered as usual afterwards): with
   * dropConnection, the gateway goes away long enough to be seen, then comes back.
   */
  holdLogins(ms: number): void {
    this.gateway.holdLogins(ms);
  }

  /** Sends op 7 RECONNECT to a shard. */
  requestReconnect(shardId: number): void {
    this.gateway.requestReconnect(shardId);
  }

  /**
   * Interactions deferred with deferReply whose "thinking" message was never filled in: the user still sees
   * "<bot> is thinking..." (and, after 15 minutes, "The application did not respond").
   */
  stillThinking(): { interactionId: string; label: string; sinceMs: number }[] {
    const out: { interactionId: string; label: string; sinceMs: number }[] = [];
    for (const record of this.state.interactions.values()) {
      if (record.initial?.type !== 5 || record.originalMessageId === undefined) continue;
      const message = this.state.messages.get(record.originalMessageId);
      if (message && !message.deleted && ((message.api.flags ?? 0) & FLAG_LOADING) !== 0) {
        out.push({ interactionId: record.id, label: record.label, sinceMs: Date.now() - record.initial.at });
      }
    }
    return out;
  }

  /** A readable summary of the violations (empty string when there are none), for assertion messages. */
  describeViolations(): string {
    return this.state.violations.map((v) => `- [${v.rule}] ${v.message}`).join("\n");
  }

  /** Stops everything: terminates sockets, closes the server, clears timers, fails pending waits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.state.timers) clearTimeout(timer);
    this.state.timers.clear();
    this.state.feed.close();
    await Promise.allSettled([...this.deliveries]);
    this.agent.destroy();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private announceChannel(channelId: string): void {
    const channel = this.state.channels.get(channelId);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
    if (channel.guildId === undefined) return;
    this.gateway.dispatch(
      this.state.shardFor(channel.guildId),
      "CHANNEL_UPDATE",
      textChannel(this.state, channel),
      channel.guildId,
    );
    this.state.changed();
  }

  private send(record: InteractionRecord): InteractionHandle {
    if (this.closed) throw new Error("FakeDiscord is closed");
    const endpoint = this.nextEndpoint();
    if (endpoint !== undefined) {
      record.endpoint = endpoint;
      const delivery = deliverOverHttp(this.state, record, {
        url: endpoint,
        keys: this.keys,
        agent: this.agent,
      });
      this.deliveries.add(delivery);
      void delivery.finally(() => this.deliveries.delete(delivery));
      this.state.changed();
      return new InteractionHandle(this.state, record);
    }
    const ready = this.roundRobin ? this.gateway.readyShards() : [];
    const shardId =
      ready.length > 0 ? (ready[this.delivered++ % ready.length] ?? record.shardId) : record.shardId;
    record.deliveredTo = shardId;
    this.gateway.dispatch(shardId, "INTERACTION_CREATE", record.payload, record.guildId, () =>
      markDispatched(this.state, record),
    );
    this.state.changed();
    return new InteractionHandle(this.state, record);
  }
}
