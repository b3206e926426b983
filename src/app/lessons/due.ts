/**
 * Due times as teachers type them, read in the server's time zone, in English or Korean:
 * `2026-12-08 17:00`, `friday 17:00`, `tomorrow 9am`, `today 17:30`, `in 3 days`, `in 2 hours`;
 * `내일 오후 5시`, `금요일 17:00`, `다음 주 월요일 9:00`, `12월 8일 오후 5시 30분`, `3일 후`, `2시간 뒤`
 * (the words of each language are in due-words.ts). A small parser of our own for these few forms
 * (a general phrase parser accepts far more than we could explain back), with luxon for the
 * calendar: wall times in the zone, across DST changes.
 */
import { DateTime, type DateTimeUnit } from "luxon";
import type { Locale } from "../../i18n/index.ts";
import { KOREAN_WEEKDAYS, readDayPart, readRelative, readTimeOfDay, type TimeOfDay } from "./due-words.ts";

export { parseTimeOfDay } from "./due-words.ts";

/** What a due time was read as, or why it was refused (with what was understood, if anything). */
export type DueParse =
  | { readonly kind: "ok"; readonly at: number; readonly understood: string }
  | { readonly kind: "unparseable" }
  | { readonly kind: "past"; readonly at: number; readonly understood: string }
  | { readonly kind: "no-such-time"; readonly understood: string };

/** A date and time of day in a zone, or why it does not exist there (a DST gap). */
function atWallTime(
  date: { year: number; month: number; day: number },
  time: TimeOfDay,
  zone: string,
): DateTime | "no-such-time" | undefined {
  const dt = DateTime.fromObject({ ...date, ...time }, { zone });
  if (!dt.isValid) return undefined;
  // In a spring-forward gap luxon moves the time on; a due time that does not exist is refused.
  if (dt.hour !== time.hour || dt.minute !== time.minute) return "no-such-time";
  return dt;
}

/**
 * How a due time reads back, with the weekday in the reader's language:
 * `Fri 2026-12-11 17:00 (America/New_York, UTC-05:00)`, `2026-12-11(금) 17:00 (America/New_York, UTC-05:00)`.
 * Korean weekdays come from our own table, so the text does not depend on the runtime's ICU data.
 */
export function describeDue(at: number, zone: string, locale: Locale = "en"): string {
  const dt = DateTime.fromMillis(at, { zone });
  const offset = `(${zone}, UTC${dt.toFormat("ZZ")})`;
  if (locale === "ko") {
    return `${dt.toFormat("yyyy-MM-dd")}(${KOREAN_WEEKDAYS[dt.weekday - 1]}) ${dt.toFormat("HH:mm")} ${offset}`;
  }
  return `${dt.setLocale("en").toFormat("ccc yyyy-MM-dd HH:mm")} ${offset}`;
}

function resolved(
  dt: DateTime | "no-such-time" | undefined,
  zone: string,
  now: number,
  text: string,
  locale: Locale,
): DueParse {
  if (dt === undefined) return { kind: "unparseable" };
  if (dt === "no-such-time") return { kind: "no-such-time", understood: text.trim() };
  const at = dt.toMillis();
  const understood = describeDue(at, zone, locale);
  return at <= now ? { kind: "past", at, understood } : { kind: "ok", at, understood };
}

/** The end of the day, when only a day is given. */
const END_OF_DAY: TimeOfDay = { hour: 23, minute: 59 };

/** Of a month and day given without a year, the date nearest today (so "1월 5일" in December is next year's). */
function nearestYear(today: DateTime, month: number, day: number): number | undefined {
  const candidates = [today.year - 1, today.year, today.year + 1]
    .map((year) => DateTime.fromObject({ year, month, day }, { zone: today.zone }))
    .filter((d) => d.isValid);
  const start = today.startOf("day");
  candidates.sort((a, b) => Math.abs(a.diff(start).toMillis()) - Math.abs(b.diff(start).toMillis()));
  return candidates[0]?.year;
}

/**
 * Reads a due time typed in one of the forms above (English or Korean, whatever the reader's
 * language), in `zone`, relative to `now` (epoch ms); `locale` is the language it is read back in.
 */
export function parseDue(text: string, zone: string, now: number, locale: Locale = "en"): DueParse {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/ ?까지$/, ""); // "내일 오후 5시까지": until, as a due time is
  const today = DateTime.fromMillis(now, { zone });
  if (!today.isValid) return { kind: "unparseable" };
  const done = (dt: DateTime | "no-such-time" | undefined) => resolved(dt, zone, now, text, locale);

  // in 3 days | in 2 hours | 3일 후 | 2시간 뒤 | 3일 후 오후 5시
  const relative = readRelative(t);
  if (relative) {
    const unit: DateTimeUnit = relative.unit;
    if (relative.amount === 0 && relative.rest === undefined) return done(today);
    // Days and weeks are calendar days in the zone (the wall time stays across a DST change).
    const later = today.plus({ [unit]: relative.amount });
    if (relative.rest === undefined) return done(later);
    // A time of day after "3일 후" sets the wall time of that day; after "2시간 후" it means nothing.
    if (unit !== "day" && unit !== "week") return { kind: "unparseable" };
    const time = readTimeOfDay(relative.rest);
    if (!time) return { kind: "unparseable" };
    return done(atWallTime({ year: later.year, month: later.month, day: later.day }, time, zone));
  }

  const dayPart = readDayPart(t);
  if (!dayPart) return { kind: "unparseable" };
  const time = dayPart.rest === undefined ? END_OF_DAY : readTimeOfDay(dayPart.rest);
  if (!time) return { kind: "unparseable" };
  const spec = dayPart.day;
  let day: DateTime;
  switch (spec.kind) {
    case "date": {
      const year = spec.year ?? nearestYear(today, spec.month, spec.day);
      if (year === undefined) return { kind: "unparseable" };
      return done(atWallTime({ year, month: spec.month, day: spec.day }, time, zone));
    }
    case "offset":
      day = today.plus({ days: spec.days });
      break;
    case "weekday": {
      // ISO weeks (Monday first): "이번 주 금요일" is this week's, "다음 주 금요일" next week's.
      const monday = today.minus({ days: today.weekday - 1 });
      if (spec.week === "this") day = monday.plus({ days: spec.index });
      else if (spec.week === "next") day = monday.plus({ days: spec.index + 7 });
      else {
        let ahead = (spec.index + 1 - today.weekday + 7) % 7;
        const candidate = today.plus({ days: ahead }).set({ hour: time.hour, minute: time.minute });
        // "friday 17:00" on a Friday after 17:00, or "next friday", means the one a week on.
        if (spec.week === "a-week-after-coming" || candidate.toMillis() <= now) ahead += 7;
        day = today.plus({ days: ahead });
      }
      break;
    }
  }
  return done(atWallTime({ year: day.year, month: day.month, day: day.day }, time, zone));
}
