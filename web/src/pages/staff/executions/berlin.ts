/**
 * Calendar days and months of the staff pages as instants: a day starts at midnight in Europe/Berlin
 * (the reporting time zone), whatever the browser's zone. Pure; no imports besides the day helpers.
 */
import { addDays, REPORTING_TIME_ZONE } from "../../dashboard/period";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** How far the reporting time zone is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: REPORTING_TIME_ZONE,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a calendar day (`YYYY-MM-DD`) starts in Berlin; null for anything else. Berlin's
 * midnight lies one or two hours before the UTC day starts and clocks change at 01:00 UTC, so the
 * offset at the UTC day's start is midnight's.
 */
export function startOfBerlinDay(day: string): Date | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [, year, month, date] = match.map(Number) as [number, number, number, number];
  const utcMidnight = Date.UTC(year, month - 1, date);
  const check = new Date(utcMidnight);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return null;
  return new Date(utcMidnight - offsetAt(utcMidnight));
}

/** The instants a range of days covers: from the first day's start to the start of the day after the last. */
export function daysToInstants(
  from: string | undefined,
  to: string | undefined,
): { from?: string; to?: string } {
  const start = from ? startOfBerlinDay(from) : null;
  const end = to && DAY.test(to) ? startOfBerlinDay(addDays(to, 1)) : null;
  return { ...(start ? { from: start.toISOString() } : {}), ...(end ? { to: end.toISOString() } : {}) };
}

/** A month (`YYYY-MM`) as the instants it starts and ends at in Berlin (`to` exclusive); null if malformed. */
export function monthToInstants(month: string): { from: string; to: string } | null {
  const match = MONTH.exec(month);
  if (!match) return null;
  const [, year, number] = match.map(Number) as [number, number, number];
  if (number < 1 || number > 12) return null;
  const next = number === 12 ? `${year + 1}-01-01` : `${year}-${String(number + 1).padStart(2, "0")}-01`;
  const start = startOfBerlinDay(`${month}-01`);
  const end = startOfBerlinDay(next);
  return start && end ? { from: start.toISOString(), to: end.toISOString() } : null;
}
