/** The server's time zone, in which due times are read and the grade book's times are written. */
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
