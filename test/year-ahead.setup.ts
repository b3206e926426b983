/**
 * Set-up of the "year-ahead" vitest project: the clock reads one year (366 days) later than the
 * wall clock and keeps ticking, so a fixture or an expectation that only holds until some date (a
 * TTL counted from when a fixture was written, a due time, an ISO week) fails today rather than on
 * the day it runs out. Only Date moves: timers, performance.now() and the store servers' own clocks
 * do not, as when the bot's host runs a year later.
 */
const YEAR_MS = 366 * 24 * 60 * 60 * 1000;
const WallDate = globalThis.Date;

/** Date, a year on: `new Date()` and `Date.now()` are shifted; a date built from a value is that value. */
class YearAheadDate extends WallDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(WallDate.now() + YEAR_MS);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return WallDate.now() + YEAR_MS;
  }
}

globalThis.Date = YearAheadDate as DateConstructor;
