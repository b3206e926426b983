/**
 * Interaction ids already taken, so that each interaction acts once. Discord sends an interaction
 * once, but a signed HTTP delivery is valid for 30 s (its timestamp window), so a captured request
 * played back, to this worker or another, must change nothing. The first process to record an id
 * in the store acts on it; every later delivery of that id finds it taken.
 *
 * Each id is kept CLAIM_TTL_MS (well past the 30 s window), written as keyv writes a record with an
 * expiry, with one atomic set-if-absent per backend: Redis `SET NX PX`; PostgreSQL and SQLite an
 * upsert that only replaces an expired claim. Expired claims are swept now and then.
 */
import type Keyv from "keyv";
import type { InteractionClaims } from "./backend.ts";
import { backendFor } from "./registry.ts";

export type { InteractionClaims } from "./backend.ts";

/** How long a claimed interaction id is remembered: past Discord's 30 s signature window, with margin. */
export const CLAIM_TTL_MS = 5 * 60 * 1000;

/** How often expired claims are deleted (Redis expires its own). */
export const SWEEP_EVERY_MS = 60 * 1000;

/** The raw key of a claim (keyv's `{namespace}:interaction:{id}`). */
export const claimKeyOf = (keyv: Keyv, id: string) => `${keyv.namespace ?? "quiz"}:interaction:${id}`;
/** A claim's payload, as keyv writes a record with an expiry. */
export const claimPayload = (expires: number) => JSON.stringify({ value: true, expires });

/** The claims on the store under `keyv`, whichever backend it is. */
export function interactionClaims(keyv: Keyv, now: () => number): InteractionClaims {
  return backendFor(keyv).claims(now);
}

/** In one process only (the in-memory store of tests and the terminal quiz). */
export function memoryClaims(now: () => number): InteractionClaims {
  const claimed = new Map<string, number>();
  let sweptAt = now();
  return {
    async claim(id) {
      const at = now();
      if (at - sweptAt > SWEEP_EVERY_MS) {
        sweptAt = at;
        for (const [key, expires] of claimed) if (expires <= at) claimed.delete(key);
      }
      const expires = claimed.get(id);
      if (expires !== undefined && expires > at) return false;
      claimed.set(id, at + CLAIM_TTL_MS);
      return true;
    },
  };
}
