/**
 * A Redis that evicts keys under memory pressure (any `maxmemory-policy` but `noeviction`, such as
 * the common `allkeys-lru`) silently deletes scores, rounds and assignments, and the players who
 * were told "your answer is in" lose it. The bot checks the policy at start and refuses such a
 * store, unless the operator says on purpose that it may run on one (then it says so at every start).
 */
import type Keyv from "keyv";
import { backendFor } from "./registry.ts";

/** Thrown at start on a Redis that may evict the bot's records: the message says why, and how to fix it. */
export class EvictingStoreError extends Error {
  override name = "EvictingStoreError";
}

/** The environment variable that lets the bot run on an evicting Redis anyway (logged as an error at every start). */
export const ALLOW_EVICTION_ENV = "STORE_ALLOW_EVICTION";

/** What an operator is told about an evicting Redis. */
export function evictionMessage(policy: string): string {
  return `The Redis store has maxmemory-policy "${policy}": when it is full it deletes keys, and the bot's scores, rounds and assignments would silently disappear (players told their answer is in would lose it). Set "maxmemory-policy noeviction" in redis.conf (or CONFIG SET maxmemory-policy noeviction), so a full Redis refuses writes and the bot says so instead. To run anyway, set ${ALLOW_EVICTION_ENV}=1 (logged as an error at every start).`;
}

/**
 * Refuses (throws EvictingStoreError) a Redis that may evict, or returns the warning to log when
 * `allowed`; undefined when the store is safe or not Redis.
 */
export async function checkEviction(keyv: Keyv, allowed: boolean): Promise<string | undefined> {
  const policy = await backendFor(keyv).evictionPolicy();
  if (policy === undefined || policy === "noeviction") return undefined;
  if (!allowed) throw new EvictingStoreError(evictionMessage(policy));
  return evictionMessage(policy);
}
