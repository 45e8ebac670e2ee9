/**
 * The statements page's pure parts: which months to offer, the download links, and the page's
 * query key.
 */
import { type Language, localeOf } from "../../../lib/format";
import { addMonths, reportingDay } from "../../dashboard/period";

/** How many months back the month select offers. */
export const OFFERED_MONTHS = 36;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null): value is string {
  return value !== null && MONTH.test(value);
}

/** The month before the one `now` is in (Berlin), `YYYY-MM`: the usual month to bill. */
export function lastMonth(now: Date): string {
  return addMonths(reportingDay(now), -1).slice(0, 7);
}

/** This month and the `count - 1` before it, newest first. */
export function recentMonths(now: Date, count = OFFERED_MONTHS): string[] {
  const today = reportingDay(now);
  return Array.from({ length: count }, (_, index) => addMonths(today, -index).slice(0, 7));
}

/** `2026-10` → `Oktober 2026` / `October 2026`. */
export function monthLabel(month: string, language: Language): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(localeOf(language), {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, number - 1, 1)));
}

/** The statement's download; a plain link works, the session cookie goes along. */
export function statementDownloadUrl(customerId: string, month: string, format: "csv" | "pdf"): string {
  return `/api/staff/customers/${encodeURIComponent(customerId)}/statements/${month}/${format}`;
}

export const statementKey = (customerId: string, month: string) => ["staff", "statement", customerId, month];
