/**
 * The words of a typed due time, in English and Korean: a relative time (`in 3 days`, `3일 후`),
 * a day (`2026-12-08`, `friday`, `tomorrow`, `12월 8일`, `다음 주 금요일`, `내일`) and a time of
 * day (`17:00`, `5pm`, `noon`, `오후 5시 30분`, `아침 9시 반`, `정오`). Only reads words; due.ts
 * puts them on the calendar. Input is already trimmed, lower-cased and single-spaced.
 */

/** An hour and minute of the day (24-hour). */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** Korean weekday names, Monday first (as luxon's `weekday` 1-7), for reading and writing. */
export const KOREAN_WEEKDAYS = ["월", "화", "수", "목", "금", "토", "일"] as const;

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

const UNITS: Record<string, "minute" | "hour" | "day" | "week"> = {
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
  분: "minute",
  시간: "hour",
  일: "day",
  주: "week",
  주일: "week",
};

/** The time of day in `17:00`, `9am`, `9:30 pm`, `noon`, `midnight`; undefined if not one. */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
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

/**
 * The part of a Korean day a clock hour is in, with the hours (on a 12-hour clock) it may name
 * and whether they are afternoon hours. "밤 12시" and "자정" are not read: they are said of both
 * ends of a day.
 */
const KOREAN_DAY_PARTS: Record<string, { readonly hours: readonly number[]; readonly pm: boolean }> = {
  오전: { hours: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], pm: false },
  새벽: { hours: [1, 2, 3, 4, 5, 6], pm: false },
  아침: { hours: [5, 6, 7, 8, 9, 10, 11], pm: false },
  오후: { hours: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], pm: true },
  낮: { hours: [12, 1, 2, 3, 4, 5], pm: true },
  저녁: { hours: [5, 6, 7, 8, 9, 10, 11], pm: true },
  밤: { hours: [7, 8, 9, 10, 11], pm: true },
};

/**
 * A Korean time of day: `오후 5시`, `오후 5시 30분`, `아침 9시 반`, `오후 5:30`, `17시`, `정오`.
 * An hour from 1 to 12 needs its part of the day (오전, 오후, 저녁 …): "5시" alone could be
 * either, so it is refused rather than guessed. 0 and 13 to 23 are read as a 24-hour clock.
 */
function parseKoreanTimeOfDay(text: string): TimeOfDay | undefined {
  if (text === "정오") return { hour: 12, minute: 0 };
  const match =
    /^(?:(오전|오후|새벽|아침|낮|저녁|밤) ?)?(\d{1,2})(?:시(?: ?(\d{1,2})분| ?(반))?|:(\d{2}))$/.exec(text);
  if (!match) return undefined;
  const [, part, hourText, minuteText, half, colonMinutes] = match;
  const hour = Number(hourText);
  const minute = half ? 30 : Number(minuteText ?? colonMinutes ?? 0);
  if (minute > 59) return undefined;
  if (part === undefined) {
    // "17:00" is read by parseTimeOfDay; here "17시" and "0시", never an hour that could be either.
    return hour === 0 || (hour >= 13 && hour <= 23) ? { hour, minute } : undefined;
  }
  const rule = KOREAN_DAY_PARTS[part];
  if (!rule?.hours.includes(hour)) return undefined;
  return { hour: (hour % 12) + (rule.pm ? 12 : 0), minute };
}

/** A time of day in either language (`at 5pm`, `17:00`, `오후 5시`); undefined if not one. */
export function readTimeOfDay(text: string): TimeOfDay | undefined {
  const t = text.replace(/^at /, "");
  return parseTimeOfDay(t) ?? parseKoreanTimeOfDay(t);
}

/** `in 3 days`, `3일 후`, `2시간 뒤` (and what follows a Korean one: `3일 후 오후 5시`). */
export function readRelative(
  text: string,
): { amount: number; unit: "minute" | "hour" | "day" | "week"; rest?: string } | undefined {
  const english = /^in (\d{1,4}) ?([a-z]+)$/.exec(text);
  const korean = /^(\d{1,4}) ?(분|시간|일|주일|주) ?(?:후|뒤)(?: (.+))?$/.exec(text);
  const match = english ?? korean;
  if (!match) return undefined;
  const unit = UNITS[match[2] ?? ""];
  if (!unit) return undefined;
  const rest = korean?.[3];
  return { amount: Number(match[1]), unit, ...(rest === undefined ? {} : { rest }) };
}

/** Which week a weekday is in: the coming one, a week after it (English "next"), or by ISO week (Korean 이번 주, 다음 주). */
export type WeekOf = "coming" | "a-week-after-coming" | "this" | "next";

/** A day as typed: a date (the year may be left out in Korean), days from today, or a weekday (0 = Monday). */
export type DaySpec =
  | { readonly kind: "date"; readonly year?: number; readonly month: number; readonly day: number }
  | { readonly kind: "offset"; readonly days: number }
  | { readonly kind: "weekday"; readonly index: number; readonly week: WeekOf };

const DAY_OFFSETS: Record<string, number> = { today: 0, tomorrow: 1, 오늘: 0, 내일: 1, 모레: 2 };

/** The day a due time names, and the rest of the text (its time of day), if any. */
export function readDayPart(text: string): { day: DaySpec; rest?: string } | undefined {
  const withRest = (day: DaySpec, rest: string | undefined) => ({ day, ...(rest ? { rest } : {}) });

  // 2026-12-08 | 2026.12.08 | 2026/12/08, then a time after a space (or ISO's "t")
  const iso = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?(?:[ t](.+))?$/.exec(text);
  if (iso)
    return withRest(
      { kind: "date", year: +(iso[1] ?? 0), month: +(iso[2] ?? 0), day: +(iso[3] ?? 0) },
      iso[4],
    );

  // 2026년 12월 8일 | 12월 8일 (the nearest such date)
  const korean = /^(?:(\d{4}) ?년 ?)?(\d{1,2}) ?월 ?(\d{1,2}) ?일(?: (.+))?$/.exec(text);
  if (korean) {
    const date = { month: +(korean[2] ?? 0), day: +(korean[3] ?? 0) };
    const year = korean[1] === undefined ? {} : { year: +korean[1] };
    return withRest({ kind: "date", ...year, ...date }, korean[4]);
  }

  // 금요일 | 이번 주 금요일 | 다음 주 금요일 | 다음주 금요일
  const weekday = /^(?:(이번|다음) ?주 ?)?([월화수목금토일])요일(?: (.+))?$/.exec(text);
  if (weekday) {
    const index = KOREAN_WEEKDAYS.indexOf(weekday[2] as (typeof KOREAN_WEEKDAYS)[number]);
    const week: WeekOf = weekday[1] === "이번" ? "this" : weekday[1] === "다음" ? "next" : "coming";
    return withRest({ kind: "weekday", index, week }, weekday[3]);
  }

  // today | tomorrow | 오늘 | 내일 | 모레 | friday | fri | next friday (then "17:00", "at 5pm", "오후 5시")
  const named = /^(next )?([a-z]+|오늘|내일|모레)(?: (.+))?$/.exec(text);
  if (!named) return undefined;
  const word = named[2] ?? "";
  const offset = DAY_OFFSETS[word];
  if (offset !== undefined)
    return named[1] ? undefined : withRest({ kind: "offset", days: offset }, named[3]);
  const index = WEEKDAYS.findIndex((d) => d === word || d.slice(0, 3) === word);
  if (index < 0) return undefined;
  return withRest({ kind: "weekday", index, week: named[1] ? "a-week-after-coming" : "coming" }, named[3]);
}
