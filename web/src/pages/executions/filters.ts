/**
 * The executions page's filter and its URL query (`?period=last_month&program=<id>&status=not_paid`,
 * `?period=custom&from=2026-01-01&to=2026-01-31`), so a reload, the back button or a shared link
 * shows the same rows. Defaults are left out of the URL. Pure: the clock is passed in.
 */

export const PERIODS = ["today", "this_month", "last_month", "this_year", "last_20", "custom"] as const;
export type ListPeriod = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: ListPeriod = "this_month";

export const STATUSES = ["not_paid", "paid", "refunded", "revoked"] as const;
export type PaymentStatus = (typeof STATUSES)[number];

export interface ExecutionFilter {
  period: ListPeriod;
  /** For `custom`: inclusive calendar days, `YYYY-MM-DD`; may be missing or invalid while edited. */
  from?: string;
  to?: string;
  /** A customer program id. */
  program?: string;
  status?: PaymentStatus;
}

/** What GET /api/os/executions and its CSV export take, besides paging. */
export interface ExecutionQuery {
  customerId: string;
  period: ListPeriod;
  from?: string;
  to?: string;
  customerProgramId?: string;
  status?: PaymentStatus;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isCalendarDay(value: string | undefined): value is string {
  const match = value ? DAY.exec(value) : null;
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  if (year < 1970 || year > 9000) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

/** Reads the filter from the URL query; unknown or malformed values fall back to the defaults. */
export function filterFromQuery(query: URLSearchParams): ExecutionFilter {
  const period = oneOf(PERIODS, query.get("period")) ?? DEFAULT_PERIOD;
  const filter: ExecutionFilter = { period };
  if (period === "custom") {
    const from = query.get("from");
    const to = query.get("to");
    if (from) filter.from = from;
    if (to) filter.to = to;
  }
  const program = query.get("program");
  if (program && UUID.test(program)) filter.program = program;
  const status = oneOf(STATUSES, query.get("status"));
  if (status) filter.status = status;
  return filter;
}

/** The URL query of a filter, without defaults, in a stable order. */
export function filterToQuery(filter: ExecutionFilter): URLSearchParams {
  const query = new URLSearchParams();
  if (filter.period !== DEFAULT_PERIOD) query.set("period", filter.period);
  if (filter.period === "custom") {
    if (filter.from) query.set("from", filter.from);
    if (filter.to) query.set("to", filter.to);
  }
  if (filter.program) query.set("program", filter.program);
  if (filter.status) query.set("status", filter.status);
  return query;
}

export type RangeProblem = "missingDays" | "backwards";

/** Why a custom range cannot be asked for yet; null when the filter is complete. */
export function rangeProblem(filter: ExecutionFilter): RangeProblem | null {
  if (filter.period !== "custom") return null;
  if (!isCalendarDay(filter.from) || !isCalendarDay(filter.to)) return "missingDays";
  return filter.from > filter.to ? "backwards" : null;
}

/** The API's query for a complete filter (see `rangeProblem`). */
export function apiQuery(customerId: string, filter: ExecutionFilter): ExecutionQuery {
  const query: ExecutionQuery = { customerId, period: filter.period };
  if (filter.period === "custom") {
    query.from = filter.from;
    query.to = filter.to;
  }
  if (filter.program) query.customerProgramId = filter.program;
  if (filter.status) query.status = filter.status;
  return query;
}

/** The CSV export of the same filter, as a same-origin URL the browser downloads from. */
export function exportUrl(customerId: string, filter: ExecutionFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(apiQuery(customerId, filter))) {
    if (value !== undefined) params.set(key, value);
  }
  return `/api/os/executions/export.csv?${params.toString()}`;
}

/**
 * The filter after choosing another period. A custom range starts as this month up to today (the
 * user's calendar), so the first choice already shows rows; other periods drop the days.
 */
export function withPeriod(filter: ExecutionFilter, period: ListPeriod, today: string): ExecutionFilter {
  const { from: _from, to: _to, ...rest } = filter;
  if (period !== "custom") return { ...rest, period };
  return {
    ...rest,
    period,
    from: isCalendarDay(filter.from) ? filter.from : `${today.slice(0, 7)}-01`,
    to: isCalendarDay(filter.to) ? filter.to : today,
  };
}

/** A day in the given time zone (the user's own by default) as `YYYY-MM-DD`. */
export function localDay(now: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}
