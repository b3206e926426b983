import {
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  RESTEvents,
  ShardClientUtil,
  Status,
} from "discord.js";
import type { Logger } from "pino";
import type { AppContext } from "../../app/context.ts";
import { claimInteraction } from "../../app/interactions.ts";
import { rankOnlyGuilds } from "../../app/standing.ts";
import type { StepQueue } from "../../app/steps.ts";
import { type ChartRenderer, renderChart } from "../../charts/render.ts";
import type { Config } from "../../config.ts";
import { localeOf, t } from "../../i18n/index.ts";
import type { BotMetrics } from "../../ops/metrics.ts";
import { InFlight } from "../../ops/shutdown.ts";
import type { BotContext, Command } from "../context.ts";
import { AssignmentDeadlines, type DeadlineStep } from "../drivers/assignment-deadlines.ts";
import { ChannelRounds, type RoundStep } from "../drivers/channel-rounds.ts";
import { createInteractionHandler } from "../interactions/router.ts";
import { BOT_SWEEPERS, botMakeCache } from "./client-caches.ts";
import type { InteractionsEndpoint } from "./http/endpoint.ts";
import { createHttpTransport, fetchGuildIds } from "./http/transport.ts";

/** A running bot, and how to stop it gracefully. */
export interface RunningBot {
  readonly client: Client;
  readonly bot: BotContext;
  /** Interactions being answered now. */
  readonly inFlight: InFlight;
  /** Channel rounds this process runs now. */
  activeRounds(): number;
  /** Whether every shard of this process is connected to the gateway, and which are. */
  gateway(): { connected: boolean; shards: number[] };
  /** How interactions arrive: the gateway, or signed HTTP POSTs to `interactionsPort` (config.interactions). */
  readonly transport: "gateway" | "http";
  readonly interactionsPort?: number | undefined;
  /**
   * Stops taking new interactions, waits up to `drainMs` for the ones in flight (their replies
   * are sent), then stops timers and disconnects. Running quizzes stay in the store and resume on
   * the next start. Resolves to how many interactions were still running at the limit.
   */
  stop(drainMs?: number): Promise<number>;
}

/** How long a shutdown waits for the interactions in flight by default. */
export const DEFAULT_DRAIN_MS = 10_000;

const INTERACTION_CALLBACK = /\/interactions\/(\d+)\/[^/]+\/callback/;

function typeOf(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return "command";
  if (interaction.isAutocomplete()) return "autocomplete";
  if (interaction.isButton()) return "button";
  if (interaction.isModalSubmit()) return "modal";
  return "other";
}

/**
 * Logs the bot in and wires the interaction router. Only the Guilds intent is needed (slash
 * commands and buttons arrive as interactions; no message content, no privileged intents).
 * Mentions are locked down for every message: nothing the bot posts can ping @everyone or roles.
 *
 * Shards: by default the Client takes its shards from the environment that discord.js's
 * ShardingManager sets for each process (`npm run start:sharded`), or runs the one shard there
 * is. `shards` and `shardCount` choose them explicitly (the sharding tests run two in one process).
 */
export async function startBot(options: {
  config: Config;
  app: AppContext;
  commands: readonly Command[];
  logger: Logger;
  shards?: number[];
  shardCount?: number;
  metrics?: BotMetrics;
  /** Draws charts (default: resvg); tests pass one that fails. Ignored when config.charts is false. */
  charts?: ChartRenderer;
  /** Over HTTP: when the transport defers for a handler that has not answered (tests shorten it). */
  interactionsFallbackMs?: number;
  /** The pauses before a failed channel-round step is tried again (tests shorten them). */
  roundStepRetryMs?: readonly number[];
  /**
   * Where channel rounds' next steps wait (default: timers in this process). The bot owns it from
   * here on and closes it when it stops.
   */
  roundSteps?: StepQueue<RoundStep>;
  /** Where assignments' due times wait (default: timers in this process); the bot owns it too. */
  deadlineSteps?: StepQueue<DeadlineStep>;
}): Promise<RunningBot> {
  const { config, app, logger } = options;
  const charts = config.charts === false ? undefined : (options.charts ?? renderChart);
  if (!config.discordToken) throw new Error("DISCORD_TOKEN is not set");
  // Over HTTP the REST client captures each interaction's first response for the HTTP answer.
  const http = config.interactions
    ? createHttpTransport({
        ...config.interactions,
        logger,
        claim: (id) => claimInteraction(app, id),
        ...(options.interactionsFallbackMs === undefined
          ? {}
          : { fallbackMs: options.interactionsFallbackMs }),
      })
    : undefined;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: botMakeCache(),
    sweepers: BOT_SWEEPERS,
    rest: {
      ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}),
      ...(http ? { makeRequest: http.makeRequest } : {}),
    },
    ...(options.shards === undefined ? {} : { shards: options.shards }),
    ...(options.shardCount === undefined ? {} : { shardCount: options.shardCount }),
  });
  const rounds = new ChannelRounds({
    app,
    rest: client.rest,
    config,
    logger,
    charts,
    steps: options.roundSteps,
    retryMs: options.roundStepRetryMs,
  });
  const deadlines = new AssignmentDeadlines({ app, rest: client.rest, logger, steps: options.deadlineSteps });
  const bot: BotContext = { app, config, rest: client.rest, rounds, deadlines, logger, charts };
  const handle = createInteractionHandler(options.commands, bot);
  const inFlight = new InFlight();
  const metrics = options.metrics;
  // When each interaction arrived, until its first response (the callback) is sent.
  const arrived = new Map<string, { at: number; type: string }>();
  client.on(Events.InteractionCreate, (interaction) => {
    const type = typeOf(interaction);
    if (metrics) arrived.set(interaction.id, { at: performance.now(), type });
    if (!inFlight.accepting) {
      // Shutting down: say so rather than leave "This interaction failed" (nothing is stored).
      const refused = interaction.isRepliable()
        ? interaction.reply({
            content: t(localeOf(interaction), "error.restarting"),
            flags: MessageFlags.Ephemeral,
            allowedMentions: { parse: [] },
          })
        : interaction.respond([]);
      void refused.catch(() => {});
      metrics?.interactions.inc({ type, outcome: "refused_restarting" });
      return;
    }
    void inFlight.track(
      handle(interaction).then((outcome) => {
        metrics?.interactions.inc({ type, outcome });
        arrived.delete(interaction.id);
      }),
    );
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
  client.rest.on(RESTEvents.RateLimited, (info) => {
    metrics?.rateLimited.inc({ route: info.route });
    logger.warn({ route: info.route, retryAfter: info.retryAfter }, "rate limited");
  });
  if (metrics) {
    client.rest.on(RESTEvents.Response, (request, response) => {
      if (response.status === 429) metrics.rest429.inc({ route: request.route });
      const id = INTERACTION_CALLBACK.exec(request.path)?.[1];
      const first = id === undefined ? undefined : arrived.get(id);
      if (!id || !first) return;
      arrived.delete(id);
      metrics.firstResponse.observe({ type: first.type }, (performance.now() - first.at) / 1000);
    });
  }

  let endpoint: InteractionsEndpoint | undefined;
  let httpGuilds: ReadonlySet<string> | undefined;
  if (http) {
    // No gateway: REST gets the token, the guilds come from REST, interactions from the endpoint.
    client.rest.setToken(config.discordToken);
    httpGuilds = await fetchGuildIds(client.rest);
    endpoint = await http.listen(client);
    logger.info(
      {
        host: config.interactions?.host,
        port: endpoint.port,
        path: config.interactions?.path,
        guilds: httpGuilds.size,
      },
      "interactions endpoint listening",
    );
  } else {
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(config.discordToken);
    await ready;
  }
  const ownGuilds = () => httpGuilds ?? new Set(client.guilds.cache.keys());
  const shards = client.options.shards;
  const shardCount = client.options.shardCount ?? 1;
  if (!http)
    logger.info(
      { user: client.user?.tag, guilds: client.guilds.cache.size, shards, shardCount },
      "logged in",
    );
  if (!http && shardCount > 1 && Array.isArray(shards)) {
    // The other shards' guilds are written by other processes: no ranking is kept for them here.
    const own = new Set(shards);
    rankOnlyGuilds(
      app,
      (guildId) =>
        /^\d{1,20}$/.test(guildId) && own.has(ShardClientUtil.shardIdForGuildId(guildId, shardCount)),
    );
  }
  // Resume the channel rounds of the guilds this process owns: its shards' guilds, all of which
  // READY lists (discord.js caches even the ones that are unavailable for now). Another process
  // owns the other rounds in the store, and resuming them here would post every step twice.
  // If the store does not answer now, the bot stays online (players are told the store is not
  // answering) and tries again: exiting would make a supervisor or the ShardingManager restart it
  // in a loop, each restart a new IDENTIFY against Discord's daily limit.
  let resumeTimer: NodeJS.Timeout | undefined;
  const resume = async (): Promise<void> => {
    try {
      const resumed = await rounds.resume(ownGuilds());
      if (resumed > 0) logger.info({ resumed }, "resumed channel rounds");
      await deadlines.resume(ownGuilds());
    } catch (error) {
      logger.error({ err: error }, "could not resume the channel rounds: trying again in 10 s");
      resumeTimer = setTimeout(() => void resume(), 10_000);
    }
  };
  // Due steps are taken from now on: this process's own, and on a shared queue any process's.
  await rounds.start();
  await deadlines.start();
  await resume();

  return {
    client,
    bot,
    inFlight,
    activeRounds: () => rounds.size,
    transport: http ? "http" : "gateway",
    interactionsPort: endpoint?.port,
    gateway() {
      const shards = [...client.ws.shards.values()];
      return {
        connected: shards.length > 0 && shards.every((shard) => shard.status === Status.Ready),
        shards: shards.filter((shard) => shard.status === Status.Ready).map((shard) => shard.id),
      };
    },
    async stop(drainMs = DEFAULT_DRAIN_MS) {
      const left = await inFlight.drain(drainMs);
      if (left > 0) logger.warn({ left, drainMs }, "interactions still running at the shutdown limit");
      // Over HTTP the answers owed are written before the listener goes (a balancer then sends elsewhere).
      await endpoint?.close(1_000);
      http?.clear();
      clearTimeout(resumeTimer);
      // The steps running here finish (their posts are sent); queued ones wait for another process.
      await rounds.close();
      await deadlines.close();
      await client.destroy();
      return left;
    },
  };
}
