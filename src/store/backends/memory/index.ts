/**
 * In memory: keyv's own Map store, for the fast tests and the terminal quiz. Everything lives in
 * this process and is gone when it ends; it implements the whole interface all the same
 * (transactions, scans, rankings, leases, the step queue), so code run on it runs on the others.
 */
import type Keyv from "keyv";
import type { Backend, BackendDriver, InteractionClaims, KeyLeases } from "../../backend.ts";
import { memoryClaims } from "../../interaction-claims.ts";
import { keyvOver } from "../../keyv.ts";
import { Leaderboards } from "../../leaderboards.ts";
import { holderOf } from "../../lease-holder.ts";
import { inProcessSteps } from "../../steps.ts";
import { CompareAndSetTransactions, payloadsOf } from "../compare-and-set.ts";

/** A lease as kept in the Map: its holder's token, and until when (epoch ms). */
interface LeaseEntry {
  readonly token: string;
  readonly until: number;
}

/** Leases on keys of the Map, with the process clock deciding expiry. */
function mapLeases(map: Map<string, unknown>, token: string, ttlMs: number): KeyLeases {
  const leaseOf = (key: string): LeaseEntry | undefined => {
    const entry = map.get(key);
    if (typeof entry !== "string") return undefined;
    try {
      const parsed = JSON.parse(entry) as Partial<LeaseEntry>;
      return typeof parsed.token === "string" && typeof parsed.until === "number"
        ? { token: parsed.token, until: parsed.until }
        : undefined;
    } catch {
      return undefined;
    }
  };
  const write = (key: string) => map.set(key, JSON.stringify({ token, until: Date.now() + ttlMs }));
  return {
    async take(key) {
      const held = leaseOf(key);
      if (!held || held.until <= Date.now() || held.token === token) {
        write(key);
        return { taken: true };
      }
      return {
        taken: false,
        holder: holderOf(held.token),
        value: String(map.get(key)),
        leftMs: held.until - Date.now(),
      };
    },
    async renew(key) {
      const held = leaseOf(key);
      if (!held) return "vanished";
      if (held.token !== token) return "taken";
      write(key);
      return "held";
    },
    async drop(key) {
      if (leaseOf(key)?.token === token) map.delete(key);
    },
    async dropIf(key, value) {
      if (map.get(key) === value) map.delete(key);
    },
  };
}

function memoryBackend(keyv: Keyv): Backend {
  const map = keyv.store as unknown;
  if (!(map instanceof Map)) throw new Error("the in-memory store is not keyv's Map store");
  const entries = map as Map<string, unknown>;
  const namespace = keyv.namespace ?? "";
  const rawKey = (key: string) => (namespace ? `${namespace}:${key}` : key);
  let claims: InteractionClaims | undefined;
  return {
    driver: memoryDriver,
    keyv,
    transactions: new CompareAndSetTransactions({
      rawKey,
      readRaw: async (keys) =>
        new Map(
          keys.map((key) => [
            key,
            typeof entries.get(key) === "string" ? (entries.get(key) as string) : null,
          ]),
        ),
      // One synchronous step: nothing else runs between the check and the writes. Boards are
      // ranked in memory (the stores tell them of each commit).
      writeIfUnchanged(expected, writes) {
        for (const [key, payload] of expected) if ((entries.get(key) ?? null) !== payload) return false;
        for (const write of payloadsOf(writes, rawKey)) entries.set(write.key, write.payload);
        return true;
      },
    }),
    rows(prefix) {
      const full = rawKey(prefix);
      // A snapshot: writes made while the caller reads are not seen (as with a paged scan, roughly).
      const found = [...entries]
        .filter(([key]) => key.startsWith(full))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return (async function* () {
        yield* found;
      })();
    },
    networked: false,
    boards: (context) => new Leaderboards(keyv, context.now, context.reportCorrupt, context.onScanRetry),
    claims(now) {
      claims ??= memoryClaims(now);
      return claims;
    },
    leases: { kind: "per-key", open: (token, ttlMs) => mapLeases(entries, token, ttlMs) },
    evictionPolicy: async () => undefined,
  };
}

export const memoryDriver: BackendDriver = {
  name: "memory",
  shared: false,
  open: (_url, options = {}) => memoryBackend(keyvOver(new Map(), options.namespace ?? "quiz")),
  over: (keyv) => memoryBackend(keyv),
  openSteps: async () => inProcessSteps(),
  backup: {
    supported: false,
    reason: "an in-memory store is gone when its process ends: there is nothing on disk to copy",
  },
};
