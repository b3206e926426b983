/**
 * The bot's rate limits (proposals, reports, starts): a sliding window of the times an action was
 * taken, `limit` per `windowMs`. The rule is here; the store only keeps each slot's times
 * (community.slotTimes / saveSlotTimes), saved only if no other action was counted meanwhile.
 */
import type { SlotOwner } from "../store/community.ts";
import { untilCommitted } from "./commit-retry.ts";
import type { AppContext } from "./context.ts";

/** Whether a rate-limited action may go ahead, or when it may next (epoch ms). */
export type SlotResult = { readonly ok: true } | { readonly ok: false; readonly retryAt: number };

/** The rule itself: the times still inside the window, and whether one more fits. */
export function decideSlot(
  times: readonly number[],
  now: number,
  limit: number,
  windowMs: number,
): { readonly result: SlotResult; readonly times?: readonly number[] } {
  const recent = times.filter((t) => t > now - windowMs);
  if (recent.length >= limit) return { result: { ok: false, retryAt: (recent[0] ?? now) + windowMs } };
  return { result: { ok: true }, times: [...recent, now] };
}

/** Counts an action against its owner's limit; returns when the next is allowed if the limit is reached. */
export function takeSlot(
  ctx: Pick<AppContext, "community">,
  owner: SlotOwner,
  now: number,
  limit: number,
  windowMs: number,
): Promise<SlotResult> {
  return untilCommitted<SlotResult>(async () => {
    const slot = await ctx.community.slotTimes(owner);
    const decided = decideSlot(slot.times, now, limit, windowMs);
    if (!decided.times) return { committed: true, result: decided.result };
    const saved = await ctx.community.saveSlotTimes(slot, decided.times, windowMs);
    return saved ? { committed: true, result: decided.result } : { committed: false };
  });
}
