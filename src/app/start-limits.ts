import type { StartLimits } from "../engine/limits.ts";
import type { AppContext } from "./context.ts";
import { takeSlot } from "./rate-limit.ts";

const HOUR_MS = 60 * 60 * 1000;

/** Why a start was refused: whose limit, and when the next start is allowed (epoch ms). */
export type StartRefusal = {
  readonly scope: "member" | "channel";
  readonly max: number;
  readonly retryAt: number;
};

/**
 * Counts a start against the channel's limit (for a public round) and the member's, in that
 * order; returns the refusal if either is reached. Every start is kept in the grade book or the
 * leaderboards, so a member starting and stopping rounds in a loop would otherwise flood both.
 */
export async function takeStartSlot(
  app: AppContext,
  input: { guildId: string; userId: string; channelId: string; public: boolean; limits: StartLimits },
): Promise<StartRefusal | undefined> {
  const now = app.now();
  const { perMember, perChannel } = input.limits;
  if (input.public && perChannel > 0) {
    const owner = { kind: "starts", guildId: input.guildId, scope: "channel", id: input.channelId } as const;
    const slot = await takeSlot(app, owner, now, perChannel, HOUR_MS);
    if (!slot.ok) return { scope: "channel", max: perChannel, retryAt: slot.retryAt };
  }
  if (perMember > 0) {
    const owner = { kind: "starts", guildId: input.guildId, scope: "member", id: input.userId } as const;
    const slot = await takeSlot(app, owner, now, perMember, HOUR_MS);
    if (!slot.ok) return { scope: "member", max: perMember, retryAt: slot.retryAt };
  }
  return undefined;
}
