/**
 * `npm start` (node dist/src/main.js): runs the bot. Without a token it explains what to set, and
 * that `npm run play` works without Discord. In production run `node dist/src/main.js` directly
 * (see the README's systemd unit) so that SIGTERM reaches this process and not an npm in between.
 */
import { commands } from "../commands/index.ts";
import { openGame } from "./app/open.ts";
import { BankLoadError } from "./bank/problems.ts";
import { ConfigError, loadConfig, loadDotEnv } from "./config.ts";
import { type RunningBot, startBot } from "./discord/bot.ts";
import { RoundStepSchema } from "./discord/channel-rounds.ts";
import { createLogger, shardLabel } from "./log.ts";
import { type HealthReport, type OpsServer, startOpsServer } from "./ops/http.ts";
import { BotMetrics, instrumentKeyv } from "./ops/metrics.ts";
import {
  LeaseHeldError,
  LeaseLostError,
  managerShardsFromEnv,
  type ShardPlan,
  type StoreLease,
  takeShardLeases,
} from "./store/lease.ts";
import { redactedStoreUrl, STORE_TIMEOUT_MS, StoreUnreachableError, waitForStore } from "./store/open.ts";
import { ALLOW_EVICTION_ENV, checkEviction, EvictingStoreError } from "./store/redis-eviction.ts";
import { openStepQueue } from "./store/step-queue.ts";

const NO_TOKEN = `No Discord token is set, so the bot cannot log in.

To run the bot on Discord:
  1. Create an application and a bot at https://discord.com/developers/applications
  2. cp .env.example .env   and set DISCORD_TOKEN and DISCORD_CLIENT_ID (and DISCORD_GUILD_ID while testing)
  3. npm run deploy         registers the slash commands
  4. npm start

To try the quiz right now without Discord:
  npm run play`;

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
  let game: Awaited<ReturnType<typeof openGame>> | undefined;
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
  // The shards this process runs: SHARD_LIST of TOTAL_SHARDS on this host, or the ShardingManager's.
  const plan: ShardPlan = config.shards
    ? { shards: config.shards.ids, total: config.shards.total }
    : managerShardsFromEnv();
  // One process per shard (per SQLite file): a second one would answer every interaction twice.
  // Taken here and only here, before the gateway login, so a mode without a gateway connection
  // (HTTP interactions) can skip it.
  // Over HTTP a process holds no shard (Discord's POSTs reach whichever worker the balancer picks),
  // so on Redis/PostgreSQL it takes no lease and any number of workers share the store; on SQLite
  // the database file's lock still allows one process.
  const opened = game;
  lease = await takeShardLeases(config.storeUrl, game.keyv, {
    plan: config.interactions ? { shards: [], total: plan.total } : plan,
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
  let running: RunningBot | undefined;
  const metrics = new BotMetrics({
    shard: shardLabel(),
    activeRounds: () => running?.activeRounds() ?? 0,
    activeSessions: () => running?.inFlight.size ?? 0,
    activeSoloSessions: () => game.ctx.sessions.activeSolo(),
    transport: config.interactions ? "http" : "gateway",
  });
  instrumentKeyv(game.keyv, metrics);
  // Channel rounds' next steps: on Redis/PostgreSQL a queue every process of the bot takes from.
  const roundSteps = await openStepQueue(config.storeUrl, {
    namespace: game.keyv.namespace ?? "quiz",
    name: "round-steps",
    schema: RoundStepSchema,
    onError: (err: unknown) => logger.warn({ err }, "the round step queue reported an error"),
  });
  starting = startBot({
    config,
    roundSteps,
    app: game.ctx,
    commands,
    logger,
    metrics,
    shards: [...plan.shards],
    shardCount: plan.total,
  });
  running = await starting;
  const bot = running;
  const store = game.keyv;

  if (config.healthPort !== undefined) {
    const health = async (): Promise<HealthReport> => {
      const gateway = bot.gateway();
      let storeError: string | undefined;
      try {
        await waitForStore(store, config.storeUrl, { waitMs: 0 });
      } catch (error) {
        storeError = error instanceof Error ? error.message.split("\n")[0] : String(error);
      }
      // Over HTTP there is no gateway to watch: the endpoint answering this process is the bot.
      const overHttp = bot.transport === "http";
      return {
        ok: (overHttp || gateway.connected) && storeError === undefined,
        transport: bot.transport,
        gateway: overHttp ? "unused" : gateway.connected ? "connected" : "disconnected",
        store: storeError === undefined ? "reachable" : "unreachable",
        shards: gateway.shards,
        ...(storeError === undefined ? {} : { storeError }),
      };
    };
    ops = await startOpsServer({
      host: config.healthHost ?? "127.0.0.1",
      port: config.healthPort,
      health,
      metrics,
    });
    logger.info(
      { host: config.healthHost, port: ops.port, storeTimeoutMs: STORE_TIMEOUT_MS },
      "health and metrics listening",
    );
  }

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
    else console.error("The bot could not start:", error);
    // A store client (a PostgreSQL pool, a Redis socket) may still hold the event loop open.
    process.exit(1);
  },
);
