/**
 * Redis: a store several processes share (one lease per shard). Records through @keyv/redis
 * (keys `{namespace}::{namespace}:{key}`, as always); `transact` is optimistic, committed by one
 * Lua script; the leaderboards are sorted sets; the step queue is BullMQ on the same server.
 */
import KeyvRedis from "@keyv/redis";
import type Keyv from "keyv";
import type { Backend, BackendDriver } from "../../backend.ts";
import { STORE_TIMEOUT_MS } from "../../errors.ts";
import { CLAIM_TTL_MS, claimPayload } from "../../interaction-claims.ts";
import { keyvOver, withTimeouts } from "../../keyv.ts";
import { redisAccess } from "./access.ts";
import { RedisBoards } from "./boards.ts";
import { redisEvictionPolicy } from "./eviction.ts";
import { redisLeases } from "./lease.ts";
import { redisSteps } from "./steps.ts";
import { RedisTransactions } from "./transactions.ts";

function redisBackend(keyv: Keyv): Backend {
  const store = keyv.store as unknown;
  const redis = redisAccess(keyv);
  if (!(store instanceof KeyvRedis) || !redis)
    throw new Error("the Redis store is not a @keyv/redis adapter");
  const namespace = keyv.namespace ?? "";
  return {
    driver: redisDriver,
    keyv,
    transactions: new RedisTransactions(redis),
    rows(prefix) {
      // @keyv/redis can match only a whole namespace ("{namespace}::*"); its keys come back as
      // "{namespace}:{key}", and errors are thrown (throwOnErrors).
      const full = namespace ? `${namespace}:${prefix}` : prefix;
      const rows = store.iterator(namespace) as AsyncGenerator<[string, unknown]>;
      return (async function* () {
        for await (const row of rows) if (row[0].startsWith(full)) yield row;
      })();
    },
    networked: true,
    boards: (context) => new RedisBoards(redis, context.now, context.reportCorrupt),
    claims: (now) => ({
      async claim(id) {
        const key = redis.rawKey(`interaction:${id}`);
        const expires = claimPayload(now() + CLAIM_TTL_MS);
        return (await redis.command(["SET", key, expires, "NX", "PX", String(CLAIM_TTL_MS)])) === "OK";
      },
    }),
    leases: { kind: "per-key", open: (token, ttlMs) => redisLeases(redis, token, ttlMs) },
    evictionPolicy: () => redisEvictionPolicy(redis),
  };
}

export const redisDriver: BackendDriver = {
  name: "redis",
  shared: true,
  open(url, options = {}) {
    const store = new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true });
    const keyv = withTimeouts(
      keyvOver(store, options.namespace ?? "quiz"),
      options.timeoutMs ?? STORE_TIMEOUT_MS,
    );
    return redisBackend(keyv);
  },
  over: (keyv) => redisBackend(keyv),
  openSteps: redisSteps,
  backup: {
    supported: false,
    reason:
      "a Redis server snapshots itself: use `redis-cli --rdb out.rdb` (or its RDB/AOF persistence), which copies every namespace consistently",
  },
};
