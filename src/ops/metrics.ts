import type Keyv from "keyv";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { StoreUnavailableError } from "../store/open.ts";
import { SESSIONS_CACHED } from "../store/sessions.ts";
import { registerProcessMetrics } from "./process-metrics.ts";

/** How an interaction ended, as the router's error boundary saw it. */
export type InteractionOutcome = "ok" | "user_error" | "store_unavailable" | "error" | "refused_restarting";

/** Seconds: fine steps up to Discord's 3 s deadline for the first response, a few past it. */
const FIRST_RESPONSE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 6, 10];
const STORE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2];

/** The bot's Prometheus metrics, in a registry of its own, every series labelled with its shard. */
export class BotMetrics {
  readonly registry = new Registry();
  readonly interactions: Counter<"type" | "outcome">;
  readonly firstResponse: Histogram<"type">;
  readonly storeCalls: Histogram<"operation">;
  readonly storeTimeouts: Counter<"operation">;
  readonly rest429: Counter<"route">;
  readonly rateLimited: Counter<"route">;

  constructor(options: {
    shard: string;
    activeRounds: () => number;
    activeSessions: () => number;
    activeSoloSessions: () => number;
    /** How interactions reach this process (default: the gateway). */
    transport?: "gateway" | "http";
    /** Each gateway shard's heartbeat round trip in ms (discord.js's, -1 before the first). */
    gatewayPings?: () => readonly { shard: number; ms: number }[];
  }) {
    this.registry.setDefaultLabels({ shard: options.shard });
    registerProcessMetrics(this.registry);
    const registers = [this.registry];
    this.interactions = new Counter({
      name: "quiz_interactions_total",
      help: "Interactions handled, by type (command, button, modal, autocomplete) and outcome.",
      labelNames: ["type", "outcome"],
      registers,
    });
    this.firstResponse = new Histogram({
      name: "quiz_first_response_seconds",
      help: "From an interaction's arrival to the bot's first response to it (Discord allows 3 s).",
      labelNames: ["type"],
      buckets: FIRST_RESPONSE_BUCKETS,
      registers,
    });
    this.storeCalls = new Histogram({
      name: "quiz_store_call_seconds",
      help: "Latency of calls to the store, by operation.",
      labelNames: ["operation"],
      buckets: STORE_BUCKETS,
      registers,
    });
    this.storeTimeouts = new Counter({
      name: "quiz_store_timeouts_total",
      help: "Store calls that did not answer in time (the player was told the store is not answering).",
      labelNames: ["operation"],
      registers,
    });
    this.rest429 = new Counter({
      name: "quiz_rest_429_total",
      help: "Responses with status 429 (rate limited) from Discord's REST API.",
      labelNames: ["route"],
      registers,
    });
    this.rateLimited = new Counter({
      name: "quiz_rest_rate_limited_total",
      help: "Times discord.js held a request back to stay inside a rate limit.",
      labelNames: ["route"],
      registers,
    });
    new Gauge({
      name: "quiz_transport_info",
      help: "How interactions reach this process: the gateway, or signed HTTP POSTs to its endpoint (always 1).",
      labelNames: ["transport"],
      registers,
    }).set({ transport: options.transport ?? "gateway" }, 1);
    const pings = options.gatewayPings;
    if (pings)
      new Gauge({
        name: "quiz_gateway_ping_seconds",
        help: "Each gateway shard's last heartbeat round trip (a shard appears once its first heartbeat is answered).",
        labelNames: ["gateway_shard"],
        registers,
        collect() {
          this.reset();
          for (const { shard, ms } of pings())
            if (ms >= 0) this.set({ gateway_shard: String(shard) }, ms / 1000);
        },
      });
    new Gauge({
      name: "quiz_active_rounds",
      help: "Channel rounds this process is running.",
      registers,
      collect() {
        this.set(options.activeRounds());
      },
    });
    new Gauge({
      name: "quiz_active_solo_sessions",
      help: `Solo quizzes this process holds that are neither finished nor expired (those played since it started, at most ${SESSIONS_CACHED}).`,
      registers,
      collect() {
        this.set(options.activeSoloSessions());
      },
    });
    new Gauge({
      name: "quiz_active_interactions",
      help: "Interactions being handled now (answers in flight).",
      registers,
      collect() {
        this.set(options.activeSessions());
      },
    });
  }

  /** The metrics in Prometheus's text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

const STORE_CALLS = ["get", "getMany", "set", "setMany", "delete", "deleteMany", "has"] as const;

/** Times every call to the store (in place, like the timeouts in store/open.ts) into `metrics`. */
export function instrumentKeyv(keyv: Keyv, metrics: BotMetrics): void {
  for (const name of STORE_CALLS) {
    const call = keyv[name] as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(keyv, name, {
      configurable: true,
      writable: true,
      value: async (...args: unknown[]) => {
        const stop = metrics.storeCalls.startTimer({ operation: name });
        try {
          return await call.apply(keyv, args);
        } catch (error) {
          if (error instanceof StoreUnavailableError) metrics.storeTimeouts.inc({ operation: name });
          throw error;
        } finally {
          stop();
        }
      },
    });
  }
}
