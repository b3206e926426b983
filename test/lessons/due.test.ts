import { describe, expect, it } from "vitest";
import { describeDue, parseDue, parseTimeOfDay } from "../../src/app/lessons/due.ts";
import { canonicalTimeZone, formatWithOffset, timeZoneChoices } from "../../src/app/lessons/time-zone.ts";

const utc = (iso: string) => Date.parse(iso);

describe("parseDue", () => {
  // Tuesday 2026-12-01 10:00 UTC.
  const now = utc("2026-12-01T10:00:00Z");

  it("reads a date and time in the server's zone", () => {
    const due = parseDue("2026-12-08 17:00", "Asia/Seoul", now);
    expect(due).toMatchObject({ kind: "ok", at: utc("2026-12-08T08:00:00Z") });
    expect(due.kind === "ok" && due.understood).toBe("Tue 2026-12-08 17:00 (Asia/Seoul, UTC+09:00)");
  });

  it("reads weekdays, today, tomorrow and 12-hour times", () => {
    expect(parseDue("friday 17:00", "UTC", now)).toMatchObject({ at: utc("2026-12-04T17:00:00Z") });
    expect(parseDue("Fri 5pm", "UTC", now)).toMatchObject({ at: utc("2026-12-04T17:00:00Z") });
    expect(parseDue("tomorrow 9am", "UTC", now)).toMatchObject({ at: utc("2026-12-02T09:00:00Z") });
    expect(parseDue("today 12:30 pm", "UTC", now)).toMatchObject({ at: utc("2026-12-01T12:30:00Z") });
    // A Tuesday's "tuesday 9:00" has passed: it means next week's.
    expect(parseDue("tuesday 9:00", "UTC", now)).toMatchObject({ at: utc("2026-12-08T09:00:00Z") });
    expect(parseDue("tuesday 11:00", "UTC", now)).toMatchObject({ at: utc("2026-12-01T11:00:00Z") });
    expect(parseDue("2026-12-08", "UTC", now)).toMatchObject({ at: utc("2026-12-08T23:59:00Z") });
  });

  it("reads relative times", () => {
    expect(parseDue("in 3 days", "UTC", now)).toMatchObject({ at: utc("2026-12-04T10:00:00Z") });
    expect(parseDue("in 2 hours", "UTC", now)).toMatchObject({ at: utc("2026-12-01T12:00:00Z") });
    expect(parseDue("in 90 minutes", "UTC", now)).toMatchObject({ at: utc("2026-12-01T11:30:00Z") });
  });

  it("keeps the wall time across a DST change (America/New_York, March and November)", () => {
    // Sat 2026-03-07 17:00 EST (UTC-5); DST starts Sun 2026-03-08 at 02:00.
    const beforeSpring = utc("2026-03-07T22:00:00Z");
    const spring = parseDue("in 3 days", "America/New_York", beforeSpring);
    expect(spring).toMatchObject({ kind: "ok", at: utc("2026-03-10T21:00:00Z") }); // 17:00 EDT
    expect(parseDue("monday 17:00", "America/New_York", beforeSpring)).toMatchObject({
      at: utc("2026-03-09T21:00:00Z"),
    });
    // DST ends Sun 2026-11-01 at 02:00: 17:00 on Monday is UTC-5 again.
    const beforeFall = utc("2026-10-31T21:00:00Z"); // Sat 17:00 EDT
    const fall = parseDue("monday 17:00", "America/New_York", beforeFall);
    expect(fall).toMatchObject({ at: utc("2026-11-02T22:00:00Z") });
    expect(fall.kind === "ok" && fall.understood).toContain("UTC-05:00");
    // "in 2 hours" is two real hours, even across the repeated hour.
    expect(parseDue("in 2 hours", "America/New_York", utc("2026-11-01T05:00:00Z"))).toMatchObject({
      at: utc("2026-11-01T07:00:00Z"),
    });
  });

  it("refuses a time that does not exist in a spring-forward gap (Europe/Berlin)", () => {
    const now = utc("2026-03-20T12:00:00Z");
    expect(parseDue("2026-03-29 02:30", "Europe/Berlin", now)).toEqual({
      kind: "no-such-time",
      understood: "2026-03-29 02:30",
    });
    // The hour after the gap is CEST (UTC+2), the day before CET (UTC+1).
    expect(parseDue("2026-03-29 03:30", "Europe/Berlin", now)).toMatchObject({
      at: utc("2026-03-29T01:30:00Z"),
    });
    expect(parseDue("2026-03-28 03:30", "Europe/Berlin", now)).toMatchObject({
      at: utc("2026-03-28T02:30:00Z"),
    });
  });

  it("refuses a past time with what it understood, and bad input", () => {
    const past = parseDue("2026-11-30 17:00", "UTC", now);
    expect(past).toMatchObject({ kind: "past", understood: "Mon 2026-11-30 17:00 (UTC, UTC+00:00)" });
    for (const bad of [
      "",
      "soon",
      "friday at lunch",
      "2026-13-01 10:00",
      "2026-02-30",
      "in 3 fortnights",
      "25:00",
      "tomorrow 17",
      "13pm",
      "next tomorrow",
    ]) {
      expect(parseDue(bad, "UTC", now), bad).toEqual({ kind: "unparseable" });
    }
  });
});

describe("times of day and zones", () => {
  it("reads 24-hour and 12-hour times", () => {
    expect(parseTimeOfDay("12am")).toEqual({ hour: 0, minute: 0 });
    expect(parseTimeOfDay("12pm")).toEqual({ hour: 12, minute: 0 });
    expect(parseTimeOfDay("9:05 pm")).toEqual({ hour: 21, minute: 5 });
    expect(parseTimeOfDay("17:60")).toBeUndefined();
  });

  it("knows IANA names in any case, and completes them", () => {
    expect(canonicalTimeZone("asia/seoul")).toBe("Asia/Seoul");
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
    expect(timeZoneChoices("seoul", 25)).toContain("Asia/Seoul");
    expect(timeZoneChoices("new_y", 25)[0]).toBe("America/New_York");
    expect(timeZoneChoices("", 25)).toHaveLength(25);
  });

  it("formats a moment with its offset", () => {
    expect(formatWithOffset(utc("2026-12-08T08:00:00Z"), "Asia/Seoul")).toBe("2026-12-08 17:00:00 +09:00");
    expect(formatWithOffset(utc("2026-07-01T12:00:00Z"), "America/New_York")).toBe(
      "2026-07-01 08:00:00 -04:00",
    );
  });
});

describe("due times typed in Korean", () => {
  // Tuesday 2026-12-01 10:00 in Seoul (01:00 UTC): a fixed clock, as everywhere in this file.
  const now = utc("2026-12-01T01:00:00Z");
  const seoul = (iso: string) => utc(`${iso}+09:00`);

  it("reads tomorrow, the day after, and today with a Korean time of day", () => {
    expect(parseDue("내일 오후 5시", "Asia/Seoul", now)).toMatchObject({
      kind: "ok",
      at: seoul("2026-12-02T17:00"),
    });
    expect(parseDue("내일 오전 9시 30분", "Asia/Seoul", now)).toMatchObject({
      at: seoul("2026-12-02T09:30"),
    });
    expect(parseDue("모레 저녁 7시 반", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-03T19:30") });
    expect(parseDue("오늘 17:30", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-01T17:30") });
    expect(parseDue("오늘 밤 11시", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-01T23:00") });
    expect(parseDue("내일 정오", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-02T12:00") });
    expect(parseDue("내일 오전 12시", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-02T00:00") });
    expect(parseDue("내일 오후 12시", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-02T12:00") });
    expect(parseDue("내일 17시", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-02T17:00") });
    expect(parseDue("내일 오후5시까지", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-02T17:00") });
    // A day alone is its end, as in English.
    expect(parseDue("내일", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-02T23:59") });
  });

  it("reads weekdays: the coming one, this ISO week's, next ISO week's", () => {
    expect(parseDue("금요일 17:00", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-04T17:00") });
    expect(parseDue("금요일 오후 5시", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-04T17:00") });
    // A Tuesday's "화요일 9시" has passed: it means next week's, as "tuesday 9:00" does.
    expect(parseDue("화요일 오전 9시", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-08T09:00") });
    expect(parseDue("화요일 오전 11시", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-01T11:00") });
    expect(parseDue("이번 주 금요일", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-04T23:59") });
    expect(parseDue("다음 주 월요일 9:00", "Asia/Seoul", now)).toMatchObject({
      at: seoul("2026-12-07T09:00"),
    });
    expect(parseDue("다음주 금요일 17:00", "Asia/Seoul", now)).toMatchObject({
      at: seoul("2026-12-11T17:00"),
    });
    // This week's Monday is gone: refused as past, with what was understood, in Korean.
    expect(parseDue("이번 주 월요일 9:00", "Asia/Seoul", now, "ko")).toEqual({
      kind: "past",
      at: seoul("2026-11-30T09:00"),
      understood: "2026-11-30(월) 09:00 (Asia/Seoul, UTC+09:00)",
    });
  });

  it("reads dates, in ISO or Korean form; without a year, the nearest such date", () => {
    const at = seoul("2026-12-08T17:00");
    for (const typed of [
      "2026-12-08 17:00",
      "2026-12-08 오후 5시",
      "2026.12.08 17:00",
      "2026년 12월 8일 오후 5시",
      "2026년12월8일 17:00",
      "12월 8일 오후 5시",
    ]) {
      expect(parseDue(typed, "Asia/Seoul", now), typed).toMatchObject({ kind: "ok", at });
    }
    // In December, "1월 5일" is next January; a date just passed is refused, not moved a year on.
    expect(parseDue("1월 5일 9:00", "Asia/Seoul", now)).toMatchObject({
      kind: "ok",
      at: seoul("2027-01-05T09:00"),
    });
    expect(parseDue("11월 30일 9:00", "Asia/Seoul", now)).toMatchObject({ kind: "past" });
  });

  it("reads relative times, and a time of day after a number of days", () => {
    expect(parseDue("3일 후", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-04T10:00") });
    expect(parseDue("3일 뒤", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-04T10:00") });
    expect(parseDue("3일후", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-04T10:00") });
    expect(parseDue("2시간 후", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-01T12:00") });
    expect(parseDue("90분 뒤", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-01T11:30") });
    expect(parseDue("1주일 후", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-08T10:00") });
    expect(parseDue("2주 후", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-15T10:00") });
    expect(parseDue("3일 후 오후 5시", "Asia/Seoul", now)).toMatchObject({ at: seoul("2026-12-04T17:00") });
  });

  it("keeps the wall time across a DST change, and refuses a time in the gap, as in English", () => {
    // Sat 2026-03-07 17:00 EST; DST starts Sun 2026-03-08 at 02:00 in New York.
    const beforeSpring = utc("2026-03-07T22:00:00Z");
    expect(parseDue("3일 후", "America/New_York", beforeSpring)).toMatchObject({
      at: utc("2026-03-10T21:00:00Z"),
    });
    expect(parseDue("월요일 오후 5시", "America/New_York", beforeSpring)).toMatchObject({
      at: utc("2026-03-09T21:00:00Z"),
    });
    // DST ends Sun 2026-11-01: Monday 17:00 is UTC-5 again, and says so.
    const fall = parseDue("월요일 오후 5시", "America/New_York", utc("2026-10-31T21:00:00Z"), "ko");
    expect(fall).toMatchObject({ at: utc("2026-11-02T22:00:00Z") });
    expect(fall.kind === "ok" && fall.understood).toBe("2026-11-02(월) 17:00 (America/New_York, UTC-05:00)");
    // Europe/Berlin skips 02:00-03:00 on 2026-03-29.
    const spring = utc("2026-03-20T12:00:00Z");
    expect(parseDue("2026년 3월 29일 오전 2시 30분", "Europe/Berlin", spring)).toEqual({
      kind: "no-such-time",
      understood: "2026년 3월 29일 오전 2시 30분",
    });
    expect(parseDue("3월 29일 오전 3시 30분", "Europe/Berlin", spring)).toMatchObject({
      at: utc("2026-03-29T01:30:00Z"),
    });
  });

  it("refuses what it cannot read for sure, rather than guess", () => {
    for (const bad of [
      "내일 5시", // 5 in the morning or the afternoon: 오전 or 오후 is needed
      "내일 12시", // noon or midnight
      "내일 밤 12시",
      "내일 자정", // said of both ends of a day
      "오후 5시", // no day
      "금요일 오후 13시",
      "금요일 오전 9시 75분",
      "아침 3시",
      "2월 30일",
      "3일 후 5시",
      "2시간 후 오후 5시",
      "다음 내일",
      "언젠가",
      "3개월 후",
    ]) {
      expect(parseDue(bad, "Asia/Seoul", now), bad).toEqual({ kind: "unparseable" });
    }
  });

  it("reads English and Korean whatever the reader's language, and tells it back in theirs", () => {
    const english = parseDue("friday 17:00", "Asia/Seoul", now, "ko");
    const korean = parseDue("금요일 17:00", "Asia/Seoul", now, "en");
    expect(english).toMatchObject({ at: seoul("2026-12-04T17:00") });
    expect(english.kind === "ok" && english.understood).toBe("2026-12-04(금) 17:00 (Asia/Seoul, UTC+09:00)");
    expect(korean.kind === "ok" && korean.understood).toBe("Fri 2026-12-04 17:00 (Asia/Seoul, UTC+09:00)");
  });

  it("names every weekday in Korean", () => {
    const week = [7, 8, 9, 10, 11, 12, 13].map((day) =>
      describeDue(seoul(`2026-12-${String(day).padStart(2, "0")}T09:00`), "Asia/Seoul", "ko").slice(10, 13),
    );
    expect(week).toEqual(["(월)", "(화)", "(수)", "(목)", "(금)", "(토)", "(일)"]);
  });
});
