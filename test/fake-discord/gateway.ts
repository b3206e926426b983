/**
 * The gateway half of the fake: a WebSocket endpoint speaking Discord's v10 JSON protocol closely enough
 * for @discordjs/ws (HELLO → IDENTIFY → READY + GUILD_CREATE, HEARTBEAT/ACK, RESUME with replay), with
 * per-shard routing of dispatches. Compression is never used: discord.js only asks for it when zlib-sync
 * is installed, and then still accepts plain text frames.
 */

import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { guildCreate } from "./payloads.ts";
import type { FakeState } from "./state.ts";
import { isRecord } from "./validate.ts";

/** Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

/** Close codes the fake uses. */
const Close = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidShard: 4010,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
} as const;

const GUILDS_INTENT = 1;
/** How many sent dispatches a session keeps for RESUME replay. */
const REPLAY_LIMIT = 1000;

/** One frame the fake sent or received, for debugging and routing assertions. */
export interface GatewayLogEntry {
  /** `out` = fake → bot, `in` = bot → fake. */
  direction: "in" | "out";
  /** Shard of the connection (undefined before IDENTIFY/RESUME). */
  shardId: number | undefined;
  /** Opcode. */
  op: number;
  /** Dispatch event name for op 0. */
  t?: string;
  /** Guild id the dispatch concerns, if any. */
  guildId?: string;
  /** Unix ms. */
  at: number;
}

interface Dispatch {
  t: string;
  d: unknown;
  guildId: string | undefined;
  onSent: (() => void) | undefined;
}

interface BufferedDispatch extends Dispatch {
  s: number;
  delivered: boolean;
}

interface Session {
  id: string;
  shardId: number;
  seq: number;
  ws: WebSocket | null;
  ready: boolean;
  superseded: boolean;
  buffer: BufferedDispatch[];
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
}

/** The fake gateway: accepts bot connections on `/gateway` and routes dispatches to shards. */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  /** Dispatches for shards that have no session yet; flushed after READY. */
  private readonly pending = new Map<number, Dispatch[]>();
  private readonly connections = new Set<Connection>();
  /** Every frame in and out (op and event name only). */
  readonly log: GatewayLogEntry[] = [];
  /** Until this time (Unix ms), IDENTIFY and RESUME wait unanswered: see holdLogins. */
  private loginsHeldUntil = 0;

  constructor(
    private readonly state: FakeState,
    private readonly gatewayUrl: () => string,
  ) {}

  /** Hands an HTTP upgrade on `/gateway` to the WebSocket server. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/gateway" && url.pathname !== "/gateway/") {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, url.searchParams));
  }

  /** Shards with a connected, READY session. */
  readyShards(): number[] {
    const out = new Set<number>();
    for (const session of this.sessions.values()) {
      if (session.ready && session.ws && !session.superseded) out.add(session.shardId);
    }
    return [...out].sort((a, b) => a - b);
  }

  /**
   * Sends a dispatch to the shard's session; queues it until the shard is READY (or until a RESUME
   * replays it, if the connection dropped). `onSent` runs when it is written to a socket.
   */
  dispatch(shardId: number, t: string, d: unknown, guildId?: string, onSent?: () => void): void {
    const item: Dispatch = { t, d, guildId, onSent };
    const session = this.currentSession(shardId);
    if (!session) {
      const queue = this.pending.get(shardId) ?? [];
      queue.push(item);
      this.pending.set(shardId, queue);
      return;
    }
    this.sendDispatch(session, item);
  }

  /** Closes a shard's socket with `code` (default 4000, which discord.js answers with RESUME). */
  dropConnection(shardId: number, code: number = Close.UnknownError): void {
    const session = this.currentSession(shardId);
    if (!session?.ws) throw new Error(`shard ${shardId} has no open connection`);
    session.ws.close(code, "FakeDiscord dropped the connection");
  }

  /**
   * For the next `ms`, IDENTIFY and RESUME frames wait unanswered (then are answered as usual, if
   * their socket is still open): a gateway that is away for a while, and then comes back.
   */
  holdLogins(ms: number): void {
    this.loginsHeldUntil = Date.now() + ms;
  }

  /** Runs a login frame's handler now, or once the hold is over. */
  private afterHold(connection: Connection, handle: () => void): void {
    const wait = this.loginsHeldUntil - Date.now();
    if (wait <= 0) {
      handle();
      return;
    }
    setTimeout(() => {
      if (connection.ws.readyState === connection.ws.OPEN) this.afterHold(connection, handle);
    }, wait);
  }

  /** Sends op 7 RECONNECT to a shard, as Discord does before maintenance. */
  requestReconnect(shardId: number): void {
    const session = this.currentSession(shardId);
    if (!session?.ws) throw new Error(`shard ${shardId} has no open connection`);
    this.send(session.ws, session.shardId, { op: Op.Reconnect, d: null, s: null, t: null });
  }

  /** Terminates every socket and stops accepting new ones. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.ws.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private currentSession(shardId: number): Session | undefined {
    for (const session of this.sessions.values()) {
      if (session.shardId === shardId && !session.superseded) return session;
    }
    return undefined;
  }

  private accept(ws: WebSocket, params: URLSearchParams): void {
    const connection: Connection = { ws, session: null };
    this.connections.add(connection);
    ws.on("close", () => {
      this.connections.delete(connection);
      const session = connection.session;
      if (session && session.ws === ws) {
        session.ws = null;
        session.ready = false;
      }
      this.state.changed();
    });
    ws.on("error", () => {
      // A reset socket is reported through "close" too; nothing else to do.
    });
    ws.on("message", (data, isBinary) => this.receive(connection, data, isBinary));

    const version = params.get("v");
    if (version !== "10") {
      this.state.violate(
        "gateway",
        `The bot connected to the gateway with v=${version ?? "(none)"}; only v=10 is supported.`,
      );
      ws.close(Close.InvalidApiVersion, "Invalid API version");
      return;
    }
    const encoding = params.get("encoding") ?? "json";
    if (encoding !== "json") {
      this.state.violate("gateway", `The bot asked for encoding=${encoding}; the fake only speaks json.`);
      ws.close(Close.DecodeError, "Unsupported encoding");
      return;
    }
    this.send(ws, undefined, {
      op: Op.Hello,
      d: { heartbeat_interval: this.state.heartbeatIntervalMs },
      s: null,
      t: null,
    });
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    const { ws } = connection;
    let payload: unknown;
    try {
      const buffer = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      payload = isBinary ? undefined : JSON.parse(buffer.toString("utf8"));
    } catch {
      payload = undefined;
    }
    if (!isRecord(payload) || typeof payload.op !== "number") {
      this.state.violate(
        "gateway",
        "The bot sent a gateway frame that is not a JSON object with an op code.",
      );
      ws.close(Close.DecodeError, "Error while decoding payload.");
      return;
    }
    const op = payload.op;
    this.log.push({ direction: "in", shardId: connection.session?.shardId, op, at: Date.now() });
    const d = payload.d;
    switch (op) {
      case Op.Heartbeat:
        this.send(ws, connection.session?.shardId, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        return;
      case Op.Identify:
        this.afterHold(connection, () => this.identify(connection, d));
        return;
      case Op.Resume:
        this.afterHold(connection, () => this.resume(connection, d));
        return;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
      case Op.RequestSoundboardSounds:
        if (!connection.session) {
          this.state.violate("gateway", `The bot sent op ${op} before identifying.`);
          ws.close(Close.NotAuthenticated, "Not authenticated.");
        }
        return;
      default:
        this.state.violate("gateway", `The bot sent unknown gateway op ${op}.`);
        ws.close(Close.UnknownOpcode, "Unknown opcode.");
    }
  }

  private identify(connection: Connection, d: unknown): void {
    const { ws } = connection;
    if (connection.session) {
      this.state.violate("gateway", "The bot sent IDENTIFY twice on one connection.");
      ws.close(Close.AlreadyAuthenticated, "Already authenticated.");
      return;
    }
    if (!isRecord(d) || d.token !== this.state.token) {
      this.state.violate("auth", "The bot identified on the gateway with a token the fake did not issue.");
      ws.close(Close.AuthenticationFailed, "Authentication failed.");
      return;
    }
    if (typeof d.intents !== "number") {
      this.state.violate("gateway", "IDENTIFY has no numeric `intents`.");
      ws.close(Close.InvalidIntents, "Invalid intent(s).");
      return;
    }
    const shard = Array.isArray(d.shard) ? d.shard : [0, 1];
    const [shardId, shardCount] = shard;
    if (
      typeof shardId !== "number" ||
      typeof shardCount !== "number" ||
      shardCount !== this.state.shardCount ||
      shardId < 0 ||
      shardId >= shardCount
    ) {
      this.state.violate(
        "gateway",
        `The bot identified as shard ${JSON.stringify(shard)} but the fake expects ${this.state.shardCount} shard(s) (GET /gateway/bot says shards: ${this.state.shardCount}).`,
      );
      ws.close(Close.InvalidShard, "Invalid shard.");
      return;
    }
    // A new IDENTIFY for a shard replaces its old session, as a fresh login would.
    const previous = this.currentSession(shardId);
    if (previous) {
      previous.superseded = true;
      previous.ws?.close(Close.UnknownError, "Session replaced");
    }
    const session: Session = {
      id: randomBytes(16).toString("hex"),
      shardId,
      seq: 0,
      ws,
      ready: false,
      superseded: false,
      buffer: [],
    };
    this.sessions.set(session.id, session);
    connection.session = session;

    const guilds = this.state.guilds.filter((g) => this.state.shardFor(g.id) === shardId);
    this.sendDispatch(session, {
      t: "READY",
      d: {
        v: 10,
        user: this.state.botUser,
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: session.id,
        resume_gateway_url: this.gatewayUrl(),
        shard: [shardId, shardCount],
        application: { id: this.state.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
        auth: {},
        _trace: ["fake-discord"],
      },
      guildId: undefined,
      onSent: undefined,
    });
    // GUILD_CREATE belongs to the GUILDS intent; without it discord.js stops waiting for guilds at once.
    if ((d.intents & GUILDS_INTENT) !== 0) {
      for (const guild of guilds) {
        this.sendDispatch(session, {
          t: "GUILD_CREATE",
          d: guildCreate(this.state, guild),
          guildId: guild.id,
          onSent: undefined,
        });
      }
    }
    session.ready = true;
    this.flushPending(session);
    this.state.changed();
  }

  private resume(connection: Connection, d: unknown): void {
    const { ws } = connection;
    if (!isRecord(d) || d.token !== this.state.token) {
      this.state.violate("auth", "The bot tried to RESUME with a token the fake did not issue.");
      ws.close(Close.AuthenticationFailed, "Authentication failed.");
      return;
    }
    const session = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === "number" ? d.seq : 0;
    if (!session || session.superseded) {
      // Not resumable: Discord answers op 9 with d=false and the client re-identifies.
      this.send(ws, undefined, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    session.ws?.close(Close.UnknownError, "Resumed elsewhere");
    session.ws = ws;
    connection.session = session;
    for (const item of session.buffer) {
      if (item.s > seq) this.write(session, item);
    }
    session.seq += 1;
    this.send(ws, session.shardId, { op: Op.Dispatch, t: "RESUMED", s: session.seq, d: null });
    session.ready = true;
    this.flushPending(session);
    this.state.changed();
  }

  private flushPending(session: Session): void {
    const queue = this.pending.get(session.shardId);
    if (!queue) return;
    this.pending.delete(session.shardId);
    for (const item of queue) this.sendDispatch(session, item);
  }

  private sendDispatch(session: Session, item: Dispatch): void {
    session.seq += 1;
    const buffered: BufferedDispatch = { ...item, s: session.seq, delivered: false };
    session.buffer.push(buffered);
    if (session.buffer.length > REPLAY_LIMIT) session.buffer.shift();
    if (session.ws) this.write(session, buffered);
  }

  private write(session: Session, item: BufferedDispatch): void {
    if (!session.ws) return;
    const sent = this.send(
      session.ws,
      session.shardId,
      { op: Op.Dispatch, t: item.t, s: item.s, d: item.d },
      item.guildId,
    );
    if (sent && !item.delivered) {
      item.delivered = true;
      item.onSent?.();
    }
  }

  /** Writes a frame if the socket is open; returns whether it was written. */
  private send(
    ws: WebSocket,
    shardId: number | undefined,
    frame: { op: number; d: unknown; s: number | null; t: string | null },
    guildId?: string,
  ): boolean {
    if (ws.readyState !== ws.OPEN) return false;
    ws.send(JSON.stringify(frame));
    const entry: GatewayLogEntry = { direction: "out", shardId, op: frame.op, at: Date.now() };
    if (frame.t !== null) entry.t = frame.t;
    if (guildId !== undefined) entry.guildId = guildId;
    this.log.push(entry);
    this.state.changed();
    return true;
  }
}
