/**
 * Calendar days of the reporting time zone as `YYYY-MM-DD` strings, and the periods built from them
 * (inclusive ranges). Pure: the clock is passed in. Arithmetic runs on UTC midnights, where every day
 * has 24 hours, so daylight-saving changes cannot shift a date.
 */
import { ValidationError } from "../../lib/errors.ts";
import { REPORTING_TIME_ZONE } from "./rollups.ts";

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1970;
const MAX_YEAR = 9000;

/** The longest range insights and lists accept: three years (and a leap day). */
export const MAX_RANGE_DAYS = 3 * 365 + 1;

export interface DayRange {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

function toUtc(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) return Number.NaN;
  const [, year, month, date] = match.map(Number) as [number, number, number, number];
  // Periods around a day (previous period, next month) must stay four-digit years the database reads.
  if (year < MIN_YEAR || year > MAX_YEAR) return Number.NaN;
  const ms = Date.UTC(year, month - 1, date);
  const back = new Date(ms);
  // 2026-02-30 would roll over into March: not a calendar day.
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === date
    ? ms
    : Number.NaN;
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isCalendarDay(day: string): boolean {
  return !Number.isNaN(toUtc(day));
}

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * DAY_MS);
}

/** Days in the inclusive range. */
export function lengthInDays(range: DayRange): number {
  return Math.round((toUtc(range.to) - toUtc(range.from)) / DAY_MS) + 1;
}

export function startOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of the month `months` after the one `day` is in. */
export function addMonths(day: string, months: number): string {
  const date = new Date(toUtc(startOfMonth(day)));
  date.setUTCMonth(date.getUTCMonth() + months);
  return fromUtc(date.getTime());
}

export function endOfMonth(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

const todayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: REPORTING_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The reporting day `now` falls on. */
export function reportingDay(now: Date): string {
  return todayFormat.format(now);
}

/** Checks a requested range: real days, `from` ≤ `to`, at most MAX_RANGE_DAYS long (else 400). */
export function checkedRange(from: string, to: string): DayRange {
  const problems = [
    ...(isCalendarDay(from) ? [] : [{ path: "from", message: "Not a calendar day (YYYY-MM-DD)." }]),
    ...(isCalendarDay(to) ? [] : [{ path: "to", message: "Not a calendar day (YYYY-MM-DD)." }]),
  ];
  if (problems.length > 0) throw new ValidationError("The period needs two calendar days.", problems);
  const range = { from, to };
  if (to < from) {
    throw new ValidationError("The period must not end before it starts (both days are included).", [
      { path: "to", message: "Before `from`." },
    ]);
  }
  if (lengthInDays(range) > MAX_RANGE_DAYS) {
    throw new ValidationError(`The period may be at most ${MAX_RANGE_DAYS} days long.`, [
      { path: "to", message: "Too far after `from`." },
    ]);
  }
  return range;
}

/** The period of equal length right before `range`. */
export function previousPeriod(range: DayRange): DayRange {
  return { from: addDays(range.from, -lengthInDays(range)), to: addDays(range.from, -1) };
}

/** Every day of the range, in order. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Every month (`YYYY-MM`) the range touches, in order. */
export function monthsOf(range: DayRange): string[] {
  const months: string[] = [];
  for (let day = startOfMonth(range.from); day <= range.to; day = addMonths(day, 1))
    months.push(day.slice(0, 7));
  return months;
}

export const LIST_PERIODS = ["today", "this_month", "last_month", "this_year", "last_20", "custom"] as const;
export type ListPeriod = (typeof LIST_PERIODS)[number];

/**
 * The days a list period covers (SPEC §9), or null for `last_20`, which is not a range of days.
 * "Last month" in January is December of the previous year (the original ignored the year).
 */
export function listPeriodRange(
  period: ListPeriod,
  now: Date,
  custom: { from?: string; to?: string } = {},
): DayRange | null {
  const today = reportingDay(now);
  switch (period) {
    case "today":
      return { from: today, to: today };
    case "this_month":
      return { from: startOfMonth(today), to: endOfMonth(today) };
    case "last_month": {
      const first = addMonths(today, -1);
      return { from: first, to: endOfMonth(first) };
    }
    case "this_year":
      return { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` };
    case "last_20":
      return null;
    case "custom":
      if (custom.from === undefined || custom.to === undefined) {
        throw new ValidationError("A custom period needs `from` and `to`.", [
          ...(custom.from === undefined ? [{ path: "from", message: "Required for period=custom." }] : []),
          ...(custom.to === undefined ? [{ path: "to", message: "Required for period=custom." }] : []),
        ]);
      }
      return checkedRange(custom.from, custom.to);
  }
}
