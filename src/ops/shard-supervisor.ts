/**
 * Keeps every shard process of a ShardingManager running. discord.js's own respawn starts a dead
 * shard again at once and, if that start fails before the shard is ready, emits an error nobody
 * can catch, which ends the manager and with it every other shard. Here the manager never
 * respawns by itself: a shard that dies, before or after it was ready, is started again after a
 * pause that doubles with each failure in a row (1 s, 2 s, 4 s, ... up to a minute), and a failed
 * start is logged, never thrown.
 */
import type { Shard, ShardingManager } from "discord.js";
import type { Logger } from "pino";

/** The pause before starting a shard again after its `failures`-th failure in a row. */
export function restartDelayMs(failures: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, failures - 1));
}

/** A shard ready for this long has recovered: its next failure starts the pauses afresh. */
const STABLE_MS = 60_000;

/** The running supervision: `stop` ends the restarts (at shutdown). */
export interface ShardSupervision {
  stop(): void;
}

/**
 * Starts every shard of `manager` one after another, `spacingMs` apart (Discord's identify rate),
 * and restarts any that dies. Resolves once each has been started once, ready or not (one that
 * failed is being restarted by then).
 */
export async function superviseShards(
  manager: ShardingManager,
  options: { logger: Logger; spacingMs: number; readyTimeoutMs: number },
): Promise<ShardSupervision> {
  const { logger } = options;
  manager.respawn = false;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();

  const supervise = (shard: Shard) => {
    let failures = 0;
    let readyAt: number | undefined;
    const start = async () => {
      try {
        await shard.spawn(options.readyTimeoutMs);
        readyAt = Date.now();
        logger.info({ shard: shard.id }, "shard ready");
      } catch (error) {
        // A shard that died is restarted by its death below; one still starting is left to finish.
        logger.warn({ shard: shard.id, err: error }, "a shard failed to become ready");
      }
    };
    shard.on("error", (error) => logger.error({ shard: shard.id, err: error }, "a shard reported an error"));
    shard.on("death", (child) => {
      const code = "exitCode" in child ? child.exitCode : null;
      if (stopped) return logger.info({ shard: shard.id, code }, "shard stopped");
      failures = readyAt !== undefined && Date.now() - readyAt >= STABLE_MS ? 1 : failures + 1;
      readyAt = undefined;
      const delayMs = restartDelayMs(failures);
      logger.warn(
        { shard: shard.id, code, failures, delayMs },
        "shard died: starting it again after a pause",
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) void start();
      }, delayMs);
      timers.add(timer);
    });
    return start();
  };

  const ids = manager.shardList === "auto" ? [] : manager.shardList;
  for (const [i, id] of ids.entries()) {
    const started = supervise(manager.createShard(id));
    const spacing = i < ids.length - 1 ? new Promise((r) => setTimeout(r, options.spacingMs)) : undefined;
    await Promise.all([started, spacing]);
  }
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
