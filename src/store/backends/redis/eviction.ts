import type { RedisAccess } from "./access.ts";

/** The Redis's `maxmemory-policy` (from INFO, which managed services allow where CONFIG is off). */
export async function redisEvictionPolicy(redis: RedisAccess): Promise<string | undefined> {
  const info = String(await redis.command(["INFO", "memory"]));
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}
