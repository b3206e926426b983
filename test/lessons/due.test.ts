import { describe, expect, it } from "vitest";
import { parseDue, parseTimeOfDay } from "../../src/app/lessons/due.ts";
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
