/**
 * `npm run start:sharded` (node dist/src/shard.js): runs the bot as one process per shard with discord.js's
 * ShardingManager. Each process runs src/main.ts, whose Client takes its shard from the
 * environment the manager sets (SHARDS, SHARD_COUNT). Every process must see the same store, so a
 * SQLite STORE_URL (one file, one writer) is refused: use Redis or PostgreSQL. With HEALTH_PORT set,
 * shard N serves /livez, /readyz and /metrics on HEALTH_PORT + N. A shard that dies is started
 * again, with growing pauses, and never takes the others down.
 */
import path from "node:path";
import { REST, Routes, ShardingManager } from "discord.js";
import { z } from "zod";
import { ConfigError, loadConfig, loadDotEnv } from "./config.ts";
import { createLogger } from "./log.ts";
import { healthPortOf } from "./ops/http.ts";
import { type ShardSupervision, superviseShards } from "./ops/shard-supervisor.ts";
import { driverOf } from "./store/open.ts";

const NEEDS_SHARED_STORE = (
  url: string,
) => `npm run start:sharded runs one process per shard, and they must share one store.
STORE_URL is "${url}", which each process would open on its own.

Set STORE_URL to a Redis or PostgreSQL server that every shard can reach, for example:
  STORE_URL=redis://127.0.0.1:6379 npm run start:sharded
  STORE_URL=postgres://quiz@db.example/quiz npm run start:sharded
or run the bot as a single process with npm start.`;

/** Discord's rule: one IDENTIFY per 5 seconds per bucket (shard id % max_concurrency). */
const IDENTIFY_INTERVAL_MS = 5_500;

const GatewayBotSchema = z.object({
  shards: z.number().int().positive(),
  session_start_limit: z.object({ max_concurrency: z.number().int().positive() }).partial().optional(),
});

const ShardCountSchema = z.coerce.number().int().min(1).max(1_000).optional();

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  if (!config.discordToken) {
    console.error("DISCORD_TOKEN is not set: see `npm start` for what to set, or try `npm run play`.");
    return 1;
  }
  if (!driverOf(config.storeUrl).shared) {
    console.error(NEEDS_SHARED_STORE(config.storeUrl));
    return 1;
  }
  if (process.env.SHARD_LIST) {
    // The manager runs every shard on this host: a SHARD_LIST it ignored would start shards
    // meant for other hosts (their leases would refuse them, one by one).
    console.error(
      "SHARD_LIST is for `npm start` on each host (SHARD_LIST=0,1 TOTAL_SHARDS=4 npm start); npm run start:sharded runs every shard of TOTAL_SHARDS on this host. Unset one of them.",
    );
    return 1;
  }
  const wanted = ShardCountSchema.safeParse(process.env.TOTAL_SHARDS || undefined);
  if (!wanted.success) {
    console.error("TOTAL_SHARDS must be a whole number from 1 to 1000 (or unset: Discord's recommendation).");
    return 1;
  }
  const logger = createLogger(config.logLevel, "manager");

  // Discord's recommendation, asked through the configured API (discord.js's own helper always
  // asks discord.com, which a REST proxy or the test's fake Discord would bypass).
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(
    config.discordToken,
  );
  const gateway = GatewayBotSchema.parse(await rest.get(Routes.gatewayBot()));
  const totalShards = wanted.data ?? gateway.shards;
  // Each shard serves health and metrics on HEALTH_PORT plus its id: every port must exist.
  if (
    config.healthPort !== undefined &&
    config.healthPort !== 0 &&
    config.healthPort + totalShards - 1 > 65_535
  ) {
    console.error(
      `HEALTH_PORT=${config.healthPort}: under npm run start:sharded shard N listens on HEALTH_PORT + N, and shard ${totalShards - 1} would need port ${config.healthPort + totalShards - 1}. Choose a lower HEALTH_PORT.`,
    );
    return 1;
  }
  const concurrency = gateway.session_start_limit?.max_concurrency ?? 1;
  // Shards are started one after another; the same bucket comes round every `concurrency` shards.
  const delay = Math.ceil(IDENTIFY_INTERVAL_MS / concurrency);

  // Compiled (dist/src/shard.js), each shard runs dist/src/main.js with plain node; run from the
  // sources through tsx (the tests), each shard runs src/main.ts through tsx too.
  const compiled = import.meta.filename.endsWith(".js");
  const manager = new ShardingManager(path.join(import.meta.dirname, compiled ? "main.js" : "main.ts"), {
    token: config.discordToken,
    totalShards,
    shardList: Array.from({ length: totalShards }, (_, id) => id),
    // Restarts are the supervisor's (with pauses), never discord.js's own (see shard-supervisor.ts).
    respawn: false,
    execArgv: compiled ? [] : ["--import", import.meta.resolve("tsx")],
  });
  manager.on("shardCreate", (shard) => {
    logger.info(
      {
        shard: shard.id,
        totalShards,
        ...(config.healthPort === undefined
          ? {}
          : { healthPort: healthPortOf(config.healthPort, shard.id, true) }),
      },
      "starting shard",
    );
  });

  let supervision: ShardSupervision | undefined;
  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping every shard: running quizzes stay saved and resume on the next start");
    supervision?.stop();
    await Promise.all(
      manager.shards.map(
        (shard) =>
          new Promise<void>((resolve) => {
            const child = shard.process;
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    process.exit(code);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  logger.info({ totalShards, store: driverOf(config.storeUrl).name, delayMs: delay }, "starting shards");
  supervision = await superviseShards(manager, { logger, spacingMs: delay, readyTimeoutMs: 120_000 });
  if (stopping) supervision.stop();
  logger.info({ totalShards }, "every shard has been started; any that dies is started again");
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error("The shards could not start:", error);
    process.exitCode = 1;
  },
);
