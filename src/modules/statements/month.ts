/**
 * The month a statement covers: `YYYY-MM`, bounded by midnights in the reporting time zone
 * (Europe/Berlin), so an execution at 00:30 Berlin time on 1 November belongs to November even though
 * it is still 31 October in UTC. Pure: Intl supplies the zone's offset.
 */
import { ValidationError } from "../../lib/errors.ts";
import { addMonths } from "../insights/calendar.ts";
import { REPORTING_TIME_ZONE } from "../insights/rollups.ts";

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2999;

export interface StatementMonth {
  /** `YYYY-MM`. */
  month: string;
  /** Midnight at the start of the month's first day in the reporting time zone (inclusive). */
  from: Date;
  /** Midnight at the start of the next month (exclusive). */
  to: Date;
}

const offsetFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: REPORTING_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** How far the reporting time zone's wall clock is ahead of UTC at `utcMs`, in milliseconds. */
function zoneOffsetMs(utcMs: number): number {
  const parts = Object.fromEntries(
    offsetFormat.formatToParts(new Date(utcMs)).map((part) => [part.type, Number(part.value)]),
  ) as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** Midnight starting `day` (`YYYY-MM-DD`) in the reporting time zone. */
export function startOfDayInZone(day: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(year, month - 1, date);
  // The offset at wall midnight read as UTC is the zone's offset that night (Berlin changes its
  // clocks at 02:00 and 03:00, never around midnight).
  return new Date(wallMidnight - zoneOffsetMs(wallMidnight));
}

/** `2026-10` → the month's bounds; anything else is a 400. */
export function parseMonth(text: string): StatementMonth {
  const match = MONTH_PATTERN.exec(text);
  const year = match ? Number(match[1]) : Number.NaN;
  if (!match || year < MIN_YEAR || year > MAX_YEAR) {
    throw new ValidationError("The month must be written YYYY-MM, e.g. 2026-10.", [
      { path: "month", message: `Not a month between ${MIN_YEAR}-01 and ${MAX_YEAR}-12 (YYYY-MM).` },
    ]);
  }
  const first = `${text}-01`;
  return { month: text, from: startOfDayInZone(first), to: startOfDayInZone(addMonths(first, 1)) };
}

const MONTH_NAMES = [
  "Januar",
  "Februar",
  "März",
  "April",
  "Mai",
  "Juni",
  "Juli",
  "August",
  "September",
  "Oktober",
  "November",
  "Dezember",
] as const;

/** `2026-10` → `Oktober 2026`. */
export function germanMonthName(month: string): string {
  const [year, index] = month.split("-").map(Number) as [number, number];
  return `${MONTH_NAMES[index - 1]} ${year}`;
}
