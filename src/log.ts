import pino, { type Logger } from "pino";

/**
 * The one logger: structured JSON lines, with the token never logged. Every line carries the
 * shard (or shards) this process runs, "manager" for the sharding manager: with several processes
 * writing to one journal, a line says whose it is.
 */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? "info",
  shard: string = shardLabel(),
): Logger {
  return pino({
    level,
    base: { app: "nk-quiz", shard },
    redact: { paths: ["token", "*.token", "config.discordToken", "DISCORD_TOKEN"], censor: "[redacted]" },
  });
}

/**
 * The shards of this process, for logs and metrics: as discord.js's ShardingManager sets them
 * (SHARDS), or as this host was given them (SHARD_LIST, as written), or "0".
 */
export function shardLabel(env: NodeJS.ProcessEnv = process.env): string {
  return (env.SHARDS ?? (env.SHARDING_MANAGER ? undefined : env.SHARD_LIST) ?? "0").replace(/[[\]\s]/g, "");
}
