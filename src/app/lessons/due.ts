/**
 * Due times as teachers type them, read in the server's time zone: `2026-12-08 17:00`,
 * `friday 17:00`, `tomorrow 9am`, `today 17:30`, `in 3 days`, `in 2 hours`. A small parser of
 * our own for these few forms (a general phrase parser accepts far more than we could explain
 * back), with luxon for the calendar: wall times in the zone, across DST changes.
 */
import { DateTime, type DateTimeUnit } from "luxon";

/** What a due time was read as, or why it was refused (with what was understood, if anything). */
export type DueParse =
  | { readonly kind: "ok"; readonly at: number; readonly understood: string }
  | { readonly kind: "unparseable" }
  | { readonly kind: "past"; readonly at: number; readonly understood: string }
  | { readonly kind: "no-such-time"; readonly understood: string };

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const UNITS: Record<string, DateTimeUnit> = {
  minute: "minute",
  minutes: "minute",
  min: "minute",
  mins: "minute",
  hour: "hour",
  hours: "hour",
  h: "hour",
  day: "day",
  days: "day",
  d: "day",
  week: "week",
  weeks: "week",
  w: "week",
};

/** The time of day in `17:00`, `9am`, `9:30 pm`, `noon`, `midnight`; undefined if not one. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const t = text.trim().toLowerCase();
  if (t === "noon") return { hour: 12, minute: 0 };
  if (t === "midnight") return { hour: 0, minute: 0 };
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/.exec(t);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3];
  if (half === undefined && match[2] === undefined) return undefined; // "17" alone is ambiguous
  if (minute > 59) return undefined;
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === "pm" ? 12 : 0);
  } else if (hour > 23) return undefined;
  return { hour, minute };
}

/** A date and time of day in a zone, or why it does not exist there (a DST gap). */
function atWallTime(
  date: { year: number; month: number; day: number },
  time: { hour: number; minute: number },
  zone: string,
): DateTime | "no-such-time" | undefined {
  const dt = DateTime.fromObject({ ...date, ...time }, { zone });
  if (!dt.isValid) return undefined;
  // In a spring-forward gap luxon moves the time on; a due time that does not exist is refused.
  if (dt.hour !== time.hour || dt.minute !== time.minute) return "no-such-time";
  return dt;
}

/** How a due time reads back: `Fri 2026-12-11 17:00 (America/New_York, UTC-05:00)`. */
export function describeDue(at: number, zone: string): string {
  const dt = DateTime.fromMillis(at, { zone });
  return `${dt.toFormat("ccc yyyy-MM-dd HH:mm")} (${zone}, UTC${dt.toFormat("ZZ")})`;
}

function resolved(
  dt: DateTime | "no-such-time" | undefined,
  zone: string,
  now: number,
  text: string,
): DueParse {
  if (dt === undefined) return { kind: "unparseable" };
  if (dt === "no-such-time") return { kind: "no-such-time", understood: text.trim() };
  const at = dt.toMillis();
  const understood = describeDue(at, zone);
  return at <= now ? { kind: "past", at, understood } : { kind: "ok", at, understood };
}

/** Reads a due time typed in one of the forms above, in `zone`, relative to `now` (epoch ms). */
export function parseDue(text: string, zone: string, now: number): DueParse {
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  const today = DateTime.fromMillis(now, { zone });
  if (!today.isValid) return { kind: "unparseable" };

  // in 3 days | in 2 hours | in 90 minutes
  const relative = /^in (\d{1,4}) ?([a-z]+)$/.exec(t);
  if (relative) {
    const unit = UNITS[relative[2] ?? ""];
    if (!unit) return { kind: "unparseable" };
    const amount = Number(relative[1]);
    if (amount === 0) return resolved(today, zone, now, text);
    // Days and weeks are calendar days in the zone (the wall time stays across a DST change).
    return resolved(today.plus({ [unit]: amount }), zone, now, text);
  }

  // 2026-12-08 17:00 | 2026-12-08 5pm | 2026-12-08 (the end of that day)
  const dated = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](.+))?$/.exec(t);
  if (dated) {
    const date = { year: Number(dated[1]), month: Number(dated[2]), day: Number(dated[3]) };
    const time = dated[4] === undefined ? { hour: 23, minute: 59 } : parseTimeOfDay(dated[4]);
    if (!time) return { kind: "unparseable" };
    return resolved(atWallTime(date, time, zone), zone, now, text);
  }

  // today 17:00 | tomorrow 9am | friday 17:00 | next friday 17:00
  const named = /^(next )?([a-z]+)(?: (?:at )?(.+))?$/.exec(t);
  if (named) {
    const word = named[2] ?? "";
    const time = named[3] === undefined ? { hour: 23, minute: 59 } : parseTimeOfDay(named[3]);
    if (!time) return { kind: "unparseable" };
    let day: DateTime | undefined;
    if (word === "today" && !named[1]) day = today;
    else if (word === "tomorrow" && !named[1]) day = today.plus({ days: 1 });
    else {
      const index = WEEKDAYS.findIndex((d) => d === word || d.slice(0, 3) === word);
      if (index < 0) return { kind: "unparseable" };
      let ahead = (index + 1 - today.weekday + 7) % 7;
      const candidate = today.plus({ days: ahead }).set({ hour: time.hour, minute: time.minute });
      // "friday 17:00" on a Friday after 17:00, or "next friday", means the one a week on.
      if (named[1] || candidate.toMillis() <= now) ahead += 7;
      day = today.plus({ days: ahead });
    }
    return resolved(
      atWallTime({ year: day.year, month: day.month, day: day.day }, time, zone),
      zone,
      now,
      text,
    );
  }
  return { kind: "unparseable" };
}
