/** The server's time zone, in which due times are read and the grade book's times are written. */

import { LESSON_LIMITS } from "../../records/lessons.ts";
import type { AppContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { canonicalTimeZone, formatWithOffset, timeZoneChoices } from "./time-zone.ts";

/** Sets the server's time zone from a typed IANA name, or refuses a name that is not a zone. */
export async function setServerTimeZone(ctx: AppContext, guildId: string, typed: string) {
  const zone = canonicalTimeZone(typed);
  if (!zone) throw new UserError("lessons.error.noZone", { zone: typed.slice(0, 64) });
  await ctx.lessons.setTimeZone(guildId, zone);
  return { zone, now: formatWithOffset(ctx.now(), zone) };
}

/** Autocomplete choices for a time zone (Discord shows at most 25). */
export function timeZoneChoicesFor(typed: string): { name: string; value: string }[] {
  return timeZoneChoices(typed, 25).map((zone) => ({ name: zone, value: zone }));
}

/** The server's time zone (its grade book's and reports' times are written in it). */
export function serverTimeZone(ctx: AppContext, guildId: string): Promise<string> {
  return ctx.lessons.timeZone(guildId);
}

/** How many casual rounds a server's grade book keeps (`/settings retention`). */
export async function casualRoundsKept(ctx: AppContext, guildId: string): Promise<number> {
  return (await ctx.community.settings(guildId)).retention?.casualRounds ?? LESSON_LIMITS.casualRoundsKept;
}

/**
 * `/settings retention`: how many casual rounds to keep (within LESSON_LIMITS' range). Rounds past
 * it go, with their answers, as the next rounds are started; class work is never pushed out.
 */
export async function setCasualRoundsKept(ctx: AppContext, guildId: string, rounds: number): Promise<number> {
  const kept = Math.min(
    LESSON_LIMITS.casualRoundsMax,
    Math.max(LESSON_LIMITS.casualRoundsMin, Math.trunc(rounds)),
  );
  await ctx.community.updateSettings(guildId, (current) => ({
    ...current,
    retention: { casualRounds: kept },
  }));
  return kept;
}
