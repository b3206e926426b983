/** Discord's epoch (2015-01-01T00:00:00Z) in ms: snowflakes store milliseconds since this instant. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Makes unique, time-ordered snowflakes the way Discord does (timestamp << 22 | worker | process | increment),
 * so discord.js's `createdTimestamp` and shard routing (`(id >> 22) % shards`) behave as in production.
 */
export class SnowflakeFactory {
  private lastMs = 0n;
  private increment = 0n;

  /** A fresh snowflake; never repeats, even for many calls within one millisecond. */
  next(): string {
    return this.nextAt(this.now());
  }

  /**
   * A fresh snowflake that Discord would route to `shardId` of `shardCount` (for guild ids in sharding tests).
   * The timestamp is nudged forward by at most `shardCount - 1` ms to land in the wanted residue class.
   */
  forShard(shardId: number, shardCount: number): string {
    if (!Number.isInteger(shardCount) || shardCount < 1)
      throw new RangeError(`shardCount must be >= 1, got ${shardCount}`);
    if (!Number.isInteger(shardId) || shardId < 0 || shardId >= shardCount) {
      throw new RangeError(`shardId must be in [0, ${shardCount}), got ${shardId}`);
    }
    let ms = this.now();
    const count = BigInt(shardCount);
    while (ms % count !== BigInt(shardId)) ms += 1n;
    // Use the increment space of that exact millisecond; if it is exhausted, move a whole period ahead.
    return this.nextAt(ms, count);
  }

  private now(): bigint {
    const ms = BigInt(Date.now()) - DISCORD_EPOCH;
    return ms > this.lastMs ? ms : this.lastMs;
  }

  private nextAt(ms: bigint, period = 1n): string {
    let at = ms;
    if (at < this.lastMs) {
      // Keep ids monotonic: move to the first ms >= lastMs in the same residue class.
      at += ((this.lastMs - at + period - 1n) / period) * period;
    }
    if (at === this.lastMs) {
      this.increment += 1n;
      if (this.increment > 0xfffn) {
        at += period;
        this.increment = 0n;
      }
    } else {
      this.increment = 0n;
    }
    this.lastMs = at;
    return ((at << 22n) | (1n << 17n) | (1n << 12n) | this.increment).toString();
  }
}

/** The shard Discord routes a guild's events to: `(guild_id >> 22) % shard_count`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The creation time (Unix ms) encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
