/**
 * Redis leases: a key `lease:shard:{id}` set with `SET NX PX` and refreshed by a heartbeat; a dead
 * holder stops refreshing it, and it expires after the lease time.
 */
import type { KeyLeases } from "../../backend.ts";
import { holderOf } from "../../lease-holder.ts";
import type { RedisAccess } from "./access.ts";

const RENEW_IF_MINE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const DELETE_IF_MINE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Redis leases, through the store's own client (scripts by EVALSHA, every call bounded by the store timeout). */
export function redisLeases(redis: RedisAccess, token: string, ttlMs: number): KeyLeases {
  return {
    async take(key) {
      if ((await redis.command(["SET", key, token, "NX", "PX", String(ttlMs)])) === "OK")
        return { taken: true };
      const [value, left] = await Promise.all([redis.command(["GET", key]), redis.command(["PTTL", key])]);
      const leftMs = Number(left);
      return {
        taken: false,
        holder: holderOf(String(value)),
        value: String(value),
        leftMs: leftMs >= 0 ? leftMs : undefined,
      };
    },
    async renew(key) {
      if (Number(await redis.script(RENEW_IF_MINE, [key], [token, String(ttlMs)])) === 1) return "held";
      return (await redis.command(["EXISTS", key])) === 1 ? "taken" : "vanished";
    },
    async drop(key) {
      await redis.script(DELETE_IF_MINE, [key], [token]);
    },
    async dropIf(key, value) {
      await redis.script(DELETE_IF_MINE, [key], [value]);
    },
  };
}
