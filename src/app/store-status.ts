/** What `/status` tells an owner about the store: which backend, and whether it reads and writes now. */
import { backendOf, type StoreBackend } from "../store/open.ts";
import type { StoreProbe } from "../store/probe.ts";
import type { AppContext } from "./context.ts";

export type { StoreProbe };

export interface StoreStatus {
  readonly backend: StoreBackend;
  readonly probe: StoreProbe;
  /** How long the probe took. */
  readonly ms: number;
}

/** Probes the store (a read and a write, bounded by `timeoutMs`) and names its backend. */
export async function storeStatus(
  ctx: AppContext,
  storeUrl: string,
  timeoutMs: number,
): Promise<StoreStatus> {
  const started = performance.now();
  const probe = await ctx.probeStore(timeoutMs);
  return { backend: backendOf(storeUrl), probe, ms: Math.round(performance.now() - started) };
}
