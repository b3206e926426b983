import type { AppContext } from "./context.ts";

/**
 * Records that an interaction is being acted on: true for the first delivery of its id, false for
 * a replay (a signed HTTP delivery played back to this worker or another). Over HTTP the transport
 * asks before anything runs.
 */
export function claimInteraction(ctx: AppContext, id: string): Promise<boolean> {
  return ctx.interactions.claim(id);
}
