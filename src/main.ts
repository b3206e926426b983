/**
 * `npm start` (node dist/src/main.js): runs the bot. Without a token it explains what to set, and
 * that `npm run play` works without Discord. In production run `node dist/src/main.js` directly
 * (see the README's systemd unit) so that SIGTERM reaches this process and not an npm in between.
 */

import { commands } from "../commands/index.ts";
import { openGame } from "./app/open.ts";
import { BankLoadError } from "./bank/problems.ts";
import { type Config, ConfigError, loadConfig, loadDotEnv } from "./config.ts";
import { DeadlineStepSchema } from "./discord/drivers/assignment-deadlines.ts";
import { RoundStepSchema } from "./discord/drivers/channel-rounds.ts";
import { type RunningBot, startBot } from "./discord/transport/bot.ts";
import { INVALID_TOKEN, isInvalidToken } from "./discord/transport/token-error.ts";
import { createLogger, shardLabel } from "./log.ts";
import { CHECK_MS, type HealthReport, healthPortOf, type OpsServer, startOpsServer } from "./ops/http.ts";
import { BotMetrics, instrumentKeyv } from "./ops/metrics.ts";
import { ALLOW_EVICTION_ENV, checkEviction, EvictingStoreError } from "./store/eviction.ts";
import {
  LeaseHeldError,
  LeaseLostError,
  managerShardsFromEnv,
  type ShardPlan,
  type StoreLease,
  takeShardLeases,
} from "./store/lease.ts";
import { describeHolder } from "./store/lease-holder.ts";
import { redactedStoreUrl, StoreUnreachableError, waitForStore } from "./store/open.ts";
import { probeStore } from "./store/probe.ts";
import { openStepQueue } from "./store/step-queue.ts";

const NO_TOKEN = `No Discord token is set, so the bot cannot log in.

To run the bot on Discord:
  1. Create an application and a bot at https://discord.com/developers/applications
  2. cp .env.example .env   and set DISCORD_TOKEN and DISCORD_CLIENT_ID (and DISCORD_GUILD_ID while testing)
  3. npm run deploy         registers the slash commands
  4. npm start

To try the quiz right now without Discord:
  npm run play`;

type OpenedGame = Awaited<ReturnType<typeof openGame>>;

/** The parts of the process readiness looks at, as they are when a probe asks (undefined while starting). */
interface ProcessParts {
  game(): OpenedGame | undefined;
  bot(): RunningBot | undefined;
}

/**
 * The bot's readiness: the store takes a (bounded) write, and the gateway is connected. Over HTTP
 * there is no gateway to watch: the endpoint answering for this process is the bot.
 */
function botReadiness(config: Config, parts: ProcessParts): () => Promise<HealthReport> {
  const transport = config.interactions ? "http" : "gateway";
  return async () => {
    const game = parts.game();
    const bot = parts.bot();
    const probe = game ? await probeStore(game.keyv, CHECK_MS) : undefined;
    const store = probe === undefined ? "starting" : probe.state === "writable" ? "reachable" : probe.state;
    const connection = bot?.gateway();
    const gateway = !connection
      ? "starting"
      : transport === "http"
        ? "unused"
        : connection.connected
          ? "connected"
          : "disconnected";
    return {
      ok: store === "reachable" && (gateway === "connected" || gateway === "unused"),
      transport,
      gateway,
      store,
      shards: connection?.shards ?? [],
      ...(probe && probe.state !== "writable" ? { storeError: probe.error } : {}),
    };
  };
}

/** Starts /livez, /readyz and /metrics on this process's port (HEALTH_PORT, plus its shard id under the manager). */
async function startOperatorListener(
  config: Config,
  plan: ShardPlan,
  metrics: BotMetrics,
  parts: ProcessParts,
): Promise<OpsServer> {
  const port = healthPortOf(
    config.healthPort ?? 0,
    plan.shards[0] ?? 0,
    Boolean(process.env.SHARDING_MANAGER),
  );
  const host = config.healthHost ?? "127.0.0.1";
  try {
    return await startOpsServer({
      host,
      port,
      registry: metrics.registry,
      ready: botReadiness(config, parts),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw new ConfigError([
      `HEALTH_PORT: port ${port} on ${host} is already in use by another process. Choose another port${process.env.SHARDING_MANAGER ? " (under npm run start:sharded, shard N listens on HEALTH_PORT + N, so leave that many ports free)" : ""}.`,
    ]);
  }
}

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  if (!config.discordToken) {
    console.error(NO_TOKEN);
    return 1;
  }
  const logger = createLogger(config.logLevel);
  // Logged with their stack before Node decides (an uncaught exception still ends the process).
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection"));
  process.on("uncaughtExceptionMonitor", (error, origin) =>
    logger.fatal({ err: error, origin }, "uncaught exception: the process ends"),
  );
  // Signals are handled from here on, so a stop during start-up is clean too.
  let game: OpenedGame | undefined;
  let starting: Promise<RunningBot> | undefined;
  let ops: OpsServer | undefined;
  let lease: StoreLease | undefined;
  let stopping = false;
  /** Stops gracefully; `exitCode` 1 when the stop is a failure a supervisor should see (a lost lease). */
  const shutdown = async (signal: string, exitCode = 0, storeKept = true) => {
    if (stopping) return;
    stopping = true;
    const drainMs = (config.shutdownSeconds ?? 10) * 1000;
    logger.info(
      { signal, drainMs },
      storeKept
        ? "shutting down: answering the interactions in flight; running quizzes stay saved and resume on the next start"
        : "shutting down: answering the interactions in flight",
    );
    // A bot still logging in is waited for (within the bound), then stopped like a running one.
    const bot = await Promise.race([
      starting,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), drainMs)),
    ]).catch(() => undefined);
    const left = bot ? await bot.stop(drainMs) : 0;
    await ops?.close();
    await lease?.release();
    await game?.close();
    logger.info({ left }, "stopped");
    process.exit(exitCode);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  // A shard of `npm run start:sharded` stops with its manager: left running, it would keep its
  // guilds while a new manager starts another process for them (two writers for one guild).
  if (process.env.SHARDING_MANAGER && process.send)
    process.once("disconnect", () => void shutdown("disconnect"));

  // The shards this process runs: SHARD_LIST of TOTAL_SHARDS on this host, or the ShardingManager's.
  const plan: ShardPlan = config.shards
    ? { shards: config.shards.ids, total: config.shards.total }
    : managerShardsFromEnv();
  let running: RunningBot | undefined;
  const metrics = new BotMetrics({
    shard: shardLabel(),
    activeRounds: () => running?.activeRounds() ?? 0,
    activeSessions: () => running?.inFlight.size ?? 0,
    activeSoloSessions: () => game?.ctx.sessions.activeSolo() ?? 0,
    transport: config.interactions ? "http" : "gateway",
    ...(config.interactions
      ? {}
      : {
          gatewayPings: () =>
            [...(running?.client.ws.shards.values() ?? [])].map((s) => ({ shard: s.id, ms: s.ping })),
        }),
  });
  // Up before anything else, so liveness answers while the store is awaited and the bot logs in.
  if (config.healthPort !== undefined)
    ops = await startOperatorListener(config, plan, metrics, {
      game: () => game,
      bot: () => running,
    });
  if (ops)
    logger.info(
      { host: config.healthHost, port: ops.port, checkMs: CHECK_MS },
      "health and metrics listening",
    );

  game = await openGame({ storeUrl: config.storeUrl, logger });
  await waitForStore(game.keyv, config.storeUrl, {
    waitMs: (config.storeWaitSeconds ?? 30) * 1000,
    onRetry: (error) =>
      logger.warn(
        { err: error, store: redactedStoreUrl(config.storeUrl) },
        "the store does not answer yet: waiting",
      ),
  });
  // A Redis that evicts keys would lose records without a word: refused, or named at every start.
  const eviction = await checkEviction(game.keyv, process.env[ALLOW_EVICTION_ENV] === "1").catch(
    async (error: unknown) => {
      await game?.close();
      throw error;
    },
  );
  if (eviction) logger.error({ store: redactedStoreUrl(config.storeUrl) }, eviction);
  // One process per shard (per SQLite file): a second one would answer every interaction twice.
  // Taken here and only here, before the gateway login, so a mode without a gateway connection
  // (HTTP interactions) can skip it.
  // Over HTTP a process holds no shard (Discord's POSTs reach whichever worker the balancer picks),
  // so on Redis/PostgreSQL it takes no lease and any number of workers share the store; on SQLite
  // the database file's lock still allows one process.
  const opened = game;
  lease = await takeShardLeases(config.storeUrl, game.keyv, {
    plan: config.interactions ? { shards: [], total: plan.total } : plan,
    onTakeover: ({ shard, holder }) =>
      logger.warn(
        { shard, holderPid: holder.pid, holderHost: holder.host },
        "took over a shard lease whose holder, a process of this host, is gone (killed or crashed)",
      ),
    onWait: ({ shard, holder, until, waitMs }) =>
      logger.warn(
        { shard, holderPid: holder?.pid, holderHost: holder?.host, until: until.toISOString(), waitMs },
        `shard ${shard} is held by ${describeHolder(holder)} until ${until.toISOString()} unless renewed: waiting for it`,
      ),
    // Another process may run these shards now: answering on would answer twice. Stop (exit 1,
    // so a supervisor restarts it, and the new start waits for or refuses the held shards).
    onLost: (err: unknown) => {
      const vanished = err instanceof LeaseLostError && err.reason === "vanished";
      logger.fatal(
        { err },
        vanished
          ? "lost a shard lease: it is gone from the store, which was wiped or restarted without persistence (rounds and records written since its last save are lost); stopping"
          : "lost a shard lease: another process may be running these shards; stopping",
      );
      void shutdown(vanished ? "store wiped" : "lease lost", 1, !vanished);
    },
  }).catch(async (error: unknown) => {
    await opened.close();
    throw error;
  });
  logger.info(
    { questions: game.ctx.bank.questions.length, store: config.storeUrl.split(":")[0] },
    "bank and store ready",
  );
  instrumentKeyv(game.keyv, metrics);
  // Channel rounds' next steps: on Redis/PostgreSQL a queue every process of the bot takes from.
  const roundSteps = await openStepQueue(config.storeUrl, {
    namespace: game.keyv.namespace ?? "quiz",
    name: "round-steps",
    schema: RoundStepSchema,
    onError: (err: unknown) => logger.warn({ err }, "the round step queue reported an error"),
  });
  // Assignments' due times, on the same kind of queue: a notice outlives the process that scheduled it.
  const deadlineSteps = await openStepQueue(config.storeUrl, {
    namespace: game.keyv.namespace ?? "quiz",
    name: "assignment-deadlines",
    schema: DeadlineStepSchema,
    onError: (err: unknown) => logger.warn({ err }, "the assignment deadline queue reported an error"),
  });
  starting = startBot({
    config,
    roundSteps,
    deadlineSteps,
    app: game.ctx,
    commands,
    logger,
    metrics,
    shards: [...plan.shards],
    shardCount: plan.total,
  });
  running = await starting;
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof BankLoadError ||
      error instanceof StoreUnreachableError ||
      error instanceof EvictingStoreError ||
      error instanceof LeaseHeldError
    )
      console.error(error.message);
    else if (isInvalidToken(error)) console.error(INVALID_TOKEN);
    else console.error("The bot could not start:", error);
    // A store client (a PostgreSQL pool, a Redis socket) may still hold the event loop open.
    process.exit(1);
  },
);
